"""The JSON API: tokens, the whole cycle through the API alone, the optimistic lock, errors."""

import json

import pytest
from django.test import Client

from api.models import ApiToken, hash_token
from conftest import fill_ready
from filings.models import Filing, Submission


def call(client, method, url, headers, body=None, **extra):
    kwargs = dict(headers)
    kwargs.update(extra)
    if body is not None:
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **kwargs)
    return getattr(client, method)(url, **kwargs)


def test_a_filing_goes_from_draft_to_approved_through_the_api_alone(world, bearer, client):
    filler, signer, office = bearer(world.filler_a), bearer(world.signer_a), bearer(world.office)
    opened = call(client, "post", f"/api/rounds/{world.round.pk}/submission", filler)
    assert opened.status_code == 200, opened.content
    submission = opened.json()
    assert submission["state"] == "draft" and len(submission["filing_ids"]) == 2
    for filing_id in submission["filing_ids"]:
        filing = call(client, "get", f"/api/filings/{filing_id}", filler).json()
        edit = {
            "version": filing["version"],
            "completion": "新增托位120个。",
            "completed": True,
            "self_assessment": "on_track",
        }
        if filing["indicators"]:
            edit["actuals"] = {str(filing["indicators"][0]["id"]): "120"}
        saved = call(client, "patch", f"/api/filings/{filing_id}", filler, edit)
        assert saved.status_code == 200, saved.content
        assert saved.json()["version"] == filing["version"] + 1
    sid = submission["id"]
    assert call(client, "post", f"/api/submissions/{sid}/sign", filler).status_code == 403  # a filler does not sign
    response = call(
        client, "post", f"/api/submissions/{sid}/submit", filler, {"filler_name": "张三", "contact": "0576-1234"}
    )
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert call(client, "post", f"/api/submissions/{sid}/approve", office, {}).status_code == 409  # not signed yet
    assert call(client, "post", f"/api/submissions/{sid}/sign", signer).json()["state"] == "signed"
    approved = call(client, "post", f"/api/submissions/{sid}/approve", office, {"comment": "同意"})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert [r["action"] for r in approved.json()["reviews"]] == ["submit", "sign", "approve"]
    assert Submission.objects.get(pk=sid).state == "approved"
    assert Filing.objects.get(pk=submission["filing_ids"][0]).actuals.get().value == 120
    table = call(client, "get", f"/api/rounds/{world.round.pk}/table", office).json()
    assert [row["state"] for row in table][:2] == ["approved", "approved"] and table[0][
        "completion"
    ] == "新增托位120个。"


