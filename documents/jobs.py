"""Work that runs as background jobs (jobs.Job handlers): a large round's PDF, a large import's parse."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from docrender.model import FilingForm, StatusTable
from jobs.models import JobError, Outcome
from jobs.registry import handler

from . import exports, services


def round_document(round_, layout, states):
    build = exports.status_table if layout == "status" else exports.filing_form
    return build(round_, states=states)


@handler("documents.jobs.render_round")
def render_round(job, round_id, fmt, layout, states):
    """Render one round export in the worker, reporting progress as it goes."""
    from filings.models import Round

    job.report(5, _("读取数据"))
    round_ = Round.objects.select_related("plan__issuer").get(pk=round_id)
    document = round_document(round_, layout, tuple(states) if states is not None else None)
    job.report(20, _("排版中"))
    data = exports.render(document, fmt)
    job.report(95, _("保存文件"))
    return data


@handler("documents.jobs.parse_import")
def parse_import(job, filename):
    """Parse an uploaded document (kept in the job's ``input``, in the database) into an import preview.

    The parse runs in a sandboxed child process as it does inline (docparse.sandbox); the preview is
    the same PendingImport the office gets from a small upload, reached from the job page.
    """
    from docparse.errors import ParseError

    from .models import PendingImport

    job.report(10, _("解析文档"))
    try:
        parsed = services.parse_document(bytes(job.input), filename)
    except ParseError as exc:
        raise JobError(exc.text(get_language())) from exc
    job.report(90, _("保存预览"))
    pending = PendingImport.objects.create(uploaded_by=job.created_by, filename=filename[:255], parsed=parsed)
    return Outcome(link=pending.get_absolute_url())


def document_fingerprint(document):
    """What the file is made of: equal fingerprints give byte-equal files, so the result is reused."""
    from dataclasses import asdict

    kind = "form" if isinstance(document, FilingForm) else "status" if isinstance(document, StatusTable) else "plan"
    return kind, asdict(document)
