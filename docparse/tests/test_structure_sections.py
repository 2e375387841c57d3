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


def test_bare_lines_over_numbered_items_are_sections():
    """A plan whose sections have no 一、 (as a .txt copy of an exported plan has them): each bare short line right
    before a numbered item opens a section, and no heading is glued onto the task above it."""
    sections, _ = _read(
        "完善健康服务体系",
        "1.新增托位1900个。（牵头单位：医政医管科）",
        "2.深化医共体建设。",
        "提升公共卫生能力",
        "3.健全院前急救体系。",
    )
    assert [(s.label, s.title) for s in sections] == [(None, "完善健康服务体系"), (None, "提升公共卫生能力")]
    assert [[t.text for t in s.tasks] for s in sections] == [
        ["新增托位1900个。（牵头单位：医政医管科）", "深化医共体建设。"],
        ["健全院前急救体系。"],
    ]


def test_one_bare_line_is_no_section_and_sentences_are_never_headings():
    sections, _ = _read("医疗服务", "1.建设胸痛中心。", "2.完成体检。")
    assert [s.title for s in sections] == [None]
    sections, _ = _read("1.建设胸痛中心。", "年底前完成，", "2.完成体检。", "同步推进，", "3.建设卒中中心。")
    assert all(s.title is None or "，" not in s.title for s in sections)
    # the last line of a task broken over lines is no heading, even without punctuation of its own
    sections, _ = _read("1.建设胸痛中心，", "年底前完成", "2.完成老年人体检，", "覆盖全部乡镇", "3.建设卒中中心。")
    assert not {"年底前完成", "覆盖全部乡镇"} & {s.title for s in sections}


def test_word_heading_paragraphs_are_sections_with_or_without_a_label():
    """A paragraph in the body's shallowest Word heading level is a section: unnumbered (label None) or, beside
    numbered ones of that level, of their style."""
    doc = text_doc("完善健康服务体系", "1.新增托位。", "2.深化医共体建设。", "二、提升公共卫生能力", "3.健全急救体系。")
    doc.blocks[0].level = doc.blocks[3].level = 0
    sections = sections_from_outline(doc, paras_of(doc), set(), Regions(), "plan", 2024)
    assert [(s.label, s.title) for s in sections] == [(None, "完善健康服务体系"), ("二、", "提升公共卫生能力")]
    assert [[t.number for t in s.tasks] for s in sections] == [["1", "2"], ["3"]]


def test_short_numbered_lines_with_nothing_beneath_are_one_list():
    """Short numbered lines one after another are the items of a list, not headings of empty sections."""
    sections, _ = _read("1.完善健康服务体系。", "2.提速市公卫中心建设。", "3.健全院前急救体系。")
    assert len(sections) == 1 and [t.number for t in sections[0].tasks] == ["1", "2", "3"]
