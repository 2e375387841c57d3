"""Tables: a header row names the columns (责任单位 -> unit), the rows become role -> Cell.

Four layouts are read: real tables (docx/xlsx/html), tab-separated text (one header line, or cells on
lines of their own), pipe- or tab-separated rows with no header, and tables flattened to one paragraph per
cell (flat_tables)."""

from __future__ import annotations

import re
from collections import Counter

from ..dates import find_as_of
from ..model import Cell, Document, Paragraph, Table
from ..text import normalize
from .cells import cell_fit
from .metadata import UNIT_META_RE, is_form_line
from .outline import CN_NUMERALS, outline_label
from .vocabulary import BOOKMARK_RE, DATE_LINE_RE, ORG_RE, SERIAL_RE, column_role, header_core, header_roles

Paras = list[tuple[int, Paragraph]]
SUMMARY_ROW_RE = re.compile(r"^\s*(合\s*计|总\s*计|小\s*计|备\s*注|注\s*[:：0-9１-９]|说\s*明|填表说明)")
_CN_SERIAL_RE = re.compile(rf"^\s*(?:第[{CN_NUMERALS}]+部分|[(（]?[{CN_NUMERALS}]{{1,3}}[)）]?[、.．]?)\s*$")
_PERIOD_WORDS_RE = re.compile(r"截[至止]|月底|月末|\d+月|季度|年度|上半年")
_DELIMS = ("|", "｜", "\t")


class Grid:
    """A recognized table: header (roles + texts) and rows as role -> Cell."""

    def __init__(self, roles: list[str | None], header: list[Cell]):
        self.roles = roles
        self.header = header
        self.rows: list[dict[str, Cell]] = []
        self.consumed: set[int] = set()  # paragraph indexes used by the table
        self.dropped: list[tuple[int, int]] = []  # offsets of rows dropped (合计 / 备注): no tasks, no indicators
        self.end_offset = 0


def cells_to_row(roles: list[str | None], cells: list[Cell]) -> dict[str, Cell]:
    """A row's cells by role; two columns of one role join into one cell."""
    row: dict[str, Cell] = {}
    for role, c in zip(roles, cells, strict=False):
        if role and role not in row:
            row[role] = c
        elif role and c.text.strip():
            prev = row[role]
            row[role] = Cell(prev.text + "\n" + c.text, prev.start, c.end)
    return row


def _padded(cells: list[Cell], n: int) -> list[Cell]:
    return cells + [Cell("", cells[-1].end, cells[-1].end)] * (n - len(cells))


# ------------------------------------------------------------------ real tables
def is_subheader(row: list[Cell]) -> bool:
    """Second header row under a merged header: '完成情况' over '截至6月底' / '是否完成'."""
    own = [c for c in row if c.text.strip() and not c.continued]
    if not own:
        return False
    for c in own:
        t = c.text.strip()
        if SERIAL_RE.match(t) or len(header_core(t)) > 20 or "。" in t or outline_label(normalize(t)):
            return False
        if not (column_role(t) or find_as_of(t, 2000) or _PERIOD_WORDS_RE.search(t)):
            return False
    return True


def combine_header(top: list[Cell], sub: list[Cell]) -> list[Cell]:
    """One header from a merged header row and the row beneath it (the sub-header names a column when it can)."""
    out: list[Cell] = []
    last_top: Cell | None = None
    for i in range(max(len(top), len(sub))):
        t = top[i] if i < len(top) else None
        b = sub[i] if i < len(sub) else None
        if t is not None and t.text.strip():
            last_top = t
        elif (
            t is not None
            and not t.continued
            and last_top is not None
            and b is not None
            and b.text.strip()
            and not b.continued
        ):
            t = last_top  # horizontally spanned header cell: its text sits in the first spanned column
        tt = t.text.strip() if t is not None else ""
        bt = b.text.strip() if b is not None and not b.continued else ""
        if bt and column_role(bt):
            out.append(Cell(bt, b.start, b.end))
        elif bt and tt:
            out.append(Cell(tt + " " + bt, min(t.start, b.start), max(t.end, b.end)))
        elif t is not None:
            out.append(Cell(tt, t.start, t.end))
        else:
            out.append(Cell(bt, b.start, b.end))
    return out


