"""Structure: what a read document says — its fields, its table or outline, its tasks and their indicators.

``analyze`` runs the stages in order (each a module of this package, readable and testable alone):

1. metadata     — label/value fields (填报单位：…, 索引号 | …) and page furniture;
2. grids        — the table, if any (real, tab-separated, flattened one cell per paragraph — flat_tables — or
                  delimited), its columns named by vocabulary;
3. facts        — title, year, kind, issuer, as-of date;
4. sections     — the outline (outline numbering) or the table's rows (table_sections) as sections and tasks;
5. annotations  — units and deadlines written into the task texts;
6. indicators   — the numbers, their role from the regions each stage marked, placed on their tasks.

A city's wide 全市汇总 (districts × indicators' 目标 / 完成, no table of tasks) is read by ``rollup`` instead of 4–6.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import find_as_of, period_end
from ..indicators import find_indicators
from ..model import Cell, Document, Paragraph, ParseResult, Section, Table
from ..text import normalize
from . import facts
from .annotations import apply_annotations, find_annotations, strip_spans
from .flat_tables import paragraph_grid
from .grids import Grid, delimited_grid, grid_from_tables, tab_grid
from .layout import line_grid
from .metadata import collect_metadata
from .placement import attach
from .regions import Regions
from .rollup import wide_table
from .sections import sections_from_outline
from .table_sections import sections_from_grid

__all__ = ["analyze"]


@dataclass
class _Work:
    """What the stages share: the text, its paragraphs, those a stage has taken, the indicator regions."""

    doc: Document
    norm: str
    paras: list[tuple[int, Paragraph]]
    consumed: set[int] = field(default_factory=set)
    regions: Regions = field(default_factory=Regions)
    grid: Grid | None = None
    pre_rows: list[list[Cell]] = field(default_factory=list)  # the table's rows above its header


def _find_grid(w: _Work) -> None:
    found = grid_from_tables(w.doc)
    if found:
        w.grid, block, header_row = found
        table = w.doc.blocks[block]
        assert isinstance(table, Table)
        w.pre_rows = table.rows[:header_row]
        return
    free = [(bi, p) for bi, p in w.paras if bi not in w.consumed]  # fields and furniture are no rows of text
    w.grid = line_grid(w.doc, free) or tab_grid(w.doc, w.paras) or paragraph_grid(w.paras) or delimited_grid(free)
    if w.grid:
        w.consumed |= w.grid.consumed


def _sections(w: _Work, kind: str, year: int | None) -> tuple[list[Section], str | None]:
    """(sections, the role of numbers outside any marked region)."""
    if w.grid is not None:
        for c in w.grid.header:
            w.regions.skip(c.start, c.end)
        for a, b in w.grid.dropped:
            w.regions.skip(a, b)
        sections = sections_from_grid(w.grid, w.regions, year)
        apply_annotations([t for s in sections for t in s.tasks], w.doc, w.regions, year, overwrite_units=False)
        return sections, None
    sections = sections_from_outline(w.doc, w.paras, w.consumed, w.regions, kind, year)
    apply_annotations([t for s in sections for t in s.tasks], w.doc, w.regions, year, inline_deadline=(kind == "plan"))
    for sec in sections:
        sp = find_annotations(sec.title, year)[0] if sec.title else None
        if sp:
            sec.title = strip_spans(sec.title, sp).rstrip("。；;：: ") or sec.title
    return sections, ("target" if kind == "plan" else "actual")


def _indicators(w: _Work, sections: list[Section], default_role: str | None):
    role_at, skip = w.regions.finalize(default_role)
    inds = find_indicators(w.doc.text, w.norm, role_at, skip)
    table_inds = [t._table_ind for sec in sections for t in sec.tasks if getattr(t, "_table_ind", None)]
    table_inds += [i for sec in sections for t in sec.tasks for i in getattr(t, "_split_inds", ())]
    if table_inds:
        inds = sorted(inds + table_inds, key=lambda i: i.start)
    attach(sections, inds)
    return inds


def _roll_up_result(w: _Work, fields, title: str | None, sections: list[Section], notes: list[str]) -> ParseResult:
    """A city's 全市汇总 (see ``rollup``): a status table whose rows are districts' figures."""
    year = facts.find_year(title, fields.metadata, w.norm)
    fields.finish(year)
    return ParseResult(
        kind="status_table",
        title=title,
        org=facts.find_org(fields.metadata, [], title),
        year=year,
        as_of=(find_as_of(title, year) or period_end(title, year)) if title else None,
        metadata=fields.metadata,
        sections=sections,
        indicators=sorted((i for s in sections for t in s.tasks for i in t.indicators), key=lambda i: i.start),
        unparsed=notes + facts.unparsed_lines(w.paras, w.consumed),
        text=w.doc.text,
        format=w.doc.format,
        unit_metadata=fields.unit_metadata,
    )


def analyze(doc: Document) -> ParseResult:
    """The stages, in order; see the module docstring."""
    w = _Work(
        doc, doc.norm or normalize(doc.text), [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]
    )
    fields = collect_metadata(doc, w.norm, w.paras, w.consumed, w.regions)
    _find_grid(w)
    roll_up = wide_table(doc) if w.grid is None else None
    if roll_up is not None:
        return _roll_up_result(w, fields, *roll_up)
    title, title_par = facts.find_title(w.paras, w.consumed, w.pre_rows, w.grid)
    if title_par is not None:
        w.consumed.add(title_par)
    year = facts.find_year(title, fields.metadata, w.norm)
    kind = facts.document_kind(w.grid, title, w.norm)
    org = facts.find_org(fields.metadata, w.paras, title)
    as_of = facts.find_as_of_date(w.grid, title, year, kind, w.pre_rows, w.paras, w.consumed, w.regions, len(doc.text))
    sections, default_role = _sections(w, kind, year)
    inds = _indicators(w, sections, default_role)
    preamble = None
    if kind == "plan":
        preamble = facts.preamble(w.paras, w.consumed, title_par, doc, sections, w.grid, title)
        if preamble is None and w.grid is not None and w.pre_rows:
            preamble = facts.table_preamble(w.pre_rows, title)
    unparsed = facts.unparsed_lines(w.paras, w.consumed)
    fields.finish(year)
    return ParseResult(
        kind=kind,
        title=title,
        org=org,
        year=year,
        as_of=as_of,
        metadata=fields.metadata,
        sections=sections,
        indicators=inds,
        unparsed=unparsed,
        text=doc.text,
        format=doc.format,
        preamble=preamble,
        unit_metadata=fields.unit_metadata,
    )
