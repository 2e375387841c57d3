"""填报 — rounds, each unit's submission for a round, and its per-task filings.

Submission states (see DESIGN.md):
    draft → submitted (填报人提交) → signed (签发人签发) → approved (督办员审核通过)
    submitted / signed → returned (退回, with comment) → edited again as draft
Every save of a Filing writes a historical version (django-simple-history).
"""

from collections import defaultdict
from datetime import timedelta
from enum import nonmember

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audit.log import record
from audit.models import Kind
from plans.models import Indicator, Plan, Task
from units.models import Unit

TEXT_LIMIT = 300  # 完成情况 / 未完成原因 (300字以内)


class TransitionError(Exception):
    """An illegal state change: the message is shown to the user as it is."""


class Round(models.Model):
    """填报轮次 — one reporting period of a plan (2025年第一季度, 截至4月15日)."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("轮次名称"), max_length=100)
    as_of = models.DateField(_("截至日期"))
    due = models.DateField(_("报送截止日期"))
    grace_days = models.PositiveIntegerField(_("宽限天数"), default=0)
    locked = models.BooleanField(_("已锁定"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "pk"]
        verbose_name = _("填报轮次")
        verbose_name_plural = _("填报轮次")

    def __str__(self):
        return f"{self.plan.title} · {self.name}"

    def get_absolute_url(self):
        return reverse("filings:round", args=[self.pk])

    @property
    def lock_date(self):
        """The first day on which the office may lock the round (due date + grace days)."""
        return self.due + timedelta(days=self.grace_days)

    @property
    def lockable_from(self):
        """The first day on which 锁定本轮次 is allowed (the day after due date + grace days)."""
        return self.lock_date + timedelta(days=1)

    def can_lock(self, today=None):
        """Units may still file during the grace days; the office locks once they are over."""
        today = today or timezone.localdate()
        return not self.locked and today > self.lock_date

    def lock(self, today=None):
        if self.locked:
            raise TransitionError(_("本轮次已锁定。"))
        if not self.can_lock(today):
            raise TransitionError(_("报送截止日期（含宽限期）之后才能锁定本轮次。"))
        self.locked = True
        self.save(update_fields=["locked"])

    def unlock(self):
        self.locked = False
        self.save(update_fields=["locked"])

    def light(self, submission, today=None, due=None):
        """准时灯 — the one rule for a unit's package in this round, used by every page and export.

        'ok' filed by the due date · 'late' filed after it · 'overdue' not filed and past it ·
        'pending' not filed, not yet due. The package is due on the round's due date; a granted
        延期 moves the due date of its one task only (``due``, from supervision.due.task_due).
        """
        today = today or timezone.localdate()
        due = due or self.due
        if submission is not None and submission.state not in Submission.State.OWING and submission.submitted_at:
            return "ok" if timezone.localdate(submission.submitted_at) <= due else "late"
        return "overdue" if today > due else "pending"

    def days_overdue(self, submission, today=None):
        """逾期天数 of an unfiled package (0 when it is not overdue)."""
        today = today or timezone.localdate()
        return (today - self.due).days if self.light(submission, today) == "overdue" else 0

    def owing_units(self):
        """Units that lead at least one task of this round's plan (应报单位). A task the issuing bureau
        itself leads and has split to its districts is its roll-up, reported up by the districts (levels):
        the bureau owes nothing for it (a 处室 leading a split task still files its own text)."""
        return Unit.objects.filter(
            Q(led_tasks__plan=self.plan_id), Q(led_tasks__splits__isnull=True) | ~Q(pk=F("led_tasks__plan__issuer"))
        ).distinct()


class SubmissionManager(models.Manager):
    def open_for(self, round_, unit):
        """Get (or start) ``unit``'s submission for ``round_`` with one filing per task it leads.

        Tasks added to the plan after the submission was started get their filing here too.
        """
        submission, _created = self.get_or_create(round=round_, unit=unit)
        submission.add_new_tasks()
        return submission


class Submission(models.Model):
    """报送 — a unit's package of filings for one round."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        SIGNED = "signed", _("已签发")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("已退回")

        # Not stored, not choices: the state pages give a unit that has no submission for the round,
        # and the states in which the unit still owes its package (editable, not yet submitted).
        MISSING = nonmember("missing")
        OWING = nonmember(("missing", "draft", "returned"))

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    filler_name = models.CharField(_("填报人"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=50, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubmissionManager()

    class Meta:
        ordering = ["round", "unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_submission_per_unit_and_round")]
        verbose_name = _("报送")
        verbose_name_plural = _("报送")

    def __str__(self):
        return f"{self.round.name} · {self.unit.name}"

    def get_absolute_url(self):
        return reverse("filings:submission", args=[self.pk])

    def add_new_tasks(self):
        """A filing for each task the unit leads that has none in this package yet (added to the plan
        since the package was started); nothing once the package has left the unit. One query when
        nothing is missing."""
        if not self.is_editable:
            return
        missing = (
            Task.objects.filter(plan=self.round.plan_id, lead_unit=self.unit_id)
            .exclude(filings__submission=self)
            .values_list("pk", flat=True)
        )
        missing = sorted(missing)
        if missing:
            Filing.objects.bulk_create([Filing(submission=self, task_id=pk) for pk in missing], ignore_conflicts=True)

    # --- what may happen now -------------------------------------------------
    @property
    def is_editable(self):
        """填报人 may change filings: draft or returned, and the round not locked."""
        return self.state in self.State.OWING and not self.round.locked

    def _require(self, states, message):
        if self.round.locked:
            raise TransitionError(_("本轮次已锁定，不能再修改。"))
        if self.state not in states:
            raise TransitionError(message)

    def filings_with_tasks(self):
        """The package's filings with their tasks: those this page already loaded (filings.sheet.load puts
        them on the submission), else one query."""
        loaded = getattr(self, "_prefetched_objects_cache", {}).get("filings")
        return list(loaded) if loaded is not None else list(self.filings.select_related("task"))

    def submission_problems(self):
        """Reasons the filings cannot be submitted yet, one message per problem."""
        problems = []
        filings = self.filings_with_tasks()
        if not filings:
            problems.append(_("没有需要填报的任务。"))
        for filing in filings:
            problems.extend(f"{filing.task.number or filing.task.pk}：{msg}" for msg in filing.completeness_problems())
        return problems

    @transaction.atomic
    def submit(self, user, filler_name, contact):
        self._require(self.State.OWING, _("只有草稿或已退回的报送可以提交。"))
        if not filler_name.strip() or not contact.strip():
            raise TransitionError(_("请填写填报人和联系方式。"))
        problems = self.submission_problems()
        if problems:
            raise TransitionError("；".join(str(p) for p in problems))
        self.filler_name, self.contact = filler_name.strip(), contact.strip()
        self._move(self.State.SUBMITTED, user, "submit", submitted_at=timezone.now())

    @transaction.atomic
    def sign(self, user):
        self._require((self.State.SUBMITTED,), _("只有已提交的报送可以签发。"))
        self.signer = user
        self._move(self.State.SIGNED, user, "sign", signed_at=timezone.now())

    @transaction.atomic
    def approve(self, user, comment=""):
        self._require((self.State.SIGNED,), _("只有已签发的报送可以审核通过。"))
        self._move(self.State.APPROVED, user, "approve", approved_at=timezone.now(), comment=comment)

    @transaction.atomic
    def withdraw(self, user):
        """撤回 — the filler takes a submitted package back to draft, until the unit head signs it."""
        self._require((self.State.SUBMITTED,), _("只有已提交、尚未签发的报送可以撤回。"))
        self._move(self.State.DRAFT, user, "withdraw", submitted_at=None)

    @transaction.atomic
    def send_back(self, user, comment):
        """退回 — the unit head returns a submitted package, the office a submitted or signed one.

        Who may return what is decided in filings.rights; this method keeps the states honest.
        """
        self._require(
            (self.State.SUBMITTED, self.State.SIGNED),
            _("只有已提交或已签发的报送可以退回。"),
        )
        if not comment.strip():
            raise TransitionError(_("退回时请填写意见。"))
        self.return_comment = comment.strip()
        self._move(self.State.RETURNED, user, "return", comment=comment.strip())

    def _move(self, new_state, user, action, comment="", **stamps):
        # Conditional update: a double click or a stale page cannot apply the same step twice.
        old_state = self.state
        changed = Submission.objects.filter(pk=self.pk, state=old_state).update(state=new_state)
        if not changed:
            raise TransitionError(_("报送状态已被他人更改，请刷新页面。"))
        self.state = new_state
        for field, value in stamps.items():
            setattr(self, field, value)
        self.save()
        Review.objects.create(
            submission=self, action=action, actor=user, comment=comment, from_state=old_state, to_state=new_state
        )
        # Every workflow step, from the web, the API or a command, is audited here (one place).
        record(
            Kind.WORKFLOW,
            action=action,
            obj=self,
            user=user,
            details={"from": old_state, "to": new_state, "comment": comment},
        )


class Review(models.Model):
    """One step in a submission's life: 提交 / 签发 / 审核通过 / 退回, with who and when."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        SIGN = "sign", _("签发")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")
        WITHDRAW = "withdraw", _("撤回")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.submission_id}"


class FilingQuerySet(models.QuerySet):
    def lead_only(self):
        """Only the lead unit's filings (other units may hold filings for a task: co-units, bench data).

        Written as ``task IN (the tasks led by the submission's unit)`` rather than
        ``submission__unit=F("task__lead_unit")``: the same rows, but SQLite then looks each filing up by
        its (submission, task) key instead of reading every filing of the round (4 ms → 1 ms at 30 units).
        """
        led = Task.objects.filter(lead_unit=OuterRef("submission__unit")).values("pk")
        return self.filter(task__in=led).order_by()


class Filing(models.Model):
    """One task's entry in a round: 完成情况 / 是否完成 / 未完成原因 / 存在问题及解决建议 / 自评."""

    class Assessment(models.TextChoices):
        AHEAD = "ahead", _("超前")
        ON_TRACK = "on_track", _("正常")
        BEHIND = "behind", _("滞后")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="filings")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="filings")
    completion = models.TextField(_("完成情况"), blank=True)
    completed = models.BooleanField(_("是否完成"), null=True, blank=True)
    reason = models.TextField(_("未完成原因"), blank=True)
    problems = models.TextField(_("存在问题及解决建议"), blank=True)
    self_assessment = models.CharField(_("完成情况自评"), max_length=20, choices=Assessment.choices, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["task__order", "task__pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="one_filing_per_task_and_submission")
        ]
        verbose_name = _("填报")
        verbose_name_plural = _("填报")

    def __str__(self):
        return f"{self.submission} · {self.task.number}"

    def get_absolute_url(self):
        return reverse("filings:filing", args=[self.pk])

    @property
    def is_started(self):
        return self.version > 0

    def completeness_problems(self):
        """What must be filled before the unit may submit this filing."""
        problems = []
        if not self.completion.strip():
            problems.append(_("请填写完成情况。"))
        if self.completed is None and not self.self_assessment:
            # The filing form asks 是否完成, the status table asks 自评: one of them is needed.
            problems.append(_("请选择是否完成或完成情况自评。"))
        if self.completed is False and not self.reason.strip():
            problems.append(_("未完成的任务须填写未完成原因。"))
        if self.self_assessment == self.Assessment.BEHIND and not self.problems.strip():
            problems.append(_("自评为滞后的任务须填写存在问题及解决建议。"))
        return problems

    # The version's note (its history_change_reason) when the office keyed in the unit's paper form.
    KEYED_IN = "keyed_in"
    # … and when the unit's filler imported it from the offline sheet (一表填报 .xlsx)
    OFFLINE = "offline"

    @transaction.atomic
    def save_edit(self, user, expected_version, fields, actuals=None, note=None):
        """Save a filler's edit, refusing it when someone saved in between (optimistic lock) or when the
        package stopped being editable in between (submitted, signed, approved, or the round locked
        after the page checked the rights).

        Returns True on success, False on a conflict (nothing is written then). Both guards are in the
        one conditional UPDATE, so no check-then-write gap remains. ``note``: the version's note
        (``KEYED_IN`` when the office keys in a unit's paper form), shown in the history.
        """
        # The version must be tested on the filing row itself: a filter across a join would make Django
        # write ``WHERE id IN (SELECT … version = n)``, and PostgreSQL re-checks only the outer WHERE
        # after waiting for a concurrent writer's lock — every racer would win. So the state guard is a
        # subquery on the submission, the version a plain column test (re-checked on the newest row).
        editable = Submission.objects.filter(
            pk=self.submission_id,
            state__in=(
                Submission.State.DRAFT,
                Submission.State.RETURNED,
            ),  # the state guard (as Submission.is_editable)
            round__locked=False,
        )
        changed = Filing.objects.filter(
            pk=self.pk,
            version=expected_version,  # the version guard: nobody saved since this version was read
            submission_id__in=editable.values("pk"),
        ).update(version=expected_version + 1)
        if not changed:
            return False
        for name, value in fields.items():
            setattr(self, name, value)
        self.version = expected_version + 1
        self.updated_by = user
        self._history_user = user
        self._change_reason = note
        self.save()
        for indicator, value in (actuals or {}).items():
            if value is None:
                IndicatorActual.objects.filter(filing=self, indicator=indicator).delete()
            else:
                IndicatorActual.objects.update_or_create(filing=self, indicator=indicator, defaults={"value": value})
        return True


class IndicatorActualQuerySet(models.QuerySet):
    def by_filing(self):
        """{filing id: {indicator id: value}} of these actuals, in one query of plain values."""
        out = defaultdict(dict)
        for filing_id, indicator_id, value in self.order_by().values_list("filing_id", "indicator_id", "value"):
            out[filing_id][indicator_id] = value
        return dict(out)


class IndicatorActual(models.Model):
    """指标完成值 — an indicator's actual reported in one filing."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="actuals")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField(_("完成值"), max_digits=18, decimal_places=4)
    history = HistoricalRecords()

    objects = IndicatorActualQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["filing", "indicator"], name="one_actual_per_indicator_and_filing")
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.value}"


class Contribution(models.Model):
    """协办意见 — a co-responsible unit's input to the lead unit's filing for a task."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(Unit, verbose_name=_("配合单位"), on_delete=models.PROTECT, related_name="contributions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("协办意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def clean(self):
        if len(self.text) > TEXT_LIMIT:
            raise ValidationError({"text": _("不能超过%(limit)s字。") % {"limit": TEXT_LIMIT}})

    def __str__(self):
        return f"{self.unit_id} → {self.filing_id}"


def contribution_filing(round_, task, start=False):
    """The lead unit's filing that a co-unit's 协办意见 on ``task`` attaches to, or None while it takes none.

    Contributions are open from the round's opening until the lead unit submits (its package in draft or
    returned, the round not locked). Before the lead unit has opened its sheet, ``start`` opens its package
    (a draft, as the lead's own first visit would) so that the 协办意见 is there when the lead starts.
    """
    submission = Submission.objects.select_related("round").filter(round=round_, unit=task.lead_unit_id).first()
    if submission is None:
        if not start or round_.locked:
            return None
        submission = Submission.objects.open_for(round_, task.lead_unit)
    if not submission.is_editable:
        return None
    return submission.filings.filter(task=task).first()


def contribution_open(round_, task):
    """Whether a co-unit may write its 协办意见 on ``task`` now: from the round's opening until the lead submits."""
    if round_.locked:
        return False
    submission = Submission.objects.filter(round=round_, unit=task.lead_unit_id).first()
    return submission is None or submission.is_editable
