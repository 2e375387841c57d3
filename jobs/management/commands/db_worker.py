"""``manage.py db_worker`` — django-tasks-db's worker, plus a heartbeat (jobs.models.WorkerBeat).

A thread writes the heartbeat at start and every DUBAN_WORKER_BEAT_SECONDS, also while a long job
runs, so a job page and ``manage.py check`` can tell a queue nobody works on from a busy one.
"""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker as base

from jobs.models import WorkerBeat

logger = logging.getLogger("duban.jobs")


def start_heartbeat(worker_id, interval=None):
    """Beat once now, then from a daemon thread until the process ends; returns the thread's stop event."""
    host, pid = socket.gethostname(), os.getpid()
    stop = threading.Event()

    def beat():
        try:
            WorkerBeat.beat(worker_id, host, pid)
        except Exception:  # a locked or lost database must not stop the worker: the next beat retries
            logger.warning("db_worker: heartbeat not written", exc_info=True)
        finally:
            close_old_connections()

    def loop():
        while not stop.wait(interval or settings.DUBAN_WORKER_BEAT_SECONDS):
            beat()
        connection.close()

    beat()
    close_old_connections()
    threading.Thread(target=loop, name="duban-worker-heartbeat", daemon=True).start()
    return stop


class Command(base.Command):
    help = base.Command.help + " (with a heartbeat: jobs.models.WorkerBeat)"

    def handle(self, *args, **options):
        reloading_parent = (
            options.get("reload") and not options.get("batch") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        )
        if not reloading_parent:  # under --reload only the child that runs the jobs beats
            start_heartbeat(options["worker_id"])
        return super().handle(*args, **options)
