"""工作总结 work that runs as a background job (jobs.Job handler): a long summary's PDF."""

from django.utils.translation import gettext as _

from jobs.registry import handler


@handler("reports.jobs.render_summary")
def render_summary(job, summary_id, fmt):
    """Typeset one summary in the worker, reporting progress as it goes."""
    from docrender.summary import render_summary_docx, render_summary_pdf

    from . import services
    from .models import Summary

    job.report(5, _("读取数据"))
    summary = Summary.objects.select_related("plan__issuer").get(pk=summary_id)
    document = services.summary_document(summary)
    job.report(20, _("排版中"))
    data = (render_summary_pdf if fmt == "pdf" else render_summary_docx)(document)
    job.report(95, _("保存文件"))
    return data


def fingerprint(document):
    """What the file is made of: equal fingerprints give byte-equal files, so the finished one is reused."""
    from dataclasses import asdict

    return asdict(document)
