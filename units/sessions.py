"""Session limits (等保): an idle session ends after DUBAN_IDLE_MINUTES, any session after DUBAN_SESSION_MAX_HOURS.

The next request after the limit logs the user out (recorded in the audit log) and, for a page, goes to
the login page with the notice; an API or HTMX call gets 401 / HX-Redirect instead of a page.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

STARTED = "duban_session_started"
SEEN = "duban_session_seen"
TOUCH_EVERY = 60  # seconds: a busy user does not turn every request into a session write


@receiver(user_logged_in, dispatch_uid="session_limits_start")
def _start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


def session_end_reason(session, now):
    """'idle', 'max' or '' for a logged-in session at ``now`` (seconds since the epoch)."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return ""
    if now - started > settings.DUBAN_SESSION_MAX_HOURS * 3600:
        return "max"
    if now - seen > settings.DUBAN_IDLE_MINUTES * 60:
        return "idle"
    return ""


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            if STARTED not in request.session:  # a session from before this middleware: starts now
                request.session[STARTED] = request.session[SEEN] = now
            reason = session_end_reason(request.session, now)
            if reason:
                return self._end(request, reason)
            if now - request.session.get(SEEN, 0) >= TOUCH_EVERY:
                request.session[SEEN] = now
        return self.get_response(request)

    def _end(self, request, reason):
        request.audit_logout_reason = f"session_{reason}"
        logout(request)
        if reason == "idle":
            notice = _("您已长时间未操作，请重新登录。")
        else:
            notice = _("登录已超过 %(hours)s 小时，请重新登录。") % {"hours": f"{settings.DUBAN_SESSION_MAX_HOURS:g}"}
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "session_ended", "message": notice}, status=401)
        messages.info(request, notice)
        login_url = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect(login_url if request.method == "GET" else reverse("login"))
