"""谁能看什么 — the one place that decides what a user may see and change.

Every view that shows unit-owned data goes through these helpers, so the
"every URL as another unit" test (units/tests/test_isolation.py) proves isolation.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _


def office_required(view):
    """Only 督办员 and system admins (who see every unit) may use this view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.is_office:
            raise PermissionDenied(_("仅督办员可以访问。"))
        return view(request, *args, **kwargs)

    return wrapper


def unit_scope(user, queryset, unit_field="unit"):
    """Narrow a queryset of unit-owned rows to what ``user`` may see.

    The office sees everything; a unit's filler or signer sees its own unit's rows;
    anyone else sees nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_office:
        return queryset
    if user.unit_id is None:
        return queryset.none()
    return queryset.filter(**{unit_field: user.unit_id})


def scoped_get(user, queryset, unit_field="unit", **lookup):
    """get_object_or_404 within the user's scope: another unit's id is simply not found."""
    return get_object_or_404(unit_scope(user, queryset, unit_field), **lookup)
