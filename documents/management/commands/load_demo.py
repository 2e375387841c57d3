"""Demo data.

    manage.py load_demo [--password PW]           the 临江市 demo (duban.demo), from the sample documents
                                                  in documents/demo/ — needs nothing outside the repository
    manage.py load_demo --seeds DIR [--password PW]
                                                  the real seed documents of DIR through the importer:

* 江干: the 2020 工作要点 imported from the seed, its 16 tasks assigned to the bureau's 科室, 直属单位
  and 社区卫生服务中心 from ``documents/demo/jianggan-2020-assignments.toml`` (a reviewed data file:
  who leads, who co-operates, each unit's e-mail, the filed texts and the 第三季度 states).
  第二季度 (as of 2020-06-30) is approved and locked. 第三季度 (as of 2020-09-30) is open and its due
  date is computed from today's date (today − 2 days, 5 grace days), so the demo always shows units
  overdue; its packages are left in every state (not started, draft, submitted, signed, returned,
  approved) and one unit has a 延期 request pending.
* 椒江 2023 上半年 (signed, awaiting review) and 玉环 2025 第一季度 (approved) from their seed documents.

Every step goes through the model methods (Filing.save_edit, Submission.submit/sign/approve/send_back).
Idempotent: when the demo's office user exists already it only prints the logins.
"""

import datetime
import os
import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from documents import services
from duban.demo import backdate, document_day
from duban.seeds import seeds_dir
from filings.models import Contribution, Round, Submission
from plans.models import Plan
from units.models import Unit, User

DEFAULT_PASSWORD = "duban-demo-2025"
ASSIGNMENTS = Path(__file__).resolve().parents[2] / "demo" / "jianggan-2020-assignments.toml"
BUREAU = "杭州市江干区卫生健康局"
Q2_NAME, Q3_NAME = "2020年第二季度", "2020年第三季度"
Q3_DUE_DAYS_AGO, Q3_GRACE_DAYS = 2, 5

# (username, display name, unit name, role, what to try) — the 江干 units' users are added from the data file.
DEMO_USERS = [
    ("admin", "系统管理员", None, User.Role.ADMIN, "全部功能与 /admin/"),
    ("office", "督办员", BUREAU, User.Role.OFFICE, "督办看板、审核、延期审批、汇总表"),
    ("jiaojiang", "王婧", "台州市椒江区卫生健康局", User.Role.FILLER, "椒江 2023年上半年（已签发，待审核）"),
    ("jiaojiang_head", "严邦星", "台州市椒江区卫生健康局", User.Role.SIGNER, "椒江签发人"),
    ("yuhuan", "玉环填报人", "玉环市卫生健康局", User.Role.FILLER, "玉环 2025年第一季度（已审核）"),
    ("yuhuan_head", "玉环签发人", "玉环市卫生健康局", User.Role.SIGNER, "玉环签发人"),
]

OTHER_BUREAU_EMAILS = {
    "台州市椒江区卫生健康局": "wjj@jiaojiang-wjj.example",
    "玉环市卫生健康局": "wjj@yuhuan-wjj.example",
}

STATE_LABELS = {
    "missing": "未开始",
    "draft": "草稿",
    "submitted": "已提交",
    "signed": "已签发",
    "returned": "已退回",
    "approved": "已审核",
}


