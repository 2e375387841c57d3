"""Each indicator goes to the task whose text (or, in a table, one of whose cells) holds it."""

from __future__ import annotations

import bisect

from ..model import Indicator, Section, Task


def _holds(t: Task, s: int, e: int, off: int) -> bool:
    cells = getattr(t, "_cells", None)
    if cells:
        return any(a <= off < b for a, b in cells)
    return s <= off < e


def attach(sections: list[Section], inds: list[Indicator]) -> None:
    """Fill Task.indicators from ``inds`` by offset."""
    tasks = sorted((t for s in sections for t in s.tasks), key=lambda t: t.start)
    for t in tasks:
        t.indicators = []
    spans = [(t.start, t.end, t) for t in tasks]
    starts = [s for s, _, _ in spans]
    celled = any(getattr(t, "_cells", None) for t in tasks)
    for ind in inds:
        i = bisect.bisect_right(starts, ind.start) - 1
        # tasks of grids may have several disjoint cells; check all candidates near
        near = next((t for s, e, t in spans[max(0, i - 1) : min(len(spans), i + 2)] if _holds(t, s, e, ind.start)), None)
        if near is None and celled:
            near = next((t for t in tasks if any(a <= ind.start < b for a, b in getattr(t, "_cells", []))), None)
        if near is not None:
            near.indicators.append(ind)
