"""督办看板: a round's overview (units, rates, lagging and flagged tasks) and the data of its charts.

Everything the dashboard shows is loaded in a constant number of queries, whatever the number of
tasks: the lead unit's filing of each task (the one it judges), with its actuals, indicators and
previous-round text, from ``loaders``; the proposals and flags come from ``advice``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F
from django.utils import dateformat, timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from filings.models import Filing, Round, Submission
from units.links import link_for

from . import loaders, quality
from .advice import Advice, flag_filing, propose
from .due import granted_dates, task_due
from .models import Extension, Reminder, step_label

STATUS_COLUMNS = [Submission.State.MISSING, "draft", "submitted", "signed", "approved", "returned"]


@dataclass
class TaskRow:
    # a named row of the task's values (pk, number, text, deadline, section_id, lead_unit_id, section_label,
    # section_title, and its lead unit's lead_name, lead_short, lead_order)
    task: tuple
    filing: quality.Row | None  # the lead unit's filing, as plain values
    submission: Submission | None
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
    submissions: dict = field(default_factory=dict)  # unit id → its Submission of the round
    granted: dict = field(default_factory=dict)  # (unit id, task id) → the date a granted 延期 moved it to

    def flags_by_filing(self):
        """{lead filing pk: its figure checks}, made once here for whoever also judges them (报送质量)."""
        return {row.filing.pk: row.advice.flags for row in self.rows if row.filing is not None}

    def quality_given(self):
        """What 报送质量 (quality.round_quality) would load and judge again: the round's packages, its lead
        filings, the granted 延期 and the figure checks, as this overview has them."""
        return quality.Given(
            submissions=self.submissions,
            filings=[row.filing for row in self.rows if row.filing is not None],
            granted=self.granted,
            flags=self.flags_by_filing(),
        )


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def round_overview(round_, today=None, extensions=None):
    """Everything the office's round dashboard shows, in a constant number of queries (``extensions``: the
    round's 延期 requests, when the caller has loaded them already)."""
    today = today or timezone.localdate()
    plan = round_.plan
    # Tasks and filings as named rows of plain values (what ``propose``/``flag_filing`` and the template
    # read): building hundreds of model instances per request costs more than the checks themselves.
    tasks = list(
        plan.tasks.in_table_order()
        .annotate(
            section_label=F("section__label"),
            section_title=F("section__title"),
            lead_name=F("lead_unit__name"),
            lead_short=F("lead_unit__short_name"),
            lead_order=F("lead_unit__order"),
        )
        .values_list(
            "pk",
            "number",
            "text",
            "deadline",
            "section_id",
            "lead_unit_id",
            "section_label",
            "section_title",
            "lead_name",
            "lead_short",
            "lead_order",
            named=True,
        )
    )
    section_labels = {t.section_id: f"{t.section_label}{t.section_title}" for t in tasks if t.section_id is not None}
    unit_names = {
        t.lead_unit_id: {
            "pk": t.lead_unit_id,
            "name": t.lead_name,
            "label": t.lead_short or t.lead_name,
            "order": t.lead_order,
        }
        for t in tasks
    }
    indicators = loaders.indicator_values(plan.tasks.all())
    submissions = {
        s.unit_id: s for s in round_.submissions.order_by().only("pk", "round_id", "unit_id", "state", "submitted_at")
    }
    lead_filings = Filing.objects.filter(submission__round=round_).lead_only()
    # every field 报送质量 reads too (Overview.quality_given), so that it need not load them again
    filings = {f.task_id: f for f in (quality.Row(*values) for values in lead_filings.values_list(*quality.ROW_FIELDS))}
    actuals = loaders.actuals(lead_filings)
    previous = loaders.previous_texts(loaders.previous_rounds([round_]))[round_.pk]
    if extensions is None:
        extensions = (
            Extension.objects.filter(round=round_, decision=Extension.Decision.GRANTED)
            .order_by()
            .only("unit_id", "task_id", "new_date", "decision")
        )
    granted = granted_dates(round_, extensions)

    overview = Overview(round=round_, today=today, unit_names=unit_names, submissions=submissions, granted=granted)
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
        advice = Advice(
            propose(filing, round_, task, task_indicators, values),
            flag_filing(filing, task_indicators, values, prev_text),
            filing.self_assessment if filing else "",
        )
        due = task_due(round_, unit_id, task.pk, granted)
        row = TaskRow(task, filing, submission, advice, due, round_.light(submission, today, due), prev_text)
        overview.rows.append(row)
        if row.light_progress == "behind" or advice.self_assessment == "behind" or advice.flags or advice.differs:
            overview.attention.append(row)
        completed = bool(filing and filing.completed)
        answered = filing is not None and filing.completed is not None  # 是否完成 filled in (a status table has none)
        behind_self = advice.self_assessment == "behind"
        behind_proposed = advice.proposal.assessment == "behind"
        flagged = bool(advice.flags)
        for stats, key, label in (
            (unit_stats, unit_id, unit_names[unit_id]["name"]),
            (section_stats, task.section_id, section_labels.get(task.section_id, no_section)),
        ):
            s = stats.get(key)
            if s is None:
                s = stats[key] = {
                    "key": key,
                    "label": label,
                    "tasks": 0,
                    "completed": 0,
                    "answered": 0,
                    "self_assessed": 0,
                    "behind_self": 0,
                    "behind_proposed": 0,
                    "flagged": 0,
                }
            s["tasks"] += 1
            s["completed"] += completed
            s["answered"] += answered
            s["self_assessed"] += bool(advice.self_assessment)
            s["behind_self"] += behind_self
            s["behind_proposed"] += behind_proposed
            s["flagged"] += flagged
    for stats in (unit_stats, section_stats):
        for s in stats.values():
            # No 是否完成 (or no 自评) anywhere in the group: the rate is unknown ("—"), not 0%.
            s["completion_rate"] = _rate(s["completed"], s["tasks"]) if s["answered"] else None
            s["lag_rate_self"] = _rate(s["behind_self"], s["tasks"]) if s["self_assessed"] else None
            s["lag_rate_proposed"] = _rate(s["behind_proposed"], s["tasks"])
    overview.by_section = list(section_stats.values())
    severity = {"behind": 0, "on_track": 1, "ahead": 2}
    overview.attention.sort(
        key=lambda r: (severity[r.light_progress], r.advice.self_assessment != "behind", not r.advice.flags)
    )

    counts = {c: 0 for c in STATUS_COLUMNS + ["late"]}
    for unit in sorted(unit_names.values(), key=lambda u: (u["order"], u["name"], u["pk"])):
        submission = submissions.get(unit["pk"])
        state = submission.state if submission else Submission.State.MISSING
        due = round_.due
        light = round_.light(submission, today)
        late = light in ("late", "overdue")
        counts[state] += 1
        counts["late"] += late
        stats = unit_stats.get(unit["pk"], {})
        extended = max((d for (u, _t), d in granted.items() if u == unit["pk"]), default=None)
        entry = {
            "unit": unit,
            "submission": submission,
            "state": state,
            "due": due,
            "light": light,
            "late": late,
            "stats": stats,
            "extended": extended,
        }
        if light == "overdue":
            entry["days_overdue"] = (today - due).days
            overview.overdue.append(entry)
        overview.units.append(entry)
        overview.by_unit.append(stats)
    overview.status_counts = counts
    return overview


