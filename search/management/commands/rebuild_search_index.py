"""Rebuild the full-text index (every kind, or those named with --kind)."""

from django.core.management.base import BaseCommand, CommandError

from search.index import rebuild
from search.registry import registry


class Command(BaseCommand):
    help = "重建全文检索索引 / Rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="only this kind (repeatable): " + ", ".join(registry.kinds))

    def handle(self, *args, kind=None, **options):
        unknown = [k for k in kind or [] if k not in registry.kinds]
        if unknown:
            raise CommandError(f"unknown kind {', '.join(unknown)}; known: {', '.join(registry.kinds)}")
        counts = rebuild(kind, stdout=self.stdout)
        self.stdout.write(f"indexed {sum(counts.values())} entries")
