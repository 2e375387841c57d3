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
    # every task's cells, by start: cells are disjoint text ranges (a cell shared by several rows' tasks has the
    # same range in each), so the cell holding an offset is among those starting last at or before it
    cells = sorted((a, b, k) for k, t in enumerate(tasks) for a, b in getattr(t, "_cells", None) or ())
    cell_starts = [a for a, _, _ in cells]
    for ind in inds:
        i = bisect.bisect_right(starts, ind.start) - 1
        # tasks of grids may have several disjoint cells; check all candidates near
        near = next(
            (t for s, e, t in spans[max(0, i - 1) : min(len(spans), i + 2)] if _holds(t, s, e, ind.start)), None
        )
        if near is None and cells:
            near = _cell_owner(cells, cell_starts, tasks, ind.start)
        if near is not None:
            near.indicators.append(ind)


def _cell_owner(cells: list, cell_starts: list, tasks: list[Task], off: int) -> Task | None:
    """The first task (in document order) one of whose cells holds ``off``: a bisection, not a scan of all tasks."""
    j = bisect.bisect_right(cell_starts, off) - 1
    if j < 0:
        return None
    a = cell_starts[j]
    while j > 0 and cell_starts[j - 1] == a:
        j -= 1
    owners = []
    while j < len(cells) and cells[j][0] == a:
        if off < cells[j][1]:
            owners.append(cells[j][2])
        j += 1
    return tasks[min(owners)] if owners else None
