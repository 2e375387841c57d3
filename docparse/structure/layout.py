"""A table copied as lines of text, read the way a person reads the page (issue 25).

The header is found from its labels: a line (or two, when the header broke over lines) whose words are column
names, however they are padded ("目  标  任  务") or split ("牵头" / "责任单位"); the cells of the following lines
are separated by a delimiter (|, ｜) or by spaces. The rows start at their row numbers when there is a 序号 column
(the plan's own numbers: 12, 15, 31), else at each line; a line that does not start a row continues the row before
(a cell wrapped onto the next line). Within a row the cells are put in their columns by what each looks like
(the same dynamic programme as flattened tables, flat_tables.align_cells), so a missing cell or a cell split by a
space does not shift the others."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Cell, Document
from ..text import normalize
from .flat_tables import Stream, align_cells
from .grids import SUMMARY_ROW_RE as _SUMMARY_ROW_RE
from .grids import Grid, Paras
from .metadata import is_form_line
from .outline import outline_label
from .vocabulary import (
    COLUMN_ROLES,
    COMPARATOR_HDR,
    IND_NAME_HDR,
    IND_UNIT_HDR,
    IND_VALUE_HDR,
    LEVEL_HDR,
    SELF_ASSESS_RE,
    column_role,
    header_core,
    indicator_roles,
    is_chrome,
)

MAX_LINE = 400  # a header line is short; longer lines are not looked at as headers
MAX_ROW_LINES = 12
MAX_HEADER_LINES = 3
MAX_ROW_CELLS = 120
MAX_HEADER_TRIES = 64  # lines looked at as a header, per document
MAX_SPACED_RUN = 40  # letter-spaced characters put back into words
_HINT_RE = re.compile(
    r"序号|任务|目标|工作|项目|事项|指标|单位|部门|科室|处室|领导|责任|情况|进展|进度|时限|时间|评价|自评|备注|问题|原因|完成|名称|值|类别|属性|计划"
)
MAX_FRAGMENT = 80  # longest line that continues a cell of the row above
_PIPES = ("|", "｜")
_SPACE_SPLIT = re.compile(r"[ \t\u3000\u00a0]+")
_CJK1 = re.compile(r"^[\u4e00-\u9fff]$")
_ROW_NO = re.compile(r"^[(（]?(\d{1,3})(?:[)）]|[.、．])?$")
_RULE_LINE = re.compile(r"^[\s|｜:：\-—=+]+$")
_STATUS_WORD_RE = re.compile(SELF_ASSESS_RE.pattern + r"|^(是|否|已完成|未完成|完成)$")
_PAREN_OPEN = re.compile(r"^[(（][^()（）]*$")
_PAREN_CLOSE = re.compile(r"[)）]$")
_PAREN_ONLY = re.compile(r"^[(（][^()（）]*[)）]$")
_JOIN_END = ("、", "(", "（", "及", "和")  # a list of units broken here goes on without a break
_BREAK_END = _JOIN_END + ("，", ",", "；", ";", "：", ":")  # a cell broken here goes on on the next line


def _split(text: str, start: int, delim: str | None) -> list[Cell]:
    """The cells of one line with their offsets (a delimited line keeps its empty cells)."""
    out: list[Cell] = []
    if delim:
        off = start
        for seg in text.split(delim):
            lead = len(seg) - len(seg.lstrip())
            t = seg.strip()
            out.append(Cell(t, off + lead, off + lead + len(t)))
            off += len(seg) + len(delim)
        return out
    pos = 0
    for m in _SPACE_SPLIT.finditer(text + " "):
        if m.start() > pos:
            out.append(Cell(text[pos : m.start()], start + pos, start + m.start()))
        pos = m.end()
    return out


def _join(a: Cell, b: Cell, sep: str = "") -> Cell:
    return Cell(a.text + sep + b.text, a.start, b.end)


def _label(t: str) -> bool:
    core = header_core(t)
    return bool(
        column_role(t)
        or IND_VALUE_HDR.match(core)
        or IND_UNIT_HDR.match(core)
        or IND_NAME_HDR.match(core)
        or LEVEL_HDR.match(core)
        or COMPARATOR_HDR.match(core)
    )


@lru_cache(maxsize=8192)
def _covered(t: str) -> int:
    """How many characters of ``t`` a column label covers (序号目标 -> 2: only 目标 is a label word)."""
    best = 0
    for _role, rx in COLUMN_ROLES:
        m = rx.search(t)
        if m:
            best = max(best, m.end() - m.start())
    for rx in (IND_VALUE_HDR, IND_UNIT_HDR, IND_NAME_HDR, LEVEL_HDR, COMPARATOR_HDR):
        if rx.match(t):
            best = len(t)
    return best


def _segment(chars: list[Cell]) -> list[Cell]:
    """Letter-spaced characters back into words: the split whose labels cover the most characters, the fewest words
    on a tie (目 标 任 务 -> 目标任务; 序 号 目 标 任 务 责 任 单 位 -> 序号 / 目标任务 / 责任单位)."""
    text = "".join(c.text for c in chars)
    n = len(chars)
    if n > MAX_SPACED_RUN:
        return [Cell(text, chars[0].start, chars[-1].end)]
    best: list[tuple[int, int, int] | None] = [None] * (n + 1)  # (-covered, words, start of the last word)
    best[0] = (0, 0, 0)
    for j in range(1, n + 1):
        for i in range(max(0, j - 8), j):
            if best[i] is None:
                continue
            cand = (best[i][0] - _covered(text[i:j]), best[i][1] + 1, i)
            if best[j] is None or cand[:2] < best[j][:2]:
                best[j] = cand
    out: list[Cell] = []
    j = n
    while j > 0:
        i = best[j][2]
        out.append(Cell(text[i:j], chars[i].start, chars[j - 1].end))
        j = i
    return out[::-1]


def header_cells(cells: list[Cell]) -> list[Cell]:
    """Header words put back together: letter-spaced runs (目 标 任 务), a short word that names no column with the
    next one (牵头 + 责任单位), a bracketed note with the word before it."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        c = cells[i]
        if _CJK1.match(c.text):
            j = i
            while j + 1 < len(cells) and _CJK1.match(cells[j + 1].text):
                j += 1
            if j > i:
                words = _segment(cells[i : j + 1])
                out.extend(words[:-1])
                c = words[-1]
                i = j
        elif out and _PAREN_ONLY.match(normalize(c.text)):
            out[-1] = _join(out[-1], c)
            i += 1
            continue
        elif out and _PAREN_OPEN.match(normalize(c.text)):  # "(截至 9月底)": a bracketed note broken by a space
            j = i
            while j + 1 < len(cells) and j - i < 4 and not _PAREN_CLOSE.search(normalize(cells[j].text)):
                j += 1
            if _PAREN_CLOSE.search(normalize(cells[j].text)):
                for k in range(i, j + 1):
                    out[-1] = _join(out[-1], cells[k])
                i = j + 1
                continue
        out.append(c)
        i += 1
    merged: list[Cell] = []
    for c in out:
        if merged and not _label(merged[-1].text) and len(merged[-1].text) <= 2 and _label(merged[-1].text + c.text):
            merged[-1] = _join(merged[-1], c)
        else:
            merged.append(c)
    return merged


