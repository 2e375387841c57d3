"""Imports over DUBAN_JOB_IMPORT_BYTES are parsed by a worker: the upload waits in the database, the job page
shows progress, then links to the same preview a small upload gets; an unreadable file fails and can be retried."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import PendingImport
from jobs.models import Job

PLAN = """测试区卫生健康局2025年重点工作计划

一、完善健康服务体系
1. 新增托位1900个。（牵头单位：医政医管科）
2. 深化医共体建设，县域内就诊率达到90%以上。（牵头单位：医政医管科）
二、提升公共卫生能力
3. 健全院前急救体系。（牵头单位：区疾控中心）
""".encode()


def upload(client, name, data):
    return client.post(reverse("documents:upload"), {"document": SimpleUploadedFile(name, data)})


def test_a_large_upload_waits_in_the_database_and_a_worker_parses_it_into_the_preview(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.DUBAN_JOB_IMPORT_BYTES = 100  # the plan is ~330 bytes
    client = login(world.office)
    with django_capture_on_commit_callbacks() as queued:
        response = upload(client, "plan.txt", PLAN)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (
        job.status == Job.Status.QUEUED and bytes(job.input) == PLAN and not PendingImport.objects.exists()
    )  # in the database, not on disk
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and "导入：plan.txt" in page
    for callback in queued:  # the worker step
        callback()
    job.refresh_from_db()
    pending = PendingImport.objects.get()
    assert (
        job.status == Job.Status.DONE
        and job.progress == 100
        and job.link == pending.get_absolute_url()
        and job.input is None
    )
    assert pending.uploaded_by == world.office and pending.filename == "plan.txt"
    page = client.get(job.get_absolute_url()).content.decode()
    assert pending.get_absolute_url() in page and reverse("jobs:download", args=[job.pk]) not in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404  # no file: the result is the preview
    preview = client.get(job.link)
    assert preview.status_code == 200 and "新增托位1900个" in preview.content.decode()
    # Someone else sees neither the job nor its preview.
    assert login(world.filler_a).get(job.get_absolute_url()).status_code == 404


def test_uploading_the_same_large_file_again_parses_it_again(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.DUBAN_JOB_IMPORT_BYTES = 100
    client = login(world.office)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, "plan.txt", PLAN)
    assert Job.objects.count() == 1 and PendingImport.objects.count() == 2 and Job.objects.get().attempts == 2


def test_an_unreadable_large_upload_fails_with_its_message_and_can_be_retried(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.DUBAN_JOB_IMPORT_BYTES = 100
    client = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "broken.docx", b"PK\x03\x04 not really a zip" * 10)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and bytes(job.input).startswith(b"PK")  # kept for the retry
    page = client.get(job.get_absolute_url()).content.decode()
    assert (
        "无法" in page
        and "Cannot" not in page
        and "ParseError" not in page
        and reverse("jobs:retry", args=[job.pk]) in page
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 2 and not PendingImport.objects.exists()


def test_the_failure_is_written_in_the_askers_language(world, login, settings, django_capture_on_commit_callbacks):
    settings.DUBAN_JOB_IMPORT_BYTES = 100
    client = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:upload"),
            {"document": SimpleUploadedFile("broken.docx", b"PK\x03\x04 broken" * 10)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    job = Job.objects.get()
    assert job.language == "en" and "Cannot" in job.error


def test_a_small_upload_stays_inline(world, login, settings):
    settings.DUBAN_JOB_IMPORT_BYTES = 10_000
    response = upload(login(world.office), "plan.txt", PLAN)
    assert response["Location"] == PendingImport.objects.get().get_absolute_url() and not Job.objects.exists()


def test_purging_old_previews_drops_the_old_import_jobs_and_their_uploads(
    world, login, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    settings.DUBAN_JOB_IMPORT_BYTES = 100
    client = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "broken.docx", b"PK\x03\x04 not really a zip" * 10)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "plan.txt", PLAN)
    old = timezone.now() - datetime.timedelta(hours=settings.DUBAN_IMPORT_PREVIEW_HOURS + 1)
    Job.objects.filter(label__contains="broken").update(finished_at=old)
    call_command("purge_imports", stdout=__import__("io").StringIO())
    assert list(Job.objects.values_list("label", flat=True)) == ["导入：plan.txt"]
