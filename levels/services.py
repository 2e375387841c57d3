"""Split a city task across districts, freeze and send a district's report up, and build the city view."""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from docparse.numbers import plain_number
from filings.models import Filing, Round, Submission, TransitionError
from plans.models import Indicator, Plan, Task
from units.models import Unit

from .models import UpwardReport, UpwardReview


class LevelError(Exception):
    """A refused step (shown to the user as it is)."""


# --- split ---------------------------------------------------------------------------------------
def district_plan(city_plan, district):
    """The district's own plan holding its parts of the city plan's tasks (created once)."""
    plan, _created = Plan.objects.get_or_create(
        year=city_plan.year,
        issuer=district,
        source_document=f"split:{city_plan.pk}",
        defaults={"kind": city_plan.kind, "title": f"{city_plan.title}（{district.label}分解）"},
    )
    return plan


@transaction.atomic
def split_task(city_task, targets, lead_units=None):
    """Split ``city_task`` into one child task per district.

    ``targets``: {district: {city indicator: target value}}; ``lead_units``: {district: unit} (the
    district bureau itself by default). Splitting again updates the targets. Returns the children.
    """
    city = city_task.plan.issuer
    if city is None or not city.is_city:
        raise LevelError(_("只有市级计划的任务可以分解到区县。"))
    children = []
    for district, by_indicator in targets.items():
        if district.parent_id != city.pk or district.kind != Unit.Kind.BUREAU:
            raise LevelError(_("%(name)s 不是本市的区县。") % {"name": district.name})
        plan = district_plan(city_task.plan, district)
        lead = (lead_units or {}).get(district) or district
        if lead.district() != district:
            raise LevelError(_("牵头单位须属于该区县。"))
        child, _created = Task.objects.get_or_create(
            plan=plan,
            split_from=city_task,
            defaults={
                "number": city_task.number,
                "text": city_task.text,
                "lead_unit": lead,
                "deadline": city_task.deadline,
                "order": city_task.order,
            },
        )
        for indicator in city_task.indicators.all():
            value = by_indicator.get(indicator)
            if value is None:
                continue
            Indicator.objects.update_or_create(
                task=child,
                split_from=indicator,
                defaults={
                    "subject": indicator.subject,
                    "target_value": value,
                    "unit": indicator.unit,
                    "comparator": indicator.comparator,
                    "scale": indicator.scale,
                },
            )
        children.append(child)
    return children


def open_district_round(plan, city_round, name, as_of, due, grace_days=0):
    """A district round for its part of the city plan, due before the city's round."""
    if due >= city_round.due:
        raise LevelError(_("区县的报送截止日期须早于市级轮次的截止日期（%(due)s）。") % {"due": city_round.due})
    return Round.objects.create(plan=plan, name=name, as_of=as_of, due=due, grace_days=grace_days)


# --- snapshot and send up --------------------------------------------------------------------------
def canonical(snapshot):
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(snapshot):
    return hashlib.sha256(canonical(snapshot).encode("utf-8")).hexdigest()


def _money(value):
    return None if value is None else plain_number(value)


def district_round_for(city_round, district):
    """The district's round for the same period: the latest with an as-of date not after the city's."""
    plans = Plan.objects.filter(issuer=district, tasks__split_from__plan=city_round.plan_id).distinct()
    return Round.objects.filter(plan__in=plans, as_of__lte=city_round.as_of).order_by("-as_of", "-pk").first()


def build_snapshot(city_round, district):
    """The district's approved filings of the split tasks, as plain data (what the hash covers)."""
    district_round = district_round_for(city_round, district)
    children = list(
        Task.objects.filter(split_from__plan=city_round.plan_id, plan__issuer=district)
        .select_related("split_from")
        .prefetch_related("indicators")
    )
    filings = {}
    if district_round is not None:
        approved = Filing.objects.filter(
            submission__round=district_round, submission__state=Submission.State.APPROVED, task__in=children
        )
        filings = {f.task_id: f for f in approved.lead_only().prefetch_related("actuals")}
    tasks = []
    for child in sorted(children, key=lambda t: (t.split_from.order, t.split_from.pk)):
        filing = filings.get(child.pk)
        actuals = {a.indicator_id: a.value for a in filing.actuals.all()} if filing else {}
        tasks.append(
            {
                "city_task": child.split_from_id,
                "number": child.split_from.number,
                "text": child.text,
                "district_task": child.pk,
                "filed": filing is not None,
                "completion": filing.completion if filing else "",
                "completed": filing.completed if filing else None,
                "reason": filing.reason if filing else "",
                "problems": filing.problems if filing else "",
                "self_assessment": filing.self_assessment if filing else "",
                "indicators": [
                    {
                        "city_indicator": ind.split_from_id,
                        "subject": ind.subject,
                        "unit": ind.unit,
                        "target": _money(ind.target_value),
                        "actual": _money(actuals.get(ind.pk)),
                        "baseline": _money(ind.baseline),
                    }
                    for ind in child.indicators.all()
                    if ind.split_from_id
                ],
            }
        )
    return {
        "format": "duban-upward/1",
        "city_round": city_round.pk,
        "city_round_name": city_round.name,
        "as_of": city_round.as_of.isoformat(),
        "district": district.name,
        "division_code": district.division_code,
        "district_round": district_round.name if district_round else "",
        "tasks": tasks,
    }


