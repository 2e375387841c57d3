"""工作总结 views — office only. Thin: the work is in services (and the pure drafting/trends modules)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.log import record_export
from docrender import CONTENT_TYPES
from plans.models import Indicator, Plan
from units.access import ACT, READ, access_unit, get_in, office_required, office_root, office_scope

from . import drafting, services
from .access import access_paragraph, access_plan, access_summary, access_synonym
from .forms import GenerateForm, NextPlanForm, NextTaskFormSet, ParagraphForm, SynonymForm
from .models import CarriedTask, SubjectSynonym

SOURCE_FIELDS = {
    "completion": gettext_lazy("完成情况"),
    "reason": gettext_lazy("未完成原因"),
    "problems": gettext_lazy("存在问题及解决建议"),
    "completed": gettext_lazy("是否完成"),
    "self_assessment": gettext_lazy("完成情况自评"),
    "counts": gettext_lazy("统计"),
}


def _trend_url(subject):
    return reverse("reports:trend") + "?" + urlencode({"subject": subject})


def source_links(sources):
    """The trace of a paragraph: what each source is and where to open it."""
    out = []
    for s in sources:
        kind, pk = s.get("type"), s.get("id")
        if kind == "filing":
            url, what = reverse("filings:filing", args=[pk]), _("填报")
        elif kind == "indicator":
            url, what = _trend_url(s.get("subject") or s.get("label", "").split(" ")[0]), _("指标")
        elif kind == "plan":
            url, what = reverse("plans:detail", args=[pk]), _("计划")
        elif kind == "section":
            url, what = reverse("plans:section_edit", args=[pk]), _("板块")
        elif kind == "task":
            url, what = reverse("plans:task_edit", args=[pk]), _("目标任务")
        else:
            continue
        detail = SOURCE_FIELDS.get(s.get("field"), "")
        if s.get("actual"):
            detail = _("完成值 %(value)s") % {"value": s["actual"]}
        out.append({"url": url, "what": what, "label": s.get("label", ""), "detail": detail})
    return out


def _decorate(paragraph):
    paragraph.links = source_links(paragraph.sources)
    return paragraph


# --- summaries -------------------------------------------------------------------------------------
@office_required
def index(request):
    plans = office_scope(request.user, Plan.objects.prefetch_related("summaries"), "issuer")
    return render(request, "reports/index.html", {"plans": plans, "form": GenerateForm()})


@office_required
def plan_summaries(request, plan_id):
    plan = access_plan(request.user, plan_id)
    carried = (
        CarriedTask.objects.filter(task__plan=plan)
        .select_related("task", "source__plan")
        .order_by("task__order", "task__pk")
    )
    return render(
        request,
        "reports/plan.html",
        {"plan": plan, "summaries": plan.summaries.all(), "form": GenerateForm(), "carried": carried},
    )


@office_required
@require_POST
def generate(request, plan_id):
    plan = access_plan(request.user, plan_id, ACT)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("reports:plan", plan_id=plan.pk)
    summary = services.generate_summary(plan, form.cleaned_data["period"], request.user)
    messages.success(request, _("已生成工作总结草稿。"))
    return redirect(summary)


@office_required
def summary_detail(request, summary_id):
    summary = access_summary(request.user, summary_id)
    paragraphs = [_decorate(p) for p in summary.paragraphs.all()]
    services.scan_summary(summary)
    hits = summary.privacy_hits.select_related("paragraph", "decided_by")
    return render(request, "reports/summary.html", {"summary": summary, "paragraphs": paragraphs, "privacy_hits": hits})


@office_required
@require_POST
def privacy_decide(request, summary_id, hit_id):
    """隐私审查 of a summary: 遮盖 or 保留 (with a reason) one hit."""
    summary = access_summary(request.user, summary_id, ACT)
    hit = get_in(summary.privacy_hits.all(), pk=hit_id)
    try:
        services.decide_summary_hit(hit, request.user, request.POST.get("decision", ""), request.POST.get("reason", ""))
    except services.PrivacyError as exc:
        messages.error(request, str(exc))
    return redirect(summary.get_absolute_url() + "#privacy")


@office_required
@require_POST
def regenerate(request, summary_id):
    summary = access_summary(request.user, summary_id, ACT)
    changes = services.regenerate_summary(summary, request.user)
    pending = sum(1 for c in changes if c.action == "pending")
    if not changes:
        messages.info(request, _("数据没有变化，总结未改动。"))
    else:
        messages.success(
            request,
            _("已按最新数据重新生成：%(n)s处变化，其中%(p)s处您改过的段落保留原文，新生成的内容列在旁边供采纳或忽略。")
            % {"n": len(changes), "p": pending},
        )
    return redirect(summary)


def _paragraph(request, paragraph_id, need=None):
    """Reading a paragraph is the reader's; a POST changes it (the office that issued the plan)."""
    return access_paragraph(request.user, paragraph_id, need or (ACT if request.method == "POST" else READ))


