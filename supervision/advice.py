"""建议自评 and 数字核对: the proposal (超前/正常/滞后 against 序时进度) and the figure flags of filings.

The judging itself lives in the pure modules ``assessment`` and ``figures``; this module hands them
plain numbers, from rows loaded by ``loaders`` (a constant number of queries per page).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from docparse.numbers import plain_number
from filings.models import Filing
from plans.models import SCALE_WORDS, Indicator

from . import assessment as pure_assessment
from . import figures as pure_figures
from . import loaders
from .models import Extension
from .sheet_html import AdviceLines

COMPARATOR_LABELS = dict(Indicator.Comparator.choices)


def margin():
    return settings.DUBAN_ASSESSMENT_MARGIN / 100.0


ASSESSMENT_LABELS = dict(Filing.Assessment.choices)  # lazy: each translated when printed


def assessment_label(value):
    return ASSESSMENT_LABELS.get(value, "—") if value else "—"


# --- one filing ---------------------------------------------------------------------------------
def scaled(value, scale):
    """A stored value (base units) in the document's scale: 253900 → 25.39 for an indicator written in 万."""
    if value is None or (scale or 1) not in SCALE_WORDS:
        return value
    return Decimal(str(value)) / Decimal(scale)


def indicator_inputs(indicators, actual_values):
    """``actual_values``: {indicator id: Decimal}, in base units.

    Figures are handed over in the document's scale (25.39万人, not 253900人): the ratios are the same
    and the explanation shows the numbers as the plan writes them.
    """
    out = []
    for ind in indicators:
        scale = ind.scale or 1
        word = SCALE_WORDS.get(scale, "")
        out.append(
            pure_assessment.IndicatorInput(
                subject=ind.subject,
                target=scaled(ind.target_value, scale),
                actual=scaled(actual_values.get(ind.pk), scale),
                comparator=ind.comparator,
                baseline=scaled(ind.baseline, scale),
                unit=f"{word}{ind.unit}",
            )
        )
    return out


def propose(filing, round_, task, indicators, actual_values):
    """The proposed 自评 for a filing (or for a task with no filing yet, ``filing`` None)."""
    return pure_assessment.propose(
        year=round_.plan.year if hasattr(round_, "plan") else round_.year,
        as_of=round_.as_of,
        deadline=task.deadline,
        completed=filing.completed if filing else None,
        indicators=indicator_inputs(indicators, actual_values),
        margin=margin(),
    )


def _text_unit(unit):
    """Indicator unit as written in texts: 万人 → (人, 10000)."""
    unit = (unit or "").strip()
    if len(unit) > 1 and unit[0] in pure_figures.SCALES:
        return unit[1:], pure_figures.SCALES[unit[0]]
    return unit, Decimal(1)


def flag_filing(filing, indicators, actual_values, previous_text=None):
    """Figure checks of a filing's 完成情况 plus the unchanged-from-last-round warning."""
    if filing is None or not (filing.completion or "").strip():
        return []
    inputs = []
    for ind in indicators:
        value = actual_values.get(ind.pk)
        if value is None:
            continue
        # Stored values are in base units already (25.39万人 → 253900 人); only a unit typed as 万人 scales.
        unit, factor = _text_unit(ind.unit)
        baseline = ind.baseline * factor if ind.baseline is not None and ind.comparator == "add" else None
        inputs.append(pure_figures.ActualInput(ind.subject, unit, Decimal(value) * factor, baseline))
    flags = pure_figures.check_text(filing.completion, filing.completed, inputs)
    if previous_text and previous_text.strip() == filing.completion.strip():
        flags.append(pure_figures.Flag("unchanged", _("完成情况与上一轮次完全相同。")))
    return flags


