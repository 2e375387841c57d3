"""Views of the filing cycle. Each view checks scope through units.access and delegates to models."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from plans.models import Plan, Task
from units.access import manages, office_get, office_required, scoped_get

from . import rights
from . import annotations
from .annotations import for_sheet
from .forms import CooperationForm, FilingForm, ReturnForm, RoundForm, SubmitForm
from .models import Contribution, Filing, Round, Submission, TransitionError, contribution_filing


# --- office: rounds ------------------------------------------------------------------------
@office_required
def round_create(request, plan_id):
    plan = office_get(request.user, Plan.objects.select_related("issuer"), "issuer", pk=plan_id)
    if not manages(request.user, plan.issuer):
        raise PermissionDenied(_("只有发布该计划的单位的督办员可以开启轮次。"))
    form = RoundForm(request.POST or None)
    form.plan = plan
    if request.method == "POST" and form.is_valid():
        round_ = form.save(commit=False)
        round_.plan = plan
        round_.save()
        messages.success(request, _("已开启填报轮次“%(name)s”。") % {"name": round_.name})
        return redirect(round_)
    return render(request, "filings/round_form.html", {"form": form, "plan": plan})


@office_required
def round_detail(request, round_id):
    """Where every owing unit stands in the round: 未开始 / 草稿 / 已提交 / 已签发 / 已审核 / 已退回."""
    round_ = office_get(request.user, Round.objects.select_related("plan__issuer"), "plan__issuer", pk=round_id)
    submissions = {s.unit_id: s for s in round_.submissions.all()}
    units = round_.owing_units().annotate(task_count=Count("led_tasks", filter=Q(led_tasks__plan=round_.plan_id)))
    rows = [{"unit": unit, "submission": submissions.get(unit.pk)} for unit in units]
    return render(request, "filings/round_detail.html", {"round": round_, "rows": rows})


@office_required
@require_POST
def round_lock(request, round_id):
    round_ = office_get(request.user, Round.objects.select_related("plan__issuer"), "plan__issuer", pk=round_id)
    if not rights.can(request.user, "lock_round", round_):
        raise PermissionDenied(_("只有发布该计划的单位的督办员可以锁定轮次。"))
    try:
        if request.POST.get("action") == "unlock":
            round_.unlock()
            messages.success(request, _("已解锁本轮次。"))
        else:
            round_.lock()
            messages.success(request, _("已锁定本轮次，不再接受修改。"))
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(round_)


# --- units: their own submission -------------------------------------------------------------
@login_required
def my_rounds(request):
    """Open rounds in which the user's unit owes filings or contributions."""
    user = request.user
    if user.unit_id is None:
        raise PermissionDenied(_("您的账号未关联单位。"))
    leads = set(Task.objects.filter(lead_unit=user.unit_id).values_list("plan_id", flat=True))
    cooperates = set(Task.objects.filter(co_units=user.unit_id).values_list("plan_id", flat=True))
    rounds = Round.objects.filter(plan_id__in=leads | cooperates).select_related("plan").order_by("-as_of")
    mine = {s.round_id: s for s in Submission.objects.filter(unit=user.unit_id, round__in=rounds)}
    rows = [{"round": r, "submission": mine.get(r.pk), "leads": r.plan_id in leads, "cooperates": r.plan_id in cooperates} for r in rounds]
    return render(request, "filings/my_rounds.html", {"rows": rows})


@login_required
def round_mine(request, round_id):
    """Open (or start) the user's own unit's submission for a round."""
    user = request.user
    if user.unit_id is None or not (user.is_filler or user.is_signer):
        raise PermissionDenied(_("只有单位填报人或签发人可以填报。"))
    round_ = get_object_or_404(Round.objects.filter(plan__tasks__lead_unit=user.unit_id).distinct(), pk=round_id)
    submission = Submission.objects.open_for(round_, user.unit)
    return redirect(submission)


def _sheet_rows(submission, user, bound=None):
    """One row per filing: the task, its indicators, a form (when the user may edit) and annotations.

    ``bound`` maps a filing pk to a form that keeps what the user typed (a refused save or submit).
    """
    filings = list(
        submission.filings.select_related("task__section", "task__lead_unit", "submission__round", "submission__unit").prefetch_related("task__indicators", "actuals", "contributions__unit")
    )
    annotations = for_sheet(submission, filings)
    editable = rights.can_edit_filing(user, filings[0]) if filings else False
    rows = []
    for filing in filings:
        indicators = list(filing.task.indicators.all())
        form = None
        if editable:
            form = (bound or {}).get(filing.pk) or FilingForm(initial=FilingForm.initial_for(filing, filing.actuals.all()), indicators=indicators, prefix=f"f{filing.pk}")
        rows.append(_row(filing, indicators, form, annotations.get(filing.pk, [])))
    return rows, editable


