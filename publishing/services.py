"""Publishing steps: build the table, scan it, resolve the hits, freeze a version; catalogue helpers.

The views call these; every state change happens here or on the models, in one transaction.
"""

import dataclasses
import hashlib
import json
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.log import record
from audit.models import Kind
from docparse import privacy
from documents import exports
from filings.models import Filing, Submission
from units.models import User

from . import indexno, workdays
from .models import Attachment, PrivacyHit, PrivacyReview, Publication, PublicationVersion, PublishError

CELL_FIELDS = (
    ("task", gettext_lazy("目标任务")),
    ("completion", gettext_lazy("完成情况")),
    ("problems", gettext_lazy("存在问题及解决建议")),
    ("lead_unit", gettext_lazy("牵头单位")),
)


# --- the table ------------------------------------------------------------------------------------


def approved_task_ids(round_):
    """Tasks whose lead unit's submission for ``round_`` is approved (审核通过)."""
    filings = Filing.objects.filter(submission__round=round_, submission__state=Submission.State.APPROVED).lead_only()
    return set(filings.values_list("task_id", flat=True))


def round_table(round_):
    """The round's official status table (documents.exports), approved filings only.

    exports.status_table reads approved filings only (unfiled rows say （未报送）); as a second line
    of defence every row whose task has no approved lead filing is emptied here, so nothing
    unapproved can reach the public. 佐证材料 are never published, not even their names.
    """
    table = exports.status_table(round_, states=exports.OFFICIAL)
    approved = approved_task_ids(round_)
    tasks = list(round_.plan.tasks.in_table_order().values_list("pk", "text"))
    rows = []
    for index, row in enumerate(table.rows):
        task_pk, task_text = tasks[index] if index < len(tasks) else (None, None)
        if task_pk not in approved or task_text != row.task:
            row = dataclasses.replace(row, completion=exports.NOT_FILED, problems="", self_assessment="")
        rows.append(dataclasses.replace(row, evidence=""))
    return dataclasses.replace(table, rows=rows)


def cells(table):
    """Every text of the table that reaches the public: [(key, label, text)]."""
    out = [("title", _("标题"), table.title)]
    for index, row in enumerate(table.rows):
        line = _("第%(n)s行") % {"n": index + 1}
        for field, label in CELL_FIELDS:
            out.append((f"{index}.{field}", f"{line} {label}", getattr(row, field) or ""))
    return out


