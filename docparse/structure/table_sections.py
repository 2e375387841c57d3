"""A recognized table's rows as sections and tasks: sub-heading rows and category cells open sections, each other
row is a task (its units, 自评, 是否完成, deadline, an indicator of a 名称 | 单位 | 值 row)."""

from __future__ import annotations

import re

from ..dates import parse_date
from ..model import Cell, Indicator, Section, Task
from ..text import normalize
from .grids import Grid
from .outline import clean_number, heading_label
from .regions import Regions
from .vocabulary import BOOKMARK_RE, completed, self_assessment, split_units, title_sentence, unitish

Row = dict[str, Cell]
_SIGN_COMP = {
    "≥": "gte",
    "≧": "gte",
    ">=": "gte",
    "≤": "lte",
    "≦": "lte",
    "<=": "lte",
    "<": "lt",
    "＜": "lt",
    ">": "gt",
    "＞": "gt",
}
_WORD_COMP = {"大于": "gt", "小于": "lt", "不低于": "gte", "不少于": "gte", "不高于": "lte", "不超过": "lte"}
_TAIL_COMP = {"以上": "gte", "以下": "lte", "以内": "lte"}
_UNIT_SPELLING = {"％": "%", "1/10万": "1/10万", "/10万": "1/10万", "1/万": "1/万"}
_TARGET_NUM_RE = re.compile(
    r"(?P<sign>>=|<=|[<>≤≥＜＞≦≧])?\s*[=＝]?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<u>%|‰)?\s*"
    r"(?P<tail>以上|以下|以内|左右)?"
)
_DONE_SA_RE = re.compile(r"^\s*(已完成|已办结|全面完成)\s*$")
_NAME_UNIT_RE = re.compile(
    r"[(（]\s*(%|‰|‱|1/10万|1/万|人|个|家|张|岁|元|万元|亿元|次|人次|万人次|例|所|项|床|名|天|日|分钟|小时|年|户|台|辆|平方米|万人|"
    r"人/千人|张/千人|人/万人)\s*[)）]\s*$"
)
_HEADER_UNIT_RE = re.compile(r"[(（]\s*([^()（）\d]{1,6})\s*[)）]")
_SKIPPED_ROLES = (
    "comparator",
    "actual_value",
    "unit",
    "co_units",
    "number",
    "self_assessment",
    "completed",
    "deadline",
    "leader",
    "district",
    "split_target",
)
_ACTUAL_ROLES = ("completion", "problems", "reason")


def row_warnings(row: Row) -> list[str]:
    """Cells that do not look like their column (a 责任单位 that is no unit, a 自评 that is no 超前/正常/滞后)."""
    out = [row["_warning"].text] if "_warning" in row else []
    for role, label in (("unit", "责任单位"), ("co_units", "配合单位")):
        c = row.get(role)
        if c is not None and c.text.strip() and not unitish(c.text.replace("\n", "、")):
            out.append(f"{label}“{c.text.strip()[:30]}”不像单位名称")
    c = row.get("self_assessment")
    if c is not None and c.text.strip() and self_assessment(c.text) is None:
        out.append(f"自评“{c.text.strip()[:20]}”不是超前/正常/滞后")
    c = row.get("completed")
    if c is not None and c.text.strip() and completed(c.text) is None:
        out.append(f"是否完成“{c.text.strip()[:20]}”无法识别")
    c = row.get("target_value")
    if c is not None and c.text.strip() and not re.search(r"\d", c.text):
        out.append(f"指标值“{c.text.strip()[:20]}”不是数字")
    return out


