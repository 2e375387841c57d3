"""待办 — what each role must do next. Derived on every request, never stored (DESIGN.md).

* 填报人: rounds the unit owes (due date, 逾期 N 天), packages returned with the comment, reminders
  received, extension decisions, 协办 rounds.
* 签发人: packages waiting for 签发 (and what the unit still owes, to chase).
* 督办员: packages waiting for 审核, overdue units, pending 延期 requests, flagged filings.

``counts(user)`` is the cheap part shown in the navigation bar on every page.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from filings.models import Round, Submission
from plans.models import Task

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
        return self.submission.state if self.submission else "missing"


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
    return Round.objects.filter(locked=False, plan__tasks__lead_unit=unit_id).distinct().select_related("plan").order_by("due", "pk")


def for_unit(user, today=None):
    """A filler's or signer's to-do list for their own unit."""
    today = today or timezone.localdate()
    todo = Todo()
    unit_id = user.unit_id
    rounds = list(_open_rounds_led_by(unit_id))
    subs = {s.round_id: s for s in Submission.objects.filter(unit=unit_id, round__in=rounds)}
    for round_ in rounds:
        submission = subs.get(round_.pk)
        if submission is None or submission.state in Submission.OWING:
            todo.owed.append(Owed(round_, submission, round_.light(submission, today), round_.days_overdue(submission, today)))
            if submission is not None and submission.state == Submission.State.RETURNED:
                todo.returned.append(submission)
        elif submission.state == Submission.State.SUBMITTED:
            todo.to_sign.append(submission)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    todo.reminders = list(
        Reminder.objects.filter(unit=unit_id, created_at__gte=since).exclude(status=Reminder.Status.CANCELLED).select_related("round__plan").order_by("-created_at")[:10]
    )
    todo.extension_decisions = list(
        Extension.objects.filter(unit=unit_id).filter(Q(decision=Extension.Decision.PENDING) | Q(decided_at__gte=since)).select_related("task", "round").order_by("-requested_at")[:20]
    )
    co_plans = Task.objects.filter(co_units=unit_id).values("plan_id")
    todo.cooperating = list(Round.objects.filter(locked=False, plan__in=co_plans).select_related("plan").order_by("due"))
    return todo


def for_office(user, today=None, flagged_limit=20):
    """The office's to-do list over every open round."""
    from . import services

    today = today or timezone.localdate()
    todo = Todo()
    todo.to_review = list(Submission.objects.filter(state=Submission.State.SIGNED, round__locked=False).select_related("round__plan", "unit").order_by("signed_at"))
    todo.pending_extensions = list(Extension.objects.filter(decision=Extension.Decision.PENDING).select_related("unit", "task", "round").order_by("requested_at"))
    for round_ in Round.objects.filter(locked=False, due__lt=today).select_related("plan").order_by("due"):
        subs = {s.unit_id: s for s in round_.submissions.all()}
        for unit in round_.owing_units().order_by("order", "name"):
            submission = subs.get(unit.pk)
            if round_.light(submission, today) == "overdue":
                todo.overdue_units.append({"round": round_, "unit": unit, "submission": submission, "days": round_.days_overdue(submission, today)})
    # Flags need the figure checks: only rounds still open and already being filed.
    for round_ in Round.objects.filter(locked=False, submissions__isnull=False).distinct().select_related("plan").order_by("-as_of")[:5]:
        overview = services.round_overview(round_, today)
        for row in overview.attention:
            if row.advice.flags and row.filing is not None:
                todo.flagged.append({"round": round_, "row": row, "unit": overview.unit_names[row.task.lead_unit_id]})
        if len(todo.flagged) >= flagged_limit:
            break
    todo.flagged = todo.flagged[:flagged_limit]
    return todo


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
        review = Submission.objects.filter(state=Submission.State.SIGNED, round__locked=False).count()
        pending = Extension.objects.filter(decision=Extension.Decision.PENDING).count()
        return {"todo": review + pending}
    if user.unit_id is None:
        return {}
    if user.is_signer:
        return {"todo": Submission.objects.filter(unit=user.unit_id, state=Submission.State.SUBMITTED, round__locked=False).count()}
    rounds = _open_rounds_led_by(user.unit_id).values("pk")
    filed = Submission.objects.filter(unit=user.unit_id, round__in=rounds).exclude(state__in=Submission.OWING).values("round_id")
    return {"todo": Round.objects.filter(pk__in=rounds).exclude(pk__in=filed).count()}
