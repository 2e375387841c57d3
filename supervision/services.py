"""The model-facing side of supervision: proposals, figure flags, lights, copy-forward and dashboards.

The judging itself lives in the pure modules ``assessment`` and ``figures``; this module only
loads rows (a constant number of queries per page, whatever the number of tasks) and hands plain
numbers to them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from filings.models import Filing, IndicatorActual, Round, Submission, lead_only
from plans.models import Indicator
from units.models import Unit

from . import assessment as pure_assessment
from . import figures as pure_figures
from .models import Extension

OWING_STATES = ("missing", Submission.State.DRAFT, Submission.State.RETURNED)
STATUS_COLUMNS = ["missing", "draft", "submitted", "signed", "approved", "returned"]


def margin():
    return settings.DUBAN_ASSESSMENT_MARGIN / 100.0


def assessment_label(value):
    return dict(Filing.Assessment.choices).get(value, "—") if value else "—"


# --- one filing ---------------------------------------------------------------------------------
def indicator_inputs(indicators, actual_values):
    """``actual_values``: {indicator id: Decimal}."""
    return [
        pure_assessment.IndicatorInput(
            subject=ind.subject, target=ind.target_value, actual=actual_values.get(ind.pk), comparator=ind.comparator,
            baseline=ind.baseline, unit=ind.unit,
        )
        for ind in indicators
    ]


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
        unit, factor = _text_unit(ind.unit)
        scale = Decimal(ind.scale or 1) * factor
        baseline = ind.baseline * scale if ind.baseline is not None and ind.comparator == "add" else None
        inputs.append(pure_figures.ActualInput(ind.subject, unit, Decimal(value) * scale, baseline))
    flags = pure_figures.check_text(filing.completion, filing.completed, inputs)
    if previous_text and previous_text.strip() == filing.completion.strip():
        flags.append(pure_figures.Flag("unchanged", _("完成情况与上一轮次完全相同。")))
    return flags


def previous_round(round_):
    return Round.objects.filter(plan=round_.plan_id, as_of__lt=round_.as_of).order_by("-as_of", "-pk").first()


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
                "subject": f.subject, "target": _n(f.target), "actual": _n(f.actual), "baseline": _n(f.baseline) if f.baseline is not None else None,
                "unit": f.unit, "comparator": f.comparator, "progress": round(f.progress * 100, 1), "expected": round(f.expected * 100, 1),
                "prorated": f.prorated, "met": f.met,
            }
            for f in self.proposal.figures
        ]

    @property
    def why(self):
        """One line explaining the proposal, with the figures used."""
        p = self.proposal
        if p.basis == "indicators":
            parts = []
            for f in self.figures:
                base = f"（{_('基数')}{f['baseline']}）" if f["baseline"] is not None else ""
                expected = _("序时进度%(e)s%%") % {"e": f["expected"]} if f["prorated"] else _("直接比较")
                parts.append(f"{f['subject']}：{f['actual']}{f['unit']}/{f['target']}{f['unit']}{base} = {f['progress']}%，{expected}")
            return "；".join(parts) + _("；允许偏差±%(m)s个百分点。") % {"m": _n(p.margin * 100)}
        if p.completed:
            return _("无量化指标：已完成，序时进度%(e)s%%。") % {"e": self.expected_pct}
        if p.deadline_passed:
            return _("无量化指标：已过完成时限仍未完成。")
        return _("无量化指标：未过完成时限，序时进度%(e)s%%。") % {"e": self.expected_pct}


def _n(value):
    if value is None:
        return None
    value = Decimal(str(value))
    return format(value.normalize(), "f") if value == value.to_integral() else format(value.quantize(Decimal("0.01")).normalize(), "f")


def filing_advice(filing):
    """Proposal and flags for one filing (a handful of queries; for pages showing one filing)."""
    submission = filing.submission
    round_ = submission.round
    indicators = list(filing.task.indicators.all())
    actual_values = dict(filing.actuals.values_list("indicator_id", "value"))
    prev = previous_round(round_)
    previous_text = None
    if prev is not None:
        previous_text = Filing.objects.filter(submission__round=prev, submission__unit=submission.unit_id, task=filing.task_id).values_list("completion", flat=True).first()
    proposal = propose(filing, round_, filing.task, indicators, actual_values)
    return Advice(proposal, flag_filing(filing, indicators, actual_values, previous_text), filing.self_assessment)


# --- extensions and due dates ----------------------------------------------------------------------
def granted_dates(round_, extensions=None):
    """{(unit id, task id): granted date} for a round."""
    if extensions is None:
        extensions = Extension.objects.filter(round=round_, decision=Extension.Decision.GRANTED)
    out = {}
    for ext in extensions:
        if ext.decision == Extension.Decision.GRANTED:
            key = (ext.unit_id, ext.task_id)
            out[key] = max(out.get(key, ext.new_date), ext.new_date)
    return out


def task_due(round_, unit_id, task_id, granted):
    """The date one task is due from a unit: the round's due date, or the 延期 granted for that task.

    Only the task moves: the unit's package stays due on the round's date (Round.light).
    """
    return max(round_.due, granted.get((unit_id, task_id), round_.due))


# --- copy forward -----------------------------------------------------------------------------------
@transaction.atomic
def copy_forward(submission, user):
    """沿用上期内容: fill each still-empty filing from the unit's filing of the previous round.

    Returns the number of filings filled. Every filled filing gets a version (Filing.save_edit).
    """
    prev = previous_round(submission.round)
    if prev is None:
        return 0
    old = {f.task_id: f for f in Filing.objects.filter(submission__round=prev, submission__unit=submission.unit_id).prefetch_related("actuals")}
    filled = 0
    for filing in submission.filings.select_for_update().prefetch_related("actuals"):
        source = old.get(filing.task_id)
        if source is None or filing.completion.strip() or list(filing.actuals.all()):
            continue
        if not (source.completion.strip() or list(source.actuals.all())):
            continue
        fields = {"completion": source.completion, "completed": source.completed, "reason": source.reason, "problems": source.problems}
        actuals = {a.indicator: a.value for a in source.actuals.all()}
        if filing.save_edit(user, filing.version, fields, actuals):
            filled += 1
    return filled


# --- round dashboard ---------------------------------------------------------------------------------
# The dashboard reads only the lead unit's filing of each task (the one it judges), as plain values:
# building thousands of model instances, or re-deriving strings in the template, costs more than the
# checks themselves. Everything is computed once per request.
def _url_maker(name):
    """A function pk → reverse(name, args=[pk]) that resolves the URL pattern once per request."""
    marker = 987654321
    pattern = reverse(name, args=[marker])
    head, tail = pattern.rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


@dataclass
class FilingRow:
    """The fields of a filing the dashboard needs."""

    pk: int
    task_id: int
    completion: str
    completed: bool | None
    self_assessment: str
    url: str

    def get_absolute_url(self):
        return self.url


@dataclass
class TaskInfo:
    """The fields of a task the dashboard needs (``propose`` reads ``deadline``)."""

    pk: int
    number: str
    text: str
    deadline: date | None
    section_id: int | None
    lead_unit_id: int


@dataclass
class IndicatorInfo:
    """An indicator's fields, under the model's names (what ``indicator_inputs``/``flag_filing`` read)."""

    pk: int
    subject: str
    target_value: Decimal
    unit: str
    comparator: str
    baseline: Decimal | None
    scale: int


@dataclass
class SubmissionInfo:
    """A submission's fields, enough for ``Round.light``, filings/_state.html and a link."""

    pk: int
    state: str
    submitted_at: object
    url: str
    state_label: str

    def get_absolute_url(self):
        return self.url

    def get_state_display(self):
        return self.state_label


