"""个人接口令牌 — personal API tokens: shown once, stored as a SHA-256 hash, revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "dbn_"


def hash_token(raw):
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class TokenQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, user__is_active=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("令牌开头"), max_length=12)  # dbn_ + 8 characters, to tell tokens apart
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"))

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.user} · {self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name):
        """Create a token for ``user``; returns (token, raw key). The raw key is never stored."""
        from audit.log import record
        from audit.models import Kind

        raw = PREFIX + secrets.token_urlsafe(32)
        expires_at = timezone.now() + timedelta(days=settings.DUBAN_TOKEN_DAYS)
        token = cls.objects.create(
            user=user, name=name.strip()[:100] or "API", key_hash=hash_token(raw), hint=raw[:12], expires_at=expires_at
        )
        record(Kind.TOKEN_ISSUE, obj=token, user=user, details={"expires_at": expires_at})
        return token, raw

    @classmethod
    def expired_for(cls, raw):
        """The expired (not revoked) token for a raw key, or None: it gets its own 401 message."""
        if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
            return None
        return cls.objects.filter(
            key_hash=hash_token(raw), revoked_at__isnull=True, expires_at__lte=timezone.now()
        ).first()

    @classmethod
    def authenticate(cls, raw):
        """The active token for a raw key (or None); records the time it was used."""
        if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
            return None
        token = cls.objects.active().select_related("user", "user__unit").filter(key_hash=hash_token(raw)).first()
        if token is None:
            return None
        now = timezone.now()
        # At most one write a minute per token: a busy client does not turn every read into a write.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired

    def revoke(self, by=None):
        """Revoke the token (once); the audit event names ``by``, else the user of the request being served."""
        from audit.log import record
        from audit.models import Kind

        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
            record(Kind.TOKEN_REVOKE, obj=self, user=by)
