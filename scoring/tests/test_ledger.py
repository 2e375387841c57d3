"""Scores are computed from logged events, line by line, and reproduce exactly."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import fill_ready
from filings.models import Round, Submission
from scoring import rules as pure
from scoring import services
from scoring.models import ManualItem, Objection, ScoreLine
from supervision.models import Reminder

TODAY = datetime.date(2026, 1, 31)


def at(day, hour=10):
    """``hour`` o'clock of ``day`` in the site's zone: the day a clerk reads, whatever the machine's zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def file(round_, unit, users, assessments, completed=None, actuals=None, when=None):
    filler, signer = users
    submission = Submission.objects.open_for(round_, unit)
    for filing in submission.filings.select_related("task"):
        number = filing.task.number
        done = (completed or {}).get(number)
        fill_ready(
            filing,
            filler,
            self_assessment=assessments.get(number, "on_track"),
            completed=True if done is None else done,
            reason="" if done is not False else "资金未到位",
            problems="进度慢" if assessments.get(number) == "behind" else "",
        )
        for indicator, value in (actuals or {}).items():
            if indicator.task_id == filing.task_id:
                filing.actuals.create(indicator=indicator, value=value)
    submission.submit(filler, "甲", "1")
    submission.sign(signer)
    if when:
        Submission.objects.filter(pk=submission.pk).update(submitted_at=at(when))
        submission.refresh_from_db()
    return submission


@pytest.fixture
def year(world):
    """2025: Q1 (due Fri 18 Apr), and the year-end round (due 15 Jan 2026), in world's bureau."""
    w = world
    q1 = Round.objects.create(
        plan=w.plan, name="2025年第一季度（考核）", as_of=datetime.date(2025, 3, 31), due=datetime.date(2025, 4, 18)
    )
    end = Round.objects.create(
        plan=w.plan, name="2025年度", as_of=datetime.date(2025, 12, 31), due=datetime.date(2026, 1, 15)
    )
    # Q1: A files late (Wed 23 Apr: 3 working days), is returned once by the office, refiles, approved; 2 is 滞后.
    a = file(q1, w.unit_a, (w.filler_a, w.signer_a), {"2": "behind", "1": "ahead"})
    a.send_back(w.office, "数据不全")
    a = file(q1, w.unit_a, (w.filler_a, w.signer_a), {"2": "behind", "1": "ahead"}, when=datetime.date(2025, 4, 23))
    a.approve(w.office)
    b = file(q1, w.unit_b, (w.filler_b, w.signer_b), {}, when=datetime.date(2025, 4, 17))
    b.approve(w.office)
    # Year end: A completes task 1 over target (2000 of 1900) but not task 2; B never files after the final reminder.
    a2 = file(
        end,
        w.unit_a,
        (w.filler_a, w.signer_a),
        {},
        completed={"1": True, "2": False},
        actuals={w.indicator: Decimal(2000)},
        when=datetime.date(2026, 1, 14),
    )
    a2.approve(w.office)
    reminder = Reminder.objects.create(
        unit=w.unit_b, round=end, step="overdue-3", channel="email", recipient="b@example.org", status="sent"
    )
    w.q1, w.end, w.reminder = q1, end, reminder
    w.scheme = services.scheme_for(w.bureau, 2025)
    return w


def by_event(lines, unit):
    out = {}
    for line in lines:
        if line.unit_id == unit.pk:
            out.setdefault(line.event, []).append(line.points)
    return out


def test_every_point_comes_from_a_logged_event(year):
    w = year
    services.recompute(w.scheme, today=TODAY)
    lines = list(ScoreLine.objects.filter(scheme=w.scheme))
    a, b = by_event(lines, w.unit_a), by_event(lines, w.unit_b)
    assert a["late"] == [Decimal("-0.30")] and a["returned"] == [Decimal("-2.00")]
    assert sorted(a["behind"]) == [Decimal("-1.00")] and a["ahead"] == [
        Decimal("0.50"),
        Decimal("1.00"),
    ]  # 超前 in Q1, over target at year end
    assert a["completed"] == [Decimal("2.00")] and a["not_completed"] == [Decimal("-5.00")]
    assert a["on_time"] == [Decimal("0.00")]  # the year-end package, on time
    assert b["on_time"] == [Decimal("0.00")]
    assert b["completed"] == [Decimal("1.00")]  # co-unit on task 1
    assert b["missing"] == [Decimal("-0.50")]  # one task owed after the final reminder
    missing = ScoreLine.objects.get(scheme=w.scheme, unit=w.unit_b, event="missing")
    assert missing.reminder == w.reminder and missing.round == w.end
    late = ScoreLine.objects.get(scheme=w.scheme, unit=w.unit_a, event="late")
    assert late.submission.round == w.q1 and late.source_url == f"/submissions/{late.submission_id}/"
    assert ScoreLine.objects.get(scheme=w.scheme, event="returned").review.action == "return"


def test_a_score_is_recomputed_exactly_from_its_ledger(year):
    w = year
    assert services.recompute(w.scheme, today=TODAY)[0] > 0
    ManualItem.objects.create(
        scheme=w.scheme, unit=w.unit_a, kind="leader", points=Decimal("1.5"), reason="领导评价良好", author=w.office
    )
    rows, _rounds = services.ranking(w.scheme)
    row = next(r for r in rows if r.unit == w.unit_a)
    lines = ScoreLine.objects.filter(scheme=w.scheme, unit=w.unit_a)
    assert row.computed == sum(line.points for line in lines)
    assert row.total == min(w.scheme.base + row.computed + Decimal("1.5"), w.scheme.cap)
    assert row.total == Decimal("80") + Decimal("-0.3") - 2 - 1 + Decimal("0.5") + 1 + 2 - 5 + 0 + Decimal("1.5")
    assert row.trend[-1] == w.scheme.base + row.computed  # cumulative across rounds ends at the computed total
    before = list(ScoreLine.objects.filter(scheme=w.scheme).order_by("pk").values_list("pk", "key", "points", "rule"))
    assert services.recompute(w.scheme, today=TODAY) == (0, 0, 0)  # idempotent
    assert (
        list(ScoreLine.objects.filter(scheme=w.scheme).order_by("pk").values_list("pk", "key", "points", "rule"))
        == before
    )


