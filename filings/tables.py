"""The round's table (汇总表 read model): every task of a round, in the one table order, with its lead
unit's filing and package state. Built here once for the working view, the API and the exports.
"""

from .models import Filing


def working_rows(round_, states=None, unit=None):
    """[{task, filing, submission}] — ``filing`` None where the lead unit has none (in ``states``,
    when given: the official tables pass the approved state only)."""
    filings = Filing.objects.filter(submission__round=round_).lead_only().select_related("submission")
    if states is not None:
        filings = filings.filter(submission__state__in=states)
    by_task = {f.task_id: f for f in filings}
    tasks = round_.plan.tasks.select_related("lead_unit", "section").in_table_order()
    if unit is not None:
        tasks = tasks.filter(lead_unit=unit)
    rows = []
    for task in tasks:
        filing = by_task.get(task.pk)
        rows.append({"task": task, "filing": filing, "submission": filing.submission if filing else None})
    return rows
