"""双因素认证 (TOTP, django-otp): enrolment with recovery codes, the code asked after the password, and the
roles that must use it (DUBAN_OTP_REQUIRED_ROLES, e.g. "admin,office"; a superuser counts as admin).

A user who has a confirmed device, or whose role requires one, is logged in by the password but can open
only the code page (or, with no device yet, the enrolment page) until the code is given. API tokens are
their own credential and are not asked for a code.
"""

import base64

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.log import record
from audit.models import Kind, Outcome

RECOVERY_CODES = 10
OPEN_PATHS = ("/accounts/otp/", "/accounts/logout/", "/static/", "/i18n/", "/captcha/")


def requires_second_factor(user):
    roles = settings.DUBAN_OTP_REQUIRED_ROLES
    return bool(user.is_authenticated and (user.role in roles or (user.is_superuser and user.Role.ADMIN in roles)))


def has_device(user):
    return django_otp.user_has_device(user)


class SecondFactorMiddleware:
    """Between the password and the code: only the code, enrolment and logout pages are open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            device = has_device(user)
            if device or requires_second_factor(user):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"code": "second_factor", "message": _("请先输入动态验证码完成登录。")}, status=401
                    )
                target = "otp_verify" if device else "otp_setup"
                return redirect(
                    f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
                    if request.method == "GET"
                    else reverse(target)
                )
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("动态验证码"),
        max_length=16,
        help_text=gettext_lazy("身份验证器应用中的 6 位数字，或一个恢复码。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    return (
        target
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
        else reverse("home")
    )


@login_required
def verify(request):
    """动态验证码 — the second step of a login."""
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            django_otp.login(request, device)
            record(
                Kind.SECOND_FACTOR,
                action="verify",
                details={"device": "recovery" if isinstance(device, StaticDevice) else "totp"},
            )
            return redirect(_next(request))
        record(Kind.SECOND_FACTOR, action="verify", outcome=Outcome.FAILURE)
        form.add_error("code", _("验证码不正确或已使用，请重试。"))
    return render(request, "units/second_factor.html", {"form": form, "next": _next(request)})


def _qr_svg(uri):
    try:
        import segno
    except ImportError:  # the text secret is enough
        return ""
    return segno.make(uri, error="m").svg_data_uri(scale=5)


@login_required
def setup(request):
    """启用双因素认证 — scan the secret, confirm one code, keep the recovery codes (shown once)."""
    user = request.user
    if has_device(user) and not user.is_verified():
        return redirect("otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="TOTP", confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save()
            StaticDevice.objects.filter(user=user).delete()
            recovery = StaticDevice.objects.create(user=user, name=_("恢复码"), confirmed=True)
            codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
            recovery.token_set.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
            django_otp.login(request, device)
            record(Kind.SECOND_FACTOR, action="enrol", obj=user)
            messages.success(request, _("已启用双因素认证。"))
            response = render(request, "units/second_factor_codes.html", {"codes": codes, "next": _next(request)})
            response["Cache-Control"] = "no-store"
            return response
        form.add_error("code", _("验证码不正确，请核对手机时间后重试。"))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "secret": secret,
        "uri": device.config_url,
        "qr": _qr_svg(device.config_url),
        "required": requires_second_factor(user),
        "enrolled": has_device(user),
        "next": _next(request),
    }
    response = render(request, "units/second_factor_setup.html", context)
    response["Cache-Control"] = "no-store"
    return response
