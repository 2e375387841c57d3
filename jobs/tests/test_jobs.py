"""Background jobs: progress, cached results, failures shown and retried, a killed worker recovered."""

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, content_key
from jobs.tests import handlers

ROOT = Path(__file__).resolve().parents[2]


def ask(user, text="报告", key=None, handler="jobs.tests.handlers.echo"):
    return Job.request(
        user,
        handler,
        {"text": text} if "echo" in handler else {},
        key or content_key(text),
        "测试任务",
        "a.txt",
        "text/plain",
    )


def test_a_job_runs_reports_progress_and_keeps_its_result(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = ask(world.office, "第一份")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100 and bytes(job.result) == "第一份".encode()


def test_the_same_inputs_give_the_finished_result_at_once(world, django_capture_on_commit_callbacks):
    handlers.CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(world.office, "同一份")
    with django_capture_on_commit_callbacks(execute=True):
        second = ask(world.office, "同一份")
    assert second.pk == first.pk and second.status == Job.Status.DONE and handlers.CALLS == ["同一份"]


def test_a_failed_job_shows_its_error_and_can_be_retried(world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = ask(world.office, key="x", handler="jobs.tests.handlers.broken")
    client = login(world.office)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "数据不完整" in page and reverse("jobs:retry", args=[job.pk]) in page
    Job.objects.filter(pk=job.pk).update(handler="jobs.tests.handlers.echo", args={"text": "修好了"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and bytes(job.result) == "修好了".encode() and job.attempts == 2


def test_a_handler_name_nobody_registered_fails_the_job_and_imports_nothing(world, django_capture_on_commit_callbacks):
    # A dotted path in the row is a name, never imported: os.system would be callable by import path.
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.request(world.office, "os.system", {"command": "true"}, "k-unknown", "l")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "os.system" in job.error


def test_a_job_whose_worker_stopped_is_marked_failed_not_left_running(world, login, settings):
    job = Job.objects.create(
        handler="jobs.tests.handlers.echo",
        args={"text": "x"},
        key="k",
        label="l",
        created_by=world.office,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=settings.DUBAN_JOB_STALE_SECONDS + 5),
    )
    page = login(world.office).get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "处理中断" in page


def test_an_action_asked_again_runs_again_but_never_beside_itself(world, django_capture_on_commit_callbacks):
    handlers.CALLS.clear()
    for text in ("一", "二"):
        with django_capture_on_commit_callbacks(execute=True):
            job = Job.request(world.office, "jobs.tests.handlers.echo", {"text": text}, "same", "动作", fresh=True)
    assert handlers.CALLS == ["一", "二"] and bytes(Job.objects.get().result) == "二".encode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = Job.request(world.office, "jobs.tests.handlers.echo", {"text": "三"}, "same", "动作", fresh=True)
        assert again.enqueue() is False  # a second click while a worker runs it
    assert again.status == Job.Status.RUNNING and not queued and handlers.CALLS == ["一", "二"]


def test_the_job_page_polls_until_done_and_only_its_owner_sees_it(world, login):
    job = Job.objects.create(
        handler="jobs.tests.handlers.echo",
        args={"text": "x"},
        key="k",
        label="导出",
        created_by=world.office,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now(),
        progress=40,
    )
    client = login(world.office)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page
    partial = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="job-status"' in partial
    assert login(world.filler_a).get(job.get_absolute_url()).status_code == 404
    assert login(world.filler_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_large_round_pdf_becomes_a_job_with_a_download(world, login, settings, django_capture_on_commit_callbacks):
    from conftest import fill_ready
    from filings.models import Submission

    settings.DUBAN_JOB_PDF_THRESHOLD = 2  # the world round has 3 tasks
    sub = Submission.objects.open_for(world.round, world.unit_a)
    for f in sub.filings.all():
        fill_ready(f, world.filler_a)
    client = login(world.office)
    url = reverse("documents:export_round", args=[world.round.pk, "pdf"]) + "?layout=status"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()  # the progress page
    page = client.get(response["Location"]).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page  # the worker (here: immediate) has finished it
    pdf = client.get(reverse("jobs:download", args=[job.pk]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF" and ".pdf" in pdf["Content-Disposition"]
    again = client.get(url)  # unchanged round: the same file at once
    assert again["Location"] == reverse("jobs:download", args=[job.pk]) and Job.objects.count() == 1
    # Small exports stay inline.
    assert client.get(reverse("documents:export_round", args=[world.round.pk, "docx"])).status_code == 200


def _db_status(path, job_id):
    with sqlite3.connect(path) as db:
        row = db.execute("select status from jobs_job where id = ?", (job_id,)).fetchone()
    return row[0] if row else None


def test_a_worker_killed_mid_job_leaves_it_failed_and_a_retry_finishes_it(tmp_path):
    """kill -9 a real `db_worker` while it runs a job; the job is not left running for ever."""
    db = tmp_path / "jobs.sqlite3"
    gate = tmp_path / "go"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "duban.settings_test",
        "DUBAN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DUBAN_JOB_STALE_SECONDS": "2",
        "DEBUG": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def shell(code):
        return subprocess.run(
            manage + ["shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
        ).stdout.strip().splitlines()[-1:] or [""]

    subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    job_id = int(
        *shell(
            "from units.models import User; from jobs.models import Job\n"
            "u = User.objects.create_user('w', password='x', role='office')\n"
            f"print(Job.request(u, 'jobs.tests.handlers.wait_for_file', {{'path': {str(gate)!r}}}, 'k', 'l', 'f', 't').pk)"
        )
    )
    worker = subprocess.Popen(
        manage + ["db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _db_status(db, job_id) != "running":
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.2)
    finally:
        worker.kill()  # SIGKILL: no clean-up runs
        worker.wait(timeout=30)
    assert _db_status(db, job_id) == "running"
    time.sleep(3)
    assert shell(
        f"from jobs.models import Job; j = Job.objects.get(pk={job_id}); j.refresh_stale(); print(j.status)"
    ) == ["failed"]
    gate.touch()
    shell(f"from jobs.models import Job; Job.objects.get(pk={job_id}).enqueue()")
    subprocess.run(
        manage + ["db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert _db_status(db, job_id) == "done"


def test_the_job_page_and_its_progress_messages_are_english_for_english_readers(
    world, login, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DUBAN_JOB_IMPORT_BYTES = 10
    client = login(world.office)
    with django_capture_on_commit_callbacks() as queued:
        client.post(
            reverse("documents:upload"),
            {"document": SimpleUploadedFile("a.txt", "一、总体要求\n1. 新增托位1900个。".encode())},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    job = Job.objects.get()
    page = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Status" in page and "Queued" in page and "Working in the background" in page and "状态" not in page
    for callback in queued:
        callback()
    job.refresh_from_db()
    page = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert job.status == Job.Status.DONE and "See the result" in page
    assert job.message == "Saving the preview"  # the worker wrote its progress in the asker's language


def test_a_real_worker_parses_an_upload_it_reads_from_the_database(tmp_path):
    """The web side stores the upload in the job row; a separate `db_worker` process parses it into the preview."""
    db = tmp_path / "jobs.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "duban.settings_test",
        "DUBAN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def shell(code):
        return subprocess.run(
            manage + ["shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
        ).stdout.strip().splitlines()[-1:] or [""]

    subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    job_id = int(
        *shell(
            "from units.models import User; from jobs.models import Job\n"
            "u = User.objects.create_user('w', password='x', role='office')\n"
            "data = '一、总体要求\\n1. 新增托位1900个。'.encode()\n"
            "print(Job.request(u, 'documents.jobs.parse_import', {'filename': 'a.txt'}, 'k', 'l', input=data, fresh=True).pk)"
        )
    )
    subprocess.run(
        manage + ["db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert shell(
        f"from jobs.models import Job; from documents.models import PendingImport; j = Job.objects.get(pk={job_id})\n"
        "p = PendingImport.objects.get(); print(j.status, j.link == p.get_absolute_url(), j.input is None, p.parsed['sections'][0]['tasks'][0]['text'])"
    ) == ["done True True 新增托位1900个。"]


def test_purge_jobs_deletes_old_finished_jobs_and_their_files_but_keeps_recent_and_unfinished_ones(
    world, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        old, recent = ask(world.office, "旧的"), ask(world.office, "新的")
    queued = ask(world.office, "排队", handler="jobs.tests.handlers.echo")  # outside the on-commit capture: never run
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    Job.objects.filter(pk=queued.pk).update(status=Job.Status.QUEUED, created_at=timezone.now() - timedelta(days=30))
    out = StringIO()
    call_command("purge_jobs", stdout=out)
    assert out.getvalue().strip() == "1"
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    call_command("purge_jobs", "--days", "0", stdout=out)
    assert list(Job.objects.values_list("pk", flat=True)) == [queued.pk]
