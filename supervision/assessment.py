"""建议自评 — the assessment the system proposes for a filing. Pure Python: plain numbers and dates.

序时进度 (expected progress) is the share of the period elapsed at the round's as-of date, the
period running from 1 January of the plan year to the task's deadline (31 December when none).
Indicator progress is the share of the target reached, judged by the indicator's comparator:

* ``gte`` / ``reach`` (不低于 / 达到): actual ÷ target, or (actual − baseline) ÷ (target − baseline)
  when a baseline is set below the target;
* ``add`` (新增): the increase counts — (actual − baseline) when a baseline is set, else actual — ÷ target;
* ``lte`` / ``lt`` (控制在…以内 / 低于): a ceiling, met (1.0) when actual ≤ target (< for ``lt``),
  else target ÷ actual;
* a rate (unit % or ‰) and any ceiling are not pro-rated over the year: they are compared with the
  target directly, so their expected progress is 1.0 whatever the date.

The task's progress is its worst indicator's deviation from what is expected; deviation above the
margin → ``ahead``, within it → ``on_track``, below → ``behind``. Tasks without indicators (or with no
actual entered yet: ``indicator_count`` tells the two apart) fall back on 是否完成 and the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

AHEAD, ON_TRACK, BEHIND = "ahead", "on_track", "behind"
RATE_UNITS = {"%", "％", "‰"}
DEFAULT_MARGIN = 0.10


@dataclass(frozen=True)
class IndicatorInput:
    subject: str
    target: float
    actual: float | None
    comparator: str = "reach"
    baseline: float | None = None
    unit: str = ""


@dataclass
class IndicatorFigure:
    """How one indicator was judged: the figures shown to the office next to the proposal."""

    subject: str
    target: float
    actual: float
    comparator: str
    baseline: float | None
    unit: str
    is_rate: bool
    prorated: bool
    progress: float  # share of the target reached (may exceed 1)
    expected: float  # share expected by now (序时进度, or 1.0 when compared directly)
    met: bool

    @property
    def deviation(self):
        return self.progress - self.expected


@dataclass
class Proposal:
    assessment: str
    basis: str  # "indicators" | "completion"
    expected: float  # 序时进度 of the period
    progress: float | None = None  # worst indicator's progress (indicators basis)
    deviation: float | None = None
    margin: float = DEFAULT_MARGIN
    figures: list[IndicatorFigure] = field(default_factory=list)
    completed: bool | None = None
    deadline_passed: bool = False
    indicator_count: int = 0  # indicators the task has (with or without an actual): 0 means 无量化指标

    @property
    def has_indicators(self):
        return self.indicator_count > 0


def _num(value):
    if value is None:
        return None
    return float(value) if isinstance(value, (Decimal, int, float)) else float(Decimal(str(value)))


def is_rate(unit):
    return (unit or "").strip() in RATE_UNITS


def period_bounds(year, deadline=None):
    start = date(year, 1, 1)
    end = deadline if deadline and deadline >= start else date(year, 12, 31)
    return start, end


def expected_progress(as_of, start, end):
    """序时进度: the share of [start, end] elapsed on ``as_of`` (both ends inclusive), clamped to 0..1."""
    total = (end - start).days + 1
    if total <= 0:
        return 1.0
    elapsed = (as_of - start).days + 1
    return max(0.0, min(1.0, elapsed / total))


def judge_indicator(ind: IndicatorInput, expected: float) -> IndicatorFigure | None:
    """Progress of one indicator against its target; None when no actual has been entered."""
    actual, target, baseline = _num(ind.actual), _num(ind.target), _num(ind.baseline)
    if actual is None or target is None:
        return None
    rate = is_rate(ind.unit)
    comparator = ind.comparator or "reach"
    if comparator in ("lte", "lt"):
        met = actual <= target if comparator == "lte" else actual < target
        progress = 1.0 if met else (target / actual if actual else 0.0)
        prorated = False
    else:
        if comparator == "add":
            gained, goal = (actual - baseline if baseline is not None else actual), target
        elif baseline is not None and baseline < target and not rate:
            gained, goal = actual - baseline, target - baseline
        else:
            gained, goal = actual, target
        progress = gained / goal if goal else (1.0 if gained >= 0 else 0.0)
        met = progress >= 1.0 - 1e-9
        prorated = not rate
    return IndicatorFigure(
        subject=ind.subject,
        target=target,
        actual=actual,
        comparator=comparator,
        baseline=baseline,
        unit=ind.unit,
        is_rate=rate,
        prorated=prorated,
        progress=progress,
        expected=expected if prorated else 1.0,
        met=met,
    )


def classify(deviation, margin=DEFAULT_MARGIN):
    if deviation > margin + 1e-9:
        return AHEAD
    if deviation >= -margin - 1e-9:
        return ON_TRACK
    return BEHIND


def propose(*, year, as_of, deadline=None, completed=None, indicators=(), margin=DEFAULT_MARGIN) -> Proposal:
    """The proposed 自评 for one filing (see module docstring)."""
    start, end = period_bounds(year, deadline)
    expected = expected_progress(as_of, start, end)
    deadline_passed = as_of > end
    indicators = list(indicators)
    figures = [f for f in (judge_indicator(i, expected) for i in indicators) if f is not None]
    if figures:
        worst = min(figures, key=lambda f: f.deviation)
        return Proposal(
            assessment=classify(worst.deviation, margin),
            basis="indicators",
            expected=expected,
            progress=worst.progress,
            deviation=worst.deviation,
            margin=margin,
            figures=figures,
            completed=completed,
            deadline_passed=deadline_passed,
            indicator_count=len(indicators),
        )
    if completed:
        # Done: ahead when that is clearly before the end of the period, else on track.
        assessment = AHEAD if expected < 1.0 - margin else ON_TRACK
    elif deadline_passed:
        assessment = BEHIND
    else:
        assessment = ON_TRACK
    return Proposal(
        assessment=assessment,
        basis="completion",
        expected=expected,
        margin=margin,
        completed=completed,
        deadline_passed=deadline_passed,
        indicator_count=len(indicators),
    )
