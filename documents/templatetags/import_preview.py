"""What the import preview shows of docparse's codes, in words."""

from django import template

from filings.models import Filing

register = template.Library()


@register.filter
def assessment_label(code):
    """ahead → 超前, on_track → 正常, behind → 滞后; anything else shows as nothing."""
    return dict(Filing.Assessment.choices).get(code or "", "")
