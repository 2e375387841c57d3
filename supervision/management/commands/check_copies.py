"""check_copies — 照搬检查 of whole rounds in one batch (the save-time check keeps them current after).

manage.py check_copies 12 13        # rounds 12 and 13
manage.py check_copies --open       # every round not locked
"""

import time

from django.core.management.base import BaseCommand, CommandError

from filings.models import Round
from supervision import copies


class Command(BaseCommand):
    help = "照搬检查：逐轮次批量检查完成情况 / Check rounds' texts for copying."

    def add_arguments(self, parser):
        parser.add_argument("rounds", nargs="*", type=int, help="round ids")
        parser.add_argument("--open", action="store_true", help="every round that is not locked")

    def handle(self, *args, **options):
        rounds = (
            Round.objects.filter(locked=False) if options["open"] else Round.objects.filter(pk__in=options["rounds"])
        )
        if not options["open"] and not options["rounds"]:
            raise CommandError("give round ids or --open")
        missing = set(options["rounds"]) - set(rounds.values_list("pk", flat=True))
        if missing:
            raise CommandError(f"no such round: {', '.join(map(str, sorted(missing)))}")
        for round_ in rounds.order_by("pk"):
            started = time.perf_counter()
            found = copies.check_round(round_)
            self.stdout.write(
                f"check_copies: round {round_.pk}: {found} matches in {time.perf_counter() - started:.2f} s"
            )