@dataclass
class TaskRow:
    task: TaskInfo
    filing: FilingRow | None
    submission: SubmissionInfo | None
    advice: Advice
    due: date
    light_time: str
    previous_text: str | None = None

    @property
    def light_progress(self):
        return self.advice.proposal.assessment


@dataclass
class Overview:
    round: Round
    today: date
    units: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    by_section: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    attention: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    status_counts: dict = field(default_factory=dict)
    unit_names: dict = field(default_factory=dict)  # unit id → {"pk", "name", "label", "order"}


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def round_overview(round_, today=None):
    """Everything the office's round dashboard shows, in a constant number of queries."""
    today = today or timezone.localdate()
    plan = round_.plan
    tasks, section_labels = [], {}
    for pk, number, text, deadline, section_id, s_label, s_title, lead in plan.tasks.order_by("section__order", "section__pk", "order", "pk").values_list(
        "pk", "number", "text", "deadline", "section_id", "section__label", "section__title", "lead_unit_id"
    ):
        tasks.append(TaskInfo(pk, number, text, deadline, section_id, lead))
        if section_id is not None:
            section_labels[section_id] = f"{s_label}{s_title}"
    unit_names = {
        pk: {"pk": pk, "name": name, "label": short or name, "order": order}
        for pk, name, short, order in Unit.objects.filter(pk__in=plan.tasks.values("lead_unit_id")).values_list("pk", "name", "short_name", "order")
    }
    indicators = defaultdict(list)
    for row in Indicator.objects.filter(task__plan=plan.pk).order_by("pk").values_list(
        "task_id", "pk", "subject", "target_value", "unit", "comparator", "baseline", "scale"
    ):
        indicators[row[0]].append(IndicatorInfo(*row[1:]))
    submission_url = _url_maker("filings:submission")
    state_labels = {value: str(label) for value, label in Submission.State.choices}
    submissions = {
        unit_id: SubmissionInfo(pk, state, submitted_at, submission_url(pk), state_labels.get(state, state))
        for pk, unit_id, state, submitted_at in round_.submissions.order_by().values_list("pk", "unit_id", "state", "submitted_at")
    }
    filing_url = _url_maker("filings:filing")
    filings = {
        task_id: FilingRow(pk, task_id, completion, completed, self_assessment, filing_url(pk))
        for pk, task_id, completion, completed, self_assessment in lead_only(Filing.objects.filter(submission__round=round_)).values_list(
            "pk", "task_id", "completion", "completed", "self_assessment"
        )
    }
    actuals = defaultdict(dict)
    for filing_id, indicator_id, value in lead_only(IndicatorActual.objects.filter(filing__submission__round=round_), "filing__").values_list(
        "filing_id", "indicator_id", "value"
    ):
        actuals[filing_id][indicator_id] = value
    prev = previous_round(round_)
    previous = {}
    if prev is not None:
        previous = dict(lead_only(Filing.objects.filter(submission__round=prev)).values_list("task_id", "completion"))
    granted = granted_dates(round_, Extension.objects.filter(round=round_, decision=Extension.Decision.GRANTED).order_by().only("unit_id", "task_id", "new_date", "decision"))

    overview = Overview(round=round_, today=today, unit_names=unit_names)
    unit_stats = {}
    section_stats = {}
    no_section = _("未分板块")
    for task in tasks:
        unit_id = task.lead_unit_id
        submission = submissions.get(unit_id)
        filing = filings.get(task.pk) if submission else None
        values = actuals.get(filing.pk, {}) if filing else {}
        task_indicators = indicators.get(task.pk, [])
        prev_text = previous.get(task.pk)
        advice = Advice(propose(filing, round_, task, task_indicators, values), flag_filing(filing, task_indicators, values, prev_text), filing.self_assessment if filing else "")
        due = task_due(round_, unit_id, task.pk, granted)
        row = TaskRow(task, filing, submission, advice, due, round_.light(submission, today, due), prev_text)
        overview.rows.append(row)
        if row.light_progress == "behind" or advice.self_assessment == "behind" or advice.flags or advice.differs:
            overview.attention.append(row)
        completed = bool(filing and filing.completed)
        behind_self = advice.self_assessment == "behind"
        behind_proposed = advice.proposal.assessment == "behind"
        flagged = bool(advice.flags)
        for stats, key, label in (
            (unit_stats, unit_id, unit_names[unit_id]["name"]),
            (section_stats, task.section_id, section_labels.get(task.section_id, no_section)),
        ):
            s = stats.get(key)
            if s is None:
                s = stats[key] = {"key": key, "label": label, "tasks": 0, "completed": 0, "behind_self": 0, "behind_proposed": 0, "flagged": 0}
            s["tasks"] += 1
            s["completed"] += completed
            s["behind_self"] += behind_self
            s["behind_proposed"] += behind_proposed
            s["flagged"] += flagged
    for stats in (unit_stats, section_stats):
        for s in stats.values():
            s["completion_rate"] = _rate(s["completed"], s["tasks"])
            s["lag_rate_self"] = _rate(s["behind_self"], s["tasks"])
            s["lag_rate_proposed"] = _rate(s["behind_proposed"], s["tasks"])
    overview.by_section = list(section_stats.values())
    severity = {"behind": 0, "on_track": 1, "ahead": 2}
    overview.attention.sort(key=lambda r: (severity[r.light_progress], r.advice.self_assessment != "behind", not r.advice.flags))

    counts = {c: 0 for c in STATUS_COLUMNS + ["late"]}
    for unit in sorted(unit_names.values(), key=lambda u: (u["order"], u["name"])):
        submission = submissions.get(unit["pk"])
        state = submission.state if submission else "missing"
        due = round_.due
        light = round_.light(submission, today)
        late = light in ("late", "overdue")
        counts[state] += 1
        counts["late"] += late
        stats = unit_stats.get(unit["pk"], {})
        extended = max((d for (u, _t), d in granted.items() if u == unit["pk"]), default=None)
        entry = {"unit": unit, "submission": submission, "state": state, "due": due, "light": light, "late": late, "stats": stats, "extended": extended}
        if light == "overdue":
            entry["days_overdue"] = (today - due).days
            overview.overdue.append(entry)
        overview.units.append(entry)
        overview.by_unit.append(stats)
    overview.status_counts = counts
    return overview


