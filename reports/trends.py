"""指标跨年度 — an indicator's subject matched across plans of different years. Pure Python, no Django.

Subjects are compared after the importer's own normalisation (docparse: NFKC per character, the
quotes and generic tails such as 目标/数量 trimmed), with white space removed, then mapped through
the office's synonym table (家庭医生签约服务 → 家庭医生签约 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docparse.indicators import _trim_subject
from docparse.text import normalize

_SPACE_RE = re.compile(r"\s+")


def normal_subject(subject: str) -> str:
    """The importer's normalisation of an indicator subject, spaces removed."""
    text = _SPACE_RE.sub("", normalize(subject or ""))
    return _trim_subject(text) or text


def subject_key(subject: str, synonyms: dict[str, str] | None = None) -> str:
    """The key two years' indicators share: the normal subject, or the canonical one it is a synonym of."""
    key = normal_subject(subject)
    if synonyms:
        seen = set()
        while key in synonyms and key not in seen:  # chains resolve; a loop stops
            seen.add(key)
            key = synonyms[key]
    return key


def synonym_map(pairs) -> dict[str, str]:
    """(alias, canonical) pairs → {normal alias: normal canonical}."""
    out = {}
    for alias, canonical in pairs:
        a, c = normal_subject(alias), normal_subject(canonical)
        if a and c and a != c:
            out[a] = c
    return out


@dataclass
class Point:
    year: int
    plan: str
    round: str  # "" for the target-only row of a plan without approved actuals
    as_of: object  # date or None
    target: float
    actual: float | None
    unit: str
    comparator: str


@dataclass
class Trend:
    key: str
    points: list[Point] = field(default_factory=list)

    @property
    def years(self):
        return sorted({p.year for p in self.points})

    def chart(self, labels: dict) -> dict:
        """ECharts data: one category per round (year + round name), target and actual series."""
        pts = sorted(self.points, key=lambda p: (p.year, p.as_of is None, p.as_of or 0, p.round))
        cats = [p.round if p.round.startswith(str(p.year)) else f"{p.year} {p.round}".strip() for p in pts]
        return {
            "rounds": cats,
            "labels": labels,
            "series": [
                {
                    "name": self.key,
                    "target": [p.target for p in pts],
                    "actual": [p.actual for p in pts],
                }
            ],
        }