@transaction.atomic
def send_up(city_round, district, user, snapshot=None, source=UpwardReport.Source.WEB):
    """Freeze the district's report now (or the ``snapshot`` read from a file) and send it up."""
    if city_round.locked:
        raise LevelError(_("市级轮次已锁定，不能再上报。"))
    if district.parent_id != city_round.plan.issuer_id:
        raise LevelError(_("%(name)s 不是本市的区县。") % {"name": district.name})
    snapshot = snapshot if snapshot is not None else build_snapshot(city_round, district)
    if not any(task["filed"] for task in snapshot["tasks"]):
        raise LevelError(_("区县尚无已审核的分解任务填报，不能上报。"))
    digest = content_hash(snapshot)
    report = UpwardReport.objects.select_for_update().filter(city_round=city_round, district=district).first()
    now = timezone.now()
    if report is None:
        report = UpwardReport.objects.create(
            city_round=city_round,
            district=district,
            snapshot=snapshot,
            content_hash=digest,
            source=source,
            sent_at=now,
            sent_by=user,
        )
    else:
        if report.state == UpwardReport.State.APPROVED:
            raise LevelError(_("市级已审核通过本区县的上报，不能再次上报。"))
        report.snapshot, report.content_hash, report.source, report.sent_at, report.sent_by = (
            snapshot,
            digest,
            source,
            now,
            user,
        )
        report.state, report.return_comment = UpwardReport.State.SENT, ""
        report.save()
    UpwardReview.objects.create(report=report, action=UpwardReview.Action.SEND, actor=user, content_hash=digest)
    return report


def _step(report, user, action, new_state, comment=""):
    if report.city_round.locked:
        raise TransitionError(_("市级轮次已锁定，不能再修改。"))
    changed = UpwardReport.objects.filter(
        pk=report.pk, state=UpwardReport.State.SENT, content_hash=report.content_hash
    ).update(state=new_state)
    if not changed:
        raise TransitionError(_("上报状态已被他人更改，请刷新页面。"))
    report.state = new_state
    if new_state == UpwardReport.State.APPROVED:
        report.approved_at = timezone.now()
    report.return_comment = comment
    report.save(update_fields=["approved_at", "return_comment"])
    UpwardReview.objects.create(
        report=report, action=action, actor=user, comment=comment, content_hash=report.content_hash
    )


def approve(report, user):
    _step(report, user, UpwardReview.Action.APPROVE, UpwardReport.State.APPROVED)


def send_back(report, user, comment):
    if not comment.strip():
        raise TransitionError(_("退回时请填写意见。"))
    _step(report, user, UpwardReview.Action.RETURN, UpwardReport.State.RETURNED, comment.strip())


def can_review(user, report):
    """The city office that runs the city round reviews each district's report."""
    from units.access import manages

    return manages(user, report.city_round.plan.issuer)


# --- the city view -------------------------------------------------------------------------------
@dataclass
class Cell:
    target: Decimal | None = None
    actual: Decimal | None = None
    share: Decimal | None = None  # 完成率 = actual / target (for a rate: actual / target too)


@dataclass
class WideRow:
    label: str
    district: Unit | None = None
    report: UpwardReport | None = None
    cells: list = field(default_factory=list)
    score: Decimal | None = None  # mean 完成率 over the cells with one
    rank: int | None = None


@dataclass
class Mismatch:
    """The districts' split targets of a count do not add up to the city's own target."""

    task: Task
    indicator: Indicator
    split_sum: Decimal
    city_target: Decimal

    def __str__(self):
        unit = self.indicator.unit
        return _("%(number)s %(subject)s：分解目标合计 %(sum)s %(unit)s，市级目标 %(target)s %(unit)s") % {
            "number": self.task.number,
            "subject": self.indicator.subject,
            "sum": plain_number(self.split_sum),
            "target": plain_number(self.city_target),
            "unit": unit,
        }


@dataclass
class WideTable:
    city_round: Round
    columns: list  # [(city task, city indicator)]
    total: WideRow
    rows: list
    mismatches: list = field(default_factory=list)  # [Mismatch]
    weighted: list = field(default_factory=list)  # city indicators whose 全市 rate is weighted by 基数

    @property
    def missing(self):
        """The districts with no report in this table: the 全市 row does not count them, and says so."""
        return [row.district for row in self.rows if row.report is None]


