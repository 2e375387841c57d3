"""导入 — turn a parsed document (the `duban-parse` JSON contract) into plans, rounds and filings.

The parsing itself lives in the pure package `docparse`; these functions only map its output onto
the models, inside one transaction, so a failed import leaves nothing behind.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from filings.models import Filing, IndicatorActual, Round, Submission, open_submission
from plans.models import Indicator, Plan, Section, Task
from units.models import Unit

ASSESSMENTS = {"ahead", "on_track", "behind"}
COMPARATORS = {c.value for c in Indicator.Comparator}


def guess_unit_kind(name):
    if name.endswith("局"):
        return Unit.Kind.BUREAU
    if any(word in name for word in ("镇", "街道", "乡")):
        return Unit.Kind.TOWNSHIP
    if name.endswith(("科", "办", "办公室", "处", "股")):
        return Unit.Kind.OFFICE
    return Unit.Kind.INSTITUTION


def unit_named(name, parent=None):
    """The unit called ``name`` (also matched by its short name), created under ``parent`` if new."""
    name = (name or "").strip()
    found = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    if found:
        return found
    return Unit.objects.create(name=name, kind=guess_unit_kind(name), parent=parent)


def _decimal(value):
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _iso(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _task_units(task, issuer):
    """(lead unit, co-units) of a parsed task; the issuer leads when the document names nobody."""
    names = [n for n in ([task.get("lead_unit")] + list(task.get("units") or [])) if n]
    seen = []
    for name in names:
        if name not in seen:
            seen.append(name)
    if not seen:
        return issuer, []
    parent = issuer if issuer and issuer.name != seen[0] else None
    lead = unit_named(seen[0], parent=parent)
    return lead, [unit_named(n, parent=issuer) for n in seen[1:]]


@transaction.atomic
def import_plan(doc, *, kind=Plan.Kind.WORK_POINTS, issuer=None, title=None, year=None, source_name=""):
    """Create a Plan with its sections, tasks and target indicators from a parsed document."""
    if issuer is None and doc.get("org"):
        issuer = unit_named(doc["org"])
    plan = Plan.objects.create(
        year=year or doc.get("year") or datetime.date.today().year,
        kind=kind,
        title=(title or doc.get("title") or source_name or "导入的计划")[:200],
        intro=doc.get("intro") or "",
        issuer=issuer,
        source_document=source_name[:255],
    )
    order = 0
    for s_index, parsed_section in enumerate(doc.get("sections") or [], start=1):
        section = None
        if parsed_section.get("title"):
            section = Section.objects.create(plan=plan, label=parsed_section.get("label") or "", title=parsed_section["title"][:300], order=s_index)
        for parsed_task in parsed_section.get("tasks") or []:
            order += 1
            lead, co_units = _task_units(parsed_task, issuer)
            if lead is None:
                lead = unit_named(doc.get("org") or "未指定单位")
            task = Task.objects.create(
                plan=plan, section=section, number=str(parsed_task.get("number") or order)[:20],
                text=parsed_task.get("text") or "", lead_unit=lead, order=order,
                deadline=_iso(parsed_task.get("deadline")),
            )
            task.co_units.set([u for u in co_units if u != lead])
            for parsed in parsed_task.get("indicators") or []:
                if parsed.get("role") not in (None, "target"):
                    continue
                value = _decimal(parsed.get("value"))
                if value is None:
                    continue
                Indicator.objects.create(
                    task=task,
                    subject=(parsed.get("subject") or parsed.get("text") or "")[:200],
                    target_value=value,
                    unit=(parsed.get("unit") or "")[:20],
                    comparator=parsed.get("comparator") if parsed.get("comparator") in COMPARATORS else Indicator.Comparator.REACH,
                    scale=int(parsed.get("scale") or 1),
                    source_text=(parsed.get("text") or "")[:300],
                    source_start=parsed.get("start"),
                    source_end=parsed.get("end"),
                )
    return plan


def filing_fields(parsed_task):
    """The Filing fields a parsed form or status-table row carries."""
    assessment = parsed_task.get("self_assessment")
    return {
        "completion": parsed_task.get("completion") or "",
        "completed": parsed_task.get("completed"),
        "reason": parsed_task.get("reason") or "",
        "problems": parsed_task.get("problems") or "",
        "self_assessment": assessment if assessment in ASSESSMENTS else "",
    }


@transaction.atomic
def import_filings(doc, round_, matches, user):
    """Write the parsed rows into the round: ``matches`` pairs each parsed task with a Task (or None to skip).

    Each unit's submission is opened as needed and every written filing gets a version.
    Returns the submissions touched.
    """
    touched = {}
    for parsed_task, task in matches:
        if task is None:
            continue
        submission = touched.get(task.lead_unit_id) or open_submission(round_, task.lead_unit)
        touched[task.lead_unit_id] = submission
        if not submission.is_editable:
            continue
        filing = submission.filings.get(task=task)
        filing.save_edit(user, filing.version, filing_fields(parsed_task))
    meta = doc.get("metadata") or {}
    for submission in touched.values():
        submission.filler_name = (meta.get("填报人") or submission.filler_name)[:50]
        submission.contact = (meta.get("联系方式") or submission.contact)[:50]
        submission.save(update_fields=["filler_name", "contact"])
    return list(touched.values())


def all_tasks(doc):
    return [task for section in doc.get("sections") or [] for task in section.get("tasks") or []]