def _lone_cell_row(roles: list[str | None], i: int, c: Cell) -> Cell | None:
    t = c.text.strip()
    n = normalize(t)
    lab = outline_label(n)
    if SUMMARY_ROW_RE.match(n) or (ORG_RE.match(n) and not lab) or DATE_LINE_RE.fullmatch(n):
        return Cell("", c.start, c.start)  # 合计/备注, the issuer and the date under the table
    role = roles[i] if i < len(roles) else None
    if (
        len(t) <= 60
        and not t.endswith("。")
        and ((lab and lab[0] in ("chapter", "cn", "pcn")) or role in (None, "number", "category"))
    ):
        if role == "category" and roles[0] == "category":
            return None  # handled as a category cell
        return c
    return None


def section_row(roles: list[str | None], r: list[Cell]) -> Cell | None:
    """A row that is a sub-heading inside the table ("一、民生实事项目" spanning all columns, or 序号 "一" with a
    category name and nothing else) -> Cell holding the heading; Cell("") for a row to drop (合计/备注)."""
    own = [(i, c) for i, c in enumerate(r) if c.text.strip() and not c.continued]
    if not own or len(r) <= 2:
        return None
    if len(own) == 1:
        return _lone_cell_row(roles, *own[0])
    if len(own) == 2 and "number" in roles and "task" in roles:
        (i1, c1), (i2, c2) = own
        role_of = lambda i: roles[i] if i < len(roles) else None  # noqa: E731
        if (
            role_of(i1) == "number"
            and role_of(i2) == "task"
            and _CN_SERIAL_RE.match(normalize(c1.text))
            and len(c2.text.strip()) <= 40
            and "。" not in c2.text
        ):
            return Cell(c1.text.strip() + c2.text.strip(), c1.start, c2.end)
    return None


def _table_header(blk: Table, ri: int) -> tuple[list[Cell], list[str | None] | None, int]:
    """(header cells, roles or None, rows it takes) for row ``ri``, joined with a sub-header row beneath it."""
    row = blk.rows[ri]
    texts = [c.text for c in row]
    roles = header_roles(texts)
    nxt = blk.rows[ri + 1] if ri + 1 < len(blk.rows) else None
    if (
        nxt is not None
        and len({column_role(t) for t in texts} - {None}) >= 2
        and not header_roles(["" if c.continued else c.text for c in nxt])
        and is_subheader(nxt)
    ):
        combined = combine_header(row, nxt)
        croles = header_roles([c.text for c in combined])
        if croles or roles:
            return combined, croles or roles, 2
    return row, roles, 1


def _is_sign_off(r: list[Cell]) -> bool:
    first = next((c.text for c in r if c.text.strip()), "")
    return is_form_line(normalize(first)) or (
        ("签发人" in first or "填报人" in first) and bool(UNIT_META_RE.match(normalize(first)))
    )


def _is_stray_row(roles: list[str | None], r: list[Cell]) -> bool:
    """A row holding one cell that is not its task (a note spanning the columns)."""
    if len([c for c in r if c.text.strip()]) != 1 or len(r) <= 2 or "task" not in roles or roles[0] == "category":
        return False
    ti = roles.index("task")
    return not (ti < len(r) and r[ti].text.strip())


def _table_rows(g: Grid, data: list[list[Cell]]) -> None:
    roles = g.roles
    for r in data:
        if not any(c.text.strip() for c in r) or header_roles([c.text for c in r]) or _is_sign_off(r):
            continue  # empty, a repeated header, a unit's sign-off line
        sec = section_row(roles, r)
        if sec is not None:
            if sec.text:
                g.rows.append({"_section": sec})
            continue
        if not _is_stray_row(roles, r):
            g.rows.append(cells_to_row(roles, r))


