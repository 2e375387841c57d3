"""安全审计 — one append-only record of security-relevant events, chained by SHA-256.

Each event's ``hash`` covers the previous event's hash and its own fields, so a row changed, deleted or
inserted in the database breaks the chain (``manage.py verify_audit``). Appends are serialised on the
one ``Chain`` row (``select_for_update`` on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises
writers), which also keeps the head hash (a deleted newest row is found) and the anchor left by
``purge_audit`` (the hash of the last purged row, so the chain still verifies after a purge).

Rows are never updated or deleted by the application: ``save`` refuses an existing row, ``delete`` and
queryset ``update``/``delete`` refuse; only ``Event.objects.purge_before`` (``purge_audit``) removes rows
older than ``DUBAN_AUDIT_KEEP_DAYS``.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AppendOnly(Exception):
    """An attempt to change or delete an audit record."""


class Kind(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("登录锁定")
    UNLOCK = "unlock", _("解除登录锁定")
    LOGOUT = "logout", _("退出登录")
    SESSION_ENDED = "session_ended", _("会话超时")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    SECOND_FACTOR = "second_factor", _("双因素认证")
    USER_CHANGE = "user_change", _("用户变更")
    UNIT_CHANGE = "unit_change", _("单位变更")
    TOKEN_ISSUE = "token_issue", _("创建接口令牌")
    TOKEN_REVOKE = "token_revoke", _("撤销接口令牌")
    WORKFLOW = "workflow", _("报送流程")
    ROUND_LOCK = "round_lock", _("轮次锁定")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载")
    PUBLISH = "publish", _("发布")
    IMPORT = "import", _("导入")
    SCORING_SETTINGS = "scoring_settings", _("评分方案设置")
    AUDIT = "audit", _("审计日志")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit events are never updated")

    def delete(self):
        raise AppendOnly("audit events are deleted only by purge_audit")

    def purge_before(self, moment):
        """Delete the events older than ``moment`` (purge_audit only); returns (count, last purged event)."""
        old = self.filter(at__lt=moment).order_by("-pk")
        last = old.first()
        if last is None:
            return 0, None
        count, _per_model = models.QuerySet.delete(Event.objects.filter(pk__lte=last.pk))
        return count, last


class Event(models.Model):
    at = models.DateTimeField(_("时间"), db_index=True)
    user_id = models.BigIntegerField(_("用户编号"), null=True, blank=True, db_index=True)
    username = models.CharField(_("登录名"), max_length=150, blank=True)
    address = models.CharField(_("地址"), max_length=45, blank=True)
    kind = models.CharField(_("事件"), max_length=30, choices=Kind.choices, db_index=True)
    action = models.CharField(_("操作"), max_length=50, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=60, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"

    def compute_hash(self):
        fields = {
            "prev": self.prev_hash,
            "at": self.at.isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "username": self.username,
            "address": self.address,
            "kind": self.kind,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "outcome": self.outcome,
            "details": self.details,
        }
        canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit events are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit events are never deleted")


class Chain(models.Model):
    """The one row that serialises appends: the newest hash, and the anchor a purge leaves."""

    head_hash = models.CharField(max_length=64, default=GENESIS)
    anchor_hash = models.CharField(max_length=64, default=GENESIS)  # prev_hash of the oldest kept event
    anchor_event_id = models.BigIntegerField(default=0)  # the newest purged event's id
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"audit chain head {self.head_hash[:12]}"
