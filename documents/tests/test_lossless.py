"""Lossless round trip (issue 12): every .docx/.xlsx export of an approved round or a plan, re-imported into an
empty database with the preview's defaults, gives back the same facts, compared field by field."""

import datetime

import pytest
from django.utils import timezone

from conftest import fill_ready, make_user
from docparse.periods import iso_date
from documents import exports, services
from documents.tests.test_demo import demo  # noqa: F401  (fixture)
from documents.views import _plan_initial, _report_initial
from levels.tests.fixtures import approve_district_round, city  # noqa: F401  (fixture)

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


# Task numbers as plans write them: not 1..n (a unit's form holds tasks 3 and 7; section 二 starts again at 1).
NUMBERS = {"1": "3", "2": "7", "3": "1"}


def give_indicators(world):
    """Indicators the task texts do not say as they are: task 2's 90% is no target (the office removed it), task 3
    (健全院前急救体系。) has three its text never names — an added count with a 基数, a 以内 time and a count in 万."""
    from plans.models import Indicator

    Indicator.objects.create(
        task=world.tasks[2], subject="急救站点", comparator="add", target_value=4, unit="个", baseline=10
    )
    Indicator.objects.create(
        task=world.tasks[2], subject="城区急救平均反应时间", comparator="lte", target_value=12, unit="分钟"
    )
    Indicator.objects.create(
        task=world.tasks[2], subject="院前急救服务", comparator="gte", target_value=253900, unit="人次", scale=10000
    )


def file_and_sign(world, key, approve=True):
    from filings.models import Submission

    unit, filler = getattr(world, f"unit_{key}"), getattr(world, f"filler_{key}")
    submission = Submission.objects.open_for(world.round, unit)
    for filing in submission.filings.select_related("task"):
        fill_ready(filing, filler, **ROWS[filing.task.number])
    name, contact, signer = PEOPLE[key]
    submission.submit(filler, name, contact)
    submission.sign(getattr(world, signer))
    if approve:
        submission.approve(world.office)


def prepare(world):
    world.plan.intro = "2025年全区卫生健康工作的总体思路是：坚持以人民健康为中心，深化医药卫生体制改革。"
    world.plan.save()
    world.tasks[0].deadline = datetime.date(2025, 6, 30)
    world.tasks[0].save()
    give_indicators(world)


def build(world, approve_b=True):
    prepare(world)
    file_and_sign(world, "a")
    file_and_sign(world, "b", approve=approve_b)
    for task in world.tasks:  # numbered as plans number them (ROWS stays keyed by the world's numbers)
        task.number = NUMBERS[task.number]
        task.save()
    return world


@pytest.fixture
def approved(world):
    """The world round with both units' filings submitted, signed and approved."""
    return build(world)


@pytest.fixture(params=["approved", "b_signed"])
def official(request, world):
    """Both packages approved, or 区疾控中心's only signed: the official tables then mark its row （未报送）."""
    return build(world, approve_b=request.param == "approved")


def indicators(task):
    return [
        (i.subject, i.comparator, i.target_value, i.unit, i.baseline, i.scale) for i in task.indicators.order_by("pk")
    ]


def snapshot(round_, unit=None, states=None):
    """The facts of a round (optionally one unit's part of it) as plain values, keyed by task text: each task with
    its number, section, lead and co-units and indicators, and its lead unit's filing and sign-off — ``filed``
    False where the lead unit has no package in ``states`` (None: any), the row an official table marks （未报送）, or
    nothing in it."""
    from filings.models import Filing, Submission

    tasks = round_.plan.tasks.in_table_order().select_related("section", "lead_unit").prefetch_related("co_units")
    if unit is not None:
        tasks = tasks.filter(lead_unit__name=unit)
    packages = Submission.objects.filter(round=round_).select_related("signer")
    if states is not None:
        packages = packages.filter(state__in=states)
    packages = {s.unit_id: s for s in packages}
    rows = {}
    for t in tasks:
        s = packages.get(t.lead_unit_id)
        f = Filing.objects.filter(submission=s, task=t).first() if s else None
        rows[t.text] = {
            "number": t.number,
            "section": t.section.title if t.section else "",
            "unit": t.lead_unit.name,
            "co_units": sorted(u.name for u in t.co_units.all() if u.pk != t.lead_unit_id),
            "indicators": indicators(t),
            "filed": f is not None
            and any((f.completion, f.reason, f.problems, f.completed is not None, f.self_assessment)),
            "completion": f.completion if f else "",
            "completed": f.completed if f else None,
            "reason": f.reason if f else "",
            "problems": f.problems if f else "",
            "self_assessment": f.self_assessment if f else "",
            "填报人": s.filler_name if s else "",
            "联系方式": s.contact if s else "",
            "签发人": str(s.signer) if s and s.signer else "",
            "填报时间": timezone.localdate(s.submitted_at) if s and s.submitted_at else None,
        }
    return {"kind": round_.plan.kind, "round": round_.name, "as_of": round_.as_of, "rows": rows}


