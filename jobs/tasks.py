"""The one Django task: run a Job's handler in the worker (``manage.py db_worker``)."""

from django.utils.module_loading import import_string

try:  # Django 6 has the framework built in; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def run_job(job_id):
    from .models import Job

    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job.claim():
        return None  # gone, or already taken by another worker
    job.refresh_from_db()
    try:
        data = import_string(job.handler)(job, **job.args)
    except Exception as exc:  # the user sees the message and can retry
        job.fail(f"{exc.__class__.__name__}: {exc}")
        raise
    job.finish(data)
    return len(data)
