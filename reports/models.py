"""工作总结 — draft summaries (sections and paragraphs with their sources), carried-over tasks, synonyms."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Plan, Task

from . import drafting


class Summary(models.Model):
    """A 工作总结 drafted from a plan's approved filings; the office edits it paragraph by paragraph."""

    class Period(models.TextChoices):
        YEAR = drafting.YEAR, _("年度工作总结")
        HALF = drafting.HALF, _("上半年工作总结暨下半年工作思路")

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="summaries")
    period = models.CharField(_("类型"), max_length=10, choices=Period.choices, default=Period.YEAR)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True)
    notes = models.JSONField(default=list, blank=True)  # generator notes (placeholders left out …)
    last_changes = models.JSONField(default=list, blank=True)  # what the last regeneration changed

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("工作总结")
        verbose_name_plural = _("工作总结")

    def __str__(self):
        title = self.paragraphs.filter(key="title").values_list("text", flat=True).first()
        return title or f"{self.plan} · {self.get_period_display()}"

    def get_absolute_url(self):
        return reverse("reports:summary", args=[self.pk])

    @property
    def title(self):
        return str(self)


class Paragraph(models.Model):
    """One paragraph (title, part heading, （一） heading or item) with the data it was drawn from."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=60)
    part = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("内容"))
    generated_text = models.TextField(blank=True)  # what the generator wrote last
    pending_text = models.TextField(blank=True)  # newer generated text offered beside an edited paragraph
    edited = models.BooleanField(default=False)
    orphaned = models.BooleanField(default=False)  # edited, and its source is no longer in the data
    sources = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["summary", "key"], name="one_paragraph_per_key")]

    def __str__(self):
        return self.text[:40]

    @transaction.atomic
    def save_edit(self, user, expected_version, text):
        """The clerk's edit, refused (False) when someone saved in between."""
        changed = Paragraph.objects.filter(pk=self.pk, version=expected_version).update(version=expected_version + 1)
        if not changed:
            return False
        self.version = expected_version + 1
        self.text = text
        self.edited = text != self.generated_text
        self.updated_by = user
        self._history_user = user
        self.save()
        return True

    @transaction.atomic
    def decide(self, user, accept):
        """Take the newer generated text (accept) or keep the edit and stop offering it (ignore)."""
        if not self.pending_text:
            return
        if accept:
            self.text = self.pending_text
            self.edited = False
        self.generated_text = self.pending_text
        self.pending_text = ""
        self.version += 1
        self.updated_by = user
        self._history_user = user
        self.save()


class CarriedTask(models.Model):
    """下一年度计划: the task a new plan's task was carried over from (kept here, not on plans.Task)."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="carried_from_link")
    source = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="carried_into")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.source_id} → {self.task_id}"


class SubjectSynonym(models.Model):
    """指标同义词 — two subject spellings the cross-year page treats as one (家庭医生签约服务 = 家庭医生签约)."""

    alias = models.CharField(_("同义写法"), max_length=200, unique=True)
    canonical = models.CharField(_("统一名称"), max_length=200)
    # The level whose office added it and may remove it (None: set up by the system administrator).
    owner = models.ForeignKey(
        "units.Unit", verbose_name=_("添加单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["canonical", "alias"]
        verbose_name = _("指标同义词")
        verbose_name_plural = _("指标同义词")

    def __str__(self):
        return f"{self.alias} → {self.canonical}"


class SummaryPrivacyHit(models.Model):
    """隐私审查 of a 工作总结 before its export: personal data or 内部/不宜公开 found in a paragraph (the same
    detectors as publishing, docparse.privacy), and the office's decision — 遮盖 (the paragraph is saved masked,
    a version) or 保留 with a reason. The export waits until no hit is pending."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待处理")
        MASK = "mask", _("遮盖")
        KEEP = "keep", _("保留")

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="privacy_hits")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="privacy_hits")
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=300)
    before = models.CharField(max_length=100, blank=True)
    after = models.CharField(max_length=100, blank=True)
    masked = models.CharField(max_length=300)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("保留理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.kind} · {self.text}"

    class Meta:
        ordering = ["paragraph__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "kind", "text"], name="one_summary_hit_per_paragraph_kind_text"
            )
        ]

    def get_kind_display(self):
        return PRIVACY_KINDS.get(self.kind, self.kind)


PRIVACY_KINDS = {
    "id_card": _("身份证号"),
    "id_like": _("疑似身份证号（校验位不符）"),
    "bank_card": _("银行卡号"),
    "mobile": _("手机号"),
    "landline": _("固定电话"),
    "email": _("电子邮箱"),
    "address": _("详细地址"),
    "name": _("人名"),
    "contact": _("联系方式"),
    "phrase": _("不宜公开用语"),
}
