"""The thin layer between the models and the pure modules (drafting, trends)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from docparse.numbers import SCALE_WORDS, in_scale, plain_number
from filings.models import Filing, IndicatorActual, Submission
from plans.models import Indicator, Plan, Section, Task

from . import drafting, trends
from .models import CarriedTask, Paragraph, SubjectSynonym, Summary


# --- the data a draft is built from ---------------------------------------------------------------
def period_end(plan, period):
    return datetime.date(plan.year, 6, 30) if period == drafting.HALF else None


def latest_approved_filings(plan, period):
    """{task id: the lead unit's latest approved filing in the period} (by the round's 截至 date)."""
    filings = Filing.objects.filter(
        submission__round__plan=plan, submission__state=Submission.State.APPROVED
    ).lead_only()
    end = period_end(plan, period)
    if end is not None:
        filings = filings.filter(submission__round__as_of__lte=end)
    chosen = {}
    for f in filings.select_related("submission__round", "submission__unit").order_by(
        "submission__round__as_of", "submission__round__pk"
    ):
        chosen[f.task_id] = f  # later rounds replace earlier ones
    return chosen


def plan_data(plan, period=drafting.YEAR):
    """The plan as :class:`drafting.PlanData`: sections, tasks, each task's chosen filing and actuals."""
    chosen = latest_approved_filings(plan, period)
    actuals = IndicatorActual.objects.filter(filing__in=[f.pk for f in chosen.values()]).by_filing()
    tasks = plan.tasks.select_related("lead_unit", "section").prefetch_related("indicators").in_table_order()
    by_section = {}
    for t in tasks:
        f = chosen.get(t.pk)
        fd = None
        if f is not None:
            fd = drafting.FilingData(
                id=f.pk,
                unit=f.submission.unit.name,
                round_name=f.submission.round.name,
                as_of=f.submission.round.as_of,
                completion=f.completion,
                completed=f.completed,
                reason=f.reason,
                problems=f.problems,
                self_assessment=f.self_assessment,
            )
        inds = tuple(
            drafting.IndicatorData(
                id=i.pk,
                subject=i.subject,
                comparator=i.comparator,
                target=i.target_value,
                unit=i.unit,
                baseline=i.baseline,
                actual=actuals.get(f.pk, {}).get(i.pk) if f is not None else None,
                scale=i.scale or 1,
            )
            for i in t.indicators.all()
        )
        td = drafting.TaskData(
            id=t.pk, number=t.number, text=t.text, lead_unit=t.lead_unit.name, filing=fd, indicators=inds
        )
        by_section.setdefault(t.section_id, []).append(td)
    sections = [
        drafting.SectionData(id=s.pk, label=s.label, title=s.title, tasks=tuple(by_section.get(s.pk, ())))
        for s in plan.sections.all()
    ]
    if None in by_section:
        sections.append(drafting.SectionData(id=None, label="", title="", tasks=tuple(by_section[None])))
    issuer = plan.issuer.name if plan.issuer else ""
    return drafting.PlanData(
        id=plan.pk, title=plan.title, year=plan.year, issuer=issuer, sections=tuple(sections), period=period
    )


# --- summaries -----------------------------------------------------------------------------------
def _new_paragraph(summary, p, order, user):
    para = Paragraph(
        summary=summary,
        key=p.key,
        part=p.part,
        kind=p.kind,
        order=order,
        text=p.text,
        generated_text=p.text,
        sources=p.sources,
        updated_by=user,
    )
    para._history_user = user
    para.save()
    return para


@transaction.atomic
def generate_summary(plan, period, user):
    draft = drafting.draft(plan_data(plan, period))
    summary = Summary.objects.create(
        plan=plan, period=period, created_by=user, generated_at=timezone.now(), notes=draft.notes
    )
    for order, p in enumerate(draft.paragraphs):
        _new_paragraph(summary, p, order, user)
    return summary


