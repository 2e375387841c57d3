"""Who may do what through the API: filings/rights.py, the same module the web views ask.

An action that is never the caller's (another role's step) is a 403; the caller's own step asked
in a state that does not allow it (approve before signing, edit after submitting) is a 409.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from filings import rights
from filings.models import Round
from units.access import office_scope

from .errors import ApiError


def require_office(user):
    if not user.is_office:
        raise PermissionDenied(_("仅督办员可以访问。"))


def can_file(user):
    return bool(user.unit_id) and (user.is_filler or user.is_signer)


def rounds_for(user):
    """Rounds a user may read: every round for the office, else those of plans in which the user's
    unit leads or cooperates on a task (as 我的填报 lists them)."""
    if user.is_office:
        return office_scope(user, Round.objects.all(), "plan__issuer")
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Round.objects.none()
    return Round.objects.filter(Q(plan__tasks__lead_unit=user.unit_id) | Q(plan__tasks__co_units=user.unit_id)).distinct()


def require(user, action, obj, state_label):
    """403 unless ``action`` is ever ``user``'s on ``obj``; 409 unless it is allowed now."""
    if not rights.is_party(user, action, obj):
        raise PermissionDenied(_("您无权执行此操作。"))
    if not rights.can(user, action, obj):
        raise ApiError(409, "invalid_state", _("当前状态下不能执行此操作：%(state)s。") % {"state": state_label})