def test_a_stale_edit_gets_409_and_changes_nothing(world, bearer, client):
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.order_by("task__order").first()
    headers = bearer(world.filler_a)
    first = call(client, "patch", f"/api/filings/{filing.pk}", headers, {"version": 0, "completion": "第一次保存"})
    assert first.status_code == 200
    stale = call(client, "patch", f"/api/filings/{filing.pk}", headers, {"version": 0, "completion": "过时的修改"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    filing.refresh_from_db()
    assert (filing.completion, filing.version) == ("第一次保存", 1)


def test_returned_packages_are_edited_again_and_locked_ones_are_not(world, bearer, client):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for f in submission.filings.all():
        fill_ready(f, world.filler_a)
    submission.submit(world.filler_a, "甲", "1")
    filing = submission.filings.first()
    headers = bearer(world.filler_a)
    blocked = call(
        client, "patch", f"/api/filings/{filing.pk}", headers, {"version": filing.version, "completion": "改"}
    )
    assert blocked.status_code == 409 and blocked.json()["code"] == "not_editable"
    office = bearer(world.office)
    assert call(client, "post", f"/api/submissions/{submission.pk}/return", office, {"comment": "  "}).status_code in (
        400,
        422,
    )
    assert (
        call(client, "post", f"/api/submissions/{submission.pk}/return", office, {"comment": "请补充"}).json()["state"]
        == "returned"
    )
    assert (
        call(
            client, "patch", f"/api/filings/{filing.pk}", headers, {"version": filing.version, "completion": "补充后"}
        ).status_code
        == 200
    )


def test_invalid_edits_are_refused_with_the_web_forms_rules(world, bearer, client):
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.order_by("task__order").first()
    headers = bearer(world.filler_a)
    too_long = call(client, "patch", f"/api/filings/{filing.pk}", headers, {"version": 0, "completion": "字" * 301})
    assert too_long.status_code == 400 and too_long.json()["code"] == "invalid"
    wrong = call(client, "patch", f"/api/filings/{filing.pk}", headers, {"version": 0, "actuals": {"999999": "1"}})
    assert wrong.status_code == 400 and wrong.json()["code"] == "unknown_indicator"
    malformed = client.patch(f"/api/filings/{filing.pk}", data="{not json", content_type="application/json", **headers)
    assert malformed.status_code in (400, 422) and "code" in malformed.json()
    huge = call(
        client,
        "patch",
        f"/api/filings/{filing.pk}",
        headers,
        {"version": 0, "completion": "字" * (10 * 1024 * 1024 // 3)},
    )
    assert huge.status_code == 413 and huge.json()["code"] == "too_large"
    nul = call(client, "patch", f"/api/filings/{filing.pk}", headers, {"version": 0, "completion": "a\x00b"})
    assert nul.status_code == 422
    filing.refresh_from_db()
    assert (filing.completion, filing.version) == ("", 0)


def test_errors_are_json_in_the_requests_language(world, bearer, client):
    zh = call(client, "get", "/api/filings/999999", bearer(world.office), HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = call(client, "get", "/api/filings/999999", bearer(world.office), HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 404
    assert zh.json()["code"] == en.json()["code"] == "not_found"
    assert "未找到" in zh.json()["message"]
    assert en.json()["message"].startswith("Not found") and "未" not in en.json()["message"]
    anonymous = client.get("/api/units", HTTP_ACCEPT_LANGUAGE="en")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthorized"
    assert "/" not in anonymous.json()["message"]  # one language only


def test_tokens_are_stored_hashed_record_their_use_and_can_be_revoked(world, client):
    token, raw = ApiToken.issue(world.filler_a, "表格")
    assert raw.startswith("dbn_") and token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.last_used_at is None
    assert client.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.revoke()
    assert client.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/units", HTTP_AUTHORIZATION="Bearer dbn_not-a-token").status_code == 401
    world.filler_b.is_active = False
    world.filler_b.save()
    _t, raw_b = ApiToken.issue(world.filler_b, "x")
    assert client.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw_b}").status_code == 401


def test_profile_page_shows_a_new_token_once_and_revokes_it(world, login):
    client = login(world.filler_a)
    created = client.post("/profile/tokens/new/", {"name": "市平台"})
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get(user=world.filler_a)
    raw = next(part for part in created.content.decode().split() if part.startswith("dbn_") or "dbn_" in part)
    assert "dbn_" in raw
    page = client.get("/profile/").content.decode()
    assert "市平台" in page and token.hint in page
    assert page.count("dbn_") == 1  # only the hint, not the key
    assert client.post("/profile/tokens/new/", {"name": ""}).status_code == 200
    assert ApiToken.objects.filter(user=world.filler_a).count() == 1
    other = ApiToken.issue(world.filler_b, "B 的令牌")[0]
    assert client.post(f"/profile/tokens/{other.pk}/revoke/").status_code == 404
    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None and other.revoked_at is None


def test_session_auth_needs_csrf_for_writes(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.filler_a)
    assert browser.get("/api/units").status_code == 200
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.first()
    refused = browser.patch(
        f"/api/filings/{filing.pk}", data=json.dumps({"version": 0, "completion": "x"}), content_type="application/json"
    )
    assert refused.status_code in (401, 403)
    browser.get("/profile/")
    token = browser.cookies["csrftoken"].value
    allowed = browser.patch(
        f"/api/filings/{filing.pk}",
        data=json.dumps({"version": 0, "completion": "x"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert allowed.status_code == 200


def test_lists_are_paginated(world, bearer, client):
    headers = bearer(world.office)
    page1 = call(client, "get", "/api/units?page_size=2", headers).json()
    page2 = call(client, "get", "/api/units?page_size=2&page=2", headers).json()
    assert page1["count"] == 3 and len(page1["items"]) == 2 and len(page2["items"]) == 1
    assert {u["id"] for u in page1["items"]}.isdisjoint({u["id"] for u in page2["items"]})
    assert call(client, "get", "/api/units?page_size=500", headers).status_code == 422


def test_docs_are_served_without_a_cdn(client):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn." not in html and "/static/ninja/" in html
    schema = client.get("/api/openapi.json").json()
    assert "/api/filings/{filing_id}" in schema["paths"]


@pytest.mark.parametrize("args", [[], ["nobody"], ["office", "--name", ""]])
def test_create_api_token_command_refuses_bad_input(world, args):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", *args)


def test_create_api_token_command_prints_the_key_once(world, capsys):
    from django.core.management import call_command

    call_command("create_api_token", "filler_a", "--name", "夜间同步")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.authenticate(raw).user == world.filler_a


def test_withdraw_and_signer_return_follow_the_web_rights(world, bearer, client):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for f in submission.filings.all():
        fill_ready(f, world.filler_a)
    filler, signer = bearer(world.filler_a), bearer(world.signer_a)
    submission.submit(world.filler_a, "甲", "1")
    assert call(client, "post", f"/api/submissions/{submission.pk}/withdraw", signer).status_code == 403
    assert call(client, "post", f"/api/submissions/{submission.pk}/withdraw", filler).json()["state"] == "draft"
    assert call(client, "post", f"/api/submissions/{submission.pk}/withdraw", filler).status_code == 409
    submission.refresh_from_db()
    submission.submit(world.filler_a, "甲", "1")
    returned = call(client, "post", f"/api/submissions/{submission.pk}/return", signer, {"comment": "请补充数据"})
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert (
        call(
            client, "post", f"/api/submissions/{submission.pk}/return", bearer(world.signer_b), {"comment": "越权"}
        ).status_code
        == 404
    )


def test_dashboard_rates_are_null_where_a_unit_has_nothing_to_rate(city_world, client, bearer):
    """椒江's 卫生院 has not started its package: its rates are null, not a server error."""
    w = city_world
    response = client.get(f"/api/rounds/{w.jj.round.pk}/dashboard", **bearer(w.jj.office))
    assert response.status_code == 200
    rows = {row["label"]: row for row in response.json()["by_unit"]}
    idle = rows[w.jj.units["wy"].name]
    assert idle["completion_rate"] is None and idle["lag_rate_self"] is None
    assert rows[w.jj.units["zs"].name]["completion_rate"] == 100.0


def test_an_office_token_reads_only_its_own_districts_plans_rounds_and_reminders(city_world, client, bearer):
    w = city_world
    headers = bearer(w.jj.office)
    assert {p["issuer_id"] for p in client.get("/api/plans", **headers).json()["items"]} == {w.jj.bureau.pk}
    assert {r["plan_id"] for r in client.get("/api/rounds", **headers).json()["items"]} == {
        w.jj.plan.pk,
        w.jj.split_plan.pk,
    }
    assert {r["unit_id"] for r in client.get("/api/reminders", **headers).json()["items"]} == {
        u.pk for u in w.jj.units.values()
    }
    for url in (
        f"/api/plans/{w.yh.plan.pk}",
        f"/api/rounds/{w.yh.round.pk}/table",
        f"/api/rounds/{w.jg.round.pk}/dashboard",
    ):
        assert client.get(url, **headers).status_code == 404, url
    city_plans = {p["issuer_id"] for p in client.get("/api/plans", **bearer(w.city_office)).json()["items"]}
    assert city_plans == {w.city.pk, w.jj.bureau.pk, w.yh.bureau.pk}
