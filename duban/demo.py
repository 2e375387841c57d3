"""The demo: one year of the fictional 临江市, at three levels, built from the sample documents in
``documents/demo/`` (written for Duban; see ``linjiang.toml`` and ``make_documents.py`` there).

* 临江市卫生健康委员会 (city) above 东湖区 and 西山区 卫生健康局, each with nine internal units (科室,
  直属单位, 社区卫生服务中心), each unit with a 填报人 and a 签发人; a 督办员 per bureau and for the city.
* Every plan comes in through the import path an office takes: the document is parsed
  (documents.services.parse_document), the preview's rows are confirmed with the units it suggests
  (preview_rows → apply_corrections) and imported (import_plan); filled forms and status tables are
  matched to the plan's tasks and written into a round (match_tasks → import_filings).
* The city splits three tasks (托位, 家庭医生签约率, 两癌筛查) to both districts (levels.split_task).
  西山 files its part, its office approves it and reports it up (上报); the city has received it.
  东湖 has filed its part but not yet approved it.
* 东湖: 上半年 imported from its 填报表 (.xlsx), approved by its office and locked; 第三季度 open, due two
  days before the load day, with units in every state and a 延期 request pending; the reminders run.
* 西山: 上半年 imported from its published 重点工作推进情况 (.html) and approved.
* 目标考核: a scheme per level for the year, computed; a draft 上半年工作总结 of 东湖's plan.

Steps go through the apps' use cases (filings.actions, supervision.actions, levels.services,
scoring.services, reports.services) as the users named in the data file.
"""

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

DEMO_DIR = Path(__file__).resolve().parents[1] / "documents" / "demo"
DATA = DEMO_DIR / "linjiang.toml"
H1_NAME, Q3_NAME = "2026年上半年", "2026年第三季度"
SPLIT_ROUND_NAME = "2026年上半年（市级分解任务）"
Q3_DUE_DAYS_AGO, Q3_GRACE_DAYS = 2, 5


def read_story(path=DATA):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def logins(district, entry):
    """(filler username, signer username) of a district's unit entry."""
    code = f"{district['login_prefix']}_{entry['code']}"
    return entry.get("username") or code, entry.get("username_head") or f"{code}_head"


def numbered(sections):
    """[(section title, [(number, task entry)])], the tasks numbered through the plan as the documents print them."""
    number, out = 0, []
    for section in sections:
        rows = []
        for task in section["tasks"]:
            number += 1
            rows.append((number, task))
        out.append((section["title"], rows))
    return out


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _actuals(task, values):
    """{indicator: value} from the values listed in the indicators' order."""
    indicators = list(task.indicators.order_by("pk"))
    return {ind: Decimal(str(v)) for ind, v in zip(indicators, values or [], strict=False) if v is not None}


def backdate(submission, submitted=None, signed=None, approved=None):
    """Put a package's time stamps (and its review log) on the story's dates instead of the moment of loading
    (the 临江 demo and ``load_demo --seeds`` alike)."""
    from filings.models import Review, Submission

    stamps = {k: v for k, v in (("submitted_at", submitted), ("signed_at", signed), ("approved_at", approved)) if v}
    Submission.objects.filter(pk=submission.pk).update(**stamps)
    for action, moment in (("submit", submitted), ("sign", signed), ("approve", approved)):
        if moment:
            Review.objects.filter(submission=submission, action=action).update(at=moment)
    for field, value in stamps.items():
        setattr(submission, field, value)


def document_day(submission):
    """The day an imported package's own document was filled: its 填报时间, which the importer stamps as the
    package's submission (documents.services.import_filings), else the round's due date, which the importer takes
    from the document's 发文日期 (a published status table). The demo's later steps keep to this day, so the
    exported 填报表 carries the document's 填报时间, not the moment the demo was loaded."""
    return timezone.localdate(submission.submitted_at) if submission.submitted_at else submission.round.due


