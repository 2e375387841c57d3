"""Hooks through which higher apps add to the filing sheet without filings importing them.

Supervision registers its proposal and figure flags here (SupervisionConfig.ready), so the sheet
shows them inline while the layering units < plans < filings < supervision holds.

A provider is ``provider(submission, filings) -> {filing pk: annotation}``, computed for the whole sheet at
once (a constant number of queries, whatever the task count). An annotation is a dict:
``"html"``: ``(editable, csrf_input) -> safe HTML`` printed under the task (the sheet's rows are built in Python,
filings.sheet_html); ``"flagged"`` (optional): the row counts under 有提示.
"""

_providers = []
_panels = {"sheet": [], "filing": [], "history": []}


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def for_sheet(submission, filings):
    """{filing pk: [annotation, …]} from every registered provider."""
    out = {f.pk: [] for f in filings}
    for provider in _providers:
        for pk, annotation in provider(submission, filings).items():
            out.setdefault(pk, []).append(annotation)
    return out


def register_panel(place, provider):
    """A block shown on the sheet (``place="sheet"``, given the submission) or on one task's page
    (``"filing"``, given the filing) or on its history page (``"history"``, given the filing):
    ``provider(user, obj) -> {"template": name, **context}`` or None."""
    if provider not in _panels[place]:
        _panels[place].append(provider)


def panels(place, user, obj):
    return [panel for panel in (provider(user, obj) for provider in _panels[place]) if panel]
