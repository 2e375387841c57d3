"""Every POST endpoint of the URLconf, tried with non-numeric, negative, huge and missing ids and values, as each
role: a clear 4xx or a normal answer (200/302), never a 500.

The URL patterns come from the resolver (as in test_isolation), so a new view is swept without being listed here.
Django's test client re-raises a view's exception, so a 500 shows here as that exception and its traceback.
"""

import re

import pytest

from conftest import fill_ready
from units.tests.test_isolation import all_patterns, owned_by_a  # noqa: F401  (the fixture)

HUGE = str(10**20)
BAD_VALUES = ["abc", "-1", HUGE, "", "１２", "0x10", "1e309", "\x00", "<script>alert(1)</script>", "９" * 5000]
FIELDS = [
    "task",
    "unit",
    "round",
    "version",
    "plan",
    "section",
    "lead_unit",
    "co_units",
    "parent",
    "issuer",
    "indicator",
    "year",
    "order",
    "grace_days",
    "target_value",
    "baseline",
    "scale",
    "comparator",
    "as_of",
    "due",
    "deadline",
    "new_date",
    "completed",
    "completion",
    "reason",
    "problems",
    "self_assessment",
    "text",
    "comment",
    "note",
    "decision",
    "filler_name",
    "contact",
    "mode",
    "kind",
    "title",
    "intro",
    "round_name",
    "plan_title",
    "name",
    "short_name",
    "number",
    "label",
    "subject",
    "username",
    "display_name",
    "role",
    "phone",
    "email",
    "webhook_url",
    "is_active",
    "password1",
    "password2",
    "old_password",
    "new_password1",
    "new_password2",
    "action",
    "next",
    "match_0",
    "match_1",
    "layout",
    "language",
    "document",
    "actual_1",
    "remind_all",
]
SKIP = {"logout", "set_language", "login"}  # logout ends the session; set_language and login are covered elsewhere


def urls_with(route, ids):
    """The URL with real ids, and variants with each id huge (ids that cannot match <int:> are the resolver's 404)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    variants = [dict(ids)]
    for name in names:
        variants.append({**ids, name: HUGE if name != "fmt" else "abc"})
    out = []
    for values in variants:
        url = "/" + route
        for name in names:
            url = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), url)
        out.append(url)
    return out


@pytest.mark.parametrize("role", ["office", "filler_a", "signer_a", "filler_b"])
def test_no_post_endpoint_answers_500_to_malformed_input(world, owned_by_a, client, role):  # noqa: F811
    user = getattr(world, role)
    ids = dict(owned_by_a)
    from filings.models import Submission

    own = Submission.objects.open_for(
        world.round, world.unit_a
    )  # the shared world's round: a co-unit (B) can contribute
    fill_ready(own.filings.first(), world.filler_a)
    swept = 0
    for name, route, _entry in all_patterns():
        if name in SKIP:
            continue
        for i, url in enumerate(urls_with(route, ids)):
            client.force_login(user)
            responses = [client.post(url, {})]
            if (
                i == 0 and "export" not in name
            ):  # the real ids (downloads take no form: one POST is enough): every kind of bad value in every field (the huge-id variants stop at the URL)
                for bad in BAD_VALUES[:4] if role != "office" else BAD_VALUES:
                    responses.append(client.post(url, {field: bad for field in FIELDS}))
                responses.append(client.post(url, {field: ["abc", HUGE] for field in FIELDS}))
            for response in responses:
                assert response.status_code < 500, f"POST {url} ({name}) as {role}: {response.status_code}"
            swept += 1
    assert swept >= 40
