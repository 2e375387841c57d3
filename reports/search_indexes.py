"""检索: 工作总结 drafts in the office's search (found by search.registry.autodiscover).

One entry per paragraph with text (each is edited and versioned on its own), linked to the paragraph
on the summary's page. Scoped like a plan: only the office of the plan's issuing level (and the city
above it) finds it — the rule of the reports pages (``office_scope(..., "plan__issuer")``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def build_paragraph(paragraph):
    text = " ".join((paragraph.text or "").split())
    if not text:
        return None
    summary = paragraph.summary
    plan = summary.plan
    return {
        "title": text if len(text) <= 60 else text[:59] + "…",
        "context": f"{plan.title} · {summary.get_period_display()}",
        "body": paragraph.text,
        "url": reverse("reports:summary", args=[summary.pk]) + f"#p-{paragraph.pk}",
        "year": plan.year,
        "plan_id": plan.pk,
        "owner_unit_id": plan.issuer_id,
    }


def register(registry):
    from .models import Paragraph

    registry.register(
        "summary",
        Paragraph,
        build_paragraph,
        label=_("工作总结"),
        year_lookup="summary__plan__year",
        queryset=lambda: Paragraph.objects.select_related("summary__plan"),
    )
