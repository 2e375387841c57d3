"""Unit and deadline annotations in a task's text: （牵头单位：医政科；配合单位：财务科）, 由区卫健局牵头，…配合,
a trailing （规划发展科）, 完成时限：6月底前, and deadlines stated inline (6月底前完成)."""

from __future__ import annotations

import re

from ..dates import parse_date, period_end
from ..model import Document, Task
from ..text import normalize
from .regions import Regions
from .vocabulary import YEAR_RE, split_units, title_sentence, unitish

_LEAD_LABELS = "牵头责任部门|牵头责任单位|牵头责任科室|牵头单位|牵头科室|牵头部门|牵头处室|责任单位|责任科室|责任部门|责任处室|主办单位|主责单位|承办单位|责任主体|实施单位|主体责任单位"
_ASSIGN_LABELS = "部门分工|责任分工|职责分工|任务分工|分工"
_CO_LABELS = "配合单位|配合科室|配合部门|配合处室|协办单位|协助单位|参与单位|协同单位|协作单位|配合"
_DL_LABELS = "完成时限|完成时间|时间节点|时限要求|时间要求|时限"
_PERSON_LABELS = "责任领导|分管领导|牵头领导|责任人|联系人"
_ANY_LABEL = f"{_LEAD_LABELS}|{_CO_LABELS}|{_DL_LABELS}|{_PERSON_LABELS}|{_ASSIGN_LABELS}"
# a distinctive label may follow the task text with no separator: "…健康体检4.2万人牵头责任部门：基层卫生科"
_GLUED_LABELS = "牵头责任部门|牵头责任单位|牵头责任科室|牵头单位|责任单位|牵头部门|责任部门|牵头科室|责任科室"
_ANN_GLUED_RE = re.compile(rf"(?:{_GLUED_LABELS})\s*[:：][^\n]*")
_UNIT_NAME = r"[\u4e00-\u9fffA-Za-z（）()]{2,30}?"
_UNIT_LIST = rf"{_UNIT_NAME}(?:[、和及]{_UNIT_NAME}){{0,8}}"
# "由区卫健局牵头，区医保局、区财政局配合" / "区疾控中心牵头，各卫生院配合" / "由医政科负责" inside a sentence
_ASSIGN_RE = re.compile(
    rf"(?:(?<=[，,；;。：:\s])|(?<=^))(?:由|请)?(?P<lead>{_UNIT_LIST})(?:牵头负责|牵头|负责)"
    rf"(?:[，,、]\s*(?P<co>{_UNIT_LIST})(?:等单位|等部门|等)?(?:配合|协助|协同|参与|共同推进|共同实施))?"
    rf"(?=[，,。；;！]|$)",
    re.M,
)
# a trailing bracket that holds only unit names: "…仍在方案设计阶段（规划发展科）"
UNIT_BRACKET_RE = re.compile(
    r"[（(](?P<u>[^（()）\n]{2,40}(?:[（(][^（()）\n]{1,8}[)）][^（()）\n]{0,20})?)[)）]\s*[。；;]?\s*$"
)
PROGRESS_LABEL_RE = re.compile(
    r"(?:(?<=[。；;！\n\s])|^)(?:完成情况|进展情况|工作进展|推进情况|落实情况|进度情况)\s*[:：]\s*"
)
LABEL_LINE_RE = re.compile(rf"^\s*({_ANY_LABEL})\s*[:：]?\s*$")  # a unit/deadline label alone on its line
_ANN_LABEL_RE = re.compile(rf"({_ANY_LABEL})\s*[:：]\s*")
_NEST = r"(?:[^（()）\n]|[（(][^（()）\n]*[)）])"
# "（牵头单位：医政科；配合单位：财务科、人事科）" anywhere, or "牵头单位：xx" running to the end of a line
ANN_PAREN_RE = re.compile(rf"[(（]\s*(?:{_ANY_LABEL})\s*[:：]{_NEST}*?[)）]")
ANN_TAIL_RE = re.compile(rf"(?:(?<=^)|(?<=\n)|(?<=[。；;！!\s]))[ \t]*(?:{_ANY_LABEL})\s*[:：][^\n]*", re.M)
_DL_INLINE_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月(?:份)?(?:底|末)?(?!\d)|(?:(?:19|20)\d{2}\s*年\s*)?第?[一二三四1-4]季度(?:末|底)?(?=\s*(?:前|完成|建成|实现|启动|出台|印发|全面))|"
    r"(?:(?:19|20)\d{2}\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*\d{1,2}\s*[日号]|\s*[底末]|\s*[上中下]旬)?"
    r"\s*(?:前|之前|以前)|(?:(?:19|20)\d{2}\s*年\s*)?(?:年底|年末|年内|上半年|下半年|年中)(?:前|之前)?(?=\s*(?:前|完成|建成|实现|"
    r"启动|投用|投入使用|全覆盖|达到|落实|出台|印发|竣工|开工|开业|挂牌|验收))|(?:(?:19|20)\d{2}\s*年\s*)?(?:年底|年末)(?:前|之前)"
)

