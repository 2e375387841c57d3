"""Numbers and comparators as a clerk reads them: {{ value|plain }}, {{ code|comparator_label }}, {% written ind value %}."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from docparse.numbers import SCALES, plain_number

from ..models import Indicator, indicator_phrase

register = template.Library()

# docparse's comparator codes (the import preview shows them before they become Indicator.Comparator).
COMPARATOR_LABELS = {**dict(Indicator.Comparator.choices), "gt": _("超过")}


@register.filter
def plain(value):
    """95, not 95.0000; 100, not 1E+2."""
    return plain_number(value)


@register.filter
def comparator_label(code):
    """add → 新增, reach → 达到 … (an unknown code shows as nothing rather than as a code)."""
    return COMPARATOR_LABELS.get(code or "", "")


@register.simple_tag
def written(indicator, value):
    """An indicator's stored value as the document writes it (25.39万人), or — when there is none."""
    return indicator.written(value) if value is not None else "—"


@register.filter
def parsed_indicator(ind):
    """An indicator of docparse's output as one phrase, its number as the document wrote it (25.39 万人)."""
    if not isinstance(ind, dict):
        return ""
    target = ind.get("text") or f"{plain_number(ind.get('value'))}{ind.get('unit') or ''}"
    return indicator_phrase(ind.get("subject"), ind.get("comparator"), target)


@register.filter
def as_written(ind):
    """A parsed indicator's number in the document's own scale (25.39 for 25.39 万人), for editing."""
    if not isinstance(ind, dict) or ind.get("value") is None:
        return ""
    return plain_number(Decimal(str(ind["value"])) / Decimal(SCALES.get(ind.get("scale") or "", 1)))
