"""督办的用例 — the dashboard, 催办, copy-forward, 延期 and the task and unit pages.

Each gets its object from the access registry (filings.access, supervision.access, units.access)
and raises its three errors; the views and the API translate them.
"""

from django.utils.translation import gettext as _

from filings.access import ACT, access_filing, access_round, access_submission, require
from plans.models import Plan, Task
from units.access import Forbidden, NotNow, get_in, unit_scope
from units.models import Unit

from . import copying, history, quality
from .access import access_extension, require_office
from .models import Extension


def dashboard_round(user, round_id):
    """督办看板 of a round the office reads (its own level's, or the city its districts')."""
    require_office(user)
    return access_round(user, round_id)


def unit_quality(user, round_id, unit_id):
    """报送质量 of one unit in a round, with its 照搬 side by side: the office that reads the round."""
    round_ = dashboard_round(user, round_id)
    unit = get_in(unit_scope(user, round_.owing_units(), unit_field="pk"), pk=unit_id)
    return round_, quality.round_quality(round_, units=[unit])[0]


def remind_round(user, round_id):
    """一键催办: the round, for the office that runs it, while it is open."""
    round_ = access_round(user, round_id, ACT)
    require(user, "remind_round", round_)
    return round_


def copy_forward(user, submission_id):
    """沿用上期内容 into the unit's own editable package; the number of tasks filled."""
    submission = access_submission(user, submission_id, ACT)
    require(user, "submit_submission", submission)
    return submission, copying.copy_forward(submission, user)


def request_extension(user, filing_id, form):
    """申请延期 for one task of the user's own unit; ``form`` is a valid ExtensionForm."""
    filing = access_filing(user, filing_id, ACT)
    require(user, "request_extension", filing)
    submission = filing.submission
    extension = form.save(commit=False)
    extension.task, extension.unit, extension.round, extension.requested_by = (
        filing.task,
        submission.unit,
        submission.round,
        user,
    )
    extension.save()
    return extension


def decide_extension(user, extension_id, decision, note=""):
    """同意 / 不同意 a pending 延期 by the office of the level that runs its round."""
    extension = access_extension(user, extension_id, ACT)
    require(user, "decide_extension", extension)
    pending = extension.decision == Extension.Decision.PENDING  # else decide() says it was decided already
    if pending and decision == Extension.Decision.REFUSED and not (note or "").strip():
        # the unit sees only the decision and this note: a refusal says why
        raise NotNow(_("不同意时请在审批意见中写明理由。"), obj=None)
    if not extension.decide(user, decision, note):
        raise NotNow(_("该申请已审批过。"), obj=None)
    return extension


def task_history(user, task_id):
    """A task across the plan's rounds: its lead unit's users and the office above it."""
    return get_in(
        unit_scope(user, Task.objects.select_related("plan", "lead_unit", "section"), unit_field="lead_unit"),
        pk=task_id,
    )


def unit_year(user, unit_id, plan_id=None):
    """A unit's plans and, for one of them, its tasks in each round."""
    unit = get_in(unit_scope(user, Unit.objects.all(), unit_field="pk"), pk=unit_id)
    plans = list(Plan.objects.filter(tasks__lead_unit=unit).distinct().order_by("-year", "title"))
    plan = None
    if plan_id:
        plan = next((p for p in plans if str(p.pk) == str(plan_id)), None)
        if plan is None:
            raise Forbidden(_("该计划中没有本单位的任务。"))
    plan = plan or (plans[0] if plans else None)
    rounds, rows = history.unit_year(unit, plan) if plan else ([], [])
    return unit, plans, plan, rounds, rows
