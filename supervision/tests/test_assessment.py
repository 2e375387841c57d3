"""建议自评: the pure computation, with plain numbers and dates."""

from datetime import date

import pytest

from supervision.assessment import IndicatorInput, expected_progress, judge_indicator, propose

MID = date(2025, 7, 2)  # day 183 of 365 → 序时进度 50.1%


def test_expected_progress_is_the_share_of_the_year_elapsed():
    assert expected_progress(date(2025, 12, 31), date(2025, 1, 1), date(2025, 12, 31)) == 1.0
    assert expected_progress(MID, date(2025, 1, 1), date(2025, 12, 31)) == pytest.approx(183 / 365)
    assert expected_progress(date(2024, 12, 1), date(2025, 1, 1), date(2025, 12, 31)) == 0.0


def test_gte_rate_is_met_at_86_percent_and_is_not_prorated():
    figure = judge_indicator(IndicatorInput("县域内就诊率", 85, 86, "gte", unit="%"), expected=0.25)
    assert figure.met and not figure.prorated and figure.expected == 1.0
    assert (
        propose(
            year=2025, as_of=date(2025, 3, 31), indicators=[IndicatorInput("就诊率", 85, 86, "gte", unit="%")]
        ).assessment
        == "on_track"
    )


def test_a_rate_below_target_is_behind_even_early_in_the_year():
    proposal = propose(
        year=2025, as_of=date(2025, 3, 31), indicators=[IndicatorInput("就诊率", 90, 70, "reach", unit="%")]
    )
    assert proposal.assessment == "behind"


@pytest.mark.parametrize("actual, expected", [(336, "behind"), (950, "on_track"), (1900, "ahead")])
def test_count_target_is_compared_with_the_elapsed_share_of_the_year(actual, expected):
    proposal = propose(year=2025, as_of=MID, indicators=[IndicatorInput("托位", 1900, actual, "add", unit="个")])
    assert proposal.assessment == expected
    assert proposal.basis == "indicators"


def test_add_counts_from_the_baseline():
    figure = judge_indicator(IndicatorInput("托位", 1900, 2900, "add", baseline=2000, unit="个"), expected=0.5)
    assert figure.progress == pytest.approx(900 / 1900)


def test_lte_is_met_when_actual_is_at_most_the_target():
    assert judge_indicator(IndicatorInput("孕产妇死亡率", 10, 10, "lte", unit="/10万"), 0.5).met
    assert not judge_indicator(IndicatorInput("孕产妇死亡率", 10, 10, "lt", unit="/10万"), 0.5).met
    assert (
        propose(year=2025, as_of=MID, indicators=[IndicatorInput("死亡率", 10, 12.5, "lte", unit="‰")]).assessment
        == "behind"
    )


def test_margin_is_configurable():
    ind = [IndicatorInput("托位", 1900, 760, "add", unit="个")]  # 40% against 50.1%
    assert propose(year=2025, as_of=MID, indicators=ind).assessment == "behind"
    assert propose(year=2025, as_of=MID, indicators=ind, margin=0.15).assessment == "on_track"


def test_task_deadline_shortens_the_period():
    ind = [IndicatorInput("托位", 100, 50, "add", unit="个")]
    assert (
        propose(year=2025, as_of=date(2025, 6, 30), deadline=date(2025, 6, 30), indicators=ind).assessment == "behind"
    )


def test_worst_indicator_decides():
    inds = [IndicatorInput("A", 100, 100, "add", unit="个"), IndicatorInput("B", 90, 60, "gte", unit="%")]
    assert propose(year=2025, as_of=MID, indicators=inds).assessment == "behind"


def test_without_indicators_completion_and_deadline_decide():
    assert propose(year=2025, as_of=MID, completed=True).assessment == "ahead"
    assert propose(year=2025, as_of=date(2025, 12, 31), completed=True).assessment == "on_track"
    assert propose(year=2025, as_of=MID, completed=False).assessment == "on_track"
    late = propose(year=2025, as_of=date(2025, 7, 15), deadline=date(2025, 6, 30), completed=False)
    assert late.assessment == "behind" and late.deadline_passed and late.basis == "completion"


def test_indicator_without_actual_falls_back_on_completion():
    proposal = propose(
        year=2025, as_of=MID, completed=True, indicators=[IndicatorInput("托位", 1900, None, "add", unit="个")]
    )
    assert proposal.basis == "completion" and proposal.assessment == "ahead"
