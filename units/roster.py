"""花名册 — the units-and-users spreadsheet a bureau keeps its roster in. Pure Python (openpyxl, no Django).

One row per person (单位 / 简称 / 类别 / 上级单位 / 姓名 / 登录名 / 角色 / 手机 / 邮箱); a row with no person
names a unit only. ``write_roster`` makes the template (or the export of the current roster, which
re-imports unchanged); ``read_roster`` reads a filled one back as plain rows. Checking the rows against
the database is ``units.onboarding``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass

COLUMNS = ("单位", "简称", "类别", "上级单位", "姓名", "登录名", "角色", "手机", "邮箱")
FIELDS = ("unit", "short_name", "kind", "parent", "name", "username", "role", "phone", "email")
SHEET = "花名册"
MAX_ROWS = 5000
VALIDATION_ROWS = 2000  # the template's drop-down lists cover this many rows

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")


class RosterFileError(ValueError):
    """The file is not a roster at all; ``code``: unreadable, header, too_many; ``detail``: e.g. the missing columns."""

    def __init__(self, code, detail=""):
        super().__init__(code if not detail else f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class RosterRow:
    line: int  # the row number in the spreadsheet (the header is row 1)
    unit: str = ""
    short_name: str = ""
    kind: str = ""
    parent: str = ""
    name: str = ""
    username: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""

    @property
    def has_person(self):
        return bool(self.name or self.username or self.role or self.phone or self.email)

    def as_dict(self):
        return asdict(self)


def valid_phone(text: str) -> bool:
    """A mobile number (13812345678) or a landline (0571-86910001, with an extension); blank is allowed."""
    text = re.sub(r"[\s()（）]", "", text or "")
    return not text or bool(MOBILE.fullmatch(text) or LANDLINE.fullmatch(text))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    return str(value).strip()


def read_roster(data: bytes) -> list[RosterRow]:
    """The filled rows of the first sheet, by header name (any column order); blank rows are skipped."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RosterFileError("unreadable", str(exc)[:200]) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_cell_text(v) for v in next(rows, ())]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise RosterFileError("header", "、".join(missing))
        index = {field: header.index(name) for field, name in zip(FIELDS, COLUMNS, strict=True)}
        result = []
        for line, values in enumerate(rows, start=2):
            cells = {field: _cell_text(values[i]) if i < len(values) else "" for field, i in index.items()}
            if not any(cells.values()):
                continue
            if len(result) >= MAX_ROWS:
                raise RosterFileError("too_many", str(MAX_ROWS))
            result.append(RosterRow(line=line, **cells))
        return result
    finally:
        book.close()


def write_roster(rows, kinds, roles) -> bytes:
    """The roster template as .xlsx: the header, ``rows`` (sequences in COLUMNS order) and drop-down lists
    (data validation) of ``kinds`` for 类别 and ``roles`` for 角色. Cells are text, so 手机 keeps its digits."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append([str(v or "") for v in row])
    last = max(VALIDATION_ROWS, sheet.max_row)
    for column, choices, title in ((3, kinds, "类别"), (7, roles, "角色")):
        letter = get_column_letter(column)
        rule = DataValidation(
            type="list", formula1='"{}"'.format(",".join(choices)), allow_blank=True, showErrorMessage=True
        )
        rule.errorTitle, rule.error = title, "请从下拉列表中选择：" + "、".join(choices)
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)
    for column in range(1, len(COLUMNS) + 1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = (28, 12, 10, 28, 10, 16, 10, 16, 26)[column - 1]
        for cell in sheet[letter][1:]:
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
