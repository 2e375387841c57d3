"""填报的访问登记 — the only way a use case gets a round, a submission or a filing.

``access_round`` / ``access_submission`` / ``access_filing`` answer the object in the user's scope
or raise :class:`units.access.NotFound`; :func:`require` asks ``filings.rights`` whether a step is
ever the user's (else :class:`Forbidden`) and allowed now (else :class:`NotNow`). The read models
that several pages, exports and the API share start here: :func:`rounds_visible` and
:func:`unit_rounds` (the rounds a unit works on).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from units.access import ACT, READ, Forbidden, NotNow, get_in, manages, office_scope, unit_scope

from . import rights
from .models import Filing, Round, Submission

__all__ = [
    "ACT",
    "READ",
    "access_filing",
    "access_round",
    "access_submission",
    "require",
    "rounds_visible",
    "unit_rounds",
]


def _active(user):
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def rounds_visible(user):
    """Rounds ``user`` may read: an office those of the plans issued in its scope (the city reads its
    districts'), a unit's filler or signer those in which the unit leads or cooperates on a task."""
    if not _active(user):
        return Round.objects.none()
    if user.is_office:
        return office_scope(user, Round.objects.all(), "plan__issuer")
    if user.unit_id is None:
        return Round.objects.none()
    mine = Round.objects.filter(Q(plan__tasks__lead_unit=user.unit_id) | Q(plan__tasks__co_units=user.unit_id))
    return Round.objects.filter(pk__in=mine.values("pk"))


def unit_rounds(unit_id):
    """我的填报 — the rounds a unit works on, newest first, each with its package (or None) and whether
    the unit leads (files) or cooperates (协办) in it. One read model for the page, the API and 待办."""
    leads = set(Round.objects.filter(plan__tasks__lead_unit=unit_id).values_list("pk", flat=True))
    cooperates = set(Round.objects.filter(plan__tasks__co_units=unit_id).values_list("pk", flat=True))
    rounds = Round.objects.filter(pk__in=leads | cooperates).select_related("plan").order_by("-as_of", "-pk")
    mine = {s.round_id: s for s in Submission.objects.filter(unit=unit_id, round_id__in=leads | cooperates)}
    today = timezone.localdate()
    return [
        {
            "round": r,
            "submission": mine.get(r.pk),
            "leads": r.pk in leads,
            "cooperates": r.pk in cooperates,
            # 逾期 N 天, as 待办 says it: only a package the unit still owes
            "days_overdue": r.days_overdue(mine.get(r.pk), today) if r.pk in leads else 0,
        }
        for r in rounds
    ]


def access_round(user, round_id, need=READ):
    """A round in ``user``'s scope. ``need=ACT``: only the office of the level that runs it (the city
    reads a district's round but never reviews, locks or reminds in it)."""
    round_ = get_in(rounds_visible(user).select_related("plan__issuer"), pk=round_id)
    if need is ACT and not manages(user, round_.plan.issuer):
        raise Forbidden(_("只有发布该计划的单位的督办员可以执行此操作。"))
    return round_


def access_submission(user, submission_id, need=READ):
    """A unit's package in ``user``'s scope (its own unit; an office its subtree). Steps: :func:`require`."""
    del need  # who may act on a package is a right of the step, asked by require()
    return get_in(
        unit_scope(user, Submission.objects.select_related("round__plan__issuer", "unit", "signer")), pk=submission_id
    )


def access_filing(user, filing_id, need=READ):
    """One filing in ``user``'s scope (the unit's own; an office its subtree)."""
    del need
    queryset = Filing.objects.select_related(
        "submission__round__plan__issuer", "submission__unit", "task__lead_unit", "task__section"
    )
    return get_in(unit_scope(user, queryset, unit_field="submission__unit"), pk=filing_id)


REFUSALS = {
    "edit_filing": _lazy("当前状态下不能修改：%(state)s。"),
    "key_in_round": _lazy("本轮次已锁定，不能再代录入。"),
    "key_in_filing": _lazy("该单位的报送状态为“%(state)s”，不能代录入：督办员只能为草稿或已退回的报送代录入。"),
    "submit_submission": _lazy("只有草稿或已退回的报送可以提交。"),
    "withdraw_submission": _lazy("只有已提交、尚未签发的报送可以撤回。"),
    "sign_submission": _lazy("只有已提交的报送可以签发。"),
    "approve_submission": _lazy("只有已签发的报送可以审核通过。"),
    "return_submission": _lazy("只有已提交或已签发的报送可以退回。"),
    "request_extension": _lazy("本轮次已锁定，不能再申请延期。"),
    "decide_extension": _lazy("该申请已审批过。"),
    "remind_round": _lazy("本轮次已锁定，不再催办。"),
}


def _package(obj):
    name = obj._meta.model_name
    if name == "filing":
        return obj.submission
    return obj if name == "submission" else None


def require(user, action, obj):
    """Raise unless ``action`` (a filings.rights name) is ``user``'s to do on ``obj`` now:
    :class:`Forbidden` when it is never theirs, :class:`NotNow` when the state does not allow it."""
    if not rights.is_party(user, action, obj):
        raise Forbidden(_("您无权执行此操作。"))
    if rights.can(user, action, obj):
        return
    package = _package(obj)
    state = package.get_state_display() if package is not None else ""
    code = "not_editable" if action in ("edit_filing", "key_in_filing") else "invalid_state"
    if package is not None and package.round.locked:
        raise NotNow(_("本轮次已锁定，不能再修改。"), obj=package, state=state, code=code)
    message = str(REFUSALS.get(action) or _lazy("当前状态下不能执行此操作：%(state)s。"))
    raise NotNow(
        message % {"state": state} if "%(state)s" in message else message, obj=package or obj, state=state, code=code
    )
