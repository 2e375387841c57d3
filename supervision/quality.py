"""报送质量 — how well each unit reports in a round, in four explained parts of 25 points each:

* 按时报送 — the package's 提交时间 against the round's due date (Round.light), or a granted 延期's date;
* 填报完整 — every filing filled as Filing.completeness_problems asks (完成情况; 未完成原因 where 未完成;
  存在问题及解决建议 where 滞后);
* 数字一致 — no figure flag (supervision.advice.flag_filing, the 数字核对 of the sheet);
* 未照搬 — no 照搬 found by the stored copy check (supervision.copies: the previous round, other units'
  texts of the round, the plan's task text).

The score is the points of the parts that can be judged now, out of 100 (a part that cannot — not yet
due, nothing filled, not yet checked — says so and is left out). Nothing here compares texts: the copy
check ran when the filings were saved, so the dashboard only reads it.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from filings.models import Filing
from units.links import link_for

from . import copies, loaders
from .advice import flag_filing
from .due import granted_dates
from .models import CopyMatch

PART_POINTS = 25
LATE_PER_DAY = 5  # points off 按时报送 per calendar day late


@dataclass
class Part:
    key: str
    label: str
    points: Decimal | None  # None: not judged yet
    lines: list = field(default_factory=list)
    max: int = PART_POINTS


@dataclass
class Copy:
    """One 照搬 found, ready to show side by side (the passages are cut when shown: a dashboard of a
    round where every unit writes the same template sentence holds thousands of these)."""

    filing: Filing
    kind: str
    label: str
    score: int  # percent
    other_label: str
    other_text: str
    match: copies.Match

    @functools.cached_property
    def mine(self):
        """(before, passage, after) of this unit's text."""
        text, m = self.filing.completion, self.match
        return text[: m.a_start], text[m.a_start : m.a_end], text[m.a_end :]

    @functools.cached_property
    def theirs(self):
        text, m = self.other_text, self.match
        return text[: m.b_start], text[m.b_start : m.b_end], text[m.b_end :]


@dataclass
class UnitQuality:
    unit: object
    submission: object
    parts: list
    matches: list = field(default_factory=list)  # [(Row, [copies.Match])] of the unit's checked filings
    describe: object = None  # _Describer of the round

    @functools.cached_property
    def copies(self):
        """[Copy] side by side, described when a page shows them (the dashboard only counts and names the
        closest match of each task: a round where every unit writes the same sentence has thousands)."""
        return self.describe.copies(self.matches) if self.matches else []

    @property
    def score(self):
        judged = [p for p in self.parts if p.points is not None]
        if not judged:
            return None
        return (Decimal(100) * sum(p.points for p in judged) / sum(p.max for p in judged)).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )


class Row(NamedTuple):
    """A lead filing as the parts judge it: plain values (a round has hundreds of them, and building as
    many model instances, with their tasks, cost more than judging them)."""

    pk: int
    task_id: int
    submission_id: int
    version: int
    completion: str
    completed: bool | None
    self_assessment: str
    reason: str
    problems: str
    number: str  # the task's 序号
    order: int  # the task's place in the plan (its 报送质量 lines come in this order)

    # The filing's own rule of what must be filled, read from the same fields.
    Assessment = Filing.Assessment
    completeness_problems = Filing.completeness_problems


ROW_FIELDS = [
    "pk",
    "task_id",
    "submission_id",
    "version",
    "completion",
    "completed",
    "self_assessment",
    "reason",
    "problems",
    "task__number",
    "task__order",
]


@dataclass
class Given:
    """What a caller has loaded and judged of the round already (the dashboard's overview): used as is,
    not loaded again. ``filings``: [Row] of every lead filing of the round; ``submissions``: {unit id:
    Submission}; ``granted``: {(unit id, task id): date} (due.granted_dates); ``flags``: {filing pk: [Flag]}."""

    submissions: dict
    filings: list
    granted: dict
    flags: dict


