"""工作总结的访问登记 — summaries and their paragraphs in an office's scope.

An office reads the summaries of the plans it may read (plans.access); drafting, regenerating,
editing and the next year's plan draft are the office of the level that issued the plan (ACT).
"""

from django.utils.translation import gettext as _

from plans.access import access_plan, plans_visible
from units.access import ACT, READ, Forbidden, get_in, manages, office_scope

from .models import Paragraph, SubjectSynonym, Summary

__all__ = ["ACT", "READ", "access_paragraph", "access_plan", "access_summary", "plans_visible"]


def _acting(user, obj, plan, need):
    if need is ACT and not manages(user, plan.issuer):
        raise Forbidden(_("只有发布该计划的单位的督办员可以修改工作总结。"))
    return obj


def access_summary(user, summary_id, need=READ):
    summary = get_in(office_scope(user, Summary.objects.select_related("plan__issuer"), "plan__issuer"), pk=summary_id)
    return _acting(user, summary, summary.plan, need)


def access_paragraph(user, paragraph_id, need=READ):
    paragraph = get_in(
        office_scope(user, Paragraph.objects.select_related("summary__plan__issuer"), "summary__plan__issuer"),
        pk=paragraph_id,
    )
    return _acting(user, paragraph, paragraph.summary.plan, need)


def access_synonym(user, synonym_id):
    """A synonym to remove: the office of the level that added it (one set up by the system
    administrator only by the administrator); another level's is not found."""
    synonym = get_in(office_scope(user, SubjectSynonym.objects.select_related("owner"), "owner"), pk=synonym_id)
    if synonym.owner is not None and not manages(user, synonym.owner):
        raise Forbidden(_("只有添加该同义词的单位的督办员可以删除。"))
    return synonym
