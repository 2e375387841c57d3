"""A visible worker: a job nobody works on says so, `manage.py check` warns without a heartbeat, 我的后台任务 lists one's own jobs."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import time_machine
from django.urls import reverse

from jobs.checks import worker_heartbeat
from jobs.models import Job, WorkerBeat

ROOT = Path(__file__).resolve().parents[2]
NOON = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
NO_WORKER = "后台处理程序未运行，请联系管理员"


def queued_job(user, label="大文件导出", key="k"):
    return Job.objects.create(
        handler="jobs.tests.handlers.echo", args={"text": "x"}, key=key, label=label, created_by=user
    )


def test_a_job_queued_with_no_worker_says_so_after_the_wait_and_is_kept(world, login, settings):
    settings.DUBAN_JOB_WORKER_WAIT_SECONDS = 30
    client = login(world.office)
    with time_machine.travel(NOON, tick=False):
        job = queued_job(world.office)
        assert NO_WORKER not in client.get(job.get_absolute_url()).content.decode()  # just asked: no alarm yet
    with time_machine.travel(NOON + datetime.timedelta(seconds=31), tick=False):
        page = client.get(job.get_absolute_url()).content.decode()
        partial = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert (
        NO_WORKER in page and NO_WORKER in partial and 'hx-trigger="every 1s"' in partial
    )  # still polled: it starts when a worker does
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_a_queued_job_with_a_live_worker_shows_no_alarm(world, login, settings):
    with time_machine.travel(NOON, tick=False):
        job = queued_job(world.office)
    with time_machine.travel(NOON + datetime.timedelta(minutes=5), tick=False):
        WorkerBeat.beat("w1", "host", 1)  # busy with another job, but alive
        page = login(world.office).get(job.get_absolute_url()).content.decode()
    assert NO_WORKER not in page and "正在后台处理" in page


def test_check_warns_when_no_worker_has_beaten_recently(db, settings):
    settings.DUBAN_WORKER_SILENT_SECONDS = 180
    with time_machine.travel(NOON, tick=False):
        assert [w.id for w in worker_heartbeat()] == ["duban.W001"]  # never a worker
        WorkerBeat.beat("w1", "host", 1)
        assert worker_heartbeat() == []
    with time_machine.travel(NOON + datetime.timedelta(seconds=179), tick=False):
        assert worker_heartbeat() == []
    with time_machine.travel(NOON + datetime.timedelta(minutes=4), tick=False):
        warnings = worker_heartbeat()
    assert [w.id for w in warnings] == ["duban.W001"] and "db_worker" in warnings[0].msg


def test_my_jobs_lists_only_the_callers_own_jobs(world, login):
    mine = queued_job(world.filler_a, "A 的导出", "a")
    other = queued_job(world.filler_b, "B 的导出", "b")
    client = login(world.filler_a)
    page = client.get(reverse("jobs:mine")).content.decode()
    assert "A 的导出" in page and mine.get_absolute_url() in page
    assert "B 的导出" not in page and other.get_absolute_url() not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    assert reverse("jobs:mine") in client.get(reverse("home")).content.decode()  # in the account menu
    assert client.get(reverse("jobs:mine")).status_code == 200
    client.logout()
    assert client.get(reverse("jobs:mine"))["Location"].startswith("/accounts/login/")


def test_a_real_worker_beats_and_check_stops_warning(tmp_path):
    """`manage.py check` warns on a fresh database; after `db_worker --batch` has run, its heartbeat silences it."""
    db = tmp_path / "w.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "duban.settings_test",
        "DUBAN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "",
    }
    env.pop("DUBAN_TEST_CLOCK", None)
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args):
        return subprocess.run(
            manage + list(args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
        )

    run("migrate", "-v0")
    assert "duban.W001" in run("check").stderr
    run("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    result = run("check")
    assert "duban.W001" not in result.stderr + result.stdout and "no issues" in result.stdout
