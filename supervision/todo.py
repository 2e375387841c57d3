"""待办 — what each role must do next. Derived on every request, never stored (DESIGN.md).

* 填报人: rounds the unit owes (due date, 逾期 N 天), packages returned with the comment, reminders
  received, extension decisions, 协办 rounds.
* 签发人: packages waiting for 签发 (and what the unit still owes, to chase).
* 督办员: packages waiting for 审核, overdue units, pending 延期 requests, flagged filings.

``counts(user)`` is the cheap part shown in the navigation bar on every page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from filings.models import Filing, Round, Submission
from plans.models import Task
from units.access import office_runs, office_scope
from units.models import Unit

from . import advice, loaders
from .models import Extension, Reminder

RECENT_DAYS = 30


@dataclass
class Owed:
    round: Round
    submission: Submission | None
    light: str
    days_overdue: int

    @property
    def state(self):
        return self.submission.state if self.submission else Submission.State.MISSING


@dataclass
class Todo:
    owed: list = field(default_factory=list)
    returned: list = field(default_factory=list)
    to_sign: list = field(default_factory=list)
    to_review: list = field(default_factory=list)
    overdue_units: list = field(default_factory=list)
    pending_extensions: list = field(default_factory=list)
    extension_decisions: list = field(default_factory=list)
    reminders: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    cooperating: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.owed) + len(self.to_sign) + len(self.to_review) + len(self.pending_extensions)


def _open_rounds_led_by(unit_id):
    return (
        Round.objects.filter(locked=False, plan__tasks__lead_unit=unit_id)
        .distinct()
        .select_related("plan")
        .order_by("due", "pk")
    )


def received_reminders(unit_id, since, limit=10):
    """The reminders the unit really received, newest first: each step of a round once (not once per address or
    channel), only those sent (a night-held one is not yet received), each with its text (as sent) and round."""
    from .reminders import message

    out, seen = [], set()
    sent = (
        Reminder.objects.filter(unit=unit_id, status=Reminder.Status.SENT, sent_at__gte=since)
        .select_related("round__plan", "unit")
        .order_by("-sent_at", "-pk")
    )
    for reminder in sent[: limit * 10]:
        if (reminder.round_id, reminder.step) in seen:
            continue
        seen.add((reminder.round_id, reminder.step))
        reminder.text = message(reminder)[1].split("\n")[0]
        out.append(reminder)
        if len(out) == limit:
            break
    return out


def for_unit(user, today=None):
    """A filler's or signer's to-do list for their own unit."""
    today = today or timezone.localdate()
    todo = Todo()
    unit_id = user.unit_id
    rounds = list(_open_rounds_led_by(unit_id))
    subs = {s.round_id: s for s in Submission.objects.filter(unit=unit_id, round__in=rounds)}
    for round_ in rounds:
        submission = subs.get(round_.pk)
        if submission is None or submission.state in Submission.State.OWING:
            todo.owed.append(
                Owed(round_, submission, round_.light(submission, today), round_.days_overdue(submission, today))
            )
            if submission is not None and submission.state == Submission.State.RETURNED:
                todo.returned.append(submission)
        elif submission.state == Submission.State.SUBMITTED:
            todo.to_sign.append(submission)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    todo.reminders = received_reminders(unit_id, since)
    todo.extension_decisions = list(
        Extension.objects.filter(unit=unit_id)
        .filter(Q(decision=Extension.Decision.PENDING) | Q(decided_at__gte=since))
        .select_related("task", "round")
        .order_by("-requested_at")[:20]
    )
    co_plans = Task.objects.filter(co_units=unit_id).values("plan_id")
    todo.cooperating = list(
        Round.objects.filter(locked=False, plan__in=co_plans).select_related("plan").order_by("due")
    )
    return todo


def for_office(user, today=None, flagged_limit=20, flagged_rounds=5):
    """The office's to-do list over the open rounds it runs (its own level's plans).

    A constant number of queries, whatever the number of rounds, units and tasks.
    """
    today = today or timezone.localdate()
    todo = Todo()
    rounds = office_runs(user, Round.objects.all())
    todo.to_review = list(
        Submission.objects.filter(state=Submission.State.SIGNED, round__locked=False, round__in=rounds)
        .select_related("round__plan", "unit")
        .order_by("signed_at")
    )
    todo.pending_extensions = list(
        office_scope(user, Extension.objects.filter(decision=Extension.Decision.PENDING), "unit")
        .filter(task__plan__in=office_runs(user, Task.objects.all()).values("plan_id"))
        .select_related("unit", "task", "round")
        .order_by("requested_at")
    )
    todo.overdue_units = _overdue_units(
        list(rounds.filter(locked=False, due__lt=today).select_related("plan").order_by("due", "pk")), today
    )
    # Flags need the figure checks: only rounds still open and already being filed.
    filed = list(
        rounds.filter(locked=False, submissions__isnull=False)
        .distinct()
        .select_related("plan")
        .order_by("-as_of", "pk")[:flagged_rounds]
    )
    todo.flagged = _flagged(filed)[:flagged_limit]
    return todo


def _overdue_units(rounds, today):
    """[{round, unit, submission, days}] for every unit owing each (past-due) round, in three queries."""
    if not rounds:
        return []
    subs = {(s.round_id, s.unit_id): s for s in Submission.objects.filter(round__in=rounds).order_by()}
    leads = defaultdict(list)  # plan id → the units leading its tasks (应报单位)
    # (a bureau's own roll-up of a task split to its districts is owed by nobody: Round.owing_units)
    owing = Unit.objects.filter(
        Q(led_tasks__plan__in={r.plan_id for r in rounds}),
        Q(led_tasks__splits__isnull=True) | ~Q(pk=F("led_tasks__plan__issuer")),
    )
    for unit in owing.annotate(led_plan=F("led_tasks__plan")).distinct().order_by("order", "name", "pk"):
        leads[unit.led_plan].append(unit)
    out = []
    for round_ in rounds:
        for unit in leads[round_.plan_id]:
            submission = subs.get((round_.pk, unit.pk))
            if round_.light(submission, today) == "overdue":
                out.append(
                    {
                        "round": round_,
                        "unit": unit,
                        "submission": submission,
                        "days": round_.days_overdue(submission, today),
                    }
                )
    return out


def _flagged(rounds):
    """[{round, filing, unit, advice}] for the lead units' filings with figure flags, in five queries.

    Round by round (newest first); within a round in the dashboard's attention order (滞后 first).
    """
    if not rounds:
        return []
    filings = list(
        Filing.objects.filter(submission__round__in=rounds)
        .exclude(completion="")
        .lead_only()
        .select_related("task", "submission__unit")
        .order_by("task__section__order", "task__section__pk", "task__order", "task__pk")
    )
    indicators = loaders.indicators({f.task_id for f in filings})
    actuals = loaders.actuals(filings)
    previous = loaders.previous_texts(loaders.previous_rounds(rounds))
    by_round = defaultdict(list)
    for filing in filings:
        by_round[filing.submission.round_id].append(filing)
    severity = {"behind": 0, "on_track": 1, "ahead": 2}
    out = []
    for round_ in rounds:
        items = []
        for filing in by_round[round_.pk]:
            task_indicators, values = indicators.get(filing.task_id, []), actuals.get(filing.pk, {})
            flags = advice.flag_filing(filing, task_indicators, values, previous[round_.pk].get(filing.task_id))
            if flags:
                proposal = advice.propose(filing, round_, filing.task, task_indicators, values)
                items.append(
                    {
                        "round": round_,
                        "filing": filing,
                        "unit": filing.submission.unit,
                        "advice": advice.Advice(proposal, flags, filing.self_assessment),
                    }
                )
        items.sort(key=lambda i: (severity[i["advice"].proposal.assessment], i["advice"].self_assessment != "behind"))
        out.extend(items)
    return out


def for_user(user, today=None):
    if user.is_office:
        return for_office(user, today)
    if user.unit_id is not None:
        return for_unit(user, today)
    return Todo()


def counts(user, today=None):
    """{"todo": n} for the navigation badge, in two or three small queries."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    today = today or timezone.localdate()
    if user.is_office:
        rounds = office_runs(user, Round.objects.all())
        review = Submission.objects.filter(state=Submission.State.SIGNED, round__locked=False, round__in=rounds).count()
        pending = Extension.objects.filter(
            decision=Extension.Decision.PENDING, task__plan__in=office_runs(user, Task.objects.all()).values("plan_id")
        ).count()
        return {"todo": review + pending}
    if user.unit_id is None:
        return {}
    if user.is_signer:
        return {
            "todo": Submission.objects.filter(
                unit=user.unit_id, state=Submission.State.SUBMITTED, round__locked=False
            ).count()
        }
    rounds = _open_rounds_led_by(user.unit_id).values("pk")
    filed = (
        Submission.objects.filter(unit=user.unit_id, round__in=rounds)
        .exclude(state__in=Submission.State.OWING)
        .values("round_id")
    )
    return {"todo": Round.objects.filter(pk__in=rounds).exclude(pk__in=filed).count()}
