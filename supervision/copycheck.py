"""照搬检查 — shingled similarity of 完成情况 texts. Pure: no Django.

A text is normalised (whitespace and punctuation dropped, so a re-punctuated copy is still a copy), cut
into character 4-grams (``shingles``), each hashed once with CRC-32 (stable across processes, unlike
``hash``). Two measures:

* ``containment(a, b)`` — the share of ``a``'s shingles found in ``b``: how much of this round's text is
  last round's (or the plan's task text);
* ``overlap(a, b)`` — shared shingles over the smaller set: two units' texts where one holds the other.

Comparing every text of a round with every other is quadratic; ``similar_pairs`` finds the candidates
with MinHash LSH instead: a one-permutation MinHash ``signature`` (each shingle hashed once, kept as the
minimum of its bin; empty bins filled by rotation), cut into ``BANDS`` bands of ``ROWS`` values whose
keys (``band_keys``) are equal for similar texts with high probability (Jaccard 0.5 → 93 %, 0.7 → 99.9 %).
Only texts sharing a band key are compared exactly. A key shared by very many texts
(``BUCKET_LIMIT``: wording every unit uses) pairs its texts with its first one only, so boilerplate cannot make
the check quadratic; a real copy shares most of its bands, nearly always some rare one. The keys are plain integers, so a database table
of them answers "which texts of this round may be like this one" for a single saved filing.

``longest_common_run`` gives the passage to highlight on both sides (difflib, on the original texts).
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

N = 4  # characters per shingle
BINS = 60  # MinHash values per text
ROWS = 3  # values per band: BINS // ROWS bands
BANDS = BINS // ROWS
BUCKET_LIMIT = 50  # a band key shared by more texts is boilerplate: its texts are compared with its first one only
_EMPTY = 0xFFFFFFFF
_ROTATE = 0x9E3779B1  # offset added per bin borrowed from, so borrowed values differ from the lender's


_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """The text's letters and digits only (CJK characters are letters): punctuation and spaces dropped."""
    return _NOT_WORD.sub("", text or "")


def shingles(text: str, n: int = N) -> frozenset[int]:
    """The CRC-32 hashes of the normalised text's character n-grams (empty for a text shorter than n)."""
    data = normalise(text).encode("utf-32-le")  # four bytes a character: an n-gram is a fixed slice
    width = 4 * n
    crc = zlib.crc32
    return frozenset({crc(data[i : i + width]) for i in range(0, len(data) - width + 4, 4)})


def containment(a: frozenset, b: frozenset) -> float:
    """Share of ``a`` found in ``b`` (0 when ``a`` is empty)."""
    return len(a & b) / len(a) if a else 0.0


def overlap(a: frozenset, b: frozenset) -> float:
    """Shared shingles over the smaller set (0 when either is empty)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def signature(hashes: frozenset[int]) -> tuple[int, ...]:
    """One-permutation MinHash: the smallest hash of each bin, empty bins borrowed from the next full one."""
    mins = [_EMPTY] * BINS
    for h in hashes:
        b = h % BINS
        if h < mins[b]:
            mins[b] = h
    if all(m == _EMPTY for m in mins):
        return tuple(mins)
    out = list(mins)
    for i in range(BINS):
        if mins[i] == _EMPTY:
            step = 1
            while mins[(i + step) % BINS] == _EMPTY:
                step += 1
            out[i] = (mins[(i + step) % BINS] + step * _ROTATE) & 0xFFFFFFFF
    return tuple(out)


def band_keys(sig: tuple[int, ...]) -> list[int]:
    """One integer per band (the band's number is part of the key): equal keys mark candidate pairs."""
    if not sig or all(v == _EMPTY for v in sig):
        return []
    return [
        zlib.crc32(f"{band}:{sig[band * ROWS : (band + 1) * ROWS]}".encode()) + band * (1 << 32)
        for band in range(BANDS)
    ]


@dataclass(frozen=True)
class Doc:
    key: int  # the filing's id
    group: int  # the unit: texts of one group are never compared with each other
    hashes: frozenset
    bands: tuple = ()  # its band keys, when already computed (else computed here)


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float  # overlap


def similar_pairs(docs: list[Doc], threshold: float) -> list[Pair]:
    """Pairs of docs of different groups whose overlap reaches ``threshold``, each pair once (a < b)."""
    buckets = defaultdict(list)
    by_key = {}
    for doc in docs:
        if not doc.hashes:
            continue
        by_key[doc.key] = doc
        for band in doc.bands or band_keys(signature(doc.hashes)):
            buckets[band].append(doc.key)
    seen = set()
    out = []
    for members in buckets.values():
        if len(members) < 2:
            continue
        heads = members[:1] if len(members) > BUCKET_LIMIT else members
        for i, a in enumerate(heads):
            for b in members[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in seen:
                    continue
                seen.add(pair)
                da, db = by_key[pair[0]], by_key[pair[1]]
                if da.group == db.group:
                    continue
                score = overlap(da.hashes, db.hashes)
                if score >= threshold:
                    out.append(Pair(pair[0], pair[1], score))
    return sorted(out, key=lambda p: (p.a, p.b))


@dataclass(frozen=True)
class Run:
    """The longest passage two texts share: [a_start, a_end) in the first, [b_start, b_end) in the second."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def longest_common_run(a: str, b: str) -> Run:
    match = SequenceMatcher(None, a or "", b or "", autojunk=False).find_longest_match(0, len(a or ""), 0, len(b or ""))
    return Run(match.a, match.a + match.size, match.b, match.b + match.size)


def split_at(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, the passage, after) — for showing the passage highlighted."""
    text = text or ""
    return text[:start], text[start:end], text[end:]