def status_columns():
    return [
        (Submission.State.MISSING, _("未开始")),
        ("draft", _("草稿")),
        ("submitted", _("已提交")),
        ("signed", _("已签发")),
        ("approved", _("已审核")),
        ("returned", _("已退回")),
    ]


def light_labels():
    """{light value: translated label}, as supervision/_light.html writes them."""
    return {
        "ok": _("按时"),
        "late": _("逾期报送"),
        "overdue": _("逾期未报"),
        "pending": _("未到期"),
        "ahead": _("超前"),
        "on_track": _("正常"),
        "behind": _("滞后"),
    }


def dashboard_display(overview, attention):
    """What the dashboard's row tables print, computed once (not per row in the template).

    Returns {"unit_grid", "overdue", "attention", "by_section", "by_unit"}: each table's rows as plain dicts
    of values, translated labels and links (each kind of link reversed once, see units.links); the markup
    is the template's.
    """
    labels = light_labels()
    unit_page, submission_page = link_for("supervision:unit"), link_for("filings:submission")
    plan = f"?plan={overview.round.plan_id}"
    marks, day = _state_marks(), _day_format()
    # get_state_display() hashes every translated choice on each call: thirty calls cost a millisecond
    states = {value: str(label) for value, label in Submission.State.choices}
    grid = []
    for u in overview.units:
        submission = u["submission"]
        grid.append(
            {
                **u,
                "light_label": labels.get(u["light"], ""),
                "owing": u["state"] in Submission.State.OWING,
                "unit_url": unit_page(u["unit"]["pk"]) + plan,
                "submission_url": submission_page(submission.pk) if submission else "",
                # as filings/_state.html prints a package's state
                "state_class": submission.state if submission else "none",
                "state_label": states.get(submission.state, submission.state) if submission else _("未开始"),
                "marks": marks(u["state"]),
                "due_text": day(u["due"]),
                "extended_text": day(u["extended"]) if u["extended"] else "",
            }
        )
    overdue = [row for row in grid if "days_overdue" in row]  # overview.overdue's units, in the grid's order
    task_page, filing_page = link_for("supervision:task"), link_for("filings:filing")
    rows = []
    for row in attention:
        advice = row.advice
        rows.append(
            {
                "number": row.task.number,
                "task_url": task_page(row.task.pk),
                "filing_url": filing_page(row.filing.pk) if row.filing else "",
                "lead": overview.unit_names[row.task.lead_unit_id]["label"],
                "text": Truncator(row.task.text).chars(60),
                "light_time": row.light_time,
                "light_time_label": labels.get(row.light_time, ""),
                "light_progress": row.light_progress,
                "light_progress_label": labels.get(row.light_progress, ""),
                "self_assessment": advice.self_assessment,
                "self_label": str(advice.self_label),
                "assessment": advice.proposal.assessment,
                "proposal_label": str(advice.proposal_label),
                "differs": advice.differs,
                "why": advice.why,
                "flags": [f.message for f in advice.flags],
            }
        )
    return {
        "unit_grid": grid,
        "overdue": overdue,
        "attention": rows,
        "by_section": _rate_rows(overview.by_section),
        "by_unit": _rate_rows(overview.by_unit),
    }


