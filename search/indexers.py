"""The built-in kinds: plans, sections, tasks, filings, 协办意见, 退回意见, 延期理由.

Scope columns: ``unit_id`` is the unit whose filler and signer may find the entry; the office finds
the entries under its bureau or city (tree tokens, from ``unit_id`` or ``owner_unit_id``). Plans
and sections have no ``unit_id``, so only the issuing level's office finds them.

A 协办意见 is two entries: under the lead unit (``contribution``: the lead's filler and signer and the
office find it on the filing) and under the co-unit that wrote it (``cooperation``: its own filler and
signer find it on their 配合单位 page; ``unit_only``, so the office is not shown it twice). The lead's
filing text stays the lead's: a co-unit never sees it in the pages, nor in the search.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from filings.models import Contribution, Filing, IndicatorActual, Review, Submission
from plans.models import Plan, Section, Task
from supervision import loaders
from supervision.advice import flag_filing
from supervision.models import Extension


def _short(text, n=60):
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def build_plan(plan):
    return {
        "title": plan.title,
        "context": f"{plan.year} · {plan.get_kind_display()}",
        "body": "\n".join(t for t in (plan.title, plan.intro) if t),
        "url": reverse("plans:detail", args=[plan.pk]),
        "year": plan.year,
        "plan_id": plan.pk,
        "owner_unit_id": plan.issuer_id,  # the bureau's office finds it (tree tokens only; no unit scope)
    }


def build_section(section):
    plan = section.plan
    return {
        "title": f"{section.label}{section.title}",
        "context": plan.title,
        "body": section.title,
        "url": reverse("plans:detail", args=[plan.pk]) + f"#section-{section.pk}",
        "year": plan.year,
        "plan_id": plan.pk,
        "owner_unit_id": plan.issuer_id,
    }


def build_task(task):
    plan = task.plan
    return {
        "title": f"{task.number} {_short(task.text)}".strip(),
        "context": f"{plan.title} · {task.lead_unit.label}",
        "body": task.text,
        "url": reverse("supervision:task", args=[task.pk]),
        "year": plan.year,
        "plan_id": plan.pk,
        "unit_id": task.lead_unit_id,
    }


def _filing_data(filing, indicators, actual_values):
    body = "\n".join(t for t in (filing.completion, filing.reason, filing.problems) if t and t.strip())
    if not body:
        return None
    submission = filing.submission
    round_ = submission.round
    plan = round_.plan
    task = filing.task
    flags = [f for f in flag_filing(filing, indicators, actual_values) if f.kind != "unchanged"]
    return {
        "title": f"{task.number} {_short(task.text)}".strip(),
        "context": f"{plan.title} · {round_.name} · {submission.unit.label}",
        "body": body,
        "url": reverse("filings:filing", args=[filing.pk]),
        "year": plan.year,
        "plan_id": plan.pk,
        "round_id": round_.pk,
        "unit_id": submission.unit_id,
        "submission_id": submission.pk,
        "state": submission.state,
        "self_assessment": filing.self_assessment,
        "flagged": bool(flags),
    }


def build_filing(filing):
    return _filing_data(
        filing,
        loaders.indicators([filing.task_id]).get(filing.task_id, []),
        loaders.actuals([filing.pk]).get(filing.pk, {}),
    )


def filings_for_rebuild():
    return Filing.objects.select_related("submission__round__plan", "submission__unit", "task")


def build_filings(rows):
    """A batch of filings with two queries for their indicators and actuals."""
    indicators = loaders.indicators({f.task_id for f in rows})
    actuals = loaders.actuals([f.pk for f in rows])
    return [(f.pk, _filing_data(f, indicators.get(f.task_id, []), actuals.get(f.pk, {}))) for f in rows]


def build_contribution(contribution):
    filing = contribution.filing
    submission = filing.submission
    round_ = submission.round
    return {
        "title": _("协办意见：%(unit)s · %(task)s")
        % {"unit": contribution.unit.label, "task": f"{filing.task.number} {_short(filing.task.text, 40)}".strip()},
        "context": f"{round_.plan.title} · {round_.name} · {submission.unit.label}",
        "body": contribution.text,
        "url": reverse("filings:filing", args=[filing.pk]),
        "year": round_.plan.year,
        "plan_id": round_.plan_id,
        "round_id": round_.pk,
        "unit_id": submission.unit_id,
        "submission_id": submission.pk,
        "state": submission.state,
    }


def build_cooperation(contribution):
    """The co-unit's own 协办意见, found by the co-unit (its 配合单位 page of the round)."""
    filing = contribution.filing
    task = filing.task
    round_ = filing.submission.round
    return {
        "title": _("协办意见：%(unit)s · %(task)s")
        % {"unit": contribution.unit.label, "task": f"{task.number} {_short(task.text, 40)}".strip()},
        "context": f"{round_.plan.title} · {round_.name} · {filing.submission.unit.label}",
        "body": "\n".join(t for t in (contribution.text, task.text) if t),
        "url": reverse("filings:cooperation", args=[round_.pk]),
        "year": round_.plan.year,
        "plan_id": round_.plan_id,
        "round_id": round_.pk,
        "unit_id": contribution.unit_id,
        "unit_only": True,
    }


