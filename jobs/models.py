"""后台任务 — long work (a 500-task PDF, a big import) done by a worker, with progress and a result.

A Job is the user-facing record: what was asked, how far it is, the file it produced. The work
itself runs as a Django task (``jobs.tasks.run_job``, through the django-tasks backport today and
``django.tasks`` on Django 6), executed by ``manage.py db_worker`` from the database queue: no
broker, and several web hosts and workers can share one database.

* Inputs (an uploaded file) and results live in the database, never on a web host's disk, so any
  web host shows any job and any worker runs it.
* A handler returns the file's bytes (downloaded from the job page) or an ``Outcome``: where the
  result is (a preview, a publication, a dashboard) and a summary the job page shows.
* A job is keyed by the hash of its inputs, so asking twice for the same unchanged data gives the
  finished file at once.
* A worker killed mid-run leaves a running job whose heartbeat stops; ``refresh_stale`` marks it
  failed, and the user retries it.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class JobError(Exception):
    """A refusal the user should read as it is (an unreadable upload, data that changed): no class name, no traceback."""


@dataclass
class Outcome:
    """What a handler that makes no file returns: where its result is, and a summary for the job page.

    ``template`` (optional) is included on the job page with ``outcome`` = ``data`` (JSON-able), so
    each kind of job shows its summary with its own markup, in the reader's language.
    """

    link: str = ""
    template: str = ""
    data: dict = field(default_factory=dict)


def content_key(*parts):
    """A stable hash of a job's inputs (any JSON-able values)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    handler = models.CharField(max_length=200)  # dotted path: handler(job, **args) -> bytes
    args = models.JSONField(default=dict)
    key = models.CharField(max_length=64)
    label = models.CharField(_("任务"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(_("错误"), blank=True)
    result = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    input = models.BinaryField(
        null=True, blank=True, editable=False
    )  # what the handler reads (an upload), dropped when done
    link = models.CharField(max_length=500, blank=True)  # where the result is, for a job that makes no file
    outcome = models.JSONField(default=dict, blank=True)  # {"template": …, "data": {…}}: the summary on the job page
    language = models.CharField(max_length=15, blank=True)  # the asker's language: progress messages are written in it
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["handler", "key", "created_by"], name="one_job_per_input_and_user")
        ]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self):
        return f"{self.label} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    # --- asking for work -----------------------------------------------------------------
    @classmethod
    def request(cls, user, handler, args, key, label, filename="", content_type="", input=None, fresh=False):
        """The job for these inputs: the finished one when it exists, else (re)queued now.

        ``fresh`` (an action, not a file: an import, a reminder run, a publish): a finished or failed
        job is run again with these ``args`` and ``input``; only one still queued or running is reused.
        """
        with transaction.atomic():
            job, created = cls.objects.get_or_create(
                handler=handler,
                key=key,
                created_by=user,
                defaults={
                    "args": args,
                    "label": label,
                    "filename": filename,
                    "content_type": content_type,
                    "input": input,
                    "language": get_language() or "",
                },
            )
        job.refresh_stale()
        if fresh and not created and job.status in (cls.Status.DONE, cls.Status.FAILED):
            job.enqueue(
                args=args,
                label=label,
                filename=filename,
                content_type=content_type,
                input=input,
                language=get_language() or "",
            )
        elif created or job.status == cls.Status.FAILED:
            job.enqueue()
        return job

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def enqueue(self, **changes):
        """Put the job (back) in the queue, with ``changes`` to its fields; a failed job is retried from the start.

        Not while a worker runs it: of two clicks at once, the second finds it running and queues nothing.
        """
        from .tasks import run_job

        reset = {
            "status": self.Status.QUEUED,
            "progress": 0,
            "message": "",
            "error": "",
            "result": None,
            "finished_at": None,
            "link": "",
            "outcome": {},
            **changes,
        }
        if not Job.objects.filter(pk=self.pk).exclude(status=self.Status.RUNNING).update(**reset):
            self.refresh_from_db()
            return False
        for name, value in reset.items():
            setattr(self, name, value)
        transaction.on_commit(lambda: run_job.enqueue(self.pk))
        return True

    # --- doing it (in the worker) --------------------------------------------------------------
    def claim(self):
        """queued → running, once: two workers never run the same job."""
        now = timezone.now()
        claimed = Job.objects.filter(pk=self.pk, status=self.Status.QUEUED).update(
            status=self.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=models.F("attempts") + 1
        )
        return bool(claimed)

    def report(self, progress, message=""):
        """Progress from the handler; also the heartbeat that tells a live worker from a dead one."""
        self.progress = max(0, min(99, int(progress)))
        Job.objects.filter(pk=self.pk, status=self.Status.RUNNING).update(
            progress=self.progress, message=str(message)[:300], heartbeat_at=timezone.now()
        )

    def finish(self, data):
        """Done: ``data`` is the file's bytes or an ``Outcome``. The input is no longer needed and goes."""
        now = timezone.now()
        if isinstance(data, Outcome):
            outcome = {"template": data.template, "data": data.data} if data.template else {}
            Job.objects.filter(pk=self.pk).update(
                status=self.Status.DONE,
                progress=100,
                result=None,
                link=data.link,
                outcome=outcome,
                input=None,
                finished_at=now,
                heartbeat_at=now,
            )
            return
        Job.objects.filter(pk=self.pk).update(
            status=self.Status.DONE, progress=100, result=data, input=None, finished_at=now, heartbeat_at=now
        )

    def fail(self, error):
        Job.objects.filter(pk=self.pk).update(
            status=self.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )

    @classmethod
    def purge(cls, now=None):
        """Delete finished and failed jobs (their files with them) older than DUBAN_JOB_KEEP_DAYS; returns how many.

        Queued and running jobs stay. Asking again for a purged export renders it anew.
        """
        limit = (now or timezone.now()) - timedelta(days=settings.DUBAN_JOB_KEEP_DAYS)
        deleted, _per_model = cls.objects.filter(
            status__in=(cls.Status.DONE, cls.Status.FAILED), finished_at__lt=limit
        ).delete()
        return deleted

    def refresh_stale(self):
        """A running job with no heartbeat for DUBAN_JOB_STALE_SECONDS lost its worker: mark it failed."""
        limit = timezone.now() - timedelta(seconds=settings.DUBAN_JOB_STALE_SECONDS)
        stale = Job.objects.filter(pk=self.pk, status=self.Status.RUNNING, heartbeat_at__lt=limit).update(
            status=self.Status.FAILED,
            error=str(_("处理中断：后台工作进程已停止，请重试。")),
            finished_at=timezone.now(),
        )
        if stale:
            self.refresh_from_db()
        return bool(stale)


