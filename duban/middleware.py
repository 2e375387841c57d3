"""Response headers for every page: Permissions-Policy, and no caching of anything a logged-in user sees or downloads.

Also: an id in the URL beyond what the database can hold (``/rounds/99999999999999999999/``) is simply not
found, instead of an overflow deep in the database driver; and a query string or form field holding a NUL byte
or another C0 control character (tab, line feed and carriage return excepted) is a clear 400 before any view
runs (PostgreSQL cannot store or even compare NUL in text; no field of Duban's ever wants a control character).
"""

import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from duban.errors import bad_request_page

MAX_DB_INT = 2**63 - 1
NO_STORE = "private, no-store"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if logged_in or download:
            response["Cache-Control"] = NO_STORE
            response["Pragma"] = "no-cache"
            if "Expires" in response:
                del response["Expires"]
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in list(view_args) + list(view_kwargs.values()):
            if isinstance(value, int) and not -MAX_DB_INT <= value <= MAX_DB_INT:
                raise Http404(_("找不到页面"))
        return None


class DomainErrorsMiddleware:
    """The web's translation of ``units.access.NotNow`` (your step, not in this state): a message and a
    redirect back to the object (post/redirect/get), or a 409 fragment for an HTMX request.

    NotFound and Forbidden are Http404 and PermissionDenied, which Django already answers with 404 / 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.http import HttpResponse, HttpResponseRedirect
        from django.shortcuts import render
        from django.utils.html import escape

        from units.access import NotNow

        if not isinstance(exception, NotNow):
            return None
        if getattr(request, "htmx", False):
            return HttpResponse(f'<p class="row-error" role="alert">{escape(exception.message)}</p>', status=409)
        target = getattr(exception.obj, "get_absolute_url", None)
        if target is not None:
            messages.error(request, exception.message)
            return HttpResponseRedirect(target())
        return render(request, "error.html", {"heading": _("当前不能执行此操作"), "message": exception.message}, status=409)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
API_PREFIX = "/api/"


def holds_control_characters(querydict):
    """Whether any key or value of a QueryDict (request.GET, request.POST) holds a refused control character."""
    return any(CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values) for key, values in querydict.lists())


class ControlCharactersMiddleware:
    """400 for a query string or form field with a NUL byte or another C0 control character except tab, LF, CR.

    Uploaded files are not read (request.FILES is left alone); JSON bodies of the API are checked by its schemas.
    Placed after LocaleMiddleware and AuthenticationMiddleware: the page is in the user's language and layout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_control_characters(request.GET) or (request.method == "POST" and holds_control_characters(request.POST)):
            message = _("请求中含有空字符或其他控制字符，无法处理，未保存任何内容。")
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"code": "control_characters", "message": message}, status=400)
            return bad_request_page(request, message)
        return self.get_response(request)
