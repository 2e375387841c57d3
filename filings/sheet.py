"""The filing sheet's read model (填报表, every task of a unit on one page): one row per filing as plain values.

The sheet is the page a filler lives on, with 60 rows or more, so the template only prints: every
value a row shows (the form's names, ids, labels and values, the links, the indicators as written)
is computed here once, as dicts and strings. Django's template engine resolves a dict key quickly,
but an attribute of a model or a form's bound field only after a failed item lookup, per variable.
"""

import functools

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from units.links import link_for

from . import annotations as annotation_hooks
from . import rights
from .forms import FilingForm
from .models import Filing


class _Links:
    """Each row's links, reversed once per sheet rather than once per row."""

    NAMES = {
        "task": "filings:filing",
        "history": "filings:filing_history",
        "save": "filings:sheet_row",
        "extension": "supervision:extension_request",
    }

    def __init__(self):
        self.makers = {key: link_for(name) for key, name in self.NAMES.items()}

    def of(self, pk):
        return {key: make(pk) for key, make in self.makers.items()}


def _with_row_data(filings):
    return filings.select_related("task__section", "task__lead_unit").prefetch_related(
        "task__indicators", "actuals", "contributions__unit"
    )


def load(submission):
    """The submission's filings with everything a row shows, in a fixed number of queries (each filing's
    ``submission`` is the one given). They stay on the submission for the rest of the page: its 提示 panel
    and its 提交 checks read them there (Submission.filings_with_tasks) instead of loading them again."""
    prefetch_related_objects([submission], Prefetch("filings", queryset=_with_row_data(Filing.objects.all())))
    return list(submission.filings.all())


def load_one(pk):
    """One filing (already checked in scope) with everything its row shows."""
    return _with_row_data(Filing.objects.filter(pk=pk).select_related("submission__round", "submission__unit")).get()


def rows(submission, user, bound=None):
    """(rows, editable): one row per filing of the submission, with a form's fields when the user may edit.

    ``bound`` maps a filing pk to a form that keeps what the user typed (a refused save or submit).
    """
    filings = load(submission)
    notes = annotation_hooks.for_sheet(submission, filings)
    editable = rights.can_edit_filing(user, filings[0]) if filings else False
    links, blank = _Links(), (_Blank() if editable else None)
    out = []
    for filing in filings:
        indicators = list(filing.task.indicators.all())
        actuals = list(filing.actuals.all())
        fields = None
        if editable:
            form = (bound or {}).get(filing.pk)
            fields = form_fields(form) if form is not None else blank.fields(filing, indicators, actuals)
        out.append(_row(filing, indicators, actuals, fields, notes.get(filing.pk, []), links=links))
    return out, editable


def one_row(filing, indicators, form, status="saved", conflict=None, user=None):
    """The row of one filing, as a saved row comes back to the sheet (HTMX)."""
    notes = annotation_hooks.for_sheet(filing.submission, [filing]).get(filing.pk, [])
    fields = form_fields(form) if form is not None else None
    return _row(filing, indicators, list(filing.actuals.all()), fields, notes, status, conflict, user=user)


def unbound_form(filing, indicators):
    """The row's form showing what is stored (the prefix keeps 60 rows' field ids apart)."""
    return FilingForm(
        initial=FilingForm.initial_for(filing, filing.actuals.all()), indicators=indicators, prefix=prefix(filing.pk)
    )


def prefix(filing_pk):
    return f"f{filing_pk}"


def _row(filing, indicators, actuals, fields, annotations, status="saved", conflict=None, user=None, links=None):
    """One sheet row as plain values. ``conflict`` is the newer filing someone saved in between;
    ``user`` (the one who tried to save) tells "you, in another window" from "someone else"."""
    task = filing.task
    actual_by_indicator = {a.indicator_id: a.value for a in actuals}
    flagged = any(a.get("flagged") for a in annotations)
    out = {
        "pk": filing.pk,
        "number": task.number,
        "section": task.section.title if task.section else "",
        "text": task.text,
        "lead": task.lead_unit.label,
        "deadline": task.deadline,
        "links": (links or _Links()).of(filing.pk),
        "indicators": [
            {
                "label": ind.label,
                "actual": None if actual_by_indicator.get(ind.pk) is None else ind.written(actual_by_indicator[ind.pk]),
            }
            for ind in indicators
        ],
        "annotations": annotations,
        "contributions": [{"unit": c.unit.label, "text": c.text} for c in filing.contributions.all()],
        "filled": filing.is_started and bool(filing.completion.strip()) and not filing.completeness_problems(),
        "flagged": flagged,
        "status": status if status != "saved" or filing.is_started else "empty",
        "conflict": None,
        "form": fields,
        "stored": {
            "completion": filing.completion,
            "completed": filing.completed,
            "reason": filing.reason,
            "problems": filing.problems,
            "self_assessment": filing.self_assessment,
            "self_assessment_label": filing.get_self_assessment_display() if filing.self_assessment else "",
        },
    }
    if conflict is not None:
        out["conflict"] = {
            "mine": user is not None and conflict.updated_by_id == user.pk,
            "who": str(conflict.updated_by) if conflict.updated_by_id else "",
            "when": conflict.updated_at,
            "completion": conflict.completion,
            "differences": _differences(conflict, indicators, actuals, fields) if fields else [],
        }
    return out


