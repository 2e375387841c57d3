"""The draft summary on the demo's approved rounds: verbatim texts, computed figures, edits kept."""

import io
import re

import pytest

from filings.models import Filing, Submission
from plans.models import Plan
from reports import drafting, services
from reports.models import Summary


def jiaojiang_plan():
    return Plan.objects.get(year=2023, issuer__name="台州市椒江区卫生健康局", kind="gov_report")


def approved_filings(plan):
    return Filing.objects.filter(submission__round__plan=plan, submission__state=Submission.State.APPROVED).exclude(
        completion=""
    )


def all_text(summary):
    return "\n".join(summary.paragraphs.values_list("text", flat=True))


@pytest.mark.parametrize(
    "plan_filter",
    [
        {"year": 2023, "issuer__name": "台州市椒江区卫生健康局"},
        {"year": 2025, "issuer__name": "玉环市卫生健康局", "kind": "key_work"},
    ],
)
def test_draft_contains_every_approved_completion_verbatim(demo, plan_filter):
    plan = Plan.objects.get(**plan_filter)
    summary = services.generate_summary(plan, Summary.Period.YEAR, demo)
    text = all_text(summary)
    filings = list(approved_filings(plan))
    assert len(filings) >= 8
    for f in filings:
        assert f.completion.strip() in text, f.task.number
        item = summary.paragraphs.get(key=f"task:{f.task_id}")
        assert {"type": "filing", "id": f.pk, "field": "completion"}.items() <= item.sources[0].items()
    assert not re.search(r"xx|XX|\*\*\*", text)
    assert "现将" in text and "报告如下：" in text
    assert all(p.sources for p in summary.paragraphs.all())


def test_jiaojiang_tuowei_336_against_1900(demo):
    plan = jiaojiang_plan()
    summary = services.generate_summary(plan, Summary.Period.HALF, demo)
    task = plan.tasks.get(indicators__subject="托位")
    item = summary.paragraphs.get(key=f"task:{task.pk}")
    assert item.text.endswith("新增托位336个，完成年度目标（1900个）的17.7%。")
    indicator = task.indicators.get(subject="托位")
    # the figure comes from the stored actual and target, and the trace names both
    actual = indicator.actuals.get().value
    assert (actual, indicator.target_value) == (336, 1900)
    assert {"type": "indicator", "id": indicator.pk, "actual": "336"}.items() <= item.sources[1].items()
    assert summary.paragraphs.get(key="title").text == "台州市椒江区卫生健康局2023年上半年工作总结暨下半年工作思路"
    opening = summary.paragraphs.get(key="opening").text
    assert opening.startswith(
        "《2023年政府工作报告目标任务》共确定目标任务8项。截至2023年6月30日，8项任务的填报已审核通过，其中已完成8项、未完成0项"
    )


def test_unapproved_filings_are_left_out(db, seeds):
    from django.core.management import call_command

    call_command("load_demo", "--seeds", str(seeds), stdout=io.StringIO())
    from units.models import User

    summary = services.generate_summary(jiaojiang_plan(), Summary.Period.YEAR, User.objects.get(username="office"))
    assert not summary.paragraphs.filter(
        kind=drafting.ITEM, part=drafting.ACHIEVEMENTS
    ).exists()  # the round is only signed
    assert "本期尚无审核通过的填报" in summary.paragraphs.get(key="opening").text


def test_regenerating_after_an_edit_keeps_the_edit(demo):
    plan = Plan.objects.get(title__startswith="2022年政府工作报告目标任务")
    summary = Summary.objects.get(plan=plan)  # the demo's draft
    task = plan.tasks.get(indicators__subject="托位")
    item = summary.paragraphs.get(key=f"task:{task.pk}")
    heading = summary.paragraphs.get(key=f"sec:{task.section_id}")
    assert heading.save_edit(demo, heading.version, "（一）托育服务扩容提质")
    assert item.save_edit(demo, item.version, "一是托位建设稳步推进（办公室改写）。")
    assert not item.save_edit(demo, 1, "过期版本的保存")  # optimistic lock
    # newer data: the unit's approved figure changes
    filing = Filing.objects.get(task=task)
    filing.completion = filing.completion.replace("1380", "1400")
    filing.save()
    actual = filing.actuals.get()
    actual.value = 1400
    actual.save()
    other = Filing.objects.get(task__plan=plan, task__indicators__subject="县域内就诊率")
    other.completion += "群众满意度持续提升。"
    other.save()

    changes = {c.key: c.action for c in services.regenerate_summary(summary, demo)}
    item.refresh_from_db()
    heading.refresh_from_db()
    assert item.text == "一是托位建设稳步推进（办公室改写）。" and item.edited
    assert "新增托位1400个，完成年度目标（1500个）的93.3%。" in item.pending_text
    assert heading.text == "（一）托育服务扩容提质"
    assert changes[f"task:{task.pk}"] == "pending"
    other_item = summary.paragraphs.get(key=f"task:{other.task_id}")
    assert changes[f"task:{other.task_id}"] == "updated" and "群众满意度持续提升。" in other_item.text
    assert item.history.count() >= 3  # generated, edited … every save a version
    item.decide(demo, accept=True)
    assert item.text.startswith("一是截至12月底") and not item.edited and not item.pending_text


def test_docx_export_of_the_demo_summary(demo, client):
    import io

    from docx import Document

    summary = Summary.objects.get()
    client.force_login(demo)
    response = client.get(f"/reports/summaries/{summary.pk}/export/docx/")
    assert response.status_code == 200
    d = Document(io.BytesIO(response.content))
    texts = [p.text for p in d.paragraphs if p.text]
    assert texts[0] == "台州市椒江区卫生健康局2022年工作总结"
    assert "一、主要工作及成效" in texts and "二、存在问题" in texts
    assert client.get(f"/reports/summaries/{summary.pk}/export/pdf/").content.startswith(b"%PDF")
    assert client.get(f"/reports/summaries/{summary.pk}/export/exe/").status_code == 404
