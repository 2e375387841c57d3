"""The public side of 政府信息公开 — no login. Only published items (and a 已废止 notice) are ever reachable.

Every lookup goes through ``visible()``: a draft, an unpublished round or an unknown id is a 404,
a withdrawn item shows its 已废止 notice and nothing of its content (410).
"""

import hashlib
import hmac
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from audit.addresses import client_address
from audit.log import record_export
from audit.models import Kind

from .forms import FeedbackForm
from .models import Attachment, Feedback, FeedbackAttempt, Publication, PublicationVersion

LISTED = (Publication.State.PUBLISHED,)


def visible():
    """Publications the public may know of: published or withdrawn, with at least one version."""
    return Publication.objects.filter(
        state__in=(Publication.State.PUBLISHED, Publication.State.WITHDRAWN), versions__isnull=False
    ).distinct()


def _get(publication_id):
    return get_object_or_404(visible(), pk=publication_id)


def _withdrawn(request, publication):
    return render(request, "publishing/public_withdrawn.html", {"publication": publication}, status=410)


@require_GET
def public_list(request):
    items = (
        Publication.objects.filter(state__in=LISTED, versions__isnull=False)
        .distinct()
        .order_by("-first_published_at", "-pk")
    )
    q = (request.GET.get("q") or "").strip()[:100]
    year = (request.GET.get("year") or "").strip()
    if q:
        items = items.filter(versions__title__icontains=q).distinct()
    if year.isdigit() and len(year) == 4:
        items = items.filter(doc_date__year=int(year))
    years = sorted(
        {d.year for d in Publication.objects.filter(state__in=LISTED).values_list("doc_date", flat=True) if d},
        reverse=True,
    )
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    # What the list shows comes from each item's latest frozen version, never from the catalogue being edited.
    for item in page:
        item.shown = item.latest
    return render(request, "publishing/public_list.html", {"page": page, "q": q, "year": year, "years": years})


def _version_page(request, publication, version, form=None, status=200):
    versions = list(
        publication.versions.only("number", "published_at", "correction_note", "publication_id").order_by("-number")
    )
    return render(
        request,
        "publishing/public_item.html",
        {
            "publication": publication,
            "version": version,
            "catalogue": version.catalogue,
            "versions": versions,
            "latest": versions[0],
            "attachments": version.attachments.only("fmt", "filename", "size", "version_id").order_by("fmt"),
            "form": form or FeedbackForm(),
            "is_latest": version.number == versions[0].number,
        },
        status=status,
    )


@require_GET
def public_item(request, publication_id):
    publication = _get(publication_id)
    if publication.state == Publication.State.WITHDRAWN:
        return _withdrawn(request, publication)
    return _version_page(request, publication, publication.latest)


@require_GET
def public_version(request, publication_id, number):
    publication = _get(publication_id)
    if publication.state == Publication.State.WITHDRAWN:
        return _withdrawn(request, publication)
    version = get_object_or_404(PublicationVersion, publication=publication, number=number)
    return _version_page(request, publication, version)


@require_GET
def public_attachment(request, publication_id, number, fmt):
    publication = get_object_or_404(visible().filter(state=Publication.State.PUBLISHED), pk=publication_id)
    attachment = get_object_or_404(Attachment, version__publication=publication, version__number=number, fmt=fmt)
    record_export(
        request, publication, name=attachment.filename, fmt=attachment.fmt, kind=Kind.DOWNLOAD, version=number
    )
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"publication.{attachment.fmt}\"; filename*=UTF-8''{quote(attachment.filename)}"
    )
    response["X-Content-SHA256"] = attachment.sha256
    return response


# --- feedback ------------------------------------------------------------------------------------


def address_key(request, purpose=""):
    """A keyed hash of the visitor's address (and what it is counted for: feedback posts, receipt look-ups),
    64 characters whatever the purpose: enough to count, useless to identify anyone."""
    message = f"{purpose}:{client_address(request)}" if purpose else client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def over_rate_limit(key):
    """Count this POST; True when the address has posted more than the limit within the window."""
    limit = int(settings.DUBAN_FEEDBACK_RATE_LIMIT)
    window = timedelta(seconds=int(settings.DUBAN_FEEDBACK_RATE_WINDOW))
    now = timezone.now()
    with transaction.atomic():
        FeedbackAttempt.objects.filter(at__lt=now - window).delete()
        FeedbackAttempt.objects.create(address=key, at=now)
        return FeedbackAttempt.objects.filter(address=key, at__gte=now - window).count() > limit


