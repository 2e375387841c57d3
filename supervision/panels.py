"""Supervision's panels on the filings pages (registered in filings.annotations, see apps.py)."""

from filings import rights

from . import advice
from .models import Extension


def filing_panel(user, filing):
    """建议自评 and 数字核对 for one filing, with links to the task's history and 申请延期."""
    may_extend = user is not None and rights.can_request_extension(user, filing)
    extensions = list(
        Extension.objects.filter(
            task=filing.task_id, unit=filing.submission.unit_id, round=filing.submission.round_id
        ).order_by("requested_at")
    )
    return {
        "template": "supervision/_filing_advice.html",
        "advice": advice.filing_advice(filing),
        "filing": filing,
        "may_extend": may_extend,
        "extensions": extensions,
    }


def sheet_panel(user, submission):
    """沿用上期内容, the flags of every filing and the unchanged-text warnings of one submission."""
    previous, items = advice.submission_advice(submission)
    noted = [(f, a) for f, a in items if a.flags or a.differs]
    can_copy = bool(previous) and user is not None and rights.can_submit(user, submission)
    empty = sum(1 for f, _a in items if not f.completion.strip())
    return {
        "template": "supervision/_submission_advice.html",
        "previous": previous,
        "noted": noted,
        "can_copy": can_copy and empty > 0,
    }
