"""Attach, list, serve and bundle 佐证材料. The rules are in services.py; these views only translate them to HTTP."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import record_export
from audit.models import Kind
from filings import rights
from filings.access import access_filing, access_round
from units.access import office_required, office_scope
from units.models import Unit

from . import html, services
from .access import access_evidence
from .models import Evidence

# an image shown inline is only an image: no script, no style, no plug-in, no frame, even if opened directly
IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"


def _block(request, filing, error=None):
    """The evidence block of one filing (what HTMX swaps in place)."""
    next_url = filing.get_absolute_url() if request.POST.get("next") == filing.get_absolute_url() else ""
    return HttpResponse(
        html.block(
            csrf_input(request),
            filing.pk,
            services.current([filing])[filing.pk],
            services.limits(),
            reverse("evidence:attach", args=[filing.pk]),
            rights.can_edit_filing(request.user, filing),
            next_url,
            error or "",
        )
    )


def _back(request, filing):
    return redirect(
        request.POST.get("next")
        if request.POST.get("next") == filing.get_absolute_url()
        else f"{filing.submission.get_absolute_url()}#row-{filing.pk}"
    )


@login_required
@require_POST
def attach(request, filing_id):
    filing = access_filing(request.user, filing_id)
    uploads = request.FILES.getlist("file")
    error = None
    try:
        services.check_may_change(request.user, filing)  # the right first: a refusal says nothing of the form
    except services.EvidenceRefused as exc:
        error, uploads = str(exc), []
    else:
        if not uploads:
            error = _("请选择要上传的文件。")
    for upload in uploads:
        try:
            services.attach(request.user, filing, upload)
        except services.EvidenceRefused as exc:
            error = str(exc)
            break
    if request.htmx:
        return _block(request, filing, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("佐证材料已上传。"))
    return _back(request, filing)


@login_required
@require_POST
def remove(request, evidence_id):
    item = access_evidence(request.user, evidence_id)
    filing = access_filing(request.user, item.filing_id)
    error = None
    try:
        services.remove(request.user, item)
    except services.EvidenceRefused as exc:
        error = str(exc)
    if request.htmx:
        return _block(request, filing, error)
    if error:
        messages.error(request, error)
    return _back(request, filing)


def _serve(item, disposition):
    response = FileResponse(services.open_file(item), content_type=item.content_type)
    response["Content-Length"] = str(item.size)
    ext = item.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"evidence-{item.pk}.{ext}\"; filename*=UTF-8''{quote(item.name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def download(request, evidence_id):
    """The file itself, always as a download, to whoever sees its filing; 404 to anyone else."""
    item = access_evidence(request.user, evidence_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    record_export(request, item, name=item.name, kind=Kind.DOWNLOAD, filing=item.filing_id)
    return _serve(item, "attachment")


@login_required
def inline_image(request, evidence_id):
    """An image (by its bytes) shown in the page; every other type is only ever a download."""
    item = access_evidence(request.user, evidence_id)
    if item.kind != Evidence.Kind.IMAGE:
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    response = _serve(item, "inline")
    response["Content-Security-Policy"] = IMAGE_CSP
    return response


@office_required
def round_zip(request, round_id):
    """The round's evidence as one .zip: approved packages (with ?signed=1 signed ones too), units in scope."""
    round_ = access_round(request.user, round_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    items = list(
        services.round_evidence(
            round_, office_scope(request.user, Unit.objects.all(), "pk"), with_signed=request.GET.get("signed") == "1"
        )
    )
    name = _("%(round)s佐证材料.zip") % {"round": f"{round_.plan.title}{round_.name}"}
    record_export(request, round_, name=name, fmt="zip", files=len(items), signed=request.GET.get("signed") == "1")
    response = FileResponse(services.round_zip(items), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename=\"evidence.zip\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
