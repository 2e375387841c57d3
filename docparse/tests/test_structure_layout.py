"""layout: a table copied as lines of text — its header found from its labels, its rows from numbers or lines."""

from docparse.indicators import find_indicators
from docparse.model import Cell
from docparse.structure.layout import _split, header_cells, layout_roles, line_grid
from docparse.structure.vocabulary import indicator_roles
from docparse.text import normalize

from .structure_docs import paras_of, text_doc


def _words(line: str) -> list[str]:
    return [c.text for c in header_cells(_split(line, 0, None))]


def test_header_words_padded_letter_spaced_or_split_are_put_back_together():
    assert _words("序号 目  标  任  务 牵头  领导 牵头责任单位") == ["序号", "目标任务", "牵头领导", "牵头责任单位"]
    assert _words("序  号   目 标 任 务   责 任 单 位   完 成 情 况   自  评") == [
        "序号",
        "目标任务",
        "责任单位",
        "完成情况",
        "自评",
    ]
    assert _words("完成情况 (截止9月30日) 牵头单位") == ["完成情况(截止9月30日)", "牵头单位"]


def test_two_unit_columns_may_share_a_role_but_not_two_task_columns():
    assert layout_roles(["序号", "目标任务", "牵头责任单位", "主要责任单位", "工作评价", "本季度工作进展"]) == [
        "number",
        "task",
        "unit",
        "unit",
        "self_assessment",
        "completion",
    ]
    assert layout_roles(["目标任务", "工作任务", "完成情况"]) is None


def test_a_budget_table_names_its_indicator_by_the_last_level():
    roles = indicator_roles(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值"])
    assert roles == ["category", None, "task", "comparator", "target_value", "measure_unit", "actual_value"]


def test_rows_start_at_the_plans_own_numbers_and_wrapped_cells_join_their_row():
    doc = text_doc(
        "某区2024年重点工作推进情况",
        "序号 目标任务 牵头单位 配合单位 工作评价 本季度工作进展",
        "12 新建急救分站2个 区卫健局 区发改局、",
        "区财政局 达到时序进度 一个分站已结顶。",
        "31 推进医院等级创建 区卫健局 区医保局 进度偏慢 已完成自评。",
    )
    g = line_grid(doc, paras_of(doc))
    assert [r["number"].text for r in g.rows] == ["12", "31"]
    assert g.rows[0]["co_units"].text == "区发改局、区财政局"
    assert g.rows[0]["completion"].text == "一个分站已结顶。"
    assert g.rows[1]["self_assessment"].text == "进度偏慢"


def test_prose_under_a_line_of_labels_is_no_table():
    doc = text_doc(
        "工作总结",
        "重点工作 完成情况 存在问题",
        "今年以来，我局围绕年度目标任务扎实推进各项工作，全年新建村卫生室12家，取得明显成效。",
    )
    assert line_grid(doc, paras_of(doc)) is None


def test_a_pipe_table_with_a_header_keeps_the_task_cell_and_drops_the_header_and_total_rows():
    doc = text_doc(
        "| 序号 | 工作任务 | 责任单位 | 完成情况 |",
        "|---|---|---|---|",
        "| 3 | 新建站点4个 | 基层卫生科 | 已建成2个 |",
        "合计 | 1项 | | |",
    )
    g = line_grid(doc, paras_of(doc))
    assert [(r["number"].text, r["task"].text) for r in g.rows] == [("3", "新建站点4个")]
    assert len(g.dropped) == 1


def _inds(text):
    return [i.text for i in find_indicators(text, normalize(text))]


def test_references_to_items_and_tallies_by_status_are_no_indicators():
    assert _inds("落实第3、5件民生实事，团体第3、5、6名。") == []
    assert _inds("全局86项重点工作中，已完成31项，正常推进48项，进度偏慢7项。") == []
    assert _inds("全年已完成31项改造任务。") == ["31项"]  # one count alone is still an indicator


def test_cells_are_placed_by_what_they_look_like_when_one_is_missing():
    doc = text_doc("指标名称 单位 目标值", "人均预期寿命 岁 ≥80.2", "家庭医生签约服务覆盖率 45%")
    g = line_grid(doc, paras_of(doc))
    assert [(r["task"].text, r.get("measure_unit", Cell("", 0, 0)).text, r["target_value"].text) for r in g.rows] == [
        ("人均预期寿命", "岁", "≥80.2"),
        ("家庭医生签约服务覆盖率", "", "45%"),
    ]


def test_a_page_of_label_words_is_looked_at_as_a_header_a_bounded_number_of_times(monkeypatch):
    from docparse.structure import layout

    calls = []
    real = layout._header_at
    monkeypatch.setattr(layout, "_header_at", lambda *a: calls.append(1) or real(*a))
    doc = text_doc(*[" ".join("序号目标任务责任单位完成情况自评"[(i + k) % 16] for k in range(50)) for i in range(500)])
    assert layout.line_grid(doc, paras_of(doc)) is None
    assert len(calls) == layout.MAX_HEADER_TRIES


def test_a_runaway_row_is_cut_to_a_bounded_number_of_cells():
    from docparse.structure import layout

    doc = text_doc(
        "序号 目标任务 责任单位 完成情况", "1 新建站点2个 基层卫生科 " + " ".join(f"站{i}" for i in range(5000))
    )
    g = layout.line_grid(doc, paras_of(doc))
    assert g.rows[0]["task"].text == "新建站点2个" and g.rows[0]["unit"].text == "基层卫生科"
    assert g.rows[0]["completion"].text.endswith("站4999")


def test_letter_spaced_status_words_and_broken_bracket_notes_are_put_back_together():
    from docparse.structure.layout import _rejoin

    assert [c.text for c in _rejoin(_split("1 任务 序 时 推 进 正  常 无 是 区发改局、 区财政局", 0, None))] == [
        "1",
        "任务",
        "序时推进",
        "正常",
        "无",
        "是",
        "区发改局、区财政局",
    ]
    assert _words("序号 重点工作 完成情况 (截至 9月底) 自评") == ["序号", "重点工作", "完成情况(截至9月底)", "自评"]
