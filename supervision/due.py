"""When one task is due from a unit: the round's due date, moved for that task only by a granted 延期."""

from .models import Extension


def granted_dates(round_, extensions=None):
    """{(unit id, task id): granted date} for a round (``extensions``: the round's, already loaded)."""
    if extensions is None:
        extensions = Extension.objects.filter(round=round_, decision=Extension.Decision.GRANTED)
    out = {}
    for ext in extensions:
        if ext.decision == Extension.Decision.GRANTED:
            key = (ext.unit_id, ext.task_id)
            out[key] = max(out.get(key, ext.new_date), ext.new_date)
    return out


def task_due(round_, unit_id, task_id, granted):
    """The date one task is due from a unit: the round's due date, or the 延期 granted for that task.

    Only the task moves: the unit's package stays due on the round's date (Round.light).
    """
    return max(round_.due, granted.get((unit_id, task_id), round_.due))
