"""工作总结起草 — the draft summary built from a plan's approved filings. Pure Python, no Django.

``draft(plan)`` turns plain data (:class:`PlanData` with its sections, tasks, each task's latest
approved filing and its indicators) into a list of :class:`Paragraph` in the outline every seed
summary shares:

    title
    opening paragraph (counts only, ending "现将…报告如下：")
    一、主要工作及成效   — one （一） heading per plan section, one "一是…" item per task
    二、存在问题         — 未完成原因 and 存在问题及解决建议, grouped by section, duplicates merged
    三、下一步工作思路   — the unfinished and lagging tasks

Rules: nothing is claimed that the data does not hold. Each item's text is the unit's 完成情况
verbatim; every figure is computed from a stored target and actual; every paragraph carries its
sources (filings, indicators, the plan). A text holding a placeholder (xx, ***, 某某 …) is never
output: the item is left out and a note says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from docparse.dates import cn_date
from docparse.numbers import cn_number, plain_number, written

YEAR, HALF = "year", "half"
AHEAD, ON_TRACK, BEHIND = "ahead", "on_track", "behind"

# Parts of the outline (stored with every paragraph).
HEAD, OPENING, ACHIEVEMENTS, PROBLEMS, NEXT = "head", "opening", "achievements", "problems", "next"
# Paragraph kinds: how a paragraph is typeset.
TITLE, TEXT, PART, HEADING, ITEM = "title", "text", "part", "heading", "item"

PLACEHOLDER_RE = re.compile(r"[xX×ｘＸ]{2,}|[*＊]{3,}|某某|○○|XX|\?\?\?|？？？")
_PUNCT_END = "。；！？!?;…"
_NOISE_RE = re.compile(r"[\s，,。；;：:、！!？?“”\"'‘’（）()【】\[\]·\-—]+")

COMPARATOR_LABELS = {"gte": "不低于", "reach": "达到", "add": "新增", "lte": "控制在", "lt": "低于"}
RATE_UNITS = {"%", "％", "‰"}


@dataclass(frozen=True)
class IndicatorData:
    id: int
    subject: str
    comparator: str
    target: Decimal
    unit: str = ""
    baseline: Decimal | None = None
    actual: Decimal | None = None  # from the task's chosen filing; None when none was entered
    scale: int = 1  # stored in base units; written in the document's scale (10000: 25.39万人)

    def written(self, value) -> str:
        """A stored value as the document writes it: 20.5万人, 90%, 336个."""
        return written(value, self.scale, self.unit.strip())


@dataclass(frozen=True)
class FilingData:
    id: int
    unit: str
    round_name: str
    as_of: date
    completion: str = ""
    completed: bool | None = None
    reason: str = ""
    problems: str = ""
    self_assessment: str = ""

    @property
    def label(self):
        return f"{self.unit} · {self.round_name}"


@dataclass(frozen=True)
class TaskData:
    id: int
    number: str
    text: str
    lead_unit: str
    filing: FilingData | None = None
    indicators: tuple[IndicatorData, ...] = ()


@dataclass(frozen=True)
class SectionData:
    id: int | None  # None: the plan's tasks without a section
    label: str
    title: str
    tasks: tuple[TaskData, ...] = ()


@dataclass(frozen=True)
class PlanData:
    id: int
    title: str
    year: int
    issuer: str
    sections: tuple[SectionData, ...]
    period: str = YEAR


@dataclass
class Paragraph:
    key: str  # stable identity across regenerations (task:12, sec:3, …)
    part: str
    kind: str
    text: str
    sources: list[dict] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    paragraphs: list[Paragraph]
    notes: list[str] = field(default_factory=list)  # shown to the office, never exported


# --- small helpers ------------------------------------------------------------------------------
def ordinal(n: int) -> str:
    """一是, 二是 … (the items' lead-in in the seed summaries)."""
    return f"{cn_number(n)}是"


def sub_label(n: int) -> str:
    return f"（{cn_number(n)}）"


_MASKED_NUMBER = re.compile(r"(?<=[\dXx])[*＊]{3,}(?=[\dXx])")  # 138****1234: a number masked by the privacy review


def has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER_RE.search(_MASKED_NUMBER.sub("", text or "")))


