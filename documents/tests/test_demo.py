"""The demo tells one story at three levels (临江市 above 东湖区 and 西山区), built from the sample documents
the repository ships in documents/demo/ — and `load_demo --seeds DIR` still imports the real seed documents."""

import datetime
import io
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from documents import exports
from documents.management.commands import load_demo
from duban import demo as story
from duban import seeds as seed_rule
from filings.models import Round, Submission
from plans.models import Plan, Task
from supervision import dashboard
from supervision.models import Extension, Reminder
from units.models import Unit, User

DEMO_DIR = Path(story.__file__).resolve().parents[1] / "documents" / "demo"


# The demo's dates are relative to the day it is loaded, and its reminders are held in quiet hours
# (22:00–07:00): every test that loads it runs at 10:00 of a fixed day in the configured time zone.
def load_day():
    return datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def demo(db, capsys, monkeypatch, tmp_path):
    """The demo loaded with DUBAN_SEEDS pointing at an empty directory: it needs nothing outside the repository."""
    monkeypatch.setenv(seed_rule.ENV, str(tmp_path))
    with time_machine.travel(load_day(), tick=False):
        call_command("load_demo")
        yield capsys.readouterr().out


@pytest.fixture
def data():
    return story.read_story()


def district(name_part):
    return Unit.objects.get(kind=Unit.Kind.BUREAU, name__contains=name_part)


def q3_round():
    return Round.objects.get(name=story.Q3_NAME, plan__issuer=district("东湖"))


def test_three_levels_each_district_with_units_that_have_a_filler_and_a_signer(demo):
    city = Unit.objects.get(kind=Unit.Kind.CITY)
    assert city.name == "临江市卫生健康委员会" and city.users.filter(role=User.Role.OFFICE).exists()
    districts = list(city.children.filter(kind=Unit.Kind.BUREAU))
    assert {d.name for d in districts} == {"临江市东湖区卫生健康局", "临江市西山区卫生健康局"}
    for unit in city.children.exclude(kind=Unit.Kind.BUREAU):  # the city's 处室
        assert set(unit.users.values_list("role", flat=True)) == {User.Role.FILLER, User.Role.SIGNER}, unit.name
    for bureau in districts:
        assert bureau.kind == Unit.Kind.BUREAU and bureau.users.filter(role=User.Role.OFFICE).exists()
        internal = list(bureau.children.all())
        assert len(internal) >= 6
        assert {Unit.Kind.OFFICE, Unit.Kind.INSTITUTION} <= {u.kind for u in internal}
        assert sum("社区卫生服务中心" in u.name for u in internal) >= 2
        for unit in internal:
            assert set(unit.users.values_list("role", flat=True)) == {User.Role.FILLER, User.Role.SIGNER}, unit.name
            assert unit.email.endswith(".example")
    assert not Unit.objects.filter(name__regex="台州|椒江|玉环|杭州|江干").exists()


def test_every_plan_came_through_the_importer_from_the_shipped_documents(demo, data):
    city = Unit.objects.get(kind=Unit.Kind.CITY)
    city_plan = Plan.objects.get(issuer=city)
    assert city_plan.source_document == data["city"]["file"] and (DEMO_DIR / city_plan.source_document).is_file()
    assert city_plan.title == data["city"]["title"] and city_plan.tasks.count() == sum(
        len(s["tasks"]) for s in data["city"]["sections"]
    )
    for d in data["districts"]:
        bureau = Unit.objects.get(name=d["name"])
        plan = Plan.objects.get(issuer=bureau, source_document=d["file"])
        assert plan.tasks.count() == sum(len(s["tasks"]) for s in d["sections"])
        # the units named in the document lead and co-operate (the preview matched 区疾控中心 within the district)
        assert all(task.lead_unit.parent == bureau for task in plan.tasks.all())
        assert plan.tasks.filter(co_units__isnull=False).exists()
    assert all(task.lead_unit.parent == city for task in city_plan.tasks.all())
    beds = Task.objects.get(plan=city_plan, text__contains="托位")
    assert beds.indicators.get(subject="托位").target_value == 1200
    children = Task.objects.filter(split_from=beds)
    assert {c.plan.issuer.name for c in children} == {d["name"] for d in data["districts"]}
    assert sum(c.indicators.get(split_from__subject="托位").target_value for c in children) == 1200
    assert all(c.lead_unit.parent == c.plan.issuer for c in children), (
        "the split part is led by a unit inside the district"
    )


