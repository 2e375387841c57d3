"""催办: steps, channels, quiet hours, retries, escalation, idempotence and 一键催办."""

import json
import threading
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from conftest import fill_ready
from filings.models import Submission
from supervision import reminders
from supervision.models import Extension, Reminder

TZ = ZoneInfo("Asia/Shanghai")

# The moments below are the bureau's local times (quiet hours are local): fixed with their zone.
pytestmark = pytest.mark.usefixtures("bureau_time_zone")


def at(day, hour=9, minute=0):
    return datetime(2025, 4, day, hour, minute, tzinfo=TZ)


class Hook(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.received.append((self.path, json.loads(body)))
        if self.path == "/slow":
            time.sleep(1.5)
        status = 500 if self.path == "/fail" else 200
        payload = (
            {"errcode": 310000, "errmsg": "keywords not in content"}
            if self.path == "/errcode"
            else {"errcode": 0, "errmsg": "ok"}
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(payload).encode())
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def hook_server():
    Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def setup(world, settings):
    settings.DUBAN_WEBHOOK_TIMEOUT = 0.3
    settings.DUBAN_REMIND_BEFORE_DAYS = 3
    settings.DUBAN_REMIND_EVERY_DAYS = 2
    world.round.due = date(2025, 4, 20)
    world.round.save()
    world.filler_a.email = "filler_a@example.cn"
    world.filler_a.save()
    world.signer_a.email = "signer_a@example.cn"
    world.signer_a.save()
    world.unit_a.email = "yizheng@example.cn"
    world.unit_a.save()
    # unit B has filed: it is never reminded
    sub_b = Submission.objects.open_for(world.round, world.unit_b)
    for filing in sub_b.filings.all():
        fill_ready(filing, world.filler_b)
    sub_b.submit(world.filler_b, "王", "1")
    return world


@pytest.mark.parametrize(
    "today, step",
    [
        (date(2025, 4, 16), None),
        (date(2025, 4, 17), "before-3"),
        (date(2025, 4, 19), "before-3"),
        (date(2025, 4, 20), "due"),
        (date(2025, 4, 21), "due"),
        (date(2025, 4, 22), "overdue-2"),
        (date(2025, 4, 23), "overdue-2"),
        (date(2025, 4, 24), "overdue-4"),
    ],
)
def test_steps_before_on_and_after_the_due_date(settings, today, step):
    settings.DUBAN_REMIND_BEFORE_DAYS, settings.DUBAN_REMIND_EVERY_DAYS = 3, 2
    assert reminders.current_step(date(2025, 4, 20), today) == step


def test_owing_unit_gets_email_to_filler_and_unit_once_per_step(setup):
    reminders.run(at(17))
    assert sorted(m.to[0] for m in mail.outbox) == ["filler_a@example.cn", "yizheng@example.cn"]
    assert "医政医管科" in mail.outbox[0].body and "将于2025年4月20日截止" in mail.outbox[0].body
    rows = Reminder.objects.filter(step="before-3")
    assert rows.count() == 2 and set(rows.values_list("status", flat=True)) == {"sent"}
    assert not Reminder.objects.filter(unit=setup.unit_b).exists()
    reminders.run(at(17, 15))
    reminders.run(at(18))
    assert len(mail.outbox) == 2  # same step: never twice


def test_command_twice_is_idempotent(setup):
    out = StringIO()
    call_command("send_reminders", "--now", "2025-04-20T09:00", stdout=out)
    call_command("send_reminders", "--now", "2025-04-20T10:00", stdout=out)
    assert len(mail.outbox) == 2
    assert "sent=2" in out.getvalue() and "exists=2" in out.getvalue()


def test_command_uses_the_clock_when_no_now_is_given(setup):
    with time_machine.travel(at(22, 9), tick=False):
        call_command("send_reminders", stdout=StringIO())
    assert set(Reminder.objects.values_list("step", flat=True)) == {"overdue-2"}


def test_two_workers_claiming_the_same_step_send_once(setup):
    from collections import Counter

    first, second = Counter(), Counter()
    reminders.queue(setup.round, setup.unit_a, "due", at(20), first)
    reminders.queue(setup.round, setup.unit_a, "due", at(20), second)
    assert first["sent"] == 2 and second["sent"] == 0 and second["exists"] == 2
    assert len(mail.outbox) == 2


def test_signer_is_added_after_two_missed_reminders(setup):
    reminders.run(at(17))
    reminders.run(at(20))
    assert "signer_a@example.cn" not in [m.to[0] for m in mail.outbox]
    reminders.run(at(22))
    third = Reminder.objects.filter(step="overdue-2")
    assert set(third.values_list("recipient", flat=True)) == {
        "filler_a@example.cn",
        "yizheng@example.cn",
        "signer_a@example.cn",
    }
    assert all(third.values_list("escalated", flat=True))
    assert "已逾期2天" in mail.outbox[-1].body


def test_quiet_hours_hold_until_seven_then_send(setup):
    reminders.run(at(20, 23, 30))
    held = Reminder.objects.all()
    assert set(held.values_list("status", flat=True)) == {"held"} and len(mail.outbox) == 0
    assert held.first().next_try_at == datetime(2025, 4, 21, 7, 0, tzinfo=TZ)
    reminders.run(datetime(2025, 4, 21, 6, 59, tzinfo=TZ))
    assert len(mail.outbox) == 0
    reminders.run(datetime(2025, 4, 21, 7, 1, tzinfo=TZ))
    assert len(mail.outbox) == 2 and set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_webhook_posts_a_dingtalk_text_message(setup, hook_server):
    setup.unit_a.webhook_url = hook_server + "/ok"
    setup.unit_a.save()
    reminders.run(at(20))
    path, body = Hook.received[0]
    assert path == "/ok" and body["msgtype"] == "text" and "医政医管科" in body["text"]["content"]
    assert Reminder.objects.get(channel="webhook").status == "sent"


@pytest.mark.parametrize(
    "path, error", [("/fail", "HTTP Error 500"), ("/slow", "timed out"), ("/errcode", "errcode 310000")]
)
def test_failed_webhook_is_logged_shown_and_retried(setup, hook_server, login, path, error):
    setup.unit_a.webhook_url = hook_server + path
    setup.unit_a.save()
    reminders.run(at(20))
    row = Reminder.objects.get(channel="webhook")
    assert row.status == "failed" and error in row.error and row.attempts == 1 and row.next_try_at is not None
    page = login(setup.office).get(reverse("supervision:round", args=[setup.round.pk])).content.decode()
    assert "发送失败" in page and error in page
    # fixed before the next run: the retry delivers it
    setup.unit_a.webhook_url = hook_server + "/ok"
    setup.unit_a.save()
    Reminder.objects.filter(pk=row.pk).update(recipient=hook_server + "/ok")
    reminders.run(at(20, 9, 10))  # too early for the retry
    assert Reminder.objects.get(pk=row.pk).status == "failed"
    reminders.run(at(20, 9, 20))
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2 and row.error == ""


def test_retry_is_cancelled_once_the_unit_has_filed(setup, hook_server):
    setup.unit_a.webhook_url = hook_server + "/fail"
    setup.unit_a.save()
    reminders.run(at(20))
    sub = Submission.objects.open_for(setup.round, setup.unit_a)
    for filing in sub.filings.all():
        fill_ready(filing, setup.filler_a)
    sub.submit(setup.filler_a, "王", "1")
    reminders.run(at(20, 10))
    assert Reminder.objects.get(channel="webhook").status == "cancelled"


def test_granted_extension_moves_its_task_not_the_package_reminders(setup):
    """One rule: a 延期 moves the due date of the task it was asked for, and nothing else."""
    from supervision import due

    Extension.objects.create(
        task=setup.tasks[0],
        unit=setup.unit_a,
        round=setup.round,
        reason="等待数据",
        new_date=date(2025, 4, 30),
        decision="granted",
    )
    reminders.run(at(20))
    assert set(Reminder.objects.filter(unit=setup.unit_a).values_list("step", flat=True)) == {"due"}
    granted = due.granted_dates(setup.round)
    assert due.task_due(setup.round, setup.unit_a.pk, setup.tasks[0].pk, granted) == date(2025, 4, 30)
    assert due.task_due(setup.round, setup.unit_a.pk, setup.tasks[1].pk, granted) == setup.round.due


def test_pending_extension_does_not_move_them(setup):
    Extension.objects.create(
        task=setup.tasks[0], unit=setup.unit_a, round=setup.round, reason="等待数据", new_date=date(2025, 4, 30)
    )
    reminders.run(at(20))
    assert set(Reminder.objects.values_list("step", flat=True)) == {"due"}


def test_office_reminds_one_unit_or_all_late_units_once_a_day(setup, login):
    client = login(setup.office)
    url = reverse("supervision:remind", args=[setup.round.pk])
    with time_machine.travel(at(18), tick=False):
        client.post(url)  # nobody is late yet
        assert not Reminder.objects.exists()
        client.post(url, {"unit": setup.unit_a.pk})
        assert set(Reminder.objects.values_list("step", flat=True)) == {"manual-2025-04-18"}
        client.post(url, {"unit": setup.unit_a.pk})
        assert len(mail.outbox) == 2
    with time_machine.travel(at(22), tick=False):
        response = client.post(url, follow=True)
        assert "已催办 1 个单位" in response.content.decode()
        assert Reminder.objects.filter(step="manual-2025-04-22").count() == 2


def test_unit_users_cannot_press_remind(setup, login):
    assert login(setup.filler_a).post(reverse("supervision:remind", args=[setup.round.pk])).status_code == 403
    assert not Reminder.objects.exists()


# --- units nobody can be reached at --------------------------------------------------------------------
@pytest.fixture
def unreachable(world):
    """Round due 2025-04-20; unit A has an address, unit B (区疾控中心) none and no webhook; neither has filed."""
    world.round.due = date(2025, 4, 20)
    world.round.save()
    world.unit_a.email = "yizheng@example.cn"
    world.unit_a.save()
    return world


def test_send_reminders_warns_about_a_unit_without_address_or_webhook_and_links_its_settings(unreachable):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", now="2025-04-22T09:00", stdout=out, stderr=err)
    assert "sent=1" in out.getvalue() and "no_recipient=1" in out.getvalue()
    warning = err.getvalue()
    assert "区疾控中心" in warning and "没有联系邮箱" in warning
    assert reverse("units:edit", args=[unreachable.unit_b.pk]) in warning
    assert "医政医管科" not in warning
    assert not Reminder.objects.filter(unit=unreachable.unit_b).exists()


def test_one_click_remind_of_an_unreachable_unit_is_a_warning_not_a_success(unreachable, login):
    client = login(unreachable.office)
    url = reverse("supervision:remind", args=[unreachable.round.pk])
    with time_machine.travel(at(22), tick=False):
        response = client.post(url, {"unit": unreachable.unit_b.pk}, follow=True)
    page = response.content.decode()
    assert '<li class="success">' not in page and "已催办 " not in page
    assert '<li class="warning">' in page and "没有联系邮箱，也没有群机器人地址" in page
    assert f'href="{reverse("units:edit", args=[unreachable.unit_b.pk])}"' in page
    assert not Reminder.objects.exists() and not mail.outbox


def test_one_click_remind_of_all_late_units_counts_only_those_reached(unreachable, login):
    client = login(unreachable.office)
    with time_machine.travel(at(22), tick=False):
        response = client.post(reverse("supervision:remind", args=[unreachable.round.pk]), follow=True)
    page = response.content.decode()
    assert "已催办 1 个单位" in page
    assert "1 个单位没有联系邮箱" in page and "区疾控中心</a>" in page
    assert list(Reminder.objects.values_list("unit__name", flat=True)) == ["医政医管科"]


def test_a_webhook_alone_is_enough_to_reach_a_unit(unreachable, hook_server):
    unreachable.unit_b.webhook_url = f"{hook_server}/ok"
    unreachable.unit_b.save()
    results = reminders.run(at(22))
    assert results.unreachable == [] and results["sent"] == 2


def test_one_click_remind_says_what_was_sent_held_or_failed():
    """一键催办 never says 已催办 when nothing went out (issue 21)."""
    from supervision.reminders import Results, remind_summary

    def results(**counts):
        r = Results()
        for key, value in counts.items():
            r[key] = value
        return r

    level, text = remind_summary(results(units=2, sent=3, held=1))
    assert (
        level == "success" and text.startswith("已催办 2 个单位：发送 3 条") and "夜间暂缓 1 条（07:00 后发送）" in text
    )
    level, text = remind_summary(results(units=1, held=2))
    assert level == "info" and "已催办" not in text and "尚未发出" in text and "夜间暂缓 2 条" in text
    level, text = remind_summary(results(units=1, failed=1))
    assert level == "error" and "已催办" not in text and "发送失败 1 条" in text
    level, text = remind_summary(results(exists=2))
    assert level == "info" and "未重复发送" in text
    assert remind_summary(results()) is None


def test_one_click_remind_at_night_says_held_until_morning(setup, login):
    client = login(setup.office)
    with time_machine.travel(at(22, 23, 30), tick=False):
        response = client.post(
            reverse("supervision:remind", args=[setup.round.pk]), {"unit": setup.unit_a.pk}, follow=True
        )
    page = response.content.decode()
    assert "已催办" not in page and "夜间暂缓" in page and "07:00 后发送" in page


def test_the_background_remind_job_says_held_not_reminded_when_nothing_went_out():
    from django.template.loader import render_to_string

    held = render_to_string(
        "supervision/_remind_outcome.html",
        {"outcome": {"units": 1, "sent": 0, "held": 2, "failed": 0, "exists": 0, "unreachable": []}},
    )
    assert "已催办" not in held and "夜间暂缓 2 条" in held
    sent = render_to_string(
        "supervision/_remind_outcome.html",
        {"outcome": {"units": 1, "sent": 1, "held": 0, "failed": 0, "exists": 0, "unreachable": []}},
    )
    assert "已催办 1 个单位" in sent
