"""文档导入与导出 — upload → preview → confirm, and the official tables as downloads."""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record, record_export
from audit.models import Kind
from docparse import periods
from docparse.errors import ParseError
from filings.access import access_round, access_submission
from filings.models import Round
from filings.tables import working_rows
from plans.access import access_plan
from plans.models import Plan
from units.access import office_required, office_runs, office_scope
from units.models import Unit

from . import exports, services
from .access import access_pending_import
from .forms import PlanConfirmForm, ReportConfirmForm, UploadForm
from .models import PendingImport

KIND_LABELS = {"plan": "计划（工作要点）", "filing_form": "填报表", "status_table": "完成情况表", "summary": "工作总结"}


def parse_upload(upload):
    """Run the parser on an uploaded file, in a child process under the parse budget; raises ParseError."""
    return services.parse_document(upload.read(), upload.name)


@office_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.purge_previews()
        if services.import_in_background(form.cleaned_data["document"]):
            return _import_job(request, form.cleaned_data["document"])
        try:
            parsed = parse_upload(form.cleaned_data["document"])
        except ParseError as exc:
            form.add_error("document", exc.text(get_language()))
        else:
            pending = PendingImport.objects.create(
                uploaded_by=request.user, filename=form.cleaned_data["document"].name[:255], parsed=parsed
            )
            return redirect(pending)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "pending": PendingImport.objects.filter(uploaded_by=request.user)[:10]},
    )


def _import_job(request, upload):
    """A large upload is parsed by a worker: its bytes go into the job (the database), the page shows progress,
    then the link to the same preview a small upload gets."""
    import hashlib

    from jobs.models import Job, content_key

    data = upload.read()
    name = upload.name[:255]
    job = Job.request(
        request.user,
        "documents.jobs.parse_import",
        {"filename": name},
        key=content_key("import", hashlib.sha256(data).hexdigest(), name),
        label=_("导入：%(name)s") % {"name": name},
        input=data,
        fresh=True,
    )
    return redirect(job)


def _report_initial(parsed):
    meta = parsed.get("metadata") or {}
    title = parsed.get("title") or ""
    return {
        "mode": "new",
        "kind": services.plan_kind_from_title(title, default=Plan.Kind.KEY_WORK),
        "plan_title": periods.plan_title_from_report(title),
        "round_name": periods.round_name_from_report(parsed),
        "as_of": parsed.get("as_of") or meta.get("填报时间"),
        "due": meta.get("填报时间") or meta.get("发文日期"),
    }


def _plan_initial(parsed, filename):
    title = parsed.get("title") or filename
    return {
        "kind": services.plan_kind_from_title(title),
        "title": title,
        "year": parsed.get("year") or datetime.date.today().year,
    }


