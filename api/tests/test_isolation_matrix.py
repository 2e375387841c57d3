"""Every API route × every kind of caller: office, the unit's filler and signer, another unit's
filler and signer, anonymous, a bad token. Routes are read from the OpenAPI schema, so a new route
fails here until it has a row in EXPECTED."""

import datetime
import json

import pytest

from api.endpoints import api
from conftest import fill_ready
from filings.models import Filing, Round, Submission
from plans.models import Plan, Section, Task
from supervision.models import Extension, Reminder

SECRETS = ("A 的秘密进展", "A 单位专项计划", "A 的延期理由", "a-only@example.org")

OK, DENIED, CONFLICT = {200}, {403, 404}, {409}
# (method, path) → {role: allowed statuses}; "other" = another unit's filler and signer.
EXPECTED = {
    ("get", "/api/units"): {"office": OK, "filler": OK, "signer": OK, "other": OK},
    ("get", "/api/units/{unit_id}"): {"office": OK, "filler": OK, "signer": OK, "other": DENIED},
    ("get", "/api/plans"): {"office": OK, "filler": DENIED, "signer": DENIED, "other": DENIED},
    ("get", "/api/plans/{plan_id}"): {"office": OK, "filler": DENIED, "signer": DENIED, "other": DENIED},
    ("get", "/api/rounds"): {"office": OK, "filler": OK, "signer": OK, "other": OK},
    ("get", "/api/rounds/{round_id}"): {"office": OK, "filler": OK, "signer": OK, "other": DENIED},
    ("get", "/api/rounds/{round_id}/table"): {"office": OK, "filler": DENIED, "signer": DENIED, "other": DENIED},
    ("get", "/api/rounds/{round_id}/dashboard"): {"office": OK, "filler": DENIED, "signer": DENIED, "other": DENIED},
    ("get", "/api/submissions"): {"office": OK, "filler": OK, "signer": OK, "other": OK},
    ("get", "/api/submissions/{submission_id}"): {"office": OK, "filler": OK, "signer": OK, "other": DENIED},
    ("post", "/api/rounds/{round_id}/submission"): {"office": DENIED, "filler": OK, "signer": OK, "other": DENIED},
    ("post", "/api/submissions/{submission_id}/submit"): {
        "office": DENIED,
        "filler": CONFLICT,
        "signer": DENIED,
        "other": DENIED,
    },
    ("post", "/api/submissions/{submission_id}/withdraw"): {
        "office": DENIED,
        "filler": OK,
        "signer": DENIED,
        "other": DENIED,
    },
    ("post", "/api/submissions/{submission_id}/sign"): {
        "office": DENIED,
        "filler": DENIED,
        "signer": OK,
        "other": DENIED,
    },
    ("post", "/api/submissions/{submission_id}/return"): {
        "office": OK,
        "filler": DENIED,
        "signer": OK,
        "other": DENIED,
    },
    ("post", "/api/submissions/{submission_id}/approve"): {
        "office": CONFLICT,
        "filler": DENIED,
        "signer": DENIED,
        "other": DENIED,
    },
    ("get", "/api/filings"): {"office": OK, "filler": OK, "signer": OK, "other": OK},
    ("get", "/api/filings/{filing_id}"): {"office": OK, "filler": OK, "signer": OK, "other": DENIED},
    ("patch", "/api/filings/{filing_id}"): {"office": DENIED, "filler": CONFLICT, "signer": DENIED, "other": DENIED},
    ("get", "/api/filings/{filing_id}/versions"): {"office": OK, "filler": OK, "signer": OK, "other": DENIED},
    ("get", "/api/extensions"): {"office": OK, "filler": OK, "signer": OK, "other": OK},
    ("get", "/api/reminders"): {"office": OK, "filler": DENIED, "signer": DENIED, "other": DENIED},
}
BODIES = {
    "/api/submissions/{submission_id}/submit": {"filler_name": "越权", "contact": "1"},
    "/api/submissions/{submission_id}/return": {"comment": "越权退回"},
    "/api/submissions/{submission_id}/approve": {},
    "/api/filings/{filing_id}": {"version": 1, "completion": "越权写入"},
}


def operations():
    schema = api.get_openapi_schema()
    return [(method, path) for path, item in schema["paths"].items() for method in item]


