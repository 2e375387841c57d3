"""Gather the logged events of one level and year as ``rules.Event``s.

Sources, all logged by the filing cycle (never typed in):

* each owing unit's ``Submission`` of each round: ``submitted_at`` against ``Round.due``
  (按时 / 逾期 by working days), or — past the due date, after the final 催办 (``Reminder``,
  an ``overdue-*`` step) or in a locked round — missing;
* each 退回 by the office (``filings.Review`` with action ``return`` by an office user);
* each lead filing of an approved package: 自评 滞后 / 超前 (lead unit and co-units), and in the
  year-end round 是否完成 and actuals over target;
* for a city, what its districts report up (levels.UpwardReport): sent on time or late, returned.
"""

from django.urls import reverse
from django.utils import timezone

from filings.models import Filing, Review, Round, Submission
from plans.models import Indicator, Plan, Task
from supervision.models import Reminder
from supervision.quality import round_quality
from units.models import Unit, User

from .rules import Event, working_days_between


def is_year_end(round_):
    """年度 / 全年 rounds, or one whose as-of date is in December, close the year."""
    return round_.as_of.month == 12 or any(word in round_.name for word in ("年度", "全年", "年底", "年末"))


def _half_year(round_):
    return "半年" in round_.name


def plans_of(scheme):
    return Plan.objects.filter(year=scheme.year, issuer__bureau=scheme.level)


def gather(scheme, today=None, quality=False):
    """The events of the scheme's level and year; with ``quality``, each unit's 报送质量 in each round past its
    due date too (computed only when the scheme prices it: supervision.quality reads every filing)."""
    today = today or timezone.localdate()
    events = []
    rounds = list(Round.objects.filter(plan__in=plans_of(scheme)).select_related("plan").order_by("as_of", "pk"))
    office_roles = (User.Role.OFFICE, User.Role.ADMIN)
    plans = {}
    for round_ in rounds:
        if round_.plan_id not in plans:
            plans[round_.plan_id] = _plan_tasks(scheme, round_.plan)
        events.extend(_round_events(scheme, round_, today, office_roles, plans[round_.plan_id]))
        if quality and today > round_.due:
            events.extend(_quality_events(scheme, round_, today, plans[round_.plan_id]))
    events.extend(_upward_events(scheme, today))
    return events


def _plan_tasks(scheme, plan):
    """(tasks by pk, tasks led per unit, co-units per task) of a plan — read once for all its rounds."""
    tasks = {
        pk: (number, lead)
        for pk, number, lead in plan.tasks.exclude(lead_unit=scheme.level_id).values_list(
            "pk", "number", "lead_unit_id"
        )
    }
    led = {}
    for pk, (_number, lead) in tasks.items():
        led.setdefault(lead, []).append(pk)
    co = {}
    for task_id, unit_id in (
        Task.co_units.through.objects.filter(task__in=list(tasks))
        .exclude(unit=scheme.level_id)
        .values_list("task_id", "unit_id")
    ):
        co.setdefault(task_id, []).append(unit_id)
    return tasks, led, co