def _row(filing, indicators, form, annotations, status="saved", conflict=None):
    actual_by_indicator = {a.indicator_id: a.value for a in filing.actuals.all()}
    flagged = any(a.get("advice") is not None and (a["advice"].flags or a["advice"].differs) for a in annotations)
    return {
        "filing": filing,
        "task": filing.task,
        "indicators": [(ind, actual_by_indicator.get(ind.pk)) for ind in indicators],
        "form": form,
        "annotations": annotations,
        "contributions": list(filing.contributions.all()),
        "filled": filing.is_started and bool(filing.completion.strip()) and not filing.completeness_problems(),
        "flagged": flagged,
        "status": status if status != "saved" or filing.is_started else "empty",
        "conflict": conflict,
    }


def _sheet_context(request, submission, submit_form=None, bound=None):
    rows, editable = _sheet_rows(submission, request.user, bound)
    user = request.user
    return {
        "submission": submission,
        "rows": rows,
        "editable": editable,
        "filled_count": sum(1 for r in rows if r["filled"]),
        "flagged_count": sum(1 for r in rows if r["flagged"]),
        "submit_form": submit_form or SubmitForm(initial={"filler_name": submission.filler_name or user.display_name, "contact": submission.contact or user.phone}),
        "return_form": ReturnForm(),
        "reviews": submission.reviews.select_related("actor"),
        "problems": submission.submission_problems() if editable else [],
        "panels": annotations.panels("sheet", user, submission),
        "can": {
            "submit": rights.can_submit(user, submission),
            "withdraw": rights.can_withdraw(user, submission),
            "sign": rights.can_sign(user, submission),
            "return": rights.can_return(user, submission),
            "approve": rights.can_approve(user, submission),
        },
    }


def _submission(user, submission_id):
    return scoped_get(user, Submission.objects.select_related("round__plan", "unit", "signer"), pk=submission_id)


@login_required
def submission_detail(request, submission_id):
    """填报表 — the whole package on one sheet: every task with every field, in the form's column order.

    The unit's filler edits each row in place (HTMX, one row at a time); everyone else in scope
    (signer, office) reads every field here, without opening each task.
    """
    submission = _submission(request.user, submission_id)
    if submission.is_editable and request.user.unit_id == submission.unit_id:
        Submission.objects.open_for(submission.round, submission.unit)  # tasks added to the plan since
    return render(request, "filings/submission_detail.html", _sheet_context(request, submission))


def _not_editable(request, filing):
    """The package is no longer editable (提交/签发/审核 or 锁定): say so; nothing was written."""
    message = _("本轮次已锁定，不能再修改。") if filing.submission.round.locked else _("当前状态下不能修改：%(state)s。") % {"state": filing.submission.get_state_display()}
    if request.htmx:
        return HttpResponse(f'<p class="row-error" role="alert">{escape(message)}</p>', status=409)
    messages.error(request, message)
    return redirect(filing.submission)


@login_required
@require_POST
def sheet_row(request, filing_id):
    """Save one row of the sheet. HTMX gets the row back (saved, with errors, or in conflict)."""
    filing = _scoped_filing(request.user, filing_id)
    if not rights.can_edit_filing(request.user, filing):
        if not rights.is_party(request.user, "edit_filing", filing):
            raise PermissionDenied(_("您无权修改此填报。"))
        return _not_editable(request, filing)
    indicators = list(filing.task.indicators.all())
    form = FilingForm(request.POST, indicators=indicators, prefix=f"f{filing.pk}")
    status, conflict = "error", None
    if form.is_valid():
        if filing.save_edit(request.user, form.cleaned_data["version"], form.filing_fields(), form.actual_values()):
            if not request.htmx:
                messages.success(request, _("已保存。"))
                return redirect(f"{filing.submission.get_absolute_url()}#row-{filing.pk}")
            filing = _sheet_filing(filing.pk)
            form = FilingForm(initial=FilingForm.initial_for(filing, filing.actuals.all()), indicators=indicators, prefix=f"f{filing.pk}")
            status = "saved"
        else:
            filing = _sheet_filing(filing.pk)
            if not rights.can_edit_filing(request.user, filing):
                return _not_editable(request, filing)  # submitted, signed or locked in between: not a text conflict
            # Someone saved in between: keep what this user typed, based on the newer version.
            conflict = filing
            data = request.POST.copy()
            data[f"f{filing.pk}-version"] = filing.version
            form = FilingForm(data, indicators=indicators, prefix=f"f{filing.pk}")
            form.is_valid()
            status = "conflict"
    if not request.htmx:
        # Without JavaScript: the whole sheet again, this row keeping what was typed.
        context = _sheet_context(request, filing.submission, bound={filing.pk: form})
        return render(request, "filings/submission_detail.html", context, status=409 if conflict else 400)
    if status == "error":
        filing = _sheet_filing(filing.pk)
    row = _row(filing, indicators, form, for_sheet(filing.submission, [filing]).get(filing.pk, []), status, conflict)
    return render(request, "filings/_sheet_row.html", {"row": row, "submission": filing.submission, "editable": True})


