"""{% evidence_block panel %}: the 佐证材料 block of the task's page (evidence.html.block, with the page's CSRF token)."""

from django import template
from django.utils.html import format_html

from .. import html

register = template.Library()


@register.simple_tag(takes_context=True)
def evidence_block(context, panel):
    token = context.get("csrf_token")
    # what {% csrf_token %} prints: nothing when the view gave no token
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"
        else ""
    )
    return html.block(
        csrf,
        panel["filing"].pk,
        panel["items"],
        panel["limits"],
        panel["attach"],
        panel["may_change"],
        panel["filing"].get_absolute_url(),
    )
