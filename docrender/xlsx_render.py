""".xlsx writer (openpyxl).

Every text cell is written as a *string* cell (data_type "s") so that text
beginning with = + - @ can never become a formula.  Styles are built once
and their style arrays copied onto cells, which keeps the writer close to
raw openpyxl speed.
"""

from __future__ import annotations

import io
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins

from . import fonts
from .layout import TableSpec, form_foot, form_meta, form_unit_lines, lines_needed, spec_for
from .model import FilingForm, PlanDocument, StatusTable
from .text import cn_date, sanitize

TABLE_PT = 12
# Excel column width unit ≈ width of "0" in Calibri 11 (7 px); a 12 pt CJK
# glyph is 16 px ≈ 2.3 units.
UNITS_PER_CJK = 2.3
LINE_PT = 15.6  # one wrapped line of 12 pt text

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _style_array(ws, font: Font, align: Alignment, border: Border | None = None):
    """Build a StyleArray once, through a scratch cell, for cheap copying."""
    scratch = Cell(ws)  # not attached to the sheet
    scratch.font = font
    scratch.alignment = align
    if border is not None:
        scratch.border = border
    return copy(scratch._style)


def _put(ws, row: int, col: int, text: str, style) -> None:
    cell = Cell(ws, row=row, column=col, style_array=style)  # copies the style array
    cell._value = text  # bypass type guessing: never a formula, number or date
    cell.data_type = "s"
    ws._cells[(row, col)] = cell


