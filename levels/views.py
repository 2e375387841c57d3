"""上下级 views: split a city task, the city's wide table, districts' reports up and their review."""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record, record_export
from audit.models import Kind
from filings.models import Round, TransitionError
from plans.models import Task
from units.access import ACT, READ, manages, office_required, office_root

from . import exchange, services
from .access import access_city_round, access_owed_round, access_report, access_split_task, my_city
from .forms import ReturnForm, SplitForm, UploadForm
from .models import UpwardReport


def _city_rounds(city):
    return (
        Round.objects.filter(plan__issuer=city, plan__tasks__splits__isnull=False)
        .distinct()
        .select_related("plan")
        .order_by("-as_of")
    )


@office_required
def index(request):
    """The city office: its rounds with split tasks. A district office: the city rounds it reports to."""
    root = office_root(request.user)
    context = {"root": root, "city_rounds": [], "owed": []}
    context["city_tasks"] = []
    if root is not None and root.is_city:
        context["city_rounds"] = list(_city_rounds(root))
        context["upload_form"] = UploadForm()
        context["city_tasks"] = list(
            Task.objects.filter(plan__issuer=root, indicators__isnull=False)
            .distinct()
            .select_related("plan")
            .prefetch_related("splits__plan__issuer")
            .order_by("-plan__year", "plan__title", "order", "pk")
        )
    elif root is not None and root.parent_id and root.parent.is_city:
        reports = {r.city_round_id: r for r in UpwardReport.objects.filter(district=root)}
        for round_ in (
            Round.objects.filter(plan__issuer=root.parent, plan__tasks__splits__plan__issuer=root)
            .distinct()
            .select_related("plan")
            .order_by("-as_of")
        ):
            context["owed"].append(
                {
                    "round": round_,
                    "report": reports.get(round_.pk),
                    "district_round": services.district_round_for(round_, root),
                }
            )
    return render(request, "levels/index.html", context)


def _city_round(request, round_id):
    return access_city_round(request.user, round_id)


def _states(request):
    return (
        (UpwardReport.State.APPROVED, UpwardReport.State.SENT)
        if request.GET.get("include") == "sent"
        else (UpwardReport.State.APPROVED,)
    )


@office_required
def city_view(request, round_id):
    """全市汇总 — one wide table: 全市 row, one row per district, target / actual / 完成率, ranking."""
    round_ = _city_round(request, round_id)
    table = services.wide_table(round_, _states(request))
    reports = UpwardReport.objects.filter(city_round=round_).select_related("district")
    return render(
        request,
        "levels/city_view.html",
        {
            "round": round_,
            "table": table,
            "reports": reports,
            "include_sent": request.GET.get("include") == "sent",
            "manages": manages(request.user, round_.plan.issuer),
        },
    )


@office_required
def city_export(request, round_id, fmt):
    from . import documents

    round_ = _city_round(request, round_id)
    table = services.wide_table(round_, _states(request))
    if fmt == "xlsx":
        body, content_type, stem = (
            documents.wide_xlsx(table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{round_.plan.title}{round_.name}全市汇总",
        )
    elif fmt in ("docx", "pdf", "html"):
        body, content_type = documents.district_status(round_, _states(request), fmt)
        stem = f"{round_.plan.title}{round_.name}完成情况"
    else:
        raise Http404(_("不支持的格式。"))
    record_export(request, round_, name=stem, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    if fmt != "html":
        response["Content-Disposition"] = (
            f"attachment; filename=\"duban.{fmt}\"; filename*=UTF-8''{quote(stem + '.' + fmt)}"
        )
    return response


@office_required
def split(request, task_id):
    """分解 a city task: one target per district and indicator."""
    task = access_split_task(request.user, task_id)
    city = task.plan.issuer
    form = SplitForm(request.POST or None, task=task, districts=city.districts())
    if request.method == "POST" and form.is_valid():
        try:
            services.split_task(task, form.targets())
        except services.LevelError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已分解到区县。"))
            for mismatch in services.task_mismatches(task):
                messages.warning(request, str(mismatch))
            return redirect(task.plan)
    return render(
        request, "levels/split.html", {"task": task, "form": form, "mismatches": services.task_mismatches(task)}
    )


def _report(request, report_id, need=READ):
    return access_report(request.user, report_id, need)


@office_required
def report_detail(request, report_id):
    report = _report(request, report_id)
    return render(
        request,
        "levels/report.html",
        {
            "report": report,
            "reviews": report.reviews.select_related("actor"),
            "can_review": services.can_review(request.user, report),
            "return_form": ReturnForm(),
        },
    )


@office_required
@require_POST
def report_send(request, round_id):
    """The district office freezes its approved filings of the split tasks and sends them up."""
    district, round_ = access_owed_round(request.user, round_id)
    try:
        report = services.send_up(round_, district, request.user)
    except services.LevelError as exc:
        messages.error(request, str(exc))
        return redirect("levels:index")
    messages.success(request, _("已上报（校验值 %(hash)s）。") % {"hash": report.content_hash[:12]})
    return redirect(report)


@office_required
@require_POST
def report_review(request, report_id, action):
    if action not in ("approve", "return"):
        raise Http404(_("未知的操作。"))
    report = _report(request, report_id, ACT)
    try:
        if action == "approve":
            services.approve(report, request.user)
            messages.success(request, _("已审核通过。"))
        else:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("退回时请填写意见。"))
                return redirect(report)
            services.send_back(report, request.user, form.cleaned_data["comment"])
            messages.success(request, _("已退回区县。"))
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect(report)


@office_required
def report_file(request, report_id, fmt):
    """The exchange file of a report (JSON, or the readable .xlsx)."""
    report = _report(request, report_id)
    if fmt == "json":
        body, content_type = exchange.to_json(report), "application/json"
    elif fmt == "xlsx":
        body, content_type = (
            exchange.to_xlsx(report.snapshot),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("不支持的格式。"))
    response = HttpResponse(body, content_type=content_type)
    name = (
        f"{report.district.division_code or report.district.pk}-{report.city_round_id}-{report.content_hash[:12]}.{fmt}"
    )
    record_export(request, report, name=name, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@office_required
def district_file(request, round_id, fmt):
    """A district office downloads its report as a file without sending it (a district on its own Duban)."""
    district, round_ = access_owed_round(request.user, round_id)
    snapshot = services.build_snapshot(round_, district)
    body = exchange.to_json(snapshot) if fmt == "json" else exchange.to_xlsx(snapshot) if fmt == "xlsx" else None
    if body is None:
        raise Http404(_("不支持的格式。"))
    record_export(request, round_, name=f"{district.name}上报文件", fmt=fmt)
    response = HttpResponse(
        body,
        content_type="application/json"
        if fmt == "json"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{district.division_code or district.pk}-{round_.pk}.{fmt}"'
    )
    return response


@office_required
@require_POST
def import_upload(request):
    """The city imports a district's exchange file into the same place a report sent in Duban lands."""
    city = my_city(request.user)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择文件。"))
        return redirect("levels:index")
    try:
        report = exchange.import_file(form.cleaned_data["file"].read(exchange.MAX_BYTES + 1), city, request.user)
    except exchange.ExchangeError as exc:
        messages.error(request, str(exc))
        return redirect("levels:index")
    record(
        Kind.IMPORT,
        action="upward_report",
        obj=report,
        details={"file": form.cleaned_data["file"].name, "hash": report.content_hash},
    )
    messages.success(request, _("已导入 %(name)s 的上报。") % {"name": report.district.name})
    return redirect(report)
