"""A job's page: a progress bar polled over HTMX, then the download (or the link to its result); a failed job can be retried.
A job queued while no worker runs says so; 我的后台任务 lists the caller's own recent jobs."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.log import record_export
from audit.models import Kind

from . import actions
from .access import access_result, jobs_visible
from .models import waiting_for_a_worker

RECENT_JOBS = 50  # 我的后台任务 shows this many, newest first


@login_required
def detail(request, job_id):
    job = actions.job_status(request.user, job_id)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, "no_worker": waiting_for_a_worker(job)})


@login_required
def mine(request):
    """我的后台任务 — the caller's own recent jobs (nobody else's), newest first."""
    jobs = list(jobs_visible(request.user).defer("result", "input")[:RECENT_JOBS])
    for job in jobs:
        job.no_worker = waiting_for_a_worker(job)
    return render(request, "jobs/mine.html", {"jobs": jobs})


@login_required
def download(request, job_id):
    job = access_result(request.user, job_id)
    record_export(request, job, name=job.filename, kind=Kind.DOWNLOAD)
    response = HttpResponse(bytes(job.result), content_type=job.content_type or "application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename=\"duban.bin\"; filename*=UTF-8''{quote(job.filename)}"
    return response


@login_required
@require_POST
def retry(request, job_id):
    return redirect(actions.retry(request.user, job_id))
