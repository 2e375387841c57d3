"""Login lockout (django-axes): the lockout page with the wait time, the log line of every lock, and unlocking.

Failed logins are counted per account and per address (settings AXES_LOCKOUT_PARAMETERS); past
AXES_FAILURE_LIMIT the account or address waits AXES_COOLOFF_TIME, unless the office unlocks the user.
"""

import logging
import math

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

log = logging.getLogger("duban.security")


def _username(request, credentials):
    return (credentials or {}).get("username") or request.POST.get("username", "")


def _lock_filter(username, ip_address):
    query = Q(pk__in=[])
    if username:
        query |= Q(username=username)
    if ip_address:
        query |= Q(ip_address=ip_address)
    return query


def minutes_left(username, ip_address, now=None):
    """Whole minutes (at least 1) until the newest lock on this account or address expires."""
    now = now or timezone.now()
    newest = AccessAttempt.objects.filter(_lock_filter(username, ip_address)).order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if newest is None:
        return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    left = (newest + settings.AXES_COOLOFF_TIME - now).total_seconds()
    return max(1, math.ceil(left / 60))


def client_ip(request):
    """The client's address for counting failed logins: REMOTE_ADDR, or behind the documented reverse proxy
    (BEHIND_PROXY=1) the last X-Forwarded-For entry, the one the proxy itself appended (earlier ones are the
    client's to forge)."""
    if getattr(settings, "DUBAN_BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429)."""
    username = _username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    context = {"minutes": minutes_left(username, ip_address), "username": username}
    return render(request, "units/locked.html", context, status=429)


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    log.warning("login locked out: username=%r ip=%s for %s after %s failures", username, ip_address, settings.AXES_COOLOFF_TIME, settings.AXES_FAILURE_LIMIT)


def locked_usernames(now=None):
    """Usernames locked out right now."""
    now = now or timezone.now()
    return set(
        AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )


def unlock(user, by):
    """Clear ``user``'s failed logins (and so its lock); returns how many records went. Logged."""
    from axes.utils import reset

    removed = reset(username=user.username)
    log.warning("login unlocked: username=%r by %r (%s records)", user.username, by.username, removed)
    return removed
