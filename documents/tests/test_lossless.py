"""Lossless round trip (issue 12): every .docx/.xlsx export of an approved round or a plan, re-imported into an
empty database with the preview's defaults, gives back the same facts, compared field by field."""

import datetime

import pytest
from django.utils import timezone

from conftest import fill_ready, make_user
from docparse.periods import iso_date
from documents import exports, services
from documents.views import _plan_initial, _report_initial

ROWS = {
    "1": dict(
        completion="截至3月底，新增托位336个，其中普惠托位258个。",
        completed=True,
        self_assessment="ahead",
        problems="",
        reason="",
    ),
    "2": dict(
        completion="县域内就诊率达88.6%。\n基层就诊率达62.1%。",
        completed=False,
        self_assessment="behind",
        problems="医共体牵头医院人才不足，建议加大招聘。",
        reason="序时推进中，年底前完成。",
    ),
    "3": dict(completion="新建急救站点2个。", completed=True, self_assessment="on_track", problems="", reason=""),
}
PEOPLE = {"a": ("王婧", "0576-89025399", "signer_a"), "b": ("李明", "13805761234", "signer_b")}


@pytest.fixture
def approved(world):
    """The world round with both units' filings submitted, signed and approved."""
    from filings.models import Submission

    world.plan.intro = "2025年全区卫生健康工作的总体思路是：坚持以人民健康为中心，深化医药卫生体制改革。"
    world.plan.save()
    world.tasks[0].deadline = datetime.date(2025, 6, 30)
    world.tasks[0].save()
    for key, unit, filler in (("a", world.unit_a, world.filler_a), ("b", world.unit_b, world.filler_b)):
        submission = Submission.objects.open_for(world.round, unit)
        for filing in submission.filings.select_related("task"):
            fill_ready(filing, filler, **ROWS[filing.task.number])
        name, contact, signer = PEOPLE[key]
        submission.submit(filler, name, contact)
        submission.sign(getattr(world, signer))
        submission.approve(world.office)
    return world


def snapshot(round_, unit=None):
    """The facts of a round (optionally one unit's part of it) as plain values, keyed by task text."""
    from filings.models import Filing

    filings = Filing.objects.filter(submission__round=round_).select_related(
        "submission__unit", "submission__signer", "task"
    )
    if unit is not None:
        filings = filings.filter(submission__unit__name=unit)
    rows = {}
    for f in filings:
        if f.task.lead_unit_id != f.submission.unit_id:
            continue
        s = f.submission
        rows[f.task.text] = {
            "unit": s.unit.name,
            "completion": f.completion,
            "completed": f.completed,
            "reason": f.reason,
            "problems": f.problems,
            "self_assessment": f.self_assessment,
            "填报人": s.filler_name,
            "联系方式": s.contact,
            "签发人": str(s.signer) if s.signer else "",
            "填报时间": timezone.localdate(s.submitted_at) if s.submitted_at else None,
            "section": f.task.section.title if f.task.section else "",
        }
    return {"kind": round_.plan.kind, "round": round_.name, "as_of": round_.as_of, "rows": rows}


def plan_snapshot(plan):
    return {
        "kind": plan.kind,
        "year": plan.year,
        "intro": plan.intro,
        "tasks": [
            (
                t.section.title if t.section else "",
                t.text,
                t.lead_unit.name,
                sorted(u.name for u in t.co_units.all()),
                t.deadline,
            )
            for t in plan.tasks.order_by("order", "pk").select_related("section", "lead_unit")
        ],
    }


def empty_database():
    """Everything gone but one office user with no unit: what a fresh installation has."""
    from filings.models import Round, Submission
    from plans.models import Plan
    from units.models import Unit, User

    Submission.objects.all().delete()
    Round.objects.all().delete()
    Plan.objects.all().delete()
    User.objects.all().delete()
    while Unit.objects.exists():  # leaves first: a parent is protected by its children
        Unit.objects.filter(children__isnull=True).delete()
    return make_user("office-new", None, User.Role.OFFICE)


