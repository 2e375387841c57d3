"""谁能看什么 — the core of the access registry: scope, needs and the three domain errors.

Every use case (``<app>/actions.py``) gets its object from an ``access_<kind>`` function of its
app's ``access.py`` (filings.access, plans.access, …), which builds on the scope helpers here and
asks the app's ``rules`` predicates (``<app>/rights.py``) for rights. Views, API endpoints and
commands never load a domain object by id or decide a right themselves; they translate the three
errors below: :class:`NotFound` (also "exists but not yours") → 404, :class:`Forbidden` (yours to
see, never your step) → 403, :class:`NotNow` (your step, wrong state or locked) → 409 / a message.
The isolation matrices (tests/test_isolation_matrix.py) prove the scope on every URL and API route.

Levels: an office (督办员) sees everything under its own bureau — a district office its district,
the city office the city and every district under it — and never a sibling district. A filler or
signer sees their own unit's rows. A superuser (or a system admin tied to no unit) sees the whole
tree. "Under" is one ``path__startswith`` filter on the unit's materialised path (units.models).
"""

from enum import Enum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


class Need(Enum):
    """What a use case needs of the object it asks for: to read it, or to act on it."""

    READ = "read"
    ACT = "act"


READ, ACT = Need.READ, Need.ACT


class NotFound(Http404):
    """不存在，或不在您的范围内 — never tells whether another unit's object exists."""


class Forbidden(PermissionDenied):
    """In scope, but never this user's step (a filler approving, the city reviewing a district)."""


class NotNow(Exception):
    """This user's step, but not in the object's present state (signed already, round locked …).

    ``obj`` is where the user is sent back to (its ``get_absolute_url``), ``state`` the state's label,
    ``code`` the API's error code.
    """

    def __init__(self, message, obj=None, state="", code="invalid_state"):
        super().__init__(str(message))
        self.message, self.obj, self.state, self.code = str(message), obj, str(state), code


def get_in(queryset, **lookup):
    """The one object of an already scoped queryset, or :class:`NotFound`."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到，或不在您的权限范围内。")) from None


def office_required(view):
    """Only 督办员 and system admins may use this view (and then only within their scope)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.is_office:
            raise PermissionDenied(_("仅督办员可以访问。"))
        return view(request, *args, **kwargs)

    return wrapper


def office_root(user):
    """The city or bureau whose subtree an office user sees; None when it sees nothing or everything."""
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_office
        or user.sees_everything
        or user.unit_id is None
    ):
        return None
    return user.unit.district() or user.unit


def _path_lookup(unit_field):
    return "path__startswith" if unit_field in ("pk", "id") else f"{unit_field}__path__startswith"


def office_scope(user, queryset, unit_field="unit"):
    """Rows an office user may see: those whose ``unit_field`` lies under the office's bureau.

    Anyone who is not an office user sees nothing through this helper (use ``unit_scope``).
    ``unit_field`` names the owning unit: ``"unit"``, ``"plan__issuer"``, ``"pk"`` for units…
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_office:
        return queryset.none()
    if user.sees_everything:
        return queryset
    root = office_root(user)
    if root is None or not root.path:
        return queryset.none()
    return queryset.filter(**{_path_lookup(unit_field): root.path})


def unit_scope(user, queryset, unit_field="unit"):
    """Narrow a queryset of unit-owned rows to what ``user`` may see.

    The office sees its bureau's subtree; a unit's filler or signer sees its own unit's rows;
    anyone else sees nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_office:
        return office_scope(user, queryset, unit_field)
    if user.unit_id is None:
        return queryset.none()
    return queryset.filter(**{unit_field: user.unit_id})


def scoped_get(user, queryset, unit_field="unit", **lookup):
    """The object within the user's scope: another unit's id is simply not found (:class:`NotFound`)."""
    return get_in(unit_scope(user, queryset, unit_field), **lookup)


def office_get(user, queryset, unit_field="unit", **lookup):
    """The object within an office user's scope (another district's id is :class:`NotFound`)."""
    return get_in(office_scope(user, queryset, unit_field), **lookup)


def sees_unit(user, unit):
    """Whether ``unit`` lies in ``user``'s view at all (office subtree, or the user's own unit)."""
    if unit is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_office:
        if user.sees_everything:
            return True
        root = office_root(user)
        return bool(root and root.contains(unit))
    return user.unit_id == unit.pk


def manages(user, unit):
    """Whether an office user runs the level ``unit`` belongs to (its own bureau, not one below).

    The city office *reads* its districts' work but each district's own office reviews it; the
    city reviews what the districts report up to it (levels app). ``unit`` is e.g. a plan's issuer.
    """
    if unit is None or not getattr(user, "is_authenticated", False) or not user.is_office:
        return False
    if user.sees_everything:
        return True
    root = office_root(user)
    return bool(root) and unit.district() == root


def office_runs(user, queryset, issuer_field="plan__issuer"):
    """Rows of the rounds an office user runs itself (its own level's plans, not those below)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_office:
        return queryset.none()
    if user.sees_everything:
        return queryset
    root = office_root(user)
    if root is None:
        return queryset.none()
    return queryset.filter(**{f"{issuer_field}__bureau": root})


def access_unit(user, unit_id, need=READ):
    """A unit in ``user``'s view (an office's subtree, or the user's own unit). ``need=ACT``: the office
    of the level the unit belongs to (a city office reads a district's units but does not change them)."""
    from .models import Unit

    unit = get_in(unit_scope(user, Unit.objects.all(), unit_field="pk"), pk=unit_id)
    if need is ACT and not (user.is_office and (user.sees_everything or manages(user, unit.district() or unit))):
        raise Forbidden(_("只有本级督办员可以修改本级单位。"))
    return unit


def access_user(user, user_id, need=READ):
    """An account of a unit in an office's scope; ``need=ACT`` as for :func:`access_unit`."""
    from .models import User

    target = get_in(office_scope(user, User.objects.select_related("unit"), "unit"), pk=user_id)
    if need is ACT and not (
        user.sees_everything or (target.unit and manages(user, target.unit.district() or target.unit))
    ):
        raise Forbidden(_("只有本级督办员可以修改本级用户。"))
    if need is ACT and target.is_superuser and not user.is_superuser:
        raise Forbidden(_("不能修改系统管理员。"))
    return target
