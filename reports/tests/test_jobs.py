"""A summary PDF of more than DUBAN_JOB_SUMMARY_THRESHOLD paragraphs renders as a background job, like a large round's."""

from django.urls import reverse

from jobs.models import Job
from reports import drafting
from reports.models import Paragraph, Summary


def make_summary(world, items=4):
    summary = Summary.objects.create(plan=world.plan, created_by=world.office)
    Paragraph.objects.create(
        summary=summary, key="title", part="", kind=drafting.TITLE, order=0, text="测试区卫生健康局2025年工作总结"
    )
    for n in range(items):
        Paragraph.objects.create(
            summary=summary,
            key=f"item:{n}",
            part="main",
            kind=drafting.ITEM,
            order=n + 1,
            text=f"第{n + 1}项工作已完成，群众满意度持续提升。",
        )
    return summary


def test_a_long_summary_pdf_becomes_a_job_then_the_same_file_at_once(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.DUBAN_JOB_SUMMARY_THRESHOLD = 3
    summary = make_summary(world)
    client = login(world.office)
    url = reverse("reports:export", args=[summary.pk, "pdf"])
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(url)
    job = Job.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == job.get_absolute_url()
        and job.status == Job.Status.QUEUED
    )
    assert 'hx-trigger="every 1s"' in client.get(job.get_absolute_url()).content.decode()
    for callback in queued:  # the worker step
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100
    pdf = client.get(reverse("jobs:download", args=[job.pk]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF" and "2025" in pdf["Content-Disposition"]
    again = client.get(url)  # unchanged summary: the finished file
    assert again["Location"] == reverse("jobs:download", args=[job.pk]) and Job.objects.count() == 1
    assert login(world.filler_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404
    # An edited summary is a new file.
    Paragraph.objects.filter(key="item:0").update(text="第1项工作超额完成。")
    with django_capture_on_commit_callbacks(execute=True):
        login(world.office).get(url)
    assert Job.objects.count() == 2


def test_a_failed_summary_job_shows_its_error_and_a_retry_finishes_it(
    world, login, settings, django_capture_on_commit_callbacks, monkeypatch
):
    import docrender.summary

    settings.DUBAN_JOB_SUMMARY_THRESHOLD = 3
    summary = make_summary(world)
    client = login(world.office)
    real = docrender.summary.render_summary_pdf

    def broken(doc):
        raise RuntimeError("字体缺失")

    monkeypatch.setattr(docrender.summary, "render_summary_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("reports:export", args=[summary.pk, "pdf"]))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "字体缺失" in client.get(job.get_absolute_url()).content.decode()
    monkeypatch.setattr(docrender.summary, "render_summary_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and bytes(job.result)[:4] == b"%PDF"


def test_a_short_summary_pdf_and_any_docx_stay_inline(world, login, settings):
    settings.DUBAN_JOB_SUMMARY_THRESHOLD = 10
    summary = make_summary(world)
    client = login(world.office)
    assert client.get(reverse("reports:export", args=[summary.pk, "pdf"])).content[:4] == b"%PDF"
    settings.DUBAN_JOB_SUMMARY_THRESHOLD = 1
    assert client.get(reverse("reports:export", args=[summary.pk, "docx"])).status_code == 200
    assert not Job.objects.exists()