def fmt_percent(ratio: float) -> str:
    """0.17684 → "17.7%", 1.0 → "100%"."""
    text = f"{ratio * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text + "%"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in _PUNCT_END else text + "。"


def _dedupe_key(text: str) -> str:
    return _NOISE_RE.sub("", text)


def _is_rate(unit: str) -> bool:
    return (unit or "").strip() in RATE_UNITS


# --- indicators --------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorResult:
    indicator: IndicatorData
    progress: float | None  # share of the target reached (None for ceilings and rates)
    met: bool
    remaining: Decimal | None  # what is still missing (counts with a target not met)


def judge(ind: IndicatorData) -> IndicatorResult | None:
    """How far an indicator's stored actual is from its target; None without an actual."""
    if ind.actual is None or ind.target is None:
        return None
    actual, target = Decimal(ind.actual), Decimal(ind.target)
    if ind.comparator in ("lte", "lt"):
        met = actual <= target if ind.comparator == "lte" else actual < target
        return IndicatorResult(ind, None, met, None)
    if _is_rate(ind.unit):
        met = actual >= target
        return IndicatorResult(ind, None, met, None)
    if ind.comparator == "add" and ind.baseline is not None:
        gained = actual - Decimal(ind.baseline)
        goal = target
    elif ind.comparator != "add" and ind.baseline is not None and Decimal(ind.baseline) < target:
        gained, goal = actual - Decimal(ind.baseline), target - Decimal(ind.baseline)
    else:
        gained, goal = actual, target
    progress = float(gained / goal) if goal else 1.0
    met = gained >= goal
    return IndicatorResult(ind, progress, met, None if met else goal - gained)


def _goal(ind: IndicatorData) -> str:
    """The target as a phrase: "不低于90%", "90%" (达到 is said by the verb already), "新增1900个"."""
    label = "" if ind.comparator == "reach" else COMPARATOR_LABELS.get(ind.comparator, "")
    return f"{label}{ind.written(ind.target)}"


def indicator_sentence(ind: IndicatorData) -> str | None:
    """ "新增托位336个，完成年度目标（1900个）的17.7%。" — from the stored figures only, in the unit and
    scale the plan wrote (签约达20.5万人, not 205000人)."""
    result = judge(ind)
    if result is None:
        return None
    subject, unit = ind.subject.strip(), ind.unit.strip()
    actual, target = ind.written(ind.actual), ind.written(ind.target)
    if ind.comparator in ("lte", "lt"):
        limit = "以内" if ind.comparator == "lte" else "以下"
        verdict = f"控制在目标（{target}）{limit}" if result.met else f"未控制在目标（{target}）{limit}"
        return f"{subject}为{actual}，{verdict}。"
    if _is_rate(unit):
        verdict = "达到" if result.met else "未达到"
        return f"{subject}为{actual}，{verdict}{_goal(ind)}的目标。"
    if ind.comparator == "add":
        lead = subject if subject.startswith("新增") else f"新增{subject}"
        if ind.baseline is not None:
            gained = ind.written(Decimal(ind.actual) - Decimal(ind.baseline))
            return f"{subject}达{actual}，较基数（{ind.written(ind.baseline)}）新增{gained}，完成年度目标（{target}）的{fmt_percent(result.progress)}。"
        return f"{lead}{actual}，完成年度目标（{target}）的{fmt_percent(result.progress)}。"
    verb = "" if subject.endswith(("达", "达到")) else "达"
    return f"{subject}{verb}{actual}，完成年度目标（{target}）的{fmt_percent(result.progress)}。"


def remaining_sentence(ind: IndicatorData) -> str | None:
    """ "托位距年度目标（1900个）尚差1564个。" for a count not yet met."""
    result = judge(ind)
    if result is None or result.met or result.remaining is None:
        return None
    return f"{ind.subject.strip()}距年度目标（{ind.written(ind.target)}）尚差{ind.written(result.remaining)}。"


