from django import template

register = template.Library()


@register.filter
def part(parts, key):
    """A ranking row's points for one event type (blank when there are none)."""
    return parts.get(key, "")
