"""索引号 — the 政府信息公开 index number ``{统一社会信用代码}/{YYYY}-{serial}``.

Pure Python (no Django). The front code is the organisation's 18-character unified social credit
code (统一社会信用代码, GB 32100-2015), whose last character is a check digit over the first 17;
its check is ``units.codes`` (also used by the first-run page), re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from units.codes import CHARSET, WEIGHTS, CodeError, credit_code_check_char, is_valid_credit_code  # noqa: F401 (the one GB 32100 check)
from units.codes import validate_credit_code as _validate_credit_code

YEARS = range(1990, 2101)


class IndexNumberError(CodeError):
    """A malformed index number; ``code`` names the problem (shape, length, charset, check, year, serial) for the caller's message."""


def validate_credit_code(code: str) -> str:
    """The code in upper case, or IndexNumberError(length|charset|check)."""
    try:
        return _validate_credit_code(code)
    except CodeError as exc:
        raise IndexNumberError(exc.code, exc.detail) from None


@dataclass(frozen=True)
class IndexNumber:
    code: str
    year: int
    serial: str
    separator: str = "-"

    def __str__(self):
        return f"{self.code}/{self.year}{self.separator}{self.serial}"


def parse(text: str, separator: str = "-") -> IndexNumber:
    """Validate a hand-entered index number such as ``11331021355386184W/2025-141459``.

    Order of checks: the shape, the credit code's check digit, then the year and the serial.
    """
    text = (text or "").strip().replace("／", "/")
    code, slash, rest = text.partition("/")
    if not slash:
        raise IndexNumberError("shape", text)
    code = validate_credit_code(code)
    match = re.fullmatch(rf"(\d{{4}}){re.escape(separator)}(\d{{1,12}})", rest)
    if not match:
        if re.fullmatch(r"\d{4}", rest[:4] or "") is None:
            raise IndexNumberError("year", rest)
        raise IndexNumberError("serial", rest)
    year = int(match.group(1))
    if year not in YEARS:
        raise IndexNumberError("year", match.group(1))
    serial = match.group(2)
    if int(serial) == 0:
        raise IndexNumberError("serial", serial)
    return IndexNumber(code, year, serial, separator)


def generate(code: str, year: int, serial: int, width: int = 6, separator: str = "-") -> IndexNumber:
    """``{code}/{YYYY}{separator}{serial zero-padded to width}``."""
    code = validate_credit_code(code)
    if year not in YEARS:
        raise IndexNumberError("year", str(year))
    if serial < 1:
        raise IndexNumberError("serial", str(serial))
    return IndexNumber(code, year, str(serial).zfill(width), separator)
