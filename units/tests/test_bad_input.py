"""Bad input gets a clear Chinese (or English) error and leaves what was saved untouched."""

from django.test import Client
from django.urls import reverse

from conftest import fill_ready
from filings.models import Submission


def test_a_ten_megabyte_paste_is_refused_and_nothing_changes(world, login):
    filing = fill_ready(
        Submission.objects.open_for(world.round, world.unit_a).filings.first(), world.filler_a, completion="原文"
    )
    response = login(world.filler_a).post(
        reverse("filings:filing", args=[filing.pk]),
        {"version": filing.version, "completion": "字" * (10 * 1024 * 1024 // 3), "completed": "yes"},
    )
    assert response.status_code == 400 and "请求无效" in response.content.decode()
    filing.refresh_from_db()
    assert filing.completion == "原文"


def test_a_forged_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.filler_a)
    submission = Submission.objects.open_for(world.round, world.unit_a)
    response = client.post(reverse("filings:submit", args=[submission.pk]), {"filler_name": "x", "contact": "y"})
    assert response.status_code == 403 and "表单已失效" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "draft"


def test_errors_are_in_english_for_english_browsers(world, login):
    response = login(world.filler_b).get(reverse("filings:submission", args=[999999]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_permission_denied_page_explains_why(world, login):
    response = login(world.filler_a).get(reverse("plans:list"))
    page = response.content.decode()
    assert response.status_code == 403 and "无权访问" in page and "仅督办员可以访问" in page


def test_messages_appear_in_the_active_language_only(world, login):
    """No "中文 / English" pairs: an English page says it in English, a Chinese page in Chinese."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.office)
    bad = SimpleUploadedFile("计划.docx", b"PK\x03\x04 not really a docx", content_type="application/octet-stream")
    english = client.post(
        reverse("documents:upload"), {"document": bad, "kind": "auto"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Cannot read document" in english and "无法读取" not in english
    bad.seek(0)
    chinese = client.post(
        reverse("documents:upload"), {"document": bad, "kind": "auto"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "无法读取" in chinese and "Cannot read" not in chinese
    sub = Submission.objects.open_for(world.round, world.unit_a)
    refused = (
        login(world.signer_a)
        .post(reverse("filings:sign", args=[sub.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Only a submitted submission can be signed." in refused and "只有已提交" not in refused
