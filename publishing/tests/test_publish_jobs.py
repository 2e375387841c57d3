"""发布 of a round with more than DUBAN_JOB_PUBLISH_THRESHOLD rows: a worker renders the attachments and freezes the
version; the publication page shows the progress. The snapshot and its hashes are those of inline publishing."""

import pytest
from django.urls import reverse

from conftest import make_user
from jobs.models import Job
from publishing import services
from publishing.models import Publication, PublicationVersion
from units.models import User

from .conftest import PLANTED_PHONE, approve_round, make_publication


@pytest.fixture
def reviewed(approved, settings):
    settings.DUBAN_JOB_PUBLISH_THRESHOLD = 2  # the world round has 3 tasks
    settings.DUBAN_PUBLISH_FORMATS = ("docx", "xlsx")
    publication = make_publication(approved)
    review = services.start_review(publication, approved.office)
    for hit in review.hits.all():
        services.decide(hit, approved.office, "mask")
    return publication


def test_a_large_publish_is_a_job_shown_on_the_publication_page(
    approved, reviewed, login, django_capture_on_commit_callbacks
):
    client = login(approved.office)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("publishing:publish", args=[reviewed.pk]))
    job = Job.objects.get()
    assert (
        response["Location"] == reviewed.get_absolute_url()
        and job.status == Job.Status.QUEUED
        and not PublicationVersion.objects.exists()
    )
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert (
        'id="job-status"' in page and f'hx-get="{job.get_absolute_url()}"' in page and "正在后台生成附件并发布" in page
    )
    other = make_user("office2", approved.bureau, User.Role.OFFICE)
    other_page = login(other).get(reviewed.get_absolute_url()).content.decode()
    assert 'id="job-status"' not in other_page and "另一位督办员正在发布本信息" in other_page
    assert client.get(job.get_absolute_url()).status_code == 404  # the client is now `other`: not theirs
    client = login(approved.office)
    for callback in queued:  # the worker step
        callback()
    job.refresh_from_db()
    version = PublicationVersion.objects.get()
    assert (
        job.status == Job.Status.DONE
        and job.link == reviewed.get_absolute_url()
        and job.outcome["data"] == {"number": 1}
    )
    assert sorted(version.attachments.values_list("fmt", flat=True)) == ["docx", "xlsx"] and version.verify()
    assert version.published_by == approved.office and version.review.used_for == 1
    reviewed.refresh_from_db()
    assert reviewed.state == Publication.State.PUBLISHED
    assert "已发布第1版" in client.get(job.get_absolute_url()).content.decode()
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert 'id="job-status"' not in page and "第1版" in page


def test_the_job_freezes_what_inline_publishing_freezes(
    approved, reviewed, settings, django_capture_on_commit_callbacks, login
):
    with django_capture_on_commit_callbacks(execute=True):
        login(approved.office).post(reverse("publishing:publish", args=[reviewed.pk]))
    by_job = PublicationVersion.objects.get(publication=reviewed)
    html, _css = services.exports.html_fragment(
        services.apply_decisions(services.round_table(approved.round), list(by_job.review.hits.all()))
    )
    hashes = {a.fmt: a.sha256 for a in by_job.attachments.all()}
    assert by_job.table_html == html and by_job.content_hash == PublicationVersion.compute_hash(
        by_job.catalogue, by_job.title, html, hashes
    )


def test_a_change_while_the_attachments_render_freezes_nothing_and_a_retry_publishes(
    world, settings, login, django_capture_on_commit_callbacks, monkeypatch
):
    from publishing.models import PrivacyHit

    settings.DUBAN_JOB_PUBLISH_THRESHOLD = 2
    approve_round(world, completion_a=f"托位新增420个，联系电话{PLANTED_PHONE}。")
    approved, reviewed = world, make_publication(world)
    review = services.start_review(reviewed, world.office)
    for each in review.hits.all():
        services.decide(each, world.office, "mask")
    hit = review.hits.filter(text=PLANTED_PHONE).first()
    real_render = services.exports.render
    changed = []

    def render_then_change(document, fmt):
        data = real_render(document, fmt)
        if not changed:  # someone keeps a hit on the review page meanwhile
            changed.append(services.decide(PrivacyHit.objects.get(pk=hit.pk), approved.office, "keep", "公开需要"))
        return data

    monkeypatch.setattr(services.exports, "render", render_then_change)
    client = login(approved.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publishing:publish", args=[reviewed.pk]))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "请重新发布" in job.error and not PublicationVersion.objects.exists()
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert "请重新发布" in page and reverse("jobs:retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    version = PublicationVersion.objects.get()
    assert job.status == Job.Status.DONE and version.verify() and hit.text in version.table_html  # kept, as decided


def test_a_refusal_is_told_at_once_and_queues_nothing(approved, settings, login):
    settings.DUBAN_JOB_PUBLISH_THRESHOLD = 2
    publication = make_publication(approved)  # no privacy review yet
    response = login(approved.office).post(reverse("publishing:publish", args=[publication.pk]), follow=True)
    assert "请先进行隐私审查" in response.content.decode() and not Job.objects.exists()


def test_a_small_round_is_published_inline(approved, reviewed, settings, login):
    settings.DUBAN_JOB_PUBLISH_THRESHOLD = 50
    response = login(approved.office).post(reverse("publishing:publish", args=[reviewed.pk]), follow=True)
    assert (
        "已发布第1版" in response.content.decode()
        and PublicationVersion.objects.count() == 1
        and not Job.objects.exists()
    )