def _dec(text):
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _share(actual, target):
    if actual is None or not target:
        return None
    return (actual / target * 100).quantize(Decimal("0.1"))


def city_total(indicator, parts):
    """The 全市 figure of one indicator from its district parts [(target, actual, weight)].

    The target is always the city task's own target (新增托位1900个 stays 1900 whatever the
    districts were given). Counts are summed. A rate is recomputed, never summed: the mean of the
    district rates weighted by their 基数 (the denominator each district reports as ``baseline``),
    or an equal-weight mean when any weight is missing.
    """
    if not indicator.is_rate:
        actuals = [a for _t, a, _w in parts if a is not None]
        return indicator.target_value, (sum(actuals, Decimal(0)) if actuals else None)
    filed = [(a, w) for _t, a, w in parts if a is not None]
    if not filed:
        return indicator.target_value, None
    if all(w for _a, w in filed):
        weight = sum((w for _a, w in filed), Decimal(0))
        rate = sum((a * w for a, w in filed), Decimal(0)) / weight
    else:
        rate = sum((a for a, _w in filed), Decimal(0)) / len(filed)
    return indicator.target_value, rate.quantize(Decimal("0.01"))


def wide_table(city_round, states=(UpwardReport.State.APPROVED,)):
    """全市 row + one row per district + a ranking, from the frozen reports in ``states``."""
    split_tasks = list(
        Task.objects.filter(plan=city_round.plan_id, splits__isnull=False)
        .distinct()
        .prefetch_related("indicators")
        .order_by("order", "pk")
    )
    columns = [(task, ind) for task in split_tasks for ind in task.indicators.all()]
    city = city_round.plan.issuer
    reports = {r.district_id: r for r in UpwardReport.objects.filter(city_round=city_round, state__in=states)}
    child_targets = {
        (ind.split_from_id, ind.task.plan.issuer_id): ind.target_value
        for ind in Indicator.objects.filter(split_from__task__in=split_tasks).select_related("task__plan")
    }
    rows = []
    parts_by_column = [[] for _ in columns]
    for district in city.districts() if city else []:
        report = reports.get(district.pk)
        values = {}
        if report:
            for task in report.snapshot.get("tasks", []):
                for ind in task.get("indicators", []):
                    values[ind.get("city_indicator")] = (
                        _dec(ind.get("target")),
                        _dec(ind.get("actual")),
                        _dec(ind.get("baseline")),
                    )
        row = WideRow(label=district.label, district=district, report=report)
        for i, (_task, ind) in enumerate(columns):
            target, actual, weight = values.get(ind.pk, (child_targets.get((ind.pk, district.pk)), None, None))
            row.cells.append(Cell(target, actual, _share(actual, target)))
            parts_by_column[i].append((target, actual, weight))
        shares = [c.share for c in row.cells if c.share is not None]
        row.score = (sum(shares, Decimal(0)) / len(shares)).quantize(Decimal("0.1")) if shares else None
        rows.append(row)
    total = WideRow(label=_("全市"))
    mismatches, weighted = [], []
    for i, (task, ind) in enumerate(columns):
        target, actual = city_total(ind, parts_by_column[i])
        total.cells.append(Cell(target, actual, _share(actual, target)))
        if ind.is_rate:
            if any(a is not None for _t, a, _w in parts_by_column[i]):
                weighted.append(ind)
        else:
            mismatch = split_mismatch(task, ind, [t for t, _a, _w in parts_by_column[i]])
            if mismatch:
                mismatches.append(mismatch)
    ranked = sorted([r for r in rows if r.score is not None], key=lambda r: -r.score)
    for index, row in enumerate(ranked, start=1):
        row.rank = index if index == 1 or row.score != ranked[index - 2].score else ranked[index - 2].rank
    return WideTable(city_round, columns, total, rows, mismatches, weighted)


def split_mismatch(task, indicator, split_targets):
    """A Mismatch when a count's split targets (None: not split to that district) do not add up to the city's."""
    given = [t for t in split_targets if t is not None]
    if indicator.is_rate or not given:
        return None
    total = sum(given, Decimal(0))
    return Mismatch(task, indicator, total, indicator.target_value) if total != indicator.target_value else None


def task_mismatches(city_task):
    """The split page's check of one city task: its districts' targets per indicator, as split now."""
    out = []
    for indicator in city_task.indicators.all():
        targets = list(Indicator.objects.filter(split_from=indicator).values_list("target_value", flat=True))
        mismatch = split_mismatch(city_task, indicator, targets)
        if mismatch:
            out.append(mismatch)
    return out