def plan_snapshot(plan):
    return {
        "kind": plan.kind,
        "year": plan.year,
        "intro": plan.intro,
        "tasks": [
            (
                t.number,
                t.section.title if t.section else "",
                t.text,
                t.lead_unit.name,
                sorted(u.name for u in t.co_units.all()),
                t.deadline,
                indicators(t),
            )
            for t in plan.tasks.order_by("order", "pk").select_related("section", "lead_unit")
        ],
    }


def empty_database():
    """Everything gone but one office user with no unit: what a fresh installation has."""
    from filings.models import Round, Submission
    from plans.models import Indicator, Plan, Task
    from units.models import Unit, User

    Submission.objects.all().delete()
    Round.objects.all().delete()
    Indicator.objects.exclude(split_from=None).delete()  # a district's split tasks first: they protect the city's
    Task.objects.exclude(split_from=None).delete()
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


APPROVED = exports.OFFICIAL
# what each layout holds, besides plan kind, round name and 截至: the 填报表 (类别, 目标任务 led by its number,
# 完成情况, 是否完成, 未完成原因, 责任单位 and the sign-off lines) and the 完成情况表 (序号, 目标任务, 完成情况,
# 存在问题及解决建议, 自评, 牵头单位)
TASK = ("number", "unit", "co_units", "indicators", "filed")
FORM = (*TASK, "section", "completion", "completed", "reason", "填报人", "联系方式", "签发人", "填报时间")
STATUS = (*TASK, "completion", "problems", "self_assessment")


def assert_same(want, got, keep):
    for snap in (want, got):
        snap["rows"] = {text: {k: row[k] for k in keep} for text, row in snap["rows"].items()}
    assert want["rows"]
    assert differences(want, got) == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("unit_key", ["a", "b"])
def test_unit_filing_form_reimports_with_no_difference(official, fmt, unit_key):
    """A unit's own 填报表: its tasks keep their numbers (3 and 7; 1 in the next section), texts, units, indicators,
    filing and sign-off; a package not approved is （未报送） with no sign-off, and comes back so."""
    unit = getattr(official, f"unit_{unit_key}")
    data = exports.render(exports.filing_form(official.round, unit=unit), fmt)
    want = snapshot(official.round, unit=unit.name, states=APPROVED)
    user = empty_database()
    assert_same(want, snapshot(reimport_report(data, fmt, user)), FORM)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_round_wide_filing_form_reimports_each_units_sign_off(official, fmt):
    """The bureau's 填报表 for the whole round: every row and every unit's 签发人/填报人/联系方式/填报时间 come back."""
    data = exports.render(exports.filing_form(official.round), fmt)
    want = snapshot(official.round, states=APPROVED)
    assert len({row["unit"] for row in want["rows"].values()}) == 2
    user = empty_database()
    assert_same(want, snapshot(reimport_report(data, fmt, user)), FORM)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("unit_key", [None, "b"])