@transaction.atomic
def regenerate_summary(summary, user):
    """Draft again from the current data. Unedited paragraphs follow the data; edited ones are kept
    and the new generated text is offered beside them (accept / ignore). Returns the changes."""
    summary = Summary.objects.select_for_update().get(pk=summary.pk)
    draft = drafting.draft(plan_data(summary.plan, summary.period))
    stored = {p.key: p for p in summary.paragraphs.all()}
    changes = drafting.merge(
        [drafting.StoredParagraph(p.key, p.text, p.generated_text, p.edited) for p in stored.values()], draft.paragraphs
    )
    fresh = {p.key: (order, p) for order, p in enumerate(draft.paragraphs)}
    for change in changes:
        old = stored.get(change.key)
        if change.action == "added":
            order, p = fresh[change.key]
            _new_paragraph(summary, p, order, user)
        elif change.action == "updated":
            _order, p = fresh[change.key]
            old.text = old.generated_text = p.text
            old.sources, old.pending_text, old.orphaned, old.edited = p.sources, "", False, False
            old.version += 1
            old.updated_by, old._history_user = user, user
            old.save()
        elif change.action == "pending":
            _order, p = fresh[change.key]
            old.pending_text, old.sources = p.text, p.sources
            old.save(update_fields=["pending_text", "sources", "updated_at"])
        elif change.action == "removed":
            old._history_user = user
            old.delete()
        elif change.action == "kept" and not old.orphaned:
            old.orphaned = True
            old.save(update_fields=["orphaned", "updated_at"])
    # the new outline's order; edited paragraphs whose source is gone stay where they were
    for key, (order, _p) in fresh.items():
        Paragraph.objects.filter(summary=summary, key=key).exclude(order=order).update(order=order)
    summary.generated_at = timezone.now()
    summary.notes = draft.notes
    summary.last_changes = [{"key": c.key, "action": c.action, "old": c.old, "new": c.new} for c in changes]
    summary.save(update_fields=["generated_at", "notes", "last_changes"])
    return changes


def summary_document(summary):
    """The summary as a docrender document (what the .docx and PDF are typeset from)."""
    from docrender.summary import SummaryBlock, SummaryDocument

    kinds = {
        drafting.TITLE: "title",
        drafting.PART: "h1",
        drafting.HEADING: "h2",
        drafting.ITEM: "body",
        drafting.TEXT: "body",
    }
    title, blocks = "", []
    for p in summary.paragraphs.all():
        if p.kind == drafting.TITLE:
            title = p.text
            continue
        blocks.append(SummaryBlock(kinds.get(p.kind, "body"), p.text))
    issuer = summary.plan.issuer.name if summary.plan.issuer else ""
    return SummaryDocument(title=title or str(summary), blocks=blocks, issuer=issuer, issued_on=timezone.localdate())


# --- next year's plan ------------------------------------------------------------------------------
COMPARATOR_WORDS = {"新增": "add", "达到": "reach", "不低于": "gte", "以内": "lte", "控制在": "lte", "低于": "lt"}


def next_year_draft(plan):
    """The preview of next year's plan: the unfinished and lagging tasks, with the remaining target
    as the new target of each indicator not met. Plain data (kept in the session until confirmed)."""
    data = plan_data(plan, drafting.YEAR)
    tasks = {t.pk: t for t in plan.tasks.select_related("lead_unit")}
    rows = []
    for section, task in drafting.carried_over(data):
        indicators = []
        for ind in task.indicators:
            result = drafting.judge(ind)
            target = ind.target
            if result is not None and not result.met and result.remaining is not None:
                target = result.remaining
            # In the plan's own scale: 4.89 万人, not 48900 人.
            scale_word = SCALE_WORDS.get(ind.scale or 1, "")
            indicators.append(
                {
                    "subject": ind.subject,
                    "comparator": ind.comparator,
                    "target": in_scale(target, ind.scale),
                    "unit": f"{scale_word}{ind.unit}",
                }
            )
        rows.append(
            {
                "carried_from": task.id,
                "section": section.id,
                "number": task.number,
                "text": drafting.carried_text(task),
                "lead_unit": tasks[task.id].lead_unit_id,
                "co_units": list(tasks[task.id].co_units.values_list("pk", flat=True)),
                "indicators": indicators,
            }
        )
    return {"source_plan": plan.pk, "year": plan.year + 1, "title": next_title(plan), "tasks": rows}


def next_title(plan):
    title = plan.title
    return (
        title.replace(str(plan.year), str(plan.year + 1), 1) if str(plan.year) in title else f"{plan.year + 1}年{title}"
    )


