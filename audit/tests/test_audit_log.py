"""安全审计: the hash chain, verify_audit, purge_audit, append-only rows, and the events recorded across the apps."""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from api.models import ApiToken
from audit.log import record, verify
from audit.models import AppendOnly, Event, Kind, Outcome
from conftest import PASSWORD, fill_ready
from filings.models import Submission
from units.models import User

NOON = datetime.datetime(2025, 6, 2, 4, 0, tzinfo=datetime.UTC)


def _events(n):
    return [
        record(
            Kind.EXPORT, action=f"file-{i}", object_type="test.thing", object_id=str(i), details={"n": i, "名": "表"}
        )
        for i in range(n)
    ]


@time_machine.travel(NOON, tick=False)
def test_each_event_hash_covers_the_previous_one_and_the_chain_verifies(db):
    events = _events(3)
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert verify() == (3, None, "")
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact: 3 records" in out.getvalue()


@time_machine.travel(NOON, tick=False)
def test_verify_audit_detects_a_row_changed_in_the_database(db):
    events = _events(4)
    with connection.cursor() as cursor:  # what someone with database access would do
        cursor.execute("UPDATE audit_event SET username = %s WHERE id = %s", ["someone-else", events[2].pk])
    with pytest.raises(CommandError, match=f"broken at record {events[2].pk} .*changed after it was written"):
        call_command("verify_audit")


@time_machine.travel(NOON, tick=False)
def test_verify_audit_detects_a_row_deleted_in_the_middle_and_at_the_end(db):
    events = _events(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"broken at record {events[2].pk} .*deleted or inserted"):
        call_command("verify_audit")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id >= %s", [events[1].pk])
    with pytest.raises(CommandError, match="records were deleted at the end"):
        call_command("verify_audit")


def test_audit_rows_cannot_be_updated_or_deleted_through_the_application(db):
    event = _events(1)[0]
    event.username = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).update(username="changed")
    with pytest.raises(AppendOnly):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).username == ""


def test_the_django_admin_offers_no_add_change_or_delete(world, client):
    root = User.objects.create_superuser("root", password="Root-admin-pass-9", role=User.Role.ADMIN)
    client.force_login(root)
    event = _events(1)[0]
    assert client.get(reverse("admin:audit_event_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_event_add")).status_code == 403
    assert client.post(reverse("admin:audit_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_purge_audit_refuses_a_period_younger_than_the_kept_days(db, settings):
    settings.DUBAN_AUDIT_KEEP_DAYS = 180
    _events(1)
    with pytest.raises(CommandError, match="kept at least 180 days"):
        call_command("purge_audit", "--days", "30")
    assert Event.objects.count() == 1


def test_the_chain_still_verifies_after_a_purge_through_its_anchor(db, settings):
    settings.DUBAN_AUDIT_KEEP_DAYS = 180
    with time_machine.travel(datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC), tick=False):
        old = _events(3)
    with time_machine.travel(datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC), tick=False):
        kept = _events(2)
        call_command("purge_audit", stdout=io.StringIO())
    assert not Event.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert Event.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    assert Event.objects.filter(kind=Kind.AUDIT, action="purge").exists()  # the purge itself is recorded
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact: 3 records" in out.getvalue()


