"""Expected results written out by reading the four seed documents."""

from __future__ import annotations

import pytest

from docparse import parse, parse_document


def _ind(result, text=None, value=None, unit=None):
    for i in result.indicators:
        if (
            (text is None or i.text.replace(" ", "") == text)
            and (value is None or i.value == value)
            and (unit is None or i.unit == unit)
        ):
            return i
    raise AssertionError(f"indicator {text or value} not found: {[x.text for x in result.indicators]}")


# ---------------------------------------------------------------- Jianggan plan
@pytest.fixture(scope="module")
def plan(jianggan):
    return parse_document(jianggan, "jianggan-2020-work-plan.txt")


def test_plan_header(plan):
    assert plan.kind == "plan"
    assert plan.year == 2020
    assert plan.org == "杭州市江干区卫生健康局"
    assert plan.title.replace(" ", "") == "2020年江干区卫生健康工作要点"


def test_plan_sections_and_tasks(plan):
    assert [s.label for s in plan.sections] == ["一、", "二、", "三、", "四、", "五、"]
    assert plan.sections[0].title == "紧抓机遇,实现公共卫生服务体系再完善"
    assert [len(s.tasks) for s in plan.sections] == [4, 3, 2, 5, 2]
    tasks = plan.tasks
    assert [t.number for t in tasks] == [str(i) for i in range(1, 17)]
    assert tasks[0].title == "常态推进疫情防控"
    assert tasks[0].text.startswith("常态推进疫情防控。")
    assert tasks[15].title == "严防肇事肇祸"


def test_plan_indicators(plan):
    tuo = _ind(plan, "90个")
    assert (tuo.value, tuo.unit, tuo.comparator, tuo.subject, tuo.role) == (90, "个", "add", "托位", "target")
    sign = _ind(plan, "25.39万人")
    assert (sign.value, sign.unit, sign.scale) == (253900, "人", "万")
    assert "签约" in sign.subject
    jg = _ind(plan, "3家")
    assert (jg.value, jg.comparator, jg.subject) == (3, "add", "婴幼儿照护服务机构")
    bed = _ind(plan, "30张")
    assert (bed.value, bed.unit, bed.comparator) == (30, "张", "add")
    assert "安宁疗护病床" in bed.subject
    assert _ind(plan, "9000人").value == 9000
    pct = _ind(plan, "100%")
    assert pct.unit == "%" and pct.value == 100
    # task 10 holds the 民生实事 indicators
    t10 = plan.tasks[9]
    assert {i.text.replace(" ", "") for i in t10.indicators} >= {"3家", "90个", "8场", "9000人", "1000人", "30张"}


def test_plan_not_indicators(plan):
    texts = {i.text.replace(" ", "") for i in plan.indicators}
    for bad in ("2020年", "6月4日", "十九届", "四中", "1.", "两卡"):
        assert not any(bad in t for t in texts)
    for i in plan.indicators:
        assert plan.text[i.start : i.end] == i.text


# ---------------------------------------------------------------- Jiaojiang filing form
@pytest.fixture(scope="module")
def form(jiaojiang):
    return parse_document(jiaojiang, "jiaojiang-2023-target-filing-form.txt")


def test_form_header(form):
    assert form.kind == "filing_form"
    assert form.year == 2023
    assert form.title == "2023年政府工作报告目标任务完成情况填报表"
    assert form.org == "台州市椒江区卫生健康局"
    assert form.metadata["填报单位"] == "台州市椒江区卫生健康局"
    assert form.metadata["签发人"] == "严邦星"
    assert form.metadata["填报人"] == "王婧"
    assert form.metadata["联系方式"] == "0576-89025399"
    assert form.metadata["填报时间"] == "2023-07-21"


def test_form_rows(form):
    assert [s.title for s in form.sections] == ["完善高质量就业和共富型大社保体系", "实施健康台州新三年行动"]
    assert [len(s.tasks) for s in form.sections] == [2, 6]
    for t in form.tasks:
        assert t.completed is True
        assert t.units == ["区卫健局"] and t.lead_unit == "区卫健局"
        assert t.reason is None
        assert t.completion
    assert form.tasks[0].text == "创建国家老年友好城市。"
    assert form.tasks[0].completion.startswith("一、全面加强老年医养结合服务。")
    assert form.tasks[0].completion.rstrip().endswith("将迎接国家复审。")
    assert form.tasks[-1].text == "开展爱国卫生运动，倡导文明健康生活方式。"
    assert form.tasks[-1].completion.rstrip().endswith("业务骨干培训。")


