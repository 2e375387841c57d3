import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit.log import _lock_chain, record
from audit.models import Chain, Event, Kind


class Command(BaseCommand):
    help = "Delete audit records older than --days (at least DUBAN_AUDIT_KEEP_DAYS); the chain keeps an anchor and still verifies."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=float, default=None, help="keep this many days (default and minimum: DUBAN_AUDIT_KEEP_DAYS)"
        )

    def handle(self, *args, days=None, **options):
        keep = settings.DUBAN_AUDIT_KEEP_DAYS
        days = keep if days is None else days
        if days < keep:
            raise CommandError(
                f"refused: audit records are kept at least {keep:g} days (DUBAN_AUDIT_KEEP_DAYS); --days {days:g} is younger."
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        with transaction.atomic():
            _lock_chain()
            count, last = Event.objects.purge_before(cutoff)
            if last is not None:
                Chain.objects.filter(pk=1).update(
                    anchor_hash=last.hash, anchor_event_id=last.pk, purged_at=timezone.now()
                )
        if last is not None:
            record(
                Kind.AUDIT,
                action="purge",
                details={"deleted": count, "before": cutoff.isoformat(), "anchor_event": last.pk},
            )
        self.stdout.write(f"deleted {count} audit records older than {days:g} days.")