class Story:
    def __init__(self, password, stdout):
        self.data = read_story()
        self.year = self.data["year"]
        self.today = timezone.localdate()
        self.password_hash = make_password(password)
        self.stdout = stdout
        self.users = {}
        self.units = {}  # (district key, unit name) -> {"unit", "filler", "signer", "phone"}

    # --- people -------------------------------------------------------------------------------------
    def user(self, username, display, unit, role, email=""):
        from units.models import User

        user = User(username=username, display_name=display, role=role, unit=unit, email=email)
        user.is_staff = user.is_superuser = role == User.Role.ADMIN
        user.password = self.password_hash
        user.save()
        self.users[username] = user
        return user

    def people(self):
        from units.models import Unit, User

        city = self.data["city"]
        self.city = Unit.objects.create(
            name=city["name"],
            short_name=city["short_name"],
            kind=Unit.Kind.CITY,
            division_code=city["division_code"],
            email=city["email"],
        )
        self.user("admin", "系统管理员", None, User.Role.ADMIN)
        domain = "linjiang-wjw.example"
        self.city_office = self.user(
            city["office"]["username"], city["office"]["name"], self.city, User.Role.OFFICE, f"ducha@staff.{domain}"
        )
        self.offices = {"city": self.city_office}
        self.internal_units("city", city, self.city, domain, 0)
        self.districts = {}
        for order, d in enumerate(self.data["districts"], start=1):
            domain = f"{d['key']}-wjj.example"
            bureau = Unit.objects.create(
                name=d["name"],
                short_name=d["short_name"],
                kind=Unit.Kind.BUREAU,
                parent=self.city,
                division_code=d["division_code"],
                order=order,
                email=f"wjj@{domain}",
            )
            self.districts[d["key"]] = bureau
            self.offices[d["key"]] = self.user(
                d["office"]["username"],
                d["office"]["name"],
                bureau,
                User.Role.OFFICE,
                f"{d['office']['username']}@staff.{domain}",
            )
            self.internal_units(d["key"], d, bureau, domain, order)

    def internal_units(self, key, level, bureau, domain, order):
        """The level's 科室 / 处室, 直属单位 and 社区卫生服务中心, each with its 填报人 and 签发人."""
        from units.models import Unit, User

        for n, entry in enumerate(level["units"], start=1):
            unit = Unit.objects.create(
                name=entry["name"],
                short_name=entry.get("short_name", ""),
                kind=entry["kind"],
                parent=bureau,
                order=n,
                email=f"{entry['code']}@{domain}",
            )
            filler, signer = logins(level, entry)
            self.units[key, unit.name] = {
                "unit": unit,
                "filler": self.user(filler, entry["filler"], unit, User.Role.FILLER, f"{filler}@staff.{domain}"),
                "signer": self.user(signer, entry["signer"], unit, User.Role.SIGNER, f"{signer}@staff.{domain}"),
                "phone": f"0579-8{order}6{n:02d}{order * 7 + n:03d}",
            }

    # --- documents, through the import path ---------------------------------------------------------
    @staticmethod
    def parse(name):
        from documents import services

        path = DEMO_DIR / name
        return services.parse_document(path.read_bytes(), path.name)

    def import_plan(self, name, office):
        """Upload → preview (the units the preview suggests, as the office leaves them) → confirm."""
        from documents import services
        from units.access import office_scope
        from units.models import Unit

        doc = self.parse(name)
        units = list(office_scope(office, Unit.objects.all(), "pk").order_by("order", "name"))
        choices = {
            f"t{row['index']}-lead": f"u{row['lead_match'].pk}"
            for row in services.preview_rows(doc, units)
            if row["lead_match"]
        }
        corrected = services.apply_corrections(doc, choices, units)
        return services.import_plan(
            corrected,
            kind=services.plan_kind_from_title(doc.get("title") or ""),
            title=doc.get("title"),
            year=doc.get("year"),
            issuer=office.unit,
            source_name=name,
        )

    def import_into_round(self, name, round_, office):
        """A filled form or status table written into an existing round, each row on its matched task."""
        from documents import services

        doc = self.parse(name)
        matches = services.match_tasks(services.all_tasks(doc), list(round_.plan.tasks.all()))
        return services.import_filings(doc, round_, [(parsed, task) for parsed, task, _score in matches], office)

    # --- steps of a package -------------------------------------------------------------------------
    def fill(self, submission, who, entries):
        """Save the filings of ``submission`` from {task number: entry} as the unit's filler."""
        from filings import actions

        for filing in submission.filings.select_related("task"):
            entry = entries.get(filing.task.number)
            if not entry:
                continue
            fields = {
                "completion": entry["completion"],
                "completed": entry.get("completed"),
                "reason": entry.get("reason", ""),
                "problems": entry.get("problems", ""),
                "self_assessment": entry.get("self", ""),
            }
            _filing, saved = actions.save_filing(
                who["filler"], filing.pk, filing.version, fields, _actuals(filing.task, entry.get("actuals"))
            )
            assert saved

    @staticmethod
    def evidence(submission, who):
        """佐证材料 on the package's first filing: a site photo and a PDF report (drawn here, no font needed)."""
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image, ImageDraw

        from evidence import services as evidence

        filing = submission.filings.select_related("task").order_by("task__order", "pk").first()
        picture = Image.new("RGB", (640, 400), (222, 235, 247))
        ImageDraw.Draw(picture).rectangle((80, 120, 560, 360), fill=(46, 117, 182))
        for name, fmt in (("现场照片.jpg", "JPEG"), ("验收报告.pdf", "PDF")):
            out = io.BytesIO()
            picture.save(out, fmt)
            evidence.attach(who["filler"], filing, SimpleUploadedFile(name, out.getvalue()))

    def submit_and_sign(self, submission, who, submitted=None, signed=None):
        from filings import actions

        actions.submit(who["filler"], submission.pk, who["filler"].display_name, who["phone"])
        actions.sign(who["signer"], submission.pk)
        backdate(submission, submitted=submitted, signed=signed)

    # --- the year ------------------------------------------------------------------------------------
    def plans(self):
        from filings.models import Round

        city = self.data["city"]
        self.city_plan = self.import_plan(city["file"], self.city_office)
        self.district_plans = {
            d["key"]: self.import_plan(d["file"], self.offices[d["key"]]) for d in self.data["districts"]
        }
        self.city_round = Round.objects.create(
            plan=self.city_plan,
            name=H1_NAME,
            as_of=datetime.date(self.year, 6, 30),
            due=datetime.date(self.year, 7, 15),
        )

    def h1_rounds(self):
        """The city's 处室 file the city round in the sheet; 东湖 上半年 from its 填报表, approved and locked;
        西山 上半年 from its status table, approved."""
        from filings import actions
        from filings.models import Round, Submission

        entries = {
            str(n): task.get("h1") for _title, rows in numbered(self.data["city"]["sections"]) for n, task in rows
        }
        for unit in self.city_round.owing_units().order_by("order"):
            who = self.units["city", unit.name]
            submission = Submission.objects.open_for(self.city_round, unit)
            self.fill(submission, who, entries)
            filed = next(e for e in self.data["city"]["units"] if e["name"] == unit.name).get("filed") or datetime.date(
                self.year, 7, 13
            )
            self.submit_and_sign(
                submission, who, submitted=_at(filed, 15), signed=_at(filed + datetime.timedelta(days=1), 9, 30)
            )
            actions.approve(self.city_office, submission.pk)
            backdate(submission, approved=_at(filed + datetime.timedelta(days=2), 11))

        self.h1 = {}
        for d in self.data["districts"]:
            key, office = d["key"], self.offices[d["key"]]
            plan = self.district_plans[key]
            round_ = Round.objects.create(
                plan=plan,
                name=H1_NAME,
                as_of=datetime.date(self.year, 6, 30),
                due=datetime.date(self.year, 7, 10),
                grace_days=5,
            )
            self.h1[key] = round_
            source = d.get("form_file") or d["table_file"]
            for submission in self.import_into_round(source, round_, office):
                who = self.units[key, submission.unit.name]
                filed = document_day(submission)  # 东湖's form: its 填报时间; 西山's table: its round's due date
                self.submit_and_sign(
                    submission, who, submitted=_at(filed, 16, 20), signed=_at(filed + datetime.timedelta(days=1), 9, 40)
                )
                actions.approve(office, submission.pk)
                backdate(submission, approved=_at(datetime.date(self.year, 7, 13), 10, 15))
        actions.lock_round(self.offices["donghu"], self.h1["donghu"].pk)

    def split(self):
        """The city's tasks with a ``split`` go to both districts; 西山 reports its part up, 东湖 is still reviewing."""
        from filings.models import Submission
        from levels import services as levels
        from levels.models import UpwardReport, UpwardReview

        tasks = {t.number: t for t in self.city_plan.tasks.all()}
        parts = [
            (tasks[str(n)], entry["split"])
            for _title, rows in numbered(self.data["city"]["sections"])
            for n, entry in rows
            if "split" in entry
        ]
        for task, split in parts:
            indicators = list(task.indicators.order_by("pk"))
            targets = {
                self.districts[k]: {ind: Decimal(str(v)) for ind, v in zip(indicators, s["targets"], strict=False)}
                for k, s in split.items()
            }
            leads = {self.districts[k]: self.units[k, s["lead"]]["unit"] for k, s in split.items()}
            levels.split_task(task, targets, lead_units=leads)
        for key, bureau in self.districts.items():
            plan = levels.district_plan(self.city_plan, bureau)
            round_ = levels.open_district_round(
                plan, self.city_round, SPLIT_ROUND_NAME, datetime.date(self.year, 6, 30), datetime.date(self.year, 7, 8)
            )
            for unit in round_.owing_units():
                who = self.units[key, unit.name]
                submission = Submission.objects.open_for(round_, unit)
                # each district's 上半年 filing of its part, as written in the sample document
                entries = {task.number: split[key]["h1"] for task, split in parts}
                self.fill(submission, who, entries)
                self.submit_and_sign(
                    submission,
                    who,
                    submitted=_at(datetime.date(self.year, 7, 6), 15),
                    signed=_at(datetime.date(self.year, 7, 7), 10),
                )
                if key == "xishan":
                    from filings import actions

                    actions.approve(self.offices[key], submission.pk)
                    backdate(submission, approved=_at(datetime.date(self.year, 7, 8), 9))
            if key == "xishan":
                report = levels.send_up(self.city_round, bureau, self.offices[key])
                levels.approve(report, self.city_office)
                steps = list(UpwardReview.objects.filter(report=report).order_by("pk"))
                for n, step in enumerate(steps):
                    UpwardReview.objects.filter(pk=step.pk).update(at=_at(datetime.date(self.year, 7, 9 + n), 10))
                UpwardReport.objects.filter(pk=report.pk).update(
                    sent_at=_at(datetime.date(self.year, 7, 9), 10),
                    approved_at=_at(datetime.date(self.year, 7, 10), 10),
                )

    def open_round(self):
        """东湖 第三季度: due two days ago, every state, one 延期 pending."""
        from evidence.models import Evidence
        from filings import actions
        from filings.models import Round, Submission
        from supervision import actions as supervision
        from supervision.views import ExtensionForm

        d = next(x for x in self.data["districts"] if x["key"] == "donghu")
        plan, office = self.district_plans["donghu"], self.offices["donghu"]
        due = self.today - datetime.timedelta(days=Q3_DUE_DAYS_AGO)
        self.q3 = q3 = Round.objects.create(
            plan=plan, name=Q3_NAME, as_of=datetime.date(self.year, 9, 30), due=due, grace_days=Q3_GRACE_DAYS
        )
        entries = {str(n): task.get("q3") for _title, rows in numbered(d["sections"]) for n, task in rows}
        day_before = due - datetime.timedelta(days=1)
        for entry in d["q3"]:
            who, state = self.units["donghu", entry["unit"]], entry["state"]
            submission = Submission.objects.open_for(q3, who["unit"]) if state != "missing" else None
            if submission is not None:
                self.fill(submission, who, entries)
                if state == "approved" and not Evidence.objects.filter(filing__submission__round=q3).exists():
                    self.evidence(submission, who)  # the first approved package: the round's .zip holds something
            if state not in ("missing", "draft"):
                actions.submit(who["filler"], submission.pk, who["filler"].display_name, who["phone"])
                if entry.get("on_time"):
                    backdate(submission, submitted=_at(day_before, 15, 30))
            if state in ("signed", "approved", "returned"):
                actions.sign(who["signer"], submission.pk)
                if entry.get("on_time"):
                    backdate(submission, signed=_at(day_before, 17, 10))
            if state == "approved":
                actions.approve(office, submission.pk)
            if state == "returned":
                actions.send_back(office, submission.pk, entry["comment"])
            if "extension" in entry:
                ext = entry["extension"]
                opened = Submission.objects.open_for(q3, who["unit"])
                filing = opened.filings.get(task__number=str(ext["task"]))
                form = ExtensionForm(
                    {"new_date": due + datetime.timedelta(days=ext["days"]), "reason": ext["reason"]}, round_=q3
                )
                assert form.is_valid(), form.errors
                supervision.request_extension(who["filler"], filing.pk, form)

    def scores_and_summary(self):
        from reports import services as reports
        from reports.models import Summary
        from scoring import services as scoring

        for level in (self.city, *self.districts.values()):
            scoring.recompute(scoring.scheme_for(level, self.year))
        self.summary = reports.generate_summary(
            self.district_plans["donghu"], Summary.Period.HALF, self.offices["donghu"]
        )

    def reminders(self):
        from supervision import reminders

        self.reminder_results = reminders.run()


