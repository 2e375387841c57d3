"""重建检索索引 as a background job: the admin's trigger or `rebuild_search_index --background` enqueue it, the worker
reports progress; batch by batch, so a search during the rebuild still finds everything. Inline for batch use."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from conftest import fill_ready, make_user
from filings.models import Submission
from jobs.models import Job
from search import index, query
from search.models import Entry
from units.models import User


@pytest.fixture
def indexed(world):
    sub = Submission.objects.open_for(world.round, world.unit_a)
    for filing in sub.filings.all():
        fill_ready(filing, world.filler_a, completion="新增普惠托位120个，家庭医生签约服务覆盖率达到75%。")
    world.admin = make_user("sysadmin", None, User.Role.ADMIN)
    return world


def entries():
    return sorted(Entry.objects.values_list("kind", "object_id", "tokens"))


def test_the_admin_rebuilds_the_index_as_a_job_with_progress(
    indexed, login, django_capture_on_commit_callbacks, monkeypatch
):
    before = entries()
    Entry.objects.filter(kind="task").delete()
    reported = []
    real_report = Job.report
    monkeypatch.setattr(
        Job,
        "report",
        lambda self, progress, message="": (reported.append(progress), real_report(self, progress, message)),
    )
    client = login(indexed.admin)
    assert reverse("search:reindex") in client.get(reverse("search:search")).content.decode()
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("search:reindex"))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.status == Job.Status.QUEUED
    for callback in queued:  # the worker step
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and entries() == before
    assert reported[-1] == 100 and len(reported) >= 3  # per batch, not one jump
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"检索索引已重建，共 {len(before)} 条。" in page and reverse("search:search") in page


def test_only_the_admin_over_every_level_may_rebuild(indexed, login):
    for user in (indexed.office, indexed.filler_a):
        client = login(user)
        assert reverse("search:reindex") not in client.get(reverse("search:search")).content.decode()
        assert client.post(reverse("search:reindex")).status_code == 403
    assert not Job.objects.exists()


def test_a_failed_reindex_shows_its_error_and_a_retry_finishes(
    indexed, login, django_capture_on_commit_callbacks, monkeypatch
):
    real = index.rebuild
    monkeypatch.setattr(index, "rebuild", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("分词词典缺失")))
    client = login(indexed.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("search:reindex"))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "分词词典缺失" in client.get(job.get_absolute_url()).content.decode()
    monkeypatch.setattr(index, "rebuild", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2


def test_the_command_queues_a_job_with_background_and_runs_inline_without(indexed, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_search_index", "--background", "--user", "sysadmin", stdout=out)
    job = Job.objects.get()
    assert (
        f"queued job {job.pk}" in out.getvalue() and job.created_by == indexed.admin and job.status == Job.Status.DONE
    )
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--background")
    out = StringIO()
    call_command("rebuild_search_index", "--kind", "task", stdout=out)  # batch use: here and now, no job
    assert "task: 3" in out.getvalue() and Job.objects.count() == 1


def test_a_search_during_the_rebuild_finds_everything(indexed):
    before = entries()
    seen = []

    def progress(done, total):
        seen.append((done, total, query.search(indexed.office, "托位").total, len(entries())))

    index.rebuild(batch=1, progress=progress)
    assert seen and all(
        hits == 3 and count == len(before) for _d, _t, hits, count in seen
    )  # task 1 and unit A's two filings
    assert seen[-1][0] == seen[-1][1] and entries() == before


def test_entries_of_objects_gone_are_dropped_by_the_rebuild(indexed):
    Entry.objects.create(kind="task", object_id=999999, title="已删除的任务")
    index.rebuild(["task"])
    assert not Entry.objects.filter(object_id=999999).exists() and Entry.objects.filter(kind="task").count() == 3
