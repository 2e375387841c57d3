"""vocabulary: the words that name columns, self-assessments, 是否完成, units and page chrome."""

import pytest

from docparse.structure.vocabulary import (
    column_role,
    completed,
    header_core,
    header_roles,
    indicator_roles,
    is_chrome,
    self_assessment,
    split_units,
    title_sentence,
    unitish,
)


@pytest.mark.parametrize(
    "text,role",
    [
        ("责任单位", "unit"),
        ("牵头单位", "unit"),
        ("配合单位", "co_units"),
        ("完成情况（截至6月底）", "completion"),
        ("序号", "number"),
        ("备注", "remarks"),
        ("自评", "self_assessment"),
        ("是否完成", "completed"),
        ("未完成原因", "reason"),
        ("存在问题", "problems"),
        ("完成时限", "deadline"),
        ("分管领导", "leader"),
        ("目标任务", "task"),
        ("类别", "category"),
    ],
)
def test_column_role(text, role):
    assert column_role(text) == role


def test_a_sentence_names_no_column():
    assert column_role("全面完成基层医疗卫生机构标准化建设任务") is None and column_role("") is None
    assert header_core(" 完成情况（截至 6月底） ") == "完成情况"


def test_header_roles_need_three_named_columns_and_a_task_or_progress():
    assert header_roles(["序号", "目标任务", "责任单位", "完成情况"]) == ["number", "task", "unit", "completion"]
    assert header_roles(["序号", "责任单位", "备注"]) is None
    assert header_roles(["序号", "目标任务"]) is None


def test_indicator_tables_name_their_value_column():
    assert indicator_roles(["指标名称", "单位", "2025年目标值"]) == ["task", "measure_unit", "target_value"]
    assert header_roles(["指标", "计量单位", "目标值", "备注"]) == ["task", "measure_unit", "target_value", "remarks"]
    assert indicator_roles(["目标任务", "责任单位"]) is None


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("超前", "ahead"),
        ("提前完成", "ahead"),
        ("正常推进", "on_track"),
        ("序时推进", "on_track"),
        ("未达序时", "behind"),
        ("滞后", "behind"),
        ("", None),
        ("良好", None),
    ],
)
def test_self_assessment(raw, expected):
    assert self_assessment(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("已完成", True),
        ("是", True),
        ("√", True),
        ("未完成", False),
        ("部分完成", False),
        ("推进中", False),
        ("×", False),
        ("", None),
        ("待定", None),
    ],
)
def test_completed(raw, expected):
    assert completed(raw) is expected


def test_units_and_unit_lists():
    assert unitish("区卫健局") and unitish("医政科、财务科") and unitish("各镇（街道）")
    assert not unitish("推进医共体建设。") and not unitish("完成90%") and not unitish("")
    assert split_units("医政科、财务科；人事科 /疾控中心") == ["医政科", "财务科", "人事科", "疾控中心"]


def test_title_sentence():
    assert title_sentence("推进医共体建设。全面落实分级诊疗制度") == "推进医共体建设"
    assert title_sentence("婴幼儿照护\n新增托位90个，建成普惠托育机构2家。") == "婴幼儿照护"
    assert title_sentence("短任务") == "短任务"
    assert title_sentence("，" * 70) is None


def test_page_chrome():
    assert is_chrome("当前位置：首页 > 政务公开") and is_chrome("【打印本页】") and is_chrome("浏览次数：35")
    assert not is_chrome("一、总体要求")