def table_indicator(row: Row, name: str, header_unit: str | None = None) -> tuple[Indicator | None, str]:
    """名称 | 单位 | 值: the indicator of an indicator-table row (comparator from a sign in the value cell) and the
    task text (the name; a non-numeric target such as 全覆盖 is added to it)."""
    vc = row["target_value"]
    m = _TARGET_NUM_RE.search(normalize(vc.text))
    if not m or not vc.text.strip():
        target = vc.text.strip()
        return None, (f"{name}：{target}" if target else name)
    unit_cell = row.get("measure_unit")
    name_unit = _NAME_UNIT_RE.search(normalize(name))  # "婴儿死亡率（‰）": the unit in the name's brackets
    unit = (
        (unit_cell.text.strip() if unit_cell is not None else "")
        or m.group("u")
        or header_unit
        or (name_unit.group(1) if name_unit else None)
    )
    if unit:
        unit = _UNIT_SPELLING.get(normalize(unit).strip(), unit)
    comparator = _SIGN_COMP.get(m.group("sign") or "")
    comp_cell = row.get("comparator")
    if comparator is None and comp_cell is not None:  # 指标性质 in its own cell
        comparator = _SIGN_COMP.get(normalize(comp_cell.text).strip()) or _WORD_COMP.get(comp_cell.text.strip())
    if comparator is None and m.group("tail"):
        comparator = _TAIL_COMP.get(m.group("tail"))
    value: float | int = float(m.group("num"))
    if value.is_integer() and "." not in m.group("num"):
        value = int(value)
    s = vc.start + m.start("num")
    e = vc.start + (m.end("u") if m.group("u") else m.end("num"))
    ind = Indicator(
        text=vc.text[m.start("num") : e - vc.start],
        value=value,
        unit=unit,
        comparator=comparator,
        subject=name[:20] or None,
        role="target",
        start=s,
        end=e,
    )
    return ind, name


def value_header_unit(grid: Grid) -> str | None:
    """The unit written in brackets in the 指标值 column's header: "年度指标值（%）" -> "%"."""
    if "target_value" not in grid.roles:
        return None
    i = grid.roles.index("target_value")
    if i >= len(grid.header):
        return None
    m = _HEADER_UNIT_RE.search(normalize(grid.header[i].text))
    return _UNIT_SPELLING.get(m.group(1).strip(), m.group(1).strip()) if m else None


_SPLIT_TARGET_RE = re.compile(r"(?P<subject>[^：:；;\n]+?)\s*[:：]\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>[^；;\n]*)")


def split_targets(cell: Cell) -> list[Indicator]:
    """A 分解目标 cell of a city's table (托位：600个；县域内就诊率：90%): the district's targets, one per part."""
    out = []
    for m in _SPLIT_TARGET_RE.finditer(cell.text):
        value: float | int = float(m.group("num"))
        if value.is_integer() and "." not in m.group("num"):
            value = int(value)
        unit = m.group("unit").strip() or None
        out.append(
            Indicator(
                text=cell.text[m.start("num") : m.end("unit")].strip(),
                value=value,
                unit=_UNIT_SPELLING.get(unit, unit) if unit else None,
                comparator=None,
                subject=m.group("subject").strip(),
                role="target",
                start=cell.start + m.start("num"),
                end=cell.start + m.end("unit"),
            )
        )
    return out


