"""What a person does with their own background jobs: the views only translate."""

from .access import ACT, READ, access_job
from .models import Job


def _as_it_stands(job):
    job.refresh_stale()  # a running job whose worker stopped is marked failed
    return job


def job_status(user, job_id):
    """The asker's job as it stands now; another user's job is NotFound."""
    return _as_it_stands(access_job(user, job_id, READ))


def retry(user, job_id):
    """Run the asker's failed job again (a job not failed is left as it is); another user's job is NotFound."""
    job = _as_it_stands(access_job(user, job_id, ACT))
    if job.status == Job.Status.FAILED:
        job.enqueue()
    return job