def _differences(saved, indicators, actuals, typed):
    """Each field where what is saved now differs from what the user typed: [{"label", "value"}] (the value
    as saved, a choice by its label), so that neither version of any field is lost from sight."""
    blank = _Blank()
    stored = blank.fields(saved, indicators, actuals)
    out = []
    for name in (*TEXTS, *CHOICES):
        value = stored[name]["value"]
        if value != typed[name]["value"]:
            shown = blank.labels_of[name].get(value, "") if name in CHOICES else value
            out.append({"label": stored[name]["label"], "value": shown})
    for now, mine in zip(stored["actuals"], typed["actuals"], strict=False):
        if now["value"] != mine["value"]:
            out.append({"label": now["label"], "value": now["value"]})
    return out


# --- a row's form as plain values -----------------------------------------------------------------
TEXTS = ("completion", "reason", "problems")
CHOICES = ("completed", "self_assessment")


def _field(name, id_, label, value, errors=None, options=None):
    value = "" if value is None else str(value)
    out = {"name": name, "id": id_, "label": label, "value": value, "errors": errors or None}
    if options is not None:
        out["options"] = options(value)
    return out


def _options(choices):
    """selected value → the <option>s of a <select> (a sheet has a handful of distinct ones: built once each)."""

    @functools.cache
    def html(selected):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, mark_safe(" selected") if value == selected else "", label) for value, label in choices),
        )

    return html


def form_fields(form):
    """A FilingForm's fields as plain values (what the row's inputs print), with what was typed and its errors."""

    def field(bound, options=None):
        return _field(bound.html_name, bound.auto_id, str(bound.label), bound.value(), bound.errors, options)

    out = {name: field(form[name]) for name in ("version", *TEXTS)}
    out.update({name: field(form[name], _options(_choices(form.fields[name]))) for name in CHOICES})
    out["actuals"] = [field(bound) for bound in form.actual_fields]
    out["errors"] = form.non_field_errors() or None
    return out


def _choices(field):
    return [(str(value), str(label)) for value, label in field.choices]


class _Blank:
    """What the rows' unbound forms share, translated once per sheet: the labels and the choices.

    ``fields`` gives exactly what ``form_fields(unbound_form(...))`` gives (a test holds them equal),
    without building 60 forms: Django deep-copies every field of every form it builds.
    """

    def __init__(self):
        form = FilingForm()
        self.labels = {name: str(form.fields[name].label) for name in (*TEXTS, *CHOICES)}
        self.options = {name: _options(_choices(form.fields[name])) for name in CHOICES}
        self.labels_of = {name: {v: label for v, label in _choices(form.fields[name]) if v} for name in CHOICES}

    def fields(self, filing, indicators, actuals):
        initial = FilingForm.initial_for(filing, actuals)
        p = prefix(filing.pk)

        def field(name, label, value, options=None):
            return _field(f"{p}-{name}", f"id_{p}-{name}", label, value, options=options)

        out = {"version": field("version", "Version", initial["version"])}
        out.update({name: field(name, self.labels[name], initial[name]) for name in TEXTS})
        out.update({name: field(name, self.labels[name], initial[name], self.options[name]) for name in CHOICES})
        out["actuals"] = [
            field(
                f"actual_{ind.pk}",
                str(FilingForm.actual_label(ind)),
                ind.to_input(initial[f"actual_{ind.pk}"])
                if initial.get(f"actual_{ind.pk}") not in (None, "")
                else None,
            )
            for ind in indicators
        ]
        out["errors"] = None
        return out