def _points(good, total):
    return (Decimal(PART_POINTS) * good / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _number(filing):
    """``filing``: a Row."""
    return _("任务%(n)s") % {"n": filing.number or filing.task_id}


def on_time_part(round_, submission, today, granted_until):
    label = _("按时报送")
    light = round_.light(submission, today)
    if light == "pending":
        return Part("on_time", label, None, [_("未到报送截止日期（%(due)s）。") % {"due": round_.due.isoformat()}])
    if light == "overdue":
        return Part(
            "on_time",
            label,
            Decimal(0),
            [
                _("逾期未报：截止 %(due)s，已逾期 %(days)s 天。")
                % {"due": round_.due.isoformat(), "days": (today - round_.due).days}
            ],
        )
    filed = timezone.localdate(submission.submitted_at)
    if light == "ok":
        return Part(
            "on_time",
            label,
            Decimal(PART_POINTS),
            [_("%(filed)s 报送，截止 %(due)s。") % {"filed": filed.isoformat(), "due": round_.due.isoformat()}],
        )
    if granted_until and filed <= granted_until:
        return Part(
            "on_time",
            label,
            Decimal(PART_POINTS),
            [
                _("%(filed)s 报送，在同意的延期日期 %(until)s 之前。")
                % {"filed": filed.isoformat(), "until": granted_until.isoformat()}
            ],
        )
    days = (filed - round_.due).days
    points = Decimal(max(0, PART_POINTS - LATE_PER_DAY * days))
    return Part(
        "on_time",
        label,
        points,
        [
            _("%(filed)s 报送，逾期 %(days)s 天（每天扣 %(per)s 分）。")
            % {"filed": filed.isoformat(), "days": days, "per": LATE_PER_DAY}
        ],
    )


def fields_part(filings):
    label = _("填报完整")
    if not filings:
        return Part("fields", label, Decimal(0), [_("尚未填报。")])
    lines = []
    complete = 0
    for filing in filings:
        problems = filing.completeness_problems()
        complete += not problems
        lines.extend(f"{_number(filing)}：{problem}" for problem in problems)
    lines.insert(0, _("%(done)s / %(total)s 项填写完整。") % {"done": complete, "total": len(filings)})
    return Part("fields", label, _points(complete, len(filings)), lines)


def figures_part(filled, flags_by_filing):
    label = _("数字一致")
    if not filled:
        return Part("figures", label, None, [_("没有已填写的完成情况可核对。")])
    lines = []
    clean = 0
    for filing in filled:
        # 与上一轮次相同 is 照搬's business (copy_part), not a figure
        flags = [f for f in flags_by_filing.get(filing.pk, []) if f.kind != "unchanged"]
        clean += not flags
        lines.extend(f"{_number(filing)}：{flag.message}" for flag in flags)
    lines.insert(0, _("%(done)s / %(total)s 项数字核对无提示。") % {"done": clean, "total": len(filled)})
    return Part("figures", label, _points(clean, len(filled)), lines)


def copy_part(filled, matches, checked, describe):
    """``matches``: [(filing, [Match])] of the unit's filings checked at their current version."""
    label = _("未照搬")
    judged = [f for f in filled if checked.get(f.pk) == f.version]
    if not judged:
        return Part("copies", label, None, [_("照搬检查尚未运行。")] if filled else [_("没有已填写的完成情况可检查。")])
    judged_ids = {f.pk for f in judged}
    copied = {filing.pk for filing, found in matches if found and filing.pk in judged_ids}
    lines = [_("%(done)s / %(total)s 项未发现照搬。") % {"done": len(judged) - len(copied), "total": len(judged)}]
    # One line per task copied, naming its closest match: a template sentence every unit writes would
    # otherwise give a task one line per other unit.
    for filing, found in matches:
        if found:
            top = max(found, key=lambda m: m.score)
            what, whose = describe.names(top)
            share = _("相同内容占 %(p)s%%") % {"p": round(top.score * 100)}
            line = f"{_number(filing)}：{what}{whose}（{share}）"
            lines.append(line + (_("，另有 %(n)s 处") % {"n": len(found) - 1} if len(found) > 1 else ""))
    if len(judged) < len(filled):
        lines.append(_("%(n)s 项保存后尚未检查。") % {"n": len(filled) - len(judged)})
    return Part("copies", label, _points(len(judged) - len(copied), len(judged)), lines)


class _Describer:
    """Turns stored matches into Copy rows: the other side's unit, task, round and text, loaded for the
    matches asked about (one query a call), never for all of a round's."""

    def __init__(self):
        self.labels = {kind: str(label) for kind, label in CopyMatch.Kind.choices}
        self.peer = _("（%(unit)s 任务%(n)s）")
        self.others = {}

    def load(self, matches):
        wanted = {m.other_id for m in matches if m.other_id and m.other_id not in self.others}
        if wanted:
            rows = Filing.objects.filter(pk__in=wanted).values_list(
                "pk", "submission__unit__name", "task__number", "completion", "submission__round__name"
            )
            for pk, unit, number, text, round_name in rows:
                self.others[pk] = (text, f"（{round_name}）", self.peer % {"unit": unit, "n": number})

    def names(self, match):
        """(what was copied, whose: the round or the other unit and task) of a loaded match."""
        if match.kind == CopyMatch.Kind.PLAN:
            return self.labels[match.kind], ""
        _text, in_round, of_peer = self.others[match.other_id]
        return self.labels[match.kind], in_round if match.kind == CopyMatch.Kind.PREVIOUS else of_peer

    def copy(self, filing, match):
        """``filing``: the Filing, with its task."""
        label, other_label = self.names(match)
        other_text = filing.task.text if match.kind == CopyMatch.Kind.PLAN else self.others[match.other_id][0]
        return Copy(filing, match.kind, label, round(match.score * 100), other_label, other_text, match)

    def copies(self, matches):
        """``matches``: [(Row, [Match])]; the filings shown side by side are loaded here (one query)."""
        self.load([m for _row, found in matches for m in found])
        filings = Filing.objects.select_related("task").in_bulk([row.pk for row, _found in matches])
        return [self.copy(filings[row.pk], m) for row, found in matches for m in found]


def round_quality(round_, today=None, units=None, given=None):
    """[UnitQuality] of each unit owing the round (or of ``units``), in the units' order: a constant number
    of queries, whatever the number of units and filings.

    ``given`` (a Given): what the caller loaded and judged of the round already (the dashboard's overview
    has the packages, the lead filings, the 延期 and their figure checks): not loaded or made again."""
    today = today or timezone.localdate()
    units = list(units if units is not None else round_.owing_units().order_by("order", "name"))
    if given is not None:
        submissions = {u.pk: given.submissions[u.pk] for u in units if u.pk in given.submissions}
        theirs = {s.pk for s in submissions.values()}
        filings = sorted((f for f in given.filings if f.submission_id in theirs), key=lambda f: (f.order, f.task_id))
        flags, granted_until = given.flags, given.granted
    else:
        submissions = {
            s.unit_id: s
            for s in round_.submissions.filter(unit__in=units).only(
                "pk", "round_id", "unit_id", "state", "submitted_at"
            )
        }
        # The filings judged: each unit's own tasks (a co-unit's entry is a 协办意见, not a filing).
        lead = Filing.objects.filter(submission__in=list(submissions.values())).lead_only()
        filings = [Row(*values) for values in lead.order_by("task__order", "task__pk").values_list(*ROW_FIELDS)]
        indicators, actuals = loaders.indicator_values({f.task_id for f in filings}), loaders.actuals(lead)
        flags = {
            f.pk: flag_filing(f, indicators.get(f.task_id, []), actuals.get(f.pk, {}))
            for f in filings
            if (f.completion or "").strip()
        }
        granted_until = granted_dates(round_)
    checked = copies.checked_versions(round_, [f.pk for f in filings])
    granted = defaultdict(lambda: None)
    for (unit_id, _task), until in granted_until.items():
        granted[unit_id] = max(until, granted[unit_id] or until)
    by_submission = defaultdict(list)
    for filing in filings:
        by_submission[filing.submission_id].append(filing)
    # The stored matches of the filings checked at their current version; each task's closest one described.
    current = [f for f in filings if checked.get(f.pk) == f.version]
    stored = copies.matches_for(round_, [f.pk for f in current])
    describe = _Describer()
    describe.load([max(found, key=lambda m: m.score) for found in stored.values() if found])
    found = defaultdict(list)
    for filing in current:
        found[filing.submission_id].append((filing, stored.get(filing.pk, [])))
    out = []
    for unit in units:
        submission = submissions.get(unit.pk)
        mine = by_submission.get(submission.pk, []) if submission else []
        filled = [f for f in mine if (f.completion or "").strip()]
        mine_copies = found.get(submission.pk, []) if submission else []
        parts = [
            on_time_part(round_, submission, today, granted[unit.pk]),
            fields_part(mine),
            figures_part(filled, flags),
            copy_part(filled, mine_copies, checked, describe),
        ]
        out.append(UnitQuality(unit, submission, parts, [(f, m) for f, m in mine_copies if m], describe))
    return out


CELL_LINES = 4  # lines of each part the dashboard's cell shows (the unit's page shows them all)


def cells(round_, results):
    """{unit id: what the dashboard's 报送质量 cell prints} of ``round_quality``'s results: the score, and
    each part's label, points and first lines as the cell's list items (a round of 30 units prints 120
    parts and some 300 lines: made here once, not by nested loops in the template)."""
    page = link_for("supervision:quality", round_.pk)

    @functools.cache  # as floatformat:"-1" prints a score (they repeat: 25, 0, 100)
    def number(value):
        return floatformat(value, "-1")

    def lines(part):
        shown = part.lines[:CELL_LINES] + (["…"] if len(part.lines) > CELL_LINES else [])
        return format_html_join("", '<br><span class="muted">{}</span>', ((line,) for line in shown))

    out = {}
    for q in results:
        score = q.score
        out[q.unit.pk] = {
            "unit_id": q.unit.pk,
            "url": page(q.unit.pk),
            "score": "—" if score is None else number(score),
            "parts": format_html_join(
                "",
                "<li><strong>{}</strong> {}{}</li>",
                ((p.label, "—" if p.points is None else f"{number(p.points)}/{p.max}", lines(p)) for p in q.parts),
            ),
        }
    return out
