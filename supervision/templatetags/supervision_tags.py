"""Template tags that put supervision's advice on the filings pages without changing their views."""

from django import template

from filings import rights

from .. import services
from ..models import Extension

register = template.Library()


@register.inclusion_tag("supervision/_filing_advice.html", takes_context=True)
def filing_advice(context, filing):
    """建议自评 and 数字核对 for one filing, with links to the task's history and 申请延期."""
    user = context.get("user")
    may_extend = user is not None and rights.can_request_extension(user, filing)
    extensions = list(Extension.objects.filter(task=filing.task_id, unit=filing.submission.unit_id, round=filing.submission.round_id).order_by("requested_at"))
    return {"advice": services.filing_advice(filing), "filing": filing, "user": user, "may_extend": may_extend, "extensions": extensions}


@register.inclusion_tag("supervision/_submission_advice.html", takes_context=True)
def submission_advice(context, submission):
    """沿用上期内容, the flags of every filing and the unchanged-text warnings of one submission."""
    previous, items = services.submission_advice(submission)
    user = context.get("user")
    noted = [(f, a) for f, a in items if a.flags or a.differs]
    can_copy = bool(previous) and user is not None and rights.can_submit(user, submission)
    empty = sum(1 for f, _a in items if not f.completion.strip())
    return {"submission": submission, "previous": previous, "noted": noted, "can_copy": can_copy and empty > 0, "user": user, "csrf_token": context.get("csrf_token")}
