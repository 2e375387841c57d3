"""单位与用户 — units (a tree: city → district bureaus → 科室/直属单位/镇街) and the people who act for them.

Levels: a city (市卫生健康委, kind ``city``) holds district bureaus (kind ``bureau``), each with its
own 科室 and units. Every unit keeps a materialised ``path`` ("/1/5/12/") and its ``bureau`` (the
nearest city or bureau at or above it), both maintained on save, so "everything under this
bureau" is one indexed ``path__startswith`` filter (units.access).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """卫生健康局 / 科室 / 直属单位 / 镇街 — one node of the organisation tree."""

    class Kind(models.TextChoices):
        CITY = "city", _("市卫生健康委")
        BUREAU = "bureau", _("局")
        OFFICE = "office", _("科室")
        INSTITUTION = "institution", _("直属单位")
        TOWNSHIP = "township", _("镇街")

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    email = models.EmailField(_("联系邮箱"), blank=True)
    webhook_url = models.URLField(_("群机器人地址"), blank=True, help_text=_("钉钉或企业微信群机器人 Webhook"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    division_code = models.CharField(_("行政区划代码"), max_length=12, blank=True, help_text=_("如 331002（椒江区）"))
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    bureau = models.ForeignKey(
        "self",
        verbose_name=_("所属局"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    LEVELS = (Kind.CITY, Kind.BUREAU)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_under_parent")]

    def __str__(self):
        return self.name

    # --- the tree --------------------------------------------------------------------------
    def save(self, *args, **kwargs):
        if self.pk and self.parent_id:
            parent_path = Unit.objects.filter(pk=self.parent_id).values_list("path", flat=True).first() or ""
            if f"/{self.pk}/" in parent_path:
                raise ValueError("a unit cannot be placed under itself or its own sub-unit")
        super().save(*args, **kwargs)
        self.refresh_tree()

    def refresh_tree(self, force=False):
        """Recompute ``path`` and ``bureau`` from the parent (read fresh), then the children's.

        Children are visited when this unit changed (or always, with ``force``)."""
        parent = Unit.objects.filter(pk=self.parent_id).values("path", "bureau_id").first() if self.parent_id else None
        path = f"{parent['path'] if parent else '/'}{self.pk}/"
        bureau_id = self.pk if self.kind in self.LEVELS else (parent["bureau_id"] if parent else None)
        changed = (path, bureau_id) != (self.path, self.bureau_id)
        if changed:
            Unit.objects.filter(pk=self.pk).update(path=path, bureau_id=bureau_id)
            self.path, self.bureau_id = path, bureau_id
        if changed or force:
            for child in Unit.objects.filter(parent_id=self.pk):
                child.refresh_tree(force)

    @classmethod
    def rebuild_tree(cls):
        """Recompute every path and bureau (after a bulk_create or a raw import, which skip save())."""
        for root in cls.objects.filter(parent__isnull=True):
            root.refresh_tree(force=True)

    def subtree(self):
        """This unit and every unit below it (one indexed query)."""
        return Unit.objects.filter(path__startswith=self.path)

    def subtree_ids(self):
        return set(self.subtree().values_list("pk", flat=True))

    def contains(self, unit):
        return bool(unit is not None and self.path and (unit.path or "").startswith(self.path))

    def district(self):
        """The bureau or city this unit works in (itself for a bureau or a city)."""
        return self if self.kind in self.LEVELS else self.bureau

    @property
    def is_city(self):
        return self.kind == self.Kind.CITY

    def districts(self):
        """The bureaus directly under a city (its 区县), in order."""
        return Unit.objects.filter(parent=self, kind=self.Kind.BUREAU).order_by("order", "name")

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

    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
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
        """督办员 or system admin: sees the work of every unit under their bureau (units.access)."""
        return self.is_active and (self.role in (self.Role.OFFICE, self.Role.ADMIN) or self.is_superuser)

    @property
    def sees_everything(self):
        """A superuser, or a system admin tied to no unit: the whole tree, every level."""
        return self.is_active and (self.is_superuser or (self.role == self.Role.ADMIN and self.unit_id is None))

    @property
    def is_system_admin(self):
        """系统管理员 (the admin role, or a superuser): reads the audit log (安全审计)."""
        return self.is_active and (self.is_superuser or self.role == self.Role.ADMIN)

    @property
    def level(self):
        """The city or bureau the user works for (None for an unattached account)."""
        return self.unit.district() if self.unit_id else None

    @property
    def is_filler(self):
        return self.is_active and self.role == self.Role.FILLER and self.unit_id is not None

    @property
    def is_signer(self):
        return self.is_active and self.role == self.Role.SIGNER and self.unit_id is not None
