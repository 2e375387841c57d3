"""Length-preserving normalization: NFKC per character, except where NFKC would change length
or destroy meaning (circled/parenthesized numbers ① ⑴ ㈠ are kept as-is). Offsets therefore
stay identical between raw and normalized text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KEEP_RANGES = ((0x2460, 0x24FF), (0x2776, 0x2793), (0x3200, 0x32FF))


@lru_cache(maxsize=8192)
def _norm_char(c: str) -> str:
    o = ord(c)
    if o < 0x80:
        return c
    for a, b in _KEEP_RANGES:
        if a <= o <= b:
            return c
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        return c
    if n in "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff":
        return " "
    return n


class _Table(dict):
    def __missing__(self, code: int) -> str:
        c = chr(code)
        v = _norm_char(c) if code >= 0x80 else c
        self[code] = v
        return v


_TABLE = _Table()


# Characters that map to themselves: ASCII, CJK Unified Ideographs (no decomposition mappings, guaranteed
# stable by Unicode) and the common identity-mapped CJK / general punctuation, each checked against _norm_char
# here. Only runs of other characters go through the per-character table, so the result is exactly
# text.translate(_TABLE) while the bulk of a Chinese text is skipped by one C-level regex scan.
_IDENTITY = "".join(
    chr(o)
    for o in (*range(0x80, 0x250), *range(0x2010, 0x2060), *range(0x2100, 0x2200), *range(0x3001, 0x3040))
    if _norm_char(chr(o)) == chr(o)
)
_OTHER_RUN_RE = re.compile("[^\x00-\x7f\u4e00-\u9fff" + re.escape(_IDENTITY) + "]+")


def _translate_run(m: re.Match) -> str:
    return m.group().translate(_TABLE)


def normalize(text: str) -> str:
    if text.isascii():
        return text
    return _OTHER_RUN_RE.sub(_translate_run, text)
