"""The demo tells one bureau's story: 江干's units, assignments from the data file, a closed and an open round."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from documents.management.commands import load_demo
from filings.models import Contribution, Round, Submission
from plans.models import Plan, Task
from supervision import dashboard
from supervision.models import Extension, Reminder
from units.models import Unit, User


@pytest.fixture(scope="module")
def data():
    return load_demo.read_assignments()


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_every_plan_task_is_assigned_from_its_own_text_to_units_that_exist(data, seeds):
    from docparse import parse

    path = seeds / "jianggan-2020-work-plan.txt"
    doc = parse(path.read_bytes(), path.name)
    texts = {str(t["number"]): t["text"] for s in doc["sections"] for t in s["tasks"]}
    assert len(texts) == 16
    rows = {row["number"]: row for row in data["tasks"]}
    assert sorted(rows, key=int) == sorted(texts, key=int), "every task of the plan has exactly one assignment"
    unit_names = {u["name"] for u in data["units"]}
    for number, row in rows.items():
        assert row["quote"] and row["quote"] in texts[number], f"task {number}: the quote is not in the task's text"
        assert row["lead"] in unit_names, f"task {number}: lead {row['lead']} is not a demo unit"
        for name in row.get("co_units", []):
            assert name in unit_names and name != row["lead"], f"task {number}: co-unit {name}"
    for entry in data["q3_units"] + data.get("q3_contributions", []):
        assert entry["unit"] in unit_names


def test_the_filed_texts_are_real_sentences_within_the_limit(data):
    for row in data["tasks"]:
        assert "q2" in row, f"task {row['number']} has no 第二季度 text"
        for key in ("q2", "q3"):
            entry = row.get(key)
            if entry is None:
                continue
            assert 40 <= len(entry["completion"]) <= 300
            assert not re.search(r"[xX×]{2}|XX|待填", entry["completion"] + entry.get("reason", "")), f"placeholder in task {row['number']} {key}"
            assert entry["completed"] or entry["reason"], "未完成 needs 未完成原因"


def test_the_demo_has_the_bureau_with_its_units_each_with_an_address_and_two_users(demo, data):
    bureau = Unit.objects.get(name="杭州市江干区卫生健康局")
    internal = list(bureau.children.all())
    assert len(internal) >= 6
    kinds = {u.kind for u in internal}
    assert {Unit.Kind.OFFICE, Unit.Kind.INSTITUTION} <= kinds
    assert sum("社区卫生服务中心" in u.name for u in internal) >= 3
    assert all(unit.email.endswith(".example") for unit in Unit.objects.all()), "every demo unit has an address"
    for unit in internal:
        roles = set(unit.users.values_list("role", flat=True))
        assert roles == {User.Role.FILLER, User.Role.SIGNER}, unit.name
    plan = Plan.objects.get(year=2020)
    assert not plan.tasks.filter(lead_unit=bureau).exists()
    assert Task.objects.get(plan=plan, number="15").lead_unit.name == "江干区卫生监督所"


def test_the_demo_users_other_tests_rely_on_keep_their_roles(demo):
    expected = {
        "admin": User.Role.ADMIN,
        "office": User.Role.OFFICE,
        "filler": User.Role.FILLER,
        "signer": User.Role.SIGNER,
        "jiaojiang": User.Role.FILLER,
        "jiaojiang_head": User.Role.SIGNER,
        "yuhuan": User.Role.FILLER,
        "yuhuan_head": User.Role.SIGNER,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.role == role and user.check_password(load_demo.DEFAULT_PASSWORD)
    filler = User.objects.get(username="filler")
    q3 = Round.objects.get(name=load_demo.Q3_NAME)
    assert filler.unit in q3.owing_units() and User.objects.get(username="signer").unit == filler.unit
    for username in ("office", "filler", "signer", "jkk", "jkk_head", "jiaojiang"):
        assert re.search(rf"\s{username}\s", demo), f"{username} is printed"


def test_second_quarter_is_approved_locked_and_dated_in_2020(demo):
    q2 = Round.objects.get(name=load_demo.Q2_NAME)
    assert q2.locked and q2.as_of == datetime.date(2020, 6, 30)
    submissions = list(q2.submissions.all())
    assert len(submissions) == q2.owing_units().count() >= 6
    assert all(s.state == Submission.State.APPROVED and s.submitted_at.year == 2020 for s in submissions)
    assert all(f.completion.strip() for s in submissions for f in s.filings.all())


def test_third_quarter_is_open_with_units_in_every_state_and_some_overdue_today(demo):
    q3 = Round.objects.get(name=load_demo.Q3_NAME)
    today = timezone.localdate()
    assert not q3.locked and q3.due < today <= q3.lock_date
    overview = dashboard.round_overview(q3)
    states = {u["state"] for u in overview.units}
    assert {"missing", "draft", "submitted", "signed", "returned", "approved"} <= states
    assert len(overview.overdue) >= 3
    lights = {u["light"] for u in overview.units}
    assert {"ok", "late", "overdue"} <= lights
    returned = q3.submissions.get(state=Submission.State.RETURNED)
    assert returned.return_comment
    pending = Extension.objects.get(round=q3, decision=Extension.Decision.PENDING)
    assert pending.new_date > q3.due
    assert Contribution.objects.filter(filing__submission__round=q3).exists()
    assert "报送截止" in demo and q3.due.isoformat() in demo


def test_reminders_reach_every_late_unit_of_the_demo(demo):
    from supervision import reminders

    q3 = Round.objects.get(name=load_demo.Q3_NAME)
    owing = {u.pk for u, _s in reminders.owing_units(q3)}
    assert owing and set(Reminder.objects.filter(round=q3).values_list("unit", flat=True)) == owing
    assert not Reminder.objects.filter(round=q3, status=Reminder.Status.FAILED).exists()
    assert len(mail.outbox) == Reminder.objects.filter(round=q3, status=Reminder.Status.SENT).count() >= len(owing)
    call_command("send_reminders")  # the other demo rounds (the districts') get their first pass here
    before = Reminder.objects.count()
    call_command("send_reminders")  # idempotent: nothing is sent twice
    assert Reminder.objects.count() == before


def test_the_demo_mail_goes_to_files_when_debug_and_no_backend_is_set():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_BACKEND", "EMAIL_FILE_PATH")}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="duban.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND); print(settings.EMAIL_FILE_PATH)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    backend, folder = out.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert folder.endswith("sent-mail")


def test_the_demo_workflow_steps_are_in_the_audit_log_and_its_chain_verifies(demo):
    from audit.log import verify
    from audit.models import Event, Kind

    steps = set(Event.objects.filter(kind=Kind.WORKFLOW).values_list("action", flat=True))
    assert {"submit", "sign", "approve"} <= steps
    checked, broken, reason = verify()
    assert broken is None and reason == "" and checked == Event.objects.count()
