"""上下级的访问登记 — city rounds, split tasks and districts' reports up, by level.

A city office reads its own city rounds and splits its own tasks; a district office sees the city
rounds it reports to (only those) and its own reports; the city reads and reviews the reports of
its districts. Another city's or a sibling district's ids are simply not found.
"""

from django.utils.translation import gettext as _

from filings.access import rounds_visible
from filings.models import Round
from plans.access import access_task
from units.access import ACT, READ, Forbidden, NotFound, get_in, office_root, office_scope

from . import services
from .models import UpwardReport


def my_city(user):
    """The city whose office ``user`` is, or Forbidden."""
    root = office_root(user)
    if root is None or not root.is_city:
        raise Forbidden(_("只有市级督办员可以执行此操作。"))
    return root


def my_district(user):
    """The district bureau (under a city) whose office ``user`` is, or Forbidden."""
    root = office_root(user)
    if root is None or root.kind != root.Kind.BUREAU or not root.parent_id:
        raise Forbidden(_("只有区县督办员可以上报。"))
    return root


def access_city_round(user, round_id):
    """A city round the office may read (its own city's, never another city's)."""
    round_ = get_in(rounds_visible(user).select_related("plan__issuer"), pk=round_id)
    if round_.plan.issuer is None or not round_.plan.issuer.is_city:
        raise NotFound(_("这不是市级轮次。"))
    return round_


def access_owed_round(user, round_id):
    """The city round a district office reports to (its own city's)."""
    district = my_district(user)
    return district, get_in(
        Round.objects.select_related("plan__issuer").filter(plan__issuer=district.parent_id), pk=round_id
    )


def access_split_task(user, task_id):
    """A city task to split: the city office that issued it."""
    task = access_task(user, task_id, ACT)
    if task.plan.issuer is None or not task.plan.issuer.is_city:
        raise NotFound(_("只有市级计划的任务可以分解到区县。"))
    return task


def reports_visible(user):
    return office_scope(user, UpwardReport.objects.all(), "district")


def access_report(user, report_id, need=READ):
    """A district's report up: its district's office and the city above it read it; the city reviews it."""
    report = get_in(
        reports_visible(user).select_related("city_round__plan__issuer", "district", "sent_by"), pk=report_id
    )
    if need is ACT and not services.can_review(user, report):
        raise Forbidden(_("只有市级督办员可以审核区县上报。"))
    return report