def status_columns():
    return [("missing", _("未开始")), ("draft", _("草稿")), ("submitted", _("已提交")), ("signed", _("已签发")), ("approved", _("已审核")), ("returned", _("已退回"))]


def light_labels():
    """{light value: translated label}, as supervision/_light.html writes them."""
    return {
        "ok": _("按时"), "late": _("逾期报送"), "overdue": _("逾期未报"), "pending": _("未到期"),
        "ahead": _("超前"), "on_track": _("正常"), "behind": _("滞后"),
    }


def dashboard_display(overview, attention, round_):
    """The strings the dashboard's row tables print, computed once (not per row in the template).

    Returns (unit grid rows, attention rows): plain dicts whose HTML fragments are already escaped.
    """
    labels = light_labels()
    lights = {value: format_html('<span class="light light-{}" aria-hidden="true"></span>{}', value, label) for value, label in labels.items()}
    columns = status_columns()
    unit_url = _url_maker("supervision:unit")
    task_url = _url_maker("supervision:task")
    marks = {
        state: mark_safe("".join(
            format_html('<td class="mark">●<span class="visually-hidden"> {}</span></td>', label) if key == state else '<td class="mark"></td>' for key, label in columns
        ))
        for state in [key for key, _label in columns]
    }
    extended = _("任务延期至")
    grid = []
    for u in overview.units:
        due = u["due"].isoformat()
        grid.append({
            "unit": u["unit"], "url": f"{unit_url(u['unit']['pk'])}?plan={round_.plan_id}", "marks": marks[u["state"]], "late": u["late"],
            "light": lights.get(u["light"], ""), "due": f"{due}（{extended} {u['extended'].isoformat()}）" if u["extended"] else due,
            "submission": u["submission"], "owing": u["state"] in OWING_STATES,
        })
    rows = []
    for row in attention:
        advice = row.advice
        rows.append({
            "number": row.task.number, "url": task_url(row.task.pk), "lead": overview.unit_names[row.task.lead_unit_id]["label"],
            "text": Truncator(row.task.text).chars(60), "light_time": lights.get(row.light_time, ""), "light_progress": lights.get(row.light_progress, ""),
            "self_assessment": advice.self_assessment, "self_label": advice.self_label, "assessment": advice.proposal.assessment,
            "proposal_label": advice.proposal_label, "differs": advice.differs, "why": advice.why, "flags": [f.message for f in advice.flags],
            "filing_url": row.filing.url if row.filing else "",
        })
    return grid, rows


