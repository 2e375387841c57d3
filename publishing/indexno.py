"""索引号 — the 政府信息公开 index number ``{统一社会信用代码}/{YYYY}-{serial}``.

Pure Python (no Django). The front code is the organisation's 18-character unified social credit
code (统一社会信用代码, GB 32100-2015), whose last character is a check digit over the first 17.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# GB 32100-2015: 31 characters (no I, O, Z, S, V), each worth its position.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
YEARS = range(1990, 2101)


class IndexNumberError(ValueError):
    """A malformed index number; ``code`` names the problem for the caller's message."""

    def __init__(self, code, detail=""):
        super().__init__(code if not detail else f"{code}: {detail}")
        self.code = code
        self.detail = detail


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = 0
    for char, weight in zip(first17, WEIGHTS, strict=True):
        value = CHARSET.find(char)
        if value < 0:
            raise IndexNumberError("charset", char)
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    code = (code or "").strip().upper()
    if len(code) != 18 or any(c not in CHARSET for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def validate_credit_code(code: str) -> str:
    """The code in upper case, or IndexNumberError(length|charset|check)."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        raise IndexNumberError("length", code)
    bad = [c for c in code if c not in CHARSET]
    if bad:
        raise IndexNumberError("charset", bad[0])
    if credit_code_check_char(code[:17]) != code[17]:
        raise IndexNumberError("check", code)
    return code


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
