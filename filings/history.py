"""每一版 — a filing's saved versions, each with what changed from the one before (the 历史版本 page).

A version's indicator figures (指标完成值) are IndicatorActual rows with their own history: they are saved
just after the filing in the same save, so a version's figures are the last actual records before the
next version of the filing.
"""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .forms import FilingForm
from .models import Filing, IndicatorActual

TEXTS = ("completion", "reason", "problems")


def versions(filing):
    """[{"record": the filing's historical record, "changes": [{"label", "diff"}]}], newest first."""
    records = list(filing.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = [
        ("completion", _("完成情况")),
        ("completed", _("是否完成")),
        ("reason", _("未完成原因")),
        ("problems", _("存在问题及解决建议")),
        ("self_assessment", _("完成情况自评")),
    ]
    figures = _figures_by_version(filing, records)
    indicators = list(filing.task.indicators.all())
    out, previous = [], None
    for record, values in zip(records, figures, strict=True):
        changes = []
        for name, label in fields:
            new = getattr(record, name)
            old = getattr(previous, name) if previous else None
            if previous is None or old != new:
                if name in TEXTS:
                    changes.append({"label": label, "diff": diff_html(old or "", new or "")})
                else:
                    changes.append({"label": label, "diff": f"{_display(name, old)} → {_display(name, new)}"})
        before = out[-1]["figures"] if out else {}
        for ind in indicators:
            old, new = before.get(ind.pk), values.get(ind.pk)
            if old != new:
                shown = [ind.written(v) if v is not None else "—" for v in (old, new)]
                changes.append({"label": FilingForm.actual_label(ind), "diff": " → ".join(shown)})
        out.append({"record": record, "changes": changes, "figures": values})
        previous = record
    out.reverse()
    return out


def _figures_by_version(filing, records):
    """{indicator id: value} as each version left it (a removed figure is gone)."""
    actual_records = list(IndicatorActual.history.filter(filing_id=filing.pk).order_by("history_date", "history_id"))
    out, state, i = [], {}, 0
    for n, _record in enumerate(records):
        until = records[n + 1].history_date if n + 1 < len(records) else None
        while i < len(actual_records) and (until is None or actual_records[i].history_date < until):
            a = actual_records[i]
            if a.history_type == "-":
                state.pop(a.indicator_id, None)
            else:
                state[a.indicator_id] = a.value
            i += 1
        out.append(dict(state))
    return out


def diff_html(old, new):
    """Character-level difference of two texts as <del>/<ins> markup, escaped."""
    old, new = old or "", new or ""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out))


def _display(name, value):
    if value is None or value == "":
        return "—"
    if name == "completed":
        return _("已完成") if value else _("未完成")
    if name == "self_assessment":
        return Filing.Assessment(value).label
    return str(value)
