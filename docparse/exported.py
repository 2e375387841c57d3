"""What Duban's own round tables and plans write into the seed layouts so they re-import whole, written and read
back here (``apply`` runs on every parse result, after the structure is read):

* the task's number leading its 目标任务 cell, as the seed plans number their tasks ("3.深化医共体建设…"; "3. 2026年…"
  when the text itself starts with a digit; "（一）…" for a number in Chinese numerals) — the 填报表 has no 序号
  column, and a unit's own form holds tasks 3, 7 and 12 of the plan, or a district's split tasks the city's numbers;
* the task's indicators, when its text alone does not say them as they are (a district's split target, a target the
  office corrected, a figure the office said is none): a note closing the task text,
  ``（指标：托位新增700个；普惠托位不低于470个（基数120个））``, ``（分解目标：…）`` on a task split from the city's,
  ``（指标：无）`` for none.  Each item is subject, comparator word (新增 不低于 达到 控制在…以内 低于 超过), the value
  as the document writes it (25.39万人, 95%, 8/10万) and an optional （基数…）; read back exactly, or not at all.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .model import Indicator, ParseResult, Task
from .numbers import SCALE_WORDS, SCALES, in_scale
from .text import normalize

# ------------------------------------------------------------------ task numbers
_CN_NUMBER = "一二三四五六七八九十"
_NUMBER_RE = re.compile(
    rf"^\s*(?:(?P<ar>\d{{1,4}})\s*(?:[.、](?!\d)|\.\s+(?=\d)|\.(?=(?:19|20)\d{{2}}\s*年))|\((?P<cn>[{_CN_NUMBER}]{{1,3}})\))\s*"
)


def numbered(number: str, text: str) -> str:
    """``text`` led by its task number as the seed plans write it: 3.text, 3. 2026年… (a text starting with a digit),
    （三）text; a number of another shape is left out."""
    number = (number or "").strip().rstrip(".．、")
    if re.fullmatch(r"\d{1,4}", number, re.ASCII):
        return f"{number}. {text}" if text[:1].isdigit() else f"{number}.{text}"
    if re.fullmatch(rf"[{_CN_NUMBER}]{{1,3}}", number):
        return f"（{number}）{text}"
    return text


def _apply_numbers(result: ParseResult) -> None:
    """A table with no 序号 column whose every 目标任务 cell starts with a number: those are the task numbers.

    Not when every number is the same (cells that are lists: 1.… 2.…), nor for one row whose cell goes on with the
    next number (a list again)."""
    if result.kind not in ("filing_form", "status_table"):
        return
    tasks = [t for t in result.tasks if t.text]
    if not tasks or any(t.number != str(i) for i, t in enumerate(result.tasks, start=1)):
        return  # the numbers came from a 序号 column
    found = [_NUMBER_RE.match(normalize(t.text)) for t in tasks]
    if not all(found):
        return
    numbers = [m.group("ar") or m.group("cn") for m in found]
    if len(numbers) > 1 and len(set(numbers)) == 1:
        return
    if len(numbers) == 1 and numbers[0].isdigit():
        after = tasks[0].text[found[0].end() :]
        if re.search(rf"\n\s*{int(numbers[0]) + 1}\s*[.．、]", after):
            return
    for t, m, number in zip(tasks, found, numbers, strict=True):
        at = result.text.find(t.text, t.start)
        if at >= 0:  # the number is no indicator
            _drop(result, t, at, at + m.end())
        t.number = number
        _set_text(t, t.text[m.end() :].strip())


# ------------------------------------------------------------------ indicator notes
COMPARATOR_WORDS = {"add": "新增", "gte": "不低于", "reach": "达到", "lte": "控制在", "lt": "低于", "gt": "超过"}
_WORD_COMPARATORS = {w: c for c, w in COMPARATOR_WORDS.items()}
NOTE_LABELS = ("指标", "分解目标")
NONE_WORD = "无"
_NOTE_RE = re.compile(r"[（(](?P<label>指标|分解目标)[:：](?P<body>(?:[^（）()\n]|[（(][^（）()\n]*[)）])*)[)）]\s*$")
_NUM = r"\d+(?:\.\d+)?"
# the value as written, 以内 after a 控制在, and an optional （基数…）
_AMOUNT = rf"(?P<num>{_NUM})(?P<unit>[^（）()]*?)(?:以内)?(?:[（(]基数(?P<base>{_NUM})(?P<bunit>[^（）()]*)[)）])?$"
_ITEM_RE = re.compile(rf"^(?P<subject>.*?)(?P<cmp>{'|'.join(COMPARATOR_WORDS.values())}){_AMOUNT}")
_ADD_LEADS = ("新建", "增加")
_ADD_ITEM_RES = (  # an added count written as a phrase: 新增托位700个 (subject 托位), 新建急救站点4个 (the whole)
    re.compile(rf"^新增(?P<subject>.+?){_AMOUNT}"),
    re.compile(rf"^(?P<subject>(?:{'|'.join(_ADD_LEADS)}).+?){_AMOUNT}"),
)
_MONEY = ("万元", "亿元")


def amount(value, scale: int | None, unit: str) -> str:
    """A value stored in base units as the note writes it: 25.39万人, 95%, 8/10万, 639.168万元."""
    unit = unit or ""
    number = f"{in_scale(value, scale)}{SCALE_WORDS.get(scale or 1, '')}"
    return f"{number}{unit[1:]}" if unit.startswith("1/") else f"{number}{unit}"


def target_note(indicators, split: bool = False) -> str:
    """（指标：…） for ``indicators`` — dicts with subject, comparator, target_value, scale, unit and baseline (stored
    values, base units) — or （分解目标：…） for a split task; （指标：无） for none."""
    items = []
    for ind in indicators:
        word = COMPARATOR_WORDS.get(ind.get("comparator") or "", COMPARATOR_WORDS["reach"])
        scale, unit, subject = ind.get("scale") or 1, ind.get("unit") or "", ind.get("subject") or ""
        value = amount(ind["target_value"], scale, unit)
        if word == COMPARATOR_WORDS["add"] and subject.startswith(_ADD_LEADS):
            item = f"{subject}{value}"  # 新建急救站点4个
        elif word == COMPARATOR_WORDS["add"] and subject and not subject.startswith(word):
            item = f"{word}{subject}{value}"  # 新增托位700个
        else:
            item = f"{subject}{word}{value}"  # 普惠托位不低于470个
        if word == COMPARATOR_WORDS["lte"]:
            item += "以内"
        if ind.get("baseline") is not None:
            item += f"（基数{amount(ind['baseline'], scale, unit)}）"
        items.append(item)
    return f"（{NOTE_LABELS[1] if split else NOTE_LABELS[0]}：{'；'.join(items) or NONE_WORD}）"


def _scaled(number: str, unit: str) -> tuple[float | int, str | None, str]:
    """(value in base units, scale word, unit) of a written amount's number and what follows it."""
    scale = None
    if unit.startswith("/"):
        unit = "1" + unit  # 8/10万: a rate per 10万
    elif unit[:1] in ("万", "亿") and unit not in _MONEY:
        scale, unit = unit[:1], unit[1:]
    value = Decimal(number) * SCALES.get(scale or "", 1)
    return (int(value) if value == value.to_integral_value() else float(value)), scale, unit


