"""Attaching, removing, finding and bundling 佐证材料. Views stay thin: every rule is here.

* The type is decided by the bytes (``sniff``), never by the name or the browser's content type.
* Who may add or remove: whoever may edit the filing now (``filings.rights``: the unit's filler while the
  package is a draft or returned, the round not locked) — so evidence freezes with the package.
* Who may read: whoever sees the filing (evidence/access.py): the unit's filler and signer, the office of its
  bureau and the city above; anyone else gets 404.
"""

import hashlib
import io
import os
import tempfile
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from filings.access import require
from filings.models import Filing, Submission
from units.access import NotNow

from .models import Evidence

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
EXTENSIONS = {
    Evidence.Kind.IMAGE: (".jpg", ".jpeg", ".png", ".gif", ".webp"),
    Evidence.Kind.PDF: (".pdf",),
    Evidence.Kind.WORD: (".doc", ".docx"),
    Evidence.Kind.EXCEL: (".xls", ".xlsx"),
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EvidenceRefused(Exception):
    """A file that cannot be attached (type, size, count, state): ``str(err)`` is the message for the user."""


def _ole2_kind(data):
    """A Word 97–2003 .doc holds a "WordDocument" stream, an Excel .xls a "Workbook" (or "Book") stream: their names
    are in the compound file's directory, which may lie anywhere in the file (the whole file is searched)."""
    if "WordDocument".encode("utf-16-le") in data:
        return Evidence.Kind.WORD, "application/msword", ".doc"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return Evidence.Kind.EXCEL, "application/vnd.ms-excel", ".xls"
    return None


def _ooxml_kind(data):
    """A .docx or .xlsx is a zip whose directory lists word/document.xml or xl/workbook.xml (nothing is inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return Evidence.Kind.WORD, DOCX, ".docx"
    if "xl/workbook.xml" in names:
        return Evidence.Kind.EXCEL, XLSX, ".xlsx"
    return None


def sniff(data):
    """(kind, content type, extension) decided by the file's bytes, or None when it is no allowed type."""
    import filetype

    if data.startswith(OLE2):
        return _ole2_kind(data)
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    guess = filetype.guess(data[:8192])
    if guess is None:
        return None
    if guess.mime in IMAGE_TYPES:
        return Evidence.Kind.IMAGE, guess.mime, IMAGE_TYPES[guess.mime]
    if guess.mime == "application/pdf":
        return Evidence.Kind.PDF, "application/pdf", ".pdf"
    return None


def display_name(name, kind, extension):
    """The name shown and offered for download: the uploaded name, its extension made to match the content."""
    name = os.path.basename((name or "").replace("\\", "/")).strip() or _("佐证材料")
    name = "".join(c for c in name if c.isprintable())[:200]
    stem, ext = os.path.splitext(name)
    if ext.lower() not in EXTENSIONS[kind]:
        name = (stem or name) + extension
    return name


def limits():
    """The upload limits, and the line that says them under every upload control (worded once per page)."""
    size, count = settings.DUBAN_EVIDENCE_MAX_BYTES, settings.DUBAN_EVIDENCE_MAX_FILES
    hint = _("图片、PDF、Word、Excel；单个文件不超过 %(size)s，每项任务最多 %(n)s 个") % {
        "size": filesizeformat(size),
        "n": count,
    }
    return {"max_bytes": size, "max_files": count, "hint": hint}


def human_size(size):
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def check_may_change(user, filing):
    """Adding and removing evidence is editing the filing: the same right, at the same moments. Raises Forbidden
    (never this user's: 403) or EvidenceRefused (not in the package's present state)."""
    try:
        require(user, "edit_filing", filing)
    except NotNow:
        raise EvidenceRefused(_("报送已提交、签发或审核通过（或轮次已锁定），佐证材料不能再增删。")) from None


def attach(user, filing, upload):
    """Store ``upload`` (a Django UploadedFile) as evidence of ``filing``; raises EvidenceRefused or Forbidden."""
    check_may_change(user, filing)
    limit = settings.DUBAN_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise EvidenceRefused(
            _("文件“%(name)s”过大（%(size)s），单个文件不能超过 %(limit)s。")
            % {"name": upload.name, "size": human_size(upload.size), "limit": human_size(limit)}
        )
    if upload.size == 0:
        raise EvidenceRefused(_("文件“%(name)s”是空文件。") % {"name": upload.name})
    data = upload.read(limit + 1)
    found = sniff(data)
    if found is None:
        raise EvidenceRefused(
            _(
                "文件“%(name)s”的内容不是允许的类型：只能上传图片（JPG、PNG、GIF、WebP）、PDF、Word（.doc/.docx）或 Excel（.xls/.xlsx）文件。文件类型按内容判断，与扩展名无关。"
            )
            % {"name": upload.name}
        )
    kind, content_type, extension = found
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = Filing.objects.select_for_update().select_related("submission__round").get(pk=filing.pk)
        check_may_change(user, locked)  # the package may have been submitted meanwhile
        count = Evidence.objects.filter(filing=locked, removed_at=None).count()
        if count >= settings.DUBAN_EVIDENCE_MAX_FILES:
            raise EvidenceRefused(
                _("每项任务最多上传 %(n)s 个佐证材料，请先删除不需要的文件。")
                % {"n": settings.DUBAN_EVIDENCE_MAX_FILES}
            )
        path = f"evidence/{digest[:2]}/{digest}{extension}"
        if not default_storage.exists(path):  # content-addressed: the same bytes are stored once
            path = default_storage.save(path, ContentFile(data))
        return Evidence.objects.create(
            filing=locked,
            file=path,
            name=display_name(upload.name, kind, extension),
            size=len(data),
            sha256=digest,
            kind=kind,
            content_type=content_type,
            attached_by=user,
            attached_at=timezone.now(),
        )


def remove(user, item):
    """Mark ``item`` removed (who, when): it leaves the row, the exports and the zip, and stays in the history."""
    check_may_change(user, item.filing)
    if item.removed_at is not None:
        return
    Evidence.objects.filter(pk=item.pk, removed_at=None).update(removed_at=timezone.now(), removed_by=user)


def current(filings):
    """{filing pk: [evidence not removed]} for ``filings``, in one query."""
    out = {f.pk: [] for f in filings}
    for item in Evidence.objects.filter(filing__in=[f.pk for f in filings], removed_at=None).select_related(
        "attached_by"
    ):
        out[item.filing_id].append(item)
    return out


def open_file(item):
    return default_storage.open(item.file.name, "rb")


def round_evidence(round_, units_queryset, with_signed=False):
    """The evidence of a round's approved packages (and signed ones too when ``with_signed``), not removed,
    of the units in ``units_queryset`` (the office's scope), in sheet order."""
    states = [Submission.State.APPROVED] + ([Submission.State.SIGNED] if with_signed else [])
    return (
        Evidence.objects.filter(
            filing__submission__round=round_,
            filing__submission__state__in=states,
            filing__submission__unit__in=units_queryset,
            removed_at=None,
        )
        .select_related("filing__task", "filing__submission__unit")
        .order_by(
            "filing__submission__unit__order",
            "filing__submission__unit__name",
            "filing__task__order",
            "attached_at",
            "pk",
        )
    )


def round_zip(items):
    """One .zip of ``items`` (a folder per unit, files named by task number and name), as a temporary file
    (kept in memory up to 16 MB, then on the local disk: scratch, gone when closed)."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 — returned open: the response streams and closes it
    used = set()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for item in items:
            unit = item.filing.submission.unit
            base = f"{_safe(unit.name)}/{_safe(item.filing.task.number)}-{_safe(item.name)}"
            stem, ext = os.path.splitext(base)
            arcname, n = base, 1
            while arcname in used:
                n += 1
                arcname = f"{stem}({n}){ext}"
            used.add(arcname)
            with open_file(item) as src, zf.open(arcname, "w", force_zip64=True) as dst:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    dst.write(chunk)
    spool.seek(0)
    return spool


def _safe(part):
    return "".join("_" if c in '/\\:*?"<>|' or not c.isprintable() else c for c in str(part)).strip() or "_"


def names_by_filing(filing_ids):
    """{filing pk: [names of its evidence not removed]} — what the round exports list in each row."""
    out = {}
    for filing_id, name in (
        Evidence.objects.filter(filing__in=filing_ids, removed_at=None)
        .order_by("attached_at", "pk")
        .values_list("filing_id", "name")
    ):
        out.setdefault(filing_id, []).append(name)
    return out
