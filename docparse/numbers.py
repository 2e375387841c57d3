"""Numerals: Arabic (with thousands separators / decimals) and Chinese (一百二十三, 两, 二〇二三, 三点五); the one table of
万/亿 scales (SCALES) and the one way a number is written for display (plain_number)."""

from __future__ import annotations

from decimal import Decimal

CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
SCALES = {
    "万": 10_000,
    "亿": 100_000_000,
    "千万": 10_000_000,
    "百万": 1_000_000,
    "十万": 100_000,
}  # 25.39万人 -> 253900 人
SCALE_WORDS = {SCALES[w]: w for w in ("万", "亿")}  # the scales a stored value is written back in: 10000 -> 万
CN_BIG = {w: SCALES[w] for w in ("万", "亿")}
CN_CHARS = "〇零一二两三四五六七八九十百千万亿"

AR_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"


def _cn_int(s: str) -> int | None:
    if not s:
        return None
    if all(c in CN_DIGIT for c in s) and len(s) > 1:  # 二〇二三 -> 2023 (digit-by-digit)
        return int("".join(str(CN_DIGIT[c]) for c in s))
    total = 0
    section = 0
    num = 0
    seen = False
    for c in s:
        if c in CN_DIGIT:
            num = CN_DIGIT[c]
            seen = True
        elif c in CN_UNIT:
            section += (num if (num or seen) else 1) * CN_UNIT[c]
            num = 0
            seen = False
        elif c in CN_BIG:
            section += num
            total = (total + section) * CN_BIG[c] if c == "亿" else total + section * CN_BIG[c]
            section = 0
            num = 0
            seen = False
        else:
            return None
    return total + section + num


def parse_cn(s: str) -> float | None:
    """Chinese numeral -> number. Tries cn2an (on this already-matched span only), then a local parser."""
    s = s.strip()
    if not s:
        return None
    if "点" in s:
        a, _, b = s.partition("点")
        ia = _cn_int(a) if a else 0
        if ia is None or not b or any(c not in CN_DIGIT for c in b):
            return None
        return float(f"{ia}.{''.join(str(CN_DIGIT[c]) for c in b)}")
    v = _cn_int(s)
    if v is not None:
        return v
    try:  # pragma: no cover - fallback
        import cn2an

        return cn2an.cn2an(s, "smart")
    except Exception:
        return None


def parse_number(s: str) -> float | int | None:
    """'25.39' -> 25.39, '1,900' -> 1900, '三' -> 3, '两' -> 2."""
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit():
        try:
            t = s.replace(",", "")
            return float(t) if "." in t else int(t)
        except ValueError:
            return None
    return parse_cn(s)


def scale_value(value: float | int, scale: str | None) -> float | int:
    if not scale:
        return value
    v = value * SCALES[scale]
    if isinstance(v, float):
        v = round(v, 6)
        if v.is_integer():
            return int(v)
    return v


def plain_number(value, places: int | None = None) -> str:
    """A number as a clerk writes it: 95, 25.39, 100 — never 95.0000, 1E+2, 0E-4 or -0; "" for None.

    ``places``: a fraction is rounded to that many decimals first (61.8713 -> 61.87, 50.5000 -> 50.5).
    Anything that is no number is shown as it is."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is not None and number != number.to_integral_value():
        number = number.quantize(Decimal(1).scaleb(-places))
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 100 → 一百, 105 → 一百零五, 110 → 一百一十 (0 → 〇; ≥ 1000 in digits).

    The one Chinese numeral writer: Word list labels (docparse.readers) and the summary's 一是 / （一） (reports.drafting)."""
    if n <= 0:
        return "〇"
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        s = CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return s
        if rest < 10:
            return s + "零" + CN_DIGITS[rest]
        return s + (CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))
    return str(n)


def in_scale(value, scale: int | None = 1) -> str:
    """A value stored in base units written in the document's own scale: 253900 at 10000 → "25.39" (万);
    a scale that is no 万/亿 (1, or one the text never writes back) leaves the number as it is. "" for None."""
    if value is None or value == "":
        return ""
    if SCALE_WORDS.get(scale or 1):
        value = Decimal(str(value)) / Decimal(scale)
    return plain_number(value)


def written(value, scale: int | None = 1, unit: str = "") -> str:
    """A stored value with its unit as the document writes it: 25.39万人, 95%, 90个 ("" for None)."""
    if value is None or value == "":
        return ""
    return f"{in_scale(value, scale)}{SCALE_WORDS.get(scale or 1, '')}{unit or ''}"