Spans = list[tuple[int, int]]


def deadline_of(expr: str, year: int | None) -> str | None:
    """A deadline expression as an ISO date: 6月底前, 二季度, 1-9月, 上半年, 年底前, 2025年3月15日."""
    n = normalize(expr)
    m = YEAR_RE.match(n)
    y = int(m.group(1)) if m else year
    if re.search(r"季度|前三季度|1\s*[-—~至]\s*\d{1,2}\s*月", n) and y:
        q = period_end(n, y)
        if q:
            return q
    rng = re.search(r"(\d{1,2})\s*[-—~至到]\s*(\d{1,2})\s*月(?:份)?(?:底|末)?", n)
    if rng and 1 <= int(rng.group(2)) <= 12:
        return parse_date(f"{rng.group(2)}月", y)
    if re.search(r"上半年|年中", n):
        return period_end("上半年", y)
    if re.search(r"下半年|年底|年末|年内", n) and not re.search(r"\d+\s*月|[一二三四五六七八九十]+\s*月", n):
        return period_end("全年", y)
    return parse_date(n, y)


def _inside(spans: Spans, a: int) -> bool:
    return any(x <= a < y for x, y in spans)


def _label_spans(n: str) -> Spans:
    """（牵头单位：…） brackets, 牵头单位：… tails of lines and labels glued to the task text."""
    spans: Spans = [m.span() for m in ANN_PAREN_RE.finditer(n)]
    for m in ANN_TAIL_RE.finditer(n):
        if not _inside(spans, m.start()):
            spans.append(m.span())
    for m in _ANN_GLUED_RE.finditer(n) if ("牵头" in n or "责任" in n) else ():
        a, b = m.span()
        if not _inside(spans, a) and a != 0:
            spans.append((a, b))
    return spans


def _assignment_spans(text: str, n: str, spans: Spans) -> list[tuple[list[str], list[str]]]:
    """由区卫健局牵头，区医保局配合 clauses: their spans (with their comma) join ``spans``; -> [(lead, co)]."""
    assigned: list[tuple[list[str], list[str]]] = []
    for m in _ASSIGN_RE.finditer(n) if ("牵头" in n or "负责" in n) else ():
        a, b = m.span()
        if _inside(spans, a):
            continue
        lead_names = split_units(text[m.start("lead") : m.end("lead")])
        co_names = split_units(text[m.start("co") : m.end("co")]) if m.group("co") else []
        if not lead_names or not all(unitish(u) for u in lead_names + co_names):
            continue
        if a > 0 and n[a - 1] in "，,；;":
            a -= 1  # the clause goes with its comma
        elif b < len(n) and n[b] in "，,；;" and (a == 0 or n[a - 1] in "。\n"):
            b += 1
        spans.append((a, b))
        assigned.append((lead_names, co_names))
    return assigned


def _bracket_units(text: str, n: str, spans: Spans) -> list[str]:
    """The units of a trailing bracket that holds only unit names (its span joins ``spans``)."""
    ub = UNIT_BRACKET_RE.search(n) if n.rstrip("。；; \t\n")[-1:] in ("）", ")") else None
    if not ub or _inside(spans, ub.start()):
        return []
    names = split_units(text[ub.start("u") : ub.end("u")])
    if not names or not all(unitish(u) for u in names) or re.search(_ANY_LABEL, ub.group("u")):
        return []
    spans.append((ub.start(), ub.start() + len(ub.group(0).rstrip("。；; \t"))))
    return names


def _span_inner(text: str, a: int, b: int) -> str:
    inner = text[a:b].strip()  # raw text: unit names keep their own punctuation
    if inner[:1] in "（(":
        inner = inner[1:]
        if inner[-1:] in "）)":
            inner = inner[:-1]
    return inner


def _read_labels(text: str, spans: Spans, year: int | None) -> tuple[list[str], list[str], str | None]:
    """(lead, co, deadline) from the labelled fields inside the spans."""
    lead: list[str] = []
    co: list[str] = []
    deadline = None
    for a, b in spans:
        inner = _span_inner(text, a, b)
        ms = list(_ANN_LABEL_RE.finditer(inner))
        for i, m in enumerate(ms):
            val = inner[m.end() : ms[i + 1].start() if i + 1 < len(ms) else len(inner)].strip(" \t；;，,。")
            label = m.group(1)
            if re.fullmatch(_DL_LABELS, label):
                deadline = deadline or deadline_of(val, year) or parse_date(val, year)
            elif re.fullmatch(_PERSON_LABELS, label):
                continue
            elif re.fullmatch(_ASSIGN_LABELS, label):
                am = _ASSIGN_RE.search(normalize(val))
                if am:
                    lead.extend(split_units(val[am.start("lead") : am.end("lead")]))
                    if am.group("co"):
                        co.extend(split_units(val[am.start("co") : am.end("co")]))
            else:
                names = [u for u in split_units(val.replace("等", "、") if val.endswith("等") else val) if u]
                (co if re.fullmatch(_CO_LABELS, label) else lead).extend(names)
    return lead, co, deadline