def chart_data(overview):
    """Plain data for the ECharts on the round dashboard (passed through json_script)."""
    labels = {"missing": _("未开始"), "draft": _("草稿"), "submitted": _("已提交"), "signed": _("已签发"), "approved": _("已审核"), "returned": _("已退回"), "late": _("逾期")}
    return {
        "status": [{"name": labels[k], "value": v} for k, v in overview.status_counts.items()],
        "sections": {
            "labels": [s["label"] for s in overview.by_section],
            "completion": [s["completion_rate"] for s in overview.by_section],
            "lag": [s["lag_rate_proposed"] for s in overview.by_section],
        },
        "units": {
            "labels": [s.get("label", "") for s in overview.by_unit],
            "completion": [s.get("completion_rate", 0) for s in overview.by_unit],
            "lag": [s.get("lag_rate_proposed", 0) for s in overview.by_unit],
        },
        "names": {"completion": _("完成率"), "lag": _("滞后率（系统建议）")},
    }


# --- per task and per unit ----------------------------------------------------------------------------
def task_history(task):
    """The lead unit's filings of ``task`` across the plan's rounds, with versions and actuals."""
    rounds = list(Round.objects.filter(plan=task.plan_id).order_by("as_of", "pk").select_related("plan"))
    filings = {f.submission.round_id: f for f in Filing.objects.filter(task=task, submission__unit=task.lead_unit_id).select_related("submission")}
    indicators = list(task.indicators.all())
    actuals = defaultdict(dict)
    for filing_id, indicator_id, value in IndicatorActual.objects.filter(filing__task=task, filing__submission__unit=task.lead_unit_id).values_list("filing_id", "indicator_id", "value"):
        actuals[filing_id][indicator_id] = value
    versions = dict(Filing.history.filter(task_id=task.pk, submission__unit_id=task.lead_unit_id).values_list("id").annotate(n=Count("history_id")).values_list("id", "n"))
    rows = []
    for round_ in rounds:
        filing = filings.get(round_.pk)
        values = actuals.get(filing.pk, {}) if filing else {}
        advice = Advice(propose(filing, round_, task, indicators, values), [], filing.self_assessment if filing else "")
        rows.append({"round": round_, "filing": filing, "submission": filing.submission if filing else None, "values": [values.get(i.pk) for i in indicators], "versions": versions.get(filing.pk, 0) if filing else 0, "advice": advice})
    series = [
        {
            "name": f"{ind.subject}（{ind.unit}）",
            "actual": [float(values) if values is not None else None for values in (r["values"][n] for r in rows)],
            "target": [float(ind.target_value)] * len(rows),
        }
        for n, ind in enumerate(indicators)
    ]
    chart = {"rounds": [r["round"].name for r in rows], "series": series, "labels": {"actual": _("完成值"), "target": _("目标值")}}
    return rounds, indicators, rows, chart


