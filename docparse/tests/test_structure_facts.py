"""facts: title, year, kind, issuer and as-of date of a document."""

from docparse.model import Cell
from docparse.structure import facts
from docparse.structure.grids import Grid
from docparse.structure.regions import Regions

from .structure_docs import paras_of, text_doc


def test_title_from_an_enclosing_notice_else_the_first_line_with_a_title_word():
    doc = text_doc("当前位置：首页", "关于印发《2024年卫生健康工作要点》的通知", "各科室：")
    assert facts.find_title(paras_of(doc), set(), [], None) == ("2024年卫生健康工作要点", 1)
    doc = text_doc("椒江区卫生健康局", "2024年上半年重点工作完成情况", "一、医疗服务")
    assert facts.find_title(paras_of(doc), set(), [], None) == ("2024年上半年重点工作完成情况", 1)
    assert facts.find_title([], set(), [[Cell("", 0, 0), Cell("2023年目标任务填报表", 0, 12)]], None) == (
        "2023年目标任务填报表",
        None,
    )


def test_year_from_the_title_else_a_dated_field_else_the_text():
    assert facts.find_year("2024年工作要点", {"发文日期": "2023-12-30"}, "") == 2024
    assert facts.find_year("工作要点", {"发文日期": "2023-12-30"}, "") == 2023
    assert facts.find_year(None, {}, "2022年完成……2021年……2022年") == 2022
    assert facts.find_year(None, {}, "") is None


def test_kind_from_the_columns_or_the_title():
    grid = lambda *roles: Grid(list(roles), [])  # noqa: E731
    assert facts.document_kind(grid("task", "unit", "self_assessment"), None, "") == "status_table"
    assert facts.document_kind(grid("task", "unit", "completed"), None, "") == "filing_form"
    assert facts.document_kind(grid("task", "unit", "completion"), None, "") == "status_table"
    assert facts.document_kind(grid("task", "unit", "deadline"), None, "") == "plan"
    assert facts.document_kind(None, "2024年工作总结", "") == "summary"
    assert facts.document_kind(None, "2024年工作要点", "") == "plan"
    assert facts.text_kind(None, "已完成 取得成效 累计") == "summary"


def test_a_key_work_plan_title_or_tasks_with_their_lead_units_make_a_plan():
    """玉环's plan exported as .docx (2025年市政府重点工作和民生实事工作, tasks without future verbs) is a plan."""
    assert facts.text_kind("2025年市政府重点工作和民生实事工作", "") == "plan"
    assert facts.text_kind("2025年民生实事项目", "") == "plan"
    assert facts.text_kind("2025年重点工作推进情况", "") == "summary"
    assert facts.text_kind("2025年重点工作完成情况", "") == "summary"
    tasks = "1.完善健康服务体系。（牵头单位：卫健局）\n2.健全院前急救体系。(牵头单位:急救站)\n已完成 取得成效"
    assert facts.text_kind("2025年市政府工作", tasks) == "plan"


def test_issuer_from_a_field_a_line_or_the_title():
    doc = text_doc("2024年工作要点", "椒江区卫生健康局")
    assert facts.find_org({"发布机构": "区卫健局"}, paras_of(doc), None) == "区卫健局"
    assert facts.find_org({}, paras_of(doc), None) == "椒江区卫生健康局"
    assert facts.find_org({}, [], "玉环市卫生健康局2025年工作要点") == "玉环市卫生健康局"


def test_as_of_from_the_header_the_title_a_line_above_the_table_or_the_period():
    header = [Cell("目标任务", 40, 44), Cell("完成情况（截至6月30日）", 45, 58)]
    grid = Grid(["task", "completion"], header)
    args = ([], [], set(), Regions(), 100)
    assert facts.find_as_of_date(grid, None, 2024, "status_table", *args) == "2024-06-30"
    grid = Grid(["task", "completion"], [Cell("目标任务", 40, 44), Cell("完成情况", 45, 49)])
    assert facts.find_as_of_date(grid, "重点工作进展（截至9月底）", 2024, "status_table", *args) == "2024-09-30"
    doc = text_doc("重点工作进展", "（截至2024年5月31日）")
    consumed = set()
    assert facts.find_as_of_date(
        grid, None, 2024, "status_table", [], paras_of(doc), consumed, Regions(), 100
    ) == "2024-05-31" and consumed == {1}
    assert facts.find_as_of_date(None, "2024年上半年重点工作完成情况", 2024, "filing_form", *args) == "2024-06-30"


def test_preamble_and_unparsed_lines():
    doc = text_doc("2025年工作要点", "2025年全区卫生健康工作的总体思路是：以人民健康为中心。", "一、医疗服务", "1.建设")
    from docparse.model import Section, Task

    sections = [
        Section(
            title="医疗服务",
            start=doc.blocks[2].start,
            tasks=[Task(number="1", text="建设", start=doc.blocks[3].start)],
        )
    ]
    consumed = {0, 2, 3}
    assert facts.preamble(paras_of(doc), consumed, 0, doc, sections, None) == doc.blocks[1].text and 1 in consumed
    assert facts.unparsed_lines(paras_of(text_doc("甲", "【打印本页】", "乙")), {0}) == ["乙"]


def test_a_plans_title_repeated_above_it_is_not_its_preamble():
    """A notice (关于印发《…》的通知) with the plan as its 附件: the plan's title line under 附件： is the title again, not
    the plan's opening paragraph."""
    from docparse import parse

    text = "\n".join(
        [
            "关于印发《2026年临江市卫生健康工作要点》的通知",
            "各区卫生健康局：",
            "现将《2026年临江市卫生健康工作要点》印发给你们，请认真贯彻执行。",
            "临江市卫生健康委员会",
            "2026年2月26日",
            "附件：",
            "2026年 临江市卫生健康工作要点",
            "2026年全市卫生健康工作的总体思路是：坚持以人民健康为中心，坚持预防为主。",
            "一、优化医疗卫生服务体系",
            "1.推进紧密型城市医疗集团建设。",
            "二、筑牢公共卫生防线",
            "2.实施免费两癌筛查。",
        ]
    ).encode()
    doc = parse(text, "plan.txt")
    assert doc["title"] == "2026年临江市卫生健康工作要点"
    assert doc["preamble"] == "2026年全市卫生健康工作的总体思路是：坚持以人民健康为中心，坚持预防为主。"
