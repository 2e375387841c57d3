"""计划的访问登记 — the only way a use case gets a plan, a section, a task or an indicator.

Plans are the office's: an office reads the plans issued in its scope (the city its districts')
and changes only those its own level issued (``need=ACT``). Units read their tasks through their
rounds (filings.access), not here.
"""

from django.utils.translation import gettext as _

from units.access import ACT, READ, Forbidden, get_in, manages, office_scope

from .models import Indicator, Plan, Section, Task

__all__ = ["ACT", "READ", "access_indicator", "access_plan", "access_section", "access_task", "plans_visible"]


def plans_visible(user):
    """Plans ``user`` may read: an office those issued in its scope; nobody else."""
    return office_scope(user, Plan.objects.all(), "issuer")


def _checked(user, obj, plan, need):
    if need is ACT and not manages(user, plan.issuer):
        raise Forbidden(_("只有发布该计划的单位的督办员可以修改。"))
    return obj


def access_plan(user, plan_id, need=READ):
    plan = get_in(plans_visible(user).select_related("issuer"), pk=plan_id)
    return _checked(user, plan, plan, need)


def access_section(user, section_id, need=READ):
    section = get_in(office_scope(user, Section.objects.select_related("plan__issuer"), "plan__issuer"), pk=section_id)
    return _checked(user, section, section.plan, need)


def access_task(user, task_id, need=READ):
    task = get_in(
        office_scope(user, Task.objects.select_related("plan__issuer", "lead_unit", "section"), "plan__issuer"),
        pk=task_id,
    )
    return _checked(user, task, task.plan, need)


def access_indicator(user, indicator_id, need=READ):
    indicator = get_in(
        office_scope(user, Indicator.objects.select_related("task__plan__issuer"), "task__plan__issuer"),
        pk=indicator_id,
    )
    return _checked(user, indicator, indicator.task.plan, need)
