"""隐私审查 — detectors for personal data and non-public markers in text meant for publication.

Pure Python (no Django). ``scan(text, names=…, contacts=…)`` returns non-overlapping ``Hit``s in
text order; ``mask(hit)`` is the one house style for hiding a hit (138****1234, 35**************23).

Detectors (kind → what):
    id_card   居民身份证号: 18 characters, ISO 7064 MOD 11-2 check digit, a real birth date
    id_like   疑似身份证号: the same shape and birth date, but a wrong check digit (a typo'd ID is still
              personal data; a lower-confidence label, still a hit)
    bank_card 银行卡号: 16–19 digits (spaces or hyphens between groups allowed), Luhn check
    mobile    手机号: 1[3-9]xxxxxxxxx, optionally +86 and separators
    landline  固定电话: area code 0xx(x) with a separator or brackets, or a 7–8 digit number after 电话/联系
    email     电子邮箱
    address   详细地址: a road/street name with a house number (…路188号, …小区3幢2单元501室)
    name      the round's 填报人 / 签发人 / contacts' names (passed in)
    contact   the round's contact details as entered (passed in)
    phrase    non-public markers: 不宜公开, 内部资料, 仅供内部 … (and any extra phrases passed in); never a bare
              内部, which plain work text uses (内部管理, 内部装修)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

KINDS = ("id_card", "bank_card", "id_like", "mobile", "landline", "email", "address", "name", "contact", "phrase")
DEFAULT_PHRASES = ("不宜公开", "不予公开", "内部资料", "内部文件", "内部使用", "内部传阅", "内部参考", "仅供内部")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str

    def context(self, source: str, width: int = 20) -> tuple[str, str, str]:
        """(before, the hit, after) with up to ``width`` characters either side."""
        return (
            source[max(0, self.start - width) : self.start],
            source[self.start : self.end],
            source[self.end : self.end + width],
        )


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a 居民身份证号 (GB 11643)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def looks_like_id_card(number: str) -> bool:
    """18 characters shaped as a 居民身份证号 with a real birth date, whatever its check digit."""
    number = number.upper()
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", number):
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date(2100, 1, 1)


def is_valid_id_card(number: str) -> bool:
    return looks_like_id_card(number) and id_check_char(number[:17].upper()) == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# Digits must not continue a longer number on either side (“订单号2025013812345678” is no phone).
_NO_DIGIT_BEFORE = r"(?<![\d０-９A-Za-z])"
_NO_DIGIT_AFTER = r"(?![\d０-９])"
_ID_RE = re.compile(_NO_DIGIT_BEFORE + r"[1-9]\d{16}[\dXx]" + r"(?![\d０-９A-Za-z])")
_CARD_RE = re.compile(_NO_DIGIT_BEFORE + r"\d{4}(?:[ \-]?\d{4}){2}(?:[ \-]?\d{1,4}){1,2}" + _NO_DIGIT_AFTER)
_MOBILE_RE = re.compile(
    r"(?:(?:\+|＋)?86[\s\-]?)?" + _NO_DIGIT_BEFORE + r"1[3-9]\d(?:[\s\-]?\d{4}){2}" + _NO_DIGIT_AFTER
)
_LANDLINE_RE = re.compile(
    _NO_DIGIT_BEFORE
    + r"(?:[（(]0[1-9]\d{1,2}[)）]\s?|0[1-9]\d{1,2}[\-－—\s])[2-9]\d{6,7}(?:[\-－转]\d{1,5})?"
    + _NO_DIGIT_AFTER
)
# A 7–8 digit number right after 电话 / 联系方式 is a local landline too.
_LOCAL_LANDLINE_RE = re.compile(
    r"(?<=电话)[:：]?\s*[2-9]\d{6,7}" + _NO_DIGIT_AFTER + r"|(?<=联系方式)[:：]?\s*[2-9]\d{6,7}" + _NO_DIGIT_AFTER
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_CJK = r"\u4e00-\u9fff"
_NUM = r"[\d０-９一二三四五六七八九十百零〇]{1,6}"
# Anchored on the road/estate word (fast), then widened back over up to 8 Chinese characters of its name.
_ADDRESS_RE = re.compile(
    rf"(?:大道|路|街|巷|弄|村|小区|公寓|花园|苑)\s*{_NUM}\s*(?:号|弄|幢|栋|号楼)"
    rf"(?:\s*{_NUM}\s*(?:号|幢|栋|号楼|单元|楼|层|室))*"
)
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def _addresses(text):
    for match in _ADDRESS_RE.finditer(text):
        start = match.start()
        while start > 0 and match.start() - start < 8 and _CJK_CHAR.match(text[start - 1]):
            start -= 1
        if start < match.start():
            yield Hit("address", start, match.end(), text[start : match.end()])


_LONG_NUMBER = re.compile(r"\d[\d\s\-]{9,}\d")  # 11+ characters of digits and separators: ID, card, mobile
_SEVEN_DIGITS = re.compile(r"\d{7}")
_HOUSE_NUMBER = re.compile(r"[号幢栋]")


def _find(pattern, text, kind, check=None):
    for match in pattern.finditer(text):
        value = match.group(0)
        if check is None or check(value):
            # A leading "：" or spaces from the landline context form is not part of the number.
            lead = len(value) - len(value.lstrip(":： "))
            yield Hit(kind, match.start() + lead, match.end(), value[lead:])


def _digits(value):
    return re.sub(r"\D", "", value)


def _literal_hits(text, words, kind):
    for word in sorted({w.strip() for w in words if w and len(w.strip()) >= 2}, key=len, reverse=True):
        start = text.find(word)
        while start >= 0:
            yield Hit(kind, start, start + len(word), word)
            start = text.find(word, start + len(word))


def scan(text: str, names=(), contacts=(), phrases=DEFAULT_PHRASES) -> list[Hit]:
    """Every hit in ``text``, earliest first; where two overlap the stronger detector (listed first) wins."""
    if not text:
        return []
    # Cheap pre-checks skip the detectors that cannot match (most cells have no long number, no @, no 号).
    long_number = _LONG_NUMBER.search(text) is not None
    seven_digits = long_number or _SEVEN_DIGITS.search(text) is not None
    candidates = [
        *(_find(_ID_RE, text, "id_card", is_valid_id_card) if long_number else ()),
        *(
            _find(_CARD_RE, text, "bank_card", lambda v: 16 <= len(_digits(v)) <= 19 and luhn_ok(_digits(v)))
            if long_number
            else ()
        ),
        *(_find(_ID_RE, text, "id_like", looks_like_id_card) if long_number else ()),
        *(_find(_MOBILE_RE, text, "mobile") if long_number else ()),
        *(_find(_LANDLINE_RE, text, "landline") if seven_digits else ()),
        *(
            _find(_LOCAL_LANDLINE_RE, text, "landline")
            if seven_digits and ("电话" in text or "联系方式" in text)
            else ()
        ),
        *(_find(_EMAIL_RE, text, "email") if "@" in text else ()),
        *_literal_hits(text, contacts, "contact"),
        *(_addresses(text) if _HOUSE_NUMBER.search(text) else ()),
        *_literal_hits(text, names, "name"),
        *_literal_hits(text, phrases, "phrase"),
    ]
    rank = {kind: index for index, kind in enumerate(KINDS)}
    rank["contact"] = rank["email"] + 0.5
    chosen: list[Hit] = []
    for hit in sorted(candidates, key=lambda h: (rank[h.kind], h.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _mask_digits(value, keep_start, keep_end):
    """Star every digit/letter of ``value`` except the first ``keep_start`` and last ``keep_end``; separators go."""
    chars = re.sub(r"[\s\-－—]", "", value)
    if len(chars) <= keep_start + keep_end:
        return "*" * len(chars)
    return chars[:keep_start] + "*" * (len(chars) - keep_start - keep_end) + chars[len(chars) - keep_end :]


def mask(hit: Hit) -> str:
    """The house style: what the public page shows instead of ``hit.text``."""
    value = hit.text
    if hit.kind in ("id_card", "id_like"):
        return _mask_digits(value, 2, 2)  # 35**************23
    if hit.kind == "mobile":
        prefix = ""
        match = re.match(r"(?:\+|＋)?86[\s\-]?", value)
        if match and len(_digits(value)) == 13:
            value = value[match.end() :]
        return prefix + _mask_digits(value, 3, 4)  # 138****1234
    if hit.kind == "bank_card":
        return _mask_digits(value, 4, 4)  # 6222***********1234
    if hit.kind == "landline":
        match = re.match(r"\s*([（(]?0\d{2,3}[)）]?)([\-－—\s]?)(.*)", value)
        if match:
            number = match.group(3)
            return match.group(1) + match.group(2) + "*" * max(0, len(_digits(number)) - 4) + _digits(number)[-4:]
        return _mask_digits(value, 0, 4)
    if hit.kind == "email":
        local, _at, domain = value.partition("@")
        return local[:1] + "***@" + domain
    if hit.kind == "address":
        return re.sub(r"[\d０-９一二三四五六七八九十百零〇]", "*", value)
    if hit.kind == "name":
        return value[0] + "*" * (len(value) - 1)
    return "*" * len(value)  # contact, phrase


_SENTENCE_END = "。；！？!?;\n"


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` around ``text[start:end]`` (from after the previous 。；！？ or line break to its
    own end mark, inclusive): what the reviewer rewrites or drops instead of masking one hit."""
    begin = start
    while begin > 0 and text[begin - 1] not in _SENTENCE_END:
        begin -= 1
    stop = end
    while stop < len(text) and text[stop] not in _SENTENCE_END:
        stop += 1
    if stop < len(text) and text[stop] != "\n":
        stop += 1
    while begin < start and text[begin] in " \u3000":
        begin += 1
    return begin, stop


def without_overlaps(spans):
    """(start, end, replacement) spans, a span inside a wider one dropped (a sentence rewritten or dropped
    swallows the masks inside it); of two crossing spans the earlier wins."""
    out = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def apply_masks(text: str, spans) -> str:
    """``text`` with each (start, end, replacement) applied; spans must not overlap."""
    out = text
    for start, end, replacement in sorted(spans, key=lambda s: s[0], reverse=True):
        out = out[:start] + replacement + out[end:]
    return out
