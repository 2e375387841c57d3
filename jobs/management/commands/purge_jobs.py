"""manage.py purge_jobs [--days D] — delete finished and failed background jobs (and the files they made)
older than DUBAN_JOB_KEEP_DAYS (default 7). Run it from cron, e.g. daily; queued and running jobs stay."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from jobs.models import Job


class Command(BaseCommand):
    help = "Delete finished background jobs older than DUBAN_JOB_KEEP_DAYS"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=float, default=None, help="keep jobs this many days (default: the setting)")

    def handle(self, *args, days, **options):
        if days is None:
            deleted = Job.purge()
        else:
            with override_settings(DUBAN_JOB_KEEP_DAYS=days):
                deleted = Job.purge()
        self.stdout.write(f"{deleted}")
