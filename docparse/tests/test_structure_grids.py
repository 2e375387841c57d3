"""grids: tables read from real tables, tab-separated text and delimited rows."""

from docparse.model import Cell
from docparse.structure.grids import (
    cells_to_row,
    combine_header,
    delimited_grid,
    grid_from_tables,
    guess_roles,
    is_subheader,
    section_row,
    tab_grid,
)

from .structure_docs import paras_of, table_doc, text_doc

HEADER = ["序号", "目标任务", "责任单位", "完成情况"]


def _texts(row):
    return {k: c.text for k, c in row.items()}


def test_a_real_table_with_section_rows_a_total_and_a_sign_off_row():
    doc = table_doc(
        [
            ["2024年重点工作完成情况", "", "", ""],
            HEADER,
            ["一、医疗服务", "", "", ""],
            ["1", "建设胸痛中心", "医政科", "已通过验收"],
            ["合计", "", "", ""],
            ["医政科　签发人：张三　填报人：李四", "", "", ""],
        ]
    )
    grid, block, header_row = grid_from_tables(doc)
    assert (block, header_row, grid.roles) == (0, 1, ["number", "task", "unit", "completion"])
    assert [_texts(r) for r in grid.rows] == [
        {"_section": "一、医疗服务"},
        {"number": "1", "task": "建设胸痛中心", "unit": "医政科", "completion": "已通过验收"},
    ]


def test_a_merged_header_over_a_sub_header():
    top = [Cell("目标任务", 0, 4), Cell("责任单位", 5, 9), Cell("完成情况", 10, 14), Cell("", 15, 15)]
    sub = [Cell("", 16, 16), Cell("", 17, 17), Cell("截至6月底", 18, 23), Cell("是否完成", 24, 28)]
    assert is_subheader(sub) and not is_subheader([Cell("建设胸痛中心。", 0, 7)])
    assert [c.text for c in combine_header(top, sub)] == ["目标任务", "责任单位", "完成情况 截至6月底", "是否完成"]


def test_section_rows():
    roles = ["number", "task", "unit", "completion"]
    row = lambda *t: [Cell(x, 0, len(x)) for x in t]  # noqa: E731
    assert section_row(roles, row("二、公共卫生", "", "", "")).text == "二、公共卫生"
    assert section_row(roles, row("二", "公共卫生", "", "")).text == "二公共卫生"
    assert section_row(roles, row("合  计", "", "", "")).text == ""  # dropped
    assert section_row(roles, row("1", "建设胸痛中心", "医政科", "")) is None


def test_two_columns_of_one_role_join():
    row = cells_to_row(["task", "unit", "unit"], [Cell("建设", 0, 2), Cell("医政科", 3, 6), Cell("财务科", 7, 10)])
    assert _texts(row) == {"task": "建设", "unit": "医政科\n财务科"}


def test_tab_separated_text_one_row_a_line():
    doc = text_doc(
        "\t".join(HEADER), "1\t建设胸痛中心\t医政科\t已通过验收", "接上：通过省级复核", "2\t完成体检\t基层科\t完成80%"
    )
    grid = tab_grid(doc, paras_of(doc))
    assert [_texts(r)["completion"] for r in grid.rows] == ["已通过验收\n接上：通过省级复核", "完成80%"]
    assert grid.consumed == {0, 1, 2, 3}


def test_tab_prefixed_cells_on_lines_of_their_own():
    lines = [
        "",
        "\t目标任务",
        "\t责任单位",
        "\t完成情况",
        "",
        "\t建设胸痛中心",
        "\t医政科",
        "\t已通过验收",
        "",
        "\t完成体检",
        "\t基层科",
        "\t完成80%",
    ]
    doc = text_doc(*lines)
    grid = tab_grid(doc, paras_of(doc))
    assert grid.roles == ["task", "unit", "completion"]
    assert [_texts(r)["task"] for r in grid.rows] == ["建设胸痛中心", "完成体检"]


def test_delimited_rows_without_a_header_are_named_by_their_cells():
    doc = text_doc(
        "情况如下：",
        "1|建设胸痛中心，已通过验收|医政科|超前",
        "2|完成体检，完成80%|基层科|正常",
        "3|智慧医院|规划科|滞后",
        "以上。",
    )
    grid = delimited_grid(paras_of(doc))
    assert grid.roles == ["number", "task", "unit", "self_assessment"]
    assert [_texts(r)["unit"] for r in grid.rows] == ["医政科", "基层科", "规划科"] and grid.consumed == {1, 2, 3}


def test_guess_roles_needs_a_task_column():
    rows = [[Cell("1", 0, 1), Cell("医政科", 0, 3)], [Cell("2", 0, 1), Cell("财务科", 0, 3)]]
    assert guess_roles(rows, 2) is None  # 序号 and 单位 only: no column left for the task
    rows = [[Cell("1", 0, 1), Cell("建设胸痛救治网络", 0, 8), Cell("医政科", 0, 3)]] * 2
    assert guess_roles(rows, 3) == ["number", "task", "unit"]
