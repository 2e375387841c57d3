"""Views of the filing cycle: thin translators over filings.actions (the use cases), which get every
object from filings.access. A refused step (units.access.NotNow) becomes a message and a redirect
(duban.middleware.DomainErrorsMiddleware), or a 409 row for HTMX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record_export
from plans.access import access_plan
from units.access import ACT, NotNow, office_required

from . import actions, annotations, history, offline, rights, sheet, sheet_html
from .access import unit_rounds
from .forms import CooperationForm, FilingForm, ReturnForm, RoundForm, SubmitForm
from .models import Contribution, Filing, contribution_open


# --- office: rounds ------------------------------------------------------------------------
@office_required
def round_create(request, plan_id):
    plan = access_plan(request.user, plan_id, ACT)
    form = RoundForm(request.POST or None)
    form.plan = plan
    if request.method == "POST" and form.is_valid():
        round_ = actions.open_round(request.user, plan, form)
        messages.success(request, _("已开启填报轮次“%(name)s”。") % {"name": round_.name})
        return redirect(round_)
    return render(request, "filings/round_form.html", {"form": form, "plan": plan})


@office_required
def round_detail(request, round_id):
    """Where every owing unit stands in the round: 未开始 / 草稿 / 已提交 / 已签发 / 已审核 / 已退回."""
    round_, rows = actions.round_units(request.user, round_id)
    return render(request, "filings/round_detail.html", {"round": round_, "rows": rows})


@office_required
@require_POST
def round_lock(request, round_id):
    unlock = request.POST.get("action") == "unlock"
    round_ = actions.lock_round(request.user, round_id, unlock=unlock)
    messages.success(request, _("已解锁本轮次。") if unlock else _("已锁定本轮次，不再接受修改。"))
    return redirect(round_)


# --- units: their own submission -------------------------------------------------------------
@login_required
def my_rounds(request):
    """Open rounds in which the user's unit owes filings or contributions."""
    if request.user.unit_id is None:
        raise PermissionDenied(_("您的账号未关联单位。"))
    return render(request, "filings/my_rounds.html", {"rows": unit_rounds(request.user.unit_id)})


@login_required
def round_mine(request, round_id):
    """Open (or start) the user's own unit's submission for a round."""
    return redirect(actions.open_submission(request.user, round_id))


