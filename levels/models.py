"""上报 — a district's approved filings for split city tasks, frozen and sent up to the city's round.

A city plan's task is split into per-district child tasks (``plans.Task.split_from``), each in the
district's own plan with its own target, round and earlier due date. When the district's round
is approved, the district sends an ``UpwardReport`` to the city's round: a snapshot of its
approved filings for the split tasks (JSON) with a SHA-256 content hash, frozen at the moment it
is sent. The city office approves or returns it per district; a returned report is sent again as
a new snapshot. Every step is an ``UpwardReview`` row.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from filings.models import Filing, Round
from units.models import Unit


class UpwardReport(models.Model):
    class State(models.TextChoices):
        SENT = "sent", _("已上报")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("已退回")

    class Source(models.TextChoices):
        WEB = "web", _("系统内上报")
        FILE = "file", _("文件导入")

    city_round = models.ForeignKey(
        Round, verbose_name=_("市级轮次"), on_delete=models.CASCADE, related_name="upward_reports"
    )
    district = models.ForeignKey(Unit, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="upward_reports")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.SENT)
    snapshot = models.JSONField(_("上报内容"))
    content_hash = models.CharField(_("内容校验值"), max_length=64)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.WEB)
    sent_at = models.DateTimeField(_("上报时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)

    class Meta:
        ordering = ["city_round", "district__order", "district__name"]
        constraints = [
            models.UniqueConstraint(fields=["city_round", "district"], name="one_upward_report_per_district_and_round")
        ]
        verbose_name = _("上报")
        verbose_name_plural = _("上报")

    def __str__(self):
        return f"{self.city_round.name} · {self.district.name}"

    def get_absolute_url(self):
        return reverse("levels:report", args=[self.pk])

    def tasks_shown(self):
        """The snapshot's tasks with 自评 as its label (超前/正常/滞后), never the stored code."""
        labels = dict(Filing.Assessment.choices)
        return [
            {
                **task,
                "self_assessment_label": labels.get(
                    task.get("self_assessment") or "", task.get("self_assessment") or ""
                ),
            }
            for task in self.snapshot.get("tasks", [])
        ]


class UpwardReview(models.Model):
    """One step of an upward report: 上报 / 审核通过 / 退回, with who, when and the hash it concerned."""

    class Action(models.TextChoices):
        SEND = "send", _("上报")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")

    report = models.ForeignKey(UpwardReport, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.report_id}"