def test_donghu_first_half_is_the_filled_form_approved_and_locked(demo, data):
    h1 = Round.objects.get(name=story.H1_NAME, plan__issuer=district("东湖"), plan__source_document__endswith=".docx")
    assert h1.locked and h1.as_of == datetime.date(2026, 6, 30)
    submissions = list(h1.submissions.all())
    assert len(submissions) == h1.owing_units().count() >= 6
    assert all(s.state == Submission.State.APPROVED and s.submitted_at.year == 2026 for s in submissions)
    texts = {
        t["h1"]["completion"]
        for s in next(d for d in data["districts"] if d["key"] == "donghu")["sections"]
        for t in s["tasks"]
    }
    assert {f.completion for s in submissions for f in s.filings.all()} == texts


def test_imported_forms_keep_their_own_filing_date_not_the_day_the_demo_was_loaded(demo, data):
    """东湖's 填报表 says 填报时间：2026年7月8日: its packages were submitted that day and its exported form says so."""
    donghu = next(d for d in data["districts"] if d["key"] == "donghu")
    day = datetime.date(*map(int, re.match(r"(\d+)年(\d+)月(\d+)日", donghu["form_date"]).groups()))
    h1 = Round.objects.get(name=story.H1_NAME, plan__issuer=district("东湖"), plan__source_document__endswith=".docx")
    assert {timezone.localdate(s.submitted_at) for s in h1.submissions.all()} == {day}
    unit = h1.submissions.order_by("unit__order").first().unit
    assert exports.filing_form(h1, unit).filed_on == day != timezone.localdate()


def test_donghu_third_quarter_is_open_with_units_in_every_state(demo):
    q3 = q3_round()
    with time_machine.travel(load_day(), tick=False):
        today = timezone.localdate()
        overview = dashboard.round_overview(q3)
    assert not q3.locked and q3.due == today - datetime.timedelta(days=2) and q3.due < today <= q3.lock_date
    assert {"missing", "draft", "submitted", "signed", "returned", "approved"} <= {u["state"] for u in overview.units}
    assert {"ok", "late", "overdue"} <= {u["light"] for u in overview.units}
    assert len(overview.overdue) >= 3
    assert q3.submissions.get(state=Submission.State.RETURNED).return_comment
    pending = Extension.objects.get(round=q3, decision=Extension.Decision.PENDING)
    assert pending.new_date > q3.due
    assert "报送截止" in demo and q3.due.isoformat() in demo


def test_the_approved_package_of_the_open_round_carries_evidence(demo):
    from evidence.models import Evidence

    items = Evidence.objects.filter(filing__submission__round=q3_round(), removed_at=None)
    assert sorted(items.values_list("name", "kind")) == [("现场照片.jpg", "image"), ("验收报告.pdf", "pdf")]
    assert {e.filing.submission.state for e in items} == {Submission.State.APPROVED}


def test_xishan_reported_up_and_the_city_received_it(demo):
    from levels import services as levels
    from levels.models import UpwardReport

    city_round = Round.objects.get(plan__issuer__kind=Unit.Kind.CITY, name=story.H1_NAME)
    assert city_round.owing_units().count() >= 4 and all(
        u.parent.kind == Unit.Kind.CITY for u in city_round.owing_units()
    )
    states = set(city_round.submissions.values_list("state", flat=True))
    assert (
        states == {Submission.State.APPROVED} and city_round.submissions.count() == city_round.owing_units().count()
    ), "the city's 处室 filed"
    report = UpwardReport.objects.get(city_round=city_round, district=district("西山"))
    assert report.state == UpwardReport.State.APPROVED and timezone.localdate(report.approved_at) == datetime.date(
        2026, 7, 10
    )
    assert not UpwardReport.objects.filter(district=district("东湖")).exists()
    table = levels.wide_table(city_round)
    xishan = next(row for row in table.rows if row.district == district("西山"))
    assert 286 in [cell.actual for cell in xishan.cells], "西山's 托位 actual is in the city's roll-up"
    assert table.total.cells[0].target == 1200 and table.total.cells[0].actual == 286