def _sheet_context(request, submission, submit_form=None, bound=None, return_form=None):
    rows, editable = sheet.rows(submission, request.user, bound)
    user = request.user
    return {
        "submission": submission,
        "rows": rows,
        "rows_html": sheet_html.render(request, rows, editable),
        "editable": editable,
        "filled_count": sum(1 for r in rows if r["filled"]),
        "flagged_count": sum(1 for r in rows if r["flagged"]),
        "submit_form": submit_form
        or SubmitForm(
            initial={
                "filler_name": submission.filler_name or user.display_name,
                "contact": submission.contact or user.phone,
            }
        ),
        "return_form": return_form or ReturnForm(),
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


@login_required
def submission_detail(request, submission_id):
    """填报表 — the whole package on one sheet: every task with every field, in the form's column order.

    The unit's filler edits each row in place (HTMX, one row at a time); everyone else in scope
    (signer, office) reads every field here, without opening each task.
    """
    submission = actions.read_sheet(request.user, submission_id)
    refused = request.session.pop(f"submit-form-{submission.pk}", None)  # a refused 提交, as typed
    submit_form = SubmitForm(refused) if refused is not None else None
    if submit_form is not None:
        submit_form.is_valid()
    typed = request.session.pop(f"return-form-{submission.pk}", None)  # a refused 退回, as typed
    return_form = ReturnForm(typed) if typed is not None else None
    if return_form is not None:
        return_form.is_valid()
    context = _sheet_context(request, submission, submit_form=submit_form, return_form=return_form)
    return render(request, "filings/submission_detail.html", context)


@login_required
@require_POST
def sheet_row(request, filing_id):
    """Save one row of the sheet. HTMX gets the row back (saved, with errors, or in conflict)."""
    filing = actions.read_filing(request.user, filing_id)
    indicators = list(filing.task.indicators.all())
    form = FilingForm(request.POST, indicators=indicators, prefix=f"f{filing.pk}")
    status, conflict = "error", None
    if form.is_valid():
        filing, saved = actions.save_filing(
            request.user, filing.pk, form.cleaned_data["version"], form.filing_fields(), form.actual_values()
        )
        if saved:
            if not request.htmx:
                messages.success(request, _("已保存。"))
                return redirect(f"{filing.submission.get_absolute_url()}#row-{filing.pk}")
            filing = sheet.load_one(filing.pk)
            form = sheet.unbound_form(filing, indicators)
            status = "saved"
        else:
            filing = sheet.load_one(filing.pk)
            # Someone saved in between: keep what this user typed, based on the newer version.
            conflict = filing
            data = request.POST.copy()
            data[f"f{filing.pk}-version"] = filing.version
            form = FilingForm(data, indicators=indicators, prefix=f"f{filing.pk}")
            form.is_valid()
            status = "conflict"
    else:
        actions.require_editable(request.user, filing)
    if not request.htmx:
        # Without JavaScript: the whole sheet again, this row keeping what was typed.
        context = _sheet_context(request, filing.submission, bound={filing.pk: form})
        return render(request, "filings/submission_detail.html", context, status=409 if conflict else 400)
    if status == "error":
        filing = sheet.load_one(filing.pk)
    row = sheet.one_row(filing, indicators, form, status, conflict, user=request.user)
    return _row_response(request, filing.submission, row)


def _row_response(request, submission, row):
    """The row a save swaps back, with the sheet's 提交前还需完成 list as it now stands (swapped out of band)."""
    problems = render_to_string(
        "filings/_problems.html", {"problems": submission.submission_problems(), "oob": True}, request
    )
    return HttpResponse(sheet_html.render_one(request, row) + problems)


def _sheet_row_oversized(request, data, filing_id):
    """A row posted over DATA_UPLOAD_MAX_MEMORY_SIZE (a 10 MB paste; duban.middleware.OversizedPostMiddleware):
    nothing is saved; the row comes back saying the 300-字 limit, with the beginning of what was typed."""
    try:
        filing = actions.read_filing(request.user, filing_id)
        actions.require_editable(request.user, filing)
    except NotNow:
        return None  # not editable now: the ordinary answer
    indicators = list(filing.task.indicators.all())
    form = FilingForm(data, indicators=indicators, prefix=f"f{filing.pk}")
    form.is_valid()
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    form.add_error(
        None,
        _(
            "提交的内容过大（约 %(mb)s MB），未保存。完成情况、未完成原因每项不超过300字；下方只保留了开头部分，请删减后再保存。"
        )
        % {"mb": max(1, round(size / 1024 / 1024))},
    )
    if not request.htmx:
        return render(
            request,
            "filings/submission_detail.html",
            _sheet_context(request, filing.submission, bound={filing.pk: form}),
            status=413,
        )
    filing = sheet.load_one(filing.pk)
    row = sheet.one_row(filing, indicators, form, "error", user=request.user)
    return _row_response(request, filing.submission, row)


sheet_row.oversized_post = _sheet_row_oversized


@login_required
@require_POST
def submission_submit(request, submission_id):
    """提交. A refused submit keeps 填报人 and 联系方式 as typed (in the session) and redirects back."""
    form = SubmitForm(request.POST)
    try:
        if not form.is_valid():
            submission = actions.read_sheet(request.user, submission_id)
            actions.require_step(request.user, "submit_submission", submission)
            raise NotNow(_("请填写填报人和联系方式。"), obj=submission)
        submission = actions.submit(
            request.user, submission_id, form.cleaned_data["filler_name"], form.cleaned_data["contact"]
        )
    except NotNow as exc:
        # Post/redirect/get: the sheet again with the refusal, 填报人 and 联系方式 as typed.
        request.session[f"submit-form-{exc.obj.pk}"] = {
            k: request.POST.get(k, "")[:50] for k in ("filler_name", "contact")
        }
        messages.error(request, exc.message)
        return redirect(exc.obj)
    messages.success(request, _("已提交，等待签发人签发。"))
    return redirect(submission)


def _done(request, submission):
    messages.success(request, _("操作成功：%(state)s。") % {"state": submission.get_state_display()})
    return redirect(submission)


@login_required
@require_POST
def submission_withdraw(request, submission_id):
    return _done(request, actions.withdraw(request.user, submission_id))


@login_required
@require_POST
def submission_sign(request, submission_id):
    return _done(request, actions.sign(request.user, submission_id))


@login_required
@require_POST
def submission_approve(request, submission_id):
    return _done(request, actions.approve(request.user, submission_id))


@login_required
@require_POST
def submission_return(request, submission_id):
    """退回. A comment refused by the form (empty, or over 1000 字) comes back as typed, with its reason."""
    form = ReturnForm(request.POST)
    if not form.is_valid():
        submission = actions.read_sheet(request.user, submission_id)
        actions.require_step(request.user, "return_submission", submission)
        # at most a little over the limit is kept: what a clerk typed, not whatever a forged post sent
        request.session[f"return-form-{submission.pk}"] = {"comment": request.POST.get("comment", "")[:2000]}
        messages.error(request, " ".join(str(e) for e in form.errors.get("comment", [])))
        return redirect(submission)
    return _done(request, actions.send_back(request.user, submission_id, form.cleaned_data["comment"]))


# --- one filing -----------------------------------------------------------------------------
@login_required
def filing_edit(request, filing_id):
    """填报 one task; the filler edits, everyone else in scope reads. Conflicting saves keep both texts."""
    filing = actions.read_filing(request.user, filing_id)
    submission = filing.submission
    indicators = list(filing.task.indicators.all())
    actuals = list(filing.actuals.select_related("indicator"))
    conflict = None
    if request.method == "POST":
        form = FilingForm(request.POST, indicators=indicators)
        if not form.is_valid():
            actions.require_editable(request.user, filing)
        else:
            filing, saved = actions.save_filing(
                request.user, filing.pk, form.cleaned_data["version"], form.filing_fields(), form.actual_values()
            )
            if saved:
                messages.success(request, _("已保存。"))
                if request.POST.get("next") == "submission":
                    return redirect(submission)
                return redirect(filing)
            conflict = filing
            # Keep what the user typed in the form, but base the next save on the newer version.
            data = request.POST.copy()
            data["version"] = filing.version
            form = FilingForm(data, indicators=indicators)
            form.is_valid()
            if filing.updated_by_id == request.user.pk:
                messages.error(
                    request,
                    _(
                        "保存冲突：您已在另一个窗口中保存了此填报。本窗口输入的内容仍在下方，请对照最新内容修改后再保存。"
                    ),
                )
            else:
                messages.error(
                    request,
                    _("保存冲突：他人已在您之前保存了此填报。您输入的内容仍在下方，请对照最新内容修改后再保存。"),
                )
    else:
        form = FilingForm(initial=FilingForm.initial_for(filing, actuals), indicators=indicators)
    context = {
        "filing": filing,
        "submission": submission,
        "form": form,
        "can_edit": rights.can_edit_filing(request.user, filing),
        "conflict": conflict,
        "actuals": actuals,
        "contributions": filing.contributions.select_related("unit", "author"),
        "panels": annotations.panels("filing", request.user, filing),
    }
    return render(request, "filings/filing_edit.html", context)


@login_required
def filing_history(request, filing_id):
    """每一版 — every saved version of a filing with what changed from the one before."""
    filing = actions.read_filing(request.user, filing_id)
    versions = history.versions(filing)
    return render(
        request,
        "filings/filing_history.html",
        {
            "filing": filing,
            "versions": versions,
            "keyed_in": Filing.KEYED_IN,
            "offline": Filing.OFFLINE,
            "panels": annotations.panels("history", request.user, filing),
        },
    )


# --- co-responsible units ---------------------------------------------------------------------
@login_required
def cooperation(request, round_id):
    """配合单位: tasks of this round on which the user's unit cooperates, with its contributions."""
    user = request.user
    round_ = actions.cooperation_round(user, round_id)
    tasks = round_.plan.tasks.filter(co_units=user.unit_id).select_related("lead_unit")
    form = CooperationForm(request.POST or None, tasks=tasks)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
            for error in form.errors.get("task", []):
                messages.error(request, error)
        else:
            try:
                actions.contribute(user, round_.pk, form.cleaned_data["task"], form.cleaned_data["text"])
            except NotNow as exc:
                messages.error(request, exc.message)
                status = 409  # the page again, the text as typed
            else:
                messages.success(request, _("协办意见已送达牵头单位。"))
                return redirect("filings:cooperation", round_id=round_.pk)
    mine = Contribution.objects.filter(unit=user.unit_id, filing__submission__round=round_).select_related("filing")
    by_task = {}
    for contribution in mine:
        by_task.setdefault(contribution.filing.task_id, []).append(contribution)
    rows = [
        {"task": task, "contributions": by_task.get(task.pk, []), "open": contribution_open(round_, task)}
        for task in tasks
    ]
    return render(request, "filings/cooperation.html", {"round": round_, "rows": rows, "form": form}, status=status)


# --- 一表填报: the sheet offline in Excel or WPS ---------------------------------------------------
def _xlsx_response(request, obj, name, data):
    """The offline .xlsx as a download, recorded in the audit log as every export is (who, which package or round)."""
    from urllib.parse import quote

    record_export(request, obj, name=name.removesuffix(".xlsx"), fmt="xlsx")
    response = HttpResponse(data, content_type=offline.XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"offline.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


def _offline_upload(request, preview, session_key, context):
    """The upload form and, after a POST, the preview of every row; the rows to save wait in the session."""
    from docrender.offline import OfflineError

    from .forms import OfflineUploadForm

    form = OfflineUploadForm(request.POST or None, request.FILES or None)
    rows, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            _obj, rows = preview(form.cleaned_data["file"].read(offline.MAX_UPLOAD + 1))
        except OfflineError as exc:
            form.add_error("file", str(exc))
            status = 400
        else:
            request.session[session_key] = [r.pending() for r in rows if r.ok and r.changes]
    elif request.method == "POST":
        status = 400
    context = {**context, "form": form, "rows": rows, "ready": sum(1 for r in rows or [] if r.ok and r.changes)}
    return render(request, "filings/offline_upload.html", context, status=status)


def _pending_rows(request, session_key):
    """The rows the preview left for 确认导入 (taken: a second 确认 imports nothing twice); None, said, if none."""
    rows = request.session.pop(session_key, None)
    if rows is None:
        messages.error(request, _("没有待确认的导入，请重新上传。"))
    return rows


def _say_conflicts(request, conflicts):
    if conflicts:
        messages.warning(request, _("%(n)s 项在您下载后已被他人修改，未导入，请在填报表中核对。") % {"n": conflicts})


@login_required
def offline_download(request, submission_id):
    """The unit's 填报表 as an .xlsx to fill offline (every task, current values, lists and limits)."""
    return _xlsx_response(request, *offline.download(request.user, submission_id))


@login_required
def offline_upload(request, submission_id):
    """Upload the filled .xlsx: a preview of every change, row by row; nothing is saved until 确认导入."""
    submission = actions.read_sheet(request.user, submission_id)
    actions.require_editable(request.user, submission)
    context = {
        "heading": f"{submission.unit.name} · {submission.round.plan.title} · {submission.round.name}",
        "download_url": reverse("filings:offline_download", args=[submission.pk]),
        "confirm_url": reverse("filings:offline_confirm", args=[submission.pk]),
        "back_url": submission.get_absolute_url(),
        "back_label": _("返回填报表"),
    }
    return _offline_upload(
        request, lambda data: offline.preview(request.user, submission_id, data), f"offline-{submission.pk}", context
    )


@login_required
@require_POST
def offline_confirm(request, submission_id):
    """确认导入: each changed row becomes a version, as a save on the sheet would."""
    submission = actions.read_sheet(request.user, submission_id)  # another unit's id: not found, first
    actions.require_editable(request.user, submission)
    rows = _pending_rows(request, f"offline-{submission.pk}")
    if rows is None:
        return redirect("filings:offline_upload", submission_id=submission_id)
    saved, conflicts = offline.confirm(request.user, submission_id, rows)
    messages.success(request, _("已导入 %(n)s 项。") % {"n": saved})
    _say_conflicts(request, conflicts)
    return redirect("filings:submission", submission_id=submission_id)


@office_required
def round_offline_download(request, round_id):
    """代录入: the round's 填报表 of every unit as one .xlsx, for the office to key in the paper forms."""
    return _xlsx_response(request, *offline.download_round(request.user, round_id))


@office_required
def round_offline_upload(request, round_id):
    """Upload the office's filled round table: a preview grouped by unit; nothing is saved until 确认导入."""
    round_ = actions.keying_round(request.user, round_id)
    context = {
        "heading": f"{round_.plan.title} · {round_.name}",
        "round_wide": True,
        "download_url": reverse("filings:round_offline_download", args=[round_.pk]),
        "confirm_url": reverse("filings:round_offline_confirm", args=[round_.pk]),
        "back_url": round_.get_absolute_url(),
        "back_label": _("返回本轮次"),
    }
    return _offline_upload(
        request, lambda data: offline.preview_round(request.user, round_id, data), f"offline-round-{round_.pk}", context
    )


@office_required
@require_POST
def round_offline_confirm(request, round_id):
    """确认导入 of the round table: each changed row becomes a version keyed in by this office user."""
    round_ = actions.keying_round(request.user, round_id)  # another district's round: not found, first
    rows = _pending_rows(request, f"offline-round-{round_.pk}")
    if rows is None:
        return redirect("filings:round_offline_upload", round_id=round_id)
    saved, conflicts, refused = offline.confirm_round(request.user, round_id, rows)
    messages.success(request, _("已代录入 %(n)s 项。") % {"n": saved})
    _say_conflicts(request, conflicts)
    if refused:
        messages.warning(request, _("%(n)s 项所在单位的报送已提交或本轮次已锁定，未导入。") % {"n": refused})
    return redirect(round_)
