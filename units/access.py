"""谁能看什么 — the one place that decides what a user may see and change.

Every view that shows unit-owned data goes through these helpers, so the
"every URL as another unit" test (units/tests/test_isolation.py) proves isolation.

Levels: an office (督办员) sees everything under its own bureau — a district office its district,
the city office the city and every district under it — and never a sibling district. A filler or
signer sees their own unit's rows. A superuser (or a system admin tied to no unit) sees the whole
tree. "Under" is one ``path__startswith`` filter on the unit's materialised path (units.models).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _


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
    if not getattr(user, "is_authenticated", False) or not user.is_office or user.sees_everything or user.unit_id is None:
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
    """get_object_or_404 within the user's scope: another unit's id is simply not found."""
    return get_object_or_404(unit_scope(user, queryset, unit_field), **lookup)


def office_get(user, queryset, unit_field="unit", **lookup):
    """get_object_or_404 within an office user's scope (another district's id is not found)."""
    return get_object_or_404(office_scope(user, queryset, unit_field), **lookup)


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
