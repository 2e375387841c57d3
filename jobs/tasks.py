"""The one Django task: run a Job's handler in the worker (``manage.py db_worker``)."""

from django.conf import settings
from django.utils import translation

try:  # Django 6 has the framework built in; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def run_job(job_id):
    from .models import Job, JobError, Outcome

    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job.claim():
        return None  # gone, or already taken by another worker
    job.refresh_from_db()
    from .registry import lookup

    with translation.override(job.language or settings.LANGUAGE_CODE):  # progress and errors in the asker's language
        func = lookup(job.handler)
        if func is None:
            job.fail(translation.gettext("未知的后台任务类型：%(name)s") % {"name": job.handler})
            return None
        try:
            data = func(job, **job.args)
        except JobError as exc:  # a refusal to read as it is; the user can retry
            job.fail(str(exc))
            return None
        except Exception as exc:  # the user sees the message and can retry
            job.fail(f"{exc.__class__.__name__}: {exc}")
            raise
    job.finish(data)
    return 0 if isinstance(data, Outcome) else len(data)
