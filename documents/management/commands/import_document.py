"""Import documents in batches: manage.py import_document FILE … [--round ID] [--kind KIND] [--dry-run]

A plan document becomes a plan; a filled form or status table becomes filings — in ``--round``
(matched to its tasks by text similarity) or, without it, in a new plan and round.
Each file is imported in its own transaction: one bad file does not stop or undo the others.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from docparse.periods import round_name_from_report
from documents import services
from filings.models import Round
from plans.models import Plan
from units.models import User


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class Command(BaseCommand):
    help = "批量导入文档 / Import documents in batches."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--round", type=int, help="写入已有轮次 / file into this existing round")
        parser.add_argument("--kind", choices=Plan.Kind.values, help="新建计划的类型 / kind of a new plan")
        parser.add_argument(
            "--user", default=None, help="记为此用户的操作 / act as this username (default: first office user)"
        )
        parser.add_argument("--dry-run", action="store_true", help="只识别不保存 / parse and report, save nothing")

    def handle(self, *args, files, round, kind, user, dry_run, **options):
        from docparse.errors import ParseError
        from documents.services import parse_document

        actor = self._actor(user)
        round_ = Round.objects.select_related("plan").filter(pk=round).first() if round else None
        if round and round_ is None:
            raise CommandError(f"找不到轮次 / No such round: {round}")
        failures = 0
        for name in files:
            path = Path(name)
            try:
                doc = parse_document(path.read_bytes(), path.name)
            except (OSError, ParseError) as exc:
                failures += 1
                self.stderr.write(f"{name}: {exc}")
                continue
            refused = services.roll_up_notice(doc)
            if refused:  # a city's 全市汇总 is no unit's filing: said, and nothing saved
                failures += 1
                self.stderr.write(f"{name}: {refused}")
                continue
            try:
                with transaction.atomic():
                    summary = self._import(doc, path.name, round_, kind, actor)
                    if dry_run:
                        raise DryRun
            except DryRun:
                summary["dry_run"] = True
            self.stdout.write(json.dumps({"file": name, **summary}, ensure_ascii=False))
        if failures:
            raise CommandError(f"{failures} 个文件无法导入 / {failures} file(s) could not be imported")

    def _actor(self, username):
        if username:
            found = User.objects.filter(username=username).first()
            if found is None:
                raise CommandError(f"找不到用户 / No such user: {username}")
            return found
        found = User.objects.filter(role__in=[User.Role.OFFICE, User.Role.ADMIN]).order_by("pk").first()
        if found is None:
            raise CommandError("没有督办员账号，请用 --user 指定 / No office user; pass --user")
        return found

    def _import(self, doc, filename, round_, kind, actor):
        tasks = services.all_tasks(doc)
        if doc.get("kind") in ("filing_form", "status_table"):
            if round_:
                matches = services.match_tasks(tasks, list(round_.plan.tasks.all()))
                services.import_filings(doc, round_, [(p, t) for p, t, _s in matches], actor)
                return {
                    "kind": doc["kind"],
                    "round": round_.pk,
                    "matched": sum(1 for _p, t, _s in matches if t),
                    "rows": len(tasks),
                }
            plan, new_round, _subs = services.import_report(
                doc,
                kind=kind or services.plan_kind_from_title(doc.get("title") or "", default=Plan.Kind.KEY_WORK),
                issuer=actor.unit,
                source_name=filename,
                round_name=round_name_from_report(doc),
                user=actor,
            )
            return {"kind": doc["kind"], "plan": plan.pk, "round": new_round.pk, "rows": len(tasks)}
        plan = services.import_plan(
            doc,
            kind=kind or services.plan_kind_from_title(doc.get("title") or ""),
            issuer=actor.unit,
            source_name=filename,
        )
        return {
            "kind": doc.get("kind"),
            "plan": plan.pk,
            "sections": plan.sections.count(),
            "tasks": plan.tasks.count(),
        }