@office_required
def preview(request, import_id):
    pending = access_pending_import(request.user, import_id)
    parsed = pending.parsed
    if pending.is_report:
        form = ReportConfirmForm(request.POST or None, initial=_report_initial(parsed))
        form.fields["round"].queryset = office_runs(request.user, Round.objects.select_related("plan"))
    else:
        form = PlanConfirmForm(request.POST or None, initial=_plan_initial(parsed, pending.filename))
    round_ = None
    round_id = request.POST.get("round") or request.GET.get("round")
    if pending.is_report and round_id and str(round_id).isdigit():
        round_ = office_runs(request.user, Round.objects.select_related("plan")).filter(pk=round_id).first()
    units = list(office_scope(request.user, Unit.objects.all(), "pk").order_by("order", "name"))
    round_tasks = list(round_.plan.tasks.all()) if round_ else None
    try:  # matching and laying out the rows is bounded like the parse: a child process under the same budget
        matches, segments, rows = services.within_parse_budget(services.preview_parts, parsed, round_tasks, units)
    except ParseError as exc:
        pending.delete()
        messages.error(request, exc.text(get_language()))
        return redirect("documents:upload")
    read_as = parsed.get("_read_as") or ""
    status = 200

    if request.method == "POST" and "read_as" in request.POST:
        choice = request.POST["read_as"]
        if choice not in ("summary", "plan"):
            return HttpResponseBadRequest(_("无法识别的读取方式。"))
        pending.parsed = {**parsed, "_read_as": choice}
        pending.save(update_fields=["parsed"])
        return redirect(pending)
    roll_up = services.roll_up_notice(parsed)
    if request.method == "POST" and roll_up:
        form.add_error(None, roll_up)  # a city's roll-up is no unit's filing: nothing is saved
        status = 400
    elif request.method == "POST" and read_as == "summary":
        form.add_error(None, _("按工作总结读取时不会建立计划，请改为按计划读取或取消导入。"))
        status = 400
    elif request.method == "POST" and form.is_valid():
        try:
            corrected = services.apply_corrections(parsed, request.POST, units)
        except services.CorrectionError as exc:
            form.add_error(None, str(exc))
            status = 400
        else:
            with transaction.atomic():
                target = _confirm(request, pending, form, round_, matches, corrected)
                record(
                    Kind.IMPORT,
                    action="report" if pending.is_report else "plan",
                    obj=target,
                    details={"file": pending.filename},
                )
                pending.delete()
            messages.success(request, _("导入完成。"))
            return redirect(target)
    elif request.method == "POST":
        status = 400

    context = {
        "pending": pending,
        "parsed": parsed,
        "kind_label": KIND_LABELS.get(parsed.get("kind"), parsed.get("kind")),
        "form": form,
        "round": round_,
        "matches": matches,
        "round_tasks": round_tasks or [],
        "rounds": office_runs(request.user, Round.objects.select_related("plan")).order_by("-as_of"),
        "segments": segments,
        "rows": rows,
        "units": units,
        "warnings": services.kind_warnings(parsed, as_plan=not pending.is_report) if read_as != "plan" else [],
        "read_as": read_as,
        "summary_parts": periods.summary_parts(parsed) if read_as == "summary" else [],
        "offer_summary": parsed.get("kind") == "summary" and not pending.is_report,
        "roll_up": roll_up,
    }
    return render(request, "documents/preview.html", context, status=status)


def _confirm(request, pending, form, round_, matches, corrected):
    parsed, data = corrected, form.cleaned_data
    issuer = request.user.unit
    if not pending.is_report:
        return services.import_plan(
            parsed,
            kind=data["kind"],
            title=data["title"],
            year=data["year"],
            issuer=issuer,
            source_name=pending.filename,
        )
    if data["mode"] == "new":
        plan, new_round, _subs = services.import_report(
            parsed,
            kind=data["kind"],
            issuer=issuer,
            source_name=pending.filename,
            round_name=data["round_name"],
            user=request.user,
            as_of=data["as_of"],
            due=data["due"],
            title=data["plan_title"],
        )
        return new_round
    tasks = {task.pk: task for task in data["round"].plan.tasks.all()}
    chosen = []
    for index, (parsed_task, _task, _score) in enumerate(matches):
        picked = request.POST.get(f"match_{index}", "")
        if request.POST.get(f"t{index}-skip"):
            picked = ""
        chosen.append((parsed_task, tasks.get(int(picked)) if picked.isdigit() else None))
    services.import_filings(parsed, data["round"], chosen, request.user)
    return data["round"]


@office_required
@require_POST
def cancel(request, import_id):
    pending = access_pending_import(request.user, import_id)
    pending.delete()
    messages.info(request, _("已取消导入，未保存任何内容。"))
    return redirect("documents:upload")


# --- downloads -----------------------------------------------------------------------------


