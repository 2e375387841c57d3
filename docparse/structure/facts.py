"""The document's own facts: title, year, kind, issuer (org), as-of date, a plan's preamble, unparsed lines."""

from __future__ import annotations

import re
from collections import Counter

from ..dates import find_as_of, period_end
from ..model import Cell, Document, Paragraph, Section
from ..text import normalize
from .grids import Grid, Paras
from .metadata import KEY_RE
from .outline import outline_label
from .regions import Regions
from .vocabulary import BOOKMARK_RE, ORG_RE, TITLE_KW, YEAR_RE, is_chrome

_NOT_TITLE_START = re.compile(r"^(附件|现将|根据|为)")
_NOT_PREAMBLE_START = re.compile(r"^(附件|现将|抄送|印发)")
_ENCLOSED_TITLE_RE = re.compile(r"关于(?:印发|下发|转发|报送)?《(.+?)》")
_DATE_ONLY_RE = re.compile(r"[\d\s年月日\-./]+")
_SHORT_DATED_LINE = re.compile(r"\s*[(（]?[^。]{0,40}[)）]?\s*")
_SUMMARY_TITLE = re.compile(r"完成情况|工作情况|情况报告|汇报|进展情况|(?:推进|落实|执行|实施)情况")
_PLAN_TITLE = re.compile(r"要点|计划|方案|思路|安排|任务|意见|规划|打算|重点工作|民生实事|实事项目|清单|目标")
# a task's units written after it, as plans do: （牵头单位：…） / （责任单位：…）
_UNIT_NOTE_RE = re.compile(r"[(（](?:牵头|责任)(?:单位|科室|部门)[:：]")
_ORG_IN_TITLE = re.compile(r"^(.{2,30}?(?:卫生健康局|卫生健康委员会|卫健局|卫健委|局|委员会))")
_YEAR_KEYS = ("发文日期", "成文日期", "填报时间", "填报日期", "发布时间", "发布日期")
_ORG_KEYS = ("填报单位", "报送单位", "发布机构", "发文机关")


def _title_candidates(
    paras: Paras, consumed: set[int], pre_rows: list[list[Cell]], grid: Grid | None
) -> list[tuple[str, int | None]]:
    """The first cell of each row above the table header, then up to 25 unconsumed paragraphs above the table."""
    cands: list[tuple[str, int | None]] = []
    for row in pre_rows:
        first = next((c.text.strip() for c in row if c.text.strip()), None)
        if first:
            cands.append((first, None))
    limit = grid.header[0].start if grid is not None and grid.header else None
    count = 0
    for bi, p in paras:
        if bi in consumed:
            continue
        if limit is not None and p.start >= limit:
            break
        t = BOOKMARK_RE.sub("", p.text).strip()
        if not t:
            continue
        count += 1
        if count > 25:
            break
        cands.append((t, bi))
    return cands


def _not_title(t: str, n: str) -> bool:
    if len(n) > 70 or n.endswith(("。", "：", ":", "；")) or _NOT_TITLE_START.match(n):
        return True
    return bool(outline_label(n) or KEY_RE.search(n) or is_chrome(t) or ORG_RE.match(n) or _DATE_ONLY_RE.fullmatch(n))


def one_line_title(text: str) -> str:
    """A title set in several lines (a line break between words, as docrender and the seeds write
    long titles) as one line: CJK lines join directly, Latin words keep a space."""
    if "\n" not in text:
        return text
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += (" " if out[-1:].isascii() and out[-1:].isalnum() and p[:1].isascii() and p[:1].isalnum() else "") + p
    return out


def find_title(
    paras: Paras, consumed: set[int], pre_rows: list[list[Cell]], grid: Grid | None
) -> tuple[str | None, int | None]:
    """(title, its paragraph index or None): a 关于印发《…》 names it; else the first line with a title word
    (计划/要点/情况 …); else the first short line."""
    first_short = None
    for t, bi in _title_candidates(paras, consumed, pre_rows, grid):
        t = one_line_title(t)
        n = normalize(t)
        if _not_title(t, n):
            continue
        m = _ENCLOSED_TITLE_RE.search(t)
        if m:
            return m.group(1).strip(), bi
        if TITLE_KW.search(n):
            return t.strip("《》 "), bi
        if first_short is None and len(n) >= 6:
            first_short = (t, bi)
    return first_short or (None, None)


def find_year(title: str | None, metadata: dict[str, str], norm: str) -> int | None:
    """The year in the title, else in a dated field, else the year most named in the text."""
    m = YEAR_RE.search(normalize(title)) if title else None
    if m:
        return int(m.group(1))
    for k in _YEAR_KEYS:
        if metadata.get(k) and re.match(r"\d{4}", metadata[k]):
            return int(metadata[k][:4])
    years = Counter(int(y) for y in YEAR_RE.findall(norm[:20000]) if 1990 <= int(y) <= 2100)
    return years.most_common(1)[0][0] if years else None


def text_kind(title: str | None, norm: str) -> str:
    """A text document's kind: summary or plan (by its title, else by past or future wording)."""
    t = normalize(title or "")
    if "总结" in t or _SUMMARY_TITLE.search(t):
        return "summary"
    if _PLAN_TITLE.search(t):
        return "plan"
    head = norm[:5000]
    if len(_UNIT_NOTE_RE.findall(head)) >= 2:
        return "plan"  # tasks each followed by their lead unit: a plan, whatever its verbs
    past = len(re.findall(r"已|完成了|取得|成效|累计", head))
    future = len(re.findall(r"要|将|力争|确保|计划|推进", head))
    return "plan" if future > past * 1.5 else "summary"


