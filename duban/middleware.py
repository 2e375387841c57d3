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
        return render(
            request, "error.html", {"heading": _("当前不能执行此操作"), "message": exception.message}, status=409
        )


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
API_PREFIX = "/api/"


def holds_control_characters(querydict):
    """Whether any key or value of a QueryDict (request.GET, request.POST) holds a refused control character."""
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
        for key, values in querydict.lists()
    )


class ControlCharactersMiddleware:
    """400 for a query string or form field with a NUL byte or another C0 control character except tab, LF, CR.

    Uploaded files are not read (request.FILES is left alone); JSON bodies of the API are checked by its schemas.
    Placed after LocaleMiddleware and AuthenticationMiddleware: the page is in the user's language and layout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_control_characters(request.GET):
            return self._refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Form fields are read here, not in __call__: OversizedPostMiddleware (listed before) has already answered
        # a too-large row for a view that takes one; any other too-large body is Django's 400 (RequestDataTooBig).
        if request.method == "POST" and holds_control_characters(request.POST):
            return self._refuse(request)
        return None

    @staticmethod
    def _refuse(request):
        message = _("请求中含有空字符或其他控制字符，无法处理，未保存任何内容。")
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"code": "control_characters", "message": message}, status=400)
        return bad_request_page(request, message)


OVERSIZED_KEEP_BYTES = 64 * 1024  # what is read of a form posted over DATA_UPLOAD_MAX_MEMORY_SIZE


class OversizedPostMiddleware:
    """A form posted over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a 10 MB paste into a sheet row) would be Django's
    RequestDataTooBig — the generic 请求无效 page, the text lost. A view that knows better carries
    ``oversized_post(request, data, **kwargs)``: it gets the form's beginning (the first 64 KB, parsed; its last
    field cut short) and answers with its page, saving nothing. Listed before the CSRF middleware (which would
    read the whole body first); nothing is changed by that answer, so it needs no token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        import re

        from django.http import QueryDict

        handler = getattr(view_func, "oversized_post", None)
        if handler is None or request.method != "POST" or request.content_type != "application/x-www-form-urlencoded":
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        user = getattr(request, "user", None)
        if length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE or user is None or not user.is_authenticated:
            return None
        head = request.read(OVERSIZED_KEEP_BYTES).decode("ascii", "ignore")
        head = re.sub(r"%[0-9A-Fa-f]?$", "", head)  # an escape cut in two
        data = QueryDict(head, mutable=True, encoding=request.encoding or settings.DEFAULT_CHARSET)
        for key, values in data.lists():
            data.setlist(key, [value.rstrip("\ufffd") for value in values])  # a character cut in two
        return handler(request, data, **view_kwargs)
