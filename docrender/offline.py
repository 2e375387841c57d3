"""一表填报 — a unit's 填报表 as an .xlsx to fill offline in Excel or WPS, and reading it back.

Both halves of the one format live here (pure Python, no Django): the sheet has one row per task,
the editable columns unlocked and validated (是否完成 and 自评 as lists, 完成情况 and 未完成原因 at most
300 字, indicator actuals as decimals), and a hidden first column with each row's key, so an upload
is matched to its filing exactly — never by text similarity. The key is opaque here; the caller
signs it (filings.offline).

The same format serves the office's round-wide table (``unit_column=True``): a 责任单位 column after
目标任务, an auto-filter to show one unit's rows, and rows the office may not key in (their package is
no longer open for editing) locked and greyed. The reader finds the columns by their headings, so it
reads both.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import fonts
from .levels import page_setup
from .text import sanitize

SHEET = "填报表"
COMPLETED = ("是", "否")
ASSESSMENTS = {"ahead": "超前", "on_track": "正常", "behind": "滞后"}
TEXT_LIMIT = 300
MAX_ROWS = 2000  # a unit's sheet never has more tasks; a bigger file is not ours
FIXED = [
    "key",
    "序号",
    "目标任务",
    "完成情况（300字以内）",
    "是否完成",
    "未完成原因（300字以内）",
    "存在问题及解决建议",
    "完成情况自评",
]
UNIT = "责任单位"  # the round-wide table's column after 目标任务
# The fields of OfflineRow under each heading; the answer cells are the ones the filler types in.
FIELDS = {
    "key": "key",
    "序号": "number",
    "目标任务": "task",
    UNIT: "unit",
    "完成情况（300字以内）": "completion",
    "是否完成": "completed",
    "未完成原因（300字以内）": "reason",
    "存在问题及解决建议": "problems",
    "完成情况自评": "assessment",
}
ANSWERS = ("completion", "completed", "reason", "problems", "assessment")
WIDTHS = {"key": 4, "number": 6, "task": 30, "unit": 14, "completion": 48, "completed": 8, "reason": 24}


class OfflineError(ValueError):
    """The upload is not a 填报表 this system wrote (the message says what is wrong)."""


@dataclass
class IndicatorColumn:
    key: str  # the indicator's id, as text
    label: str  # 托位（个）


@dataclass
class OfflineRow:
    key: str
    number: str = ""
    task: str = ""
    completion: str = ""
    completed: str = ""  # 是 / 否 / ""
    reason: str = ""
    problems: str = ""
    assessment: str = ""  # 超前 / 正常 / 滞后 / ""
    actuals: dict = field(default_factory=dict)  # indicator key → text as typed ("" when empty)
    indicator_keys: tuple = ()  # the indicators this row's task has (others are greyed out)
    unit: str = ""  # 责任单位 (the round-wide table only)
    editable: bool = True  # False: shown, locked and greyed (a package no longer open for editing)


def _headings(unit_column: bool) -> list[str]:
    return FIXED[:3] + [UNIT] + FIXED[3:] if unit_column else list(FIXED)


def write_offline_xlsx(
    title: str,
    subtitle: str,
    indicators: list[IndicatorColumn],
    rows: list[OfflineRow],
    unit_column: bool = False,
) -> bytes:
    """The 填报表 to fill offline: a unit's (``unit_column=False``) or a round's, with 责任单位."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    fixed = _headings(unit_column)
    names = [FIELDS[h] for h in fixed]
    headings = fixed + [c.label for c in indicators]
    ncols = len(headings)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="top", wrap_text=True)
    head_font, body_font = Font(name=fonts.DOCX_HEI, size=11, bold=True), Font(name=fonts.DOCX_BODY, size=11)
    grey = PatternFill("solid", fgColor="E6E6E6")
    ws.cell(row=1, column=2, value=sanitize(title)).font = Font(name=fonts.DOCX_TITLE, size=16)
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=ncols)
    ws.cell(row=2, column=2, value=sanitize(subtitle)).font = body_font
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=ncols)
    for col, text in enumerate(headings, start=1):
        cell = ws.cell(row=3, column=col, value=text)
        cell.font, cell.border, cell.alignment = (
            head_font,
            border,
            Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
    for r, row in enumerate(rows, start=4):
        values = [getattr(row, name) for name in names]
        values += [row.actuals.get(c.key, "") if c.key in row.indicator_keys else None for c in indicators]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            cell.value = sanitize(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cell.font, cell.border, cell.alignment = body_font, border, wrap
            if col <= len(fixed):
                answer = names[col - 1] in ANSWERS
            else:
                answer = indicators[col - len(fixed) - 1].key in row.indicator_keys
            editable = answer and row.editable
            cell.protection = Protection(locked=not editable)
            if not editable and (answer or col > len(fixed)):  # an indicator not the task's, or a closed row
                cell.fill = grey
    last = 3 + max(len(rows), 1)
    # The indicator keys: a hidden row under the table, one per indicator column.
    key_row = last + 2
    ws.cell(row=key_row, column=1, value="indicator-keys")
    for offset, column in enumerate(indicators):
        ws.cell(row=key_row, column=len(fixed) + 1 + offset, value=column.key).data_type = "s"
    ws.row_dimensions[key_row].hidden = True
    letter = {name: get_column_letter(i) for i, name in enumerate(names, start=1)}
    _validations(ws, last, letter, len(fixed), len(indicators))
    widths = [WIDTHS.get(name, 24 if name == "problems" else 10) for name in names] + [12] * len(indicators)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = f"{letter['completion']}4"
    ws.protection.sheet = True  # only the answer cells can be typed in; no password: nothing is secret
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    if unit_column:  # the office shows one unit's rows at a time (the paper form it is keying in)
        ws.auto_filter.ref = f"B3:{get_column_letter(ncols)}{last}"
        ws.protection.autoFilter = False
        ws.protection.sort = False
    page_setup(ws, header_rows="3:3")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _validations(ws, last, letter, n_fixed, n_indicators):
    completed = DataValidation(
        type="list", formula1='"是,否"', allow_blank=True, error="请选择“是”或“否”。", errorTitle="是否完成"
    )
    assessment = DataValidation(
        type="list",
        formula1='"超前,正常,滞后"',
        allow_blank=True,
        error="请选择超前、正常或滞后。",
        errorTitle="完成情况自评",
    )
    length = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(TEXT_LIMIT),
        allow_blank=True,
        error=f"不能超过{TEXT_LIMIT}字。",
        errorTitle="字数",
    )
    number = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        error="请填写数字。",
        errorTitle="指标完成值",
    )
    for validation in (completed, assessment, length, number):
        validation.showErrorMessage = True
        ws.add_data_validation(validation)
    completed.add(f"{letter['completed']}4:{letter['completed']}{last}")
    assessment.add(f"{letter['assessment']}4:{letter['assessment']}{last}")
    length.add(f"{letter['completion']}4:{letter['completion']}{last}")
    length.add(f"{letter['reason']}4:{letter['reason']}{last}")
    if n_indicators:
        first = get_column_letter(n_fixed + 1)
        number.add(f"{first}4:{get_column_letter(n_fixed + n_indicators)}{last}")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_offline_xlsx(data: bytes) -> list[OfflineRow]:
    """The rows of an uploaded offline 填报表, or OfflineError saying why it is not one."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise OfflineError("无法读取该文件：请上传本系统下载的离线填报表（.xlsx）。") from exc
    if SHEET not in wb.sheetnames:
        raise OfflineError("文件中没有“填报表”工作表：请上传本系统下载的离线填报表。")
    ws = wb[SHEET]
    table = [list(r) for r in ws.iter_rows(min_row=1, max_row=MAX_ROWS + 10, values_only=True)]
    wb.close()
    if len(table) < 3 or _text(table[2][0] if table[2] else "") != "key":
        raise OfflineError("表头不是本系统的离线填报表：请重新下载后填写。")
    header = [_text(v) for v in table[2]]
    unit_column = len(header) > 3 and header[3] == UNIT
    fixed = _headings(unit_column)
    if header[: len(fixed)] != fixed:
        raise OfflineError("表头不是本系统的离线填报表：请重新下载后填写。")
    names = [FIELDS[h] for h in fixed]
    key_row = next((r for r in table if r and _text(r[0]) == "indicator-keys"), None)
    indicator_keys = [_text(v) for v in (key_row or [])[len(fixed) :]]
    rows = []
    for values in table[3:]:
        if not values or _text(values[0]) in ("", "indicator-keys"):
            continue
        values = list(values) + [None] * (len(fixed) + len(indicator_keys) - len(values))
        row = OfflineRow(**{name: _text(value) for name, value in zip(names, values, strict=False)})
        row.actuals = {key: _text(values[len(fixed) + i]) for i, key in enumerate(indicator_keys) if key}
        rows.append(row)
    if not rows:
        raise OfflineError("文件中没有任务行。")
    return rows


def parse_decimal(text: str) -> Decimal | None:
    """A typed actual: "1,200" and "１２００" read as 1200; "" is None; anything else ValueError."""
    if not text:
        return None
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


__all__ = [
    "ASSESSMENTS",
    "COMPLETED",
    "IndicatorColumn",
    "OfflineError",
    "OfflineRow",
    "parse_decimal",
    "read_offline_xlsx",
    "write_offline_xlsx",
]
