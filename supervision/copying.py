"""沿用上期内容: a unit's new round starts from what it wrote in the previous one."""

from django.db import transaction

from filings.models import Filing

from . import loaders


@transaction.atomic
def copy_forward(submission, user):
    """Fill each still-empty filing from the unit's filing of the previous round.

    Returns the number of filings filled. Every filled filing gets a version (Filing.save_edit).
    """
    prev = loaders.previous_round(submission.round)
    if prev is None:
        return 0
    old = {
        f.task_id: f
        for f in Filing.objects.filter(submission__round=prev, submission__unit=submission.unit_id).prefetch_related(
            "actuals"
        )
    }
    filled = 0
    for filing in submission.filings.select_for_update().prefetch_related("actuals"):
        source = old.get(filing.task_id)
        if source is None or filing.completion.strip() or list(filing.actuals.all()):
            continue
        if not (source.completion.strip() or list(source.actuals.all())):
            continue
        fields = {
            "completion": source.completion,
            "completed": source.completed,
            "reason": source.reason,
            "problems": source.problems,
        }
        actuals = {a.indicator: a.value for a in source.actuals.all()}
        if filing.save_edit(user, filing.version, fields, actuals):
            filled += 1
    return filled