REFUSALS = {
    "submit": _lazy("只有草稿或已退回的报送可以提交。"),
    "withdraw": _lazy("只有已提交、尚未签发的报送可以撤回。"),
    "sign": _lazy("只有已提交的报送可以签发。"),
    "approve": _lazy("只有已签发的报送可以审核通过。"),
    "return": _lazy("只有已提交或已签发的报送可以退回。"),
}


ACTIONS = {"submit": "submit_submission", "withdraw": "withdraw_submission", "sign": "sign_submission", "approve": "approve_submission", "return": "return_submission"}


def _transition(request, submission_id, right, act, step=""):
    """Run one workflow step after asking filings.rights; a refused step is explained, not a 500."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    submission = _submission(request.user, submission_id)
    if not right(request.user, submission):
        if not rights.is_party(request.user, ACTIONS[step], submission):
            raise PermissionDenied(_("您无权执行此操作。"))
        if submission.round.locked:
            messages.error(request, _("本轮次已锁定，不能再修改。"))
        else:
            messages.error(request, REFUSALS.get(step) or _("当前状态下不能执行此操作：%(state)s。") % {"state": submission.get_state_display()})
        return redirect(submission)
    try:
        act(submission)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("操作成功：%(state)s。") % {"state": submission.get_state_display()})
    return redirect(submission)


@login_required
@require_POST
def submission_submit(request, submission_id):
    """提交. A refused submit shows the sheet again with 填报人 and 联系方式 as typed."""
    submission = _submission(request.user, submission_id)
    if not rights.can_submit(request.user, submission):
        return _transition(request, submission_id, rights.can_submit, None, "submit")
    form = SubmitForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("请填写填报人和联系方式。")
    else:
        try:
            submission.submit(request.user, form.cleaned_data["filler_name"], form.cleaned_data["contact"])
        except TransitionError as exc:
            error = str(exc)
    if error is None:
        messages.success(request, _("已提交，等待签发人签发。"))
        return redirect(submission)
    messages.error(request, error)
    return render(request, "filings/submission_detail.html", _sheet_context(request, submission, submit_form=form), status=400)


@login_required
def submission_withdraw(request, submission_id):
    return _transition(request, submission_id, rights.can_withdraw, lambda s: s.withdraw(request.user), "withdraw")


@login_required
def submission_sign(request, submission_id):
    return _transition(request, submission_id, rights.can_sign, lambda s: s.sign(request.user), "sign")


@login_required
def submission_approve(request, submission_id):
    return _transition(request, submission_id, rights.can_approve, lambda s: s.approve(request.user), "approve")


@login_required
def submission_return(request, submission_id):
    form = ReturnForm(request.POST)

    def act(submission):
        if not form.is_valid():
            raise TransitionError(" ".join(str(e) for e in form.errors.get("comment", [])) or _("退回时请填写意见。"))
        submission.send_back(request.user, form.cleaned_data["comment"])

    return _transition(request, submission_id, rights.can_return, act, "return")


# --- one filing -----------------------------------------------------------------------------
def _sheet_filing(pk):
    """A filing (already checked in scope) with everything its sheet row shows, in a fixed number of queries."""
    return Filing.objects.select_related("task__section", "task__lead_unit", "submission__round", "submission__unit").prefetch_related("task__indicators", "actuals", "contributions__unit").get(pk=pk)


def _scoped_filing(user, filing_id):
    queryset = Filing.objects.select_related("submission__round__plan", "submission__unit", "task__lead_unit", "task__section")
    return scoped_get(user, queryset, unit_field="submission__unit", pk=filing_id)


@login_required
def filing_edit(request, filing_id):
    """填报 one task; the filler edits, everyone else in scope reads. Conflicting saves keep both texts."""
    filing = _scoped_filing(request.user, filing_id)
    submission = filing.submission
    indicators = list(filing.task.indicators.all())
    actuals = list(filing.actuals.select_related("indicator"))
    can_edit = rights.can_edit_filing(request.user, filing)
    conflict = None
    if request.method == "POST":
        if not can_edit:
            if not rights.is_party(request.user, "edit_filing", filing):
                raise PermissionDenied(_("您无权修改此填报。"))
            messages.error(request, _("当前状态下不能修改：%(state)s。") % {"state": submission.get_state_display()})
            return redirect(filing)
        form = FilingForm(request.POST, indicators=indicators)
        if form.is_valid():
            if filing.save_edit(request.user, form.cleaned_data["version"], form.filing_fields(), form.actual_values()):
                messages.success(request, _("已保存。"))
                if request.POST.get("next") == "submission":
                    return redirect(submission)
                return redirect(filing)
            filing.refresh_from_db()
            conflict = filing
            # Keep what the user typed in the form, but base the next save on the newer version.
            data = request.POST.copy()
            data["version"] = filing.version
            form = FilingForm(data, indicators=indicators)
            form.is_valid()
            messages.error(request, _("保存冲突：他人已在您之前保存了此填报。您输入的内容仍在下方，请对照最新内容修改后再保存。"))
    else:
        form = FilingForm(initial=FilingForm.initial_for(filing, actuals), indicators=indicators)
    context = {
        "filing": filing,
        "submission": submission,
        "form": form,
        "can_edit": can_edit,
        "conflict": conflict,
        "actuals": actuals,
        "contributions": filing.contributions.select_related("unit", "author"),
        "panels": annotations.panels("filing", request.user, filing),
    }
    return render(request, "filings/filing_edit.html", context)


def _diff_html(old, new):
    """Character-level difference of two texts as <del>/<ins> markup, escaped."""
    old, new = old or "", new or ""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out))


@login_required
def filing_history(request, filing_id):
    """每一版 — every saved version of a filing with what changed from the one before."""
    filing = _scoped_filing(request.user, filing_id)
    records = list(filing.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = [("completion", _("完成情况")), ("completed", _("是否完成")), ("reason", _("未完成原因")), ("problems", _("存在问题及解决建议")), ("self_assessment", _("完成情况自评"))]
    versions = []
    previous = None
    for record in records:
        changes = []
        for name, label in fields:
            new = getattr(record, name)
            old = getattr(previous, name) if previous else None
            if previous is None or old != new:
                if name in ("completion", "reason", "problems"):
                    changes.append({"label": label, "diff": _diff_html(old or "", new or "")})
                else:
                    changes.append({"label": label, "diff": f"{_display(name, old)} → {_display(name, new)}"})
        versions.append({"record": record, "changes": changes})
        previous = record
    versions.reverse()
    return render(request, "filings/filing_history.html", {"filing": filing, "versions": versions, "panels": annotations.panels("history", request.user, filing)})


def _display(name, value):
    if value is None or value == "":
        return "—"
    if name == "completed":
        return _("已完成") if value else _("未完成")
    if name == "self_assessment":
        return Filing.Assessment(value).label
    return str(value)


# --- co-responsible units ---------------------------------------------------------------------
@login_required
def cooperation(request, round_id):
    """配合单位: tasks of this round on which the user's unit cooperates, with its contributions."""
    user = request.user
    if user.unit_id is None:
        raise PermissionDenied(_("您的账号未关联单位。"))
    round_ = get_object_or_404(Round.objects.filter(plan__tasks__co_units=user.unit_id).distinct(), pk=round_id)
    tasks = round_.plan.tasks.filter(co_units=user.unit_id).select_related("lead_unit")
    mine = Contribution.objects.filter(unit=user.unit_id, filing__submission__round=round_).select_related("filing")
    by_task = {}
    for contribution in mine:
        by_task.setdefault(contribution.filing.task_id, []).append(contribution)
    form = CooperationForm(request.POST or None, tasks=tasks)
    status = 200
    if request.method == "POST":
        if not user.is_filler:
            raise PermissionDenied(_("只有填报人可以提交协办意见。"))
        if round_.locked:
            messages.error(request, _("本轮次已锁定，不能再修改。"))
            status = 409
        elif not form.is_valid():
            status = 400
            for error in form.errors.get("task", []):
                messages.error(request, error)
        else:
            task = form.cleaned_data["task"]
            filing = contribution_filing(round_, task)
            if filing is None:
                status = 409
                if Submission.objects.filter(round=round_, unit=task.lead_unit_id).exists():
                    messages.error(request, _("牵头单位已报送本轮次材料，协办意见已关闭。"))
                else:
                    messages.error(request, _("牵头单位尚未开始本轮次填报，请待其开始填报后再提交协办意见。"))
            else:
                contribution = form.save(commit=False)
                contribution.filing, contribution.unit, contribution.author = filing, user.unit, user
                contribution.save()
                messages.success(request, _("协办意见已送达牵头单位。"))
                return redirect("filings:cooperation", round_id=round_.pk)
    rows = [{"task": task, "contributions": by_task.get(task.pk, []), "open": contribution_filing(round_, task) is not None} for task in tasks]
    return render(request, "filings/cooperation.html", {"round": round_, "rows": rows, "form": form}, status=status)