def grid_from_tables(doc: Document) -> tuple[Grid, int, int] | None:
    """The first real table with a header in its first ten rows -> (grid, block index, header row index)."""
    for bi, blk in enumerate(doc.blocks):
        if not isinstance(blk, Table):
            continue
        for ri in range(min(10, len(blk.rows))):
            header, roles, skip_rows = _table_header(blk, ri)
            if not roles:
                continue
            data = blk.rows[ri + skip_rows :]
            # unlabeled first column (category) when header cell is empty
            if roles[0] is None and not header[0].text.strip() and any(r[0].text.strip() for r in data if r):
                roles[0] = "category"
            g = Grid(roles, header)
            _table_rows(g, data)
            g.end_offset = blk.end
            return g, bi, ri
    return None


# ------------------------------------------------------------------ tab-separated text
class _TabCells:
    """Cells of a table flattened with tab-prefixed cells; a cell runs on over the lines without a tab."""

    def __init__(self, text: str):
        self.text = text
        self.cells: list[tuple[Cell, bool]] = []  # (cell, preceded_by_blank)
        self.used: set[int] = set()
        self.cur: list[int] | None = None  # [start, end] of the open cell
        self.cur_blank = False
        self.prev_blank = False

    def close(self) -> None:
        if self.cur is not None:
            a, b = self.cur
            self.cells.append((Cell(self.text[a:b].strip(), a, b), self.cur_blank))

    def tabbed(self, p: Paragraph) -> None:
        segs = p.text.split("\t")
        off = p.start + len(segs[0]) + 1
        for si, seg in enumerate(segs[1:]):
            self.close()
            self.cur = [off, off + len(seg.rstrip())]
            self.cur_blank = self.prev_blank if si == 0 else False
            off += len(seg) + 1
        self.prev_blank = False

    def read(self, paras: Paras, k: int) -> list[tuple[Cell, bool]]:
        for j in range(k, len(paras)):
            bj, pj = paras[j]
            line = pj.text
            if j > k and is_form_line(normalize(BOOKMARK_RE.sub("", line))):
                break
            if line.startswith("\t") or ("\t" in line and self.cur is None):
                self.tabbed(pj)
            elif not line.strip():
                self.prev_blank = True
            elif self.cur is not None:
                self.cur[1] = pj.start + len(line.rstrip())
                self.prev_blank = False
            else:
                break
            self.used.add(bj)
        self.close()
        return [(self._trimmed(c), bl) for c, bl in self.cells]

    def _trimmed(self, c: Cell) -> Cell:
        raw = self.text[c.start : c.end]
        s = c.start + len(raw) - len(raw.lstrip())
        e = s + len(raw.strip())
        return Cell(self.text[s:e], s, e)


def _rows_by_blank_lines(data: list[tuple[Cell, bool]], h: int) -> tuple[list[list[Cell]], int]:
    """(rows, column count): rows start after a blank line; a row short of the usual count takes in the next group."""
    groups: list[list[Cell]] = []
    for c, bl in data:
        if bl or not groups:
            groups.append([c])
        else:
            groups[-1].append(c)
    sizes = Counter(len(g) for g in groups if h <= len(g) <= h + 1)
    ncols = sizes.most_common(1)[0][0] if sizes else h
    merged: list[list[Cell]] = []
    for gcells in groups:
        if merged and len(merged[-1]) < ncols and len(merged[-1]) + len(gcells) <= ncols:
            merged[-1] = merged[-1] + gcells  # blank line inside a cell: this group continues the previous row
            continue
        merged.append(gcells)
    return merged, ncols


