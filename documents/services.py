"""导入 — turn a parsed document (the `duban-parse` JSON contract) into plans, rounds and filings.

The parsing itself lives in the pure package `docparse`; these functions only map its output onto
the models, inside one transaction, so a failed import leaves nothing behind.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from filings.models import Round, open_submission
from plans.models import Indicator, Plan, Section, Task
from units.models import Unit

ASSESSMENTS = {"ahead", "on_track", "behind"}
SCALES = {"万": 10_000, "亿": 100_000_000, None: 1, "": 1}
COMPARATORS = {c.value for c in Indicator.Comparator}


def guess_unit_kind(name):
    if name.endswith("局"):
        return Unit.Kind.BUREAU
    if any(word in name for word in ("镇", "街道", "乡")):
        return Unit.Kind.TOWNSHIP
    if name.endswith(("科", "办", "办公室", "处", "股")):
        return Unit.Kind.OFFICE
    return Unit.Kind.INSTITUTION


def expand_unit_name(name):
    """区卫健局 → 区卫生健康局: the common abbreviations spelled out, for matching."""
    return name.replace("卫健", "卫生健康").replace("卫计", "卫生计生")


def same_unit(name, unit):
    """Does ``name`` (perhaps shortened: 区卫健局, 市卫生健康局) designate ``unit``?"""
    if unit is None:
        return False
    short, full = expand_unit_name(name), expand_unit_name(unit.name)
    return short == full or (len(short) >= 4 and full.endswith(short)) or name == unit.short_name


def unit_named(name, parent=None):
    """The unit called ``name`` (also matched by its short name), created under ``parent`` if new.

    A shortened name of ``parent`` itself (区卫健局 in a form of 椒江区卫生健康局) is ``parent``.
    """
    name = (name or "").strip()
    if same_unit(name, parent):
        return parent
    # Looked up within the issuer's own level: 玉环's 医政科 is not 椒江's 医政科.
    level = parent.district() if parent is not None else None
    pool = level.subtree() if level is not None and level.path else Unit.objects.all()
    found = pool.filter(name=name).first() or pool.filter(short_name=name).first()
    if found:
        return found
    if parent is not None and Unit.objects.filter(parent=parent, name=name).exists():
        return Unit.objects.get(parent=parent, name=name)
    return Unit.objects.create(name=name, kind=guess_unit_kind(name), parent=parent)


def _decimal(value):
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _comparator(value):
    """docparse's comparator as an Indicator.Comparator: 超过 (gt) is judged as 不低于; none means 达到."""
    value = {"gt": "gte"}.get(value, value)
    return value if value in COMPARATORS else Indicator.Comparator.REACH


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
    lead = unit_named(seen[0], parent=issuer)
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
                    comparator=_comparator(parsed.get("comparator")),
                    scale=SCALES.get(parsed.get("scale"), 1),
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
    """Every parsed task in document order, each with its section's title as ``section_title``."""
    return [
        {**task, "section_title": section.get("title") or ""}
        for section in doc.get("sections") or []
        for task in section.get("tasks") or []
    ]


def plan_title_from_report(title):
    """2023年政府工作报告目标任务完成情况填报表 → 2023年政府工作报告目标任务."""
    import re

    title = re.sub(r"(工作)?(完成|进展|推进)情况(填报表|汇总表|统计表|表)?$", "", title or "").strip()
    title = re.sub(r"(?<=年)" + r"(第[一二三四1-4]季度|上半年|下半年|前三季度|1-\d+月)", "", title)
    return title or "导入的计划"


def round_name_from_report(doc):
    """2025年第一季度 from the title when it says so, else the year and the as-of month."""
    import re

    title = doc.get("title") or ""
    found = re.search(r"(\d{4})年(第[一二三四1-4]季度|上半年|下半年|前三季度|1-\d+月)", title)
    if found:
        return found.group(0)
    year = doc.get("year") or ""
    as_of = _iso(doc.get("as_of")) or _iso((doc.get("metadata") or {}).get("填报时间"))
    if as_of:
        half = "上半年" if as_of.month <= 7 else "全年"
        return f"{year or as_of.year}年{half}"
    return f"{year}年" if year else "导入轮次"


def period_end(round_name, year):
    """The last day of the period a round's name states: 2023年上半年 → 2023-06-30; None when it states none."""
    import calendar
    import re

    months = {"第一季度": 3, "一季度": 3, "第二季度": 6, "二季度": 6, "上半年": 6, "第三季度": 9, "三季度": 9,
              "前三季度": 9, "第四季度": 12, "四季度": 12, "下半年": 12, "全年": 12}
    found = re.search(r"(?:(\d{4})年)?(前三季度|第[一二三四]季度|[一二三四]季度|上半年|下半年|全年|1-(\d{1,2})月)", round_name or "")
    if not found:
        return None
    year = int(found.group(1) or year)
    month = int(found.group(3)) if found.group(3) else months[found.group(2)]
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def import_report(doc, *, kind, issuer, source_name, round_name, user, as_of=None, due=None, title=None):
    """A filled filing form or status table with no plan yet: create the plan, its round and filings."""
    plan = import_plan(doc, kind=kind, issuer=issuer, title=title or plan_title_from_report(doc.get("title")), source_name=source_name)
    meta = doc.get("metadata") or {}
    as_of = as_of or _iso(doc.get("as_of")) or period_end(round_name, plan.year) or _iso(meta.get("填报时间")) or datetime.date(plan.year, 12, 31)
    due = due or _iso(meta.get("填报时间")) or _iso(meta.get("发文日期")) or as_of
    round_ = Round.objects.create(plan=plan, name=round_name, as_of=as_of, due=max(due, as_of))
    tasks = list(plan.tasks.order_by("order", "pk"))
    submissions = import_filings(doc, round_, list(zip(all_tasks(doc), tasks)), user)
    return plan, round_, submissions


def _normalise_for_match(text):
    import re
    import unicodedata

    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or ""))


def match_tasks(parsed_tasks, tasks, threshold=0.45):
    """Pair each parsed row with the most similar existing Task (text similarity), each Task once.

    Returns [(parsed_task, task or None, score 0–1)] in the parsed order.
    """
    import difflib

    normalised = [(task, _normalise_for_match(task.text)) for task in tasks]
    candidates = []
    for i, parsed in enumerate(parsed_tasks):
        text = _normalise_for_match(parsed.get("text"))
        for task, task_text in normalised:
            matcher = difflib.SequenceMatcher(None, text, task_text, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold:
                candidates.append((score, i, task))
    chosen, used = {}, set()
    for score, i, task in sorted(candidates, key=lambda c: -c[0]):
        if i not in chosen and task.pk not in used:
            chosen[i] = (task, score)
            used.add(task.pk)
    return [(parsed, *chosen.get(i, (None, 0.0))) for i, parsed in enumerate(parsed_tasks)]


def highlight_segments(text, indicators):
    """Split ``text`` into [(piece, indicator or None)] so a template can mark each indicator's span."""
    segments, position = [], 0
    for indicator in sorted(indicators, key=lambda ind: (ind.get("start") or 0)):
        start, end = indicator.get("start"), indicator.get("end")
        if start is None or end is None or start < position or end > len(text) or end <= start:
            continue
        if start > position:
            segments.append((text[position:start], None))
        segments.append((text[start:end], indicator))
        position = end
    if position < len(text):
        segments.append((text[position:], None))
    return segments
