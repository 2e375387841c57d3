"""首页与单位、用户管理."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record
from audit.models import Kind

from .access import ACT, access_unit, access_user, get_in, office_required, office_scope
from .forms import UnitForm, UserCreateForm, UserEditForm
from .models import Unit, User


class LoginView(auth_views.LoginView):
    """登录: the system's full name, the bureau it serves and whom to ask for a forgotten password."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bureau = settings.DUBAN_BUREAU_NAME
        if not bureau:
            try:
                roots = list(Unit.objects.filter(parent__isnull=True).values_list("name", flat=True)[:2])
            except DatabaseError:  # a server started before its database is migrated still shows the login page
                roots = []
            bureau = roots[0] if len(roots) == 1 else ""
        context.update({"bureau": bureau, "password_help": settings.DUBAN_PASSWORD_HELP})
        return context


@office_required
def unit_list(request):
    units = office_scope(request.user, Unit.objects.select_related("parent"), "pk").order_by("path", "order")
    return render(request, "units/unit_list.html", {"units": units})


AUDITED_USER_FIELDS = ("username", "unit", "role", "is_active")


def _audit_change(form, kind, creating):
    """Every unit change, and users created or changed in login name, unit, role or activation, go to the audit log."""
    changed = [
        name for name in form.changed_data if kind == Kind.UNIT_CHANGE or creating or name in AUDITED_USER_FIELDS
    ]
    if not changed and not creating:
        return
    details = {
        name: str(form.cleaned_data.get(name) if name != "role" else form.instance.role)
        for name in changed
        if "password" not in name
    }
    record(kind, action="create" if creating else "edit", obj=form.instance, details=details)


def _save_form(request, form, template, heading, success_url, audit_kind=None, extra=None):
    if request.method == "POST" and form.is_valid():
        creating = form.instance.pk is None
        form.save()
        if audit_kind:
            _audit_change(form, audit_kind, creating)
        messages.success(request, _("已保存。"))
        return redirect(success_url)
    return render(request, template, {"form": form, "heading": heading, **(extra or {})})


@office_required
def unit_create(request):
    return _save_form(
        request,
        UnitForm(request.POST or None, user=request.user),
        "units/form.html",
        _("新增单位"),
        "units:list",
        Kind.UNIT_CHANGE,
    )


@office_required
def unit_edit(request, unit_id):
    unit = access_unit(request.user, unit_id, ACT)
    return _save_form(
        request,
        UnitForm(request.POST or None, instance=unit, user=request.user),
        "units/form.html",
        _("编辑单位"),
        "units:list",
        Kind.UNIT_CHANGE,
    )


@office_required
def user_list(request):
    from .security import locked_usernames

    users = list(
        office_scope(request.user, User.objects.select_related("unit"), "unit").order_by("unit__order", "username")
    )
    locked = locked_usernames()
    for user in users:
        user.login_locked = user.username in locked
    return render(request, "units/user_list.html", {"users": users})