def test_status_table_reimports_with_no_difference(official, fmt, unit_key):
    """The published table (or one unit's part of it) holds 序号, task, 完成情况, 存在问题, 自评 and 牵头单位: those come
    back exactly, a task's number its own (not the row's)."""
    unit = getattr(official, f"unit_{unit_key}") if unit_key else None
    data = exports.render(exports.status_table(official.round, unit=unit), fmt)
    want = snapshot(official.round, unit=unit.name if unit else None, states=APPROVED)
    user = empty_database()
    assert_same(want, snapshot(reimport_report(data, fmt, user)), STATUS)


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


def test_indicators_travel_in_a_note_only_where_the_text_does_not_say_them(approved):
    """Task 1's text says its target (新增托位1900个); task 2's 90% is none; task 3's three are not in its text."""
    texts = [row.task for row in exports.filing_form(approved.round).rows]
    assert texts == [
        "新增托位1900个。",
        "深化医共体建设，县域内就诊率达到90%以上。（指标：无）",
        "健全院前急救体系。（指标：新增急救站点4个（基数10个）；城区急救平均反应时间控制在12分钟以内；"
        "院前急救服务不低于25.39万人次）",
    ]


def test_form_title_carries_the_period(approved):
    doc = exports.filing_form(approved.round, unit=approved.unit_a)
    assert doc.title.startswith("2025年第一季度") and "完成情况填报表" in doc.title


@pytest.fixture
def district_split(city):  # noqa: F811
    """椒江's part of the city's 托位 (600 of 1900, its text the city's) and 就诊率 (90%, 基数 100), filed and approved."""
    city.beds.number, city.rate.number = "7", "12"  # the city's numbers travel with the split tasks
    city.beds.save()
    city.rate.save()
    city.jj_plan.tasks.filter(split_from=city.beds).update(number="7")
    city.jj_plan.tasks.filter(split_from=city.rate).update(number="12")
    users = (city.jj_filler, city.jj_signer, city.jj_office)
    approve_district_round(city.jj_round, city.jj, users, {city.jj_beds: 620, city.jj_rate: 92})
    return city