_SUBJECT_CUT = re.compile(r"[，,。；;：:（(]")
_SUBJECT_TAIL = re.compile(r"(?:达到|达|不低于|不少于|超过|控制在|低于|提高到|提升至|提升到|增至|以上|以内)+$")
SUBJECT_MAX = 30


def task_subject(text: str) -> str:
    """A task's subject, short: its first clause without the figures (新增托位1900个，推进… → 新增托位;
    县域内就诊率达到90%以上 → 县域内就诊率), at most SUBJECT_MAX characters."""
    text = (text or "").strip()
    clause = _SUBJECT_CUT.split(text, 1)[0].strip()
    figure = re.search(r"[\d０-９]", clause)
    if figure and figure.start() > 1:
        clause = clause[: figure.start()]
    clause = _SUBJECT_TAIL.sub("", clause.strip()).strip()
    return (clause or text)[:SUBJECT_MAX]


def remaining_target(ind: IndicatorData) -> str | None:
    """What is still to do for one indicator: "托位1564个" (a count short of its target), "县域内就诊率不低于90%"
    (a rate or ceiling not met); None when met or without an actual."""
    result = judge(ind)
    if result is None or result.met:
        return None
    subject = ind.subject.strip()
    if result.remaining is not None:
        return f"{subject}{ind.written(result.remaining)}"
    return f"{subject}{_goal(ind)}"


def carried_text(task: TaskData) -> str:
    """The next plan's task, short: its subject and the remaining target of each unmet indicator
    (新增托位1564个。), never the whole text of the year before."""
    subject = task_subject(task.text)
    rests = []
    for ind in task.indicators:
        rest = remaining_target(ind)
        if rest is None:
            continue
        name = ind.subject.strip()
        if not rests and subject.endswith(name) and rest.startswith(name):
            subject = subject + rest[len(name) :]  # 新增托位 + 托位1564个 → 新增托位1564个
            continue
        rests.append(rest)
    return _sentence("，".join([subject, *rests]))


def _indicator_source(ind: IndicatorData) -> dict:
    src = {
        "type": "indicator",
        "id": ind.id,
        "subject": ind.subject,
        "label": f"{ind.subject} {COMPARATOR_LABELS.get(ind.comparator, '')}{ind.written(ind.target)}",
    }
    if ind.actual is not None:
        src["actual"] = plain_number(ind.actual)
    return src


def _filing_source(f: FilingData, field_name: str = "completion") -> dict:
    return {"type": "filing", "id": f.id, "label": f.label, "field": field_name}


# --- classification ---------------------------------------------------------------------------
def is_unfinished(task: TaskData) -> bool:
    return task.filing is not None and task.filing.completed is False


def is_lagging(task: TaskData) -> bool:
    return task.filing is not None and task.filing.self_assessment == BEHIND


def carried_over(plan: PlanData) -> list[tuple[SectionData, TaskData]]:
    """The tasks the next plan carries: unfinished (是否完成 = 未完成) or lagging (自评 滞后)."""
    return [(s, t) for s in plan.sections for t in s.tasks if is_unfinished(t) or is_lagging(t)]


# --- the draft ---------------------------------------------------------------------------------
def titles(plan: PlanData) -> dict:
    half = plan.period == HALF
    period = f"{plan.year}年上半年" if half else f"{plan.year}年"
    return {
        "period": period,
        "title": f"{plan.issuer}{period}工作总结暨下半年工作思路" if half else f"{plan.issuer}{period}工作总结",
        "part1": "一、上半年主要工作及成效" if half else "一、主要工作及成效",
        "part2": "二、存在问题",
        "part3": "三、下半年工作思路" if half else "三、下一步工作思路",
    }


