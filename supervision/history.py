"""One task across the plan's rounds, and one unit's tasks across the plan year."""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from filings.models import Filing, Round, Submission

from . import loaders
from .advice import Advice, propose, scaled
from .due import granted_dates, task_due
from .models import Extension


def task_history(task):
    """The lead unit's filings of ``task`` across the plan's rounds, with versions and actuals."""
    rounds = list(Round.objects.filter(plan=task.plan_id).order_by("as_of", "pk").select_related("plan"))
    lead_filings = Filing.objects.filter(task=task, submission__unit=task.lead_unit_id)
    filings = {f.submission.round_id: f for f in lead_filings.select_related("submission")}
    indicators = loaders.indicators([task.pk]).get(task.pk, [])
    actuals = loaders.actuals(lead_filings)
    versions = dict(
        Filing.history.filter(task_id=task.pk, submission__unit_id=task.lead_unit_id)
        .values_list("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    rows = []
    for round_ in rounds:
        filing = filings.get(round_.pk)
        values = actuals.get(filing.pk, {}) if filing else {}
        advice = Advice(propose(filing, round_, task, indicators, values), [], filing.self_assessment if filing else "")
        rows.append(
            {
                "round": round_,
                "filing": filing,
                "submission": filing.submission if filing else None,
                "values": [values.get(i.pk) for i in indicators],
                "written": [i.written(values.get(i.pk)) or "—" for i in indicators],
                "versions": versions.get(filing.pk, 0) if filing else 0,
                "advice": advice,
            }
        )
    series = [
        {
            "name": f"{ind.subject}（{ind.input_unit}）" if ind.input_unit else ind.subject,
            "actual": [
                float(scaled(value, ind.scale)) if value is not None else None
                for value in (r["values"][n] for r in rows)
            ],
            "target": [float(scaled(ind.target_value, ind.scale))] * len(rows),
        }
        for n, ind in enumerate(indicators)
    ]
    chart = {
        "rounds": [r["round"].name for r in rows],
        "series": series,
        "labels": {"actual": _("完成值"), "target": _("目标值")},
    }
    return rounds, indicators, rows, chart


def unit_year(unit, plan, today=None):
    """A unit's tasks in a plan × the plan's rounds: state, self-assessment, proposal and lights."""
    today = today or timezone.localdate()
    rounds = list(Round.objects.filter(plan=plan).order_by("as_of", "pk").select_related("plan"))
    tasks = list(plan.tasks.filter(lead_unit=unit).select_related("section").in_table_order())
    indicators = loaders.indicators(tasks)
    submissions = {s.round_id: s for s in Submission.objects.filter(unit=unit, round__plan=plan)}
    unit_filings = Filing.objects.filter(submission__unit=unit, submission__round__plan=plan)
    filings = {(f.task_id, f.submission_id): f for f in unit_filings.defer("updated_by")}
    actuals = loaders.actuals(unit_filings)
    extensions = defaultdict(list)
    for ext in Extension.objects.filter(unit=unit, round__plan=plan, decision=Extension.Decision.GRANTED).only(
        "round_id", "unit_id", "task_id", "new_date", "decision"
    ):
        extensions[ext.round_id].append(ext)
    granted = {round_.pk: granted_dates(round_, extensions[round_.pk]) for round_ in rounds}
    rows = []
    for task in tasks:
        cells = []
        for round_ in rounds:
            submission = submissions.get(round_.pk)
            filing = filings.get((task.pk, submission.pk)) if submission else None
            values = actuals.get(filing.pk, {}) if filing else {}
            due = task_due(round_, unit.pk, task.pk, granted[round_.pk])
            advice = Advice(
                propose(filing, round_, task, indicators.get(task.pk, []), values),
                [],
                filing.self_assessment if filing else "",
            )
            cells.append(
                {
                    "round": round_,
                    "submission": submission,
                    "filing": filing,
                    "advice": advice,
                    "light_time": round_.light(submission, today, due),
                    "due": due,
                }
            )
        rows.append({"task": task, "cells": cells})
    return rounds, rows
