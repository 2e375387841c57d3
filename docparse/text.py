"""Length-preserving normalization: NFKC per character, except where NFKC would change length
or destroy meaning (circled/parenthesized numbers ① ⑴ ㈠ are kept as-is). Offsets therefore
stay identical between raw and normalized text."""
from __future__ import annotations

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


def normalize(text: str) -> str:
    if text.isascii():
        return text
    return text.translate(_TABLE)
