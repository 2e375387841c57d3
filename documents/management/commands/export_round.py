"""Export a round's official table: manage.py export_round ROUND --format docx|xlsx|pdf|html [--layout status|form] [--unit ID] -o FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from documents import exports
from filings.access import access_round
from filings.models import Round
from supervision.access import require_office
from units.access import access_unit
from units.cli import acting_user, domain_errors
from units.models import Unit


class Command(BaseCommand):
    help = "导出轮次的完成情况表或填报表。"

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="轮次 ID")
        parser.add_argument("--format", dest="fmt", choices=sorted(exports.FORMATS), default="docx")
        parser.add_argument("--layout", choices=exports.LAYOUTS, default="status")
        parser.add_argument("--unit", type=int, help="只导出该单位")
        parser.add_argument("--include-signed", action="store_true", help="含已签发、未审核的内容（标注【未审核】）")
        parser.add_argument("--user", help="以该督办员的身份和权限范围导出（不填：系统）")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, round, fmt, layout, unit, output, include_signed=False, user=None, **options):
        actor = acting_user(user)
        with domain_errors():
            round_, unit_obj = self._objects(actor, round, unit)
        build = exports.status_table if layout == "status" else exports.filing_form
        states = exports.WITH_SIGNED if include_signed else exports.OFFICIAL
        data = exports.render(build(round_, unit=unit_obj, states=states), fmt)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes")

    def _objects(self, actor, round_id, unit_id):
        """The round and unit, through the access registry when a user acts (as on the pages)."""
        if actor is not None:
            require_office(actor)
            return access_round(actor, round_id), access_unit(actor, unit_id) if unit_id is not None else None
        round_ = Round.objects.select_related("plan__issuer").filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(_("找不到轮次：%(id)s") % {"id": round_id})
        unit_obj = None
        if unit_id is not None:
            unit_obj = Unit.objects.filter(pk=unit_id).first()
            if unit_obj is None:
                raise CommandError(_("找不到单位：%(id)s") % {"id": unit_id})
        return round_, unit_obj