def test_changing_a_rule_changes_only_the_lines_it_prices(year, client):
    w = year
    services.recompute(w.scheme, today=TODAY)
    before = {line.key: line.points for line in ScoreLine.objects.filter(scheme=w.scheme)}
    new_rules = pure.merged({**w.scheme.rules, "returned": {"points": -3}})
    changes, deltas = services.preview(w.scheme, new_rules, today=TODAY)
    assert [(old.event, old.points, new.points) for old, new in changes] == [
        ("returned", Decimal("-2.00"), Decimal("-3.00"))
    ]
    assert deltas == {w.unit_a.pk: Decimal("-1.00")}
    client.force_login(w.office)
    import json

    page = client.post(
        f"/scoring/{w.scheme.pk}/rules/",
        {"base": "80", "cap": "100", "rules": json.dumps(new_rules), "action": "preview"},
    )
    assert page.status_code == 200 and "-3.00" in page.content.decode()
    assert ScoreLine.objects.get(scheme=w.scheme, event="returned").points == Decimal(
        "-2.00"
    )  # a preview saves nothing
    w.scheme.rules = new_rules
    w.scheme.save()
    services.recompute(w.scheme, today=TODAY)
    after = {line.key: line.points for line in ScoreLine.objects.filter(scheme=w.scheme)}
    assert {k for k in after if after[k] != before[k]} == {k for k in before if k.startswith("returned:")}


def test_rules_form_refuses_bad_rules(year, client):
    w = year
    client.force_login(w.office)
    for bad in ("{not json", '{"nonsense": {"points": 1}}', '{"late": {"per_day": "a lot"}}'):
        response = client.post(
            f"/scoring/{w.scheme.pk}/rules/", {"base": "80", "cap": "100", "rules": bad, "action": "save"}
        )
        assert response.status_code == 200 and "计分规则" in response.content.decode()
    w.scheme.refresh_from_db()
    assert w.scheme.rules == pure.merged(None)


def test_cards_follow_lagging_rounds(year):
    w = year
    events = [pure.Event(f"behind:{n}", w.unit_a.pk, datetime.date(2025, n, 1), "behind") for n in (3, 6, 9)]
    lines = pure.apply(events, None)
    assert [line.event for line in lines if line.event.endswith("card")] == ["red_card"]
    lines = pure.apply(events[:2], None)
    assert [line.event for line in lines if line.event.endswith("card")] == ["yellow_card"]


def test_a_unit_sees_its_own_ledger_objects_and_the_office_answers(year, client):
    w = year
    services.recompute(w.scheme, today=TODAY)
    client.force_login(w.filler_a)
    assert client.get("/scoring/").status_code == 302
    page = client.get(f"/scoring/{w.scheme.pk}/units/{w.unit_a.pk}/")
    assert page.status_code == 200 and "逾期报送" in page.content.decode()
    assert client.get(f"/scoring/{w.scheme.pk}/units/{w.unit_b.pk}/").status_code == 404
    assert client.get(f"/scoring/{w.scheme.pk}/").status_code == 403  # the ranking is the office's
    line = ScoreLine.objects.get(scheme=w.scheme, unit=w.unit_a, event="late")
    other = ScoreLine.objects.filter(scheme=w.scheme, unit=w.unit_b).first()
    assert client.post(f"/scoring/lines/{other.pk}/object/", {"comment": "越权"}).status_code == 404
    client.post(f"/scoring/lines/{line.pk}/object/", {"comment": "4月21日系统故障，已电话报送"})
    objection = Objection.objects.get()
    assert objection.unit == w.unit_a and objection.line_key == line.key
    client.force_login(w.office)
    client.post(f"/scoring/objections/{objection.pk}/answer/", {"answer": "经核实，维持扣分"})
    objection.refresh_from_db()
    assert objection.state == "answered" and objection.answered_by == w.office
    ranking = client.get(f"/scoring/{w.scheme.pk}/").content.decode()
    assert "医政医管科" in ranking and "区疾控中心" in ranking
    xlsx = client.get(f"/scoring/{w.scheme.pk}/ranking.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$2:$2"
    assert sheet["B2"].font.name == "黑体" and sheet["B3"].font.name != "Calibri" and sheet["B2"].alignment.wrap_text
    assert isinstance(sheet["C3"].value, int | float)  # 总分 a number: SUM and sorting work


def test_manual_items_are_kept_apart_with_reason_and_author(year, client):
    w = year
    client.force_login(w.office)
    client.post(
        f"/scoring/{w.scheme.pk}/manual/",
        {"unit": w.unit_b.pk, "kind": "survey", "points": "2", "reason": "民意调查满意度高"},
    )
    item = ManualItem.objects.get()
    assert item.author == w.office and item.reason == "民意调查满意度高"
    services.recompute(w.scheme, today=TODAY)
    assert ManualItem.objects.count() == 1 and not ScoreLine.objects.filter(event="survey").exists()
    client.force_login(w.filler_b)
    assert (
        client.post(
            f"/scoring/{w.scheme.pk}/manual/", {"unit": w.unit_b.pk, "kind": "survey", "points": "50", "reason": "自评"}
        ).status_code
        == 403
    )
