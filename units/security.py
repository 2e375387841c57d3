"""Login lockout (django-axes): on the pair (login name, address), with a higher limit per address; the
lockout page with the time the lock ends, the audit record of every lock, and unlocking by the office.

A login name past AXES_FAILURE_LIMIT failures from one address waits AXES_COOLOFF_TIME there, and only
there: the same name from another address, and other names from that address, still log in. An address
past DUBAN_LOGIN_ADDRESS_LIMIT failures (any names: a guesser) waits too. The office unlocks a user sooner.
"""

import logging
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from audit.addresses import client_address
from audit.log import record
from audit.models import Kind, Outcome

log = logging.getLogger("duban.security")


def _recent(now=None):
    now = now or timezone.now()
    return AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)


def address_failures(ip_address, now=None):
    """Failed logins from one address within the cool-off, whatever the login names."""
    if not ip_address:
        return 0
    return _recent(now).filter(ip_address=ip_address).aggregate(total=Sum("failures_since_start"))["total"] or 0


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes counts the pair (AXES_LOCKOUT_PARAMETERS); an address over its own, higher limit counts as locked."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if address_failures(getattr(request, "axes_ip_address", None)) >= settings.DUBAN_LOGIN_ADDRESS_LIMIT:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures


def lock_ends(username, ip_address, now=None):
    """When the lock on this login name at this address (or on the address) ends."""
    now = now or timezone.now()
    recent = _recent(now)
    pair = recent.filter(username=username, ip_address=ip_address)
    if (
        not pair.exists()
        or (pair.aggregate(total=Sum("failures_since_start"))["total"] or 0) < settings.AXES_FAILURE_LIMIT
    ):
        pair = recent.filter(ip_address=ip_address)
    newest = pair.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    return (newest or now) + settings.AXES_COOLOFF_TIME


def minutes_left(username, ip_address, now=None):
    """Whole minutes (at least 1) until the lock on this login name at this address ends."""
    now = now or timezone.now()
    return max(1, math.ceil((lock_ends(username, ip_address, now) - now).total_seconds() / 60))


def _username(request, credentials):
    return (credentials or {}).get("username") or request.POST.get("username", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429): how long, and until when."""
    username = _username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None) or client_address(request)
    now = timezone.now()
    context = {
        "minutes": minutes_left(username, ip_address, now),
        "until": timezone.localtime(lock_ends(username, ip_address, now)),
        "username": username,
    }
    return render(request, "units/locked.html", context, status=429)


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    log.warning(
        "login locked out: username=%r ip=%s for %s after %s failures",
        username,
        ip_address,
        settings.AXES_COOLOFF_TIME,
        settings.AXES_FAILURE_LIMIT,
    )
    record(
        Kind.LOCKOUT,
        username=str(username or "")[:150],
        request=request,
        outcome=Outcome.FAILURE,
        details={"minutes": settings.AXES_COOLOFF_TIME.total_seconds() / 60},
    )


def locked_usernames(now=None):
    """Login names locked out right now (at some address)."""
    return set(
        _recent(now)
        .values("username", "ip_address")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )


def unlock(user, by):
    """Clear ``user``'s failed logins (and so its locks); returns how many records went. Logged and audited."""
    from axes.utils import reset

    removed = reset(username=user.username)
    log.warning("login unlocked: username=%r by %r (%s records)", user.username, by.username, removed)
    record(Kind.UNLOCK, obj=user, user=by, details={"records": removed})
    return removed
