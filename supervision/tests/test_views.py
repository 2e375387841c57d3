"""Dashboards, the proposal and flags on the filing pages, copy-forward and extensions through the web."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import fill_ready
from filings.models import Filing, IndicatorActual, Round, Submission
from plans.models import Indicator, Task
from supervision.models import Extension

JIAOJIANG = "椒江区65岁以上老年人77585人，截至6月30日，65岁及以上老年人医养结合服务48000人,服务率62.38%。"


@pytest.fixture
def sub_a(world):
    return Submission.objects.open_for(world.round, world.unit_a)


def test_filing_page_shows_proposal_and_flags_to_the_filler(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    filing.save_edit(
        world.filler_a,
        0,
        {
            "completion": "新增托位336个。" + JIAOJIANG,
            "completed": False,
            "reason": "推进中",
            "self_assessment": "ahead",
        },
        {world.indicator: 400},
    )
    page = login(world.filler_a).get(reverse("filings:filing", args=[filing.pk])).content.decode()
    assert "系统建议自评" in page and "两者不一致" in page
    assert "400个/1900个" in page  # the figures used
    assert "48000/77585 = 61.87%" in page
    assert "与填报的指标完成值400个不一致" in page
    assert reverse("supervision:extension_request", args=[filing.pk]) in page


def test_submission_page_lists_flags_and_submitting_is_not_blocked(world, sub_a, login):
    for filing in sub_a.filings.all():
        fill_ready(filing, world.filler_a, completion="目前完成进度100%。", completed=False, reason="推进中")
    client = login(world.filler_a)
    page = client.get(reverse("filings:submission", args=[sub_a.pk])).content.decode()
    assert "提交前请核对" in page and "是否完成选的是“未完成”" in page
    client.post(reverse("filings:submit", args=[sub_a.pk]), {"filler_name": "王", "contact": "1"})
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted"


def _second_round(world):
    return Round.objects.create(
        plan=world.plan, name="2025年上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2099, 7, 10)
    )


def test_copy_forward_fills_only_empty_filings_and_writes_a_version(world, sub_a, login):
    first, second = sub_a.filings.order_by("task__order")
    first.save_edit(
        world.filler_a,
        0,
        {"completion": "新增托位336个。", "completed": False, "reason": "推进中", "self_assessment": "on_track"},
        {world.indicator: 336},
    )
    fill_ready(second, world.filler_a, completion="上期第二项")
    round2 = _second_round(world)
    sub2 = Submission.objects.open_for(round2, world.unit_a)
    keep = sub2.filings.get(task=world.tasks[1])
    fill_ready(keep, world.filler_a, completion="本期已写")
    client = login(world.filler_a)
    page = client.get(reverse("filings:submission", args=[sub2.pk])).content.decode()
    assert "沿用上期内容" in page
    client.post(reverse("supervision:copy_forward", args=[sub2.pk]))
    copied = sub2.filings.get(task=world.tasks[0])
    assert copied.completion == "新增托位336个。" and copied.reason == "推进中" and copied.version == 1
    assert copied.self_assessment == ""  # to be judged again against this round's 序时进度
    assert copied.actuals.get().value == 336 and copied.history.count() == 1
    keep.refresh_from_db()
    assert keep.completion == "本期已写"
    # unchanged text: warned on the filing page (filler) and on the dashboard (office)
    page = client.get(reverse("filings:filing", args=[copied.pk])).content.decode()
    assert "与上一轮次完全相同" in page
    page = login(world.office).get(reverse("supervision:round", args=[round2.pk])).content.decode()
    assert "与上一轮次完全相同" in page


def test_copy_forward_is_for_the_units_filler_only(world, sub_a, login):
    round2 = _second_round(world)
    sub2 = Submission.objects.open_for(round2, world.unit_a)
    assert login(world.signer_a).post(reverse("supervision:copy_forward", args=[sub2.pk])).status_code == 403
    assert login(world.filler_b).post(reverse("supervision:copy_forward", args=[sub2.pk])).status_code == 404


def test_round_dashboard_shows_grid_rates_lagging_and_overdue(world, sub_a, login):
    world.round.due = datetime.date(2025, 4, 20)
    world.round.save()
    filing = sub_a.filings.get(task=world.tasks[0])
    filing.save_edit(
        world.filler_a,
        0,
        {
            "completion": "新增托位36个。",
            "completed": False,
            "reason": "推进中",
            "problems": "",
            "self_assessment": "on_track",
        },
        {world.indicator: 36},
    )
    page = login(world.office).get(reverse("supervision:round", args=[world.round.pk])).content.decode()
    assert 'id="unit-grid"' in page and "医政医管科" in page and "区疾控中心" in page
    assert "逾期未报" in page and "逾期未报的单位" in page
    assert "“逾期”既计逾期未报的单位，也计逾期后才报送的单位" in page  # the 逾期 count and the list differ, and say why
    assert "36个/1900个" in page  # lagging task with the figures used
    assert 'id="round-chart-data"' in page and "vendor/echarts/echarts.min.js" in page
    assert "完成率" in page and "滞后率（系统建议）" in page
    assert (
        "36个/1900个"
        in login(world.office).get(reverse("supervision:round", args=[world.round.pk]) + "?all=1").content.decode()
    )


def dashboard_queries(client, round_):
    """The queries one request of the round's dashboard runs."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("supervision:round", args=[round_.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_round_dashboard_query_count_does_not_grow_with_tasks(world, login):
    client = login(world.office)

    def count():
        return dashboard_queries(client, world.round)

    def grow(n, unit, start):
        tasks = Task.objects.bulk_create(
            [
                Task(
                    plan=world.plan,
                    section=world.sections[i % 2],
                    number=str(start + i),
                    text=f"任务{i}",
                    lead_unit=unit,
                )
                for i in range(n)
            ]
        )
        Indicator.objects.bulk_create(
            [Indicator(task=t, subject="床位", target_value=100, unit="张", comparator="add") for t in tasks]
        )
        sub = Submission.objects.open_for(world.round, unit)
        filings = list(sub.filings.filter(task__in=tasks))
        for f in filings:
            f.completion, f.completed, f.self_assessment = "新增床位20张，床位使用率80%。", False, "behind"
        Filing.objects.bulk_update(filings, ["completion", "completed", "self_assessment"])
        ind = {i.task_id: i for i in Indicator.objects.filter(task__in=tasks)}
        IndicatorActual.objects.bulk_create(
            [IndicatorActual(filing=f, indicator=ind[f.task_id], value=20) for f in filings]
        )
        Extension.objects.create(
            task=tasks[0],
            unit=unit,
            round=world.round,
            reason="r",
            new_date=datetime.date(2099, 5, 1),
            decision="granted",
        )

    grow(7, world.unit_a, 10)
    small = count()
    grow(190, world.unit_b, 100)
    assert world.plan.tasks.count() == 200
    assert count() == small


