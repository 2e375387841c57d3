"""table_sections: a table's rows as sections and tasks, with their cells' roles for the indicators."""

from docparse.model import Cell
from docparse.structure.grids import Grid
from docparse.structure.regions import Regions
from docparse.structure.table_sections import row_warnings, sections_from_grid, table_indicator


def _c(text, start=0):
    return Cell(text, start, start + len(text))


def test_an_indicator_row_with_a_sign_and_a_unit_cell():
    ind, text = table_indicator({"target_value": _c("≥90", 20), "measure_unit": _c("%", 30)}, "县域内就诊率")
    assert (ind.value, ind.unit, ind.comparator, ind.subject, ind.role) == (90, "%", "gte", "县域内就诊率", "target")
    assert (ind.start, ind.end, text) == (21, 23, "县域内就诊率")
    ind, text = table_indicator({"target_value": _c("8以下")}, "孕产妇死亡率")
    assert (ind.value, ind.comparator) == (8, "lte")
    assert table_indicator({"target_value": _c("全覆盖")}, "家庭医生签约") == (None, "家庭医生签约：全覆盖")


def test_row_warnings_name_the_cells_that_do_not_fit():
    row = {
        "unit": _c("加快推进。"),
        "self_assessment": _c("良好"),
        "completed": _c("待定"),
        "target_value": _c("全覆盖"),
    }
    assert row_warnings(row) == [
        "责任单位“加快推进。”不像单位名称",
        "自评“良好”不是超前/正常/滞后",
        "是否完成“待定”无法识别",
        "指标值“全覆盖”不是数字",
    ]
    assert row_warnings({"unit": _c("医政科"), "self_assessment": _c("超前")}) == []


def test_categories_and_section_rows_open_sections_and_cells_get_their_roles():
    g = Grid(["category", "task", "unit", "completion"], [])
    g.rows = [
        {
            "category": _c("一、医疗服务", 0),
            "task": _c("建设胸痛中心", 10),
            "unit": _c("医政科", 20),
            "completion": _c("完成3家", 30),
        },
        {"category": Cell("一、医疗服务", 0, 6, continued=True), "task": _c("完成体检", 40), "unit": _c("基层科", 50)},
        {"_section": _c("二、公共卫生", 60)},
        {"task": _c("接种疫苗", 70), "completion": _c("接种1万人", 80)},
    ]
    regions = Regions()
    sections = sections_from_grid(g, regions, 2024)
    assert [(s.label, s.title, [t.number for t in s.tasks]) for s in sections] == [
        ("一、", "医疗服务", ["1", "2"]),
        ("二、", "公共卫生", ["3"]),
    ]
    first = sections[0].tasks[0]
    assert (first.lead_unit, first.completion, first.start, first.end) == ("医政科", "完成3家", 10, 34)
    role_at, skip = regions.finalize(None)
    assert role_at(12) == "target" and role_at(31) == "actual" and skip(21) and skip(61)
