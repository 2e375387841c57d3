"""Date expressions -> ISO dates, using the document year when the year is missing.

截至6月30日 / 截止4月15日 -> YYYY-06-30 / YYYY-04-15; 2025年5月14日, 2025-05-14, 2025/5/14, 2025.5.14;
4月底(前) / 4月末 -> last day of April; bare 6月 -> last day of June (deadline reading);
上旬/中旬/下旬 -> 10th/20th/last day; 年底/年末 -> Dec 31; 一季度(末) -> Mar 31.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .text import normalize

_CN = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"


def _int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    total = 0
    if "十" in s:
        a, _, b = s.partition("十")
        total = (_CN.get(a, 1) if a else 1) * 10 + (_CN.get(b, 0) if b else 0)
        return total
    for ch in s:
        if ch not in _CN:
            return None
        total = total * 10 + _CN[ch]
    return total


def _mk(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None:
        return None
    if not (1900 <= y <= 2200 and 1 <= m <= 12):
        return None
    last = calendar.monthrange(y, m)[1]
    if d is None or d == -1:
        d = last
    if not 1 <= d <= last:
        return None
    return date(y, m, d).isoformat()


_FULL = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_YM = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d)\s*(底|末|初|上旬|中旬|下旬)?")
_MD = re.compile(rf"({_NUM})\s*月\s*({_NUM})\s*[日号]")
_MONTH = re.compile(rf"({_NUM})\s*月\s*(份)?\s*(底|末|初|上旬|中旬|下旬)?")
_QUARTER = re.compile(r"(?:第)?([一二三四1-4])\s*季度\s*(末|底)?")
_YEAR_END = re.compile(r"(年底|年末|年终)")


def parse_date(s: str, year: int | None = None) -> str | None:
    """First date expression in ``s`` as ISO ``YYYY-MM-DD`` (or None)."""
    found = find_dates(s, year)
    return found[0][2] if found else None


def find_dates(s: str, year: int | None = None) -> list[tuple[int, int, str]]:
    """All date expressions: (start, end, iso). Offsets into ``s``."""
    n = normalize(s)
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        return all(b <= x or a >= y for x, y in taken)

    for m in _FULL.finditer(n):
        iso = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            out.append((m.start(), m.end(), iso))
            taken.append(m.span())
    for m in _YM.finditer(n):
        if not free(*m.span()):
            continue
        iso = _mk(int(m.group(1)), int(m.group(2)), _part_day(m.group(3), int(m.group(1)), int(m.group(2))))
        if iso:
            out.append((m.start(), m.end(), iso))
            taken.append(m.span())
    for m in _MD.finditer(n):
        if not free(*m.span()):
            continue
        iso = _mk(year, _int(m.group(1)), _int(m.group(2)))
        if iso:
            out.append((m.start(), m.end(), iso))
            taken.append(m.span())
    for m in _MONTH.finditer(n):
        if not free(*m.span()):
            continue
        if m.start() > 0 and n[m.start() - 1] in "个几多每":
            continue
        mo = _int(m.group(1))
        if mo is None or not 1 <= mo <= 12 or year is None:
            continue
        iso = _mk(year, mo, _part_day(m.group(3), year, mo))
        if iso:
            out.append((m.start(), m.end(), iso))
            taken.append(m.span())
    for m in _QUARTER.finditer(n):
        if not free(*m.span()) or year is None:
            continue
        q = _int(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
        if q and 1 <= q <= 4:
            out.append((m.start(), m.end(), _mk(year, q * 3, None)))
            taken.append(m.span())
    for m in _YEAR_END.finditer(n):
        if free(*m.span()) and year is not None:
            out.append((m.start(), m.end(), f"{year}-12-31"))
    out.sort()
    return out


def _part_day(part: str | None, y: int, m: int) -> int | None:
    if part in (None, "", "底", "末", "下旬"):
        return -1
    if part == "初":
        return 1
    if part == "上旬":
        return 10
    if part == "中旬":
        return 20
    return -1


_ASOF = re.compile(
    r"(?:截至|截止|截止到|截至到|至)\s*(?:(?:19|20)\d{2}\s*年\s*)?[0-9一二三四五六七八九十]{1,3}\s*月(?:\s*[0-9一二三四五六七八九十]{1,3}\s*[日号])?(?:底|末)?"
)


def find_as_of(s: str, year: int | None) -> str | None:
    """'完成情况（截止4月15日）' -> 'YYYY-04-15'."""
    n = normalize(s)
    m = _ASOF.search(n)
    if not m:
        return None
    return parse_date(m.group(0), year)


_PERIODS = [  # (regex on normalized text, month) — reporting periods named in a title
    (re.compile(r"前\s*三\s*季度|[1一]\s*[-—–~～至到]\s*(?:9|九)\s*月"), 9),
    (re.compile(r"上\s*半\s*年|[1一]\s*[-—–~～至到]\s*(?:6|六)\s*月|半\s*年\s*度"), 6),
    (re.compile(r"下\s*半\s*年|全\s*年|年\s*度|年\s*终|[1一]\s*[-—–~～至到]\s*(?:12|十二)\s*月"), 12),
    (re.compile(r"[1一]\s*[-—–~～至到]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"), None),
    (re.compile(r"(?:第\s*)?([一二三四1-4])\s*季\s*度"), "q"),
]


def period_end(s: str, year: int | None) -> str | None:
    """Last day of the reporting period named in ``s``: 上半年 -> YYYY-06-30, 第一季度 -> 03-31,
    1-9月 / 前三季度 -> 09-30, 全年 / 年度 -> 12-31. None when no period (or no year) is named."""
    if year is None or not s:
        return None
    n = normalize(s)
    for rx, month in _PERIODS:
        m = rx.search(n)
        if not m:
            continue
        if month is None:
            month = _int(m.group(1))
        elif month == "q":
            g = m.group(1)
            q = int(g) if g.isdigit() else _int(g)
            month = q * 3 if q and 1 <= q <= 4 else None
        if month and 1 <= month <= 12:
            return _mk(year, month, None)
    return None


def cn_date(d: date | None) -> str:
    """2023年7月21日 (Arabic digits, no leading zeros, GB/T 9704); "" for None. The one date writer of
    the documents (docrender) and the drafted summaries (reports.drafting)."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"