class WorkerBeat(models.Model):
    """后台处理程序的心跳 — each running ``manage.py db_worker`` writes its row every DUBAN_WORKER_BEAT_SECONDS.

    It tells a queue nobody works on (no worker started, or every worker gone) from a busy one: a job
    page says so after DUBAN_JOB_WORKER_WAIT_SECONDS, and ``manage.py check`` warns (duban.W001).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("后台处理程序")
        verbose_name_plural = _("后台处理程序")

    def __str__(self):
        return f"{self.host}:{self.pid}"

    @classmethod
    def beat(cls, worker_id, host="", pid=0, now=None):
        """This worker is alive now; rows of workers silent for a day go."""
        now = now or timezone.now()
        cls.objects.update_or_create(
            worker_id=worker_id,
            defaults={"host": host[:255], "pid": pid, "beat_at": now},
            create_defaults={"host": host[:255], "pid": pid, "started_at": now, "beat_at": now},
        )
        cls.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()

    @classmethod
    def last_beat(cls):
        return cls.objects.aggregate(last=models.Max("beat_at"))["last"]

    @classmethod
    def alive(cls, now=None):
        """Whether some worker has beaten within DUBAN_WORKER_SILENT_SECONDS."""
        last = cls.last_beat()
        return last is not None and last >= (now or timezone.now()) - timedelta(
            seconds=settings.DUBAN_WORKER_SILENT_SECONDS
        )


def waiting_for_a_worker(job, now=None):
    """A job queued longer than DUBAN_JOB_WORKER_WAIT_SECONDS while no worker beats: nobody will run it until one starts."""
    if job.status != Job.Status.QUEUED or job.created_at is None:
        return False
    now = now or timezone.now()
    return job.created_at <= now - timedelta(seconds=settings.DUBAN_JOB_WORKER_WAIT_SECONDS) and not WorkerBeat.alive(
        now
    )