def layout_roles(texts: list[str]) -> list[str | None] | None:
    """Column roles of a header of labels; two columns may share a role (牵头责任单位 + 主要责任单位)."""
    ind = indicator_roles(texts)
    if ind is not None and "task" in ind and "target_value" in ind:
        return ind
    roles = [column_role(t) for t in texts]
    named = [r for r in roles if r]
    if len(set(named)) < 3 or not ({"task", "completion"} & set(named)):
        return None
    if roles.count("task") > 1:
        return None
    return roles


def _header_of(cells: list[Cell]) -> tuple[list[Cell], list[str | None]] | None:
    hdr = header_cells(cells)
    if len(hdr) < 3 or any(len(header_core(c.text)) > 16 or "。" in c.text for c in hdr):
        return None
    labelled = sum(1 for c in hdr if _label(c.text))
    if labelled < max(3, 0.6 * len(hdr)):
        return None
    roles = layout_roles([c.text for c in hdr])
    return (hdr, roles) if roles is not None else None


def _header_at(paras: Paras, k: int, delim: str | None) -> tuple[list[Cell], list[str | None], int] | None:
    """(header cells, roles, paragraphs it takes) when paragraph k starts a header of labels: one line, or up to
    three when the header broke over lines and each further line is labels or word fragments too."""
    _bi, p = paras[k]
    cells = [c for c in _split(p.text, p.start, delim) if c.text]
    lines = [cells]
    for j in range(k + 1, min(k + MAX_HEADER_LINES, len(paras))):
        _bj, q = paras[j]
        more = [c for c in _split(q.text, q.start, delim) if c.text]
        if not q.text.strip() or len(q.text) > MAX_LINE or not more or _ROW_NO.match(more[0].text):
            break
        lab = header_cells(more)
        if not all(_label(c.text) or len(c.text) <= 2 for c in lab) and sum(
            1 for c in lab if _label(c.text)
        ) < 0.6 * len(lab):
            break
        lines.append(more)
    for n in range(len(lines), 0, -1):
        found = _header_of([c for line in lines[:n] for c in line])
        if found is not None:
            return found[0], found[1], n
    return None