def _round_events(scheme, round_, today, office_roles, plan_tasks):
    tasks, led, co = plan_tasks
    subs = {s.unit_id: s for s in round_.submissions.filter(unit__in=led)}
    finals = {}
    for reminder in (
        Reminder.objects.filter(round=round_, step__startswith="overdue")
        .exclude(status=Reminder.Status.CANCELLED)
        .order_by("created_at")
    ):
        finals[reminder.unit_id] = reminder  # the latest overdue step is the final reminder
    refs_round = {"round": round_.pk}
    for unit_id, unit_tasks in led.items():
        sub = subs.get(unit_id)
        if sub is not None and sub.state not in Submission.State.OWING and sub.submitted_at:
            filed = timezone.localdate(sub.submitted_at)
            refs = {**refs_round, "submission": sub.pk}
            if filed <= round_.due:
                yield Event(f"on_time:s{sub.pk}", unit_id, filed, "on_time", refs=refs, note=round_.name)
            else:
                days = max(1, working_days_between(round_.due, filed))
                yield Event(f"late:s{sub.pk}", unit_id, filed, "late", quantity=days, refs=refs, note=round_.name)
        elif today > round_.due and (unit_id in finals or round_.locked):
            reminder = finals.get(unit_id)
            on = timezone.localdate(reminder.created_at) if reminder else round_.due
            refs = {**refs_round, "reminder": reminder.pk if reminder else None, "submission": sub.pk if sub else None}
            yield Event(
                f"missing:r{round_.pk}:u{unit_id}",
                unit_id,
                on,
                "missing",
                quantity=len(unit_tasks),
                half_year=_half_year(round_),
                refs=refs,
                note=round_.name,
            )
    for review in Review.objects.filter(
        submission__round=round_, action=Review.Action.RETURN, actor__role__in=office_roles, submission__unit__in=led
    ).select_related("submission"):
        refs = {**refs_round, "submission": review.submission_id, "review": review.pk}
        yield Event(
            f"returned:v{review.pk}",
            review.submission.unit_id,
            timezone.localdate(review.at),
            "returned",
            refs=refs,
            note=review.comment[:200],
        )
    year_end = is_year_end(round_)
    approved = Filing.objects.filter(submission__round=round_, submission__state=Submission.State.APPROVED)
    if not year_end:  # before the year end only 滞后 and 超前 count
        approved = approved.filter(self_assessment__in=(Filing.Assessment.BEHIND, Filing.Assessment.AHEAD))
    rows = approved.lead_only().values_list(
        "pk",
        "task_id",
        "self_assessment",
        "completed",
        "submission_id",
        "submission__unit_id",
        "submission__approved_at",
    )
    actuals = {}
    if year_end:
        for indicator in Indicator.objects.filter(task__in=list(tasks)).prefetch_related("actuals"):
            for actual in indicator.actuals.all():
                actuals.setdefault(actual.filing_id, []).append((indicator, actual.value))
    for pk, task_id, assessment, completed, submission_id, unit_id, approved_at in rows:
        if task_id not in tasks:
            continue
        on = timezone.localdate(approved_at) if approved_at else round_.due
        refs = {**refs_round, "submission": submission_id, "filing": pk}
        parties = [("lead", unit_id)] + [("co", u) for u in co.get(task_id, [])]
        label = f"{round_.name} {tasks[task_id][0]}".strip()
        if assessment == Filing.Assessment.BEHIND:
            for role, who in parties:
                yield Event(f"behind:f{pk}:{role}:u{who}", who, on, "behind", role=role, refs=refs, note=label)
        elif assessment == Filing.Assessment.AHEAD:
            yield Event(f"ahead:f{pk}", unit_id, on, "ahead", refs=refs, note=label)
        if year_end and completed is not None:
            event = "completed" if completed else "not_completed"
            for role, who in parties:
                yield Event(f"{event}:f{pk}:{role}:u{who}", who, on, event, role=role, refs=refs, note=label)
        for indicator, value in actuals.get(pk, []):
            if (
                indicator.comparator in (Indicator.Comparator.ADD, Indicator.Comparator.GTE, Indicator.Comparator.REACH)
                and value > indicator.target_value
            ):
                yield Event(
                    f"over:f{pk}:i{indicator.pk}",
                    unit_id,
                    on,
                    "ahead",
                    quantity=2,
                    refs=refs,
                    note=f"{label} {indicator.subject}",
                )


def _quality_events(scheme, round_, today, plan_tasks):
    """报送质量 of each unit the level scores in a round (its score is the event's quantity)."""
    _tasks, led, _co = plan_tasks
    for result in round_quality(round_, today, units=Unit.objects.filter(pk__in=list(led)).order_by("order", "name")):
        if result.score is None:
            continue
        refs = {
            "round": round_.pk,
            "submission": result.submission.pk if result.submission else None,
            "quality": result.unit.pk,
        }
        yield Event(
            f"quality:r{round_.pk}:u{result.unit.pk}",
            result.unit.pk,
            round_.due,
            "quality",
            quantity=float(result.score),
            refs=refs,
            note=f"{round_.name} {result.score}",
        )


def _upward_events(scheme, today):
    """A city scores its districts on what they report up (levels app), when there is any."""
    try:
        from levels.models import UpwardReport
    except ImportError:  # pragma: no cover - levels is installed with scoring
        return []
    out = []
    reports = UpwardReport.objects.filter(city_round__plan__in=plans_of(scheme)).select_related("city_round")
    for report in reports:
        refs = {"round": report.city_round_id, "upward": report.pk}
        first = report.reviews.filter(action="send").order_by("at", "pk").first()
        if first is not None:  # on time or late by the first sending, not a resend after 退回
            sent = timezone.localdate(first.at)
            due = report.city_round.due
            if sent <= due:
                out.append(
                    Event(
                        f"on_time:up{report.pk}",
                        report.district_id,
                        sent,
                        "on_time",
                        refs=refs,
                        note=report.city_round.name,
                    )
                )
            else:
                out.append(
                    Event(
                        f"late:up{report.pk}",
                        report.district_id,
                        sent,
                        "late",
                        quantity=max(1, working_days_between(due, sent)),
                        refs=refs,
                        note=report.city_round.name,
                    )
                )
        for review in report.reviews.filter(action="return"):
            out.append(
                Event(
                    f"returned:uv{review.pk}",
                    report.district_id,
                    timezone.localdate(review.at),
                    "returned",
                    refs=refs,
                    note=review.comment[:200],
                )
            )
    return out


def source_url(refs):
    if refs.get("quality"):
        return reverse("supervision:quality", args=[refs["round"], refs["quality"]])
    if refs.get("filing"):
        return reverse("filings:filing", args=[refs["filing"]])
    if refs.get("submission"):
        return reverse("filings:submission", args=[refs["submission"]])
    if refs.get("upward"):
        return reverse("levels:report", args=[refs["upward"]])
    if refs.get("round"):
        return reverse("filings:round", args=[refs["round"]])
    return ""