def _tab_cells_grid(cells: list[tuple[Cell, bool]], used: set[int]) -> Grid | None:
    """Mode B: the leading cells that name columns are the header, the rest are the rows."""
    h = 0
    roles: list[str | None] = []
    while h < len(cells) and column_role(cells[h][0].text) and (h == 0 or not cells[h][1]):
        roles.append(column_role(cells[h][0].text))
        h += 1
    if len(set(r for r in roles if r)) < 3:
        return None
    header = [c for c, _ in cells[:h]]
    rows, ncols = _rows_by_blank_lines(cells[h:], h)
    if ncols == h + 1:  # one more cell per row than header cells: an unlabeled category column
        roles = ["category"] + roles
        header = [Cell("", header[0].start, header[0].start)] + header
    g = Grid(roles, header)
    for r in rows:
        g.rows.append(cells_to_row(roles, _padded(r, len(roles)) if len(r) < len(roles) else r))
    g.consumed = used
    g.end_offset = rows[-1][-1].end if rows else header[-1].end
    return g


def _split_tabs(p: Paragraph, strip_lead: bool) -> list[Cell]:
    cells = []
    off = p.start
    for seg in p.text.split("\t"):
        lead = len(seg) - len(seg.lstrip()) if strip_lead else 0
        end = off + lead + len(seg.strip()) if strip_lead else off + len(seg)
        cells.append(Cell(seg.strip(), off + lead, end))
        off += len(seg) + 1
    return cells


def _tab_rows_mode_a(doc: Document, paras: Paras, k: int, roles: list[str | None]) -> Grid:
    """Mode A: the whole header on one line, then one line per row (a line without tabs continues the row)."""
    bi, p = paras[k]
    g = Grid(roles, _split_tabs(p, strip_lead=False))
    g.consumed.add(bi)
    for j in range(k + 1, len(paras)):
        bj, pj = paras[j]
        if not pj.text.strip():
            g.consumed.add(bj)
            continue
        if "\t" not in pj.text:
            if not g.rows or is_form_line(normalize(pj.text)):
                break
            # continuation of the last non-empty cell of the previous row
            row = g.rows[-1]
            lastrole = max(row, key=lambda r: row[r].end)
            c = row[lastrole]
            row[lastrole] = Cell(doc.text[c.start : pj.end].strip(), c.start, pj.end)
            g.consumed.add(bj)
            continue
        cells = _split_tabs(pj, strip_lead=True)
        if len(cells) == len(roles) + 1 and g.roles[0] != "category":
            g.roles = ["category"] + g.roles
        g.rows.append(cells_to_row(g.roles, cells))
        g.consumed.add(bj)
        g.end_offset = pj.end
    return g


def tab_grid(doc: Document, paras: Paras) -> Grid | None:
    """Tables flattened to text with tab-prefixed cells (cells may span lines)."""
    for k, (_bi, p) in enumerate(paras):
        if "\t" not in p.text:
            continue
        line_cells = p.text.split("\t")
        if len([c for c in line_cells if c.strip()]) >= 3:
            roles = header_roles(line_cells)
            if roles:
                return _tab_rows_mode_a(doc, paras, k, roles)
        if not p.text.startswith("\t") or column_role(line_cells[1] if len(line_cells) > 1 else "") is None:
            continue
        reader = _TabCells(doc.text)
        g = _tab_cells_grid(reader.read(paras, k), reader.used)
        if g is not None:
            return g
    return None


# ------------------------------------------------------------------ delimited rows without a header
def _field(buf: list[tuple[str, int]], pos: int | None) -> Cell:
    if pos is None:
        return Cell("", 0, 0)
    return Cell("".join(t for t, _ in buf), pos, buf[-1][1])


def _fields(lines: Paras, delim: str) -> int:
    return sum(p.text.count(delim) for _, p in lines) + 1


def _row_cells(lines: Paras, delim: str) -> list[Cell]:
    """The cells of one delimited row (it may run over several lines)."""
    cells: list[Cell] = []
    pos = None  # start of the current field
    buf: list[tuple[str, int]] = []
    for _bi, p in lines:
        off = p.start
        for si, seg in enumerate(p.text.split(delim)):
            if si > 0:
                cells.append(_field(buf, pos))
                buf, pos = [], None
            lead = len(seg) - len(seg.lstrip())
            if seg.strip():
                if pos is None:
                    pos = off + lead
                buf.append((seg.strip(), off + lead + len(seg.strip())))
            off += len(seg) + len(delim)
    cells.append(_field(buf, pos))
    while cells and not cells[0].text and cells[0].start == cells[0].end == 0:
        cells.pop(0)
    return cells


