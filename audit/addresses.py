"""The one client-address helper: which address a request came from (audit log, login lockout, feedback limits)."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind the documented reverse proxy (BEHIND_PROXY=1) the last X-Forwarded-For entry,
    the one the proxy itself appended (earlier ones are the client's to forge). '' when unknown."""
    if settings.DUBAN_BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or ""
