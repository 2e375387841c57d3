"""Office side of 政府信息公开: catalogue, privacy review, publish / correct / withdraw, feedback list."""

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filings.access import rounds_visible
from filings.models import Submission
from units.access import ACT, READ, office_required

from . import services
from .access import (
    access_feedback,
    access_hit,
    access_publication,
    access_publishable_round,
    access_withdrawable,
    feedback_visible,
    publications_visible,
)
from .forms import HandleFeedbackForm, KeepForm, PublicationForm, PublishForm, WithdrawForm
from .models import Feedback, PrivacyHit, Publication, PublishError


def _publications(request):
    return publications_visible(request.user)


def _feedback(request):
    return feedback_visible(request.user)


@office_required
def index(request):
    rounds = list(rounds_visible(request.user).select_related("plan").order_by("-as_of", "pk"))
    approved = set(Submission.objects.filter(state=Submission.State.APPROVED).values_list("round_id", flat=True))
    overview = services.rounds_overview(rounds)
    for row in overview:
        row["has_approved"] = row["round"].pk in approved
    context = {
        "publications": _publications(request).select_related("round__plan").prefetch_related("versions"),
        "overview": overview,
        "overdue": [row for row in overview if row["overdue"]],
        "new_feedback": _feedback(request).filter(state=Feedback.State.NEW).count(),
    }
    return render(request, "publishing/index.html", context)


@office_required
def create(request, round_id):
    round_ = access_publishable_round(request.user, round_id)
    existing = Publication.objects.filter(round=round_).exclude(state=Publication.State.WITHDRAWN).first()
    if existing:
        return redirect(existing)
    bureau = round_.plan.issuer
    issuer = bureau.name if bureau else ""
    table = services.round_table(round_)
    # 索引号 made from the bureau's 统一社会信用代码 when one is known; else the office types the number
    code = (bureau.credit_code if bureau else "") or settings.DUBAN_CREDIT_CODE
    initial = {
        "title": table.title,
        "publisher": issuer,
        "source": issuer,
        "doc_date": timezone.localdate(),  # 发文日期: the day it is issued, not the round's due date
        "credit_code": code,
        "index_mode": Publication.IndexMode.GENERATED if code else Publication.IndexMode.MANUAL,
        "genre": "计划总结" if "计划总结" in settings.DUBAN_GENRE_CATEGORIES else "",
    }
    form = PublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        publication = form.save(commit=False)
        publication.round, publication.created_by = round_, request.user
        try:
            with transaction.atomic():
                publication.save()
        except IntegrityError:  # someone took the same 索引号 a moment ago
            form.add_error("index_number", _("该索引号已被使用。"))
        else:
            messages.success(request, _("已保存公开信息草稿，请进行隐私审查。"))
            return redirect("publishing:review", publication.pk)
    return render(request, "publishing/form.html", {"form": form, "round": round_})


@office_required
def detail(request, publication_id):
    publication = access_publication(request.user, publication_id)
    from .jobs import progress_of

    job, elsewhere = progress_of(publication, request.user)
    return render(
        request,
        "publishing/detail.html",
        {
            "publication": publication,
            "job": job,  # the progress of the caller's own publish job
            "publishing_elsewhere": elsewhere,
            "versions": publication.versions.prefetch_related("attachments").select_related("published_by", "review"),
            "reviews": publication.reviews.select_related("created_by").prefetch_related("hits__decided_by"),
            "withdraw_form": WithdrawForm(),
        },
    )


@office_required
def edit(request, publication_id):
    publication = access_publication(request.user, publication_id, ACT)
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("目录信息已保存；发布或发布更正后对公众生效。"))
        return redirect(publication)
    return render(
        request, "publishing/form.html", {"form": form, "round": publication.round, "publication": publication}
    )