def test_task_history_shows_rounds_versions_and_actuals(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    filing.save_edit(
        world.filler_a,
        0,
        {"completion": "新增托位336个。", "completed": False, "reason": "推进中", "self_assessment": "on_track"},
        {world.indicator: 336},
    )
    filing.save_edit(world.filler_a, 1, {"completion": "新增托位400个。"}, {world.indicator: 400})
    round2 = _second_round(world)
    f2 = Submission.objects.open_for(round2, world.unit_a).filings.get(task=world.tasks[0])
    f2.save_edit(
        world.filler_a,
        0,
        {"completion": "新增托位1000个。", "completed": False, "reason": "推进中"},
        {world.indicator: 1000},
    )
    for user in (world.office, world.filler_a, world.signer_a):
        page = login(user).get(reverse("supervision:task", args=[world.tasks[0].pk])).content.decode()
        assert "2025年第一季度" in page and "2025年上半年" in page and "新增托位1000个。" in page
        assert 'id="task-chart-data"' in page and "[400.0, 1000.0]" in page and "[1900.0, 1900.0]" in page
        assert "<td>2</td>" in page  # two versions in the first round
    assert login(world.filler_b).get(reverse("supervision:task", args=[world.tasks[0].pk])).status_code == 404


def test_unit_page_is_for_the_office_and_the_unit_itself(world, sub_a, login):
    url = reverse("supervision:unit", args=[world.unit_a.pk])
    for user in (world.office, world.filler_a, world.signer_a):
        page = login(user).get(url).content.decode()
        assert "新增托位1900个" in page and "2025年第一季度" in page
    assert login(world.filler_b).get(url).status_code == 404
    assert login(world.office).get(url + "?plan=999999").status_code == 403


def test_extension_request_grant_and_the_granted_date_on_the_dashboard(world, sub_a, login):
    world.round.due = datetime.date(2025, 4, 20)
    world.round.save()
    filing = sub_a.filings.get(task=world.tasks[0])
    client = login(world.filler_a)
    url = reverse("supervision:extension_request", args=[filing.pk])
    assert "须晚于报送截止日期" in client.post(url, {"new_date": "2025-04-19", "reason": "x"}).content.decode()
    assert client.post(url, {"new_date": "2099-05-10", "reason": "等待统计数据"}).status_code == 302
    extension = Extension.objects.get()
    assert extension.decision == "pending" and extension.unit == world.unit_a and extension.round == world.round
    assert (
        login(world.filler_a)
        .post(reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "granted"})
        .status_code
        == 403
    )
    office = login(world.office)
    assert "等待统计数据" in office.get(reverse("supervision:extensions")).content.decode()
    office.post(reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "granted", "note": "同意"})
    extension.refresh_from_db()
    assert extension.decision == "granted" and extension.decided_by == world.office and extension.decided_at
    response = office.post(
        reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "refused"}, follow=True
    )
    assert "已审批过" in response.content.decode()
    page = office.get(reverse("supervision:round", args=[world.round.pk])).content.decode()
    # The package stays due on the round's date; the granted date belongs to the task.
    assert "2025-04-20（任务延期至 2099-05-10）" in page


def test_round_detail_links_to_the_dashboard(world, login):
    page = login(world.office).get(reverse("filings:round", args=[world.round.pk])).content.decode()
    assert reverse("supervision:round", args=[world.round.pk]) in page


def test_a_refusal_without_a_reason_is_refused_and_the_request_stays_pending(world, login):
    from supervision.models import Extension

    extension = Extension.objects.create(
        round=world.round, unit=world.unit_a, task=world.tasks[0], new_date="2099-05-10", reason="等待统计数据"
    )
    office = login(world.office)
    url = reverse("supervision:extension_decide", args=[extension.pk])
    page = office.post(url, {"decision": "refused", "note": "  "}, follow=True).content.decode()
    assert "不同意时请在审批意见中写明理由" in page
    extension.refresh_from_db()
    assert extension.decision == "pending" and extension.decided_by is None
    office.post(url, {"decision": "refused", "note": "统计口径已明确"})
    extension.refresh_from_db()
    assert extension.decision == "refused" and extension.decision_note == "统计口径已明确"