def _rate_rows(groups):
    """The rates tables' rows: each rate as ``{{ rate }}%`` prints it, "—" where it is unknown."""

    @functools.cache  # rates repeat (0.0, 100.0, …): each printed once
    def percent(rate):
        return f"{localize(rate)}%"

    return [
        {
            "label": s.get("label", ""),
            "tasks": s.get("tasks", ""),
            "completion": "—" if s.get("completion_rate") is None else percent(s["completion_rate"]),
            "lag_self": "—" if s.get("lag_rate_self") is None else percent(s["lag_rate_self"]),
            "lag_proposed": percent(s["lag_rate_proposed"]) if "lag_rate_proposed" in s else "%",
            "flagged": s.get("flagged", ""),
        }
        for s in groups
    ]


def _state_marks():
    """state → the grid's state cells: ● and the state's name under its own column, the others empty.

    Six cells a unit, thirty units: printed here once per state rather than by a loop in the template."""
    columns = status_columns()

    @functools.cache
    def cells(state):
        return format_html_join(
            "",
            '<td class="mark">{}</td>',
            (
                (format_html('●<span class="visually-hidden"> {}</span>', label) if key == state else "",)
                for key, label in columns
            ),
        )

    return cells


def _day_format():
    """date → as the template's ``date:"Y-m-d"`` prints it (units share a few dates: each printed once)."""
    return functools.cache(lambda day: dateformat.format(day, "Y-m-d"))


