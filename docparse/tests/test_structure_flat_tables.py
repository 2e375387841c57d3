"""flat_tables and cells: a table flattened to one paragraph per cell is aligned back onto its columns."""

from docparse.model import Cell
from docparse.structure.cells import cell_fit, gap_cost
from docparse.structure.flat_tables import (
    Stream,
    align_cells,
    flat_header_roles,
    flat_stream,
    is_header_cell,
    paragraph_grid,
)

from .structure_docs import paras_of, text_doc

ROWS = [
    ("1", "建设胸痛救治网络", "医政科", "已通过省级验收"),
    ("2", "完成老年人健康体检", "基层卫生科", "完成4.2万人"),
    ("3", "推进智慧医院建设", "规划发展科", "方案设计中"),
]


def _doc(rows, gap=1, drop_cells=(), header=("序号", "项目名称", "责任单位", "进展情况")):
    lines = ["关于2024年民生实事项目推进情况的公示", ""] + [x for h in header for x in (h, "")]
    for r in rows:
        for v in r:
            lines.append("" if v in drop_cells else v)
            lines.extend([""] * gap)
    lines.append("【打印本页】")
    return text_doc(*lines)


def test_cell_fit_prefers_the_column_a_paragraph_looks_like():
    unit, text = [Cell("医政科", 0, 3)], [Cell("建设胸痛救治网络，已通过省级验收", 0, 16)]
    assert cell_fit("unit", unit) > cell_fit("task", unit)
    assert cell_fit("task", text) > cell_fit("unit", text)
    assert cell_fit("self_assessment", [Cell("超前", 0, 2)]) > 0 > cell_fit("self_assessment", text)
    assert cell_fit("completion", [None]) > 0 > cell_fit("task", [None])  # an empty paragraph: an empty cell
    assert cell_fit("task", []) < cell_fit("remarks", [])  # a missing task costs more than missing remarks


def test_gap_cost_binds_paragraphs_closer_than_the_usual_gap():
    assert gap_cost([0, 1], 1, 0, 2, False) > 0  # two paragraphs with no blank line between: one cell
    assert gap_cost([1, 1], 0, 0, 2, True) == 0


def test_the_header_run_and_its_roles():
    assert is_header_cell("责任单位") and not is_header_cell("牵头单位：医政科") and not is_header_cell("一、总体要求")
    assert flat_header_roles(["序号", "项目名称", "责任单位", "进展情况", "1"]) == [
        "number",
        "task",
        "unit",
        "completion",
        None,
    ]
    assert flat_header_roles(["序号", "责任单位"]) is None


def test_a_wider_gap_stands_for_an_empty_cell():
    doc = text_doc("甲", "", "乙", "", "", "", "丙")
    s = flat_stream(paras_of(doc), 0, 3, None)
    assert [t.text if t else None for t in s.tokens] == ["甲", "乙", None, "丙"] and s.base == 1


def test_align_cells_splits_paragraphs_onto_columns():
    toks = [
        Cell(t, i * 10, i * 10 + len(t))
        for i, t in enumerate(["建设胸痛救治网络", "医政科", "已通过验收", "下一步推广"])
    ]
    s = Stream(toks, list(range(4)), [1, 1, 1, 1], 1, False)
    cells = align_cells(s, ["task", "unit", "completion"], 0, 4)
    assert [[t.text for t in c] for c in cells] == [["建设胸痛救治网络"], ["医政科"], ["已通过验收", "下一步推广"]]


def test_a_numbered_flattened_table():
    grid = paragraph_grid(paras_of(_doc(ROWS)))
    assert grid.roles == ["number", "task", "unit", "completion"]
    assert [(r["number"].text, r["unit"].text) for r in grid.rows] == [
        ("1", "医政科"),
        ("2", "基层卫生科"),
        ("3", "规划发展科"),
    ]


def test_a_dropped_row_number_is_restored_with_a_warning():
    grid = paragraph_grid(paras_of(_doc(ROWS, drop_cells=("2",))))
    assert [r["number"].text for r in grid.rows] == ["1", "2", "3"]
    assert grid.rows[1]["_warning"].text == "序号2缺失，按列数补出" and grid.rows[1]["unit"].text == "基层卫生科"


def test_rows_without_numbers_are_aligned_cyclically():
    grid = paragraph_grid(paras_of(_doc([r[1:] for r in ROWS], header=("项目名称", "责任单位", "进展情况"))))
    assert grid.roles == ["task", "unit", "completion"]
    assert [(r["task"].text, r["unit"].text) for r in grid.rows] == [r[1:3] for r in ROWS]
