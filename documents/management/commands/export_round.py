"""Export a round's official table: manage.py export_round ROUND --format docx|xlsx|pdf|html [--layout status|form] [--unit ID] -o FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import exports
from filings.models import Round
from units.models import Unit


class Command(BaseCommand):
    help = "导出轮次的完成情况表或填报表 / Export a round's status table or filing form."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="轮次 ID / round id")
        parser.add_argument("--format", dest="fmt", choices=sorted(exports.FORMATS), default="docx")
        parser.add_argument("--layout", choices=exports.LAYOUTS, default="status")
        parser.add_argument("--unit", type=int, help="只导出该单位 / only this unit")
        parser.add_argument("--include-signed", action="store_true", help="含已签发、未审核的内容（标注【未审核】） / add signed work, marked")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, round, fmt, layout, unit, output, include_signed=False, **options):
        round_ = Round.objects.select_related("plan__issuer").filter(pk=round).first()
        if round_ is None:
            raise CommandError(f"找不到轮次 / No such round: {round}")
        unit_obj = None
        if unit is not None:
            unit_obj = Unit.objects.filter(pk=unit).first()
            if unit_obj is None:
                raise CommandError(f"找不到单位 / No such unit: {unit}")
        build = exports.status_table if layout == "status" else exports.filing_form
        states = exports.WITH_SIGNED if include_signed else exports.OFFICIAL
        data = exports.render(build(round_, unit=unit_obj, states=states), fmt)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes")