@require_POST
def public_feedback(request, publication_id):
    publication = get_object_or_404(visible().filter(state=Publication.State.PUBLISHED), pk=publication_id)
    if over_rate_limit(address_key(request)):
        response = render(
            request,
            "publishing/public_error.html",
            {
                "publication": publication,
                "message": _("留言过于频繁，请稍后再试。"),
            },
            status=429,
        )
        response["Retry-After"] = str(settings.DUBAN_FEEDBACK_RATE_WINDOW)
        return response
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _version_page(request, publication, publication.latest, form=form, status=400)
    item = form.save(commit=False)
    item.publication, item.version_number = publication, publication.latest.number
    item.save()
    messages.success(
        request, _("留言已提交，回执号：%(no)s。请保存回执号以便查询办理情况。") % {"no": item.receipt_number}
    )
    return redirect(f"{publication.public_url()}#feedback")


@require_GET
def public_receipt(request):
    """回执查询: the state of a message and the office's reply, by its 回执号 — never the message, the name or the
    contact. Each lookup counts against the feedback form's rate limit (a 回执号 cannot be guessed in bulk)."""
    number = (request.GET.get("no") or "").strip().upper()[:20]
    context = {"number": number, "feedback": None, "looked_up": bool(number)}
    if number:
        if over_rate_limit(address_key(request, "receipt")):
            response = render(
                request, "publishing/public_error.html", {"message": _("查询过于频繁，请稍后再试。")}, status=429
            )
            response["Retry-After"] = str(settings.DUBAN_FEEDBACK_RATE_WINDOW)
            return response
        context["feedback"] = (
            Feedback.objects.select_related("publication")
            .filter(receipt_number=number, publication__in=visible())
            .first()
        )
    return render(
        request,
        "publishing/public_receipt.html",
        context,
        status=404 if number and context["feedback"] is None else 200,
    )


# --- for the county portal's CMS -----------------------------------------------------------------


def _entry(publication, request):
    version = publication.latest
    data = dict(version.catalogue)
    data.update(
        {
            "id": publication.pk,
            "url": request.build_absolute_uri(publication.public_url()),
            "version": version.number,
            "published_at": version.published_at.isoformat(),
            "first_published_at": publication.first_published_at.isoformat(),
            "content_hash": version.content_hash,
            "correction_note": version.correction_note,
            "attachments": [
                {
                    "format": a.fmt,
                    "filename": a.filename,
                    "size": a.size,
                    "sha256": a.sha256,
                    "url": request.build_absolute_uri(a.public_url()),
                }
                for a in version.attachments.select_related("version")
            ],
        }
    )
    return data


@require_GET
def public_json(request):
    items = []
    for publication in visible().order_by("-first_published_at", "-pk"):
        if publication.state == Publication.State.WITHDRAWN:
            items.append(
                {
                    "id": publication.pk,
                    "index_number": publication.index_number,
                    "title": publication.latest.title,
                    "validity": "已废止",
                    "withdrawn_at": publication.withdrawn_at.isoformat(),
                    "withdraw_reason": publication.withdraw_reason,
                    "url": request.build_absolute_uri(publication.public_url()),
                }
            )
        else:
            items.append(_entry(publication, request))
    return JsonResponse({"items": items}, json_dumps_params={"ensure_ascii": False})


class PublicFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("政府信息公开")
    subtitle = gettext_lazy("卫生健康工作信息")

    def link(self):
        return reverse("publishing:public_list")

    def items(self):
        return (
            Publication.objects.filter(state__in=LISTED, versions__isnull=False)
            .distinct()
            .order_by("-first_published_at", "-pk")[:50]
        )

    def item_title(self, item):
        return item.latest.title

    def item_description(self, item):
        catalogue = item.latest.catalogue
        parts = [f"{_('索引号')}：{catalogue['index_number']}", f"{_('发布机构')}：{catalogue['publisher']}"]
        if catalogue.get("summary"):
            parts.append(catalogue["summary"])
        return "；".join(parts)

    def item_link(self, item):
        return item.public_url()

    def item_guid(self, item):
        return item.index_number

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.latest.published_at
