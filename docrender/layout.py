"""Format-independent layout: which columns a table has, their relative
widths, cell texts and vertical merges.  Every renderer (docx, xlsx, html)
works from the same :class:`TableSpec`, so the formats cannot drift apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from docparse.exported import numbered

from .model import FilingForm, PlanDocument, StatusTable
from .text import (
    COMPLETED_CHOICES,
    SELF_ASSESSMENT_CHOICES,
    cn_date,
    cn_month_day,
    completed_label,
    sanitize,
    self_assessment_label,
)


@dataclass
class Column:
    key: str
    header: str  # may contain "\n" for a second header line
    min_chars: float  # never narrower than this (in CJK characters)
    max_chars: float  # content weight is capped here
    long_text: bool = False  # weight by mean length (wraps) vs longest value
    align: str = "center"  # "center" or "left" (justified) for cell text
    choices: tuple[str, ...] = ()  # xlsx data-validation list
    merge: bool = False  # merge equal consecutive values vertically


@dataclass
class TableSpec:
    kind: str  # "form" / "status" / "plan"
    columns: list[Column]
    rows: list[list[str]]
    # per column index -> list of (start_row, span) runs; rows not starting a
    # run are continuation cells.
    merges: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    landscape: bool = True

    def widths(self) -> list[float]:
        """Relative column widths (fractions summing to 1)."""
        return column_fractions(self.columns, self.rows, self.total_chars)

    @property
    def total_chars(self) -> float:
        """Type-area width in 12 pt CJK characters (A4, GB/T 9704 margins)."""
        return 53.0 if self.landscape else 36.0

    def row_lines(self) -> list[int]:
        """Estimated wrapped line count of each data row (merged cells ignored)."""
        cpl = [max(1.0, f * self.total_chars - 0.7) for f in self.widths()]
        merged = set(self.merges)
        out = []
        for row in self.rows:
            n = 1
            for ci, text in enumerate(row):
                if ci in merged or not text:
                    continue
                n = max(n, lines_needed(text, cpl[ci]))
            out.append(n)
        return out

    def keep_together(self, max_lines: int = 14) -> list[bool]:
        """Rows short enough never to be split across pages."""
        return [n <= max_lines for n in self.row_lines()]

    def merge_map(self, col: int) -> dict[int, int]:
        """row -> span (>1 starts a run, 0 = continuation) for column ``col``."""
        out: dict[int, int] = {}
        for start, span in self.merges.get(col, []):
            out[start] = span
            for r in range(start + 1, start + span):
                out[r] = 0
        return out


def visual_len(s: str) -> float:
    """Width in CJK characters: Latin letters and digits are about half."""
    narrow = len(s.encode("latin-1", "ignore"))  # C speed; Latin-1 ≈ half width
    return len(s) - 0.5 * narrow


def lines_needed(text: str, chars_per_line: float) -> int:
    if not text:
        return 1
    if "\n" not in text:
        return max(1, math.ceil(visual_len(text) / chars_per_line))
    return sum(max(1, math.ceil(visual_len(p) / chars_per_line)) for p in text.split("\n"))


def column_fractions(columns: list[Column], rows: list[list[str]], total_chars: float) -> list[float]:
    """Column widths as fractions of the table width.

    Short-label columns (序号, 是否完成, 责任单位 …) get what their longest
    value needs (within min/max).  The long-text columns share the rest in
    proportion to their mean text length, each within its min/max: then every
    long column needs about as many lines, and a row is no taller than its
    text requires.  (Weighting by the square root of the length instead left
    完成情况 narrow and a 300-字 row as tall as a landscape page; the PDF's
    time is proportional to the number of typeset lines.)
    """
    n = len(rows)
    widths: list[float | None] = []
    means: dict[int, float] = {}
    for i, col in enumerate(columns):
        if col.long_text:
            mean = (sum(visual_len(r[i]) for r in rows) / n) if n else 0.0
            means[i] = max(1.0, mean)
            widths.append(None)
        else:
            longest = max((len(line) for r in rows for line in r[i].split("\n")), default=0)
            widths.append(min(col.max_chars, max(col.min_chars, longest + 1.0)))
    avail = total_chars - sum(w for w in widths if w is not None)
    free = dict(means)
    while free:
        # share what is left by mean length; a column pushed past its min or
        # max is fixed there and the others share again
        share = max(0.0, avail) / sum(free.values())
        clamped = {}
        for i, mean in free.items():
            col = columns[i]
            if mean * share < col.min_chars:
                clamped[i] = col.min_chars
            elif mean * share > col.max_chars:
                clamped[i] = col.max_chars
        if not clamped:
            for i, mean in free.items():
                widths[i] = mean * share
            break
        for i, w in clamped.items():
            widths[i] = w
            avail -= w
            del free[i]
    total = sum(widths) or 1.0
    return [w / total for w in widths]


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """Runs of equal consecutive values; an empty value continues the run
    above it (the seed forms leave merged cells blank)."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or (values[i] and values[i] != values[start]):
            if i - start > 1:
                runs.append((start, i - start))
            start = i
    return runs


