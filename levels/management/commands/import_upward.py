"""Import a district's upward report file into the city's round.

manage.py import_upward FILE --city 331000 [--user USERNAME]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from levels import exchange
from units.models import Unit, User


class Command(BaseCommand):
    help = "导入区县上报文件 / Import a district's upward report (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--city", required=True, help="市级行政区划代码或单位名称 / the city's division code or name"
        )
        parser.add_argument("--user", help="以该督办员身份导入 / import as this office user")

    def handle(self, *args, file, city, user=None, **options):
        target = (
            Unit.objects.filter(kind=Unit.Kind.CITY, division_code=city).first()
            or Unit.objects.filter(kind=Unit.Kind.CITY, name=city).first()
        )
        if target is None:
            raise CommandError(f"找不到市级单位 / City not found: {city}")
        actor = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(unit=target, role=User.Role.OFFICE).first()
        )
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 / File not found: {file}")
        try:
            report = exchange.import_file(path.read_bytes(), target, actor)
        except exchange.ExchangeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{report.district.name} → {report.city_round.name}: {report.content_hash}")
        )