def document_kind(grid: Grid | None, title: str | None, norm: str) -> str:
    """plan, summary, filing_form (是否完成 / 原因 columns) or status_table (自评 / 存在问题 / 完成情况 columns)."""
    if grid is None:
        return text_kind(title, norm)
    rs = set(r for r in grid.roles if r)
    if "self_assessment" in rs or ("problems" in rs and "completed" not in rs):
        return "status_table"
    if "completed" in rs or "reason" in rs or (title and "填报" in title):
        return "filing_form"
    return "status_table" if "completion" in rs else "plan"


def find_org(metadata: dict[str, str], paras: Paras, title: str | None) -> str | None:
    """The issuer: a 填报单位/发布机构 field, else a line naming a bureau, else the bureau the title begins with."""
    for k in _ORG_KEYS:
        if metadata.get(k):
            return metadata[k]
    for _bi, p in paras[:40] + paras[-15:]:
        n = normalize(p.text.strip())
        if 4 <= len(n) <= 30 and ORG_RE.match(n) and not outline_label(n):
            return p.text.strip()
    if title:
        m = _ORG_IN_TITLE.match(normalize(title))
        if m and not re.search(r"\d", m.group(1)):
            return title[: m.end()]
    return None


def _as_of_above_table(
    grid: Grid,
    year: int | None,
    pre_rows: list[list[Cell]],
    paras: Paras,
    consumed: set[int],
    regions: Regions,
    text_len: int,
) -> str | None:
    """A dated line above the table: "（截至2024年6月30日）" (a line of its own is consumed)."""
    as_of = None
    for row in pre_rows:
        for c in row:
            if c.text.strip() and as_of is None:
                as_of = find_as_of(c.text, year)
    limit = grid.header[0].start if grid.header else text_len
    for bi, p in paras:
        if as_of is not None or p.start >= limit:
            break
        if p.text.strip() and len(p.text) <= 80:
            as_of = find_as_of(p.text, year)
            if as_of and bi not in consumed and _SHORT_DATED_LINE.fullmatch(p.text):
                consumed.add(bi)
                regions.skip(p.start, p.end)
    return as_of


def find_as_of_date(
    grid: Grid | None,
    title: str | None,
    year: int | None,
    kind: str,
    pre_rows: list[list[Cell]],
    paras: Paras,
    consumed: set[int],
    regions: Regions,
    text_len: int,
) -> str | None:
    """The 截至 date: in the 完成情况 / 任务 header, else in the title, else above the table, else the end of the
    period a form's title names (上半年 -> 06-30)."""
    as_of = None
    if grid is not None:
        for c, r in zip(grid.header, grid.roles, strict=False):
            if r in ("completion", "task"):
                as_of = find_as_of(c.text, year)
                if as_of:
                    break
    if as_of is None and title:
        as_of = find_as_of(title, year)
    if as_of is None and grid is not None:
        as_of = _as_of_above_table(grid, year, pre_rows, paras, consumed, regions, text_len)
    if as_of is None and kind in ("filing_form", "status_table") and title:
        as_of = period_end(title, year)
    return as_of


def preamble(
    paras: Paras,
    consumed: set[int],
    title_par: int | None,
    doc: Document,
    sections: list[Section],
    grid: Grid | None,
    title: str | None = None,
) -> str | None:
    """A plan's opening paragraphs (总体思路 …) between its title and its first heading or table; the title itself
    repeated (a notice's 附件 heading above the plan) is none of them."""
    if grid is not None:
        limit = grid.header[0].start if grid.header else 0
    else:
        starts = [s.start for s in sections if s.start] + [t.start for s in sections for t in s.tasks if t.start]
        limit = min(starts) if starts else 0
    if not limit:
        return None
    after = None
    if title_par is not None:
        after = doc.blocks[title_par].end if isinstance(doc.blocks[title_par], Paragraph) else None
    same = normalize(title or "").replace(" ", "") or None
    out: list[tuple[int, str]] = []
    for bi, p in paras:
        if p.start >= limit:
            break
        if (after is not None and p.start < after) or bi in consumed or not p.text.strip():
            continue
        t = BOOKMARK_RE.sub("", p.text).strip()
        n = normalize(t)
        if (
            len(n) < 10
            or n.endswith(("：", ":"))
            or _NOT_PREAMBLE_START.match(n)
            or is_chrome(t)
            or n.replace(" ", "") == same
        ):
            continue
        out.append((bi, t))
    consumed.update(bi for bi, _ in out)
    return "\n".join(t for _, t in out) or None


def table_preamble(pre_rows: list[list[Cell]], title: str | None) -> str | None:
    """The long first-column lines of the rows above a plan table's header, other than the title and fields."""
    texts = [c.text.strip() for row in pre_rows for c in row[:1] if c.text.strip() and not c.continued]
    body = [
        t
        for t in texts
        if t != (title or "")
        and len(normalize(t)) >= 10
        and not KEY_RE.search(normalize(t))
        and not TITLE_KW.search(normalize(t)[-6:])
    ]
    return "\n".join(body) or None


def unparsed_lines(paras: Paras, consumed: set[int]) -> list[str]:
    """The paragraphs no stage took (page chrome aside)."""
    out = []
    for bi, p in paras:
        if bi in consumed or not p.text.strip():
            continue
        t = BOOKMARK_RE.sub("", p.text).strip()
        if t and not is_chrome(t):
            out.append(t)
    return out