def test_scores_are_computed_for_every_level_and_a_half_year_summary_is_drafted(demo):
    from reports.models import Summary
    from scoring import services as scoring
    from scoring.models import ScoreLine, ScoringScheme

    city = Unit.objects.get(kind=Unit.Kind.CITY)
    for level in (city, district("东湖"), district("西山")):
        scheme = ScoringScheme.objects.get(level=level, year=2026)
        assert ScoreLine.objects.filter(scheme=scheme).exists(), level.name
        rows, _rounds = scoring.ranking(scheme)
        assert len(rows) >= 2 and rows[0].rank == 1
    city_rows, _rounds = scoring.ranking(ScoringScheme.objects.get(level=city, year=2026))
    assert {r.unit.name for r in city_rows} >= {"临江市东湖区卫生健康局", "临江市西山区卫生健康局"}
    summary = Summary.objects.get(plan__issuer=district("东湖"), period=Summary.Period.HALF)
    assert summary.paragraphs.exists()


def test_reminders_reach_every_late_unit_of_the_demo(demo):
    from supervision import reminders

    q3 = q3_round()
    owing = {u.pk for u, _s in reminders.owing_units(q3)}
    assert owing and set(Reminder.objects.filter(round=q3).values_list("unit", flat=True)) == owing
    assert not Reminder.objects.filter(round=q3, status=Reminder.Status.FAILED).exists()
    assert Reminder.objects.filter(round=q3, status=Reminder.Status.SENT).count() >= len(owing)
    assert len(mail.outbox) >= len(owing)
    with time_machine.travel(load_day(), tick=False):
        call_command("send_reminders", stdout=io.StringIO())
        before = Reminder.objects.count()
        call_command("send_reminders", stdout=io.StringIO())  # idempotent: nothing is sent twice
    assert Reminder.objects.count() == before


def test_the_demo_prints_one_login_per_role_and_the_address(demo, data):
    for username in (
        "admin",
        data["city"]["office"]["username"],
        *(d["office"]["username"] for d in data["districts"]),
        "filler",
        "signer",
    ):
        assert re.search(rf"^\s+{username}\s", demo, re.M), f"{username} is printed"
    for label in ("系统管理员", "市级督办员", "区级督办员", "填报人", "签发人"):
        assert label in demo
    assert re.search(r"打开 http://\S+/", demo)
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert Unit.objects.filter(kind=Unit.Kind.CITY).count() == 1


def test_the_shipped_documents_are_what_the_script_writes(tmp_path):
    import importlib.util

    from docparse import parse

    spec = importlib.util.spec_from_file_location("make_documents", DEMO_DIR / "make_documents.py")
    make_documents = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_documents)
    make_documents.main(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in DEMO_DIR.iterdir() if p.suffix in (".docx", ".xlsx", ".html"))
    for name in written:
        fresh, shipped = parse((tmp_path / name).read_bytes(), name), parse((DEMO_DIR / name).read_bytes(), name)
        assert fresh["sections"] == shipped["sections"], name


# --- the real seed documents (load_demo --seeds) --------------------------------------------------------
@pytest.fixture(scope="module")
def assignments():
    return load_demo.read_assignments()


def test_every_seed_plan_task_is_assigned_from_its_own_text_to_units_that_exist(assignments, seeds):
    from docparse import parse

    path = seeds / "jianggan-2020-work-plan.txt"
    doc = parse(path.read_bytes(), path.name)
    texts = {str(t["number"]): t["text"] for s in doc["sections"] for t in s["tasks"]}
    assert len(texts) == 16
    rows = {row["number"]: row for row in assignments["tasks"]}
    assert sorted(rows, key=int) == sorted(texts, key=int), "every task of the plan has exactly one assignment"
    unit_names = {u["name"] for u in assignments["units"]}
    for number, row in rows.items():
        assert row["quote"] and row["quote"] in texts[number], f"task {number}: the quote is not in the task's text"
        assert row["lead"] in unit_names, f"task {number}: lead {row['lead']} is not a demo unit"
        for name in row.get("co_units", []):
            assert name in unit_names and name != row["lead"], f"task {number}: co-unit {name}"
    for entry in assignments["q3_units"] + assignments.get("q3_contributions", []):
        assert entry["unit"] in unit_names


