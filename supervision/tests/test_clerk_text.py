"""What a clerk reads on the supervision pages: plain numbers, 万 kept, honest advice, "—" for unknown rates."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import fill_ready
from filings.models import IndicatorActual, Submission
from plans.models import Indicator
from supervision import advice as supervision_advice
from supervision import dashboard


@pytest.fixture
def sub_a(world):
    return Submission.objects.open_for(world.round, world.unit_a)


def test_advice_says_no_quantitative_indicator_only_when_the_task_has_none(world, sub_a):
    with_indicator = sub_a.filings.get(task=world.tasks[0])  # 托位 indicator, no actual entered
    without = sub_a.filings.get(task=world.tasks[1])  # no indicator at all
    fill_ready(with_indicator, world.filler_a, completed=False, reason="推进中")
    fill_ready(without, world.filler_a, completed=False, reason="推进中")
    why_with = supervision_advice.filing_advice(with_indicator).why
    assert "无量化指标" not in why_with and "未填报指标完成值" in why_with
    assert supervision_advice.filing_advice(without).why.startswith("无量化指标")
    rows = {row.task.pk: row for row in dashboard.round_overview(world.round).rows}
    assert "无量化指标" not in rows[world.tasks[0].pk].advice.why


def test_an_actual_of_a_target_written_in_wan_matches_the_text_and_is_explained_in_wan(world, sub_a):
    signing = Indicator.objects.create(
        task=world.tasks[1], subject="签约", target_value=253900, unit="人", comparator="reach", scale=10000
    )
    filing = sub_a.filings.get(task=world.tasks[1])
    filing.save_edit(
        world.filler_a,
        0,
        {"completion": "全区累计签约13.96万人。", "completed": False, "reason": "推进中"},
        {signing: Decimal("139600")},
    )
    advice = supervision_advice.filing_advice(filing)
    assert advice.flags == []
    assert "13.96万人/25.39万人 = 55.0%" in advice.why


def test_task_history_shows_actuals_as_typed(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    filing.save_edit(world.filler_a, 0, {"completion": "新增托位100个。"}, {world.indicator: Decimal("100")})
    assert IndicatorActual.objects.get(filing=filing).value == Decimal("100")
    page = login(world.office).get(reverse("supervision:task", args=[world.tasks[0].pk])).content.decode()
    assert "<td>100个</td>" in page
    assert "1E+2" not in page and "100.0000" not in page
    assert "<li>新增托位1900个</li>" in page and "：新增 1900个" not in page


def test_a_status_table_without_completed_shows_the_completion_rate_as_a_dash(world, login):
    for unit, filler in ((world.unit_a, world.filler_a), (world.unit_b, world.filler_b)):
        for filing in Submission.objects.open_for(world.round, unit).filings.all():
            fill_ready(filing, filler, completed=None, self_assessment="on_track")  # 自评 only, as a status table
    overview = dashboard.round_overview(world.round)
    assert all(s["completion_rate"] is None for s in overview.by_section + overview.by_unit)
    page = login(world.office).get(reverse("supervision:round", args=[world.round.pk])).content.decode()
    assert "<td>—</td><td>0.0%</td>" in page  # 完成率 unknown, 滞后率（自评） 0%
    assert "<td>0.0%</td><td>0.0%</td><td>0.0%</td>" not in page


def test_a_filing_form_with_completed_still_shows_its_completion_rate(world):
    sub = Submission.objects.open_for(world.round, world.unit_a)
    fill_ready(sub.filings.get(task=world.tasks[0]), world.filler_a, completed=True)
    fill_ready(sub.filings.get(task=world.tasks[1]), world.filler_a, completed=False, reason="推进中")
    by_unit = {s["key"]: s for s in dashboard.round_overview(world.round).by_unit}
    assert by_unit[world.unit_a.pk]["completion_rate"] == 50.0


def test_no_comparator_code_reaches_the_dashboard_or_the_advice(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[0])
    filing.save_edit(
        world.filler_a,
        0,
        {
            "completion": "新增托位336个。",
            "completed": False,
            "reason": "推进中",
            "self_assessment": "behind",
            "problems": "场地",
        },
        {world.indicator: 336},
    )
    advice = supervision_advice.filing_advice(filing)
    assert advice.figures[0]["comparator_label"] == "新增"
    page = login(world.office).get(reverse("supervision:round", args=[world.round.pk])).content.decode()
    for code in (">add<", " add ", ">reach<", " reach ", ">gte<"):
        assert code not in page


def test_the_advice_card_states_the_expected_progress_once(world, sub_a, login):
    filing = sub_a.filings.get(task=world.tasks[1])  # no indicator: the explanation gives 序时进度 itself
    fill_ready(filing, world.filler_a, completed=False, reason="推进中")
    page = login(world.filler_a).get(reverse("filings:filing", args=[filing.pk])).content.decode()
    card = page[page.index('id="advice"') :]
    card = card[: card.index("</div>")]
    assert card.count("序时进度") == 1