class _DelimitedRows:
    def __init__(self, delim: str, expected: int):
        self.delim, self.expected = delim, expected
        self.rows: list[list[Cell]] = []
        self.used: set[int] = set()
        self.cur: Paras = []

    def close(self) -> None:
        if self.cur:
            cells = _row_cells(self.cur, self.delim)
            if len([c for c in cells if c.text]) >= 3:
                self.rows.append(cells)
            self.cur = []

    def take(self, bi: int, p: Paragraph) -> None:
        self.cur.append((bi, p))
        self.used.add(bi)

    def read(self, paras: Paras) -> list[list[Cell]]:
        delim, started, last_row_end = self.delim, False, None
        for k, (bi, p) in enumerate(paras):
            t = p.text.strip()
            if not t:
                continue
            if t == delim.strip() and delim.strip():  # a line holding just the delimiter ends a row
                self.close()
                self.used.add(bi)
                started = True
            elif delim in p.text:
                if self.cur and _fields(self.cur, delim) >= self.expected:
                    self.close()
                self.take(bi, p)
                started, last_row_end = True, k
            elif (
                started
                and self.cur
                and last_row_end == k - 1
                and _fields(self.cur, delim) < self.expected
                and len(t) <= 80
            ):
                self.take(bi, p)  # a wrapped row
                last_row_end = k
            elif started:
                self.close()
                if self.rows:
                    break
        self.close()
        return self.rows


def _delimited_table(paras: Paras, delim: str) -> Grid | None:
    lines = [(bi, p) for bi, p in paras if delim in p.text]
    if len(lines) < 2:
        return None
    expected = max(p.text.count(delim) + 1 for _, p in lines)
    if expected < 3:
        return None
    reader = _DelimitedRows(delim, expected)
    rows = reader.read(paras)
    if len(rows) < 2:
        return None
    ncols = Counter(len(r) for r in rows).most_common(1)[0][0]
    if ncols < 3 or sum(1 for r in rows if len(r) == ncols) < len(rows) * 0.6:
        return None
    roles = guess_roles([r + [Cell("", 0, 0)] * (ncols - len(r)) for r in rows], ncols)
    if roles is None:
        return None
    g = Grid(roles, [Cell("", rows[0][0].start, rows[0][0].start) for _ in roles])
    for r in rows:
        g.rows.append(cells_to_row(roles, _padded(r[:ncols], ncols)))
    g.consumed = reader.used
    g.end_offset = rows[-1][-1].end
    return g


def delimited_grid(paras: Paras) -> Grid | None:
    """Pipe- or tab-separated rows with no header row (rows may be split by a line holding just the delimiter and
    may wrap onto the next line); the columns are named by what their cells hold."""
    for delim in _DELIMS:
        g = _delimited_table(paras, delim)
        if g is not None:
            return g
    return None


def guess_roles(rows: list[list[Cell]], ncols: int) -> list[str | None] | None:
    """Column roles of a headerless table from its cells: 序号, 自评, 是否完成, 单位, 时限; the text columns in order are
    the task, its progress and its problems."""
    roles: list[str | None] = [None] * ncols
    for role in ("number", "self_assessment", "completed", "deadline", "unit", "co_units"):
        best, best_i = 0.0, None
        for i in range(ncols):
            if roles[i] is not None:
                continue
            vals = [r[i] for r in rows if r[i].text]
            if not vals:
                continue
            score = sum(cell_fit(role, [c]) for c in vals) / len(rows)
            if score > best:
                best, best_i = score, i
        if best_i is not None and best >= (1.0 if role != "co_units" else 1.2):
            roles[best_i] = role
    text_roles = iter(("task", "completion", "problems", "reason"))
    for i in range(ncols):
        if roles[i] is None:
            roles[i] = next(text_roles, None)
    if "task" not in roles:
        return None
    return roles