@office_required
def review(request, publication_id):
    """隐私审查: the hits in context, mask or keep each; then publish (or publish a correction).
    Offices above read it; only the issuing level's office rescans (and masks, keeps, publishes)."""
    publication = access_publication(request.user, publication_id, ACT if request.method == "POST" else READ)
    if request.method == "POST" and request.POST.get("action") == "rescan":
        services.start_review(publication, request.user)
        return redirect("publishing:review", publication.pk)
    current = services.current_review(publication)
    stale = False
    if current is None:
        stale = publication.reviews.filter(used_for__isnull=True).exists()
        current = services.start_review(publication, request.user)
    hits = list(current.hits.select_related("decided_by"))
    preview_table = services.apply_decisions(services.round_table(publication.round), hits)
    from documents.exports import html_fragment

    table_html, table_css = html_fragment(preview_table)
    unapproved = (
        Submission.objects.filter(round=publication.round)
        .exclude(state=Submission.State.APPROVED)
        .select_related("unit")
    )
    return render(
        request,
        "publishing/review.html",
        {
            "publication": publication,
            "review": current,
            "hits": hits,
            "stale": stale,
            "open_count": sum(1 for h in hits if h.decision == PrivacyHit.Decision.PENDING),
            "publish_form": PublishForm(),
            "keep_form": KeepForm(),
            "table_html": table_html,
            "table_css": table_css,
            "unapproved": unapproved,
            "has_approved": bool(services.approved_task_ids(publication.round)),
        },
    )


@office_required
@require_POST
def decide(request, publication_id, hit_id):
    hit = access_hit(request.user, publication_id, hit_id)
    decision = request.POST.get("decision", "")
    try:
        services.decide(
            hit, request.user, decision, request.POST.get("reason", ""), request.POST.get("replacement", "")
        )
    except PublishError as exc:
        messages.error(request, str(exc))
    return redirect(f"{_review_url(publication_id)}#hit-{hit.pk}")


def _review_url(publication_id):
    from django.urls import reverse

    return reverse("publishing:review", args=[publication_id])


@office_required
@require_POST
def publish(request, publication_id):
    publication = access_publication(request.user, publication_id, ACT)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("更正说明不能超过1000字。"))
        return redirect("publishing:review", publication.pk)
    note = form.cleaned_data["correction_note"]
    try:
        publish_review, table = services.check_publishable(publication, note)
        if len(table.rows) > settings.DUBAN_JOB_PUBLISH_THRESHOLD:
            return _publish_job(request, publication, publish_review, note)
        version = services.publish(publication, request.user, note)
    except PublishError as exc:
        messages.error(request, str(exc))
        return redirect("publishing:review", publication.pk)
    messages.success(request, _("已发布第%(n)s版。") % {"n": version.number})
    return redirect(publication)


def _publish_job(request, publication, publish_review, note):
    """A large round: a worker renders the attachments and freezes the version; the publication page shows its progress."""
    from jobs.models import Job, content_key

    from .jobs import HANDLER

    Job.request(
        request.user,
        HANDLER,
        {"publication_id": publication.pk, "correction_note": note},
        key=content_key("publish", publication.pk, publish_review.pk, note),
        label=_("发布：%(title)s") % {"title": publication.title},
        fresh=True,
    )
    messages.info(request, _("正在后台生成附件并发布，完成后本页列出新版本。"))
    return redirect(publication)


@office_required
@require_POST
def withdraw(request, publication_id):
    publication = access_withdrawable(request.user, publication_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写废止原因。"))
        return redirect(publication)
    try:
        publication.withdraw(request.user, form.cleaned_data["reason"])
    except PublishError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已废止。公众页面显示“已废止”及原因。"))
    return redirect(publication)


@office_required
def feedback_list(request):
    state = request.GET.get("state", "")
    items = _feedback(request).select_related("publication", "handled_by")
    if state in Feedback.State.values:
        items = items.filter(state=state)
    return render(
        request,
        "publishing/feedback_list.html",
        {"items": items[:500], "state": state, "states": Feedback.State.choices},
    )


@office_required
@require_POST
def feedback_handle(request, feedback_id):
    item = access_feedback(request.user, feedback_id, ACT)
    form = HandleFeedbackForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            item.handle(request.user, form.cleaned_data["state"], form.cleaned_data["note"])
        messages.success(request, _("留言 %(no)s 已更新。") % {"no": item.receipt_number})
    else:
        messages.error(request, _("请选择有效的状态。"))
    return redirect("publishing:feedback")
