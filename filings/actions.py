"""填报的用例 — one function per thing a person does in the filing cycle.

The web views (filings/views.py), the API (api/endpoints.py) and the commands call these and only
translate their input and the three domain errors of ``units.access`` (404 / 403 / 409). Each use
case gets its object from ``filings.access`` and runs the state change as a model method.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.log import record
from audit.models import Kind
from units.access import ACT, Forbidden, NotNow

from . import rights
from .access import access_filing, access_round, access_submission, require
from .models import Filing, Submission, TransitionError


def _step(submission, act):
    try:
        act()
    except TransitionError as exc:
        raise NotNow(str(exc), obj=submission, state=submission.get_state_display()) from exc
    return submission


def open_submission(user, round_id):
    """Open (or start) the user's own unit's package for a round in which the unit leads tasks."""
    round_ = access_round(user, round_id)  # another district's round: not found, whoever asks
    if user.unit_id is None or not (user.is_filler or user.is_signer):
        raise Forbidden(_("只有单位填报人或签发人可以填报。"))
    if not round_.plan.tasks.filter(lead_unit=user.unit_id).exists():
        raise Forbidden(_("本单位在该轮次没有牵头任务，请在“协办”中提交协办意见。"))
    return Submission.objects.open_for(round_, user.unit)


def read_sheet(user, submission_id):
    """填报表 — the package to show; the unit's own users get the tasks added to the plan since."""
    submission = access_submission(user, submission_id)
    if user.unit_id == submission.unit_id:
        submission.add_new_tasks()
    return submission


def save_filing(user, filing_id, version, fields, actuals=None, keyed_in=False, offline=False):
    """Save one filing (a sheet row, the single-task page or PATCH /api/filings/{id}).

    Returns ``(filing, saved)``: ``saved`` is False when someone saved a newer version in between
    (the caller keeps what the user typed). A package submitted, signed or locked in between is
    :class:`NotNow`, not a text conflict. ``keyed_in``: the office of the round keys in the unit's
    paper form (代录入): the version is the office user's, noted as keyed in (Filing.KEYED_IN). ``offline``:
    the row comes from the offline sheet (noted Filing.OFFLINE, unless keyed in).
    """
    right = "key_in_filing" if keyed_in else "edit_filing"
    filing = access_filing(user, filing_id, ACT)
    require(user, right, filing)
    note = Filing.KEYED_IN if keyed_in else Filing.OFFLINE if offline else None
    if filing.save_edit(user, version, fields, actuals, note=note):
        return filing, True
    filing.refresh_from_db()
    filing.submission.refresh_from_db()
    require(user, right, filing)
    return filing, False


def keying_round(user, round_id):
    """一表填报 of a whole round (代录入): the office of the level that runs it keys in units' paper forms
    while the round is open. A city office reads a district's round but never keys in for it (403)."""
    round_ = access_round(user, round_id, ACT)
    require(user, "key_in_round", round_)
    return round_


def submit(user, submission_id, filler_name, contact):
    """提交 by the unit's filler, with 填报人 and 联系方式."""
    submission = access_submission(user, submission_id, ACT)
    require(user, "submit_submission", submission)
    return _step(submission, lambda: submission.submit(user, filler_name, contact))


def withdraw(user, submission_id):
    """撤回 a submitted package until it is signed."""
    submission = access_submission(user, submission_id, ACT)
    require(user, "withdraw_submission", submission)
    return _step(submission, lambda: submission.withdraw(user))


def sign(user, submission_id):
    """签发 by the unit's head."""
    submission = access_submission(user, submission_id, ACT)
    require(user, "sign_submission", submission)
    return _step(submission, lambda: submission.sign(user))


def send_back(user, submission_id, comment):
    """退回 with a comment: the signer a submitted package, the office a submitted or signed one."""
    submission = access_submission(user, submission_id, ACT)
    require(user, "return_submission", submission)
    if not (comment or "").strip():
        raise NotNow(_("退回时请填写意见。"), obj=submission, state=submission.get_state_display())
    return _step(submission, lambda: submission.send_back(user, comment))


def approve(user, submission_id, comment=""):
    """审核通过 by the office of the level that runs the round."""
    submission = access_submission(user, submission_id, ACT)
    require(user, "approve_submission", submission)
    return _step(submission, lambda: submission.approve(user, comment))


def lock_round(user, round_id, unlock=False):
    """锁定本轮次 (after the due date plus grace) or 解锁, by the office that runs the round."""
    round_ = access_round(user, round_id, ACT)
    if not rights.can(user, "lock_round", round_):
        raise Forbidden(_("只有发布该计划的单位的督办员可以锁定轮次。"))
    try:
        round_.unlock() if unlock else round_.lock()
    except TransitionError as exc:
        raise NotNow(str(exc), obj=round_) from exc
    record(Kind.ROUND_LOCK, action="unlock" if unlock else "lock", obj=round_, user=user)
    return round_


def read_filing(user, filing_id):
    """One filing to read (its page, its history, the API)."""
    return access_filing(user, filing_id)


@transaction.atomic
def contribute(user, round_id, task, text):
    """协办意见 by a co-unit's filler on a task of the round; open while the lead's package is editable."""
    from .models import Contribution, contribution_filing

    round_ = access_round(user, round_id)
    if not user.is_filler or user.unit_id is None:
        raise Forbidden(_("只有填报人可以提交协办意见。"))
    if not task.co_units.filter(pk=user.unit_id).exists() or task.plan_id != round_.plan_id:
        raise Forbidden(_("本单位不是该任务的配合单位。"))
    if round_.locked:
        raise NotNow(_("本轮次已锁定，不能再修改。"), obj=round_)
    filing = contribution_filing(round_, task, start=True)
    if filing is None:
        raise NotNow(_("牵头单位已报送本轮次材料，协办意见已关闭。"), obj=round_)
    return Contribution.objects.create(filing=filing, unit=user.unit, author=user, text=text)


def cooperation_round(user, round_id):
    """The round of a co-unit's 协办 page: its unit must cooperate on a task of it."""
    if user.unit_id is None:
        raise Forbidden(_("您的账号未关联单位。"))
    round_ = access_round(user, round_id)
    if not round_.plan.tasks.filter(co_units=user.unit_id).exists():
        raise Forbidden(_("本单位不是该轮次任务的配合单位。"))
    return round_


def require_editable(user, filing):
    """Raise unless the user may edit ``filing`` now (a refused form still says why the row is closed)."""
    require(user, "edit_filing", filing)


require_step = require


def open_round(user, plan, form):
    """开启填报轮次 on a plan the user's level issued (``plan`` from plans.access, ACT)."""
    round_ = form.save(commit=False)
    round_.plan = plan
    round_.save()
    return round_


def round_units(user, round_id):
    """Where every owing unit stands in a round the office runs or reads: one row per 应报单位."""
    from django.db.models import Count, Q

    round_ = access_round(user, round_id)
    if not user.is_office:
        raise Forbidden(_("仅督办员可以访问。"))
    submissions = {s.unit_id: s for s in round_.submissions.all()}
    units = round_.owing_units().annotate(task_count=Count("led_tasks", filter=Q(led_tasks__plan=round_.plan_id)))
    return round_, [{"unit": unit, "submission": submissions.get(unit.pk)} for unit in units]
