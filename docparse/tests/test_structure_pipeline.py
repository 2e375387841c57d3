"""The pipeline: analyze runs the stages in order; regions and placement tie the indicators to tasks."""

from docparse import parse_document
from docparse.model import Indicator, Section, Task
from docparse.structure import analyze
from docparse.structure.placement import attach
from docparse.structure.regions import Regions

from .structure_docs import table_doc, text_doc


def _ind(start):
    return Indicator(text="9", value=9, unit="个", comparator=None, subject=None, role=None, start=start, end=start + 1)


def test_regions_give_the_role_and_the_skipped_offsets():
    r = Regions()
    r.add(0, 10, "target")
    r.add(20, 30, "actual")
    r.skip(5, 8)
    r.add(40, 40, "actual")  # empty intervals are ignored
    role_at, skip = r.finalize("actual")
    assert (role_at(3), role_at(25), role_at(15), role_at(40)) == ("target", "actual", "actual", "actual")
    assert skip(6) and not skip(8)


def test_indicators_go_to_the_task_or_the_cell_that_holds_them():
    a, b = Task(number="1", text="甲", start=0, end=10), Task(number="2", text="乙", start=10, end=20)
    sections = [Section(title=None, tasks=[a, b])]
    attach(sections, [_ind(3), _ind(12), _ind(50)])
    assert [i.start for i in a.indicators] == [3] and [i.start for i in b.indicators] == [12]
    celled = Task(number="3", text="丙", start=0, end=100)
    celled._cells = [(0, 5), (90, 100)]
    attach([Section(title=None, tasks=[celled])], [_ind(2), _ind(50), _ind(95)])
    assert [i.start for i in celled.indicators] == [2, 95]


def test_analyze_a_plan_and_a_table():
    doc = text_doc(
        "2024年卫生健康工作要点",
        "发布机构：椒江区卫生健康局",
        "一、医疗服务",
        "1.建设胸痛中心2家（牵头单位：医政科）",
        "2.6月底前完成老年人健康体检4万人",
    )
    r = analyze(doc)
    assert (r.kind, r.title, r.year, r.org) == ("plan", "2024年卫生健康工作要点", 2024, "椒江区卫生健康局")
    tasks = r.sections[0].tasks
    assert (tasks[0].lead_unit, tasks[1].deadline) == ("医政科", "2024-06-30")
    assert [(i.value, i.role) for t in tasks for i in t.indicators] == [(2, "target"), (40000, "target")]
    r = analyze(
        table_doc(
            [
                ["序号", "目标任务", "责任单位", "完成情况", "自评"],
                ["1", "建设胸痛中心2家", "医政科", "已建成1家", "滞后"],
            ],
            before=("2024年上半年重点工作进展情况",),
        )
    )
    t = r.sections[0].tasks[0]
    assert (r.kind, r.as_of, t.self_assessment) == ("status_table", "2024-06-30", "behind")
    assert [(i.value, i.role) for i in t.indicators] == [(2, "target"), (1, "actual")]


def test_analyze_is_what_parse_document_returns():
    data = "2024年工作要点\n一、医疗服务\n1.建设胸痛中心".encode()
    assert (
        parse_document(data, "plan.txt").to_dict() == analyze(__import__("docparse").read(data, "plan.txt")).to_dict()
    )
