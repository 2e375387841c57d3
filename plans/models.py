"""计划 — what the bureau commits to for a year: plans, sections, tasks and indicators."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from docparse.numbers import SCALE_WORDS, in_scale, written
from units.models import Unit


class Plan(models.Model):
    """工作要点 / 重点工作 / 民生实事 / 政府工作报告目标任务 for one year."""

    class Kind(models.TextChoices):
        GOV_REPORT = "gov_report", _("政府工作报告目标任务")
        KEY_WORK = "key_work", _("重点工作")
        LIVELIHOOD = "livelihood", _("民生实事")
        WORK_POINTS = "work_points", _("工作要点")

    year = models.PositiveIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.WORK_POINTS)
    title = models.CharField(_("标题"), max_length=200)
    intro = models.TextField(_("导语"), blank=True)
    issuer = models.ForeignKey(
        Unit, verbose_name=_("发布单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_document = models.CharField(_("来源文件"), max_length=255, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("计划")
        verbose_name_plural = _("计划")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])


class Section(models.Model):
    """板块 / 类别 — a group of tasks, e.g. 一、紧抓机遇，实现公共卫生服务体系再完善."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    label = models.CharField(_("序号"), max_length=20, blank=True, help_text=_("如 一、"))
    title = models.CharField(_("名称"), max_length=300)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("板块")
        verbose_name_plural = _("板块")

    def __str__(self):
        return f"{self.label}{self.title}"


class TaskQuerySet(models.QuerySet):
    @staticmethod
    def table_order(prefix=""):
        """The one table order (section, then task) of every status table, sheet, export and API answer, through
        ``prefix`` (``task__`` from a filing). Tasks in no section come first on every database (PostgreSQL puts
        NULL last, SQLite first), as the plan document prints them: above the first heading, where they read back
        as in no section (after the last section a 填报表 would give them its 类别)."""
        return (
            models.F(f"{prefix}section__order").asc(nulls_first=True),
            models.F(f"{prefix}section__pk").asc(nulls_first=True),
            f"{prefix}order",
            f"{prefix}pk",
        )

    def in_table_order(self):
        return self.order_by(*self.table_order())


class Task(models.Model):
    """目标任务 — the unit of supervision, owned by a lead unit (牵头单位)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, verbose_name=_("板块"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    number = models.CharField(_("序号"), max_length=20, blank=True)
    text = models.TextField(_("目标任务"))
    lead_unit = models.ForeignKey(Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_tasks")
    co_units = models.ManyToManyField(Unit, verbose_name=_("配合单位"), blank=True, related_name="co_tasks")
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("分解自（上级任务）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="splits",
        help_text=_("市级任务分解到区县时，区县任务指向市级任务"),
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")

    def __str__(self):
        return f"{self.number} {self.text[:40]}".strip()


ADD_WORDS = ("新增", "新建", "增加")


class Indicator(models.Model):
    """指标 — a quantitative target of a task (新增托位 90 个, 县域内就诊率达到 90% 以上)."""

    class Comparator(models.TextChoices):
        GTE = "gte", _("不低于")
        REACH = "reach", _("达到")
        ADD = "add", _("新增")
        LTE = "lte", _("控制在…以内")
        LT = "lt", _("低于")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators")
    subject = models.CharField(_("指标名称"), max_length=200)
    target_value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    comparator = models.CharField(_("比较方式"), max_length=10, choices=Comparator.choices, default=Comparator.REACH)
    baseline = models.DecimalField(_("基数"), max_digits=18, decimal_places=4, null=True, blank=True)
    scale = models.PositiveIntegerField(_("数量级"), default=1, help_text=_("原文以“万”计时为 10000"))
    source_text = models.CharField(_("原文"), max_length=300, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    split_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="splits")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self):
        return str(self.label)

    # --- numbers as written ------------------------------------------------------------------------
    # target_value, baseline and the actuals are stored in base units (25.39万人 → 253900, scale 10000);
    # they are shown and typed in the document's own scale (25.39, in 万人).
    @property
    def scale_word(self):
        return SCALE_WORDS.get(self.scale or 1, "")

    @property
    def input_unit(self):
        """The unit a filler types the actual in: 万人 for an indicator written in 万, else its unit."""
        return f"{self.scale_word}{self.unit}"

    def to_input(self, value):
        """A stored value (base units) in the document's scale, as a plain string ("" for None)."""
        return in_scale(value, self.scale)

    def from_input(self, value):
        """A value typed in the document's scale → base units (None stays None)."""
        if value is None:
            return None
        return Decimal(str(value)) * Decimal(self.scale or 1) if self.scale_word else Decimal(str(value))

    def written(self, value):
        """A stored value with its unit as the document writes it: 25.39万人, 95%, 90个."""
        return written(value, self.scale, self.unit)

    @property
    def is_rate(self):
        """A percentage (县域内就诊率 90%): recomputed from parts at a higher level, never summed."""
        return (self.unit or "").strip() in ("%", "％", "‰")

    @property
    def target_display(self):
        return self.written(self.target_value)

    @property
    def label(self):
        """The indicator as one phrase, its comparator in words and never twice: 新增托位90个, 签约达到25.39万人."""
        return indicator_phrase(self.subject, self.comparator, self.target_display)


def indicator_phrase(subject, comparator, target):
    """subject + comparator + target as one phrase (新增托位90个, 就诊率不低于90%), the comparator word never doubled.

    ``comparator`` is an Indicator.Comparator code, or docparse's ``gt`` (超过); none reads as 达到.
    """
    subject = (subject or "").strip()
    values = {"subject": subject, "target": target}
    if comparator == Indicator.Comparator.ADD:
        if subject.startswith(ADD_WORDS):
            return _("%(subject)s%(target)s") % values
        return _("新增%(subject)s%(target)s") % values
    phrases = {
        Indicator.Comparator.GTE: (("不低于", "以上", "不少于"), _("%(subject)s不低于%(target)s")),
        Indicator.Comparator.REACH: (("达到",), _("%(subject)s达到%(target)s")),
        Indicator.Comparator.LTE: (("控制在",), _("%(subject)s控制在%(target)s以内")),
        Indicator.Comparator.LT: (("低于",), _("%(subject)s低于%(target)s")),
        "gt": (("超过",), _("%(subject)s超过%(target)s")),
    }
    words, phrase = phrases.get(comparator or "", phrases[Indicator.Comparator.REACH])
    if not subject or subject.endswith(words):
        return _("%(subject)s%(target)s") % values
    return phrase % values
