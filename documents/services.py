"""导入 — turn a parsed document (the `duban-parse` JSON contract) into plans, rounds and filings.

The parsing itself lives in the pure package `docparse`; these functions only map its output onto
the models, inside one transaction, so a failed import leaves nothing behind.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from docparse import periods
from docparse.numbers import SCALES
from docparse.periods import iso_date
from filings.models import Round, Submission
from plans.models import Indicator, Plan, Section, Task
from units.models import Unit


def parse_document(data, filename):
    """docparse's JSON for an uploaded document, parsed in a child process within DUBAN_PARSE_TIMEOUT seconds and
    DUBAN_PARSE_MAX_MEMORY bytes (legacy .doc conversion included): the worker survives any file. Raises ParseError."""
    from docparse.sandbox import parse_limited

    return parse_limited(
        data, filename, timeout=settings.DUBAN_PARSE_TIMEOUT, max_memory=settings.DUBAN_PARSE_MAX_MEMORY
    )


def import_in_background(upload):
    """Whether an upload is parsed by a worker: above DUBAN_JOB_IMPORT_BYTES, or above DUBAN_JOB_IMPORT_WORK cells and
    paragraphs by a cheap count in its bytes (a small .docx can describe a huge table)."""
    from docparse.limits import prescan

    if upload.size > settings.DUBAN_JOB_IMPORT_BYTES:
        return True
    data = upload.read()
    upload.seek(0)
    return prescan(data, upload.name) > settings.DUBAN_JOB_IMPORT_WORK


def within_parse_budget(func, *args):
    """``func(*args)`` (pure work on loaded rows, no database) in a child process under the parse budget
    (DUBAN_PARSE_TIMEOUT, DUBAN_PARSE_MAX_MEMORY); raises ParseError past it."""
    from docparse.sandbox import call_limited

    outcome = call_limited(
        func, *args, timeout=settings.DUBAN_PARSE_TIMEOUT, max_memory=settings.DUBAN_PARSE_MAX_MEMORY
    )
    if outcome.status != "ok":
        raise outcome.error
    return outcome.value


def purge_previews(now=None):
    """Delete the stored import previews older than DUBAN_IMPORT_PREVIEW_HOURS; returns how many went.

    The background parses that finished as long ago go too (a failed one still holds its upload)."""
    from jobs.models import Job

    from .models import PendingImport

    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.DUBAN_IMPORT_PREVIEW_HOURS)
    deleted, _by_model = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    Job.objects.filter(handler="documents.jobs.parse_import", finished_at__lt=cutoff).delete()
    return deleted


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


def expand_unit_name(name):
    """区卫健局 → 区卫生健康局: the common abbreviations spelled out, for matching."""
    return name.replace("卫健", "卫生健康").replace("卫计", "卫生计生")


def same_unit(name, unit):
    """Does ``name`` (perhaps shortened: 区卫健局, 市卫生健康局) designate ``unit``?"""
    if unit is None:
        return False
    short, full = expand_unit_name(name), expand_unit_name(unit.name)
    return (
        short == full
        or (len(short) >= 4 and full.endswith(short))
        or name == unit.short_name
        or (len(full) >= 6 and short.endswith(full) and len(short) - len(full) <= 6)
    )  # 台州市椒江区卫生健康局 ↔ 椒江区卫生健康局


def abbreviates(short, full):
    """医政科 ↔ 医政医管科, 区卫健局 ↔ 椒江区卫生健康局: the short name's characters in order in the full name, the same
    kind of unit (last character) and the same first character of what remains after the place name."""
    short, full = expand_unit_name(short or ""), expand_unit_name(full or "")
    if not short or not full or short == full:
        return bool(short) and short == full
    if len(short) >= 4 and full.endswith(short):
        return True
    if len(short) < 3 or short[-1] != full[-1]:
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return short[0] == full[0] or full.find(short[0]) <= 3


def match_unit(name, units):
    """The unit among ``units`` that ``name`` designates: its name, short name, or an abbreviation of either."""
    name = (name or "").strip()
    if not name:
        return None
    for test in (
        lambda u: u.name == name,
        lambda u: u.short_name == name,
        lambda u: same_unit(name, u),
        lambda u: abbreviates(name, u.name),
    ):
        found = [u for u in units if test(u)]
        if found:
            return sorted(found, key=lambda u: len(u.name))[0]
    return None


_COLLECTIVE_QUALIFIERS = (
    "有关",
    "相关",
    "镇（街道）",
    "镇(街道)",
    "镇街",
    "乡镇",
    "街道",
    "县级",
    "区级",
    "市级",
    "区属",
    "县属",
    "市属",
    "直属",
)
_COLLECTIVE_KINDS = {
    "科室": Unit.Kind.OFFICE,
    "处室": Unit.Kind.OFFICE,
    "直属单位": Unit.Kind.INSTITUTION,
    "镇街": Unit.Kind.TOWNSHIP,
    "镇（街道）": Unit.Kind.TOWNSHIP,
}


def collective_units(name, units):
    """A collective name's units: 各街道社区卫生服务中心 → every unit among ``units`` whose name ends with
    社区卫生服务中心; 各科室 → every 科室. [] when ``name`` is no collective name (or names no unit here)."""
    name = (name or "").strip()
    if not name.startswith("各") or len(name) < 3:
        return []
    core = name[1:]
    if core in _COLLECTIVE_KINDS:
        return [u for u in units if u.kind == _COLLECTIVE_KINDS[core]]
    for qualifier in _COLLECTIVE_QUALIFIERS:
        if core.startswith(qualifier) and len(core) - len(qualifier) >= 2:
            core = core[len(qualifier) :]
    if core in _COLLECTIVE_KINDS:
        return [u for u in units if u.kind == _COLLECTIVE_KINDS[core]]
    core = expand_unit_name(core)
    return [u for u in units if expand_unit_name(u.name).endswith(core) and len(u.name) > len(core)]


def unit_named(name, parent=None):
    """The unit called ``name`` (also matched by its short name), created under ``parent`` if new.

    A shortened name of ``parent`` itself (区卫健局 in a form of 椒江区卫生健康局) is ``parent``.
    """
    name = (name or "").strip()
    if same_unit(name, parent) or (parent is not None and abbreviates(name, parent.name)):
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


def plan_kind_from_title(title, default=Plan.Kind.WORK_POINTS):
    """政府工作报告 → gov_report, 民生实事 → livelihood, 工作要点 → work_points, 重点工作 → key_work."""
    kind = periods.plan_kind(title)
    return Plan.Kind(kind) if kind else default


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


def _task_units(task, issuer, filing_unit=None, unit_names=()):
    """(lead unit, co-units) of a parsed task; the issuer leads when the document names nobody."""
    names = [n for n in ([task.get("lead_unit")] + list(task.get("units") or [])) if n]
    seen = []
    for name in names:
        if name not in seen:
            seen.append(name)
    if not seen:
        return issuer, []
    known = [u for u in (filing_unit, issuer) if u is not None]
    everyone = None
    level = issuer.district() if issuer is not None else None
    # Units are matched within the issuer's own level: another district's 医政科 is never chosen.
    pool = level.subtree() if level is not None and level.path else Unit.objects.all()

    def resolve(name):
        nonlocal everyone
        for full in unit_names:  # 医政科 in a round-wide form whose sign-off names 医政医管科
            if full != name and abbreviates(name, full):
                unit = match_unit(full, known) or unit_named(full, parent=issuer)
                if not unit.short_name and len(name) < len(unit.name):
                    unit.short_name = name[:50]
                    unit.save(update_fields=["short_name"])
                known.append(unit)
                return unit
        found = match_unit(name, known)
        if found is None:
            if everyone is None:
                everyone = list(pool)
            found = match_unit(name, everyone)
        return found or unit_named(name, parent=issuer)

    def pool_units():
        nonlocal everyone
        if everyone is None:
            everyone = list(pool)
        return everyone

    lead_group = []
    chosen = pool.filter(pk=task["lead_unit_id"]).first() if task.get("lead_unit_id") else None
    if chosen is not None:
        lead = chosen
    elif task.get("lead_unit_new"):
        lead = pool.filter(name=seen[0]).first() or Unit.objects.create(
            name=seen[0], kind=guess_unit_kind(seen[0]), parent=issuer
        )
    else:
        # 各街道社区卫生服务中心 lead it together: the issuer leads, every one of them co-operates.
        lead_group = collective_units(seen[0], pool_units()) if issuer is not None else []
        lead = issuer if lead_group else resolve(seen[0])
    co_units = list(lead_group)
    for name in seen[1:]:
        if name != lead.name:
            co_units.extend(collective_units(name, pool_units()) or [resolve(name)])
    return lead, [u for u in dict.fromkeys(co_units) if u != lead]


@transaction.atomic
def import_plan(doc, *, kind=Plan.Kind.WORK_POINTS, issuer=None, title=None, year=None, source_name=""):
    """Create a Plan with its sections, tasks and target indicators from a parsed document."""
    meta = doc.get("metadata") or {}
    filing_unit = None
    if issuer is None and doc.get("org"):
        issuer = unit_named(doc["org"])
    if meta.get("填报单位") and doc.get("kind") in ("filing_form", "status_table"):
        filing_unit = unit_named(meta["填报单位"], parent=issuer)
        if issuer is None:
            issuer = filing_unit
    plan = Plan.objects.create(
        year=year or doc.get("year") or datetime.date.today().year,
        kind=kind,
        title=(title or doc.get("title") or source_name or "导入的计划")[:200],
        intro=doc.get("preamble") or doc.get("intro") or "",
        issuer=issuer,
        source_document=source_name[:255],
        issued_on=iso_date(meta.get("成文日期") or meta.get("发文日期")),  # (metadata dates are ISO)
    )
    # the units a form's sign-off names in full: 医政科 in its rows is 医政医管科, its short name recorded
    signed_names = [m.get("填报单位") for m in doc.get("unit_metadata") or [] if m.get("填报单位")]
    if filing_unit is not None:
        signed_names.append(filing_unit.name)
    order = 0
    for s_index, parsed_section in enumerate(doc.get("sections") or [], start=1):
        section = None
        if parsed_section.get("title"):
            section = Section.objects.create(
                plan=plan, label=parsed_section.get("label") or "", title=parsed_section["title"][:300], order=s_index
            )
        for parsed_task in parsed_section.get("tasks") or []:
            order += 1
            lead, co_units = _task_units(
                parsed_task,
                issuer,
                filing_unit,
                signed_names,
            )
            if lead is None:
                lead = unit_named(doc.get("org") or "未指定单位")
            task = Task.objects.create(
                plan=plan,
                section=section,
                number=str(parsed_task.get("number") or order)[:20],
                text=parsed_task.get("text") or "",
                lead_unit=lead,
                order=order,
                deadline=iso_date(parsed_task.get("deadline")),
            )
            task.co_units.set([u for u in co_units if u != lead])
            for parsed in parsed_task.get("indicators") or []:
                fields = indicator_fields(parsed)
                if fields is None:
                    continue
                Indicator.objects.create(
                    task=task,
                    **fields,
                    source_text=(parsed.get("text") or "")[:300],
                    source_start=parsed.get("start"),
                    source_end=parsed.get("end"),
                )
    return plan


def indicator_fields(parsed):
    """The Indicator fields (subject, comparator, target_value, unit, baseline, scale) of a parsed target indicator,
    or None for one that is no target or has no value. The one mapping: the import and the export's check that a
    task text says its indicators (exports.task_texts) both use it."""
    if parsed.get("role") not in (None, "target"):
        return None
    value = _decimal(parsed.get("value"))
    if value is None:
        return None
    return {
        "subject": (parsed.get("subject") or parsed.get("text") or "")[:200],
        "comparator": _comparator(parsed.get("comparator")),
        "target_value": value,
        "unit": (parsed.get("unit") or "")[:20],
        "baseline": _decimal(parsed.get("baseline")),
        "scale": SCALES.get(parsed.get("scale"), 1),
    }


def filing_fields(parsed_task):
    """The Filing fields a parsed form or status-table row carries (an export's （未报送） and 【未审核】 marks
    are the table's words, not the unit's: they are not completion text)."""
    from .exports import NOT_FILED, NOT_REVIEWED

    assessment = parsed_task.get("self_assessment")
    completion = (parsed_task.get("completion") or "").strip()
    completion = "" if completion in (NOT_FILED, "(未报送)") else completion.removeprefix(NOT_REVIEWED)
    return {
        "completion": completion,
        "completed": parsed_task.get("completed"),
        "reason": parsed_task.get("reason") or "",
        "problems": parsed_task.get("problems") or "",
        "self_assessment": assessment if assessment in ASSESSMENTS else "",
    }


def not_filed(parsed_task):
    """A row an export marked （未报送）, or one with nothing filled in (a unit's own form printed before it filed):
    nothing was filed, so nothing is imported (an existing filing stays)."""
    from .exports import NOT_FILED

    return (parsed_task.get("completion") or "").strip() in (NOT_FILED, "(未报送)", "") and not any(
        parsed_task.get(k) not in (None, "") for k in ("reason", "problems", "completed", "self_assessment")
    )


@transaction.atomic
def import_filings(doc, round_, matches, user):
    """Write the parsed rows into the round: ``matches`` pairs each parsed task with a Task (or None to skip).

    Each unit's submission is opened as needed and every written filing gets a version.
    Returns the submissions touched.
    """
    touched = {}
    for parsed_task, task in matches:
        if task is None or not_filed(parsed_task):
            continue
        submission = touched.get(task.lead_unit_id) or Submission.objects.open_for(round_, task.lead_unit)
        touched[task.lead_unit_id] = submission
        if not submission.is_editable:
            continue
        filing = submission.filings.get(task=task)
        filing.save_edit(user, filing.version, filing_fields(parsed_task))
    doc_meta = doc.get("metadata") or {}
    for submission in touched.values():
        meta = unit_meta(doc, submission.unit) or doc_meta
        submission.filler_name = (meta.get("填报人") or submission.filler_name)[:50]
        submission.contact = (meta.get("联系方式") or meta.get("联系电话") or submission.contact)[:50]
        fields = ["filler_name", "contact"]
        if meta.get("签发人") and not meta["签发人"].startswith("各单位") and submission.signer_id is None:
            submission.signer = signer_named(meta["签发人"], submission.unit)
            fields.append("signer")
        filed = iso_date(meta.get("填报时间") or meta.get("填报日期"))
        if filed and submission.submitted_at is None:
            from django.utils import timezone

            submission.submitted_at = timezone.make_aware(datetime.datetime.combine(filed, datetime.time(12)))
            fields.append("submitted_at")
        submission.save(update_fields=fields)
    return list(touched.values())


def unit_meta(doc, unit):
    """A round-wide form's sign-off line for ``unit`` (its 签发人, 填报人, 联系方式, 填报时间), or None."""
    for entry in doc.get("unit_metadata") or []:
        name = entry.get("填报单位") or ""
        if name and (match_unit(name, [unit]) is not None or abbreviates(unit.short_name or "", name)):
            return entry
    return None


def signer_named(name, unit):
    """The unit's 签发人 called ``name`` (a form signed on paper); recorded as a user who cannot log in if new."""
    import uuid

    from units.models import User

    name = name.strip()[:50]
    found = User.objects.filter(unit=unit, display_name=name).order_by("-role").first()
    if found:
        return found
    user = User(
        username=f"signer-{uuid.uuid4().hex[:12]}", unit=unit, role=User.Role.SIGNER, display_name=name, is_active=False
    )
    user.set_unusable_password()
    user.save()
    return user


def all_tasks(doc):
    """Every parsed task in document order, each with its section's title as ``section_title``."""
    return [
        {**task, "section_title": section.get("title") or ""}
        for section in doc.get("sections") or []
        for task in section.get("tasks") or []
    ]


@transaction.atomic
def import_report(doc, *, kind, issuer, source_name, round_name, user, as_of=None, due=None, title=None):
    """A filled filing form or status table with no plan yet: create the plan, its round and filings."""
    plan = import_plan(
        doc,
        kind=kind,
        issuer=issuer,
        title=title or periods.plan_title_from_report(doc.get("title")),
        source_name=source_name,
    )
    meta = doc.get("metadata") or {}
    as_of = (
        as_of
        or iso_date(doc.get("as_of"))
        or periods.round_period_end(round_name, plan.year)
        or iso_date(meta.get("填报时间"))
        or datetime.date(plan.year, 12, 31)
    )
    due = due or iso_date(meta.get("填报时间")) or iso_date(meta.get("发文日期")) or as_of
    round_ = Round.objects.create(plan=plan, name=round_name, as_of=as_of, due=max(due, as_of))
    tasks = list(plan.tasks.order_by("order", "pk"))
    submissions = import_filings(doc, round_, list(zip(all_tasks(doc), tasks, strict=False)), user)
    return plan, round_, submissions


def match_tasks(parsed_tasks, tasks, threshold=0.45):
    """Pair each parsed row with the most similar existing Task (text similarity), each Task once.

    Returns [(parsed_task, task or None, score 0–1)] in the parsed order.
    """
    import difflib

    # one matcher per existing task: its side (difflib's index of the second sequence) is built once, not per pair
    matchers = [
        (task, difflib.SequenceMatcher(None, "", periods.match_key(task.text), autojunk=False)) for task in tasks
    ]
    candidates = []
    for i, parsed in enumerate(parsed_tasks):
        text = periods.match_key(parsed.get("text"))
        for task, matcher in matchers:
            matcher.set_seq1(text)
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


def preview_parts(parsed, round_tasks, units):
    """What the import preview shows, from loaded rows only (no database): the rows matched to ``round_tasks``
    (None: not matched), the text split at its indicators, and one entry per row with its units and problems."""
    parsed_tasks = all_tasks(parsed)
    matches = (
        match_tasks(parsed_tasks, round_tasks) if round_tasks is not None else [(t, None, 0.0) for t in parsed_tasks]
    )
    segments = highlight_segments(parsed.get("text") or "", parsed.get("indicators") or [])
    return matches, segments, preview_rows(parsed, units)


def highlight_segments(text, indicators):
    """Split ``text`` into [(piece, indicator or None)] so a template can mark each indicator's span."""
    segments, position = [], 0
    for indicator in sorted(indicators, key=lambda ind: ind.get("start") or 0):
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


# --- preview: the office's corrections, per-row problems, kind warnings ----------------------------------------


class CorrectionError(ValueError):
    """A correction in the preview that cannot be applied (a forged unit id, a value that is not a number)."""


def suggested_unit(name, units):
    """The existing unit a name read from the document designates (name, short name, abbreviation), else None."""
    return match_unit(name, units) if name else None


def _row_units(parsed_task):
    names = [n for n in [parsed_task.get("lead_unit")] + list(parsed_task.get("units") or []) if n]
    seen = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return seen


def preview_rows(doc, units):
    """One entry per parsed task for the preview: the task, its suggested lead/co-units and its problems."""
    text = doc.get("text") or ""
    rows = []
    for index, task in enumerate(all_tasks(doc)):
        names = _row_units(task)
        lead_name = names[0] if names else ""
        lead_group = collective_units(lead_name, units)
        rows.append(
            {
                "index": index,
                "task": task,
                "lead_name": lead_name,
                "lead_match": None if lead_group else suggested_unit(lead_name, units),
                "lead_group": lead_group,  # a collective name: the issuer leads unless the office picks one
                "co_names": "、".join(names[1:]),
                # (name, the unit it designates, or every unit a collective name stands for)
                "co_matches": [(n, suggested_unit(n, units), collective_units(n, units)) for n in names[1:]],
                "problems": row_problems(task, text, _figures_in(doc, task)),
            }
        )
    return rows


def _figures_in(doc, task):
    """The document's target figures inside the task's row."""
    start, end = task.get("start") or 0, task.get("end") or 0
    return [
        i for i in doc.get("indicators") or [] if i.get("role") == "target" and start <= (i.get("start") or 0) < end
    ]


_NUMBER = None


def row_problems(task, text, figures=()):
    """What may be misread in one row: an empty task, cells that did not fit, numbers not understood (``figures``:
    the document's indicators — a figure the text states is understood even where a （指标：…） note sets the
    task's targets)."""
    import re

    global _NUMBER
    if _NUMBER is None:
        _NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
    problems = [str(w) for w in task.get("warnings") or []]
    if not (task.get("text") or "").strip():
        problems.append(_("没有识别出目标任务的文字。"))
    spans = [(i.get("start") or 0, i.get("end") or 0) for i in [*(task.get("indicators") or []), *figures]]
    body = task.get("text") or ""
    for m in _NUMBER.finditer(body):
        a, b = m.span()
        after, before = body[b : b + 2], body[max(0, a - 1) : a]
        if re.match(r"\s*(年|月|日|号|时|分|届|次会|期|批|轮|版|[.、）)])", after) or before in (
            "第",
            "〔",
            "[",
            "(",
            "（",
            "-",
            "—",
        ):
            continue
        if a == 0 or re.match(r"[A-Za-z]", after or " ") or re.match(r"[A-Za-z]", before or " "):
            continue
        if any(s <= task.get("start", 0) + a < e for s, e in spans) or any(
            text[s:e] and m.group(0) in text[s:e] for s, e in spans
        ):
            continue
        problems.append(
            _("未识别的数字：%(number)s（%(context)s）")
            % {"number": m.group(0), "context": body[max(0, a - 6) : b + 4]}
        )
    return problems


def kind_warnings(doc, as_plan):
    """A document that does not fit the kind it is about to be imported as."""
    tasks = all_tasks(doc)
    out = []
    if as_plan and doc.get("kind") == "summary":
        out.append(_("该文档识别为工作总结，不是计划：按计划导入将生成 %(count)d 项任务。") % {"count": len(tasks)})
    elif as_plan and len(tasks) > 150:
        out.append(_("识别出 %(count)d 项任务，远多于一份计划通常的数量，请核对文档类型。") % {"count": len(tasks)})
    if as_plan and tasks and not any(_row_units(t) for t in tasks) and len(tasks) > 30:
        out.append(_("所有任务都没有识别出牵头单位。"))
    if not tasks:
        out.append(_("没有识别出任务。"))
    return out


def roll_up_districts(doc):
    """The districts a city's 全市汇总 names in its 区县 column, each once in order (全市 aside); [] for a unit's or a
    bureau's own table."""
    names = [t.get("district") for t in all_tasks(doc)]
    return list(dict.fromkeys(n for n in names if n and n != "全市"))


def roll_up_notice(doc):
    """What a city's 全市汇总 is and what importing it does (nothing), or "" for any other document."""
    districts = roll_up_districts(doc)
    if not districts:
        return ""
    return _(
        "这是市级全市汇总表“%(title)s”：%(count)d 个区县（%(names)s）的完成情况，由各区县的上报汇总而成，"
        "不是一个单位的填报，不能导入为计划、轮次或填报，确认导入不会保存任何内容。"
        "各区县的完成情况请由区县在“上报汇总”中上报，或在“上报汇总”页面导入区县的上报文件。"
    ) % {"title": doc.get("title") or "", "count": len(districts), "names": "、".join(districts)}


def apply_corrections(doc, data, units):
    """The parsed document with the office's corrections from the preview form applied (nothing is saved).

    Per row ``i``: ``t{i}-section`` (板块), ``t{i}-text`` (目标任务), ``t{i}-lead`` ("" as read, ``u<id>`` an existing
    unit, ``new`` a new unit called ``t{i}-lead_new``), ``t{i}-co`` (配合单位, names separated by 、), ``t{i}-ind{j}``
    (an indicator's value) and ``t{i}-skip`` (leave the row out). Raises CorrectionError on a forged or unreadable
    value.
    """
    import copy
    import re

    by_pk = {str(u.pk): u for u in units}
    doc = copy.deepcopy(doc)
    rows = []
    index = 0
    for section in doc.get("sections") or []:
        for task in section.get("tasks") or []:
            key = f"t{index}-"
            index += 1
            if data.get(key + "skip"):
                continue
            title = data.get(key + "section")
            section_title = (title if title is not None else section.get("title") or "").strip()[:300]
            text = data.get(key + "text")
            if text is not None:
                if not text.strip():
                    raise CorrectionError(_("第%(row)d行：目标任务不能为空。") % {"row": index})
                task["text"] = text.strip()
            lead = data.get(key + "lead", "")
            if lead.startswith("u"):
                unit = by_pk.get(lead[1:])
                if unit is None:
                    raise CorrectionError(_("第%(row)d行：所选单位不存在。") % {"row": index})
                task["lead_unit_id"] = unit.pk
                task["lead_unit"] = unit.name
            elif lead == "new":
                name = (data.get(key + "lead_new") or "").strip()[:100]
                if not name:
                    raise CorrectionError(_("第%(row)d行：请填写新单位的名称。") % {"row": index})
                task["lead_unit"] = name
                task["lead_unit_new"] = True
            co = data.get(key + "co")
            if co is not None:
                names = [n.strip() for n in re.split(r"[、，,；;\s]+", co) if n.strip()]
                task["units"] = ([task["lead_unit"]] if task.get("lead_unit") else []) + names[:20]
            for j, indicator in enumerate(task.get("indicators") or []):
                raw = data.get(f"{key}ind{j}")
                if raw is None:
                    continue
                raw = raw.strip()
                if not raw:
                    indicator["value"] = None
                    continue
                try:
                    value = Decimal(raw)
                except InvalidOperation:
                    raise CorrectionError(
                        _("第%(row)d行：指标值“%(value)s”不是数字。") % {"row": index, "value": raw[:20]}
                    ) from None
                if not value.is_finite() or abs(value) >= Decimal("1e12"):
                    raise CorrectionError(
                        _("第%(row)d行：指标值“%(value)s”超出范围。") % {"row": index, "value": raw[:20]}
                    )
                # Typed as the document writes it (25.39 in 万人): stored in base units, as parsed.
                value *= Decimal(SCALES.get(indicator.get("scale"), 1))
                indicator["value"] = float(value) if value != value.to_integral_value() else int(value)
            rows.append((section_title, section, task))
    sections, by_title = [], {}
    for section_title, original, task in rows:
        if section_title not in by_title:
            label = original.get("label") if (original.get("title") or "") == section_title else None
            by_title[section_title] = {"title": section_title or None, "label": label, "tasks": []}
            sections.append(by_title[section_title])
        by_title[section_title]["tasks"].append(task)
    doc["sections"] = sections
    return doc