def row_task(row: Row, count: int, year: int | None, header_unit: str | None = None) -> Task:
    """The task of one row (``count``: its position, the number when the row has no 序号)."""
    task_cell = row.get("task")
    get = lambda r: (row[r].text.strip() or None) if r in row else None  # noqa: E731
    units = split_units(row["unit"].text) if "unit" in row else []
    co = split_units(row["co_units"].text) if "co_units" in row else []
    sa_raw = get("self_assessment")
    text = task_cell.text.strip() if task_cell is not None else ""
    table_ind = None
    if "target_value" in row:
        table_ind, text = table_indicator(row, text, header_unit)
    t = Task(
        number=clean_number(get("number")) or str(count),
        text=text,
        title=title_sentence(text) if text else None,
        lead_unit=units[0] if units else None,
        units=units + [u for u in co if u not in units],
        completion=get("completion"),
        completed=completed(row["completed"].text) if "completed" in row else None,
        reason=get("reason"),
        problems=get("problems"),
        self_assessment=self_assessment(sa_raw) if sa_raw else None,
        district=get("district"),
    )
    if sa_raw and t.completed is None and _DONE_SA_RE.match(normalize(sa_raw)):
        t.completed, t.self_assessment = True, None  # 已完成 in a 工作评价 column
    cells = [(c.start, c.end) for r, c in row.items() if r != "category" and not c.continued and c.end > c.start]
    t.start = min((a for a, _ in cells), default=0)
    t.end = max((b for _, b in cells), default=0)
    t._cells = cells  # type: ignore[attr-defined]
    if "deadline" in row and row["deadline"].text.strip():
        t.deadline = parse_date(row["deadline"].text, year)
    if table_ind is not None:
        t._table_ind = table_ind  # type: ignore[attr-defined]
    if "split_target" in row:
        t._split_inds = split_targets(row["split_target"])  # type: ignore[attr-defined]
    t.warnings = row_warnings(row)
    return t


def _row_regions(row: Row, regions: Regions) -> None:
    """The task cell's numbers are targets, the progress cells' numbers actuals; the other cells hold none."""
    for r in ("target_value", "measure_unit"):
        if r in row:
            regions.skip(row[r].start, row[r].end)
    if row.get("task") is not None and "split_target" in row:
        regions.skip(row["task"].start, row["task"].end)  # a city's task: the row's targets are its district's
    elif row.get("task") is not None:
        regions.add(row["task"].start, row["task"].end, "target")
    for r in _ACTUAL_ROLES:
        if r in row:
            regions.add(row[r].start, row[r].end, "actual")
    for r in _SKIPPED_ROLES:
        if r in row:
            regions.skip(row[r].start, row[r].end)


class _Sectioner:
    """Which section a row's task goes in: sub-heading rows and changing category cells open sections."""

    def __init__(self, has_cat: bool, regions: Regions):
        self.has_cat = has_cat
        self.regions = regions
        self.sections: list[Section] = []
        self.cur: Section | None = None
        self.last_cat: str | None = None

    def open(self, sec: Section) -> None:
        self.cur = sec
        self.sections.append(sec)

    def heading_row(self, c: Cell) -> None:
        label, title = heading_label(BOOKMARK_RE.sub("", c.text).strip())
        self.open(Section(title=title.rstrip("：:。 ") or None, label=label, start=c.start, end=c.end))
        self.regions.skip(c.start, c.end)

    def section_for(self, row: Row) -> Section:
        cat_cell = row.get("category")
        cat = cat_cell.text.strip() if cat_cell is not None else ""
        if cat_cell is not None and cat_cell.continued:
            cat = self.last_cat or cat
        if self.has_cat and cat and cat != self.last_cat:
            label, title = heading_label(BOOKMARK_RE.sub("", cat).strip())
            self.open(Section(title=title, label=label, start=cat_cell.start, end=cat_cell.end))
            self.last_cat = cat
        elif self.cur is None:
            self.open(Section(title=None))
        return self.cur


def sections_from_grid(grid: Grid, regions: Regions, year: int | None = None) -> list[Section]:
    """The grid's rows as sections of tasks; each cell's numbers get their role (target / actual / none)."""
    sec = _Sectioner("category" in grid.roles, regions)
    count = 0
    header_unit = value_header_unit(grid)
    for row in grid.rows:
        if "_section" in row:
            sec.heading_row(row["_section"])
            continue
        cur = sec.section_for(row)
        task_cell = row.get("task")
        if (task_cell is None or not task_cell.text.strip()) and not row.get("completion"):
            continue
        count += 1
        t = row_task(row, count, year, header_unit)
        _row_regions(row, regions)
        cur.tasks.append(t)
        cur.end = max(cur.end, t.end)
        if cur.start == 0:
            cur.start = t.start
    return sec.sections
