"""``{% load rights %}{% can "sign_submission" submission as may_sign %}`` — templates ask filings.rights."""

from django import template

from filings import rights

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    return rights.can(context["request"].user, action, obj)