def unit_cell(lead: str, co: str) -> str:
    """The 牵头单位 / 责任单位 cell: the lead alone, or 牵头：X；配合：Y、Z when others co-operate (the seed
    tables have no 配合单位 column; docparse.roles reads it back)."""
    lead, co = sanitize(lead).strip(), sanitize(co).strip()
    return f"牵头：{lead}；配合：{co}" if lead and co else lead


def form_spec(doc: FilingForm) -> TableSpec:
    columns = [
        Column("category", "类别", 4, 6, merge=True),
        Column("task", "目标任务", 11, 22, long_text=True, align="left"),
        Column("completion", "完成情况\n（300字以内）", 9, 42, long_text=True, align="left"),
        Column("completed", "是否完成\n（填写：已完成/未完成）", 6.5, 6.5, choices=COMPLETED_CHOICES),
        Column("reason", "未完成原因\n（300字以内）", 6, 16, long_text=True, align="left"),
        Column("unit", "责任单位", 5, 9),
    ]
    rows = []
    cats = []
    for r in doc.rows:
        cat = sanitize(r.category).strip()
        cats.append(cat)
        rows.append(
            [
                cat,
                numbered(sanitize(r.number), sanitize(r.task)),  # the form has no 序号 column: 3.…
                sanitize(r.completion),
                completed_label(r.completed),
                sanitize(r.reason),
                unit_cell(r.unit, r.co_units),
            ]
        )
    # Fill blank categories down so every row carries its category text.
    last = ""
    for i, cat in enumerate(cats):
        if cat:
            last = cat
        else:
            rows[i][0] = last
    _evidence_column(doc.rows, columns, rows)
    return TableSpec("form", columns, rows, merges={0: _runs(cats)})


def status_spec(doc: StatusTable) -> TableSpec:
    as_of = cn_month_day(doc.as_of)
    completion_header = f"完成情况\n（截止{as_of}）" if as_of else "完成情况"
    columns = [
        Column("number", "序号", 3, 4),
        Column("task", "目标任务", 8, 20, long_text=True, align="left"),
        Column("completion", completion_header, 10, 45, long_text=True, align="left"),
        Column("problems", "存在问题及解决建议", 7, 20, long_text=True, align="left"),
        Column("self_assessment", "完成情况自评\n（超前/正常/滞后）", 7, 7, choices=SELF_ASSESSMENT_CHOICES),
        Column("lead_unit", "牵头单位", 5, 9),
    ]
    rows = [
        [
            number,
            sanitize(r.task),
            sanitize(r.completion),
            sanitize(r.problems),
            self_assessment_label(r.self_assessment),
            unit_cell(r.lead_unit, r.co_units),
        ]
        for r, number in zip(doc.rows, task_numbers([r.number for r in doc.rows]), strict=True)
    ]
    _evidence_column(doc.rows, columns, rows)
    return TableSpec("status", columns, rows)


def _evidence_column(doc_rows, columns: list[Column], rows: list[list[str]]) -> None:
    """The 填报表 and 完成情况表 gain a 佐证材料 column (the files' names) when any row has evidence."""
    values = [sanitize(r.evidence).strip() for r in doc_rows]
    if any(values):
        columns.append(Column("evidence", "佐证材料", 5, 12, long_text=True, align="left"))
        for row, value in zip(rows, values, strict=True):
            row.append(value)


def task_numbers(numbers: list[str]) -> list[str]:
    """The tasks' numbers as a table prints them: a blank number continues the count from the one above (the seed
    numbers 1..16 through five sections); a number is written as the plan writes it (3, 3 again in another section,
    a split task's city number)."""
    out = []
    counter = 0
    for number in numbers:
        num = sanitize(number).strip().rstrip(".．、")
        if num.isdigit():
            counter = int(num)
        elif not num:
            counter += 1
            num = str(counter)
        out.append(num)
    return out


