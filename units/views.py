"""首页与单位、用户管理."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record
from audit.models import Kind

from .access import ACT, access_unit, access_user, office_required, office_scope
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
    changed = [name for name in form.changed_data if kind == Kind.UNIT_CHANGE or creating or name in AUDITED_USER_FIELDS]
    if not changed and not creating:
        return
    details = {name: str(form.cleaned_data.get(name) if name != "role" else form.instance.role) for name in changed if "password" not in name}
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
    return _save_form(request, UnitForm(request.POST or None, user=request.user), "units/form.html", _("新增单位"), "units:list", Kind.UNIT_CHANGE)


@office_required
def unit_edit(request, unit_id):
    unit = access_unit(request.user, unit_id, ACT)
    return _save_form(request, UnitForm(request.POST or None, instance=unit, user=request.user), "units/form.html", _("编辑单位"), "units:list", Kind.UNIT_CHANGE)


@office_required
def user_list(request):
    from .security import locked_usernames

    users = list(office_scope(request.user, User.objects.select_related("unit"), "unit").order_by("unit__order", "username"))
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


@office_required
def user_create(request):
    return _save_form(request, UserCreateForm(request.POST or None, user=request.user), "units/form.html", _("新增用户"), "units:users", Kind.USER_CHANGE)


@office_required
def user_edit(request, user_id):
    target = access_user(request.user, user_id, ACT)
    from .security import locked_usernames

    form = UserEditForm(request.POST or None, instance=target, user=request.user)
    return _save_form(request, form, "units/form.html", _("编辑用户"), "units:users", Kind.USER_CHANGE, {"login_locked": target.username in locked_usernames()})