def _inline_deadline(n: str, spans: Spans, year: int | None) -> str | None:
    """The latest deadline stated in the running text (6月底前完成 … 年底前建成 -> 年底)."""
    found = []
    for m in _DL_INLINE_RE.finditer(n):
        if not _inside(spans, m.start()):
            d = deadline_of(m.group(0), year)
            if d:
                found.append(d)
    return max(found) if found else None


def find_annotations(
    text: str, year: int | None, inline_deadline: bool = True
) -> tuple[Spans, list[str], list[str], str | None]:
    """Unit / deadline annotations in a task text -> (spans to remove, lead units, co-units, deadline)."""
    n = normalize(text)
    spans = _label_spans(n)
    assigned = _assignment_spans(text, n, spans)
    bracket_units = _bracket_units(text, n, spans)
    spans.sort()
    lead, co, deadline = _read_labels(text, spans, year)
    for ln, cn in assigned:
        lead.extend(ln)
        co.extend(cn)
    if bracket_units and not lead and not co:
        lead.extend(bracket_units)
    if deadline is None and inline_deadline:
        deadline = _inline_deadline(n, spans, year)
    return spans, lead, co, deadline


def strip_spans(text: str, spans: Spans) -> str:
    """``text`` without the annotation spans (and without the blank lines they leave)."""
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    res = "".join(out)
    res = re.sub(r"[ \t]+\n", "\n", res)
    res = re.sub(r"\n{2,}", "\n", res)
    return res.strip()


def is_annotation_line(text: str) -> bool:
    """A line that is only a units bracket: "（责任单位：市卫健局、市建设中心）" or "（规划发展科）"."""
    n = normalize(text).strip().rstrip("。；;")
    if not n or n[0] not in "(（" or n[-1] not in ")）":
        return False
    m = ANN_PAREN_RE.match(n)
    return (m is not None and m.end() == len(n)) or (
        ends_with_unit_bracket(n) and UNIT_BRACKET_RE.search(n).start() == 0
    )


def ends_with_unit_bracket(text: str) -> bool:
    """ "…仍在方案设计阶段（规划发展科）": the text ends in a bracket naming its units."""
    if text.rstrip("。；; \t")[-1:] not in ("）", ")"):
        return False
    m = UNIT_BRACKET_RE.search(normalize(text))
    if not m or len(text) < 8:
        return False
    names = split_units(m.group("u"))
    return bool(names) and all(unitish(u) for u in names)


def _set_units(t: Task, lead: list[str], co: list[str]) -> None:
    t.units = list(dict.fromkeys(lead + co))
    t.lead_unit = (lead or co)[0]


def _progress_of(t: Task, seg: str, regions: Regions) -> None:
    """ "目标任务：…。完成情况：…" in one item: the progress after its label is the task's completion (actual numbers)."""
    if "情况" not in t.text and "进展" not in t.text:
        return
    pm = PROGRESS_LABEL_RE.search(normalize(t.text))
    if pm is None or pm.start() == 0:
        return
    t.completion = t.text[pm.end() :].strip() or None
    t.text = t.text[: pm.start()].rstrip()
    t.title = title_sentence(t.text) if t.text else t.title
    dm = PROGRESS_LABEL_RE.search(seg)
    if dm is not None:
        regions.add(t.start + dm.end(), t.end, "actual")


def apply_annotations(
    tasks: list[Task],
    doc: Document,
    regions: Regions,
    year: int | None,
    overwrite_units: bool = True,
    inline_deadline: bool = True,
) -> None:
    """Each task's annotations become its units and deadline and leave its text; their numbers are no indicators."""
    for t in tasks:
        spans, lead, co, dl = find_annotations(t.text, year, inline_deadline)
        if spans:
            t.text = strip_spans(t.text, spans)
            t.title = title_sentence(t.text) if t.text else t.title
        if (lead or co) and (overwrite_units or not t.units):
            _set_units(t, lead, co)
        if dl and not t.deadline:
            t.deadline = dl
        inh = getattr(t, "_inherit", None)  # annotations of the （一） sub-heading apply to its items
        if inh:
            ilead, ico, idl = inh
            if not t.units and (ilead or ico):
                t.units = list(dict.fromkeys(ilead + ico))
                t.lead_unit = t.units[0]
            t.deadline = t.deadline or idl
        # the annotations stay in the document text; keep numbers in them out of the indicators
        seg = doc.norm[t.start : t.end] if doc.norm else normalize(doc.text[t.start : t.end])
        if t.completion is None:
            _progress_of(t, seg, regions)
        for m in list(ANN_PAREN_RE.finditer(seg)) + list(ANN_TAIL_RE.finditer(seg)):
            regions.skip(t.start + m.start(), t.start + m.end())
