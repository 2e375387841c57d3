"""Supervision's panels on the filings pages (registered in filings.annotations, see apps.py)."""

from filings import rights
from units.links import link_for

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
    can_copy = bool(previous) and user is not None and rights.can_submit(user, submission)
    empty = sum(1 for f, _a in items if not f.completion.strip())
    task_page = link_for("filings:filing")
    return {
        "template": "supervision/_submission_advice.html",
        "previous": previous,
        # as plain values: on a sheet of 60 rows this list can be 60 long
        "noted": [
            {
                "number": f.task.number,
                "url": task_page(f.pk),
                "differs": a.differs,
                "mine": a.self_label if a.differs else "",
                "proposed": a.proposal_label,
                "why": a.why if a.differs else "",
                "flags": [str(flag.message) for flag in a.flags],
            }
            for f, a in items
            if a.flags or a.differs
        ],
        "can_copy": can_copy and empty > 0,
    }