def build_review(review):
    if review.action != Review.Action.RETURN or not review.comment.strip():
        return None
    submission = review.submission
    round_ = submission.round
    return {
        "title": _("退回意见：%(unit)s · %(round)s") % {"unit": submission.unit.label, "round": round_.name},
        "context": f"{round_.plan.title} · {round_.name} · {submission.unit.label}",
        "body": review.comment,
        "url": reverse("filings:submission", args=[submission.pk]),
        "year": round_.plan.year,
        "plan_id": round_.plan_id,
        "round_id": round_.pk,
        "unit_id": submission.unit_id,
        "submission_id": submission.pk,
        "state": submission.state,
    }


def build_extension(extension):
    task = extension.task
    round_ = extension.round
    return {
        "title": _("延期申请：%(unit)s · %(task)s")
        % {"unit": extension.unit.label, "task": f"{task.number} {_short(task.text, 40)}".strip()},
        "context": " · ".join(
            x for x in (task.plan.title, round_.name if round_ else "", extension.get_decision_display()) if x
        ),
        "body": extension.reason,
        "url": reverse("supervision:task", args=[task.pk]),
        "year": task.plan.year,
        "plan_id": task.plan_id,
        "round_id": extension.round_id,
        "unit_id": extension.unit_id,
    }


def _submission_rows(model, field="submission_id"):
    return lambda submission: model.objects.filter(**{field: submission.pk}).values_list("pk", flat=True)


def register_builtin(registry):
    registry.register("plan", Plan, build_plan, label=_("计划"), year_lookup="year")
    registry.register(
        "section",
        Section,
        build_section,
        label=_("板块"),
        queryset=lambda: Section.objects.select_related("plan"),
        year_lookup="plan__year",
    )
    registry.register(
        "task",
        Task,
        build_task,
        label=_("目标任务"),
        queryset=lambda: Task.objects.select_related("plan", "lead_unit"),
        year_lookup="plan__year",
    )
    registry.register(
        "filing",
        Filing,
        build_filing,
        label=_("填报"),
        queryset=filings_for_rebuild,
        build_many=build_filings,
        year_lookup="submission__round__plan__year",
        also_when=[
            (Submission, _submission_rows(Filing)),  # the state filter follows the submission
            (IndicatorActual, lambda actual: [actual.filing_id]),  # figure checks read the actuals
        ],
    )
    registry.register(
        "contribution",
        Contribution,
        build_contribution,
        label=_("协办意见"),
        year_lookup="filing__submission__round__plan__year",
        queryset=lambda: Contribution.objects.select_related(
            "unit", "filing__task", "filing__submission__round__plan", "filing__submission__unit"
        ),
        also_when=[
            (Submission, lambda s: Contribution.objects.filter(filing__submission=s.pk).values_list("pk", flat=True))
        ],
    )
    registry.register(
        "cooperation",
        Contribution,
        build_cooperation,
        label=_("本单位协办意见"),
        year_lookup="filing__submission__round__plan__year",
        queryset=lambda: Contribution.objects.select_related(
            "unit", "filing__task", "filing__submission__round__plan", "filing__submission__unit"
        ),
    )
    registry.register(
        "review",
        Review,
        build_review,
        label=_("退回意见"),
        year_lookup="submission__round__plan__year",
        queryset=lambda: Review.objects.select_related("submission__round__plan", "submission__unit"),
        also_when=[
            (
                Submission,
                lambda s: Review.objects.filter(submission=s.pk, action=Review.Action.RETURN).values_list(
                    "pk", flat=True
                ),
            )
        ],
    )
    registry.register(
        "extension",
        Extension,
        build_extension,
        label=_("延期理由"),
        year_lookup="task__plan__year",
        queryset=lambda: Extension.objects.select_related("task__plan", "round", "unit"),
    )