def test_the_seed_filed_texts_are_real_sentences_within_the_limit(assignments):
    for row in assignments["tasks"]:
        assert "q2" in row, f"task {row['number']} has no 第二季度 text"
        for key in ("q2", "q3"):
            entry = row.get(key)
            if entry is None:
                continue
            assert 40 <= len(entry["completion"]) <= 300
            assert not re.search(r"[xX×]{2}|XX|待填", entry["completion"] + entry.get("reason", "")), (
                f"placeholder in task {row['number']} {key}"
            )
            assert entry["completed"] or entry["reason"], "未完成 needs 未完成原因"


def test_load_demo_with_seeds_imports_the_real_documents(db, seeds):
    with time_machine.travel(load_day(), tick=False):
        call_command("load_demo", "--seeds", str(seeds), stdout=io.StringIO())
        today = timezone.localdate()
    bureau = Unit.objects.get(name=load_demo.BUREAU)
    assert bureau.children.count() >= 6
    q2 = Round.objects.get(name=load_demo.Q2_NAME)
    assert q2.locked and all(s.state == Submission.State.APPROVED for s in q2.submissions.all())
    q3 = Round.objects.get(name=load_demo.Q3_NAME)
    assert not q3.locked and q3.due == today - datetime.timedelta(days=load_demo.Q3_DUE_DAYS_AGO)
    assert {"missing", "draft", "submitted", "signed", "returned", "approved"} <= {
        u["state"] for u in dashboard.round_overview(q3, today).units
    }
    assert Plan.objects.filter(issuer__name="台州市椒江区卫生健康局").exists()
    # 椒江's 填报表 carries its own 填报时间 (2023年7月21日), not the day the demo was loaded
    packages = Submission.objects.filter(
        round__plan__issuer__name="台州市椒江区卫生健康局", round__name="2023年上半年"
    ).select_related("round")
    assert packages and all(s.state == Submission.State.SIGNED for s in packages)
    filed = datetime.date(2023, 7, 21)
    for s in packages:
        assert timezone.localdate(s.submitted_at) == timezone.localdate(s.signed_at) == filed
        assert {timezone.localdate(r.at) for r in s.reviews.all()} == {filed}
    forms = [exports.filing_form(s.round, s.unit, states=None) for s in packages]  # as its 导出 gives it
    assert {f.filed_on for f in forms} == {filed} != {today} and {f.filler for f in forms} == {"王婧"}
    # the bureau's form of the whole round: 椒江 reports for itself, so its own sign-off heads and closes it
    whole = exports.filing_form(packages[0].round, states=exports.WITH_SIGNED)
    assert (whole.unit_name, whole.signer, whole.filler, whole.filed_on, whole.units) == (
        "台州市椒江区卫生健康局",
        "严邦星",
        "王婧",
        filed,
        [],
    )


def test_load_demo_with_seeds_names_the_missing_directory(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=re.escape(str(tmp_path / "nowhere"))):
        call_command("load_demo", "--seeds", str(tmp_path / "nowhere"), stdout=io.StringIO())


def test_the_demo_mail_goes_to_files_when_debug_and_no_backend_is_set():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_BACKEND", "EMAIL_FILE_PATH")}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="duban.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND); print(settings.EMAIL_FILE_PATH)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    backend, folder = out.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert folder.endswith("sent-mail")


def test_the_demo_is_not_loaded_over_other_data_and_says_why(db):
    from django.core.management.base import CommandError

    User.objects.create_user(username="office", password="x-long-enough-1", role=User.Role.OFFICE)
    with pytest.raises(CommandError, match="删除数据库文件"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Unit.objects.filter(kind=Unit.Kind.CITY).exists()


def test_the_demo_workflow_steps_are_in_the_audit_log_and_its_chain_verifies(demo):
    from audit.log import verify
    from audit.models import Event, Kind

    steps = set(Event.objects.filter(kind=Kind.WORKFLOW).values_list("action", flat=True))
    assert {"submit", "sign", "approve"} <= steps
    checked, broken, reason = verify()
    assert broken is None and reason == "" and checked == Event.objects.count()


def test_the_demo_plans_print_their_title_once(demo):
    """The demo's plans come from notices with the plan as 附件: the title line above the plan is not its opening
    paragraph (the 工作要点 printed its title twice)."""
    plans = Plan.objects.exclude(intro="")
    assert plans.count() >= 3
    for plan in plans:
        assert plan.title not in plan.intro.splitlines()
        text = exports.render(exports.plan_document(plan), "html").decode()
        assert text.count(f">{plan.title}<") == 2  # the <title> and the heading, not a paragraph too
