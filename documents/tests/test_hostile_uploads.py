"""Hostile uploads end in a clear error in the user's language, within the parse budget, and the worker survives;
stored previews are deleted after confirm or cancel, and expire."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from docparse.tests import hostile
from documents.models import PendingImport


def upload(client, name, data, **extra):
    return client.post(reverse("documents:upload"), {"document": SimpleUploadedFile(name, data)}, **extra)


@pytest.mark.parametrize("lang, expected", [("zh-hans", "表格过大"), ("en", "Table too large")])
def test_hostile_html_gets_a_clear_error_in_the_active_language_only(world, login, lang, expected):
    client = login(world.office)
    response = upload(client, "spans.html", hostile.html_huge_spans(2000), HTTP_ACCEPT_LANGUAGE=lang)
    page = response.content.decode()
    assert response.status_code == 200 and expected in page
    assert ("Table too large" in page) == (lang == "en") and ("表格过大" in page) == (lang != "en")
    assert not PendingImport.objects.exists()


def test_parse_past_the_time_budget_is_refused_and_the_server_keeps_serving(world, login, settings, monkeypatch):
    import time

    from docparse import sandbox

    settings.DUBAN_PARSE_TIMEOUT = 1
    monkeypatch.setattr(sandbox, "_parse", lambda *args: time.sleep(30))
    client = login(world.office)
    response = upload(client, "slow.txt", b"x")
    assert response.status_code == 200 and "解析超时" in response.content.decode()
    assert not PendingImport.objects.exists()
    assert client.get(reverse("documents:upload")).status_code == 200


def test_parse_past_the_memory_budget_is_refused(world, login, settings, monkeypatch):
    from docparse import sandbox

    def hog(*args):
        blocks = []
        while True:
            blocks.append(bytearray(32 * 1024 * 1024))

    settings.DUBAN_PARSE_MAX_MEMORY = 128 * 1024 * 1024
    monkeypatch.setattr(sandbox, "_parse", hog)
    response = upload(login(world.office), "big.txt", b"x")
    assert "内存超过上限（128 MB）" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_hostile_xlsx_and_docx_upload_previews_only_the_real_content(world, login):
    client = login(world.office)
    upload(client, "far.xlsx", hostile.xlsx_far_cell())
    upload(client, "roman.docx", hostile.docx_huge_numbering("upperRoman", paragraphs=5))
    texts = {p.filename: p.parsed["text"] for p in PendingImport.objects.all()}
    assert "新增托位1900个" in texts["far.xlsx"] and "100000000004.新增托位4个" in texts["roman.docx"]


def test_previews_are_deleted_after_cancel_and_after_the_retention_time(world, login, settings):
    settings.DUBAN_IMPORT_PREVIEW_HOURS = 24
    client = login(world.office)
    upload(client, "a.txt", "一、完善体系\n1.新增托位1900个。\n".encode())
    pending = PendingImport.objects.get()
    client.post(reverse("documents:cancel", args=[pending.pk]))
    assert not PendingImport.objects.exists()

    old = PendingImport.objects.create(uploaded_by=world.office, filename="old.txt", parsed={"kind": "plan"})
    PendingImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    fresh = PendingImport.objects.create(uploaded_by=world.office, filename="new.txt", parsed={"kind": "plan"})
    call_command("purge_imports")
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    call_command("purge_imports", "--hours", "0")
    assert not PendingImport.objects.exists()


def test_an_upload_purges_expired_previews(world, login, settings):
    settings.DUBAN_IMPORT_PREVIEW_HOURS = 1
    old = PendingImport.objects.create(uploaded_by=world.filler_a, filename="old.txt", parsed={"kind": "plan"})
    PendingImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    upload(login(world.office), "a.txt", "一、完善体系\n1.新增托位1900个。\n".encode())
    assert list(PendingImport.objects.values_list("filename", flat=True)) == ["a.txt"]


def test_a_small_file_describing_much_work_is_parsed_in_the_background(
    world, login, settings, django_capture_on_commit_callbacks
):
    from jobs.models import Job

    data = hostile.docx_empty_paragraphs(870_000)  # a few KB, 870 000 paragraphs
    assert len(data) < settings.DUBAN_JOB_IMPORT_BYTES
    client = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "empty.docx", data)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.FAILED and "段落（行）超过" in job.error and not PendingImport.objects.exists()


def test_the_preview_is_built_within_the_parse_budget(world, login, settings, monkeypatch):
    import time

    from documents import services

    client = login(world.office)
    upload(client, "plan.txt", "2025年工作要点\n一、基本\n1.新增托位 10 个。\n".encode())
    pending = PendingImport.objects.get()
    settings.DUBAN_PARSE_TIMEOUT = 1
    monkeypatch.setattr(services, "preview_rows", lambda *args: time.sleep(30))
    response = client.get(pending.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("documents:upload") and "解析超时" in response.content.decode()
    assert not PendingImport.objects.exists()
