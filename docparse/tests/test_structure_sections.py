"""sections: a text document's outline as sections and tasks."""

from docparse.structure.outline import outline_label
from docparse.structure.regions import Regions
from docparse.structure.sections import mark_records, outline_levels, sections_from_outline

from .structure_docs import paras_of, text_doc


def _labelled(doc):
    return [(bi, p, outline_label(doc.norm[p.start : p.end])) for bi, p in paras_of(doc) if p.text.strip()]


def _read(*lines, kind="plan"):
    doc = text_doc(*lines)
    consumed = set()
    return sections_from_outline(doc, paras_of(doc), consumed, Regions(), kind, 2024), consumed


def test_levels_from_the_label_styles():
    two = outline_levels(_labelled(text_doc("一、医疗", "1.建设胸痛中心", "2.完成体检")))
    assert (two.mode, two.sec_style, two.task_style) == ("two", "cn", "ar")
    three = outline_levels(_labelled(text_doc("一、医疗", "（一）急救", "1.建设胸痛中心", "（二）体检")))
    assert (three.mode, three.sub_style, three.task_style) == ("three", "pcn", "ar") and len(
        three.heads_with_children
    ) == 1
    parts = outline_levels(_labelled(text_doc("第一部分 医疗", "一、急救", "（一）胸痛中心", "1.建设")))
    assert parts.part_style == "chapter" and parts.sec_style == "cn"
    assert outline_levels(_labelled(text_doc("没有编号的段落"))) is None


def test_two_levels_sections_and_their_tasks_with_continuation_lines():
    sections, consumed = _read("2024年工作要点", "一、医疗服务", "1.建设胸痛中心", "工作措施：完善流程", "2.完成体检")
    assert [(s.label, s.title) for s in sections] == [("一、", "医疗服务")]
    assert [(t.number, t.text) for t in sections[0].tasks] == [("1", "建设胸痛中心\n完善流程"), ("2", "完成体检")]
    assert consumed == {1, 2, 3, 4}  # the title line before the first label is left to the other stages


def test_three_levels_the_sub_heading_goes_to_its_tasks_with_its_units():
    sections, _ = _read(
        "一、医疗服务", "（一）急救体系（牵头单位：医政科）", "1.建设胸痛中心", "2.建设卒中中心", "（二）完成老年人体检"
    )
    tasks = sections[0].tasks
    assert [(t.subsection_label, t.subsection, t.text) for t in tasks] == [
        ("(一)", "急救体系", "建设胸痛中心"),
        ("(一)", "急救体系", "建设卒中中心"),
        (None, None, "完成老年人体检"),
    ]
    assert tasks[0]._inherit == (["医政科"], [], None)


def test_parts_group_the_sections():
    sections, _ = _read(
        "第一部分 医疗服务",
        "一、急救",
        "（一）胸痛",
        "1.建设胸痛中心",
        "第二部分 公共卫生",
        "一、疾控",
        "（一）免疫",
        "1.接种",
    )
    assert [(s.part, s.title) for s in sections] == [("医疗服务", "急救"), ("公共卫生", "疾控")]


def test_one_level_of_short_headings_holds_plain_paragraphs_as_tasks():
    sections, _ = _read("一、医疗服务", "建设胸痛中心，年内投用。", "二、公共卫生", "完成老年人体检。")
    assert [(s.title, [t.text for t in s.tasks]) for s in sections] == [
        ("医疗服务", ["建设胸痛中心，年内投用。"]),
        ("公共卫生", ["完成老年人体检。"]),
    ]


def test_records_and_lagging_lists():
    doc = text_doc(
        "目标任务：建设胸痛中心",
        "工作措施：完善流程",
        "进度滞后的工作：",
        "智慧医院项目仍在方案设计阶段（规划发展科）",
        "医共体信息平台尚未联通（医政科）",
    )
    labelled = _labelled(doc)
    mark_records(doc, labelled)
    assert [lab[0] if lab else None for _, _, lab in labelled] == ["rec", None, None, "rec", "rec"]
    consumed = set()
    sections = sections_from_outline(doc, paras_of(doc), consumed, Regions(), "summary", 2024)
    tasks = [t for s in sections for t in s.tasks]
    assert [t.self_assessment for t in tasks] == [None, "behind", "behind"]
