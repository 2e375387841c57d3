"""单位与用户 — units (a tree rooted at the bureau) and the people who act for them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """卫生健康局 / 科室 / 直属单位 / 镇街 — one node of the organisation tree."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("局")
        OFFICE = "office", _("科室")
        INSTITUTION = "institution", _("直属单位")
        TOWNSHIP = "township", _("镇街")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    email = models.EmailField(_("联系邮箱"), blank=True)
    webhook_url = models.URLField(_("群机器人地址"), blank=True, help_text=_("钉钉或企业微信群机器人 Webhook"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name


class User(AbstractUser):
    """A person acting for one unit in one role (督办员 / 填报人 / 签发人 / 系统管理员)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("系统管理员")
        OFFICE = "office", _("督办员")
        FILLER = "filler", _("填报人")
        SIGNER = "signer", _("签发人")

    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.FILLER)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_office(self):
        """督办员 or system admin: sees every unit's work."""
        return self.is_active and (self.role in (self.Role.OFFICE, self.Role.ADMIN) or self.is_superuser)

    @property
    def is_filler(self):
        return self.is_active and self.role == self.Role.FILLER and self.unit_id is not None

    @property
    def is_signer(self):
        return self.is_active and self.role == self.Role.SIGNER and self.unit_id is not None