def _paragraph_response(request, paragraph, status=200):
    if request.htmx:
        return render(request, "reports/_paragraph.html", {"p": _decorate(paragraph)}, status=status)
    return redirect(paragraph.summary.get_absolute_url() + f"#p-{paragraph.pk}")


@office_required
def paragraph_edit(request, paragraph_id):
    paragraph = _paragraph(request, paragraph_id, ACT)  # the edit form is the acting office's
    if request.method == "POST":
        form = ParagraphForm(request.POST)
        if form.is_valid():
            if paragraph.save_edit(request.user, form.cleaned_data["version"], form.cleaned_data["text"]):
                return _paragraph_response(request, paragraph)
            paragraph.refresh_from_db()
            form.add_error(None, _("这一段已被他人修改。下面是您输入的内容，当前内容已在上方显示，请核对后再保存。"))
            form = ParagraphForm({"text": form.cleaned_data["text"], "version": paragraph.version})
            form.is_valid()
            status = 409
        else:
            status = 400
    else:
        form, status = ParagraphForm(initial={"text": paragraph.text, "version": paragraph.version}), 200
    template = "reports/_paragraph_form.html" if request.htmx else "reports/paragraph_form.html"
    return render(request, template, {"p": _decorate(paragraph), "form": form}, status=status)


@office_required
def paragraph_show(request, paragraph_id):
    return render(request, "reports/_paragraph.html", {"p": _decorate(_paragraph(request, paragraph_id))})


@office_required
@require_POST
def paragraph_decide(request, paragraph_id):
    paragraph = _paragraph(request, paragraph_id)
    choice = request.POST.get("decision")
    if choice not in ("accept", "ignore"):
        return HttpResponse(_("请选择采纳或忽略。"), status=400)
    paragraph.decide(request.user, accept=choice == "accept")
    return _paragraph_response(request, paragraph)


@office_required
def paragraph_history(request, paragraph_id):
    paragraph = _paragraph(request, paragraph_id)
    versions = paragraph.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(request, "reports/history.html", {"p": paragraph, "versions": versions})


