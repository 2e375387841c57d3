"""报送质量 as a 目标考核 rule: off (0 points) by default, set with its points in the scheme's rules JSON."""

import json
from decimal import Decimal

from scoring import rules as pure
from scoring import services
from scoring.models import ScoreLine
from scoring.tests.test_ledger import TODAY, year  # noqa: F401 — the ledger tests' scored year
from supervision import quality


def test_the_quality_rule_is_off_by_default_and_adds_no_line(year):  # noqa: F811
    assert pure.merged(None)["quality"] == {"points": 0, "below": 80}
    services.recompute(year.scheme, today=TODAY)
    assert not ScoreLine.objects.filter(scheme=year.scheme, event="quality").exists()


def test_switched_on_each_unit_and_round_below_the_bar_gets_a_line_with_its_source(year, client):  # noqa: F811
    w = year
    services.recompute(w.scheme, today=TODAY)
    rules = pure.merged({**w.scheme.rules, "quality": {"points": -1, "below": 80}})
    expected = {}
    for round_ in (w.q1, w.end):
        for result in quality.round_quality(round_, TODAY, units=[w.unit_a, w.unit_b]):
            if result.score is not None and result.score < 80:
                expected[f"quality:r{round_.pk}:u{result.unit.pk}"] = result.score
    assert (
        f"quality:r{w.end.pk}:u{w.unit_b.pk}" in expected and expected[f"quality:r{w.end.pk}:u{w.unit_b.pk}"] == 0
    )  # never filed
    assert f"quality:r{w.q1.pk}:u{w.unit_b.pk}" not in expected  # B's Q1: on time, complete, consistent

    changes, deltas = services.preview(w.scheme, rules, today=TODAY)
    assert {new.key for old, new in changes if old is None and new.event == "quality"} == set(expected)
    assert all(old is None and new.points == Decimal("-1.00") for old, new in changes)
    assert deltas[w.unit_b.pk] == -sum(1 for key in expected if key.endswith(f":u{w.unit_b.pk}"))
    client.force_login(w.office)
    page = client.post(
        f"/scoring/{w.scheme.pk}/rules/", {"base": "80", "cap": "100", "rules": json.dumps(rules), "action": "preview"}
    )
    assert page.status_code == 200 and "quality.points (below 80)" in page.content.decode()
    assert not ScoreLine.objects.filter(scheme=w.scheme, event="quality").exists()  # a preview saves nothing

    w.scheme.rules = rules
    w.scheme.save()
    added, _changed, _removed = services.recompute(w.scheme, today=TODAY)
    assert added == len(expected)
    line = ScoreLine.objects.get(scheme=w.scheme, key=f"quality:r{w.end.pk}:u{w.unit_b.pk}")
    assert line.points == Decimal("-1.00") and line.round == w.end and line.note == f"{w.end.name} 0.0"
    assert line.source_url == f"/supervision/rounds/{w.end.pk}/units/{w.unit_b.pk}/quality/"
    assert services.recompute(w.scheme, today=TODAY) == (0, 0, 0)  # idempotent

    w.scheme.rules = pure.merged({**rules, "quality": {"points": 0}})  # switched off again: its lines go
    w.scheme.save()
    assert services.recompute(w.scheme, today=TODAY) == (0, 0, len(expected))
