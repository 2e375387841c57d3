"""Views of the filing cycle. Each view checks scope through units.access and delegates to models."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import Plan, Task
from units.access import office_required, scoped_get

from .forms import CooperationForm, FilingForm, ReturnForm, RoundForm, SubmitForm
from .models import Contribution, Filing, Round, Submission, TransitionError, contribution_filing, open_submission


# --- office: rounds ------------------------------------------------------------------------
@office_required
def round_create(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    form = RoundForm(request.POST or None)
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
    round_ = get_object_or_404(Round.objects.select_related("plan"), pk=round_id)
    submissions = {s.unit_id: s for s in round_.submissions.all()}
    units = round_.owing_units().annotate(task_count=Count("led_tasks", filter=Q(led_tasks__plan=round_.plan_id)))
    rows = [{"unit": unit, "submission": submissions.get(unit.pk)} for unit in units]
    return render(request, "filings/round_detail.html", {"round": round_, "rows": rows})


@office_required
@require_POST
def round_lock(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
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


@office_required
def round_rollup(request, round_id):
    """汇总表 — every task with its lead unit's filing, in the layout of the published status table.

    The table is docrender's HTML, the same markup the PDF download is typeset from.
    """
    from documents.exports import html_fragment, status_table

    round_ = get_object_or_404(Round.objects.select_related("plan__issuer"), pk=round_id)
    table, css = html_fragment(status_table(round_))
    return render(request, "filings/round_rollup.html", {"round": round_, "table": mark_safe(table), "table_css": css})


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
    rows = [
        {"round": r, "submission": mine.get(r.pk), "leads": r.plan_id in leads, "cooperates": r.plan_id in cooperates}
        for r in rounds
    ]
    return render(request, "filings/my_rounds.html", {"rows": rows})


@login_required
def round_mine(request, round_id):
    """Open (or start) the user's own unit's submission for a round."""
    user = request.user
    if user.unit_id is None or not (user.is_filler or user.is_signer):
        raise PermissionDenied(_("只有单位填报人或签发人可以填报。"))
    round_ = get_object_or_404(Round.objects.filter(plan__tasks__lead_unit=user.unit_id).distinct(), pk=round_id)
    submission = open_submission(round_, user.unit)
    return redirect(submission)


@login_required
def submission_detail(request, submission_id):
    submission = scoped_get(request.user, Submission.objects.select_related("round__plan", "unit", "signer"), pk=submission_id)
    filings = submission.filings.select_related("task__section").prefetch_related("contributions__unit")
    context = {
        "submission": submission,
        "filings": filings,
        "submit_form": SubmitForm(initial={"filler_name": submission.filler_name or request.user.display_name, "contact": submission.contact or request.user.phone}),
        "return_form": ReturnForm(),
        "reviews": submission.reviews.select_related("actor"),
        "problems": submission.submission_problems() if submission.is_editable else [],
    }
    return render(request, "filings/submission_detail.html", context)


def _transition(request, submission_id, allowed, act):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    submission = scoped_get(request.user, Submission.objects.select_related("round"), pk=submission_id)
    if not allowed(request.user, submission):
        raise PermissionDenied(_("您无权执行此操作。"))
    try:
        act(submission)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("操作成功：%(state)s。") % {"state": submission.get_state_display()})
    return redirect(submission)


@login_required
def submission_submit(request, submission_id):
    form = SubmitForm(request.POST)

    def act(submission):
        if not form.is_valid():
            raise TransitionError(_("请填写填报人和联系方式。"))
        submission.submit(request.user, form.cleaned_data["filler_name"], form.cleaned_data["contact"])

    return _transition(request, submission_id, lambda u, s: u.is_filler and u.unit_id == s.unit_id, act)


@login_required
def submission_sign(request, submission_id):
    return _transition(request, submission_id, lambda u, s: u.is_signer and u.unit_id == s.unit_id, lambda s: s.sign(request.user))


@login_required
def submission_approve(request, submission_id):
    return _transition(request, submission_id, lambda u, s: u.is_office, lambda s: s.approve(request.user))


@login_required
def submission_return(request, submission_id):
    form = ReturnForm(request.POST)

    def act(submission):
        if not form.is_valid():
            raise TransitionError(_("退回时请填写意见。"))
        submission.send_back(request.user, form.cleaned_data["comment"])

    return _transition(request, submission_id, lambda u, s: u.is_office, act)


# --- one filing -----------------------------------------------------------------------------
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
    can_edit = request.user.is_filler and request.user.unit_id == submission.unit_id and submission.is_editable
    conflict = None
    if request.method == "POST":
        if not can_edit:
            if not (request.user.is_filler and request.user.unit_id == submission.unit_id):
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
    return render(request, "filings/filing_history.html", {"filing": filing, "versions": versions})


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
