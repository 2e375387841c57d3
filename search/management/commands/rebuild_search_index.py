"""Rebuild the full-text index (every kind, or those named with --kind): here and now (batch use), or as a
background job with ``--background --user NAME`` (its progress on the job page for that user)."""

from django.core.management.base import BaseCommand, CommandError

from search.index import rebuild
from search.registry import registry


class Command(BaseCommand):
    help = "重建全文检索索引 / Rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="only this kind (repeatable): " + ", ".join(registry.kinds))
        parser.add_argument(
            "--background", action="store_true", help="queue it for `db_worker` instead of running it here"
        )
        parser.add_argument("--user", help="with --background: the user whose job page shows the progress")

    def handle(self, *args, kind=None, background=False, user=None, **options):
        unknown = [k for k in kind or [] if k not in registry.kinds]
        if unknown:
            raise CommandError(f"unknown kind {', '.join(unknown)}; known: {', '.join(registry.kinds)}")
        if background:
            self._enqueue(kind, user)
            return
        counts = rebuild(kind, stdout=self.stdout)
        self.stdout.write(f"indexed {sum(counts.values())} entries")

    def _enqueue(self, kind, username):
        from django.db import transaction

        from search.jobs import request_reindex
        from units.models import User

        if not username:
            raise CommandError("--background needs --user NAME (the job page is that user's)")
        owner = User.objects.filter(username=username).first()
        if owner is None:
            raise CommandError(f"no user {username!r}")
        with transaction.atomic():
            job = request_reindex(owner, kind)
        self.stdout.write(f"queued job {job.pk}: {job.get_absolute_url()}")