def table_hash(table):
    payload = json.dumps([dataclasses.asdict(r) for r in table.rows] + [table.title], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def apply_decisions(table, hits):
    """The table with every masked hit replaced by its mask, every rewritten sentence by its new text and
    every dropped sentence taken out (kept hits stay as they are)."""
    texts = dict((key, text) for key, _label, text in cells(table))
    spans = {}
    for hit in hits:
        if hit.decision == PrivacyHit.Decision.MASK:
            spans.setdefault(hit.cell, []).append((hit.start, hit.end, hit.masked))
        elif hit.decision in (PrivacyHit.Decision.EDIT, PrivacyHit.Decision.DROP):
            start, end = privacy.sentence_span(texts.get(hit.cell, ""), hit.start, hit.end)
            spans.setdefault(hit.cell, []).append(
                (start, end, hit.replacement if hit.decision == PrivacyHit.Decision.EDIT else "")
            )
    spans = {cell: privacy.without_overlaps(cell_spans) for cell, cell_spans in spans.items()}
    title = privacy.apply_masks(table.title, spans.get("title", []))
    rows = []
    for index, row in enumerate(table.rows):
        changes = {
            field: privacy.apply_masks(getattr(row, field) or "", spans[f"{index}.{field}"])
            for field, _label in CELL_FIELDS
            if f"{index}.{field}" in spans
        }
        rows.append(dataclasses.replace(row, **changes))
    return dataclasses.replace(table, title=title, rows=rows)


# --- the privacy scan -----------------------------------------------------------------------------


def round_people(round_):
    """(names, contacts) of the round's 填报人, 签发人 and the owing units' people — never to be published."""
    names, contacts = set(), set()
    for filler, contact, signer_name, _signer_login in Submission.objects.filter(round=round_).values_list(
        "filler_name", "contact", "signer__display_name", "signer__username"
    ):
        names.update(n for n in (filler, signer_name) if n)
        if contact and contact.strip() not in ("—", "-"):
            contacts.add(contact.strip())
    units = round_.owing_units()
    for display, phone in User.objects.filter(
        unit__in=units, role__in=[User.Role.FILLER, User.Role.SIGNER]
    ).values_list("display_name", "phone"):
        if display:
            names.add(display)
        if phone:
            contacts.add(phone)
    # Names of 2–4 Chinese characters only: a login such as "yuhuan_head" is not a person's name in a text.
    return sorted(n for n in names if re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", n)), sorted(contacts)


@transaction.atomic
def start_review(publication, user):
    """Scan what would be published now and log a new review with one row per hit."""
    table = round_table(publication.round)
    names, contacts = round_people(publication.round)
    review = PrivacyReview.objects.create(publication=publication, source_hash=table_hash(table), created_by=user)
    hits = []
    for key, label, text in cells(table):
        for hit in privacy.scan(text, names=names, contacts=contacts):
            before, value, after = hit.context(text)
            begin, stop = privacy.sentence_span(text, hit.start, hit.end)
            hits.append(
                PrivacyHit(
                    review=review,
                    cell=key,
                    cell_label=label[:200],
                    kind=hit.kind,
                    start=hit.start,
                    end=hit.end,
                    text=value[:300],
                    before=before,
                    after=after,
                    masked=privacy.mask(hit)[:300],
                    sentence=text[begin:stop],
                )
            )
    PrivacyHit.objects.bulk_create(hits)
    return review


def current_review(publication):
    """The latest unused review, if it still matches the data (else None: a new scan is needed)."""
    review = publication.reviews.filter(used_for__isnull=True).first()
    if review is None or review.source_hash != table_hash(round_table(publication.round)):
        return None
    return review


def decide(hit, user, decision, reason="", replacement=""):
    """遮盖 / 保留 (with a reason) / 改写所在句子 (the new sentence and why) / 删去所在句子 (why) — who and when logged."""
    if hit.review.used_for is not None:
        raise PublishError(_("该审查已用于发布，不能再修改。"))
    reason, replacement = (reason or "").strip(), (replacement or "").strip()
    Decision = PrivacyHit.Decision
    if decision not in (Decision.MASK, Decision.KEEP, Decision.EDIT, Decision.DROP):
        raise PublishError(_("无效的处理方式。"))
    if decision == Decision.KEEP and not reason:
        raise PublishError(_("保留时请填写理由。"))
    if decision in (Decision.EDIT, Decision.DROP) and not reason:
        raise PublishError(_("改写或删去句子时请填写理由。"))
    if decision == Decision.EDIT:
        if not replacement:
            raise PublishError(_("请填写改写后的句子（要删去整句请选“删去所在句子”）。"))
        if privacy.scan(replacement):
            raise PublishError(_("改写后的句子仍含个人信息或不宜公开的内容，请再修改。"))
    hit.decision = decision
    hit.reason = reason if decision != Decision.MASK else ""
    hit.replacement = replacement if decision == Decision.EDIT else ""
    hit.decided_by, hit.decided_at = user, timezone.now()
    hit.save(update_fields=["decision", "reason", "replacement", "decided_by", "decided_at"])
    return hit


# --- publishing -----------------------------------------------------------------------------------

CONTENT_TYPES = {fmt: exports.FORMATS[fmt] for fmt in ("docx", "xlsx", "pdf")}


def publish_formats():
    return [fmt for fmt in settings.DUBAN_PUBLISH_FORMATS if fmt in CONTENT_TYPES]


def safe_filename(title):
    return re.sub(r'[\\/:*?"<>|\s]+', "", title)[:120] or "publication"


def check_publishable(publication, correction_note=""):
    """Every refusal of publishing, asked before anything is rendered (PublishError).

    Returns (review, masked table): the privacy review the version will be published through and
    the table with its decisions applied — what the attachments are rendered from.
    """
    if publication.state == Publication.State.WITHDRAWN:
        raise PublishError(_("已废止的信息不能再发布。"))
    correcting = publication.state == Publication.State.PUBLISHED
    if correcting and not (correction_note or "").strip():
        raise PublishError(_("发布更正时请填写更正说明。"))
    if publication.round is None:
        raise PublishError(_("没有可发布的内容。"))
    if not approved_task_ids(publication.round):
        raise PublishError(_("本轮次还没有审核通过的填报，不能公开。"))
    table = round_table(publication.round)
    review = publication.reviews.filter(used_for__isnull=True).first()
    if review is None:
        raise PublishError(_("请先进行隐私审查。"))
    if review.source_hash != table_hash(table):
        raise PublishError(_("填报内容在隐私审查后有变化，请重新进行隐私审查。"))
    if not review.is_resolved:
        raise PublishError(_("还有 %(n)s 处隐私审查结果未处理，不能发布。") % {"n": review.open_hits.count()})
    return review, apply_decisions(table, list(review.hits.all()))


def publish(publication, user, correction_note="", progress=None):
    """Freeze version n+1 of ``publication`` from the round's approved table, through its privacy review.

    The attachments are rendered first, outside the transaction (a large round takes seconds and no
    writer waits for it); then, with the publication locked, every check is asked again and the
    version is frozen only if the table is still exactly the one rendered. ``progress(done, total)``
    is called after each attachment (a background job reports it).
    """
    correction_note = (correction_note or "").strip()
    review, masked = check_publishable(publication, correction_note)
    html, css = exports.html_fragment(masked)
    formats = publish_formats()
    files = {}
    for done, fmt in enumerate(formats, start=1):
        files[fmt] = exports.render(masked, fmt)
        if progress is not None:
            progress(done, len(formats))
    hashes = {fmt: hashlib.sha256(data).hexdigest() for fmt, data in files.items()}
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        review_now, masked_now = check_publishable(publication, correction_note)
        if review_now.pk != review.pk or masked_now != masked:
            raise PublishError(_("生成附件期间内容或隐私审查结果有变化，请重新发布。"))
        return _freeze(publication, user, correction_note, review, html, css, files, hashes)


def _freeze(publication, user, correction_note, review, html, css, files, hashes):
    number = (publication.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    catalogue = publication.catalogue()
    catalogue["validity"] = publication.validity
    version = PublicationVersion.objects.create(
        publication=publication,
        number=number,
        catalogue=catalogue,
        title=publication.title,
        table_html=html,
        table_css=css,
        content_hash=PublicationVersion.compute_hash(catalogue, publication.title, html, hashes),
        correction_note=correction_note,
        review=review,
        published_by=user,
        published_at=now,
    )
    stem = safe_filename(publication.title)
    for fmt, data in files.items():
        Attachment.objects.create(
            version=version,
            fmt=fmt,
            filename=f"{stem}.{fmt}",
            content_type=CONTENT_TYPES[fmt],
            content=data,
            sha256=hashes[fmt],
            size=len(data),
        )
    review.used_for = number
    review.save(update_fields=["used_for"])
    publication.state = Publication.State.PUBLISHED
    publication.first_published_at = publication.first_published_at or now
    publication.save()
    record(
        Kind.PUBLISH,
        action="correct" if number > 1 else "publish",
        obj=publication,
        user=user,
        details={"version": number, "hashes": hashes},
    )
    return version


# --- 索引号 ---------------------------------------------------------------------------------------


def index_settings():
    return {
        "code": settings.DUBAN_CREDIT_CODE,
        "width": int(settings.DUBAN_INDEX_SERIAL_WIDTH),
        "separator": settings.DUBAN_INDEX_SEPARATOR,
    }


def next_index_number(code, year):
    """The next generated 索引号 for ``code`` and ``year``: one more than the highest serial in use."""
    opts = index_settings()
    code = indexno.validate_credit_code(code)
    prefix = f"{code}/{year}{opts['separator']}"
    serials = [
        int(n[len(prefix) :])
        for n in Publication.objects.filter(index_number__startswith=prefix).values_list("index_number", flat=True)
        if n[len(prefix) :].isdigit()
    ]
    return str(indexno.generate(code, year, max(serials, default=0) + 1, opts["width"], opts["separator"]))


# --- the 20-working-day rule ----------------------------------------------------------------------


def calendar():
    return (workdays.parse_dates(settings.DUBAN_HOLIDAYS), workdays.parse_dates(settings.DUBAN_MAKEUP_WORKDAYS))


def publish_deadline(round_):
    holidays, makeup = calendar()
    return workdays.add_workdays(round_.as_of, int(settings.DUBAN_PUBLISH_WITHIN_WORKDAYS), holidays, makeup)


def rounds_overview(rounds, today=None):
    """For each round: its publication (if any), its deadline and whether it is overdue (unpublished past the deadline)."""
    today = today or timezone.localdate()
    by_round = {}
    for pub in Publication.objects.filter(round__in=rounds).exclude(state=Publication.State.WITHDRAWN).order_by("pk"):
        by_round[pub.round_id] = pub
    out = []
    for round_ in rounds:
        pub = by_round.get(round_.pk)
        deadline = publish_deadline(round_)
        published = pub is not None and pub.state == Publication.State.PUBLISHED
        out.append(
            {"round": round_, "publication": pub, "deadline": deadline, "overdue": not published and today > deadline}
        )
    return out