def indicator_lines(indicators):
    """Indicators as the preview's text: one per line, 指标名称；比较方式；目标值；计量单位."""
    labels = {v: k for k, v in COMPARATOR_WORDS.items() if k != "控制在"}
    return "\n".join(
        f"{i['subject']}；{labels.get(i['comparator'], '达到')}；{i['target']}；{i['unit']}" for i in indicators
    )


def parse_indicator_lines(text):
    """Inverse of :func:`indicator_lines`; raises ValueError with the bad line's number."""
    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace(";", "；").split("；")]
        if len(parts) != 4 or not parts[0] or parts[1] not in COMPARATOR_WORDS:
            raise ValueError(n)
        try:
            target = Decimal(parts[2])
        except InvalidOperation:
            raise ValueError(n) from None
        if not target.is_finite() or abs(target) >= Decimal(10) ** 14:
            raise ValueError(n)
        out.append(
            {
                "subject": parts[0][:200],
                "comparator": COMPARATOR_WORDS[parts[1]],
                "target": plain_number(target),
                "unit": parts[3][:20],
            }
        )
    return out


@transaction.atomic
def create_next_plan(source, title, year, rows):
    """Confirm the preview: a new plan with the source's sections (those still used) and the rows."""
    plan = Plan.objects.create(year=year, kind=source.kind, title=title, issuer=source.issuer, intro="")
    sections = {}
    for order, s in enumerate(source.sections.all(), start=1):
        if any(r["section"] == s.pk for r in rows):
            sections[s.pk] = Section.objects.create(plan=plan, label=s.label, title=s.title, order=order)
    for order, r in enumerate(rows, start=1):
        task = Task.objects.create(
            plan=plan,
            section=sections.get(r["section"]),
            number=r["number"] or str(order),
            text=r["text"],
            lead_unit_id=r["lead_unit"],
            order=order,
        )
        if r.get("co_units"):
            task.co_units.set(r["co_units"])
        for ind in r.get("indicators", []):
            scale = next(
                (n for n, word in SCALE_WORDS.items() if ind["unit"].startswith(word) and len(ind["unit"]) > len(word)),
                1,
            )
            unit = ind["unit"][len(SCALE_WORDS[scale]) :] if scale != 1 else ind["unit"]
            Indicator.objects.create(
                task=task,
                subject=ind["subject"],
                comparator=ind["comparator"],
                target_value=Decimal(ind["target"]) * scale,
                unit=unit,
                scale=scale,
            )
        if r.get("carried_from"):
            source_task = Task.objects.filter(pk=r["carried_from"], plan=source).first()
            if source_task is not None:
                CarriedTask.objects.create(task=task, source=source_task)
    return plan


# --- indicators across years --------------------------------------------------------------------------
def synonyms():
    return trends.synonym_map(SubjectSynonym.objects.values_list("alias", "canonical"))


def subjects(indicators=None):
    """{subject key: {"years": set, "count": n}} over the given indicators (default: every plan's)."""
    syn = synonyms()
    out = {}
    for subject, year in (indicators if indicators is not None else Indicator.objects.all()).values_list(
        "subject", "task__plan__year"
    ):
        key = trends.subject_key(subject, syn)
        if not key:
            continue
        entry = out.setdefault(key, {"years": set(), "count": 0})
        entry["years"].add(year)
        entry["count"] += 1
    return out


def trend(key, issuer=None, indicators=None):
    """Target and approved actual per year and round for every indicator (of ``indicators``) whose subject matches ``key``."""
    syn = synonyms()
    key = trends.subject_key(key, syn)
    indicators = (indicators if indicators is not None else Indicator.objects.all()).select_related(
        "task__plan__issuer"
    )
    if issuer is not None:
        indicators = indicators.filter(task__plan__issuer=issuer)
    matching = [i for i in indicators if trends.subject_key(i.subject, syn) == key]
    result = trends.Trend(key)
    actuals = IndicatorActual.objects.filter(
        indicator__in=matching, filing__submission__state=Submission.State.APPROVED
    ).select_related("filing__submission__round")
    by_indicator = {}
    for a in actuals:
        by_indicator.setdefault(a.indicator_id, []).append(a)
    rows = []
    for ind in sorted(matching, key=lambda i: (i.task.plan.year, i.task.plan_id, i.pk)):
        got = sorted(by_indicator.get(ind.pk, []), key=lambda a: a.filing.submission.round.as_of)
        common = dict(
            year=ind.task.plan.year,
            plan=ind.task.plan.title,
            target=float(ind.target_value),
            unit=ind.unit,
            comparator=ind.comparator,
        )
        if not got:
            result.points.append(trends.Point(round="", as_of=None, actual=None, **common))
        for a in got:
            r = a.filing.submission.round
            result.points.append(trends.Point(round=r.name, as_of=r.as_of, actual=float(a.value), **common))
        rows.append((ind, got))
    return result, rows, matching


