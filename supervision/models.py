"""督办 — extensions (延期) and reminders (催办)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filings.models import Filing, Round
from plans.models import Task
from units.models import Unit


class Extension(models.Model):
    """延期 — a unit asks for a later due date for one task in a round; the office decides."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        GRANTED = "granted", _("已同意")
        REFUSED = "refused", _("不同意")

    task = models.ForeignKey(Task, verbose_name=_("目标任务"), on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="extensions")
    round = models.ForeignKey(
        Round, verbose_name=_("轮次"), null=True, blank=True, on_delete=models.CASCADE, related_name="extensions"
    )
    reason = models.TextField(_("延期理由"))
    new_date = models.DateField(_("申请延至"))
    decision = models.CharField(_("审批结果"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self):
        return f"{self.unit} · {self.task.number} → {self.new_date}"

    def decide(self, user, decision, note=""):
        """同意 / 不同意 a pending request, once: a second decision (double click, two offices) is refused.

        A granted date moves the due date of this task only (supervision.due.task_due).
        """
        now = timezone.now()
        changed = Extension.objects.filter(pk=self.pk, decision=self.Decision.PENDING).update(
            decision=decision, decided_by=user, decided_at=now, decision_note=note
        )
        if changed:
            self.decision, self.decided_by, self.decided_at, self.decision_note = decision, user, now, note
        return bool(changed)


class Reminder(models.Model):
    """催办 — one message to one recipient for one step; the unique key means never twice."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("邮件")
        WEBHOOK = "webhook", _("群机器人")

    class Status(models.TextChoices):
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        HELD = "held", _("暂缓（夜间）")
        CANCELLED = "cancelled", _("已取消（已报送）")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("催办节点"), max_length=40)  # before-3, due, overdue-2, manual-2025-04-21
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("接收方"), max_length=500)
    escalated = models.BooleanField(_("已提级（签发人）"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    next_try_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "round", "step", "channel", "recipient"], name="one_reminder_per_step_and_recipient"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_try_at"])]
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")

    def __str__(self):
        return f"{self.unit} · {self.step} · {self.channel} · {self.status}"

    @property
    def step_label(self):
        """The step as a person reads it (截止前3天, 截止当日, 逾期2天, 一键催办): ``step`` is a code."""
        return step_label(self.step)


def step_label(step):
    kind, _sep, rest = step.partition("-")
    if kind == "before" and rest.isdigit():
        return _("截止前%(n)s天") % {"n": rest}
    if kind == "due":
        return _("截止当日")
    if kind == "overdue" and rest.isdigit():
        return _("逾期%(n)s天") % {"n": rest}
    if kind == "manual":
        return _("一键催办（%(date)s）") % {"date": rest}
    return step


class CopyCheck(models.Model):
    """照搬检查 of one filing at one version: when it ran (the matches are CopyMatch rows)."""

    filing = models.OneToOneField(Filing, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    checked_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.filing_id} v{self.version}"


class CopyBand(models.Model):
    """A filing's MinHash band keys (supervision.copycheck.band_keys): which texts of a round may be alike."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="+", db_index=False
    )  # led by the index below
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["round", "key"])]

    def __str__(self):
        return f"{self.filing_id}:{self.key}"


class CopyMatch(models.Model):
    """照搬 — a filing's 完成情况 found in another text: the unit's previous round, another unit's filing of
    the same round, or the plan's task text; with the longest shared passage on both sides."""

    class Kind(models.TextChoices):
        PREVIOUS = "previous", _("与上一轮次雷同")
        PEER = "peer", _("与其他单位雷同")
        PLAN = "plan", _("照抄计划任务原文")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    other = models.ForeignKey(
        Filing, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # None: the plan's text
    score = models.FloatField()
    a_start = models.PositiveIntegerField()
    a_end = models.PositiveIntegerField()
    b_start = models.PositiveIntegerField()
    b_end = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["round", "kind"])]

    def __str__(self):
        return f"{self.filing_id} {self.kind} {self.score:.2f}"