def _delim_of(text: str) -> str | None:
    for d in _PIPES + ("\t",):
        if text.strip().count(d) >= 2:
            return d
    return None


class _Rows:
    """The lines under the header as rows of cells."""

    def __init__(self, ncols: int, delim: str | None, framed: bool, numbered: bool, num_pos: int = 0):
        self.ncols, self.delim, self.framed, self.numbered = ncols, delim, framed, numbered
        self.num_pos = num_pos  # columns before the 序号 column (a category written on the group's first row)
        self.rows: list[list[Cell]] = []
        self.used: list[int] = []
        self.last_no: int | None = None
        self.sections: set[int] = set()  # indexes of the rows that are section headings
        self.open_lines = 0

    def cells(self, text: str, start: int) -> list[Cell]:
        cells = _split(text, start, self.delim)
        if self.delim:
            if self.framed and cells and not cells[0].text:
                cells = cells[1:]
            if cells and not cells[-1].text and text.rstrip().endswith(self.delim):
                cells = cells[:-1]
            return cells
        return [c for c in cells if c.text]

    def starts_row(self, cells: list[Cell]) -> bool:
        if not self.rows or len(self.rows) - 1 in self.sections:
            return True
        if not self.numbered and not self.delim:
            return not self.continues(cells)
        if self.numbered:
            k = self.serial_at(cells)
            return (
                k is not None
                and (self.last_no is None or int(_ROW_NO.match(cells[k].text).group(1)) > self.last_no)
                and len(cells) >= k + 2
            )
        if self.delim:
            return len(self.rows[-1]) >= self.ncols or self.open_lines >= MAX_ROW_LINES
        return True

    def serial_at(self, cells: list[Cell]) -> int | None:
        """Where the row number stands: first, or after the cells of the columns before 序号."""
        for k in sorted({0, self.num_pos}):
            if k < len(cells) and _ROW_NO.match(cells[k].text):
                return k
        return None

    def continues(self, cells: list[Cell]) -> bool:
        """Rows without numbers: a line continues the row above when that row broke off inside a cell (it ends in a
        comma or 、) or the line is a lone fragment under a row of several cells."""
        last = self.rows[-1][-1].text
        if sum(len(c.text) for c in cells) > MAX_FRAGMENT:
            return False  # a paragraph of prose is no fragment of a cell
        return last.endswith(_BREAK_END) or (len(cells) == 1 and self.ncols >= 3)

    def continue_row(self, cells: list[Cell]) -> None:
        row = self.rows[-1]
        if self.delim or row[-1].text.endswith(_BREAK_END):
            row[-1] = _join(row[-1], cells[0], "" if row[-1].text.endswith(_JOIN_END) else "\n")
            row.extend(cells[1:])
        else:
            row.extend(cells)
        self.open_lines += 1

    def add(self, bi: int, text: str, start: int) -> bool:
        """Take one line; False when it is no part of the table."""
        cells = self.cells(text, start)
        if not cells:
            return False
        own = [c for c in cells if c.text]
        if len(own) == 1 and _is_heading(own[0].text):
            self.sections.add(len(self.rows))  # "一、医疗服务" spanning the row: a section
            self.rows.append(own)
            self.open_lines = MAX_ROW_LINES
            self.used.append(bi)
            return True
        if (
            not self.delim
            and not self.numbered
            and (len(own) < 2 or (self.rows and len(own) == 1))
            and (not self.rows or not self.continues(cells))
        ):
            return False  # rows under a header are several cells; prose after it ends the table
        if self.starts_row(cells):
            k = self.serial_at(cells) if self.numbered else None
            if self.numbered and k is None:
                return False
            if k is not None:
                self.last_no = int(_ROW_NO.match(cells[k].text).group(1))
            if not self.delim:
                cells = _rejoin(cells)
            self.rows.append(cells)
            self.open_lines = 1
        elif self.delim and len(self.rows[-1]) >= self.ncols:
            return False
        elif self.numbered or self.delim or self.continues(cells):
            if self.open_lines >= MAX_ROW_LINES:
                return False
            self.continue_row(cells if self.delim else _rejoin(cells))
        else:
            return False
        self.used.append(bi)
        return True


