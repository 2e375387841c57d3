"""A text document's outline as sections and tasks.

The label styles found (一、 / （一） / 1. …) are ranked; the highest is the section level, the next the task
level. A fourth level on top (第一部分) groups the sections into parts; with three levels a （一） that has numbered
items beneath is a sub-heading of those items. Unnumbered records (目标任务：…) are tasks too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Document, Paragraph, Section, Task
from ..text import normalize
from .annotations import LABEL_LINE_RE, ends_with_unit_bracket, find_annotations, is_annotation_line, strip_spans
from .outline import MEASURE_LINE_RE, RANK, REC_LABEL_LINE_RE, REC_START_RE, label_number, outline_label
from .regions import Regions
from .vocabulary import title_sentence

Label = tuple[str, str, int] | None
Labelled = list[tuple[int, Paragraph, Label]]
_LAG_RE = re.compile(r"滞后|进度较慢|进展缓慢|推进缓慢|未达序时|慢于序时|落后于序时|进度偏慢|未按期")
_PUNCT_RE = re.compile(r"[。；;，,：:！!？?、]")
_REC: Label = ("rec", "", 0)
_HEADING_MAX = 60  # characters of an unnumbered heading
_SENTENCE_END = ("。", ";", "；", ")", "）", "!", "！", "?", "？")
_BARE_HEADING_RE = re.compile(r"^(?![\d(（\[])[^。；;，,：:！!？?、]{2,30}$")
_ITEM_MARKS = ("circ", "par")
_LABELLED_BRACKET_RE = re.compile(r"[(（][^()（）]*[:：][^()（）]*[)）]\s*[。；;]?\s*$")
_TITLE_SP_RE = re.compile(r"^\s*([^\s]{2,40}?)[ \t\u3000]+")
_TITLE_END = "。；;：: "


@dataclass
class Levels:
    """How the outline is read: ``mode`` flat (one level of items), heading (one level of headings over plain
    paragraphs), two (sections and tasks) or three (sections, sub-headings, tasks)."""

    mode: str
    sec_style: str
    task_style: str | None = None
    sub_style: str | None = None
    part_style: str | None = None
    heads_with_children: set[int] = field(default_factory=set)  # offsets of the sub-headings with items beneath


def _single_level_mode(labelled: Labelled, sec_style: str) -> str:
    """Short headings -> sections holding the following paragraphs as tasks; else flat tasks."""
    heads = [p for _, p, lab in labelled if lab]
    headlike = sum(1 for p in heads if len(p.text.strip()) <= 40) >= max(1, len(heads) * 0.7)
    recs = sum(1 for _, p, lab in labelled if lab and REC_START_RE.match(normalize(p.text[lab[2] :])))
    first = next(i for i, (_, _, lab) in enumerate(labelled) if lab)
    between = [p for _, p, lab in labelled[first:] if not lab]
    if between and all(is_annotation_line(p.text) for p in between[: len(heads)]):
        return "flat"  # ①… each followed by its units in brackets: the items are the tasks
    last = max(i for i, (_, _, lab) in enumerate(labelled) if lab)
    if len(heads) >= 2 and all(labelled[i + 1][2] is not None for i in range(first, last) if labelled[i][2]):
        return "flat"  # no numbered line has a paragraph of its own beneath it: they are the items of one list
    return "heading" if headlike and sec_style != "rec" and not recs else "flat"


def _heads_with_children(labelled: Labelled, styles: list[str]) -> set[int]:
    """Three levels 一、 → （一） → 1.: the offsets of the （一） with numbered items beneath."""
    heads: set[int] = set()
    if len(styles) < 3 or styles[1] in ("shi", "circ") or styles[2] not in ("ar", "par", "pcn"):
        return heads
    mid, low = styles[1], styles[2]
    cur_mid = None
    for _, p, lab in labelled:
        st = lab[0] if lab else None
        if st == styles[0]:
            cur_mid = None
        elif st == mid:
            cur_mid = p.start
        elif st == low and cur_mid is not None:
            heads.add(cur_mid)
    return heads


def outline_levels(labelled: Labelled) -> Levels | None:
    """The levels of the outline from the label styles present, None when nothing is numbered."""
    styles = sorted({lab[0] for _, _, lab in labelled if lab}, key=lambda s: RANK[s])
    if not styles:
        return None
    part_style = None
    if styles[0] == "chapter" and len([x for x in styles if x != "rec"]) >= 3:
        part_style = styles.pop(0)  # four levels (第一部分 / 一、 / （一） / 1.): the parts group the sections
    levels = Levels(mode="two", sec_style=styles[0], part_style=part_style)
    if len(styles) > 1:
        levels.task_style = styles[1]
    else:
        levels.mode = _single_level_mode(labelled, styles[0])
    levels.heads_with_children = _heads_with_children(labelled, styles)
    if levels.heads_with_children:
        levels.mode, levels.sub_style, levels.task_style = "three", styles[1], styles[2]
    return levels


def mark_headings(doc: Document, labelled: Labelled) -> None:
    """Unnumbered section headings (style "head"): paragraphs in the shallowest Word heading level of the body
    (docrender writes a section without 一、 as 标题 1), or, in a text with no heading styles and one level of
    numbered items, two or more bare short lines each standing right before a numbered item. A heading paragraph
    at a level whose other paragraphs are numbered (一、) takes their style."""
    norm = doc.norm or normalize(doc.text)
    levels = [p.level for _, p, _ in labelled if p.level is not None]
    if levels:
        top = min(levels)
        peers = Counter(lab[0] for _, p, lab in labelled if lab and p.level == top and lab[0] != "rec")
        style = peers.most_common(1)[0][0] if peers else "head"
        for i, (bi, p, lab) in enumerate(labelled):
            if lab is None and p.level == top and len(norm[p.start : p.end].strip()) <= _HEADING_MAX:
                labelled[i] = (bi, p, (style, "", 0))
        return
    styles = {lab[0] for _, _, lab in labelled if lab and lab[0] != "rec"}
    if len(styles) != 1 or styles & {"chapter", "cn", "pcn"}:
        return
    (item,) = styles
    texts = [norm[p.start : p.end].strip() for _, p, _ in labelled]
    bare = [
        i
        for i in range(len(labelled) - 1)
        if labelled[i][2] is None
        and labelled[i + 1][2] is not None
        and labelled[i + 1][2][0] == item
        and _BARE_HEADING_RE.match(texts[i])
        and (i == 0 or texts[i - 1].endswith(_SENTENCE_END))  # not the last line of a sentence broken off above
    ]
    if len(bare) >= 2:
        for i in bare:
            labelled[i] = (labelled[i][0], labelled[i][1], ("head", "", 0))


def mark_records(doc: Document, labelled: Labelled) -> None:
    """Unnumbered items as tasks (style "rec"): 目标任务： records, a bare title line followed by 工作措施：, and runs of
    lines each ending in its unit in brackets (lists of lagging tasks)."""
    n = len(labelled)
    norm = doc.norm or normalize(doc.text)
    texts = [norm[p.start : p.end].strip() for _, p, _ in labelled]
    ends = [ends_with_unit_bracket(texts[i]) for i in range(n)]
    bracket = [labelled[i][2] is None and ends[i] for i in range(n)]
    in_run = [ends[i] and ((i > 0 and ends[i - 1]) or (i + 1 < n and ends[i + 1])) for i in range(n)]
    for i in range(n):  # a list of items each ending in its units, some numbered ①② and some not: all one list
        lab = labelled[i][2]
        if (
            in_run[i]
            and lab is not None
            and lab[0] in _ITEM_MARKS
            and any(in_run[j] and labelled[j][2] is None for j in _run_of(in_run, i))
        ):
            labelled[i] = (labelled[i][0], labelled[i][1], ("rec", lab[1], lab[2]))
    titled: set[int] = set()
    for i in range(n):
        bi, p, lab = labelled[i]
        if lab is not None:
            continue
        t = texts[i]
        nxt = texts[i + 1] if i + 1 < n else ""
        if (
            2 <= len(t) <= 40
            and (":" in nxt[2:7] or "：" in nxt[2:7])
            and not _PUNCT_RE.search(t)
            and MEASURE_LINE_RE.match(nxt)
            and labelled[i + 1][2] is None
        ):
            labelled[i] = (bi, p, _REC)
            titled.add(i + 1)
        elif (
            REC_LABEL_LINE_RE.match(t)
            and nxt
            and not REC_LABEL_LINE_RE.match(nxt)
            and not LABEL_LINE_RE.match(nxt)
            and labelled[i + 1][2] is None
        ):
            labelled[i] = (bi, p, _REC)  # "具体任务" alone, the task on the next line
        elif _titled_measure(t) is not None:
            labelled[i] = (bi, p, _REC)  # "推进医共体建设 工作措施：…部门分工：…" on one line
        elif (
            (":" in t[2:8] or "：" in t[2:8]) and REC_START_RE.match(t) and i not in titled or bracket[i] and in_run[i]
        ):
            labelled[i] = (bi, p, _REC)


def _titled_measure(norm_line: str) -> tuple[int, int] | None:
    """A short title, a space, then 工作措施： on the same line -> (end of the title, start of the measure text)."""
    m = _TITLE_SP_RE.match(norm_line)
    if not m or _PUNCT_RE.search(m.group(1)):
        return None
    mm = MEASURE_LINE_RE.match(norm_line[m.end() :])
    return (m.end(1), m.end() + mm.end()) if mm else None


def _run_of(flags: list[bool], i: int) -> range:
    a = i
    while a > 0 and flags[a - 1]:
        a -= 1
    b = i
    while b + 1 < len(flags) and flags[b + 1]:
        b += 1
    return range(a, b + 1)


def bare_subheading(labelled: Labelled, idx: int, task_style: str | None) -> bool:
    """A short unnumbered line with no punctuation, followed by a numbered task: a sub-heading (婴幼儿照护)."""
    _bi, p, _lab = labelled[idx]
    t = normalize(p.text.strip())
    if not (2 <= len(t) <= 20) or re.search(r"[。；;，,：:！!？?、\d]", t) or idx + 1 >= len(labelled):
        return False
    nlab = labelled[idx + 1][2]
    return nlab is not None and nlab[0] == task_style


def _lag_heading_before(labelled: Labelled, i: int | None) -> bool:
    """The line before a run of items of one style ends in a colon and speaks of lagging work (进度滞后的工作：)."""
    if i is None or labelled[i][2] is None:
        return False
    style = labelled[i][2][0]
    j = i - 1
    while j >= 0 and (
        (labelled[j][2] is not None and labelled[j][2][0] == style)
        or (labelled[j][2] is None and is_annotation_line(labelled[j][1].text))
    ):
        j -= 1
    if j < 0:
        return False
    prev = normalize(labelled[j][1].text.strip())
    return prev.endswith(("：", ":")) and bool(_LAG_RE.search(prev))


def mark_lagging(sections: list[Section], labelled: Labelled) -> None:
    """Tasks listed under a heading about lagging work (进度滞后的工作) are behind schedule."""
    by_start = {p.start: i for i, (_, p, _) in enumerate(labelled)}
    for sec in sections:
        lag_sec = bool(sec.title and _LAG_RE.search(sec.title))
        for t in sec.tasks:
            if t.self_assessment is not None:
                continue
            if lag_sec or _lag_heading_before(labelled, by_start.get(t.start)):
                t.self_assessment = "behind"


class _OutlineReader:
    """Walks the labelled paragraphs, opening parts, sections, sub-headings and tasks as their labels say."""

    def __init__(self, doc: Document, levels: Levels, labelled: Labelled, year: int | None):
        self.doc, self.lv, self.labelled, self.year = doc, levels, labelled, year
        self.sections: list[Section] = []
        self.part: tuple[str, str] | None = None
        self.sec: Section | None = None
        self.task: Task | None = None
        self.sub: tuple[str | None, str] | None = None
        self.sub_ann: tuple = ([], [], None)
        self.pending_label: str | None = None

    def body(self, p: Paragraph, lab: Label) -> str:
        return self.doc.text[p.start + lab[2] : p.end].strip()

    def new_task(self, p: Paragraph, lab: Label) -> Task:
        doc = self.doc
        body_start = p.start + lab[2] if lab else p.start + (len(p.text) - len(p.text.lstrip()))
        rm = REC_START_RE.match(doc.norm[body_start : p.end] if doc.norm else normalize(doc.text[body_start : p.end]))
        if rm:  # "1.目标任务：…": the label is not the task
            body_start += rm.end()
        text = doc.text[body_start : p.end].strip()
        if REC_LABEL_LINE_RE.match(normalize(text)):
            text = ""  # the task is on the next line
        tm = _titled_measure(normalize(text)) if lab and lab[0] == "rec" else None
        if tm is not None:
            text = text[: tm[0]].strip() + "\n" + text[tm[1] :].strip()
        t = Task(
            number=label_number(lab[1]) if lab and lab[1] else None,
            label=lab[1] if lab and lab[1] else None,
            title=title_sentence(text),
            text=text,
            start=p.start,
            end=p.end,
        )
        if lab and lab[0] == "rec":
            t._rec = True  # type: ignore[attr-defined]
            t._bracket = ends_with_unit_bracket(text)  # type: ignore[attr-defined]
        elif lab and ends_with_unit_bracket(text) and not _LABELLED_BRACKET_RE.search(text):
            t._bracket = True  # type: ignore[attr-defined]  # "（4）急救站点建设未启动（县急救站）": the item ends here
        return t

    def add_task(self, t: Task) -> None:
        self.sec.tasks.append(t)
        self.task = t

    def extend(self, p: Paragraph) -> None:
        line = p.text.strip()
        mm = MEASURE_LINE_RE.match(normalize(line))
        if mm:
            line = line[mm.end() :].strip()
        self.task.end = p.end
        if is_annotation_line(line) and not self.task.text.endswith(("，", ",")):
            self.task._bracket = True  # type: ignore[attr-defined]  # the item's units: the item ends here
        if LABEL_LINE_RE.match(normalize(line)):
            self.pending_label = line.rstrip(":： ")  # 责任单位 alone on its line: its value follows
            return
        if self.pending_label:
            line = f"{self.pending_label}：{line}"
            self.pending_label = None
        self.task.text = self.task.text + "\n" + line if self.task.text else line
        if self.task.title is None:
            self.task.title = title_sentence(self.task.text)

    def ensure_section(self, p: Paragraph, in_part: bool) -> None:
        if self.sec is None:
            self.sec = Section(title=None, start=p.start)
            if in_part and self.part is not None:
                self.sec.part_label, self.sec.part = self.part
            self.sections.append(self.sec)

    def open_part(self, p: Paragraph, lab: Label) -> None:
        self.part = (lab[1], self.body(p, lab).rstrip(_TITLE_END))
        self.sec, self.task, self.sub = None, None, None

    def open_bare_sub(self, p: Paragraph) -> None:
        self.sub = (None, p.text.strip())  # a bare line heading the numbered items below it
        self.sub_ann = ([], [], None)
        self.task = None

    def open_section(self, p: Paragraph, lab: Label) -> None:
        body = self.body(p, lab)
        title, rest = body, ""
        if len(body) > 40:
            m = re.match(r"^(.{2,50}?)[。；;]", body)
            if m:
                title, rest = m.group(1), body[m.end() :].strip()
        self.sec = Section(title=title.rstrip(_TITLE_END), label=lab[1] or None, start=p.start, end=p.end)
        if self.part is not None:
            self.sec.part_label, self.sec.part = self.part
        self.sections.append(self.sec)
        self.task, self.sub = None, None
        if self.lv.mode == "flat":
            self.add_task(self.new_task(p, lab))
        elif rest and self.lv.mode in ("two", "three"):  # a long heading: its text after the title is a task
            self.add_task(
                Task(number=None, label=None, title=title_sentence(rest), text=rest, start=p.start, end=p.end)
            )

    def open_sub(self, p: Paragraph, lab: Label) -> None:
        self.ensure_section(p, in_part=False)
        sp, lead, co, dl = find_annotations(self.body(p, lab), self.year)
        body = strip_spans(self.body(p, lab), sp)
        m = re.match(r"^(.{2,50}?)[。；;：:]", body)
        self.sub = (lab[1], (m.group(1) if m else body).rstrip(_TITLE_END))
        self.sub_ann = (lead, co, dl)
        self.task = None

    def open_task(self, p: Paragraph, lab: Label, style: str) -> None:
        self.ensure_section(p, in_part=True)
        t = self.new_task(p, lab)
        if self.lv.mode == "three" and style == self.lv.sub_style:
            self.sub = None
        elif self.sub is not None and (self.lv.mode == "three" or self.sub[0] is None):
            t.subsection_label, t.subsection = self.sub
            t._inherit = self.sub_ann  # type: ignore[attr-defined]
        self.add_task(t)

    def feed(self, idx: int, p: Paragraph, lab: Label) -> bool:
        """One paragraph; False when it belongs to no section (it stays unparsed)."""
        lv, style = self.lv, (lab[0] if lab else None)
        nested = lv.mode in ("two", "three")
        if lv.part_style is not None and style == lv.part_style:
            self.open_part(p, lab)
            return True
        if nested and style is None and self.sec is not None and bare_subheading(self.labelled, idx, lv.task_style):
            self.open_bare_sub(p)
            return True
        if style == lv.sec_style:
            self.open_section(p, lab)
        elif lv.mode == "three" and style == lv.sub_style and p.start in lv.heads_with_children:
            self.open_sub(p, lab)
        elif nested and style is not None and style in (lv.task_style, lv.sub_style, "rec"):
            self.open_task(p, lab, style)
        elif lv.mode == "heading" and style is None and self.sec is not None:
            self.add_task(self.new_task(p, None))
        elif self.task is not None and not getattr(self.task, "_bracket", False):
            self.extend(p)
        elif self.sec is not None and style is not None:
            self.add_task(self.new_task(p, lab))
        else:
            return False
        if self.sec is not None:
            self.sec.end = max(self.sec.end, p.end)
        return True


def _labelled(doc: Document, paras, consumed: set[int]) -> Labelled:
    out: Labelled = []
    for bi, p in paras:
        if bi in consumed or not p.text.strip():
            continue
        n = doc.norm[p.start : p.end] if doc.norm else normalize(p.text)
        out.append((bi, p, outline_label(n)))
    return out


def sections_from_outline(
    doc: Document, paras, consumed: set[int], regions: Regions, kind: str, year: int | None = None
) -> list[Section]:
    """Sections and tasks of a text document from its outline labels; their paragraphs are consumed."""
    labelled = _labelled(doc, paras, consumed)
    mark_headings(doc, labelled)
    mark_records(doc, labelled)
    levels = outline_levels(labelled)
    if levels is None:
        return []
    reader = _OutlineReader(doc, levels, labelled, year)
    first_idx = next(i for i, (_, _, lab) in enumerate(labelled) if lab)
    for idx in range(first_idx, len(labelled)):
        bi, p, lab = labelled[idx]
        if reader.feed(idx, p, lab):
            consumed.add(bi)
    sections = reader.sections
    if levels.mode == "flat" and sections:
        sections = [
            Section(
                title=None, tasks=[t for s in sections for t in s.tasks], start=sections[0].start, end=sections[-1].end
            )
        ]
    mark_lagging(sections, labelled)
    return sections
