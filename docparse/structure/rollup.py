"""A city's roll-up of its districts (全市汇总): one row per district (and 全市), the header naming each task's
indicator over its 目标 / 完成 / 完成率 columns, as docrender's wide table writes it:

    区县 | 1 托位（个）        | 2 县域内就诊率（%） | 排名
         | 目标 | 完成 | 完成率% | 目标 | 完成 | 完成率% |
    全市 | 1900 | 1000 | 52.6    | …
    椒江 | 600  | 620  | 103.3   | …                   | 1

Each district × indicator becomes a task (``district``, ``number``, the indicator's name as text) with its target
and actual as indicators; the lines below the table (targets that do not add up, weighting) are left unparsed.
"""

from __future__ import annotations

import re

from ..model import Cell, Document, Indicator, Section, Table, Task
from ..text import normalize
from .vocabulary import column_role

_SUB = {
    "目标": "target",
    "目标值": "target",
    "完成": "actual",
    "完成值": "actual",
    "完成率": "share",
    "完成率%": "share",
}
_GROUP_RE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?|[一二三四五六七八九十]+)?[\s、.．]*(?P<name>.+?)\s*$")
_UNIT_RE = re.compile(r"[(（]\s*([^()（）]{1,8})\s*[)）]\s*$")
_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")


def _sub_role(text: str) -> str | None:
    return _SUB.get(re.sub(r"\s+", "", normalize(text)).replace("％", "%"))


def _header_at(table: Table) -> int | None:
    """The row whose first cell is 区县 and whose next row has 目标 and 完成 sub-headers."""
    for r, row in enumerate(table.rows[:-1]):
        if not row or column_role(row[0].text) != "district":
            continue
        subs = [_sub_role(c.text) for c in table.rows[r + 1]]
        if "target" in subs and "actual" in subs:
            return r
    return None


def _number(cell: Cell) -> float | int | None:
    t = normalize(cell.text).strip().replace(",", "")
    if not _NUMBER_RE.match(t):
        return None
    value = float(t)
    return int(value) if value.is_integer() and "." not in t else value


def _groups(head: list[Cell], subs: list[str | None]) -> list[tuple[str, dict[str, int]]]:
    """[(group label, {sub role: column})] from the merged group header and its sub-header row."""
    out: list[tuple[str, dict[str, int]]] = []
    for col in range(1, len(subs)):
        role = subs[col]
        label = head[col].text.strip() if col < len(head) else ""
        if label and role:
            out.append((label, {role: col}))
        elif role and out and role not in out[-1][1]:
            out[-1][1][role] = col
    return out


def _indicator(cell: Cell, value, unit, subject, role) -> Indicator:
    return Indicator(
        text=cell.text.strip(),
        value=value,
        unit=unit,
        comparator=None,
        subject=subject,
        role=role,
        start=cell.start,
        end=cell.end,
    )


def wide_table(doc: Document) -> tuple[str | None, list[Section], list[str]] | None:
    """(title, sections, notes) of a 全市汇总 wide table, or None when the document holds none."""
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        r = _header_at(block)
        if r is None:
            continue
        head, sub_row = block.rows[r], block.rows[r + 1]
        groups = _groups(head, [_sub_role(c.text) for c in sub_row])
        above = [c.text.strip() for row in block.rows[:r] for c in row if c.text.strip()]
        title = above[0] if above else None
        tasks: list[Task] = []
        notes: list[str] = []
        for row in block.rows[r + 2 :]:
            filled = [c for c in row if c.text.strip() and not c.continued]
            district = row[0].text.strip() if row else ""
            if len(filled) <= 1 or not district:
                notes += [c.text.strip() for c in filled]
                continue
            for label, cols in groups:
                m = _GROUP_RE.match(label)
                name = m.group("name") if m else label
                um = _UNIT_RE.search(name)
                unit = um.group(1).strip() if um else None
                subject = name[: um.start()].strip() if um else name
                task = Task(number=m.group("number") if m else None, text=name, title=subject, district=district)
                task.start, task.end = row[0].start, row[-1].end
                for role in ("target", "actual"):
                    col = cols.get(role)
                    if col is not None and col < len(row):
                        value = _number(row[col])
                        if value is not None:
                            task.indicators.append(_indicator(row[col], value, unit, subject, role))
                tasks.append(task)
        if tasks:
            start = block.rows[r + 2][0].start if len(block.rows) > r + 2 and block.rows[r + 2] else block.start
            return title, [Section(title=None, tasks=tasks, start=start, end=block.end)], notes
    return None
