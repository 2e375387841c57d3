"""City-level documents: the wide 全市 table (.xlsx with merged headers) and the district status
table (the status-table layout with a 区县 column, for .docx / PDF / .xlsx through the usual
renderers). Pure Python, no Django.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from . import fonts
from .layout import Column, TableSpec, _runs, unit_cell
from .model import StatusRow, StatusTable
from .text import SELF_ASSESSMENT_CHOICES, cn_month_day, sanitize, self_assessment_label


@dataclass
class WideGroup:
    """One task (or indicator) heading merged over its sub-columns (目标 / 完成 / 完成率)."""

    label: str
    subheaders: list[str]


@dataclass
class WideDocument:
    """全市汇总表: leading columns (区县 …), grouped columns, then trailing columns (排名 …)."""

    title: str
    lead_headers: list[str]
    groups: list[WideGroup]
    tail_headers: list[str]
    rows: list[list]  # a cell is text, a number (int / Decimal / float, kept a number) or None
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)  # below the table: targets that do not add up, weighting
    number_formats: list[str] = field(default_factory=list)  # per column; "" for General


@dataclass
class DistrictStatusRow(StatusRow):
    district: str = ""
    targets: str = ""  # 分解目标: the district's part of the task's targets (托位：600个；县域内就诊率：90%)


@dataclass
class DistrictStatusTable(StatusTable):
    """The status table of a city round, one row per task and district, with a 区县 column and each row's 牵头单位
    (the district's lead for its part of the task)."""

    rows: list[DistrictStatusRow] = field(default_factory=list)
    district_column = True  # layout.spec_for picks district_status_spec


def district_status_spec(doc: DistrictStatusTable) -> TableSpec:
    as_of = cn_month_day(doc.as_of)
    columns = [
        Column("number", "序号", 3, 4, merge=True),
        Column("task", "目标任务", 8, 18, long_text=True, align="left", merge=True),
        Column("district", "区县", 4, 7),
        Column("targets", "分解目标", 6, 12, long_text=True, align="left"),
        Column(
            "completion", f"完成情况\n（截止{as_of}）" if as_of else "完成情况", 10, 40, long_text=True, align="left"
        ),
        Column("problems", "存在问题及解决建议", 7, 18, long_text=True, align="left"),
        Column("self_assessment", "完成情况自评\n（超前/正常/滞后）", 7, 7, choices=SELF_ASSESSMENT_CHOICES),
        Column("lead_unit", "牵头单位", 5, 9),
    ]
    rows = [
        [
            sanitize(r.number),
            sanitize(r.task),
            sanitize(r.district),
            sanitize(r.targets),
            sanitize(r.completion),
            sanitize(r.problems),
            self_assessment_label(r.self_assessment),
            unit_cell(r.lead_unit, r.co_units),
        ]
        for r in doc.rows
    ]
    keys = [f"{r.number}\x00{r.task}" for r in doc.rows]
    return TableSpec("status", columns, rows, merges={0: _runs(keys), 1: _runs(keys)})


def page_setup(ws, header_rows):
    """A4 landscape, 公文 margins (cm → inch), the heading rows repeated on every page, fit to the page
    width, and "— 1 —" page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 2.8 / 2.54, 2.6 / 2.54
    ws.page_margins.top, ws.page_margins.bottom = 2.5 / 2.54, 2.5 / 2.54
    ws.print_title_rows = header_rows
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "— &P —"


_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def render_wide_xlsx(doc: WideDocument) -> bytes:
    """The wide table: title, a two-row header (each group merged over its sub-columns), rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "全市汇总"
    wb.properties.title = sanitize(doc.title)[:255]
    ncols = len(doc.lead_headers) + sum(len(g.subheaders) for g in doc.groups) + len(doc.tail_headers)
    head = Font(name=fonts.DOCX_HEI, size=12, bold=True)
    body = Font(name=fonts.DOCX_BODY, size=12)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(row=1, column=1, value=sanitize(doc.title)).font = Font(name=fonts.DOCX_TITLE, size=18)
    ws.cell(row=1, column=1).alignment = center
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, ncols))
    top = 2
    if doc.subtitle:
        ws.cell(row=2, column=1, value=sanitize(doc.subtitle)).alignment = center
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(1, ncols))
        top = 3

    def put(row, col, text, font=body):
        cell = ws.cell(row=row, column=col)
        if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
            cell.value = text  # a number stays a number: SUM and sorting work in Excel and WPS
            fmt = doc.number_formats[col - 1] if col - 1 < len(doc.number_formats) else ""
            cell.number_format = fmt or "General"
        else:
            cell.value = sanitize("" if text is None else text)
            cell.data_type = "s"  # never a formula
        cell.font, cell.alignment, cell.border = font, center, _BORDER
        return cell

    col = 1
    for header in doc.lead_headers:
        put(top, col, header, head)
        put(top + 1, col, "", head)
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        col += 1
    for group in doc.groups:
        put(top, col, group.label, head)
        for offset, sub in enumerate(group.subheaders):
            if offset:
                put(top, col + offset, "", head)
            put(top + 1, col + offset, sub, head)
        if len(group.subheaders) > 1:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(group.subheaders) - 1)
        col += len(group.subheaders)
    for header in doc.tail_headers:
        put(top, col, header, head)
        put(top + 1, col, "", head)
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        col += 1
    for r, values in enumerate(doc.rows, start=top + 2):
        for c, value in enumerate(values, start=1):
            put(r, c, value)
    for c in range(1, ncols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16 if c <= len(doc.lead_headers) else 11
    last = top + 1 + len(doc.rows)
    for offset, note in enumerate(doc.notes, start=2):
        ws.cell(row=last + offset, column=1, value=sanitize(note)).font = body
        ws.merge_cells(start_row=last + offset, start_column=1, end_row=last + offset, end_column=max(1, ncols))
    ws.freeze_panes = ws.cell(row=top + 2, column=len(doc.lead_headers) + 1)
    page_setup(ws, header_rows=f"{top}:{top + 1}")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = [
    "DistrictStatusRow",
    "DistrictStatusTable",
    "WideDocument",
    "WideGroup",
    "district_status_spec",
    "page_setup",
    "render_wide_xlsx",
]