def unit_year(unit, plan, today=None):
    """A unit's tasks in a plan × the plan's rounds: state, self-assessment, proposal and lights."""
    today = today or timezone.localdate()
    rounds = list(Round.objects.filter(plan=plan).order_by("as_of", "pk").select_related("plan"))
    tasks = list(plan.tasks.filter(lead_unit=unit).select_related("section").order_by("section__order", "order", "pk"))
    indicators = defaultdict(list)
    for ind in Indicator.objects.filter(task__plan=plan, task__lead_unit=unit).order_by("pk"):
        indicators[ind.task_id].append(ind)
    submissions = {s.round_id: s for s in Submission.objects.filter(unit=unit, round__plan=plan)}
    filings = {(f.task_id, f.submission_id): f for f in Filing.objects.filter(submission__unit=unit, submission__round__plan=plan).defer("updated_by")}
    actuals = defaultdict(dict)
    for filing_id, indicator_id, value in IndicatorActual.objects.filter(filing__submission__unit=unit, filing__submission__round__plan=plan).values_list("filing_id", "indicator_id", "value"):
        actuals[filing_id][indicator_id] = value
    granted_by_round = defaultdict(dict)
    for ext in Extension.objects.filter(unit=unit, round__plan=plan, decision=Extension.Decision.GRANTED).values_list("round_id", "task_id", "new_date"):
        granted_by_round[ext[0]][ext[1]] = max(ext[2], granted_by_round[ext[0]].get(ext[1], ext[2]))
    rows = []
    for task in tasks:
        cells = []
        for round_ in rounds:
            submission = submissions.get(round_.pk)
            filing = filings.get((task.pk, submission.pk)) if submission else None
            values = actuals.get(filing.pk, {}) if filing else {}
            due = task_due(round_, unit.pk, task.pk, {(unit.pk, t): d for t, d in granted_by_round[round_.pk].items()})
            advice = Advice(propose(filing, round_, task, indicators.get(task.pk, []), values), [], filing.self_assessment if filing else "")
            cells.append({"round": round_, "submission": submission, "filing": filing, "advice": advice, "light_time": round_.light(submission, today, due), "due": due})
        rows.append({"task": task, "cells": cells})
    return rounds, rows