# --- 隐私审查 before export ---------------------------------------------------------------------------
class PrivacyError(Exception):
    pass


def _summary_people(summary):
    """The names and contact details entered with the plan's packages (填报人, 签发人, 联系方式): never exported."""
    names, contacts = set(), set()
    for filler, contact, signer in Submission.objects.filter(round__plan=summary.plan_id).values_list(
        "filler_name", "contact", "signer__display_name"
    ):
        names.update(n for n in (filler, signer) if n)
        if contact:
            contacts.add(contact)
    return names, contacts


@transaction.atomic
def scan_summary(summary):
    """Scan every paragraph as it stands; a hit already decided keeps its decision (保留 stays kept); a pending hit
    no longer in the text goes. Returns the pending hits (the export waits for them)."""
    from docparse import privacy

    from .models import SummaryPrivacyHit

    names, contacts = _summary_people(summary)
    found = {}
    for paragraph in summary.paragraphs.all():
        for hit in privacy.scan(paragraph.text, names=names, contacts=contacts):
            found.setdefault((paragraph.pk, hit.kind, hit.text[:300]), (paragraph, hit))
    existing = {
        (h.paragraph_id, h.kind, h.text): h
        for h in SummaryPrivacyHit.objects.select_for_update().filter(summary=summary)
    }
    for key, row in existing.items():
        if key not in found and row.decision == SummaryPrivacyHit.Decision.PENDING:
            row.delete()
    for key, (paragraph, hit) in found.items():
        before, value, after = hit.context(paragraph.text)
        row = existing.get(key)
        if row is None:
            SummaryPrivacyHit.objects.create(
                summary=summary,
                paragraph=paragraph,
                kind=hit.kind,
                text=value[:300],
                before=before,
                after=after,
                masked=privacy.mask(hit)[:300],
            )
        elif row.decision == SummaryPrivacyHit.Decision.MASK:
            # Masked once, back again (regenerated or typed in): to be decided again.
            row.decision, row.before, row.after = SummaryPrivacyHit.Decision.PENDING, before, after
            row.save(update_fields=["decision", "before", "after"])
    return SummaryPrivacyHit.objects.filter(summary=summary, decision=SummaryPrivacyHit.Decision.PENDING)


@transaction.atomic
def decide_summary_hit(hit, user, decision, reason=""):
    """遮盖: the paragraph is saved with the hit masked (a version, by ``user``); 保留: with a reason."""
    from django.utils.translation import gettext as _

    from docparse import privacy

    from .models import SummaryPrivacyHit

    reason = (reason or "").strip()
    if decision == SummaryPrivacyHit.Decision.KEEP:
        if not reason:
            raise PrivacyError(_("保留时请填写理由。"))
    elif decision == SummaryPrivacyHit.Decision.MASK:
        paragraph = Paragraph.objects.select_for_update().get(pk=hit.paragraph_id)
        spans = [(start, start + len(hit.text), hit.masked) for start in _occurrences(paragraph.text, hit.text)]
        if spans and not paragraph.save_edit(user, paragraph.version, privacy.apply_masks(paragraph.text, spans)):
            raise PrivacyError(_("该段落刚被他人修改，请刷新后再处理。"))
        reason = ""
    else:
        raise PrivacyError(_("无效的处理方式。"))
    hit.decision, hit.reason, hit.decided_by, hit.decided_at = decision, reason, user, timezone.now()
    hit.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    return hit


def _occurrences(text, value):
    start = text.find(value)
    while value and start >= 0:
        yield start
        start = text.find(value, start + len(value))
