"""后台任务的访问登记 — the only way a view gets a job: the asker's own, or NotFound.

A job is its asker's only (its input and result may hold anything the asker could read): another user's job
id is simply not found, never "forbidden", whoever asks. The errors and ``get_in`` are the access core's
(``units.access``), the one import of a domain app that jobs allows itself (pyproject's import-linter contract).
"""

from units.access import ACT, READ, get_in

from .models import Job

__all__ = ["ACT", "READ", "access_job", "access_result", "jobs_visible"]


def jobs_visible(user):
    """The jobs ``user`` asked for, newest first (我的后台任务)."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(created_by=user)


def access_job(user, job_id, need=READ):
    """One of ``user``'s own jobs (without its result's bytes), or NotFound (404)."""
    del need  # the asker reads and retries their own job; nobody else may do either
    return get_in(jobs_visible(user).defer("result"), pk=job_id)


def access_result(user, job_id):
    """One of ``user``'s own finished jobs with its file, or NotFound (404): a job still running, failed or
    without a file has nothing to download."""
    return get_in(jobs_visible(user).filter(status=Job.Status.DONE, result__isnull=False), pk=job_id)
