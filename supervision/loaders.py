"""The rows supervision judges, each kind loaded in one place and in bulk.

Every page (dashboard, to-do, sheet, filing, task history, unit year) and every caller above
supervision (search, api) loads the figures through these functions: one query per kind, whatever
the number of tasks, filings or rounds.

* ``actuals(filings)`` — the indicators' reported values of some filings;
* ``indicators(tasks)`` — the indicators of some tasks (``indicator_values``: only what is judged, as plain
  values, for pages judging hundreds of tasks);
* ``previous_rounds(rounds)`` / ``previous_texts(previous)`` — the round before each round and the
  完成情况 written in it (for the unchanged-from-last-round warning and 沿用上期内容).
"""

from collections import defaultdict
from typing import NamedTuple

from filings.models import Filing, IndicatorActual, Round
from plans.models import Indicator


def actuals(filings):
    """{filing id: {indicator id: value}} (base units) for ``filings``: a Filing queryset, or filings or their ids."""
    return IndicatorActual.objects.filter(filing__in=filings).by_filing()


def indicators(tasks):
    """{task id: [Indicator, …] in the plan's order} for ``tasks``: a Task queryset, or tasks or their ids."""
    out = defaultdict(list)
    for indicator in Indicator.objects.filter(task__in=tasks).order_by("pk"):
        out[indicator.task_id].append(indicator)
    return dict(out)


class IndicatorValues(NamedTuple):
    """The fields of an Indicator that the proposal and the figure checks read (supervision.advice)."""

    pk: int
    task_id: int
    subject: str
    target_value: object  # Decimal
    unit: str
    comparator: str
    baseline: object  # Decimal or None
    scale: int


def indicator_values(tasks):
    """As :func:`indicators`, each indicator as IndicatorValues: two hundred model instances cost a
    millisecond that a page judging every task of a plan (the round dashboard) need not pay."""
    out = defaultdict(list)
    rows = Indicator.objects.filter(task__in=tasks).order_by("pk").values_list(*IndicatorValues._fields)
    for row in rows:
        indicator = IndicatorValues(*row)
        out[indicator.task_id].append(indicator)
    return dict(out)


def previous_rounds(rounds):
    """{round id: the round of the same plan just before it (by 截至 date), or None}, in one query."""
    rounds = list(rounds)
    by_plan = defaultdict(list)
    if rounds:
        for round_ in Round.objects.filter(plan__in={r.plan_id for r in rounds}).order_by("as_of", "pk"):
            by_plan[round_.plan_id].append(round_)
    out = {}
    for round_ in rounds:
        earlier = [r for r in by_plan[round_.plan_id] if r.as_of < round_.as_of]
        out[round_.pk] = earlier[-1] if earlier else None
    return out


def previous_round(round_):
    return previous_rounds([round_])[round_.pk]


def previous_texts(previous, unit=None, task=None):
    """{round id: {task id: 完成情况 in the previous round}} for ``previous`` (from :func:`previous_rounds`).

    The texts are ``unit``'s when given, else each task's lead unit's; ``task`` narrows to one task.
    One query (none when no round has a previous one).
    """
    out = {pk: {} for pk in previous}
    followers = defaultdict(list)  # previous round id → the rounds it precedes
    for pk, prev in previous.items():
        if prev is not None:
            followers[prev.pk].append(pk)
    if not followers:
        return out
    filings = Filing.objects.filter(submission__round__in=list(followers))
    filings = filings.filter(submission__unit=unit).order_by() if unit is not None else filings.lead_only()
    if task is not None:
        filings = filings.filter(task=task)
    for round_id, task_id, text in filings.values_list("submission__round_id", "task_id", "completion"):
        for pk in followers[round_id]:
            out[pk][task_id] = text
    return out