@pytest.mark.parametrize("layout", ["form", "unit_form", "status", "plan"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_districts_export_of_its_split_tasks_carries_its_own_targets(district_split, layout, fmt):
    """The split task's text is the city's (新增托位1900个); the district's own target (600, and the rate's 基数) is
    printed with it as （分解目标：…） and comes back as the district's, with the city's task numbers."""
    w = district_split
    document = {
        "form": lambda: exports.filing_form(w.jj_round),
        "unit_form": lambda: exports.filing_form(w.jj_round, unit=w.jj),
        "status": lambda: exports.status_table(w.jj_round),
        "plan": lambda: exports.plan_document(w.jj_plan),
    }[layout]()
    tasks = document.sections[0].tasks if layout == "plan" else document.rows
    assert tasks[0].text if layout == "plan" else tasks[0].task == "新增托位1900个。（分解目标：新增托位600个）"
    data = exports.render(document, fmt)
    want = plan_snapshot(w.jj_plan)
    if layout != "plan":
        want_round = snapshot(w.jj_round, states=exports.OFFICIAL)
    user = empty_database()
    if layout == "plan":
        from docparse import parse

        parsed = parse(data, f"plan.{fmt}")
        got = plan_snapshot(services.import_plan(parsed, kind=w.jj_plan.kind, title="x", year=2025))
    else:
        round_ = reimport_report(data, fmt, user)
        got = plan_snapshot(round_.plan)
        keep = FORM if layout != "status" else STATUS
        assert_same(want_round, snapshot(round_), [k for k in keep if k not in ("indicators",)])
    assert [t[0] for t in got["tasks"]] == ["7", "12"]
    assert [t[-1] for t in got["tasks"]] == [
        [("托位", "add", 600, "个", None, 1)],
        [("县域内就诊率", "gte", 90, "%", 100, 1)],
    ]
    assert [t[2] for t in got["tasks"]] == [t[2] for t in want["tasks"]]


def test_the_preview_of_a_split_task_reads_the_citys_figures_and_the_districts_targets(district_split):
    """The import preview of 椒江's form: the row's targets are the note's (600), and the city's 1900 in the text is
    a figure read, not a number the office must check."""
    from docparse import parse

    parsed = parse(exports.render(exports.filing_form(district_split.jj_round), "docx"), "form.docx")
    [beds, rate] = services.preview_rows(parsed, [])
    assert [(i["value"], i["comparator"]) for i in beds["task"]["indicators"]] == [(600, "add")]
    assert rate["task"]["indicators"][0]["baseline"] == 100
    assert beds["problems"] == [] and rate["problems"] == []
    assert any(i["value"] == 1900 for i in parsed["indicators"])  # marked in the document's text


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_units_own_form_printed_before_it_filed_imports_no_package(world, fmt):
    """区疾控中心 has not filed: its own 填报表 prints an empty row, and reading it back files nothing (the new round
    shows the unit as not started, not as a draft)."""
    from filings.models import Submission

    data = exports.render(exports.filing_form(world.round, unit=world.unit_b, states=None), fmt)
    user = empty_database()
    round_ = reimport_report(data, fmt, user)
    assert [t.text for t in round_.plan.tasks.all()] == [world.tasks[2].text]
    assert not Submission.objects.filter(round=round_).exists()


def test_every_export_of_the_demo_reimports_with_no_difference(demo):  # noqa: F811
    """Every round of the demo (the city's, each district's, their split parts) as 完成情况表, the bureau's 填报表, each
    unit's official 填报表 and its own copy, and every plan, in .docx and .xlsx, read back field by field."""
    from docparse import parse
    from filings.models import Round
    from plans.models import Plan
    from units.models import User

    found = []
    plans = list(Plan.objects.select_related("issuer"))  # the demo's, not those read back below
    for round_ in list(Round.objects.select_related("plan__issuer")):
        user = User.objects.filter(unit=round_.plan.issuer, role=User.Role.OFFICE).first()
        leads = sorted({t.lead_unit for t in round_.plan.tasks.select_related("lead_unit")}, key=lambda u: u.pk)
        documents = [
            (exports.status_table(round_), None, exports.OFFICIAL, STATUS),
            (exports.filing_form(round_), None, exports.OFFICIAL, FORM),
            *((exports.filing_form(round_, unit=u), u, exports.OFFICIAL, FORM) for u in leads),
            *((exports.filing_form(round_, unit=u, states=None), u, None, FORM) for u in leads),
        ]
        for document, unit, states, keep in documents:
            for fmt in ("docx", "xlsx"):
                want = snapshot(round_, unit=unit.name if unit else None, states=states)
                got = snapshot(reimport_report(exports.render(document, fmt), fmt, user))
                for snap in (want, got):
                    snap["rows"] = {text: {k: row[k] for k in keep} for text, row in snap["rows"].items()}
                found += [(document.title, unit and unit.name, fmt, *d) for d in differences(want, got)]
    for plan in plans:
        for fmt in ("docx", "xlsx"):
            parsed = parse(exports.render(exports.plan_document(plan), fmt), f"plan.{fmt}")
            initial = _plan_initial(parsed, f"plan.{fmt}")
            again = services.import_plan(
                parsed, kind=initial["kind"], title=initial["title"], year=initial["year"], issuer=plan.issuer
            )
            found += [(plan.title, fmt, *d) for d in differences(plan_snapshot(plan), plan_snapshot(again))]
    assert found == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_reexported_form_prints_the_same_task_cells(approved, fmt):
    """Export, import, export again: the same 目标任务 cells (numbers and notes included), the same 责任单位 cells."""
    from docrender.layout import spec_for
    from units.models import Unit

    first = spec_for(exports.filing_form(approved.round, unit=approved.unit_a))
    round_ = reimport_report(
        exports.render(exports.filing_form(approved.round, unit=approved.unit_a), fmt), fmt, empty_database()
    )
    again = spec_for(exports.filing_form(round_, unit=Unit.objects.get(name=approved.unit_a.name)))
    assert (
        [r[1] for r in again.rows]
        == [r[1] for r in first.rows]
        == [
            "3.新增托位1900个。",
            "7.深化医共体建设，县域内就诊率达到90%以上。（指标：无）",
        ]
    )
    assert [r[5] for r in again.rows] == [r[5] for r in first.rows]