def extension_rows(extensions):
    """What the 延期申请 table prints of each request (with its unit, task and decider): plain values, the
    decision's label looked up once (get_decision_display() translates every choice on each call)."""
    decisions = {value: str(label) for value, label in Extension.Decision.choices}
    decide_page, day = link_for("supervision:extension_decide"), _day_format()
    return [
        {
            "unit_name": e.unit.name,
            "task_number": e.task.number,
            "new_date": day(e.new_date),
            "reason": e.reason,
            "pending": e.decision == Extension.Decision.PENDING,
            "decide_url": decide_page(e.pk),
            "decision_label": decisions.get(e.decision, e.decision),
            "decided_by": str(e.decided_by),  # as ``{{ e.decided_by }}`` printed it (None when nobody is recorded)
        }
        for e in extensions
    ]


def reminder_rows(reminders):
    """What the 催办记录 table prints of each reminder (with its unit): the labels as plain strings.

    A round's log runs to a hundred rows, and get_status_display() translates every choice on each call."""
    channels = {value: str(label) for value, label in Reminder.Channel.choices}
    statuses = {value: str(label) for value, label in Reminder.Status.choices}
    steps = functools.cache(step_label)
    # as ``|date:"Y-m-d H:i"`` prints a moment (in the site's zone); a run's reminders share their moments
    moment = functools.cache(lambda at: dateformat.format(timezone.localtime(at), "Y-m-d H:i") if at else "")
    # as ``|truncatechars:n`` cuts a text; a unit's address and a failure's error repeat from row to row
    cut = functools.cache(lambda text, n: Truncator(text).chars(n))
    return [
        {
            "created_at": moment(r.created_at),
            "unit_label": r.unit.label,
            "step_label": steps(r.step),
            "escalated": r.escalated,
            "channel_label": channels.get(r.channel, r.channel),
            "recipient": cut(r.recipient, 40),
            "status": r.status,
            "status_label": statuses.get(r.status, r.status),
            "attempts": r.attempts,
            "next_try_at": moment(r.next_try_at),
            "error": cut(r.error, 80),
        }
        for r in reminders
    ]


def chart_data(overview):
    """Plain data for the ECharts on the round dashboard (passed through json_script)."""
    labels = {
        "missing": _("未开始"),
        "draft": _("草稿"),
        "submitted": _("已提交"),
        "signed": _("已签发"),
        "approved": _("已审核"),
        "returned": _("已退回"),
        "late": _("逾期"),  # not filed by the due date: still owing, or filed late (the page says so)
    }
    return {
        "status": [{"name": labels[k], "value": v} for k, v in overview.status_counts.items()],
        "sections": {
            "labels": [s["label"] for s in overview.by_section],
            "completion": [s["completion_rate"] for s in overview.by_section],
            "lag": [s["lag_rate_proposed"] for s in overview.by_section],
        },
        "units": {
            "labels": [s.get("label", "") for s in overview.by_unit],
            "completion": [s.get("completion_rate") for s in overview.by_unit],
            "lag": [s.get("lag_rate_proposed", 0) for s in overview.by_unit],
        },
        "names": {"completion": _("完成率"), "lag": _("滞后率（系统建议）")},
    }


# Panels higher apps add to the round dashboard (scoring's 黄牌/红牌): callables (round, user) →
# None or {"template": ..., ...}. Registered in their AppConfig.ready, so supervision imports none of them.
DASHBOARD_PANELS = []