def load(password, stdout):
    """Build the whole story (in one transaction); returns the Story."""
    story = Story(password, stdout)
    with transaction.atomic():
        story.people()
        story.plans()
        story.h1_rounds()
        story.split()
        story.open_round()
    story.reminders()  # outside the transaction: the mail goes out (or is held in quiet hours)
    with transaction.atomic():
        story.scores_and_summary()  # after the reminders: 催办后仍未报送 counts
    return story


def print_logins(stdout, style, password):
    """One line per role with its login, then each level's units (东湖's with the state of their 第三季度 package)."""
    from filings.models import Round
    from supervision import dashboard
    from supervision.models import Extension
    from units.models import User

    data = read_story()
    out = stdout
    out.write(style.SUCCESS(f"\n演示账号（密码：{password}）"))
    city = data["city"]
    out.write(f"  {'admin':<14} 系统管理员   全部功能与 /admin/")
    out.write(
        f"  {city['office']['username']:<14} 市级督办员   {city['name']}：待办、全市汇总（/levels/）、目标考核排名（/scoring/）"
    )
    for d in data["districts"]:
        out.write(f"  {d['office']['username']:<14} 区级督办员   {d['name']}：待办、审核、催办、向市级上报")
    out.write(f"  {'filler':<14} 填报人       东湖区基层卫生与妇幼健康科：填报第三季度（草稿）")
    out.write(f"  {'signer':<14} 签发人       东湖区基层卫生与妇幼健康科：签发")
    q3 = Round.objects.filter(
        name=Q3_NAME, plan__issuer__name=next(d["name"] for d in data["districts"] if d["key"] == "donghu")
    ).first()
    states, notes = {}, {}
    if q3 is not None:
        states = {s.unit_id: s.get_state_display() for s in q3.submissions.all()}
        overview = dashboard.round_overview(q3)
        for entry in overview.overdue:
            notes[entry["unit"]["pk"]] = f"逾期{entry['days_overdue']}天"
        for ext in Extension.objects.filter(round=q3, decision=Extension.Decision.PENDING):
            notes[ext.unit_id] = "，".join(filter(None, [notes.get(ext.unit_id), f"第{ext.task.number}项延期待审批"]))
    for d in (data["city"], *data["districts"]):
        out.write(style.SUCCESS(f"\n{d['name']}各单位" + ("（第三季度报送状态）" if d.get("key") == "donghu" else "")))
        for entry in d["units"]:
            filler, signer = logins(d, entry)
            line = f"  填报人 {filler:<10} 签发人 {signer:<14} {entry['name']}"
            if d.get("key") == "donghu" and q3 is not None:
                user = User.objects.filter(username=filler).select_related("unit").first()
                if user and q3.plan.tasks.filter(lead_unit=user.unit).exists():
                    state = states.get(user.unit_id, "未开始")
                    if user.unit_id in notes:
                        state += f"（{notes[user.unit_id]}）"
                    line += f"：{state}"
            out.write(line)
    if q3 is not None:
        out.write(
            f"\n{Q3_NAME}（东湖区）：截至 {q3.as_of:%Y-%m-%d}，报送截止 {q3.due:%Y-%m-%d}（按今天往前{Q3_DUE_DAYS_AGO}天计算，宽限{q3.grace_days}天）；{H1_NAME}已审核并锁定。"
        )
        out.write(f"{H1_NAME}：西山区已向市级上报、市卫健委已接收；东湖区的市级分解任务待区级审核。")
