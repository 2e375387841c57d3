"""send_reminders — one pass of 催办 (for cron or a systemd timer), or a loop.

    manage.py send_reminders                 # once, now
    manage.py send_reminders --now 2025-04-18T09:00
    manage.py send_reminders --loop 600      # every 10 minutes until stopped

Running it twice, or in two workers at once, sends nothing twice (see supervision.reminders).
"""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from supervision import reminders


class Command(BaseCommand):
    help = "催办：提醒尚未报送的单位 / Remind units that owe filings."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO date-time to act as now (local time when no offset is given)")
        parser.add_argument("--loop", type=int, metavar="SECONDS", help="repeat every SECONDS until stopped")

    def handle(self, *args, **options):
        now = reminders.parse_now(options["now"]) if options["now"] else None
        while True:
            results = reminders.run(now)
            summary = ", ".join(f"{k}={v}" for k, v in sorted(results.items())) or "nothing to do"
            self.stdout.write(f"send_reminders: {summary}")
            for unit in results.unreachable:
                self.stderr.write(
                    self.style.WARNING(
                        _("警告：%(unit)s 没有联系邮箱，也没有群机器人地址，催办无法送达。请设置：%(url)s")
                        % {"unit": unit.name, "url": reminders.unit_settings_url(unit)}
                    )
                )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
