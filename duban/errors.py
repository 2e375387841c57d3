"""Error pages in Chinese first, English through i18n; nothing is saved on any of these paths."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status, heading, message, detail=""):
    return render(request, "error.html", {"heading": heading, "message": message, "detail": detail}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _("请求无效"), _("提交的内容无法处理（可能过大或格式不对），未保存任何内容。"))


def permission_denied(request, exception=None):
    detail = str(exception) if exception and str(exception) else ""
    return _page(request, 403, _("无权访问"), _("您没有权限查看或修改此内容。"), detail)


def page_not_found(request, exception=None):
    return _page(request, 404, _("找不到页面"), _("您要找的内容不存在，或不属于您的单位。"))


def server_error(request):
    # No template context processors that might fail again: a plain page.
    from django.http import HttpResponseServerError

    return HttpResponseServerError("<h1>服务器错误 / Server error</h1><p>请稍后再试。 / Please try again later.</p>")


def csrf_failure(request, reason=""):
    return _page(request, 403, _("表单已失效"), _("页面已过期或表单来源不可信，请刷新页面后重新提交。未保存任何内容。"))