def test_the_audit_page_is_forbidden_for_the_office_and_fillers(world, login):
    for user in (world.office, world.filler_a, world.signer_a):
        assert login(user).get(reverse("audit:list")).status_code == 403
        assert login(user).get(reverse("audit:list") + "?format=csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_from_the_audit_page(world, client):
    response = client.get(reverse("audit:list") + "?format=csv")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@time_machine.travel(NOON, tick=False)
def test_the_administrator_filters_the_log_and_exports_it(world, client):
    admin = User.objects.create_user("sysadmin", password=PASSWORD, role=User.Role.ADMIN)
    client.post("/accounts/login/", {"username": "filler_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.5")
    client.post("/accounts/login/", {"username": "sysadmin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.6")
    page = client.get(
        reverse("audit:list"), {"kind": "login_failed", "from": "2025-06-02", "to": "2025-06-02"}
    ).content.decode()
    assert "filler_a" in page and "10.0.0.5" in page and "登录失败" in page
    assert "10.0.0.6" not in page  # the administrator's own login is another kind
    assert (
        "filler_a"
        not in client.get(reverse("audit:list"), {"kind": "login_failed", "from": "2025-06-03"}).content.decode()
    )
    csv_body = client.get(reverse("audit:list"), {"user": "filler_a", "format": "csv"})
    text = csv_body.content.decode("utf-8-sig")
    assert (
        csv_body["Content-Disposition"].startswith("attachment")
        and "filler_a" in text
        and "sysadmin" not in text.split("\n", 1)[1]
    )
    xlsx = client.get(reverse("audit:list"), {"format": "xlsx"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and any(row[2] == "filler_a" and row[5] == "登录失败" for row in rows[1:])
    assert Event.objects.filter(kind=Kind.AUDIT, action="export", user_id=admin.pk).count() == 2


def test_a_date_that_cannot_be_read_is_named_in_the_error(world, client):
    User.objects.create_user("sysadmin", password=PASSWORD, role=User.Role.ADMIN)
    client.post("/accounts/login/", {"username": "sysadmin", "password": PASSWORD})
    page = client.get(reverse("audit:list"), {"from": "2025-13-45"}).content.decode()
    assert "日期“2025-13-45”无效" in page and "没有符合条件的记录" in page


def test_a_value_that_looks_like_a_formula_is_exported_as_text(world, client):
    User.objects.create_user("sysadmin", password=PASSWORD, role=User.Role.ADMIN)
    client.post("/accounts/login/", {"username": "=HYPERLINK(1)", "password": "wrong"})
    client.post("/accounts/login/", {"username": "sysadmin", "password": PASSWORD})
    text = client.get(reverse("audit:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_logins_failures_and_logouts_are_recorded_with_the_address(world, client):
    client.post("/accounts/login/", {"username": "filler_a", "password": "wrong"}, REMOTE_ADDR="10.2.0.1")
    client.post("/accounts/login/", {"username": "filler_a", "password": PASSWORD}, REMOTE_ADDR="10.2.0.1")
    client.post("/accounts/logout/", REMOTE_ADDR="10.2.0.1")
    kinds = list(Event.objects.order_by("pk").values_list("kind", "username", "address", "outcome"))
    assert kinds == [
        (Kind.LOGIN_FAILED, "filler_a", "10.2.0.1", Outcome.FAILURE),
        (Kind.LOGIN, "filler_a", "10.2.0.1", Outcome.SUCCESS),
        (Kind.LOGOUT, "filler_a", "10.2.0.1", Outcome.SUCCESS),
    ]
    assert Event.objects.get(kind=Kind.LOGIN).user_id == world.filler_a.pk


def test_a_workflow_step_through_the_api_is_recorded(world, client):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(filing, world.filler_a)
    _token, raw = ApiToken.issue(world.filler_a, "test")
    response = client.post(
        f"/api/submissions/{submission.pk}/submit",
        data=json.dumps({"filler_name": "张三", "contact": "0576-1"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        REMOTE_ADDR="10.3.0.1",
    )
    assert response.status_code == 200, response.content
    event = Event.objects.get(kind=Kind.WORKFLOW)
    assert (event.action, event.user_id, event.address, event.object_type, event.object_id) == (
        "submit",
        world.filler_a.pk,
        "10.3.0.1",
        "filings.submission",
        str(submission.pk),
    )
    assert event.details["from"] == "draft" and event.details["to"] == "submitted"


def test_a_workflow_step_on_the_web_is_recorded(world, login):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(filing, world.filler_a)
    submission.submit(world.filler_a, "张三", "0576-1")
    response = login(world.signer_a).post(reverse("filings:sign", args=[submission.pk]))
    assert response.status_code in (200, 302)
    assert list(Event.objects.filter(kind=Kind.WORKFLOW).order_by("pk").values_list("action", "username")) == [
        ("submit", "filler_a"),
        ("sign", "signer_a"),
    ]


def test_an_export_is_recorded(world, login):
    response = login(world.office).get(reverse("documents:export_plan", args=[world.plan.pk, "docx"]))
    assert response.status_code == 200
    event = Event.objects.get(kind=Kind.EXPORT)
    assert (event.username, event.object_type, event.object_id, event.details["format"]) == (
        "office",
        "plans.plan",
        str(world.plan.pk),
        "docx",
    )


def test_tokens_issued_and_revoked_are_recorded(world, login):
    client = login(world.filler_a)
    client.post(reverse("profile:token_create"), {"name": "钉钉"})
    token = ApiToken.objects.get(user=world.filler_a)
    client.post(reverse("profile:token_revoke", args=[token.pk]))
    assert list(Event.objects.filter(object_type="api.apitoken").values_list("kind", flat=True).order_by("pk")) == [
        Kind.TOKEN_ISSUE,
        Kind.TOKEN_REVOKE,
    ]


def test_role_and_unit_changes_and_password_changes_are_recorded(world, login):
    office = login(world.office)
    data = {
        "display_name": "filler_a",
        "unit": world.unit_b.pk,
        "role": "signer",
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    assert office.post(reverse("units:user_edit", args=[world.filler_a.pk]), data).status_code == 302
    event = Event.objects.get(kind=Kind.USER_CHANGE)
    assert (
        event.username == "office"
        and event.object_id == str(world.filler_a.pk)
        and event.details["role"] == "signer"
        and "unit" in event.details
    )
    client = login(world.filler_b)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Jiaojiang-filler-77", "new_password2": "Jiaojiang-filler-77"},
    )
    assert Event.objects.filter(kind=Kind.PASSWORD_CHANGE, username="filler_b").exists()


def test_a_download_of_evidence_is_recorded(world, login, settings, tmp_path):
    from evidence.tests.test_evidence import PDF, attach
    from filings.models import Submission

    settings.MEDIA_ROOT = tmp_path
    filing = Submission.objects.open_for(world.round, world.unit_a).filings.first()
    attach(login(world.filler_a), filing, "合同.pdf", PDF)
    item = filing.evidence.get()
    response = login(world.office).get(reverse("evidence:download", args=[item.pk]))
    assert response.status_code == 200
    event = Event.objects.get(kind=Kind.DOWNLOAD)
    assert (event.username, event.object_type, event.object_id, event.object_repr) == (
        "office",
        "evidence.evidence",
        str(item.pk),
        str(item),
    )