def _opening(plan: PlanData, names: dict) -> Paragraph:
    tasks = [t for s in plan.sections for t in s.tasks]
    filed = [t for t in tasks if t.filing is not None]
    parts = [f"《{plan.title}》共确定目标任务{len(tasks)}项。"]
    if filed:
        as_of = max(t.filing.as_of for t in filed)
        clauses = []
        if any(t.filing.completed is not None for t in filed):
            done = sum(1 for t in filed if t.filing.completed is True)
            open_ = sum(1 for t in filed if t.filing.completed is False)
            clauses.append(f"已完成{done}项、未完成{open_}项")
        assessed = [t.filing.self_assessment for t in filed if t.filing.self_assessment]
        if assessed:
            clauses.append(
                f"单位自评超前{assessed.count(AHEAD)}项、正常{assessed.count(ON_TRACK)}项、滞后{assessed.count(BEHIND)}项"
            )
        judged = [r for t in filed for r in (judge(i) for i in t.indicators) if r is not None]
        if judged:
            clauses.append(f"填报了完成值的{len(judged)}项量化指标中已达到目标{sum(1 for r in judged if r.met)}项")
        lead = f"截至{cn_date(as_of)}，{len(filed)}项任务的填报已审核通过"
        parts.append(lead + ("，其中" + "；".join(clauses) if clauses else "") + "。")
        if len(filed) < len(tasks):
            parts.append(f"其余{len(tasks) - len(filed)}项任务尚无审核通过的填报。")
    else:
        parts.append("本期尚无审核通过的填报。")
    parts.append(f"现将{plan.issuer}{names['period']}工作情况报告如下：")
    sources = [{"type": "plan", "id": plan.id, "label": plan.title}]
    sources += [_filing_source(t.filing, "counts") for t in filed]
    return Paragraph("opening", OPENING, TEXT, "".join(parts), sources)


def _sections_for_achievements(plan: PlanData):
    """(key, heading, tasks): one per plan section; a plan without sections gets one per task."""
    out = []
    for s in plan.sections:
        if not s.tasks:
            continue
        if s.id is None:
            if len(plan.sections) == 1:
                # No sections at all: each task's own text is its heading (as the seed tables read).
                for t in s.tasks:
                    out.append(
                        (
                            f"sec:task:{t.id}",
                            t.text.strip().rstrip("。；;"),
                            (t,),
                            {"type": "task", "id": t.id, "label": t.text[:40]},
                        )
                    )
                continue
            out.append(("sec:loose", "其他目标任务", s.tasks, {"type": "plan", "id": plan.id, "label": plan.title}))
        else:
            out.append(
                (
                    f"sec:{s.id}",
                    s.title.strip(),
                    s.tasks,
                    {"type": "section", "id": s.id, "label": f"{s.label}{s.title}"},
                )
            )
    return out


