"""安全审计 — the system administrator's page: filter the log, export it as .xlsx or CSV. Read only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .access import require_auditor
from .log import record
from .models import Event, Kind
from .services import BadFilter, filtered, to_csv, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def event_list(request):
    require_auditor(request.user)
    try:
        events = filtered(request.GET)
    except BadFilter as exc:
        messages.error(request, str(exc))
        events = Event.objects.none()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        record(
            Kind.AUDIT,
            action="export",
            details={"format": fmt, "filters": {k: v for k, v in request.GET.items() if k != "format"}},
        )
        body, content_type = (to_csv(events), "text/csv; charset=utf-8") if fmt == "csv" else (to_xlsx(events), XLSX)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.{fmt}"'
        return response
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "kinds": Kind.choices, "params": request.GET, "query": query.urlencode()},
    )
