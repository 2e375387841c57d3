"""annotations: units and deadlines written into a task's text."""

import pytest

from docparse.model import Task
from docparse.structure.annotations import (
    apply_annotations,
    deadline_of,
    ends_with_unit_bracket,
    find_annotations,
    strip_spans,
)
from docparse.structure.regions import Regions

from .structure_docs import text_doc


def test_a_bracket_of_labelled_units():
    text = "推进胸痛中心建设（牵头单位：医政科；配合单位：财务科、人事科）"
    spans, lead, co, deadline = find_annotations(text, 2024)
    assert lead == ["医政科"] and co == ["财务科", "人事科"] and deadline is None
    assert strip_spans(text, spans) == "推进胸痛中心建设"


def test_labels_at_the_end_of_lines_and_glued_to_the_text():
    text = "完成健康体检4.2万人牵头责任部门：基层卫生科\n完成时限：2024年10月底前"
    spans, lead, co, deadline = find_annotations(text, 2024)
    assert lead == ["基层卫生科"] and deadline == "2024-10-31"
    assert strip_spans(text, spans) == "完成健康体检4.2万人"


def test_an_assignment_clause_inside_the_sentence():
    text = "由区卫健局牵头，区医保局、区财政局配合，完成医保支付方式改革。"
    spans, lead, co, _ = find_annotations(text, 2024)
    assert lead == ["区卫健局"] and co == ["区医保局", "区财政局"]
    assert strip_spans(text, spans) == "完成医保支付方式改革。"


def test_a_trailing_bracket_of_unit_names_only():
    text = "智慧医院项目仍在方案设计阶段（规划发展科）"
    spans, lead, co, _ = find_annotations(text, 2024)
    assert lead == ["规划发展科"] and strip_spans(text, spans) == "智慧医院项目仍在方案设计阶段"
    assert ends_with_unit_bracket(text) and not ends_with_unit_bracket("完成体检（含复查）")


def test_inline_deadlines_the_latest_wins_unless_switched_off():
    text = "6月底前完成方案制定，年底前建成投用"
    assert find_annotations(text, 2024)[3] == "2024-12-31"
    assert find_annotations(text, 2024, inline_deadline=False)[3] is None


@pytest.mark.parametrize(
    "expr,iso",
    [
        ("二季度", "2024-06-30"),
        ("上半年", "2024-06-30"),
        ("1-9月", "2024-09-30"),
        ("年底前", "2024-12-31"),
        ("2025年3月15日", "2025-03-15"),
        ("6月底", "2024-06-30"),
    ],
)
def test_deadline_expressions(expr, iso):
    assert deadline_of(expr, 2024) == iso


def test_apply_annotations_sets_units_keeps_given_ones_and_inherits_from_the_sub_heading():
    doc = text_doc("1.推进胸痛中心建设（牵头单位：医政科）", "2.完成体检", "3.落实家庭医生签约（责任单位：基层科）")
    tasks = [Task(number=str(i + 1), text=p.text[2:], start=p.start, end=p.end) for i, p in enumerate(doc.blocks)]
    tasks[1]._inherit = (["疾控科"], [], "2024-06-30")
    tasks[2].units, tasks[2].lead_unit = ["财务科"], "财务科"
    regions = Regions()
    apply_annotations(tasks, doc, regions, 2024, overwrite_units=False)
    assert (tasks[0].text, tasks[0].lead_unit, tasks[0].units) == ("推进胸痛中心建设", "医政科", ["医政科"])
    assert (tasks[1].lead_unit, tasks[1].deadline) == ("疾控科", "2024-06-30")
    assert tasks[2].lead_unit == "财务科" and tasks[2].text == "落实家庭医生签约"  # units given by a table cell stay
    _role_at, skip = regions.finalize(None)
    assert skip(doc.text.index("牵头单位")) and not skip(doc.text.index("胸痛"))