def plan_task_numbers(doc: PlanDocument) -> list[list[str]]:
    """Task numbers per section (``task_numbers`` through the whole plan)."""
    flat = iter(task_numbers([t.number for sec in doc.sections for t in sec.tasks]))
    return [[next(flat) for _t in sec.tasks] for sec in doc.sections]


def plan_task_prefix(number: str) -> str:
    return f"{number}." if number else ""


def section_heading(label: str, title: str) -> str:
    label = sanitize(label).strip()
    title = sanitize(title).strip()
    return f"{label}{title}"


def plan_task_note(task) -> str:
    """（牵头单位：…；配合单位：…；完成时限：…） after a plan task's text, as plans write it."""
    parts = []
    if sanitize(task.lead_unit).strip():
        parts.append(f"牵头单位：{sanitize(task.lead_unit).strip()}")
    if sanitize(task.co_units).strip():
        parts.append(f"配合单位：{sanitize(task.co_units).strip()}")
    if task.deadline:
        parts.append(f"完成时限：{cn_date(task.deadline)}")
    return f"（{'；'.join(parts)}）" if parts else ""


def _plan_unit_columns(doc: PlanDocument, columns: list[Column], rows: list[list[str]]) -> None:
    """The plan table gains 牵头单位 / 配合单位 / 完成时限 columns when its tasks have them."""
    tasks = [t for sec in doc.sections for t in sec.tasks]
    extra = [
        ("lead_unit", "牵头单位", lambda t: sanitize(t.lead_unit).strip(), 5, 9),
        ("co_units", "配合单位", lambda t: sanitize(t.co_units).strip(), 5, 10),
        ("deadline", "完成时限", lambda t: cn_date(t.deadline) if t.deadline else "", 5, 8),
    ]
    for key, header, get, lo, hi in extra:
        values = [get(t) for t in tasks]
        if any(values):
            columns.append(Column(key, header, lo, hi))
            for row, value in zip(rows, values, strict=False):
                row.append(value)


def plan_spec(doc: PlanDocument) -> TableSpec:
    """The plan as a table (used for .xlsx): 序号 | 工作板块 | 工作任务."""
    columns = [
        Column("number", "序号", 3, 4),
        Column("section", "工作板块", 6, 8, merge=True),
        Column("task", "工作任务", 20, 60, long_text=True, align="left"),
    ]
    rows = []
    sec_values = []
    for sec, nums in zip(doc.sections, plan_task_numbers(doc), strict=False):
        heading = section_heading(sec.label, sec.title)
        for t, num in zip(sec.tasks, nums, strict=False):
            rows.append([num, heading, sanitize(t.text)])
            sec_values.append(heading)
    _plan_unit_columns(doc, columns, rows)
    return TableSpec("plan", columns, rows, merges={1: _runs(sec_values)}, landscape=False)


def spec_for(doc) -> TableSpec:
    if isinstance(doc, FilingForm):
        return form_spec(doc)
    if isinstance(doc, StatusTable):
        if getattr(doc, "district_column", False):
            from .levels import district_status_spec  # the city's table with a 区县 column

            return district_status_spec(doc)
        return status_spec(doc)
    if isinstance(doc, PlanDocument):
        return plan_spec(doc)
    raise TypeError(f"docrender cannot render {type(doc).__name__}")


def form_meta(doc: FilingForm) -> dict[str, str]:
    return {
        "unit": f"填报单位（盖章）：{sanitize(doc.unit_name)}",
        "signer": f"签发人：{sanitize(doc.signer)}",
        "filler": f"填报人：{sanitize(doc.filler)}",
        "contact": f"联系方式：{sanitize(doc.contact)}",
        "filed_on": f"填报时间：{cn_date(doc.filed_on)}",
    }


def form_foot(doc: FilingForm) -> list[str]:
    """The line under the table: 填报人, 联系方式, 填报时间 (a form to fill in prints the labels even when empty). A
    round-wide form, whose sign-off lines per unit stand above it, keeps only what it has (its latest 填报时间) in
    the same places, never an empty label; nothing at all: an empty list."""
    meta = form_meta(doc)
    items = [(meta["filler"], doc.filler), (meta["contact"], doc.contact), (meta["filed_on"], doc.filed_on)]
    if not doc.units:
        return [text for text, _value in items]
    kept = [text if value else "" for text, value in items]
    return kept if any(kept) else []