def test_form_indicators(form):
    jz = _ind(form, "90%")
    assert (jz.value, jz.unit, jz.comparator, jz.subject, jz.role) == (90, "%", "gte", "县域内就诊率", "target")
    act = _ind(form, "90.77%")
    assert (act.value, act.role, act.subject) == (90.77, "actual", "县域内就诊率")
    tw = _ind(form, "1900个")
    assert (tw.value, tw.unit, tw.comparator, tw.subject, tw.role) == (1900, "个", "add", "托位", "target")
    rc = _ind(form, "2.26万人次")
    assert (rc.value, rc.unit) == (22600, "人次")
    assert _ind(form, "5‰").unit == "‰"
    assert _ind(form, "77585人").value == 77585
    base = [i for i in form.indicators if i.text == "5家" and i.role == "baseline"]
    assert base, "在去年5家中医阁的基础上 is a baseline"
    texts = {i.text for i in form.indicators}
    assert not any(t.startswith(("65岁", "三孩", "0576", "300字", "6月", "2023")) for t in texts)
    assert not any("5+X" in t or t.startswith("两慢") for t in texts)
    # indicators are attached to the right task
    t5 = form.sections[1].tasks[2]
    assert {i.text for i in t5.indicators} == {"90%", "90.77%"}


# ---------------------------------------------------------------- Yuhuan status table
@pytest.fixture(scope="module")
def status(yuhuan):
    return parse_document(yuhuan, "yuhuan-2025-q1-key-work-status.txt")


def test_status_header(status):
    assert status.kind == "status_table"
    assert status.year == 2025
    assert status.as_of == "2025-04-15"
    assert status.org == "玉环市卫生健康局"
    assert "第一季度" in status.title
    md = status.metadata
    assert md["发布机构"] == "玉环市卫生健康局"
    assert md["发文日期"] == "2025-05-14"
    assert md["索引号"] == "11331021355386184W/2025-141459"
    assert md["组配分类"] == "计划总结"


def test_status_rows(status):
    tasks = status.tasks
    assert len(tasks) == 9
    assert [t.number for t in tasks] == [str(i) for i in range(1, 10)]
    assert all(t.self_assessment == "on_track" for t in tasks)
    assert all(t.lead_unit == "玉环市卫生健康局" for t in tasks)
    assert all(t.problems is None for t in tasks)
    assert tasks[0].text == "完善全域全民全程健康服务体系。"
    assert tasks[0].completion.startswith("1.加快推动市域恶性肿瘤诊治体系建设")
    assert "6.市医疗中心项目" in tasks[0].completion
    assert tasks[8].completion.startswith("经对接市财政局")
    assert status.unparsed == []


def test_status_indicators(status):
    m = _ind(status, "92万元")
    assert (m.value, m.unit, m.role) == (92, "万元", "actual")
    assert m in status.tasks[8].indicators
    texts = {i.text for i in status.indicators}
    assert not any(t.startswith(("2025", "7号", "24号", "4月", "60岁", "1-3", "141459")) for t in texts)


# ---------------------------------------------------------------- summaries collection
def test_summaries(summaries):
    r = parse_document(summaries, "county-work-summaries-collection.txt")
    assert r.kind == "summary"
    assert len(r.sections) >= 10
    assert sum(len(s.tasks) for s in r.sections) >= 50
    labels = {s.label for s in r.sections if s.label}
    assert "一、" in labels
    for i in r.indicators:
        assert r.text[i.start : i.end] == i.text
        assert i.role in ("actual", "baseline", "target")
    cases = {i.text: i for i in r.indicators}
    assert cases["2.93万人"].value == 29300
    assert cases["1.3亿元"].unit == "亿元" and cases["1.3亿元"].value == 1.3
    assert cases["5558人"].value == 5558


def test_parse_dict_contract(jianggan):
    d = parse(jianggan, "x.txt")
    assert set(d) >= {"kind", "title", "org", "year", "as_of", "metadata", "sections", "indicators", "unparsed", "text"}
    t = d["sections"][0]["tasks"][0]
    assert set(t) >= {
        "number",
        "text",
        "lead_unit",
        "units",
        "completion",
        "completed",
        "reason",
        "problems",
        "self_assessment",
        "indicators",
    }
    i = d["indicators"][0]
    assert set(i) >= {"text", "value", "unit", "comparator", "subject", "role", "start", "end"}
    assert d["text"][i["start"] : i["end"]] == i["text"]
