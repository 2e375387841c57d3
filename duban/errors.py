"""Error pages in the user's language (Chinese first, English through i18n); nothing is saved on any of these paths.

* 400 / 403 / 404 render ``error.html`` (the site's layout, with the request's context).
* 500 renders ``500.html`` with a plain context: no context processors, no database, no URL reversing —
  whatever broke the request must not break its error page too. The language is the request's
  (LocaleMiddleware's choice, else its cookie or Accept-Language).
* ``ErrorPagesMiddleware``: with ``DEBUG`` on, Django answers with its technical 404/500 pages instead of
  these. When ``DUBAN_ERROR_PAGES`` is set too (``scripts/start`` sets it), the middleware serves the real
  pages, so the demo shows what users see; the traceback still goes to the console log.
"""

import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _page(request, status, heading, message, detail=""):
    response = render(request, "error.html", {"heading": heading, "message": message, "detail": detail}, status=status)
    response.duban_error_page = True
    return response


def bad_request(request, exception=None):
    return bad_request_page(request, _("提交的内容无法处理（可能过大或格式不对），未保存任何内容。"))


def bad_request_page(request, message):
    """The 400 page with a message saying what was wrong with the request."""
    return _page(request, 400, _("请求无效"), message)


def permission_denied(request, exception=None):
    detail = str(exception) if exception and str(exception) else ""
    return _page(request, 403, _("无权访问"), _("您没有权限查看或修改此内容。"), detail)


def page_not_found(request, exception=None):
    return _page(request, 404, _("找不到页面"), _("您要找的内容不存在，或不属于您的单位。"))


def request_language(request):
    """The request's language without touching the database: LocaleMiddleware's, else cookie / Accept-Language."""
    code = getattr(request, "LANGUAGE_CODE", None)
    if code:
        return code
    try:
        return translation.get_language_from_request(request)
    except Exception:  # noqa: BLE001 - the error page must not fail on a strange header
        return settings.LANGUAGE_CODE


def _stylesheet():
    """The site's stylesheet URL, or "" when static files are not set up (a missing manifest must not break a 500)."""
    try:
        from django.templatetags.static import static

        return static("duban/duban.css")
    except Exception:  # noqa: BLE001
        return ""


def server_error(request):
    """500 — rendered from 500.html with a plain context: no context processors, no database, no URL lookups."""
    language = request_language(request)
    with translation.override(language):
        try:
            html = loader.get_template("500.html").render({"LANGUAGE_CODE": language, "stylesheet": _stylesheet()})
        except Exception:  # noqa: BLE001 - the template itself is broken: still answer, in the same language
            log.exception("500.html could not be rendered")
            html = f"<!doctype html><title>500</title><h1>{_('服务器错误')}</h1><p>{_('系统出现问题，请稍后再试。已保存的内容不受影响。')}</p>"
    response = HttpResponseServerError(html)
    response.duban_error_page = True
    return response


def csrf_failure(request, reason=""):
    return _page(request, 403, _("表单已失效"), _("页面已过期或表单来源不可信，请刷新页面后重新提交。未保存任何内容。"))


class ErrorPagesMiddleware:
    """With DEBUG and DUBAN_ERROR_PAGES on, the real 404 and 500 pages instead of Django's technical ones.

    Only HTML responses are replaced (a JSON API's 404 stays as it is); pages this module rendered are left alone.
    Not used at all (MiddlewareNotUsed) unless both settings are on: in production the URLconf's handlers serve the pages.
    """

    def __init__(self, get_response):
        if not (settings.DEBUG and settings.DUBAN_ERROR_PAGES):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "duban_error_page", False) or not response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.status_code == 404:
            return page_not_found(request)
        if response.status_code == 500:
            return server_error(request)
        return response
