"""Evidence on the filings pages, through filings.annotations (registered in apps.py)."""

from django.urls import reverse

from filings import rights
from units.links import link_for

from . import html, services
from .models import Evidence


def sheet_rows(submission, filings):
    """Each sheet row's attachments and upload control (the right to add is the sheet's own ``editable``)."""
    items, limits = services.current(filings), services.limits()
    attach, blocks = link_for("evidence:attach"), html.Blocks(limits["hint"])

    def row(pk):
        return lambda editable, csrf: blocks.render(csrf, pk, items.get(pk, []), attach(pk), editable)

    return {f.pk: {"html": row(f.pk)} for f in filings}


def filing_panel(user, filing):
    return {
        "template": "evidence/_panel.html",
        "filing": filing,
        "items": services.current([filing])[filing.pk],
        "may_change": rights.can_edit_filing(user, filing),
        "limits": services.limits(),
        "attach": reverse("evidence:attach", args=[filing.pk]),
    }


def history_panel(user, filing):
    """Every file ever attached to the filing, removed ones with who removed them and when."""
    items = list(Evidence.objects.filter(filing=filing).select_related("attached_by", "removed_by"))
    return {"template": "evidence/_history.html", "filing": filing, "items": items} if items else None
