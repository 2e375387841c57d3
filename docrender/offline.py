"""一表填报 — a unit's 填报表 as an .xlsx to fill offline in Excel or WPS, and reading it back.

Both halves of the one format live here (pure Python, no Django): the sheet has one row per task,
the editable columns unlocked and validated (是否完成 and 自评 as lists, 完成情况 and 未完成原因 at most
300 字, indicator actuals as decimals), and a hidden first column with each row's key, so an upload
is matched to its filing exactly — never by text similarity. The key is opaque here; the caller
signs it (filings.offline).
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


def write_offline_xlsx(title: str, subtitle: str, indicators: list[IndicatorColumn], rows: list[OfflineRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    headings = FIXED + [c.label for c in indicators]
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
        values = [
            row.key,
            row.number,
            row.task,
            row.completion,
            row.completed,
            row.reason,
            row.problems,
            row.assessment,
        ]
        values += [row.actuals.get(c.key, "") if c.key in row.indicator_keys else None for c in indicators]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            cell.value = sanitize(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cell.font, cell.border, cell.alignment = body_font, border, wrap
            editable = col >= 4 and (col <= len(FIXED) or indicators[col - len(FIXED) - 1].key in row.indicator_keys)
            cell.protection = Protection(locked=not editable)
            if col > len(FIXED) and not editable:
                cell.fill = grey
    last = 3 + max(len(rows), 1)
    # The indicator keys: a hidden row under the table, one per indicator column.
    key_row = last + 2
    ws.cell(row=key_row, column=1, value="indicator-keys")
    for offset, column in enumerate(indicators):
        ws.cell(row=key_row, column=len(FIXED) + 1 + offset, value=column.key).data_type = "s"
    ws.row_dimensions[key_row].hidden = True
    _validations(ws, last, len(indicators))
    widths = [4, 6, 30, 48, 8, 24, 24, 10] + [12] * len(indicators)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = "D4"
    ws.protection.sheet = True  # only the answer cells can be typed in; no password: nothing is secret
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    page_setup(ws, header_rows="3:3")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _validations(ws, last, n_indicators):
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
    completed.add(f"E4:E{last}")
    assessment.add(f"H4:H{last}")
    length.add(f"D4:D{last}")
    length.add(f"F4:F{last}")
    if n_indicators:
        number.add(f"I4:{get_column_letter(len(FIXED) + n_indicators)}{last}")


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
    key_row = next((r for r in table if r and _text(r[0]) == "indicator-keys"), None)
    indicator_keys = [_text(v) for v in (key_row or [])[len(FIXED) :]]
    rows = []
    for values in table[3:]:
        if not values or _text(values[0]) in ("", "indicator-keys"):
            continue
        values = list(values) + [None] * (len(FIXED) + len(indicator_keys) - len(values))
        row = OfflineRow(
            key=_text(values[0]), number=_text(values[1]), task=_text(values[2]), completion=_text(values[3])
        )
        row.completed, row.reason, row.problems, row.assessment = (
            _text(values[4]),
            _text(values[5]),
            _text(values[6]),
            _text(values[7]),
        )
        row.actuals = {key: _text(values[len(FIXED) + i]) for i, key in enumerate(indicator_keys) if key}
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
