from django.core.management.base import BaseCommand, CommandError

from audit.log import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; name the first broken record (exit status 1 when broken)."

    def handle(self, *args, **options):
        checked, broken, reason = verify()
        if broken is not None:
            what = (
                "does not follow the record before it (a record was deleted or inserted)"
                if reason == "prev"
                else "was changed after it was written"
            )
            raise CommandError(
                f"audit chain broken at record {broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S} {broken.kind} {broken.username}): it {what}; {checked} records before it verify."
            )
        if reason == "head":
            raise CommandError(
                f"audit chain broken: the newest record is not the one last written (records were deleted at the end); {checked} records verify."
            )
        self.stdout.write(f"audit chain intact: {checked} records.")
