"""Exports that run as background jobs (jobs.Job handlers): a large round's PDF."""

from docrender.model import FilingForm, StatusTable

from . import exports


def round_document(round_, layout, states):
    build = exports.status_table if layout == "status" else exports.filing_form
    return build(round_, states=states)


def render_round(job, round_id, fmt, layout, states):
    """Render one round export in the worker, reporting progress as it goes."""
    from filings.models import Round

    job.report(5, "读取数据")
    round_ = Round.objects.select_related("plan__issuer").get(pk=round_id)
    document = round_document(round_, layout, tuple(states) if states is not None else None)
    job.report(20, "排版中")
    data = exports.render(document, fmt)
    job.report(95, "保存文件")
    return data


def document_fingerprint(document):
    """What the file is made of: equal fingerprints give byte-equal files, so the result is reused."""
    from dataclasses import asdict

    kind = "form" if isinstance(document, FilingForm) else "status" if isinstance(document, StatusTable) else "plan"
    return kind, asdict(document)