def _note_items(body: str, at: int) -> list[Indicator] | None:
    """The note's items as target indicators (``at``: the body's offset in the document), or None when one item
    cannot be read exactly."""
    if body.strip() == NONE_WORD:
        return []
    out = []
    pos = 0
    for item in re.split(r"[；;]", body):
        start = at + pos
        pos += len(item) + 1
        m = _ITEM_RE.match(item.strip())
        comparator = _WORD_COMPARATORS[m.group("cmp")] if m else "add"
        if m is None:
            m = next((found for rx in _ADD_ITEM_RES if (found := rx.match(item.strip()))), None)
        if m is None:
            return None
        try:
            value, scale, unit = _scaled(m.group("num"), m.group("unit"))
            baseline = _scaled(m.group("base"), m.group("bunit"))[0] if m.group("base") else None
        except InvalidOperation:
            return None
        lead = len(item) - len(item.lstrip())
        out.append(
            Indicator(
                text=item.strip(),
                value=value,
                unit=unit or None,
                comparator=comparator,
                subject=m.group("subject") or None,
                role="target",
                start=start + lead,
                end=start + lead + len(item.strip()),
                scale=scale,
                baseline=baseline,
            )
        )
    return out


def _apply_notes(result: ParseResult) -> None:
    """A task text closing with a note: the note's indicators are the task's, and the note leaves the text."""
    for t in result.tasks:
        m = _NOTE_RE.search(t.text) if ("指标" in t.text or "分解目标" in t.text) else None
        if m is None:
            continue
        note = m.group(0).rstrip()
        at = result.text.find(note, t.start)
        declared = _note_items(m.group("body"), (at + m.start("body") - m.start()) if at >= 0 else 0)
        if declared is None:
            continue
        if at >= 0:
            _drop(result, t, at, at + len(note))  # the note's figures as the text reader saw them
        t.indicators = declared  # the text's own figures stay in result.indicators: read, but no targets of it
        result.indicators = sorted(result.indicators + declared, key=lambda i: i.start)
        _set_text(t, t.text[: m.start()].rstrip())


# ------------------------------------------------------------------ helpers
def _drop(result: ParseResult, t: Task, start: int, end: int) -> None:
    """The task's indicators read between ``start`` and ``end`` are none."""
    gone = {id(i) for i in t.indicators if start <= i.start < end}
    if gone:
        t.indicators = [i for i in t.indicators if id(i) not in gone]
        result.indicators = [i for i in result.indicators if id(i) not in gone]


def _set_text(t: Task, text: str) -> None:
    from .structure.vocabulary import title_sentence

    t.text = text
    t.title = title_sentence(text) if text else None


@lru_cache(maxsize=4096)
def text_indicators(text: str) -> tuple[Indicator, ...]:
    """The target indicators a task text gives when read alone, as a table's 目标任务 cell is read (the export asks
    whether its text says a task's indicators as they are, or needs a note)."""
    from .indicators import find_indicators

    found = find_indicators(text, normalize(text), lambda _o: "target", None)
    return tuple(i for i in found if i.role in (None, "target"))


def apply(result: ParseResult) -> None:
    _apply_numbers(result)
    _apply_notes(result)
