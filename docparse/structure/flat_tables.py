"""Tables flattened to one paragraph per cell (disclosure web pages): a header run of column names, then the cells.

Rows start at the row numbers when there is a 序号 column; the cells of a row (a cell may hold several
paragraphs, an empty cell may be an empty paragraph or missing) are aligned to the columns by what each
cell looks like (cells.cell_fit), so no cell shifts into the wrong field."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Cell, Paragraph
from ..text import normalize
from .cells import EMPTY_COST, cell_fit, gap_cost
from .grids import Grid, Paras
from .metadata import is_form_line
from .outline import outline_label
from .vocabulary import IND_NAME_HDR, IND_UNIT_HDR, IND_VALUE_HDR, column_role, header_core, indicator_roles, is_chrome

MAX_CELL_PARAS = 14
MAX_FLAT_CELLS = 4000  # paragraphs of one flattened table (the alignment is linear in them)
MAX_HEADER_TRIES = 12
_MAX_HEADER_CELLS = 12
_ROW_NO_RE = re.compile(r"^\s*(\d{1,5})\s*$")
_BRACKETED_RE = re.compile(r"[(（].*[)）]")
NEG = float("-inf")
Tokens = list[Cell | None]
Row = dict[str, Cell]


@dataclass
class Stream:
    """The paragraphs after a flattened header as cells (None = an empty cell shown by extra blank lines)."""

    tokens: Tokens
    tok_bi: list[int | None]  # block index of each token
    tgap: list[int]  # blank lines after each token (placeholders: the usual gap)
    base: int  # the usual number of blank lines between cells
    capped: bool  # the stream stopped at the cap, not at the end of the table


def is_header_cell(t: str) -> bool:
    if len(t) > 24 or re.search(r"[:：]\s*\S", t) or outline_label(normalize(t)):
        return False
    core = header_core(t)
    return bool(column_role(t) or IND_VALUE_HDR.match(core) or IND_UNIT_HDR.match(core) or IND_NAME_HDR.match(core))


def flat_header_roles(texts: list[str]) -> list[str | None] | None:
    """Roles of a flattened header run; the longest prefix that is a header wins (the run may take in a cell)."""
    for n in range(len(texts), 2, -1):
        sub = texts[:n]
        ind = indicator_roles(sub)
        if ind is not None and "task" in ind and "target_value" in ind:
            return ind
        roles = [column_role(c) for c in sub]
        named = [r for r in roles if r]
        if len(named) == len(set(named)) and len(set(named)) >= 3 and ({"task", "completion"} & set(named)):
            return roles
    return None


def _stream_paragraphs(paras: Paras, start_k: int, cap: int | None) -> tuple[Paras, list[int], bool]:
    """The non-blank paragraphs of the table (until page chrome or a form line) and the blank lines between them."""
    stream: Paras = []
    gaps: list[int] = []
    blank = 0
    for k in range(start_k, len(paras)):
        bi, p = paras[k]
        t = p.text.strip()
        if not t:
            blank += 1
            continue
        if cap is not None and len(stream) >= cap:
            return stream, gaps, True
        if is_chrome(t) or is_form_line(normalize(t)):
            break
        if stream:
            gaps.append(blank)
        stream.append((bi, p))
        blank = 0
    return stream, gaps, False


def flat_stream(paras: Paras, start_k: int, ncols: int, cap: int | None) -> Stream:
    """The cells after a flattened header: a gap of blank lines wider than usual stands for empty cells."""
    stream, gaps, capped = _stream_paragraphs(paras, start_k, cap)
    base = Counter(gaps[:200]).most_common(1)[0][0] if gaps else 0
    s = Stream([], [], [], base, capped)
    for idx, (bi, p) in enumerate(stream):
        t = p.text.strip()
        lead = len(p.text) - len(p.text.lstrip())
        s.tokens.append(Cell(t, p.start + lead, p.start + lead + len(t)))
        s.tok_bi.append(bi)
        gap = gaps[idx] if idx < len(gaps) else base
        empties = (gap - base) // (base + 1) if gap > base else 0
        s.tgap.append(gap if not empties else base)
        for _ in range(min(empties, ncols)):
            s.tokens.append(None)
            s.tok_bi.append(None)
            s.tgap.append(base)
    return s


def align_cells(s: Stream, roles: list[str | None], lo: int, hi: int) -> list[Tokens]:
    """Best split of tokens[lo:hi] into len(roles) consecutive (possibly empty) cells."""
    m = len(roles)
    size = hi - lo
    best = [[NEG] * (m + 1) for _ in range(size + 1)]
    back = [[0] * (m + 1) for _ in range(size + 1)]
    best[0][0] = 0.0
    for c in range(m):
        for i in range(size + 1):
            if best[i][c] == NEG:
                continue
            for j in range(i, min(size, i + MAX_CELL_PARAS) + 1):
                if c == m - 1 and j != size:
                    continue
                v = (
                    best[i][c]
                    + cell_fit(roles[c], s.tokens[lo + i : lo + j])
                    + gap_cost(s.tgap, s.base, lo + i, lo + j, c < m - 1 and j > i)
                )
                if v > best[j][c + 1]:
                    best[j][c + 1] = v
                    back[j][c + 1] = i
    if best[size][m] == NEG:  # more paragraphs than the cells can hold: the last cell takes the rest
        cells: list[Tokens] = [[] for _ in range(m)]
        cells[-1] = s.tokens[lo:hi]
        return cells
    out: list[Tokens] = []
    j = size
    for c in range(m, 0, -1):
        i = back[j][c]
        out.append(s.tokens[lo + i : lo + j])
        j = i
    return out[::-1]


def _align_score(s: Stream, roles: list[str | None], lo: int, hi: int) -> float:
    cells = align_cells(s, roles, lo, hi)
    return sum(cell_fit(r, c) for r, c in zip(roles, cells, strict=False))


def row_of(roles: list[str | None], cells: list[Tokens], serial: Cell | None) -> Row:
    """A row from its aligned cells (the paragraphs of a cell joined by newlines)."""
    row: Row = {}
    if serial is not None:
        row["number"] = serial
    for role, toks in zip(roles, cells, strict=False):
        toks = [t for t in toks if t is not None]
        if not role or not toks or role in row:
            continue
        row[role] = Cell("\n".join(t.text for t in toks), toks[0].start, toks[-1].end)
    return row


# ------------------------------------------------------------------ rows with a 序号 column
def _row_starts(tokens: Tokens, ncols: int) -> tuple[list[int], set[int]]:
    """Token indexes of the row numbers 1, 2, 3 …, and the indexes k of starts whose preceding segment holds two
    rows (a row number was dropped)."""
    starts: list[int] = []
    missing: set[int] = set()
    expect = None
    for i, tok in enumerate(tokens):
        if tok is None:
            continue
        m = _ROW_NO_RE.match(tok.text)
        if starts and i - starts[-1] > MAX_CELL_PARAS * ncols * (2 if len(starts) in missing else 1):
            break  # no next row number within a row's reach: the table ended
        no = int(m.group(1)) if m else None
        if (
            no is not None
            and expect is not None
            and starts
            and no == expect + 1
            and i - starts[-1] > ncols
            and len(starts) not in missing
        ):
            missing.add(len(starts))  # the row number before this one was dropped: two rows in the last segment
            starts.append(i)
            expect = no + 1
            continue
        if no is not None and (expect is None or no == expect) and (expect is not None or no <= 1 or not starts):
            if expect is None and i != 0 and not starts:
                break
            starts.append(i)
            expect = no + 1
        elif not starts:
            break
    return starts, missing


def _two_rows(s: Stream, roles: list[str | None], a: int, b: int) -> list[Row] | None:
    """The segment after row number tokens[a] holds two rows: split it where both align best."""
    best_split, best_v = None, NEG
    for cut in range(a + 2, b):
        v = _align_score(s, roles, a + 1, cut) + _align_score(s, roles, cut, b)
        if v > best_v:
            best_split, best_v = cut, v
    if best_split is None:
        return None
    tokens = s.tokens
    first = row_of(roles, align_cells(s, roles, a + 1, best_split), tokens[a])
    number = str(int(tokens[a].text.strip()) + 1)
    at = tokens[best_split].start if tokens[best_split] is not None else tokens[a].end
    second = row_of(roles, align_cells(s, roles, best_split, b), Cell(number, at, at))
    second["_warning"] = Cell(f"序号{number}缺失，按列数补出", at, at)
    return [first, second]


def _numbered_rows(s: Stream, roles: list[str | None]) -> tuple[list[Row], int]:
    starts, missing = _row_starts(s.tokens, len(roles))
    if not starts:
        return [], 0
    end = len(s.tokens)
    # after the last row: at most one row's worth of paragraphs (the rest is text after the table)
    last_cells = align_cells(s, roles, starts[-1] + 1, min(end, starts[-1] + 1 + MAX_CELL_PARAS * 2))
    bounds = starts + [min(end, starts[-1] + 1 + sum(len(c) for c in last_cells))]
    rows: list[Row] = []
    for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        pair = _two_rows(s, roles, a, b) if k + 1 in missing else None  # resynchronise on the column count
        if pair is not None:
            rows.extend(pair)
        else:
            rows.append(row_of(roles, align_cells(s, roles, a + 1, b), s.tokens[a]))
    return rows, bounds[-1]


# ------------------------------------------------------------------ rows without 序号
def _cyclic_table(s: Stream, roles: list[str | None], req: int):
    """Dynamic programme over (token, column): the whole stream aligned cyclically to the columns."""
    m, n = len(roles), len(s.tokens)
    best = [[NEG] * m for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * m for _ in range(n + 1)]
    best[0][0] = 0.0
    order = [(req + 1 + x) % m for x in range(m)]  # within one position, columns after the required one first
    for i in range(n + 1):
        for c in order:
            if best[i][c] == NEG:
                continue
            nc = (c + 1) % m
            for j in range(i, min(n, i + MAX_CELL_PARAS) + 1):
                if c == req and j == i:
                    continue
                v = best[i][c] + cell_fit(roles[c], s.tokens[i:j]) + gap_cost(s.tgap, s.base, i, j, j > i)
                if v > best[j][nc]:
                    best[j][nc] = v
                    back[j][nc] = (i, c)
    return best, back


def _cyclic_rows(s: Stream, roles: list[str | None]) -> tuple[list[Row], int]:
    m, n = len(roles), len(s.tokens)
    req = roles.index("task") if "task" in roles else (roles.index("completion") if "completion" in roles else 0)
    best, back = _cyclic_table(s, roles, req)
    # end at the last complete row (or fill the missing cells of the last one)
    end_c, end_v = 0, best[n][0]
    for c in range(1, m):
        if best[n][c] == NEG:
            continue
        v = best[n][c] + sum(EMPTY_COST.get(roles[x] or "", -0.3) for x in range(c, m))
        if v > end_v:
            end_c, end_v = c, v
    if end_v == NEG:
        return [], 0
    spans: list[tuple[int, int, int]] = []  # (column, i, j)
    j, c = n, end_c
    while back[j][c] is not None:
        i, pc = back[j][c]
        spans.append((pc, i, j))
        j, c = i, pc
    rows: list[Row] = []
    cur: list[Tokens] = []
    for col, i, jj in reversed(spans):
        cur.append(s.tokens[i:jj])
        if col == m - 1:
            rows.append(row_of(roles, cur, None))
            cur = []
    if cur:
        rows.append(row_of(roles, cur + [[] for _ in range(m - len(cur))], None))
    return [r for r in rows if r.get("task") or r.get("completion")], n


def flat_rows(s: Stream, roles: list[str | None], has_num: bool) -> tuple[list[Row], int]:
    """Rows of a flattened table -> (rows as role -> Cell, tokens consumed)."""
    return _numbered_rows(s, roles) if has_num else _cyclic_rows(s, roles)


# ------------------------------------------------------------------ the table
def _header_run(items: list[tuple[int, int, Paragraph]], ii: int) -> tuple[list[Cell], list[str], set[int], int]:
    """(header cells, their texts, block indexes used, index after the run) of the header cells from items[ii]."""
    hdr: list[Cell] = []
    texts: list[str] = []
    used: set[int] = set()
    j = ii
    while j < len(items):
        _k, bi, p = items[j]
        t = p.text.strip()
        if _BRACKETED_RE.fullmatch(normalize(t)) and hdr:  # "（万元）" under its column name
            c = hdr[-1]
            hdr[-1] = Cell(c.text + t, c.start, p.end)
            texts[-1] = texts[-1] + t
        elif (
            hdr
            and not is_header_cell(t)
            and len(t) <= 3
            and j + 1 < len(items)
            and is_header_cell(t + items[j + 1][2].text.strip())
        ):
            nxt = items[j + 1][2]  # a header word broken over two paragraphs: "牵头" / "责任单位"
            lead = len(p.text) - len(p.text.lstrip())
            hdr.append(Cell(t + nxt.text.strip(), p.start + lead, nxt.start + len(nxt.text.rstrip())))
            texts.append(t + nxt.text.strip())
            used.update((bi, items[j + 1][1]))
            j += 2
            continue
        elif not is_header_cell(t) or len(hdr) >= _MAX_HEADER_CELLS:
            break
        else:
            lead = len(p.text) - len(p.text.lstrip())
            hdr.append(Cell(t, p.start + lead, p.start + lead + len(t)))
            texts.append(t)
        used.add(bi)
        j += 1
    return hdr, texts, used, j


def _read_body(paras: Paras, start_k: int, roles: list[str | None]) -> tuple[Stream, list[Row], int]:
    has_num = "number" in roles
    body_roles = [r for r in roles if r != "number"]
    s = flat_stream(paras, start_k, len(body_roles), MAX_FLAT_CELLS)
    if not s.tokens:
        return s, [], 0
    rows, consumed = flat_rows(s, body_roles, has_num)
    if rows and has_num and s.capped and consumed >= len(s.tokens) - MAX_CELL_PARAS * len(roles):
        # a long numbered table: its rows are aligned one by one, so the whole of it can be read
        s = flat_stream(paras, start_k, len(body_roles), None)
        rows, consumed = flat_rows(s, body_roles, has_num)
    return s, rows, consumed


def _flat_grid(paras: Paras, start_k: int, hdr: list[Cell], roles: list[str | None], used: set[int]) -> Grid | None:
    while roles and roles[-1] is None:  # a trailing non-header paragraph was taken in
        roles.pop()
        hdr.pop()
    s, rows, consumed = _read_body(paras, start_k, roles)
    if not rows:
        return None
    g = Grid(roles, hdr)
    g.rows.extend(rows)
    used.update(bi for bi in s.tok_bi[:consumed] if bi is not None)
    g.consumed = used
    last = next((s.tokens[ti] for ti in range(consumed - 1, -1, -1) if s.tokens[ti] is not None), None)
    g.end_offset = last.end if last is not None else hdr[-1].end
    return g


def paragraph_grid(paras: Paras) -> Grid | None:
    """A table flattened to one cell per paragraph: the first header run (of a few tried) whose body reads as rows."""
    items = [(k, bi, p) for k, (bi, p) in enumerate(paras) if p.text.strip()]
    attempts = 0
    for ii in range(len(items)):
        if not is_header_cell(items[ii][2].text):
            continue
        if attempts >= MAX_HEADER_TRIES:
            break
        hdr, texts, used, j = _header_run(items, ii)
        roles = flat_header_roles(texts)
        if roles is None:
            continue
        attempts += 1
        g = _flat_grid(paras, items[j - 1][0] + 1 if j > 0 else 0, hdr, roles, used)
        if g is not None:
            return g
    return None