@pytest.fixture
def owned_by_a(world):
    plan = Plan.objects.create(year=2025, title="A 单位专项计划", issuer=world.bureau)
    section = Section.objects.create(plan=plan, label="一、", title="专项")
    task = Task.objects.create(plan=plan, section=section, number="1", text="A 的任务", lead_unit=world.unit_a)
    round_ = Round.objects.create(
        plan=plan, name="上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2099, 7, 10)
    )
    submission = Submission.objects.open_for(round_, world.unit_a)
    filing = fill_ready(submission.filings.get(), world.filler_a, completion="A 的秘密进展")
    submission.submit(world.filler_a, "甲", "1")
    Extension.objects.create(
        task=task, unit=world.unit_a, round=round_, reason="A 的延期理由", new_date=datetime.date(2099, 8, 1)
    )
    Reminder.objects.create(
        unit=world.unit_a, round=round_, step="due", channel="email", recipient="a-only@example.org"
    )
    return {
        "unit_id": world.unit_a.pk,
        "plan_id": plan.pk,
        "round_id": round_.pk,
        "submission_id": submission.pk,
        "filing_id": filing.pk,
    }


def snapshot():
    return (
        list(Submission.objects.order_by("pk").values_list("pk", "state", "filler_name", "signer_id")),
        list(Filing.objects.order_by("pk").values_list("pk", "completion", "version")),
        Submission.objects.count(),
    )


def request(client, method, path, ids, headers):
    url = path
    for name, value in ids.items():
        url = url.replace("{" + name + "}", str(value))
    body = BODIES.get(path)
    if method in ("post", "patch"):
        return getattr(client, method)(
            url, data=json.dumps(body if body is not None else {}), content_type="application/json", **headers
        )
    return client.get(url, **headers)


def test_every_route_has_an_expectation():
    routes = set(operations())
    assert routes <= set(EXPECTED), f"add rows for {sorted(routes - set(EXPECTED))}"
    assert len(routes) >= 20


@pytest.mark.parametrize("who", ["anonymous", "bad token", "revoked token"])
def test_every_route_refuses_callers_without_a_valid_token(world, owned_by_a, client, bearer, who):
    headers = {"anonymous": {}, "bad token": {"HTTP_AUTHORIZATION": "Bearer dbn_wrong"}}.get(who)
    if headers is None:
        from api.models import ApiToken

        headers = bearer(world.office)
        ApiToken.objects.update(revoked_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    before = snapshot()
    for method, path in operations():
        response = request(client, method, path, owned_by_a, headers)
        assert response.status_code == 401, f"{method.upper()} {path} gave {response.status_code} to {who}"
        assert response.json()["code"] == "unauthorized"
    assert snapshot() == before


@pytest.mark.parametrize("role", ["filler_b", "signer_b"])
def test_another_units_users_see_and_change_nothing_of_unit_a(world, owned_by_a, client, bearer, role):
    headers = bearer(getattr(world, role))
    before = snapshot()
    for method, path in operations():
        response = request(client, method, path, owned_by_a, headers)
        allowed = EXPECTED[(method, path)]["other"]
        assert response.status_code in allowed, f"{method.upper()} {path} gave {response.status_code} to {role}"
        body = response.content.decode()
        assert not any(secret in body for secret in SECRETS), f"{method.upper()} {path} shows unit A's data to {role}"
        if response.status_code >= 400:
            assert set(response.json()) >= {"code", "message"}
    assert snapshot() == before


@pytest.mark.parametrize("role", ["office", "filler_a", "signer_a"])
def test_the_units_own_users_and_the_office_get_what_the_web_gives_them(world, owned_by_a, client, bearer, role):
    headers = bearer(getattr(world, role))
    key = {"office": "office", "filler_a": "filler", "signer_a": "signer"}[role]
    for method, path in operations():
        if method != "get":
            continue  # writes are checked one by one below: they change the state
        response = request(client, method, path, owned_by_a, headers)
        assert response.status_code in EXPECTED[(method, path)][key], (
            f"GET {path} gave {response.status_code} to {role}"
        )


@pytest.mark.parametrize("role", ["office", "filler_a", "signer_a"])
def test_write_routes_apply_the_web_rights(world, owned_by_a, client, bearer, role):
    key = {"office": "office", "filler_a": "filler", "signer_a": "signer"}[role]
    user = getattr(world, role)
    for method, path in operations():
        if method == "get":
            continue
        # Each write starts from the same state: unit A's package submitted, not signed.
        Submission.objects.filter(pk=owned_by_a["submission_id"]).update(state="submitted", signer=None)
        response = request(client, method, path, owned_by_a, bearer(user))
        assert response.status_code in EXPECTED[(method, path)][key], (
            f"{method.upper()} {path} gave {response.status_code} to {role}: {response.content[:200]}"
        )