def read_assignments(path=ASSIGNMENTS):
    """The 江干 demo data file, parsed."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def unit_usernames(entry):
    """(filler username, signer username) of a [[units]] entry."""
    return entry.get("username") or entry["code"], entry.get("username_head") or f"{entry['code']}_head"


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Command(BaseCommand):
    help = "导入演示数据：江干区卫生健康局的一年，以及椒江、玉环的种子文档。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds",
            nargs="?",
            const=str(seeds_dir()),
            default=None,
            help="改为导入真实的种子文档（江干、椒江、玉环）；目录默认为环境变量 DUBAN_SEEDS，否则 ../shared/seeds。不加此项时导入仓库自带的临江市演示文档。",
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    def handle(self, *args, seeds, password, **options):
        if seeds is None:
            from duban import demo

            if not User.objects.filter(username="office").exists():
                self.story = demo.load(password, self.stdout)
            elif not Unit.objects.filter(name=demo.read_story()["city"]["name"]).exists():
                raise CommandError(
                    "数据库中已有其他数据（例如旧版演示或 --seeds 导入的种子文档），未导入临江市演示。删除数据库文件（db.sqlite3）后重新运行 scripts/start。"
                )
            __import__("units.demo", fromlist=["load_demo"]).load_demo(self.stdout)
            __import__("search.demo", fromlist=["load_demo"]).load_demo(self.stdout)
            demo.print_logins(self.stdout, self.style, password)
            self.print_address()
            return
        if not User.objects.filter(username="office").exists():
            seeds = Path(seeds)
            if not seeds.is_dir():
                raise CommandError(f"找不到种子文档目录：{seeds}（不加 --seeds 时导入仓库自带的演示文档）")
            self.load(seeds, password)
        # other apps' demo hooks — one line each, e.g. `from publishing.demo import load_demo; load_demo(self.stdout)`;
        # they run on every `scripts/start`, after the base demo, so each must be idempotent.
        __import__("reports.demo", fromlist=["load_demo"]).load_demo(self.stdout)
        __import__("units.demo", fromlist=["load_demo"]).load_demo(self.stdout)
        __import__("publishing.demo", fromlist=["load_demo"]).load_demo(self.stdout)
        __import__("scoring.demo", fromlist=["load_demo"]).load_demo(self.stdout)
        __import__("search.demo", fromlist=["load_demo"]).load_demo(self.stdout)  # last: indexes what the others made
        self.print_logins(password)

    # --- loading ---------------------------------------------------------------------------------------
    @transaction.atomic
    def load(self, seeds, password):
        from docparse import parse

        def parsed(name):
            path = seeds / name
            return parse(path.read_bytes(), path.name)

        data = read_assignments()
        today = timezone.localdate()
        # One hash for every demo user (hashing is slow by design: 38 users would take most of a minute).
        self.password_hash = make_password(password)
        units = {}
        for _username, _display, unit_name, _role, _what in DEMO_USERS:
            if unit_name and unit_name not in units:
                units[unit_name] = Unit.objects.get_or_create(name=unit_name, defaults={"kind": Unit.Kind.BUREAU})[0]
        bureau = units[BUREAU]
        for name, address in ((BUREAU, data.get("bureau_email", "")), *OTHER_BUREAU_EMAILS.items()):
            Unit.objects.filter(name=name).update(email=address)
        users = {}
        for username, display, unit_name, role, _what in DEMO_USERS:
            users[username] = self.make_user(username, display, units.get(unit_name), role)

        # 江干's internal units, each with its e-mail address and a 填报人 and 签发人.
        self.jianggan = {}
        for order, entry in enumerate(data["units"], start=1):
            unit = Unit.objects.create(
                name=entry["name"],
                short_name=entry.get("short_name", ""),
                kind=entry["kind"],
                parent=bureau,
                order=order,
                email=f"{entry['code']}@jianggan-wjj.example",
            )
            filler_name, signer_name = unit_usernames(entry)
            filler = self.make_user(filler_name, entry["filler"], unit, User.Role.FILLER)
            signer = self.make_user(signer_name, entry["signer"], unit, User.Role.SIGNER)
            self.jianggan[unit.name] = {
                "unit": unit,
                "filler": filler,
                "signer": signer,
                "phone": f"0571-8691{order:04d}",
            }

        # 江干 2020 工作要点: the plan, its tasks assigned from the data file, 第二季度 approved, 第三季度 open.
        doc = parsed("jianggan-2020-work-plan.txt")
        plan = services.import_plan(
            doc, kind=Plan.Kind.WORK_POINTS, issuer=bureau, source_name="jianggan-2020-work-plan.txt"
        )
        tasks = {t.number: t for t in plan.tasks.all()}
        for row in data["tasks"]:
            task = tasks[row["number"]]
            if row["quote"] not in task.text:
                raise CommandError(f"第{row['number']}项的引文不在任务原文中：{row['quote']}")
            task.lead_unit = self.jianggan[row["lead"]]["unit"]
            task.save(update_fields=["lead_unit"])
            task.co_units.set([self.jianggan[name]["unit"] for name in row.get("co_units", [])])
            for subject, value in row.get("targets", {}).items():
                task.indicators.filter(subject=subject).update(target_value=Decimal(str(value)))
        rows = {row["number"]: row for row in data["tasks"]}
        office = users["office"]

        q2 = plan.rounds.create(
            name=Q2_NAME, as_of=datetime.date(2020, 6, 30), due=datetime.date(2020, 7, 10), grace_days=5
        )
        for name in self.lead_units(plan):
            people = self.jianggan[name]
            submission = self.fill(q2, people, rows, "q2")
            submission.submit(people["filler"], people["filler"].display_name, people["phone"])
            submission.sign(people["signer"])
            submission.approve(office)
            self.backdate(
                submission,
                submitted=at(datetime.date(2020, 7, 8), 16, 20),
                signed=at(datetime.date(2020, 7, 9), 9, 40),
                approved=at(datetime.date(2020, 7, 13), 10, 15),
            )
        q2.lock(today)

        q3 = plan.rounds.create(
            name=Q3_NAME,
            as_of=datetime.date(2020, 9, 30),
            due=today - datetime.timedelta(days=Q3_DUE_DAYS_AGO),
            grace_days=Q3_GRACE_DAYS,
        )
        self.q3 = q3
        self.q3_states = {}
        for entry in data["q3_units"]:
            self.q3_states[entry["unit"]] = entry["state"]
            self.q3_unit(q3, entry, rows, office, tasks)
        for entry in data.get("q3_contributions", []):
            people = self.jianggan[entry["unit"]]
            filing = Submission.objects.get(round=q3, unit=tasks[entry["task"]].lead_unit).filings.get(
                task=tasks[entry["task"]]
            )
            Contribution.objects.create(filing=filing, unit=people["unit"], author=people["filler"], text=entry["text"])

        # 椒江 2023 政府工作报告目标任务: plan + 上半年 round filled from the form, submitted and signed.
        form = parsed("jiaojiang-2023-target-filing-form.txt")
        self.import_report(
            form,
            Plan.Kind.GOV_REPORT,
            units["台州市椒江区卫生健康局"],
            "jiaojiang-2023-target-filing-form.txt",
            "2023年上半年",
            users["jiaojiang"],
            users["jiaojiang_head"],
            None,
        )

        # 玉环 2025 重点工作: plan + 第一季度 round filled from the status table, approved.
        table = parsed("yuhuan-2025-q1-key-work-status.txt")
        self.import_report(
            table,
            Plan.Kind.KEY_WORK,
            units["玉环市卫生健康局"],
            "yuhuan-2025-q1-key-work-status.txt",
            "2025年第一季度",
            users["yuhuan"],
            users["yuhuan_head"],
            office,
        )

        # 催办: the reminders due today for the open round's late units (by the configured e-mail backend).
        from supervision import reminders

        self.reminder_results = reminders.run()

    def make_user(self, username, display, unit, role):
        user = User(
            username=username,
            display_name=display,
            role=role,
            unit=unit,
            is_staff=role == User.Role.ADMIN,
            is_superuser=role == User.Role.ADMIN,
            email=f"{username}@staff.jianggan-wjj.example" if unit and unit.parent_id else "",
        )
        user.password = self.password_hash
        user.save()
        return user

    @staticmethod
    def lead_units(plan):
        """The names of the units leading the plan's tasks, in unit order."""
        return list(
            Unit.objects.filter(led_tasks__plan=plan)
            .distinct()
            .order_by("order", "name")
            .values_list("name", flat=True)
        )

    def fill(self, round_, people, rows, key):
        """Open the unit's submission and save every filing the data file has for ``key`` (q2 / q3)."""
        submission = Submission.objects.open_for(round_, people["unit"])
        for filing in submission.filings.select_related("task").prefetch_related("task__indicators"):
            entry = rows[filing.task.number].get(key)
            if not entry:
                continue
            fields = {
                "completion": entry["completion"],
                "completed": entry.get("completed"),
                "reason": entry.get("reason", ""),
                "problems": entry.get("problems", ""),
                "self_assessment": entry.get("self", ""),
            }
            assert filing.save_edit(
                people["filler"], filing.version, fields, self.actuals(filing.task, entry.get("actuals", {}))
            )
        return submission

    @staticmethod
    def actuals(task, values):
        """{indicator: value} from {subject: value or [values of the indicators sharing that subject]}."""
        out, seen = {}, {}
        for indicator in task.indicators.all():
            value = values.get(indicator.subject)
            if isinstance(value, list):
                index = seen.get(indicator.subject, 0)
                seen[indicator.subject] = index + 1
                value = value[index] if index < len(value) else None
            if value is not None:
                out[indicator] = Decimal(str(value))
        return out

    def q3_unit(self, q3, entry, rows, office, tasks):
        """Leave one unit's 第三季度 package in the state the data file says."""
        from supervision.models import Extension

        people, state = self.jianggan[entry["unit"]], entry["state"]
        if state == "missing":
            return
        submission = self.fill(q3, people, rows, "q3")
        day_before = q3.due - datetime.timedelta(days=1)
        if state != "draft":
            submission.submit(people["filler"], people["filler"].display_name, people["phone"])
            if entry.get("on_time"):
                self.backdate(submission, submitted=at(day_before, 15, 30))
        if state in ("signed", "approved", "returned"):
            submission.sign(people["signer"])
            if entry.get("on_time"):
                self.backdate(submission, signed=at(day_before, 17, 10))
        if state == "approved":
            submission.approve(office)
        if state == "returned":
            submission.send_back(office, entry["comment"])
        if "extension" in entry:
            ext = entry["extension"]
            Extension.objects.create(
                task=tasks[ext["task"]],
                unit=people["unit"],
                round=q3,
                reason=ext["reason"],
                new_date=q3.due + datetime.timedelta(days=ext["days"]),
                requested_by=people["filler"],
            )

    backdate = staticmethod(backdate)  # duban.demo's: one way to put a package on its story's dates

    def import_report(self, doc, kind, unit, source, round_name, filler, signer, approver):
        """A filled form or status table: its plan, its round and the unit's submission."""
        plan, round_, submissions = services.import_report(
            doc, kind=kind, issuer=unit, source_name=source, round_name=round_name, user=filler
        )
        meta = doc.get("metadata") or {}
        for submission in submissions:
            filed = document_day(submission)  # read before submit() stamps the moment of loading
            submission.submit(filler, meta.get("填报人") or filler.display_name, meta.get("联系方式") or "—")
            submission.sign(signer)
            if approver:
                submission.approve(approver)
            # On the document's own day (椒江's 填报时间 2023年7月21日, 玉环's 发文日期), not the moment of loading.
            self.backdate(
                submission, submitted=at(filed, 9), signed=at(filed, 10), approved=at(filed, 11) if approver else None
            )

    # --- the logins --------------------------------------------------------------------------------------
    def print_logins(self, password):
        data = read_assignments()
        q3 = Round.objects.filter(name=Q3_NAME, plan__issuer__name=BUREAU).first()
        states, notes = {}, {}
        if q3 is not None:
            from supervision import dashboard
            from supervision.models import Extension

            states = {s.unit.name: s.get_state_display() for s in q3.submissions.select_related("unit")}
            overview = dashboard.round_overview(q3)
            for entry in overview.units:
                if entry["light"] == "late":
                    notes[entry["unit"]["name"]] = "逾期报送"
            for entry in overview.overdue:
                notes[entry["unit"]["name"]] = f"逾期{entry['days_overdue']}天"
            for ext in Extension.objects.filter(round=q3, decision=Extension.Decision.PENDING).select_related(
                "unit", "task"
            ):
                notes[ext.unit.name] = "，".join(
                    filter(None, [notes.get(ext.unit.name), f"第{ext.task.number}项延期待审批"])
                )
        led = set(Unit.objects.filter(led_tasks__plan__issuer__name=BUREAU).values_list("name", flat=True))
        out = self.stdout
        out.write(self.style.SUCCESS(f"\n演示账号（密码：{password}）"))
        for username, _display, unit_name, role, what in DEMO_USERS:
            out.write(f"  {username:<16} {User.Role(role).label:<6} {unit_name or '':<16} {what}")
        out.write(self.style.SUCCESS(f"\n{BUREAU}各单位（{Q3_NAME}的报送状态）"))
        for entry in data["units"]:
            filler, signer = unit_usernames(entry)
            if entry["name"] in led:
                state = states.get(entry["name"], STATE_LABELS["missing"])
                if entry["name"] in notes:
                    state += f"（{notes[entry['name']]}）"
            else:
                state = "协办单位"
            out.write(f"  填报人 {filler:<8} 签发人 {signer:<12} {entry['name']}：{state}")
        if q3 is not None:
            out.write(
                f"\n{Q3_NAME}：截至 {q3.as_of:%Y-%m-%d}，报送截止 {q3.due:%Y-%m-%d}（按今天往前{Q3_DUE_DAYS_AGO}天计算，宽限{q3.grace_days}天），未报送的单位显示为逾期；{Q2_NAME}已审核并锁定。"
            )
        results = getattr(self, "reminder_results", None)
        if results is not None:
            summary = "，".join(f"{k}={v}" for k, v in sorted(results.items())) or "无"
            out.write(f"催办：已为逾期单位生成催办记录（{summary}）；再次催办：manage.py send_reminders")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            out.write(f"邮件写入文件夹：{settings.EMAIL_FILE_PATH}")
        self.print_address()

    def print_address(self):
        results = getattr(getattr(self, "story", None), "reminder_results", None)
        if results is not None:
            summary = "，".join(f"{k}={v}" for k, v in sorted(results.items())) or "无"
            self.stdout.write(f"催办：已为逾期单位生成催办记录（{summary}）；再次催办：manage.py send_reminders")
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
                self.stdout.write(f"邮件写入文件夹：{settings.EMAIL_FILE_PATH}")
        addr = os.environ.get("DUBAN_ADDR", "127.0.0.1:8000")
        self.stdout.write(f"打开 http://{addr}/\n")
