"""督办的访问登记 — extensions (延期) and the reminders log (催办记录) in a user's scope.

A unit sees its own extension requests; an office those of the units under it, and decides those of
the rounds its own level runs (filings.access.require(…, "decide_extension", …)). The 催办记录 —
with its recipients' addresses — is the office's, for the rounds it may read.
"""

from django.utils.translation import gettext as _

from filings.access import rounds_visible
from units.access import READ, Forbidden, get_in, office_scope, unit_scope

from .models import Extension, Reminder


def extensions_visible(user):
    return unit_scope(user, Extension.objects.all())


def access_extension(user, extension_id, need=READ):
    del need  # deciding is a right of the step: filings.access.require(user, "decide_extension", …)
    return get_in(
        extensions_visible(user).select_related("round__plan__issuer", "task__plan__issuer", "unit"), pk=extension_id
    )


def reminders_visible(user):
    """催办记录 of the rounds an office may read (a district its own, the city its districts'); none for units."""
    if not getattr(user, "is_authenticated", False) or not user.is_office:
        return Reminder.objects.none()
    return office_scope(user, Reminder.objects.filter(round__in=rounds_visible(user)), "unit")


def require_office(user):
    """Pages of the office only (the dashboard, the reminders log): a unit's user is refused."""
    if not getattr(user, "is_authenticated", False) or not user.is_office:
        raise Forbidden(_("仅督办员可以访问。"))
