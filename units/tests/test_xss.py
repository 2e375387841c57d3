"""Script payloads typed into every kind of text (unit, plan, section, task, indicator, round, filing, 协办意见,
extension, user names) are shown escaped on every page of the URLconf, chart data included."""

import re

import pytest

from conftest import fill_ready
from filings.models import Contribution, Filing, Round, Submission
from plans.models import Indicator, Plan, Section, Task
from supervision.models import Extension
from units.models import Unit, User
from units.tests.test_isolation import all_patterns, build_url, owned_by_a  # noqa: F401  (the fixture)

PAYLOADS = ['<script>alert("x1")</script>', '"><img src=x onerror=alert(2)>', "</script><svg onload=alert(3)>"]
P = "".join(PAYLOADS)
RAW = re.compile(r"<script>alert|<img src=x onerror|<svg onload", re.I)


def poison(world, ids):
    Unit.objects.filter(pk__in=[world.unit_a.pk, world.unit_b.pk]).update(short_name=P[:50])
    Unit.objects.filter(pk=world.unit_b.pk).update(name="B" + P[:99])
    User.objects.update(display_name=P[:50])
    Plan.objects.update(title=P[:200], intro=P)
    Section.objects.update(title=P[:300])
    Task.objects.update(text="新增托位1900个。" + P)
    Indicator.objects.update(subject=P[:200])
    Round.objects.update(name=P[:100])
    for filing in Filing.objects.all():
        filing.completion, filing.reason, filing.problems = "完成336个" + P[:200], P[:200], P[:200]
        filing.save()
    Extension.objects.update(reason=P)
    filing = Filing.objects.filter(submission__unit=world.unit_a).first()
    Contribution.objects.create(filing=filing, unit=world.unit_b, author=world.filler_b, text=P)
    Submission.objects.update(filler_name=P[:50], contact=P[:50])


@pytest.mark.parametrize("role", ["office", "filler_a", "signer_a", "filler_b"])
def test_payloads_are_escaped_on_every_page(world, owned_by_a, client, role):  # noqa: F811
    own = Submission.objects.open_for(world.round, world.unit_a)
    fill_ready(own.filings.first(), world.filler_a)
    poison(world, owned_by_a)
    client.force_login(getattr(world, role))
    ids = dict(owned_by_a, fmt="html")
    pages, shown, in_json = 0, 0, 0
    for name, route, _entry in all_patterns():
        if name in ("logout", "set_language"):
            continue
        for extra in ("", "?all=1", "?layout=form"):
            response = client.get(build_url(route, ids) + extra)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            found = RAW.search(body)
            assert not found, f"{name} as {role}: unescaped {found.group(0)!r} in {build_url(route, ids)}{extra}"
            pages += 1
            shown += "&lt;script&gt;alert" in body
            in_json += "\\u003Cscript\\u003Ealert" in body  # json_script's escaping (chart data)
    assert pages >= (15 if role == "office" else 4) and shown >= 3
    if role == "office":
        assert in_json >= 1