def draft(plan: PlanData) -> Draft:
    names = titles(plan)
    notes: list[str] = []
    plan_src = {"type": "plan", "id": plan.id, "label": plan.title}
    paras = [Paragraph("title", HEAD, TITLE, names["title"], [plan_src]), _opening(plan, names)]

    # 一、主要工作及成效
    paras.append(Paragraph("part:1", ACHIEVEMENTS, PART, names["part1"], [plan_src]))
    n_heading = 0
    for key, heading, tasks, heading_src in _sections_for_achievements(plan):
        items = []
        for task in tasks:
            f = task.filing
            if f is None:
                continue
            completion = (f.completion or "").strip()
            if not completion:
                continue
            if has_placeholder(completion):
                notes.append(
                    f"任务{task.number or task.id}的完成情况含占位符（如 xx、***），未写入总结，请核实后补充。"
                )
                continue
            items.append((task, completion))
        if not items:
            continue
        n_heading += 1
        paras.append(Paragraph(key, ACHIEVEMENTS, HEADING, f"{sub_label(n_heading)}{heading}", [heading_src]))
        for n, (task, completion) in enumerate(items, start=1):
            sentences = [s for s in (indicator_sentence(i) for i in task.indicators) if s]
            text = ordinal(n) + completion
            if sentences:
                text = _sentence(text) + "".join(sentences)
            sources = [_filing_source(task.filing)] + [
                _indicator_source(i) for i in task.indicators if i.actual is not None
            ]
            paras.append(Paragraph(f"task:{task.id}", ACHIEVEMENTS, ITEM, text, sources))
    if n_heading == 0:
        paras.append(Paragraph("achievements:none", ACHIEVEMENTS, TEXT, "本期尚无审核通过的完成情况。", [plan_src]))

    # 二、存在问题
    paras.append(Paragraph("part:2", PROBLEMS, PART, names["part2"], [plan_src]))
    n_problem = 0
    for s in plan.sections:
        seen: dict[str, tuple[str, list[dict]]] = {}
        for task in s.tasks:
            f = task.filing
            if f is None:
                continue
            for field_name, text in (("reason", f.reason), ("problems", f.problems)):
                text = (text or "").strip()
                if not text or text in ("无", "暂无", "/", "—"):
                    continue
                if has_placeholder(text):
                    notes.append(
                        f"任务{task.number or task.id}的{'未完成原因' if field_name == 'reason' else '存在问题'}含占位符，未写入总结。"
                    )
                    continue
                k = _dedupe_key(text)
                if k in seen:
                    seen[k][1].append(_filing_source(f, field_name))
                else:
                    seen[k] = (text, [_filing_source(f, field_name)])
        if not seen:
            continue
        n_problem += 1
        area = s.title.strip() if s.id is not None else ""
        lead = f"{ordinal(n_problem)}{area}方面。" if area else ordinal(n_problem)
        body = "".join(_sentence(text) for text, _src in seen.values())
        sources = [src for _text, srcs in seen.values() for src in srcs]
        paras.append(
            Paragraph(f"problem:{s.id if s.id is not None else 'loose'}", PROBLEMS, ITEM, lead + body, sources)
        )
    if n_problem == 0:
        paras.append(
            Paragraph("problem:none", PROBLEMS, TEXT, "已审核的填报中未报告存在问题及未完成原因。", [plan_src])
        )

    # 三、下一步工作思路
    paras.append(Paragraph("part:3", NEXT, PART, names["part3"], [plan_src]))
    carried = carried_over(plan)
    for n, (_s, task) in enumerate(carried, start=1):
        state = "未完成" if is_unfinished(task) else "进度滞后"
        text = f"{ordinal(n)}{task_subject(task.text)}（{task.lead_unit}牵头，{state}）。"
        text += "".join(s for s in (remaining_sentence(i) for i in task.indicators) if s)
        if has_placeholder(text):
            notes.append(f"任务{task.number or task.id}含占位符，未写入下一步工作思路。")
            continue
        sources = [_filing_source(task.filing, "completed" if is_unfinished(task) else "self_assessment")]
        sources += [_indicator_source(i) for i in task.indicators if judge(i) is not None and not judge(i).met]
        paras.append(Paragraph(f"next:{task.id}", NEXT, ITEM, text, sources))
    if not carried:
        paras.append(Paragraph("next:none", NEXT, TEXT, "已审核的填报中暂无未完成或进度滞后的任务。", [plan_src]))

    # The rule, checked once more on everything that is output (texts joined could form one).
    kept = []
    for p in paras:
        if has_placeholder(p.text):
            notes.append(f"一段内容含占位符，未写入总结（{p.key}）。")
        else:
            kept.append(p)
    return Draft(names["title"], kept, notes)


# --- regenerating over an edited summary --------------------------------------------------------
@dataclass
class StoredParagraph:
    key: str
    text: str  # what the summary shows now (maybe edited)
    generated: str  # what was generated last time
    edited: bool


@dataclass
class Change:
    key: str
    action: str  # "added" | "updated" | "pending" (edited: new text offered beside) | "removed" | "kept" (edited, source gone)
    old: str = ""
    new: str = ""


def merge(stored: list[StoredParagraph], fresh: list[Paragraph]) -> list[Change]:
    """What regenerating does to each paragraph; the clerk's edits are never replaced."""
    by_key = {p.key: p for p in stored}
    changes = []
    for p in fresh:
        old = by_key.get(p.key)
        if old is None:
            changes.append(Change(p.key, "added", "", p.text))
        elif p.text == old.generated:
            continue
        elif old.edited and p.text != old.text:
            changes.append(Change(p.key, "pending", old.text, p.text))
        else:
            changes.append(Change(p.key, "updated", old.text, p.text))
    fresh_keys = {p.key for p in fresh}
    for old in stored:
        if old.key not in fresh_keys:
            changes.append(Change(old.key, "kept" if old.edited else "removed", old.text, ""))
    return changes