@office_required
def export(request, summary_id, fmt):
    from docrender.summary import render_summary_docx, render_summary_pdf

    summary = access_summary(request.user, summary_id)
    renderers = {"docx": render_summary_docx, "pdf": render_summary_pdf}
    if fmt not in renderers:
        raise Http404(_("不支持的格式。"))
    placeholders = [p for p in summary.paragraphs.all() if drafting.has_placeholder(p.text)]
    if placeholders:
        messages.error(
            request,
            _("有%(n)s段含占位符（如 xx、***），请改完后再导出：%(first)s")
            % {"n": len(placeholders), "first": placeholders[0].text[:40]},
        )
        return redirect(summary.get_absolute_url() + f"#p-{placeholders[0].pk}")
    open_hits = services.scan_summary(summary).count()
    if open_hits:
        messages.error(
            request,
            _("隐私审查发现 %(n)s 处个人信息或不宜公开的内容尚未处理（遮盖或说明理由保留），处理后才能导出。")
            % {"n": open_hits},
        )
        return redirect(summary.get_absolute_url() + "#privacy")
    doc = services.summary_document(summary)
    filename = f"{doc.title or 'summary'}.{fmt}"
    if fmt == "pdf" and len(doc.blocks) > settings.DUBAN_JOB_SUMMARY_THRESHOLD:
        return _export_job(request, summary, doc, fmt, filename)
    record_export(request, summary, name=filename, fmt=fmt)
    response = HttpResponse(renderers[fmt](doc), content_type=CONTENT_TYPES[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=summary-{summary.pk}.{fmt}; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _export_job(request, summary, doc, fmt, filename):
    """A long summary's PDF renders in the background (like a large round's): progress page, then the download.
    Keyed by what the file is made of, so an unchanged summary gives the finished file at once."""
    from jobs.models import Job, content_key

    from .jobs import fingerprint

    job = Job.request(
        request.user,
        "reports.jobs.render_summary",
        {"summary_id": summary.pk, "fmt": fmt},
        key=content_key("summary", fmt, fingerprint(doc)),
        label=_("导出：%(title)s（%(fmt)s）") % {"title": doc.title, "fmt": fmt.upper()},
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
    )
    if job.status == Job.Status.DONE:
        return redirect("jobs:download", job_id=job.pk)
    return redirect(job)


# --- next year's plan ------------------------------------------------------------------------------
def _session_key(plan):
    return f"reports-next-plan-{plan.pk}"


def _formset_initial(draft):
    from .services import indicator_lines

    return [{**r, "indicators": indicator_lines(r["indicators"])} for r in draft["tasks"]]


@office_required
def next_plan(request, plan_id):
    """生成下一年度计划草稿: a preview kept in the session; nothing is saved until 确认."""
    plan = access_plan(request.user, plan_id, ACT)
    sections = list(plan.sections.all())
    key = _session_key(plan)
    draft = request.session.get(key)
    if draft is None or request.GET.get("fresh"):
        draft = services.next_year_draft(plan)
        request.session[key] = draft
    status = 200
    if request.method == "POST":
        head = NextPlanForm(request.POST)
        formset = NextTaskFormSet(request.POST, form_kwargs={"plan": plan, "sections": sections})
        if head.is_valid() and formset.is_valid():
            rows = []
            for form in formset.forms:
                data = form.cleaned_data
                if not data or data.get("DELETE") or not data.get("text"):
                    continue
                carried = data.get("carried_from")
                original = next((r for r in draft["tasks"] if r["carried_from"] == carried), None) if carried else None
                rows.append(
                    {
                        "carried_from": carried if original else None,
                        "section": data["section"] if data["section"] in {s.pk for s in sections} else None,
                        "number": data["number"],
                        "text": data["text"],
                        "lead_unit": data["lead_unit"].pk,
                        "co_units": original["co_units"] if original else [],
                        "indicators": data["indicators"],
                    }
                )
            draft = {**draft, "title": head.cleaned_data["title"], "year": head.cleaned_data["year"], "tasks": rows}
            request.session[key] = draft
            if request.POST.get("action") == "confirm":
                new_plan = services.create_next_plan(plan, draft["title"], draft["year"], rows)
                del request.session[key]
                messages.success(
                    request, _("已创建%(year)s年度计划，共%(n)s项任务。") % {"year": new_plan.year, "n": len(rows)}
                )
                return redirect(new_plan)
            messages.success(request, _("预览已更新，尚未保存为计划。"))
            return redirect("reports:next_plan", plan_id=plan.pk)
        status = 400
    else:
        head = NextPlanForm(initial={"title": draft["title"], "year": draft["year"]})
        formset = NextTaskFormSet(initial=_formset_initial(draft), form_kwargs={"plan": plan, "sections": sections})
    sources = {t.pk: t for t in plan.tasks.all()}
    for form in formset.forms:
        form.source_task = sources.get(form.initial.get("carried_from") or _int(form["carried_from"].value()))
    return render(request, "reports/next_plan.html", {"plan": plan, "head": head, "formset": formset}, status=status)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@office_required
@require_POST
def next_plan_cancel(request, plan_id):
    plan = access_plan(request.user, plan_id, ACT)
    request.session.pop(_session_key(plan), None)
    messages.info(request, _("已取消，未保存任何内容。"))
    return redirect(plan)


# --- indicators across years -------------------------------------------------------------------------
def _indicators(request):
    """Indicators of the plans the office's level (or a level under it) issued: a district sees only its own."""
    return office_scope(request.user, Indicator.objects.all(), "task__plan__issuer")


@office_required
def trends_index(request):
    subjects = sorted(services.subjects(_indicators(request)).items(), key=lambda kv: (-len(kv[1]["years"]), kv[0]))
    return render(
        request, "reports/trends.html", {"subjects": [(k, sorted(v["years"]), v["count"]) for k, v in subjects]}
    )


@office_required
def trend(request):
    subject = (request.GET.get("subject") or "").strip()[:200]
    if not subject:
        return redirect("reports:trends")
    issuer = None
    if request.GET.get("issuer"):
        try:
            issuer = access_unit(request.user, int(request.GET["issuer"]))
        except ValueError:
            raise Http404(_("没有这个单位。")) from None
    _all, _rows, everywhere = services.trend(subject, indicators=_indicators(request))
    result, rows, matching = (
        services.trend(subject, issuer, indicators=_indicators(request)) if issuer else (_all, _rows, everywhere)
    )
    if not matching:
        raise Http404(_("没有这个指标。"))
    labels = {"actual": _("完成值"), "target": _("目标值")}
    issuers = sorted({i.task.plan.issuer for i in everywhere if i.task.plan.issuer_id}, key=lambda u: u.name)
    return render(
        request,
        "reports/trend.html",
        {
            "key": result.key,
            "subject": subject,
            "chart": result.chart(labels),
            "points": result.points,
            "years": result.years,
            "rows": rows,
            "issuer": issuer,
            "issuers": issuers if len(issuers) > 1 else [],
        },
    )


@office_required
def synonyms(request):
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        synonym = form.save(commit=False)
        synonym.owner = office_root(request.user)
        synonym.save()
        messages.success(request, _("已保存。"))
        return redirect("reports:synonyms")
    return render(
        request,
        "reports/synonyms.html",
        {"form": form, "synonyms": SubjectSynonym.objects.all()},
        status=400 if form.errors else 200,
    )


@office_required
@require_POST
def synonym_delete(request, synonym_id):
    access_synonym(request.user, synonym_id).delete()
    messages.success(request, _("已删除。"))
    return redirect("reports:synonyms")