def submission_advice(submission):
    """[(filing, Advice)] for every filing of a submission, in a constant number of queries."""
    round_ = submission.round
    filings = list(submission.filings.select_related("task"))
    task_ids = [f.task_id for f in filings]
    indicators = defaultdict(list)
    for ind in Indicator.objects.filter(task_id__in=task_ids).order_by("pk"):
        indicators[ind.task_id].append(ind)
    actuals = defaultdict(dict)
    for filing_id, indicator_id, value in IndicatorActual.objects.filter(filing__submission=submission).values_list("filing_id", "indicator_id", "value"):
        actuals[filing_id][indicator_id] = value
    prev = previous_round(round_)
    previous = {}
    if prev is not None:
        previous = dict(Filing.objects.filter(submission__round=prev, submission__unit=submission.unit_id).values_list("task_id", "completion"))
    out = []
    for filing in filings:
        values = actuals.get(filing.pk, {})
        task_indicators = indicators.get(filing.task_id, [])
        advice = Advice(propose(filing, round_, filing.task, task_indicators, values), flag_filing(filing, task_indicators, values, previous.get(filing.task_id)), filing.self_assessment)
        out.append((filing, advice))
    return prev, out


# --- the filing sheet ---------------------------------------------------------------------------------
def sheet_annotations(submission, filings):
    """filings.annotations provider: each row's proposal, figure flags and pending 延期, in bulk."""
    _prev, items = submission_advice(submission)
    pending = defaultdict(list)
    for ext in Extension.objects.filter(round=submission.round_id, unit=submission.unit_id).exclude(decision=Extension.Decision.REFUSED).order_by("requested_at"):
        pending[ext.task_id].append(ext)
    return {
        filing.pk: {"template": "supervision/_sheet_advice.html", "advice": advice, "extensions": pending.get(filing.task_id, [])}
        for filing, advice in items
    }