def form_unit_lines(doc: FilingForm) -> list[str]:
    """A round-wide form's sign-off: one line per reporting unit."""
    return [
        f"{sanitize(u.unit)}　签发人：{sanitize(u.signer)}　填报人：{sanitize(u.filler)}　联系方式：{sanitize(u.contact)}　填报时间：{cn_date(u.filed_on)}"
        for u in doc.units
    ]


# ------------------------------------------------------------------ titles
#
# A title of more than one line breaks between words, its lines about equally long (GB/T 9704
# 7.3.3: 回行时要做到词意完整，排列对称，长短适宜).  Without a dictionary, a break is good after a
# word that ends a name or a period (年, 度, 局, 区 …) or before a word that starts the document's
# kind (完成情况, 工作要点 …), and bad inside the words titles are made of.
_BREAK_AFTER = set("年度局委办厅院府的和及与、）》”")
_TITLE_WORDS = (
    "卫生健康局",
    "卫生健康委员会",
    "卫生健康",
    "重点工作",
    "工作要点",
    "工作总结",
    "完成情况",
    "填报表",
    "目标任务",
    "民生实事",
    "政府工作报告",
    "工作报告",
    "上半年",
    "下半年",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "全年",
    "年度",
    "分解任务",
    "市级",
    "区县",
    "汇总表",
    "情况表",
    "一览表",
)
_TITLE_UNITS = re.compile(
    r"\d{4}\s*年(?:第[一二三四]季度|[上下]半年|全年|年度|\d{1,2}月(?:\d{1,2}日)?)|[（(][^（）()]{1,20}[）)]"
)
_NO_LINE_START = set("，。、；：？！）》」』”’%．.,;:)")
_NO_LINE_END = set("（《「『“‘(")


def _title_inside_words(title: str) -> set[int]:
    """Positions ``i`` where a break before ``title[i]`` would cut a word: inside a jieba word
    (rjieba, already used by search) or inside one of the compound words titles are made of."""
    inside: set[int] = set()
    try:
        import rjieba

        at = 0
        for word in rjieba.cut(title):
            inside.update(range(at + 1, at + len(word)))
            at += len(word)
    except ImportError:  # pragma: no cover - rjieba is a runtime requirement
        pass
    for m in _TITLE_UNITS.finditer(title):  # 2020年第二季度, （截至2025年6月20日） stay on one line
        inside.update(range(m.start() + 1, m.end()))
    for word in _TITLE_WORDS:
        start = title.find(word)
        while start != -1:
            inside.update(range(start + 1, start + len(word)))
            start = title.find(word, start + 1)
    return inside


def _title_break_cost(title: str, i: int, inside: set[int]) -> float:
    """How bad a line break before ``title[i]`` is (0 = a natural place)."""
    prev, nxt = title[i - 1], title[i]
    if nxt in _NO_LINE_START or prev in _NO_LINE_END:
        return 1000.0
    if (prev.isascii() and prev.isalnum()) and (nxt.isascii() and nxt.isalnum()):
        return 1000.0
    if i in inside:
        return 60.0
    if nxt == "（" or prev in _BREAK_AFTER or any(title.startswith(w, i) for w in _TITLE_WORDS):
        return 0.0
    return 8.0


def title_lines(title: str, chars_per_line: float) -> list[str]:
    """``title`` in as few lines as fit ``chars_per_line`` (CJK characters), broken between words,
    the lines as even as the breaks allow; an existing line break in the title is kept."""
    title = sanitize(title).strip()
    if "\n" in title:
        return [line for part in title.split("\n") for line in title_lines(part, chars_per_line)]
    total = visual_len(title)
    if total <= chars_per_line or len(title) < 4:
        return [title] if title else []
    k = math.ceil(total / chars_per_line)
    n = len(title)
    widths = [visual_len(title[:j]) for j in range(n + 1)]
    inside = _title_inside_words(title)
    while True:
        target = total / k
        # best[j][m]: (cost, breaks) for title[:j] in m lines
        best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
        for m in range(1, k + 1):
            for j in range(1, n + 1):
                if m == k and j != n:
                    continue
                cands = []
                for i in range(0, j):
                    prev = best.get((i, m - 1))
                    if prev is None:
                        continue
                    w = widths[j] - widths[i]
                    if w > chars_per_line or w <= 0:
                        continue
                    cost = prev[0] + (w - target) ** 2 + (_title_break_cost(title, j, inside) if j < n else 0.0)
                    cands.append((cost, prev[1] + [j]))
                if cands:
                    best[(j, m)] = min(cands, key=lambda c: c[0])
        found = best.get((n, k))
        if found is not None:
            cuts = [0] + found[1]
            return [title[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        k += 1