def _download(request, obj, document, fmt, stem):
    if fmt not in exports.FORMATS:
        raise Http404(_("不支持的格式。"))
    record_export(request, obj, name=stem, fmt=fmt)
    response = HttpResponse(exports.render(document, fmt), content_type=exports.FORMATS[fmt])
    if fmt != "html":
        filename = exports.download_name(stem, fmt)
        response["Content-Disposition"] = f"attachment; filename=\"duban.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return response


def _layout(request):
    layout = request.GET.get("layout", "status")
    if layout not in exports.LAYOUTS:
        raise Http404(_("不支持的版式。"))
    return layout


def _states(request):
    """Official tables hold approved work; ?include=signed adds signed work, marked 未审核."""
    return exports.WITH_SIGNED if request.GET.get("include") == "signed" else exports.OFFICIAL


@office_required
def export_round(request, round_id, fmt):
    """The whole bureau's table for a round: ?layout=status (完成情况表) or form (填报表)."""
    round_ = access_round(request.user, round_id)
    layout, states = _layout(request), _states(request)
    build = exports.status_table if layout == "status" else exports.filing_form
    document = build(round_, states=states)
    if fmt == "pdf" and len(document.rows) > settings.DUBAN_JOB_PDF_THRESHOLD:
        return _export_job(request, round_, document, fmt, layout, states)
    return _download(request, round_, document, fmt, document.title)


def _export_job(request, round_, document, fmt, layout, states):
    """A large PDF renders in the background: the page shows its progress, then the download.

    The job is keyed by what the file is made of, so an unchanged round gives the finished file at once.
    """
    from jobs.models import Job, content_key

    from .jobs import document_fingerprint

    job = Job.request(
        request.user,
        "documents.jobs.render_round",
        {"round_id": round_.pk, "fmt": fmt, "layout": layout, "states": list(states) if states is not None else None},
        key=content_key(fmt, document_fingerprint(document)),
        label=_("导出：%(title)s（%(fmt)s）") % {"title": document.title, "fmt": fmt.upper()},
        filename=exports.download_name(document.title, fmt),
        content_type=exports.FORMATS[fmt],
    )
    if job.status == Job.Status.DONE:
        return redirect("jobs:download", job_id=job.pk)
    return redirect(job)


@login_required
def export_submission(request, submission_id, fmt):
    """One unit's 填报表 (or its status table) for a round; the unit's own users and the office only."""
    submission = access_submission(request.user, submission_id)
    build = exports.filing_form if request.GET.get("layout", "form") == "form" else exports.status_table
    # A unit's own package prints in whatever state it is in (the signer signs the paper copy).
    document = build(submission.round, unit=submission.unit, states=None)
    return _download(request, submission, document, fmt, f"{submission.unit.name}{document.title}")


@office_required
def export_plan(request, plan_id, fmt):
    plan = access_plan(request.user, plan_id)
    document = exports.plan_document(plan)
    return _download(request, plan, document, fmt, plan.title)


# --- 汇总表 ----------------------------------------------------------------------------------------
@office_required
def round_rollup(request, round_id):
    """汇总表 — the official table (approved filings only) or the working view (every row's state).

    The official table is docrender's HTML, the same markup the PDF download is typeset from;
    ``?include=signed`` adds signed packages marked 未审核, ``?view=working`` shows every lead
    unit's current text with its package state.
    """
    round_ = access_round(request.user, round_id)
    view = request.GET.get("view", "official")
    include_signed = request.GET.get("include") == "signed"
    context = {"round": round_, "view": view, "include_signed": include_signed}
    if view == "working":
        context["rows"] = working_rows(round_)
    else:
        table, css = exports.html_fragment(
            exports.status_table(round_, states=exports.WITH_SIGNED if include_signed else exports.OFFICIAL)
        )
        context.update(table=mark_safe(table), table_css=css)
    return render(request, "documents/round_rollup.html", context)


@login_required
def rollup_css(request):
    """docrender's table stylesheet as a file (no inline styles: see the Content-Security-Policy)."""
    import docrender

    response = HttpResponse(docrender.stylesheet(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response
