"""The drafted 工作总结 writes right prose (issue 21, item 6): no 达到达到, the plan's unit and scale kept,
next steps and the next-year draft name a task by its subject and remaining target."""

from datetime import date
from decimal import Decimal

from docparse.dates import cn_date
from docparse.numbers import cn_number
from reports import drafting as d

SIGNED = d.IndicatorData(21, "家庭医生签约", "reach", Decimal(253900), "人", None, Decimal(205000), scale=10000)
LONG_TASK = "家庭医生签约服务扩面提质，重点人群签约覆盖率稳步提高，全年签约25.39万人，组建家庭医生团队120个，完善签约服务考核激励机制，推动签约服务由“签约”向“履约”转变。"


def filing(**kw):
    return d.FilingData(id=1, unit="区卫健局", round_name="2023年年度", as_of=date(2023, 12, 31), **kw)


def test_a_reach_target_is_said_once():
    full = d.IndicatorData(1, "托育机构备案率", "reach", Decimal(100), "%", None, Decimal(100))
    assert d.indicator_sentence(full) == "托育机构备案率为100%，达到100%的目标。"
    short = d.IndicatorData(1, "托育机构备案率", "reach", Decimal(100), "%", None, Decimal(95))
    assert d.indicator_sentence(short) == "托育机构备案率为95%，未达到100%的目标。"
    assert "达到达到" not in d.indicator_sentence(full) + d.indicator_sentence(short)


def test_unit_and_scale_as_the_plan_wrote_them():
    assert d.indicator_sentence(SIGNED) == "家庭医生签约达20.5万人，完成年度目标（25.39万人）的80.7%。"
    assert d.remaining_sentence(SIGNED) == "家庭医生签约距年度目标（25.39万人）尚差4.89万人。"
    assert "205000" not in d.indicator_sentence(SIGNED)


def test_next_steps_name_the_task_by_its_subject_not_its_whole_text():
    task = d.TaskData(
        5, "5", LONG_TASK, "基卫科", filing(completion="签约20.5万人。", completed=False, reason="人手不足"), (SIGNED,)
    )
    plan = d.PlanData(
        id=1,
        title="2023年重点工作",
        year=2023,
        issuer="椒江区卫生健康局",
        sections=(d.SectionData(1, "一、", "深化医改", (task,)),),
    )
    item = next(p for p in d.draft(plan).paragraphs if p.key == "next:5")
    assert (
        item.text
        == "一是家庭医生签约服务扩面提质（基卫科牵头，未完成）。家庭医生签约距年度目标（25.39万人）尚差4.89万人。"
    )
    assert "履约" not in item.text


def test_task_subject_and_carried_text():
    assert d.task_subject("新增托位1900个，推进普惠托育服务体系建设。") == "新增托位"
    assert d.task_subject("县域内就诊率达到90%以上。") == "县域内就诊率"
    assert d.task_subject(LONG_TASK) == "家庭医生签约服务扩面提质"
    assert len(d.task_subject("很" * 80)) == d.SUBJECT_MAX
    beds = d.IndicatorData(11, "托位", "add", Decimal(1900), "个", None, Decimal(336))
    task = d.TaskData(
        1, "1", "新增托位1900个，推进普惠托育服务体系建设。", "区卫健局", filing(completed=False), (beds,)
    )
    assert d.carried_text(task) == "新增托位1564个。"
    rate = d.IndicatorData(13, "县域内就诊率", "gte", Decimal(90), "%", None, Decimal(85))
    task = d.TaskData(3, "3", "深化医共体建设，县域内就诊率达到90%以上。", "医共体", filing(completed=False), (rate,))
    assert d.carried_text(task) == "深化医共体建设，县域内就诊率不低于90%。"
    task = d.TaskData(5, "5", LONG_TASK, "基卫科", filing(completed=False), (SIGNED,))
    assert d.carried_text(task) == "家庭医生签约服务扩面提质，家庭医生签约4.89万人。"


def test_one_numeral_writer_and_one_date_writer():
    assert [cn_number(n) for n in (1, 10, 12, 20, 99, 100, 101, 110, 120, 999)] == [
        "一",
        "十",
        "十二",
        "二十",
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
        "一百二十",
        "九百九十九",
    ]
    assert d.ordinal(100) == "一百是" and d.sub_label(101) == "（一百零一）"
    assert cn_date(date(2023, 7, 1)) == "2023年7月1日" and cn_date(None) == ""
    assert d.cn_date is cn_date
    from docrender import text

    assert text.cn_date is cn_date
