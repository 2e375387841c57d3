"""Lead and co-units written in one cell, as Duban's round tables write them (the seed layouts have no
配合单位 column): 牵头：医政医管科；配合：区疾控中心、基层卫生科.  Applied to every parse result after the
structure is read (docparse.parse_document), so a re-imported export keeps its co-units."""

from __future__ import annotations

import re

from .model import ParseResult

_LEAD = re.compile(r"^\s*牵头(?:单位)?\s*[:：]\s*")
_CO = re.compile(r"^\s*配合(?:单位)?\s*[:：]\s*")


def split_roles(names: list[str]) -> tuple[list[str], list[str]] | None:
    """(leads, co-units) of a unit cell's names when it marks them 牵头： / 配合：, else None."""
    if not any(_LEAD.match(n) or _CO.match(n) for n in names):
        return None
    leads: list[str] = []
    co: list[str] = []
    current = leads
    for name in names:
        if _LEAD.match(name):
            current, name = leads, _LEAD.sub("", name)
        elif _CO.match(name):
            current, name = co, _CO.sub("", name)
        name = name.strip()
        if name and name not in leads and name not in co:
            current.append(name)
    return leads, co


def apply(result: ParseResult) -> None:
    for task in result.tasks:
        names = list(task.units) or ([task.lead_unit] if task.lead_unit else [])
        roles = split_roles(names)
        if roles is None:
            continue
        leads, co = roles
        task.lead_unit = leads[0] if leads else (co[0] if co else None)
        task.units = leads + co
