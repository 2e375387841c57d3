"""一键催办 of more than DUBAN_JOB_REMIND_THRESHOLD late units runs as a job with progress; one unit stays inline.
The 催办记录 are the same Reminder rows as inline, and a unit nobody can be reached at is reported, never counted."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jobs.models import Job
from supervision import reminders
from supervision.models import Reminder

DAY_22 = datetime(2025, 4, 22, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# The moments below are the bureau's local times (quiet hours are local): fixed with their zone.
pytestmark = pytest.mark.usefixtures("bureau_time_zone")


@pytest.fixture
def late(world, settings):
    """Round due 2025-04-20; unit A has an address, unit B (区疾控中心) none and no webhook; neither has filed."""
    settings.DUBAN_JOB_REMIND_THRESHOLD = 1
    world.round.due = date(2025, 4, 20)
    world.round.save()
    world.unit_a.email = "yizheng@example.cn"
    world.unit_a.save()
    return world


def test_reminding_many_late_units_is_a_job_with_progress_and_the_right_record(
    late, login, django_capture_on_commit_callbacks, monkeypatch
):
    reported = []
    real_report = Job.report
    monkeypatch.setattr(
        Job,
        "report",
        lambda self, progress, message="": (
            reported.append((progress, str(message))),
            real_report(self, progress, message),
        ),
    )
    client = login(late.office)
    with time_machine.travel(DAY_22, tick=False):
        with django_capture_on_commit_callbacks() as queued:
            response = client.post(reverse("supervision:remind", args=[late.round.pk]))
        job = Job.objects.get()
        assert (
            response["Location"] == job.get_absolute_url()
            and job.status == Job.Status.QUEUED
            and not Reminder.objects.exists()
        )
        for callback in queued:  # the worker step
            callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100
    assert (50, "已处理 1 / 2 个单位") in reported and (100, "已处理 2 / 2 个单位") in reported
    # 催办记录: unit A's rows only; B is reported as unreachable and not counted as reminded.
    assert (
        list(Reminder.objects.values_list("unit__name", "step").distinct()) == [("医政医管科", "manual-2025-04-22")]
        and len(mail.outbox) == 1
    )
    assert job.outcome["data"]["units"] == 1 and job.outcome["data"]["unreachable"] == [
        {"pk": late.unit_b.pk, "name": "区疾控中心"}
    ]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "已催办 1 个单位：发送 1 条" in page and "1 个单位没有联系邮箱，也没有群机器人地址" in page
    assert (
        f'href="{reverse("units:edit", args=[late.unit_b.pk])}"' in page
        and reverse("supervision:round", args=[late.round.pk]) in page
    )
    assert login(late.filler_a).get(job.get_absolute_url()).status_code == 404


def test_pressing_again_the_same_day_runs_again_and_sends_nothing_twice(
    late, login, django_capture_on_commit_callbacks
):
    client = login(late.office)
    with time_machine.travel(DAY_22, tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(reverse("supervision:remind", args=[late.round.pk]))
    job = Job.objects.get()
    assert (
        job.attempts == 2
        and job.outcome["data"]["exists"] == 1
        and job.outcome["data"]["sent"] == 0
        and len(mail.outbox) == 1
    )


def test_a_failed_reminder_job_shows_its_error_and_a_retry_sends(
    late, login, django_capture_on_commit_callbacks, monkeypatch
):
    client = login(late.office)
    real = reminders.remind_now

    def broken(*args, **kwargs):
        raise ConnectionError("邮件服务器无响应")

    monkeypatch.setattr(reminders, "remind_now", broken)
    with time_machine.travel(DAY_22, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("supervision:remind", args=[late.round.pk]))
        job = Job.objects.get()
        assert (
            job.status == Job.Status.FAILED
            and "邮件服务器无响应" in client.get(job.get_absolute_url()).content.decode()
        )
        monkeypatch.setattr(reminders, "remind_now", real)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and Reminder.objects.filter(unit=late.unit_a).exists()


def test_one_unit_or_few_late_units_are_reminded_inline(late, login, settings):
    client = login(late.office)
    url = reverse("supervision:remind", args=[late.round.pk])
    with time_machine.travel(DAY_22, tick=False):
        page = client.post(url, {"unit": late.unit_a.pk}, follow=True).content.decode()
        assert "已催办 1 个单位" in page
        settings.DUBAN_JOB_REMIND_THRESHOLD = 2
        page = client.post(url, follow=True).content.decode()
        assert "区疾控中心</a>" in page
    assert not Job.objects.exists()