def differences(a, b, path=""):
    """Field-by-field differences between two snapshots."""
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            out += differences(a.get(k), b.get(k), f"{path}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += differences(x, y, f"{path}[{i}]")
    elif a != b:
        out.append((path, a, b))
    return out


def reimport_report(data, fmt, user):
    from docparse import parse

    parsed = parse(data, f"export.{fmt}")
    initial = _report_initial(parsed)
    assert initial["mode"] == "new"
    _plan, round_, _subs = services.import_report(
        parsed,
        kind=initial["kind"],
        issuer=user.unit,
        source_name=f"export.{fmt}",
        round_name=initial["round_name"],
        user=user,
        as_of=iso_date(initial["as_of"]),
        due=iso_date(initial["due"]),
        title=initial["plan_title"],
    )
    return round_


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("unit_key", ["a", "b"])
def test_unit_filing_form_reimports_with_no_difference(approved, fmt, unit_key):
    unit = getattr(approved, f"unit_{unit_key}")
    data = exports.render(exports.filing_form(approved.round, unit=unit), fmt)
    want = snapshot(approved.round, unit=unit.name)
    assert want["rows"]
    user = empty_database()
    got = snapshot(reimport_report(data, fmt, user))
    # the 填报表 layout holds 类别, 目标任务, 完成情况, 是否完成, 未完成原因, 责任单位 and the signature lines
    keep = ("unit", "section", "completion", "completed", "reason", "填报人", "联系方式", "签发人", "填报时间")
    for snap in (want, got):
        snap["rows"] = {text: {k: row[k] for k in keep} for text, row in snap["rows"].items()}
    assert differences(want, got) == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_round_wide_filing_form_reimports_each_units_sign_off(approved, fmt):
    """The bureau's 填报表 for the whole round: every row and every unit's 签发人/填报人/联系方式/填报时间 come back."""
    data = exports.render(exports.filing_form(approved.round), fmt)
    want = snapshot(approved.round)
    assert len({row["unit"] for row in want["rows"].values()}) == 2
    user = empty_database()
    got = snapshot(reimport_report(data, fmt, user))
    keep = ("unit", "section", "completion", "completed", "reason", "填报人", "联系方式", "签发人", "填报时间")
    for snap in (want, got):
        snap["rows"] = {text: {k: row[k] for k in keep} for text, row in snap["rows"].items()}
    assert differences(want, got) == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_status_table_reimports_with_no_difference(approved, fmt):
    """The published table holds task, 完成情况, 存在问题, 自评 and 牵头单位: those come back exactly."""
    data = exports.render(exports.status_table(approved.round), fmt)
    keep = ("unit", "completion", "problems", "self_assessment")  # 完成情况表: its columns
    want = snapshot(approved.round)
    user = empty_database()
    got = snapshot(reimport_report(data, fmt, user))
    for snap in (want, got):
        snap["rows"] = {text: {k: row[k] for k in keep} for text, row in snap["rows"].items()}
    assert differences(want, got) == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_plan_export_reimports_with_units_and_preamble(approved, fmt):
    data = exports.render(exports.plan_document(approved.plan), fmt)
    want = plan_snapshot(approved.plan)
    empty_database()
    from docparse import parse

    parsed = parse(data, f"plan.{fmt}")
    initial = _plan_initial(parsed, f"plan.{fmt}")
    plan = services.import_plan(
        parsed,
        kind=initial["kind"],
        title=initial["title"],
        year=initial["year"],
        issuer=None,
        source_name=f"plan.{fmt}",
    )
    assert differences(want, plan_snapshot(plan)) == []


def test_form_title_carries_the_period(approved):
    doc = exports.filing_form(approved.round, unit=approved.unit_a)
    assert doc.title.startswith("2025年第一季度") and "完成情况填报表" in doc.title
