"""单位代码 — the checks of a unit's codes. Pure Python (no Django), shared by the first-run page
(units) and the 索引号 of 政府信息公开 (publishing.indexno).

* 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V),
  the last a check character over the first 17.
* 行政区划代码 (GB/T 2260): six digits (331002 椒江区).
"""

from __future__ import annotations

import re

# GB 32100-2015: 31 characters, each worth its position, and the weights of the first 17 positions.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CodeError(ValueError):
    """A malformed code; ``code`` names the problem (length, charset, check, division) for the caller's message."""

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
            raise CodeError("charset", char)
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """The code in upper case, or CodeError(length|charset|check)."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        raise CodeError("length", code)
    bad = [c for c in code if c not in CHARSET]
    if bad:
        raise CodeError("charset", bad[0])
    if credit_code_check_char(code[:17]) != code[17]:
        raise CodeError("check", code)
    return code


def is_valid_credit_code(code: str) -> bool:
    try:
        validate_credit_code(code)
    except CodeError:
        return False
    return True


def validate_division_code(code: str) -> str:
    """A 行政区划代码: six digits, the first not 0; or CodeError("division")."""
    code = (code or "").strip()
    if not re.fullmatch(r"[1-9]\d{5}", code):
        raise CodeError("division", code)
    return code