def _is_heading(t: str) -> bool:
    n = normalize(t).strip()
    lab = outline_label(n)
    return lab is not None and lab[0] in ("chapter", "cn", "pcn") and len(n) <= 40 and "。" not in n


def _rejoin(cells: list[Cell]) -> list[Cell]:
    """Space-separated words a list runs over: "区发改局、 区财政局" is one cell; a padded status word "正  常" too."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        c = cells[i]
        j = i
        while j + 1 < len(cells) and j - i < 8 and _CJK1.match(cells[j].text) and _CJK1.match(cells[j + 1].text):
            j += 1
        # the longest letter-spaced status word starting here: 序 时 推 进 / 正 常
        q = next((q for q in range(j, i, -1) if _STATUS_WORD_RE.match("".join(x.text for x in cells[i : q + 1]))), i)
        for k in range(i + 1, q + 1):
            c = _join(c, cells[k])
        i = q
        if out and out[-1].text.endswith(_JOIN_END):
            out[-1] = _join(out[-1], c)
        else:
            out.append(c)
        i += 1
    return out


def _cell_text(text: str, toks: list[Cell]) -> str:
    """The words of one cell joined as the page has them: spaces within a line, a newline where the cell wrapped."""
    out = toks[0].text
    for a, b in zip(toks, toks[1:], strict=False):
        gap = text[a.end : b.start] if a.end <= b.start else "\n"
        out += (gap if gap and not gap.strip() and "\n" not in gap else "\n") + b.text
    return out


def _row_dict(
    text: str, roles: list[str | None], cells: list[list[Cell | None]], serial: Cell | None
) -> dict[str, Cell]:
    """A row by role; two columns of one role (two unit columns) join with a newline."""
    row: dict[str, Cell] = {}
    if serial is not None:
        row["number"] = serial
    for role, toks in zip(roles, cells, strict=False):
        toks = [t for t in toks if t is not None and t.text]
        if not role or not toks:
            continue
        c = Cell(_cell_text(text, toks), toks[0].start, toks[-1].end)
        if role in row:
            if role in ("unit", "co_units", "completion", "category"):
                prev = row[role]
                row[role] = Cell(prev.text + "\n" + c.text, prev.start, c.end)
            continue
        row[role] = c
    return row


def _align(cells: list[Cell], roles: list[str | None]) -> list[list[Cell | None]]:
    if not roles:
        return []
    cap = min(MAX_ROW_CELLS, 3 * len(roles))
    if len(cells) > cap:  # a runaway row: its tail is one cell (the alignment is linear in the cells)
        cells = cells[: cap - 1] + [
            Cell(" ".join(c.text for c in cells[cap - 1 :]), cells[cap - 1].start, cells[-1].end)
        ]
    s = Stream(list(cells), [None] * len(cells), [0] * len(cells), 0, False)
    return align_cells(s, roles, 0, len(cells))


def _grid(text: str, hdr: list[Cell], roles: list[str | None], reader: _Rows) -> Grid | None:
    has_num = "number" in roles
    body_roles = [r for r in roles if r != "number"]
    g = Grid(roles, hdr)
    for ri, cells in enumerate(reader.rows):
        if ri in reader.sections:
            g.rows.append({"_section": cells[0]})
            continue
        serial, k = None, reader.serial_at(cells) if has_num else None
        before: list[Cell] = []
        if k is not None:
            before, serial, cells = cells[:k], cells[k], cells[k + 1 :]
        if reader.delim and len(before) + len(cells) == len(body_roles):
            aligned: list[list[Cell | None]] = [[c] for c in before + cells]
        elif k is not None and reader.num_pos:  # the cells before and after the row number, each to their columns
            aligned = _align(before, body_roles[: reader.num_pos]) + _align(cells, body_roles[reader.num_pos :])
        else:
            aligned = _align(cells, body_roles)
        row = _row_dict(text, body_roles, aligned, serial)
        if row.get("task") or row.get("completion"):
            g.rows.append(row)
    if not any("_section" not in r for r in g.rows):
        return None
    g.consumed = set(reader.used)
    g.end_offset = max(c.end for r in g.rows for c in r.values())
    return g


def line_grid(doc: Document, paras: Paras) -> Grid | None:
    """The first header of labels whose following lines read as rows (see the module docstring)."""
    tries = 0
    for k, (_bi, p) in enumerate(paras):
        t = p.text
        if len(t) > MAX_LINE or not t.strip() or outline_label(normalize(t)):
            continue
        delim = _delim_of(t)
        if delim is None and len(_SPACE_SPLIT.findall(t.strip())) < 2:
            continue
        if len(_HINT_RE.findall(_SPACE_SPLIT.sub("", t))) < 3:
            continue  # a header line holds three label words at least: cheap test before the words are put together
        tries += 1
        if tries > MAX_HEADER_TRIES:
            break
        found = _header_at(paras, k, delim)
        if found is None:
            continue
        hdr, roles, taken = found
        framed = bool(delim) and t.strip().startswith(delim)
        reader = _Rows(len(roles), delim, framed, "number" in roles, roles.index("number") if "number" in roles else 0)
        dropped: list[tuple[int, int]] = []
        for j in range(k + taken, len(paras)):
            bj, q = paras[j]
            qt = q.text.strip()
            if not qt:
                continue
            if _RULE_LINE.match(qt):
                reader.used.append(bj)
                continue
            n = normalize(qt)
            if is_chrome(qt) or is_form_line(n):
                break
            if _SUMMARY_ROW_RE.match(n) and reader.rows:
                reader.used.append(bj)  # 合计 / 备注 under the table: dropped, and the table ends
                dropped.append((q.start, q.end))
                break
            if not reader.add(bj, q.text, q.start):
                break
        g = _grid(doc.text, hdr, roles, reader)
        if g is not None:
            g.consumed |= {paras[k + x][0] for x in range(taken)}
            g.dropped = dropped
            return g
    return None
