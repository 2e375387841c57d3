"""A job comes through the access registry (jobs.access) and its use cases (jobs.actions): it is its asker's
only, so anyone else — another unit's filler, the office, a system admin — does not find it (404, never 403),
cannot download its file or retry it; a job without a finished file has nothing to download, even for its asker."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from audit.models import Event, Kind
from jobs import actions
from jobs.access import access_job, access_result, jobs_visible
from jobs.models import Job
from units.access import ACT, NotFound
from units.models import User


def _job(user, status, result=None, key="k"):
    return Job.objects.create(
        handler="jobs.tests.handlers.echo",
        args={"text": "x"},
        key=key,
        label="导出",
        created_by=user,
        status=status,
        result=result,
        filename="结果.txt",
        content_type="text/plain",
        error="数据不完整" if status == Job.Status.FAILED else "",
    )


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="Root-admin-pass-9", role=User.Role.ADMIN)


def test_each_user_sees_only_the_jobs_they_asked_for(world, root):
    done = _job(world.filler_a, Job.Status.DONE, b"x")
    assert list(jobs_visible(world.filler_a)) == [done]
    for nobody in (world.filler_b, world.office, root, AnonymousUser()):
        assert not jobs_visible(nobody).exists()
        with pytest.raises(NotFound):
            access_job(nobody, done.pk, ACT)
        with pytest.raises(NotFound):
            access_result(nobody, done.pk)
    assert access_job(world.filler_a, done.pk) == done
    assert bytes(access_result(world.filler_a, done.pk).result) == b"x"


def test_a_job_without_a_finished_file_has_nothing_to_download(world):
    running = _job(world.filler_a, Job.Status.RUNNING, key="r")
    failed = _job(world.filler_a, Job.Status.FAILED, key="f")
    for job in (running, failed):
        with pytest.raises(NotFound):
            access_result(world.filler_a, job.pk)


def test_only_the_asker_retries_a_failed_job(world, root, django_capture_on_commit_callbacks):
    failed = _job(world.filler_a, Job.Status.FAILED)
    for outsider in (world.filler_b, world.office, root):
        with pytest.raises(NotFound):
            actions.retry(outsider, failed.pk)
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED and failed.attempts == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.retry(world.filler_a, failed.pk) == failed
    failed.refresh_from_db()
    assert failed.status == Job.Status.DONE and bytes(failed.result) == b"x"


def test_others_get_404_on_a_users_job_pages_and_no_download_is_recorded(world, root, login):
    done = _job(world.filler_a, Job.Status.DONE, "结果".encode())
    failed = _job(world.filler_a, Job.Status.FAILED, key="f")
    for outsider in (world.office, root, world.signer_a):
        client = login(outsider)
        assert client.get(reverse("jobs:detail", args=[done.pk])).status_code == 404
        assert client.get(reverse("jobs:download", args=[done.pk])).status_code == 404
        assert client.post(reverse("jobs:retry", args=[failed.pk])).status_code == 404
    assert not Event.objects.filter(kind=Kind.DOWNLOAD).exists()
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED
    response = login(world.filler_a).get(reverse("jobs:download", args=[done.pk]))
    assert response.status_code == 200 and response.content == "结果".encode()
    event = Event.objects.get(kind=Kind.DOWNLOAD)
    assert event.user_id == world.filler_a.pk and event.object_id == str(done.pk) and event.action == "结果.txt"