@dataclass
class Advice:
    proposal: pure_assessment.Proposal
    flags: list
    self_assessment: str

    @property
    def differs(self):
        return bool(self.self_assessment) and self.self_assessment != self.proposal.assessment

    @property
    def proposal_label(self):
        return assessment_label(self.proposal.assessment)

    @property
    def self_label(self):
        return assessment_label(self.self_assessment)

    @property
    def expected_pct(self):
        return round(self.proposal.expected * 100, 1)

    @property
    def figures(self):
        return [
            {
                "subject": f.subject,
                "target": _n(f.target),
                "actual": _n(f.actual),
                "baseline": _n(f.baseline) if f.baseline is not None else None,
                "unit": f.unit,
                "comparator": f.comparator,
                "comparator_label": COMPARATOR_LABELS.get(f.comparator, ""),
                "progress": round(f.progress * 100, 1),
                "expected": round(f.expected * 100, 1),
                "prorated": f.prorated,
                "met": f.met,
            }
            for f in self.proposal.figures
        ]

    @property
    def why_states_expected(self):
        """Whether ``why`` already gives the 序时进度 (pages then do not repeat it beside it)."""
        p = self.proposal
        if p.basis == "indicators":
            return any(f.prorated for f in p.figures)
        return not (p.deadline_passed and not p.completed)

    @property
    def why(self):
        """One line explaining the proposal, with the figures used."""
        p = self.proposal
        if p.basis == "indicators":
            parts = []
            for f in self.figures:
                base = f"（{_('基数')}{f['baseline']}）" if f["baseline"] is not None else ""
                expected = _("序时进度%(e)s%%") % {"e": f["expected"]} if f["prorated"] else _("直接比较")
                parts.append(
                    f"{f['subject']}：{f['actual']}{f['unit']}/{f['target']}{f['unit']}{base} = {f['progress']}%，{expected}"
                )
            return "；".join(parts) + _("；允许偏差±%(m)s个百分点。") % {"m": _n(p.margin * 100)}
        if p.has_indicators:
            # The task has indicators but no actual was entered: say so, never 无量化指标.
            if p.completed:
                return _("未填报指标完成值，按是否完成判断：已完成，序时进度%(e)s%%。") % {"e": self.expected_pct}
            if p.deadline_passed:
                return _("未填报指标完成值，按是否完成判断：已过完成时限仍未完成。")
            return _("未填报指标完成值，按完成时限判断：未过完成时限，序时进度%(e)s%%。") % {"e": self.expected_pct}
        if p.completed:
            return _("无量化指标：已完成，序时进度%(e)s%%。") % {"e": self.expected_pct}
        if p.deadline_passed:
            return _("无量化指标：已过完成时限仍未完成。")
        return _("无量化指标：未过完成时限，序时进度%(e)s%%。") % {"e": self.expected_pct}


def _n(value):
    """The one display formatter, two decimals; None stays None (the template shows "—")."""
    return None if value is None else plain_number(value, places=2)


def filing_advice(filing):
    """Proposal and flags for one filing (a handful of queries; for pages showing one filing)."""
    submission = filing.submission
    round_ = submission.round
    indicators = loaders.indicators([filing.task_id]).get(filing.task_id, [])
    actual_values = loaders.actuals([filing.pk]).get(filing.pk, {})
    previous = loaders.previous_texts(loaders.previous_rounds([round_]), unit=submission.unit_id, task=filing.task_id)[
        round_.pk
    ]
    proposal = propose(filing, round_, filing.task, indicators, actual_values)
    return Advice(
        proposal, flag_filing(filing, indicators, actual_values, previous.get(filing.task_id)), filing.self_assessment
    )


def submission_advice(submission, filings=None):
    """(previous round, [(filing, Advice)] for every filing of a submission, or for the ``filings`` given,
    which carry their task), in a constant number of queries."""
    round_ = submission.round
    filings = submission.filings_with_tasks() if filings is None else list(filings)
    # The sheet asks twice in one request (its rows and its 提示 panel): compute once per submission object
    # and set of filing versions (a save bumps the version, so a saved filing is never judged on old text).
    memo = submission.__dict__.setdefault("_advice_memo", {})
    key = frozenset((f.pk, f.version) for f in filings)
    if key not in memo:
        memo[key] = _submission_advice(submission, round_, filings)
    return memo[key]


def _submission_advice(submission, round_, filings):
    indicators = loaders.indicators([f.task_id for f in filings])
    actuals = loaders.actuals(filings)
    previous = loaders.previous_rounds([round_])
    texts = loaders.previous_texts(previous, unit=submission.unit_id)[round_.pk]
    out = []
    for filing in filings:
        values = actuals.get(filing.pk, {})
        task_indicators = indicators.get(filing.task_id, [])
        advice = Advice(
            propose(filing, round_, filing.task, task_indicators, values),
            flag_filing(filing, task_indicators, values, texts.get(filing.task_id)),
            filing.self_assessment,
        )
        out.append((filing, advice))
    return previous[round_.pk], out


# --- the filing sheet ---------------------------------------------------------------------------------
def sheet_annotations(submission, filings):
    """filings.annotations provider: each row's proposal, figure flags and pending 延期, in bulk."""
    # Only the rows asked for: a saved row recomputes its own advice, not the whole sheet's.
    _prev, items = submission_advice(submission, filings)
    pending = defaultdict(list)
    extensions = Extension.objects.filter(
        round=submission.round_id, unit=submission.unit_id, task__in={f.task_id for f in filings}
    )
    for ext in extensions.exclude(decision=Extension.Decision.REFUSED).order_by("requested_at"):
        pending[ext.task_id].append(ext)
    lines = AdviceLines()

    def row(advice, extensions):
        line = lines.render(advice, extensions)
        return lambda editable, csrf: line

    return {
        filing.pk: {
            "html": row(advice, pending.get(filing.task_id, [])),
            "flagged": bool(advice.flags or advice.differs),
        }
        for filing, advice in items
    }
