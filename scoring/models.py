"""目标考核 — a scheme per level and year, the computed ledger, manual items and objections (异议).

Every computed point is a ``ScoreLine`` derived from logged events (scoring.events →
scoring.rules); the office never types a computed point. Manual items (领导评价, 民意调查, 调整)
are ``ManualItem`` rows with a reason and an author, kept apart from the computed part.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from filings.models import Filing, Review, Round, Submission
from supervision.models import Reminder
from units.models import Unit

from . import rules as pure


def default_rules():
    return {k: dict(v) for k, v in pure.DEFAULT_RULES.items()}


class ScoringScheme(models.Model):
    """考核方案 — base, cap and point rules of one level (city or bureau) for one year."""

    level = models.ForeignKey(
        Unit, verbose_name=_("考核单位"), on_delete=models.CASCADE, related_name="scoring_schemes"
    )
    year = models.PositiveIntegerField(_("年度"))
    base = models.DecimalField(_("基础分"), max_digits=7, decimal_places=2, default=pure.DEFAULT_BASE)
    cap = models.DecimalField(
        _("满分"), max_digits=7, decimal_places=2, null=True, blank=True, default=pure.DEFAULT_CAP
    )
    rules = models.JSONField(_("计分规则"), default=default_rules)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "level__order"]
        constraints = [models.UniqueConstraint(fields=["level", "year"], name="one_scheme_per_level_and_year")]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self):
        return f"{self.level} {self.year}"

    def get_absolute_url(self):
        return reverse("scoring:ranking", args=[self.pk])


class ScoreLine(models.Model):
    """One computed ledger line: a unit, a date, an event, the rule that priced it and its source."""

    EVENT_LABELS = {
        "on_time": _("按时报送"),
        "late": _("逾期报送"),
        "missing": _("催办后仍未报送"),
        "returned": _("被退回"),
        "behind": _("进度滞后"),
        "not_completed": _("年末未完成"),
        "completed": _("年末已完成"),
        "ahead": _("超前或超额完成"),
        "yellow_card": _("黄牌"),
        "red_card": _("红牌"),
        "quality": _("报送质量"),
    }

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="lines")
    key = models.CharField(max_length=80)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="score_lines")
    on = models.DateField(_("日期"))
    event = models.CharField(_("事项"), max_length=20)
    rule = models.CharField(_("规则"), max_length=80)
    points = models.DecimalField(_("分值"), max_digits=7, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    filing = models.ForeignKey(Filing, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_url = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="one_line_per_event")]
        verbose_name = _("考核明细")
        verbose_name_plural = _("考核明细")

    @property
    def event_label(self):
        return self.EVENT_LABELS.get(self.event, self.event)

    def as_pure(self):
        return pure.Line(self.key, self.unit_id, self.on, self.event, self.rule, self.points)

    def __str__(self):
        return f"{self.on} {self.event} {self.points}"


class ManualItem(models.Model):
    """领导评价 / 民意调查 / 调整 — entered by the office with a reason; kept apart from the ledger."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("领导评价")
        SURVEY = "survey", _("民意调查")
        ADJUSTMENT = "adjustment", _("调整")

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="manual_items")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    points = models.DecimalField(_("分值"), max_digits=7, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")

    def __str__(self):
        return f"{self.get_kind_display()} {self.points}"


class Objection(models.Model):
    """异议 — a unit disputes a ledger line; the office answers."""

    class State(models.TextChoices):
        OPEN = "open", _("待答复")
        ANSWERED = "answered", _("已答复")  # answered, the line stands
        ACCEPTED = "accepted", _("已采纳")  # the line is corrected by an 调整 with the answer as reason

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="objections")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    line_key = models.CharField(max_length=80)  # survives a recomputation of the line
    line_text = models.CharField(max_length=300)
    comment = models.TextField(_("异议内容"), max_length=1000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("答复"), blank=True, max_length=1000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    line_points = models.DecimalField(_("原分值"), max_digits=7, decimal_places=2, null=True, blank=True)
    adjustment = models.OneToOneField(
        ManualItem, null=True, blank=True, on_delete=models.PROTECT, related_name="objection"
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def respond(self, user, text, accept=False, points=None):
        """答复. ``accept``: the score is corrected by an 调整 of ``points`` (by default the line's points
        reversed) with the answer as its recorded reason; otherwise the line stands."""
        from django.db import transaction
        from django.utils import timezone

        if self.state != self.State.OPEN or not text.strip():
            return False
        with transaction.atomic():
            if not Objection.objects.filter(pk=self.pk, state=self.State.OPEN).update(
                state=self.State.ACCEPTED if accept else self.State.ANSWERED
            ):
                return False  # answered meanwhile (a second click, another office user)
            self.answer, self.answered_by, self.answered_at = text.strip(), user, timezone.now()
            self.state = self.State.ACCEPTED if accept else self.State.ANSWERED
            if accept:
                amount = points if points is not None else -(self.line_points or 0)
                reason = _("采纳异议（%(line)s）：%(answer)s") % {"line": self.line_text, "answer": self.answer}
                self.adjustment = ManualItem.objects.create(
                    scheme=self.scheme,
                    unit=self.unit,
                    kind=ManualItem.Kind.ADJUSTMENT,
                    points=amount,
                    reason=reason[:300],
                    author=user,
                )
            self.save()
        return True

    def __str__(self):
        return self.line_text