@office_required
@require_POST
def user_unlock(request, user_id):
    """解锁 — clear a user's failed logins so they can log in again before the wait is over."""
    from .security import unlock

    target = access_user(request.user, user_id, ACT)
    unlock(target, by=request.user)
    messages.success(request, _("已解锁用户 %(username)s。") % {"username": target.username})
    return redirect("units:users")


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码 — every user, for their own account; the new password passes AUTH_PASSWORD_VALIDATORS."""

    template_name = "units/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(Kind.PASSWORD_CHANGE, obj=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


password_change = PasswordChangeView.as_view()

# 设置密码 — a new user's one-time link from the roster import (Django's token: void once used, or after
# PASSWORD_RESET_TIMEOUT); the password passes AUTH_PASSWORD_VALIDATORS and the user is then logged in.
set_password = auth_views.PasswordResetConfirmView.as_view(
    template_name="units/set_password.html",
    post_reset_login=True,
    post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
    success_url=reverse_lazy("home"),
)


@office_required
def user_create(request):
    return _save_form(
        request,
        UserCreateForm(request.POST or None, user=request.user),
        "units/form.html",
        _("新增用户"),
        "units:users",
        Kind.USER_CHANGE,
    )


@office_required
def user_edit(request, user_id):
    target = access_user(request.user, user_id, ACT)
    from .security import locked_usernames

    form = UserEditForm(request.POST or None, instance=target, user=request.user)
    return _save_form(
        request,
        form,
        "units/form.html",
        _("编辑用户"),
        "units:users",
        Kind.USER_CHANGE,
        {"login_locked": target.username in locked_usernames()},
    )


# --- a bureau's first day: the first-run page and the roster spreadsheet ----------------------------------
SESSION_ROSTER = "units.roster"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def first_run(request):
    """首次设置 — the system administrator names the bureau (or city) on a database without any."""
    from . import onboarding
    from .forms import FirstRunForm

    if not (request.user.is_superuser or request.user.role == User.Role.ADMIN):
        raise PermissionDenied(_("仅系统管理员可以进行首次设置。"))
    if onboarding.level_exists():
        messages.info(request, _("本级单位已设置；单位和用户可用花名册导入。"))
        return redirect("units:roster")
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        level = onboarding.create_level(**form.cleaned_data)
        messages.success(
            request, _("已建立 %(name)s。下一步：下载花名册模板，填好单位和用户后上传。") % {"name": level.name}
        )
        return redirect("units:roster")
    return render(request, "units/first_run.html", {"form": form})


def _roster_levels(request):
    from .onboarding import roster_levels

    return roster_levels(request.user)


@office_required
def roster(request):
    """花名册 — download the template or the current roster, upload a filled one for its preview."""
    from .forms import RosterUploadForm
    from .roster import RosterFileError, read_roster

    levels = _roster_levels(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_roster(form.cleaned_data["document"].read())
        except RosterFileError as exc:
            messages_by_code = {
                "unreadable": _("无法读取该文件，请上传 .xlsx 格式的花名册。"),
                "header": _("表头缺少列：%(columns)s。请使用花名册模板。") % {"columns": exc.detail},
                "too_many": _("行数过多（上限 %(limit)s 行）。") % {"limit": exc.detail},
            }
            form.add_error("document", messages_by_code[exc.code])
        else:
            if not rows:
                form.add_error("document", _("花名册中没有数据行。"))
            else:
                request.session[SESSION_ROSTER] = {
                    "level": form.cleaned_data["level"].pk,
                    "rows": [row.as_dict() for row in rows],
                }
                return redirect("units:roster_preview")
    return render(request, "units/roster.html", {"form": form, "levels": levels})


@office_required
def roster_template(request):
    """The empty template (drop-down lists for 类别 and 角色), or with ?level=ID the level's current roster."""
    from .onboarding import template_bytes

    level = None
    if request.GET.get("level"):
        level = get_in(_roster_levels(request), pk=request.GET["level"])
    data = template_bytes(level)
    response = HttpResponse(data, content_type=XLSX)
    name = f"{level.name}花名册.xlsx" if level else "花名册模板.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"roster.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@office_required
def roster_preview(request):
    """The uploaded roster row by row with its errors and changes; 确认导入 saves it, all or nothing."""
    from . import onboarding
    from .roster import RosterRow

    pending = request.session.get(SESSION_ROSTER)
    if not pending:
        messages.info(request, _("没有待确认的花名册，请先上传。"))
        return redirect("units:roster")
    level = get_in(_roster_levels(request), pk=pending["level"])
    rows = [RosterRow(**row) for row in pending["rows"]]
    if request.method == "POST":
        if "cancel" in request.POST:
            del request.session[SESSION_ROSTER]
            messages.info(request, _("已取消，未保存任何内容。"))
            return redirect("units:roster")
        try:
            plan = onboarding.apply_roster(request.user, level, rows)
        except onboarding.RosterInvalid as exc:
            messages.error(request, str(exc))
        else:
            del request.session[SESSION_ROSTER]
            links = [(user, request.build_absolute_uri(onboarding.set_password_path(user))) for user in plan.new_users]
            return render(request, "units/roster_done.html", {"plan": plan, "links": links, "level": level})
    plan = onboarding.check_roster(request.user, level, rows)
    return render(request, "units/roster_preview.html", {"plan": plan, "level": level})
