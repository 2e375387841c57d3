"""periods: round names, their last days and plan titles read from a report (pure text)."""

import datetime

import pytest

from docparse.periods import (
    iso_date,
    match_key,
    plan_kind,
    plan_title_from_report,
    round_name_from_report,
    round_period_end,
    summary_parts,
)


@pytest.mark.parametrize(
    "title,kind",
    [
        ("2023年政府工作报告目标任务", "gov_report"),
        ("2024年民生实事项目", "livelihood"),
        ("卫生健康工作要点", "work_points"),
        ("重点工作任务清单", "key_work"),
        ("", None),
        (None, None),
        ("工作总结", None),
    ],
)
def test_plan_kind(title, kind):
    assert plan_kind(title) == kind


@pytest.mark.parametrize(
    "title,plan",
    [
        ("2023年政府工作报告目标任务完成情况填报表", "2023年政府工作报告目标任务"),
        ("2025年第一季度重点工作任务推进情况表（截至3月31日）", "2025年重点工作任务"),
        ("椒江区卫生健康局2024年上半年民生实事完成情况", "2024年民生实事"),
        ("玉环市卫生健康局2025年第一季度市政府重点工作和民生实事工作完成情况", "2025年市政府重点工作和民生实事工作"),
        ("完成情况", "导入的计划"),
        (None, "导入的计划"),
    ],
)
def test_plan_title_from_report(title, plan):
    assert plan_title_from_report(title) == plan


def test_round_name_from_the_title_else_the_as_of_half():
    assert round_name_from_report({"title": "2025年第一季度重点工作推进情况"}) == "2025年第一季度"
    assert round_name_from_report({"title": "重点工作", "year": 2024, "as_of": "2024-06-30"}) == "2024年上半年"
    assert round_name_from_report({"metadata": {"填报时间": "2024-11-05"}}) == "2024年全年"
    assert round_name_from_report({"year": 2024}) == "2024年" and round_name_from_report({}) == "导入轮次"


@pytest.mark.parametrize(
    "name,end",
    [
        ("2023年上半年", datetime.date(2023, 6, 30)),
        ("第三季度", datetime.date(2024, 9, 30)),
        ("二季度", datetime.date(2024, 6, 30)),
        ("前三季度", datetime.date(2024, 9, 30)),
        ("2024年1-2月", datetime.date(2024, 2, 29)),
        ("全年", datetime.date(2024, 12, 31)),
        ("1-13月", None),
        ("第一次调度", None),
        (None, None),
    ],
)
def test_round_period_end(name, end):
    assert round_period_end(name, 2024) == end


def test_iso_dates_summary_titles_and_match_keys():
    assert iso_date("2024-07-05T10:00:00") == datetime.date(2024, 7, 5) and iso_date("7月5日") is None
    assert iso_date(None) is None
    text = "椒江区卫健局2024年工作总结\n一、主要成效\n路桥区卫生健康局2024年工作总结。\n黄岩区2025年工作思路"
    assert summary_parts({"text": text}) == ["椒江区卫健局2024年工作总结", "黄岩区2025年工作思路"]
    assert match_key("建设 胸痛中心（2家）。") == "建设胸痛中心2家" and match_key(None) == ""


def test_issue_date_is_the_date_under_the_issuer():
    from docparse.periods import issue_date

    text = "局属各单位：\n现将《2020 年江干区卫生健康工作要点》印发给你们。\n杭州市江干区卫生健康局\n2020年6月4日\n附件:\n截至2020年9月30日，完成。"
    assert issue_date(text) == "2020-06-04"
    assert issue_date("完成情况\n2020年6月4日前完成\n") is None
    assert issue_date("某某局\n2020年2月30日") is None


@pytest.mark.parametrize(
    "title,round_name,plan,kind",
    [
        (
            "临江市东湖区卫生健康局2026年上半年（市级分解任务）临江市卫生健康工作要点（东湖区卫健局分解）完成情况",
            "2026年上半年（市级分解任务）",
            "2026年临江市卫生健康工作要点（东湖区卫健局分解）",
            "work_points",
        ),
        (
            "2022年度政府工作报告目标任务（演示）完成情况填报表（截至2022年12月31日）",
            "2022年度",
            "2022年政府工作报告目标任务（演示）",
            "gov_report",
        ),
        (
            "玉环市卫生健康局2025年第一季度市政府重点工作和民生实事工作完成情况",
            "2025年第一季度",
            "2025年市政府重点工作和民生实事工作",
            "key_work",
        ),
        ("2025年第一季度重点工作任务推进情况表（截至3月31日）", "2025年第一季度", "2025年重点工作任务", "key_work"),
    ],
)
def test_an_exported_title_gives_back_its_round_plan_and_kind(title, round_name, plan, kind):
    """Round names keep 年度 and a qualifier such as （市级分解任务）; the kind is the plan word named first."""
    assert round_name_from_report({"title": title}) == round_name
    assert plan_title_from_report(title) == plan
    assert plan_kind(title) == kind
