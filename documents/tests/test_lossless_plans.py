"""Lossless round trip of plans (issue 23): a plan whose sections have no 一、 label, and 玉环's 重点工作和民生实事
plan (made from its seed status table), exported as .docx/.xlsx and re-imported into an empty database with the
preview's defaults, give back the same plan, compared field by field."""

import pytest

from docparse import parse
from docparse.periods import iso_date
from documents import exports, services
from documents.tests.test_lossless import differences, empty_database, plan_snapshot
from documents.views import _plan_initial, _report_initial


def reimport_plan(data, fmt):
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
    return parsed, plan


def with_labels(plan):
    """plan_snapshot with each section's label and each task's number."""
    snap = plan_snapshot(plan)
    snap["sections"] = [(s.label, s.title) for s in plan.sections.order_by("order", "pk")]
    snap["numbers"] = [t.number for t in plan.tasks.order_by("order", "pk")]
    return snap


@pytest.mark.parametrize("labels", [("", ""), ("一、", "")], ids=["none", "mixed"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_plan_with_unlabelled_sections_reimports_its_sections(world, fmt, labels):
    """The export writes a section without 一、 as a heading paragraph (标题 1): it comes back as a section with
    its own tasks, none glued onto a task's text."""
    for section, label in zip(world.sections, labels, strict=True):
        section.label = label
        section.save()
    world.plan.intro = "2025年全区卫生健康工作的总体思路是：坚持以人民健康为中心。"
    world.plan.title = "2025年卫生健康工作要点"
    world.plan.kind = "work_points"
    world.plan.save()
    want = with_labels(world.plan)
    assert [title for _label, title in want["sections"]] == ["完善健康服务体系", "提升公共卫生能力"]
    data = exports.render(exports.plan_document(world.plan), fmt)
    empty_database()
    parsed, plan = reimport_plan(data, fmt)
    assert parsed["kind"] == "plan"
    assert differences(want, with_labels(plan)) == []


@pytest.fixture
def yuhuan_plan(world, seeds):
    """玉环's 2025 重点工作和民生实事 plan as the demo makes it: imported from its 第一季度 status table."""
    name = "yuhuan-2025-q1-key-work-status.txt"
    parsed = parse((seeds / name).read_bytes(), name)
    initial = _report_initial(parsed)
    plan, _round, _subs = services.import_report(
        parsed,
        kind=initial["kind"],
        issuer=world.bureau,
        source_name=name,
        round_name=initial["round_name"],
        user=world.office,
        as_of=iso_date(initial["as_of"]),
        due=iso_date(initial["due"]),
        title=initial["plan_title"],
    )
    assert plan.tasks.count() == 9 and plan.title == "2025年市政府重点工作和民生实事工作"
    return plan


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_yuhuan_key_work_plan_reimports_as_a_plan_with_all_nine_tasks(yuhuan_plan, fmt):
    want = with_labels(yuhuan_plan)
    data = exports.render(exports.plan_document(yuhuan_plan), fmt)
    empty_database()
    parsed, plan = reimport_plan(data, fmt)
    assert parsed["kind"] == "plan"  # not 工作总结
    assert sum(len(s["tasks"]) for s in parsed["sections"]) == 9
    assert differences(want, with_labels(plan)) == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_tasks_in_no_section_stay_in_no_section(world, fmt):
    """A plan with sectioned tasks and tasks in no section: the loose ones come back in no section, not in the last
    section (the export prints them before the first heading, where a document's own structure says "no section")."""
    from plans.models import Task

    Task.objects.create(
        plan=world.plan, section=None, number="4", text="全面落实安全生产责任制。", lead_unit=world.unit_b
    )
    Task.objects.create(
        plan=world.plan, section=None, number="5", text="做好信访维稳工作。", lead_unit=world.unit_a, order=9
    )
    world.plan.title = "2025年卫生健康工作要点"
    world.plan.kind = "work_points"
    world.plan.intro = "2025年全区卫生健康工作的总体思路是：坚持以人民健康为中心。"
    world.plan.save()
    data = exports.render(exports.plan_document(world.plan), fmt)
    want = document_order(world.plan)
    assert [t[1] for t in want["tasks"]] == ["", "", "完善健康服务体系", "完善健康服务体系", "提升公共卫生能力"]
    empty_database()
    _parsed, plan = reimport_plan(data, fmt)
    assert differences(want, document_order(plan)) == []


def document_order(plan):
    """with_labels, its tasks in the order the plan document prints them (tasks in no section first)."""
    snap = with_labels(plan)
    tasks = plan.tasks.order_by("order", "pk").select_related("section")
    keyed = sorted(
        zip(tasks, snap["tasks"], strict=True),
        key=lambda pair: (pair[0].section is not None, pair[0].section.order if pair[0].section else 0),
    )
    snap["tasks"] = [t for _task, t in keyed]
    snap["numbers"] = [t[0] for t in snap["tasks"]]
    return snap


def test_round_tables_put_tasks_in_no_section_first_without_a_category(world):
    """The 填报表 fills a blank 类别 down from the row above: a task in no section comes first in every round table (on
    PostgreSQL too, which sorts NULL last), so it takes no other section's 类别 and reads back as in no section."""
    from plans.models import Task

    loose = Task.objects.create(
        plan=world.plan, section=None, number="4", text="做好信访维稳工作。", lead_unit=world.unit_a, order=9
    )
    assert "NULLS FIRST" in str(Task.objects.in_table_order().query).upper()
    assert list(world.plan.tasks.in_table_order())[0] == loose
    form = exports.filing_form(world.round)
    assert (form.rows[0].number, form.rows[0].task, form.rows[0].category) == ("4", "做好信访维稳工作。", "")
    assert [r.category for r in form.rows[1:]] == ["完善健康服务体系", "完善健康服务体系", "提升公共卫生能力"]
    from docrender.layout import form_spec

    assert form_spec(form).rows[0][:2] == ["", "4.做好信访维稳工作。"]
