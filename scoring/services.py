"""Recompute a scheme's ledger, preview a rule change, and build the ranking."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from filings.models import Round
from units.models import Unit

from . import events as gathered
from . import rules as pure
from .models import ManualItem, ScoreLine, ScoringScheme


def scheme_for(level, year):
    scheme, _ = ScoringScheme.objects.get_or_create(level=level, year=year)
    return scheme


def computed_lines(scheme, rules=None, today=None):
    """The ledger as the rules (the scheme's, or ``rules``) price the logged events — not saved."""
    rules = scheme.rules if rules is None else rules
    return pure.apply(list(gathered.gather(scheme, today, quality=pure.quality_on(rules))), rules)


@transaction.atomic
def recompute(scheme, today=None):
    """Bring the stored ledger in line with the events. Idempotent: a second run changes nothing.

    Returns (added, changed, removed).
    """
    lines = computed_lines(scheme, today=today)
    stored = {line.key: line for line in ScoreLine.objects.select_for_update().filter(scheme=scheme)}
    added = changed = 0
    seen = set()
    for line in lines:
        seen.add(line.key)
        values = {
            "unit_id": line.unit_id,
            "on": line.on,
            "event": line.event,
            "rule": line.rule,
            "points": line.points,
            "note": line.note[:200],
            "round_id": line.refs.get("round"),
            "submission_id": line.refs.get("submission"),
            "filing_id": line.refs.get("filing"),
            "review_id": line.refs.get("review"),
            "reminder_id": line.refs.get("reminder"),
            "source_url": gathered.source_url(line.refs),
        }
        old = stored.get(line.key)
        if old is None:
            ScoreLine.objects.create(scheme=scheme, key=line.key, **values)
            added += 1
        elif any(getattr(old, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(old, name, value)
            old.save()
            changed += 1
    stale = [key for key in stored if key not in seen]
    ScoreLine.objects.filter(scheme=scheme, key__in=stale).delete()
    scheme.computed_at = timezone.now()
    scheme.save(update_fields=["computed_at"])
    return added, changed, len(stale)


def preview(scheme, new_rules, today=None):
    """What a rule change would do: [(old line, new line)] for the lines that differ, and totals per unit."""
    current = [line.as_pure() for line in scheme.lines.all()]
    proposed = computed_lines(scheme, rules=new_rules, today=today)
    changes = pure.diff(current, proposed)
    before, after = defaultdict(Decimal), defaultdict(Decimal)
    for line in current:
        before[line.unit_id] += line.points
    for line in proposed:
        after[line.unit_id] += line.points
    deltas = {u: after[u] - before[u] for u in set(before) | set(after) if after[u] != before[u]}
    return changes, deltas


@dataclass
class RankRow:
    unit: Unit
    computed: Decimal = Decimal(0)
    manual: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    parts: dict = field(default_factory=dict)
    trend: list = field(default_factory=list)
    card: str = ""
    rank: int = 0


def scored_units(scheme):
    """The units a level scores: every unit owing work in its plans (and, for a city, its districts)."""
    ids = set(scheme.lines.values_list("unit_id", flat=True))
    plans = gathered.plans_of(scheme)
    ids |= set(Unit.objects.filter(led_tasks__plan__in=plans).values_list("pk", flat=True))
    if scheme.level.is_city:
        ids |= set(scheme.level.districts().values_list("pk", flat=True))
    ids.discard(scheme.level_id)
    return Unit.objects.filter(pk__in=ids).order_by("order", "name")


def ranking(scheme):
    """One row per unit: total with its parts (each event type, manual), trend across rounds, card."""
    rounds = list(Round.objects.filter(plan__in=gathered.plans_of(scheme)).order_by("as_of", "pk"))
    lines = list(scheme.lines.all())
    manual = defaultdict(list)
    for item in ManualItem.objects.filter(scheme=scheme):
        manual[item.unit_id].append(item.points)
    by_unit = defaultdict(list)
    for line in lines:
        by_unit[line.unit_id].append(line)
    rows = []
    for unit in scored_units(scheme):
        mine = by_unit.get(unit.pk, [])
        row = RankRow(unit=unit)
        for line in mine:
            row.parts[line.event] = row.parts.get(line.event, Decimal(0)) + line.points
        row.computed = sum((line.points for line in mine), Decimal(0))
        row.manual = sum(manual.get(unit.pk, []), Decimal(0))
        row.total = pure.total([line.as_pure() for line in mine], manual.get(unit.pk, []), scheme.base, scheme.cap)
        running = Decimal(scheme.base)
        for round_ in rounds:
            running += sum((line.points for line in mine if line.round_id == round_.pk), Decimal(0))
            row.trend.append(running)
        cards = [line.event for line in mine if line.event in ("yellow_card", "red_card")]
        row.card = "red_card" if "red_card" in cards else ("yellow_card" if cards else "")
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.unit.order, r.unit.name))
    for index, row in enumerate(rows, start=1):
        row.rank = index if index == 1 or row.total != rows[index - 2].total else rows[index - 2].rank
    return rows, rounds


def ranking_xlsx(scheme, rows, rounds):
    """The ranking as .xlsx: 排名, 单位, 总分, 基础分, parts, 人工评分, trend per round — numbers as numbers,
    in 公文 fonts, headings wrapped (never cut), A4 landscape with the heading row on every page."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from docrender import fonts
    from docrender.levels import page_setup

    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    events = list(pure.EVENTS)
    labels = [str(ScoreLine.EVENT_LABELS[e]) for e in events]
    headings = ["排名", "单位", "总分", "基础分", *labels, "人工评分", *[f"{r.name}累计" for r in rounds]]
    ws.append([f"{scheme.level.name}{scheme.year}年度目标考核排名"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headings))
    ws["A1"].font = Font(name=fonts.DOCX_TITLE, size=18)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 36
    ws.append(headings)
    for row in rows:
        ws.append(
            [
                row.rank,
                row.unit.name,
                row.total,
                scheme.base,
                *[row.parts.get(e, 0) for e in events],
                row.manual,
                *row.trend,
            ]
        )
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in ws[2]:
        cell.font, cell.alignment, cell.border = Font(name=fonts.DOCX_HEI, size=11, bold=True), wrap, border
    ws.row_dimensions[2].height = 42  # two lines of heading: 逾期扣分 / 第一季度累计 never cut
    body = Font(name=fonts.DOCX_BODY, size=11)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.font, cell.border = body, border
            cell.alignment = Alignment(horizontal="left" if cell.column == 2 else "center", vertical="center")
            if cell.column >= 3:
                cell.number_format = "0.00"
    for column in range(1, len(headings) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 30 if column == 2 else 6 if column == 1 else 11
    ws.freeze_panes = "C3"
    page_setup(ws, header_rows="2:2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