def _merge(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    """Merge a range whose cells are already written with the same style.

    ``ws.merge_cells`` rebuilds the border of every edge cell (``Border.__add__``, hashing each
    style object): 60 % of a 500-row 填报表's time.  Here the covered cells just take the top-left
    cell's style array, borders included, which is what ``merge_cells`` ends up with."""
    if r2 <= r1 and c2 <= c1:
        return
    start = ws._cells.get((r1, c1))
    style = start._style if start is not None else None
    mcr = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(mcr, min_col=c1, min_row=r1, max_col=c2, max_row=r2)
    mcr.ws, mcr.start_cell = ws, start
    ws.merged_cells.add(mcr)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if (r, c) != (r1, c1):
                cell = MergedCell(ws, row=r, column=c)
                if style is not None:
                    cell._style = copy(style)
                ws._cells[(r, c)] = cell


def _merge_across(ws, row: int, c1: int, c2: int) -> None:
    _merge(ws, row, c1, row, c2)


def render_xlsx(doc) -> bytes:
    if not isinstance(doc, (FilingForm, StatusTable, PlanDocument)):
        raise TypeError(f"docrender cannot render {type(doc).__name__}")
    spec: TableSpec = spec_for(doc)
    ncols = len(spec.columns)
    landscape = spec.landscape

    wb = Workbook()
    ws = wb.active
    ws.title = {"form": "填报表", "status": "完成情况", "plan": "工作要点"}[spec.kind]
    wb.properties.title = sanitize(doc.title)[:255]
    wb.properties.language = "zh-CN"

    st_title = _style_array(
        ws, Font(name=fonts.DOCX_TITLE, size=18), Alignment(horizontal="center", vertical="center", wrap_text=True)
    )
    st_label = _style_array(ws, Font(name=fonts.DOCX_HEI, size=14), Alignment(horizontal="left", vertical="center"))
    st_meta = _style_array(
        ws, Font(name=fonts.DOCX_BODY, size=12), Alignment(horizontal="left", vertical="center", wrap_text=True)
    )
    st_intro = _style_array(
        ws, Font(name=fonts.DOCX_BODY, size=12), Alignment(horizontal="left", vertical="top", wrap_text=True, indent=0)
    )
    st_head = _style_array(
        ws,
        Font(name=fonts.DOCX_HEI, size=TABLE_PT, bold=True),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        _BORDER,
    )
    st_left = _style_array(
        ws,
        Font(name=fonts.DOCX_BODY, size=TABLE_PT),
        Alignment(horizontal="left", vertical="top", wrap_text=True),
        _BORDER,
    )
    st_center = _style_array(
        ws,
        Font(name=fonts.DOCX_BODY, size=TABLE_PT),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        _BORDER,
    )

    # column widths proportional to content
    fractions = spec.widths()
    total = spec.total_chars
    chars_per_col = []
    for i, f in enumerate(fractions):
        chars = max(2.0, f * total)
        chars_per_col.append(chars)
        ws.column_dimensions[get_column_letter(i + 1)].width = round(chars * UNITS_PER_CJK + 1.5, 1)
    total_chars = sum(chars_per_col)

    row = 1
    if isinstance(doc, FilingForm) and doc.attachment_label:
        _put(ws, row, 1, sanitize(doc.attachment_label), st_label)
        ws.row_dimensions[row].height = 22
        row += 1
    _put(ws, row, 1, sanitize(doc.title), st_title)
    _merge_across(ws, row, 1, ncols)
    ws.row_dimensions[row].height = 26 * lines_needed(sanitize(doc.title), total_chars * 12 / 18) + 10
    row += 1
    if isinstance(doc, StatusTable) and doc.subtitle:
        _put(ws, row, 1, sanitize(doc.subtitle), st_meta)
        _merge_across(ws, row, 1, ncols)
        row += 1
    if isinstance(doc, FilingForm):
        meta = form_meta(doc)
        split = 3
        _put(ws, row, 1, meta["unit"], st_meta)
        _merge_across(ws, row, 1, split)
        _put(ws, row, split + 1, meta["signer"], st_meta)
        _merge_across(ws, row, split + 1, ncols)
        ws.row_dimensions[row].height = 22
        row += 1
    if isinstance(doc, PlanDocument) and doc.intro:
        intro = sanitize(doc.intro)
        _put(ws, row, 1, intro, st_intro)
        _merge_across(ws, row, 1, ncols)
        ws.row_dimensions[row].height = min(409, LINE_PT * lines_needed(intro, total_chars) + 6)
        row += 1

    header_row = row
    head_lines = 1
    for ci, col in enumerate(spec.columns):
        _put(ws, row, ci + 1, col.header, st_head)
        head_lines = max(head_lines, lines_needed(col.header, chars_per_col[ci] - 0.5))
    ws.row_dimensions[row].height = LINE_PT * head_lines + 8
    row += 1

    first = row
    # merged cells: text at the top so it prints on the run's first page
    st_merged = _style_array(
        ws,
        Font(name=fonts.DOCX_BODY, size=TABLE_PT),
        Alignment(horizontal="center", vertical="top", wrap_text=True),
        _BORDER,
    )
    cell_styles = [
        st_merged if c.merge else st_left if (c.long_text or c.align == "left") else st_center for c in spec.columns
    ]
    merge_maps = {ci: spec.merge_map(ci) for ci in spec.merges}
    cpl = [max(1.0, c - 0.6) for c in chars_per_col]
    for r, values in enumerate(spec.rows):
        n_lines = 1
        for ci, text in enumerate(values):
            mm = merge_maps.get(ci)
            if mm is not None and mm.get(r) == 0:
                _put(ws, row, ci + 1, "", cell_styles[ci])  # styled, emptied by the merge
                continue
            if text:
                _put(ws, row, ci + 1, text, cell_styles[ci])
                if mm is None or r not in mm:
                    n_lines = max(n_lines, lines_needed(text, cpl[ci]))
            else:
                _put(ws, row, ci + 1, "", cell_styles[ci])
        ws.row_dimensions[row].height = min(409, LINE_PT * n_lines + 6)
        row += 1
    last = row - 1

    for ci, runs in spec.merges.items():
        for start, span in runs:
            _merge(ws, first + start, ci + 1, first + start + span - 1, ci + 1)

    # data validation lists for offline filling
    data_last = max(last, first)
    for ci, col in enumerate(spec.columns):
        if not col.choices:
            continue
        letter = get_column_letter(ci + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
        dv.errorTitle = "输入有误"
        dv.error = "请从下拉列表中选择：" + "/".join(col.choices)
        dv.promptTitle = col.header.split("\n")[0]
        dv.prompt = "/".join(col.choices)
        dv.showErrorMessage = True
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{data_last}")

    # footer lines
    if isinstance(doc, FilingForm):
        row += 1
        for line in form_unit_lines(doc):
            _put(ws, row, 1, line, st_meta)
            _merge_across(ws, row, 1, ncols)
            ws.row_dimensions[row].height = 22
            row += 1
        foot = form_foot(doc)
        if foot:
            for (c1, c2), text in zip(((1, 2), (3, 4), (5, ncols)), foot, strict=True):
                _put(ws, row, c1, text, st_meta)
                _merge_across(ws, row, c1, c2)
            ws.row_dimensions[row].height = 22
    elif isinstance(doc, PlanDocument) and (doc.issuer or doc.issued_on):
        st_right = _style_array(ws, Font(name=fonts.DOCX_BODY, size=12), Alignment(horizontal="right"))
        row += 1
        for text in (sanitize(doc.issuer), cn_date(doc.issued_on)):
            if text:
                _put(ws, row, 1, text, st_right)
                _merge_across(ws, row, 1, ncols)
                row += 1

    # sheet view & print setup
    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(ncols)}{max(row, last)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    mm = 1 / 25.4
    if landscape:
        ws.page_margins = PageMargins(
            left=25 * mm, right=25 * mm, top=20 * mm, bottom=22 * mm, header=8 * mm, footer=10 * mm
        )
    else:
        ws.page_margins = PageMargins(
            left=28 * mm, right=26 * mm, top=30 * mm, bottom=30 * mm, header=10 * mm, footer=15 * mm
        )
    ws.oddFooter.center.text = "— &P —"
    ws.oddFooter.center.font = fonts.DOCX_PAGE_NUMBER
    ws.oddFooter.center.size = 12
    ws.sheet_view.zoomScale = 100

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
