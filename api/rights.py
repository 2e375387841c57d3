"""Who may do what through the API — the same checks as the web views.

filings/rights.py (the lead's one module for action rights) is not on main yet; until it is,
these mirror the checks in filings/views.py and supervision/views.py one for one, and each
defers to filings.rights when that module exists.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from filings.models import Round

try:  # pragma: no cover - depends on what main has
    from filings import rights as _shared
except ImportError:  # pragma: no cover
    _shared = None


def _delegate(name):
    return getattr(_shared, name, None) if _shared is not None else None


def require_office(user):
    if not user.is_office:
        raise PermissionDenied(_("仅督办员可以访问。"))


def can_file(user):
    return bool(user.unit_id) and (user.is_filler or user.is_signer)


def rounds_for(user):
    """Rounds a user may read: every round for the office, else those of plans in which the user's
    unit leads or cooperates on a task (as 我的填报 lists them)."""
    if user.is_office:
        return Round.objects.all()
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Round.objects.none()
    return Round.objects.filter(Q(plan__tasks__lead_unit=user.unit_id) | Q(plan__tasks__co_units=user.unit_id)).distinct()


def can_edit_filing(user, filing):
    shared = _delegate("can_edit_filing")
    if shared:
        return shared(user, filing)
    return user.is_filler and user.unit_id == filing.submission.unit_id


def can_submit(user, submission):
    shared = _delegate("can_submit")
    if shared:
        return shared(user, submission)
    return user.is_filler and user.unit_id == submission.unit_id


def can_withdraw(user, submission):
    shared = _delegate("can_withdraw")
    if shared:
        return shared(user, submission)
    return user.is_filler and user.unit_id == submission.unit_id


def can_sign(user, submission):
    shared = _delegate("can_sign")
    if shared:
        return shared(user, submission)
    return user.is_signer and user.unit_id == submission.unit_id


def can_return(user, submission):
    shared = _delegate("can_return")
    if shared:
        return shared(user, submission)
    return user.is_office


def can_approve(user, submission):
    shared = _delegate("can_approve")
    if shared:
        return shared(user, submission)
    return user.is_office
