"""Who reads the audit log: the system administrator (admin role or superuser) only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_auditor(user):
    if not (user.is_authenticated and user.is_system_admin):
        raise PermissionDenied(_("只有系统管理员可以查看安全审计日志。"))
