"""manage.py purge_imports [--hours H] — delete import previews (上传后未确认的识别结果) older than DUBAN_IMPORT_PREVIEW_HOURS.

Confirming or cancelling an import deletes its preview at once; this removes the ones nobody finished.
Run it from cron (e.g. hourly); uploads also purge the expired previews as they go.
"""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from documents.services import purge_previews


class Command(BaseCommand):
    help = "Delete stored import previews older than DUBAN_IMPORT_PREVIEW_HOURS"

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, default=None, help="keep previews this many hours (default: the setting)"
        )

    def handle(self, *args, hours, **options):
        if hours is not None:
            with override_settings(DUBAN_IMPORT_PREVIEW_HOURS=hours):
                deleted = purge_previews()
        else:
            deleted = purge_previews()
        self.stdout.write(f"{deleted}")
