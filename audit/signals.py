"""Logins, failed logins and logouts, from Django's own auth signals (web and admin alike)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .log import record
from .models import Kind, Outcome


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "audit_logout_reason", "")  # units.sessions: the session ran out
        record(Kind.SESSION_ENDED if reason else Kind.LOGOUT, user=user, request=request, action=reason)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    record(Kind.LOGIN_FAILED, username=str(username)[:150], request=request, outcome=Outcome.FAILURE)
