"""Demo data imported from the seed documents (../shared/seeds/), with a login for each role.

    manage.py load_demo [--seeds DIR] [--password PW]

Idempotent: when the demo units exist already it only prints the logins.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents import services
from plans.models import Plan
from units.models import Unit, User

DEFAULT_PASSWORD = "duban-demo-2025"

# (username, display name, unit name, role, what to try)
DEMO_USERS = [
    ("admin", "系统管理员", None, User.Role.ADMIN, "全部功能与 /admin/"),
    ("office", "督办员", "杭州市江干区卫生健康局", User.Role.OFFICE, "计划、轮次、审核、汇总表"),
    ("filler", "江干填报人", "杭州市江干区卫生健康局", User.Role.FILLER, "填报 2020年第三季度（江干工作要点）"),
    ("signer", "江干签发人", "杭州市江干区卫生健康局", User.Role.SIGNER, "签发江干的报送"),
    ("jiaojiang", "王婧", "台州市椒江区卫生健康局", User.Role.FILLER, "椒江 2023年上半年（已签发，待审核）"),
    ("jiaojiang_head", "严邦星", "台州市椒江区卫生健康局", User.Role.SIGNER, "椒江签发人"),
    ("yuhuan", "玉环填报人", "玉环市卫生健康局", User.Role.FILLER, "玉环 2025年第一季度（已审核）"),
    ("yuhuan_head", "玉环签发人", "玉环市卫生健康局", User.Role.SIGNER, "玉环签发人"),
]


class Command(BaseCommand):
    help = "导入种子文档作为演示数据 / Import the seed documents as demo data."

    def add_arguments(self, parser):
        default = os.environ.get("DUBAN_SEEDS") or str(Path(settings.BASE_DIR).parent / "shared" / "seeds")
        parser.add_argument("--seeds", default=default, help="种子文档目录 / seed folder (env DUBAN_SEEDS)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    def handle(self, *args, seeds, password, **options):
        if not User.objects.filter(username="office").exists():
            seeds = Path(seeds)
            if not seeds.is_dir():
                raise CommandError(f"找不到种子文档目录 / Seed folder not found: {seeds}")
            self.load(seeds, password)
        self.print_logins(password)
        __import__("reports.demo", fromlist=["load_demo"]).load_demo(self.stdout)
        __import__("units.demo", fromlist=["load_demo"]).load_demo(self.stdout)
        __import__("publishing.demo", fromlist=["load_demo"]).load_demo(self.stdout)

    @transaction.atomic
    def load(self, seeds, password):
        from docparse import parse

        def parsed(name):
            path = seeds / name
            return parse(path.read_bytes(), path.name)

        units = {name: Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.BUREAU})[0] for _u, _n, name, _r, _w in DEMO_USERS if name}
        users = {}
        for username, display, unit_name, role, _what in DEMO_USERS:
            user = User(username=username, display_name=display, role=role, unit=units.get(unit_name), is_staff=role == User.Role.ADMIN, is_superuser=role == User.Role.ADMIN)
            user.set_password(password)
            user.save()
            users[username] = user

        # 江干 2020 工作要点: the plan, and an open round for the demo filler.
        jianggan = parsed("jianggan-2020-work-plan.txt")
        plan = services.import_plan(jianggan, kind=Plan.Kind.WORK_POINTS, issuer=units["杭州市江干区卫生健康局"], source_name="jianggan-2020-work-plan.txt")
        plan.rounds.create(name="2020年第三季度", as_of=datetime.date(2020, 9, 30), due=datetime.date(2020, 10, 10), grace_days=5)

        # 椒江 2023 政府工作报告目标任务: plan + 上半年 round filled from the form, submitted and signed.
        form = parsed("jiaojiang-2023-target-filing-form.txt")
        self.import_report(form, Plan.Kind.GOV_REPORT, units["台州市椒江区卫生健康局"], "jiaojiang-2023-target-filing-form.txt",
                           "2023年上半年", users["jiaojiang"], users["jiaojiang_head"], None, users["office"])

        # 玉环 2025 重点工作: plan + 第一季度 round filled from the status table, approved.
        table = parsed("yuhuan-2025-q1-key-work-status.txt")
        self.import_report(table, Plan.Kind.KEY_WORK, units["玉环市卫生健康局"], "yuhuan-2025-q1-key-work-status.txt",
                           "2025年第一季度", users["yuhuan"], users["yuhuan_head"], users["office"], users["office"])

    def import_report(self, doc, kind, unit, source, round_name, filler, signer, approver, office):
        """A filled form or status table: its plan, its round and the unit's submission."""
        plan, round_, submissions = services.import_report(doc, kind=kind, issuer=unit, source_name=source, round_name=round_name, user=filler)
        meta = doc.get("metadata") or {}
        for submission in submissions:
            submission.submit(filler, meta.get("填报人") or filler.display_name, meta.get("联系方式") or "—")
            submission.sign(signer)
            if approver:
                submission.approve(approver)

    def print_logins(self, password):
        self.stdout.write(self.style.SUCCESS("\n演示账号 / Demo logins (password 密码: %s)" % password))
        for username, _display, unit_name, role, what in DEMO_USERS:
            self.stdout.write(f"  {username:<15} {User.Role(role).label:<6} {unit_name or '':<14} {what}")
        self.stdout.write("Open 打开 http://127.0.0.1:8000/\n")
