"""数字核对 — check the figures stated in a Chinese progress text. Pure Python, no Django.

* ``extract_quantities`` finds Arabic numbers with their measure word (人, 个, 家 …), 万/亿 scaling
  and percentages (% ％ ‰).
* ``check_rates`` finds rate statements (…率 / 占比 / 比例 followed by a percentage) and recomputes
  them from a part and a whole with the same measure word in the same or the previous sentence:
  when no such pair gives the stated rate (within one unit of its last decimal place, which covers
  rounding and truncation) the rate is flagged with the pair nearest before it.
* ``check_text`` adds contradictions with the filing: 完成进度100% in a filing marked 未完成 (and
  below 100% in one marked 已完成), and counts of an indicator's subject that differ from the actual
  entered for it.

Flags are advice. A message is a Chinese msgid with named figures; it is translated when read
(``Flag.message``), through ``translate``, which the supervision app points at Django's gettext.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from docparse.numbers import SCALES, plain_number

MEASURE_WORDS = (
    "人次",
    "万元",
    "元",
    "人",
    "个",
    "家",
    "张",
    "所",
    "次",
    "例",
    "名",
    "户",
    "床",
    "台",
    "项",
    "份",
    "支",
    "场",
    "期",
    "篇",
    "件",
    "只",
    "辆",
    "座",
    "条",
    "处",
    "批",
    "套",
    "剂",
    "针",
    "册",
    "本",
    "村",
    "镇",
    "街道",
    "小时",
    "天",
    "岁",
)
NUMBER_RE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万|亿)?\s*(%|％|‰|"
    + "|".join(sorted(MEASURE_WORDS, key=len, reverse=True))
    + r")?"
)
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
RATE_WORDS = re.compile(r"(率|占比|比例|比重|覆盖面)[^\d，,。；]{0,6}$")
NOT_PART_WHOLE = re.compile(r"(增长|增幅|下降|降低|减少|提高|提升|同比|环比|增速)[^\d，,。；]{0,8}$")
PROGRESS_WORDS = re.compile(r"(完成进度|完成率|进度|完成)[^\d，,。；]{0,6}$")
FULL_DONE_PHRASES = re.compile(r"(已完成全年(?:目标)?任务|提前完成全年|全面完成(?:全年)?(?:目标)?任务|任务已全部完成)")
# A part and a whole are counted only when the rate is not a growth rate, and at most 100%.


class Quantity(NamedTuple):  # a tuple: a page judging hundreds of texts builds thousands of them
    value: Decimal
    unit: str  # measure word, or "%" / "‰"
    start: int
    end: int
    raw: str
    sentence: int
    decimals: int  # digits after the decimal point as written

    @property
    def is_percent(self):
        return self.unit in ("%", "‰")


def _(text):
    """Marks a msgid for makemessages; the text is translated when the flag is read."""
    return text


def translate(text):  # replaced by django.utils.translation.gettext in SupervisionConfig.ready()
    return text


@dataclass
class Flag:
    kind: str  # "rate" | "progress" | "actual" | "unchanged"
    template: str  # Chinese msgid with %(name)s placeholders
    start: int | None = None
    end: int | None = None
    figures: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    @property
    def message(self):
        """The message in the active language (Chinese when nothing translates it)."""
        return translate(self.template) % self.params

    def __str__(self):
        return self.message


def _sentence_starts(text):
    starts = [0]
    for m in SENTENCE_END.finditer(text):
        starts.append(m.end())
    return starts


def extract_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its measure word (or % / ‰), 万/亿 applied, in order."""
    text = text or ""
    starts = _sentence_starts(text)
    out = []
    sentence = 0
    for m in NUMBER_RE.finditer(text):
        while sentence + 1 < len(starts) and starts[sentence + 1] <= m.start():
            sentence += 1
        whole, frac, scale, unit = m.group(1), m.group(2) or "", m.group(3), m.group(4) or ""
        try:
            value = Decimal(whole.replace(",", "") + frac)
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
        if unit == "％":
            unit = "%"
        if scale:
            if unit in ("%", "‰"):
                continue  # "3万%" is not a thing
            value *= SCALES[scale]
        if unit == "万元":
            value *= SCALES["万"]
            unit = "元"
        out.append(
            Quantity(value, unit, m.start(), m.end(), m.group(0).strip(), sentence, len(frac) - 1 if frac else 0)
        )
    return out


def _rate_matches(part, whole, stated, decimals, per=100):
    computed = Decimal(part) / Decimal(whole) * per
    tolerance = Decimal(1).scaleb(-decimals) + Decimal("1e-9")
    return abs(computed - stated) <= tolerance, computed


def check_rates(text: str, quantities: list[Quantity] | None = None) -> list[Flag]:
    """Flag rate statements that no part/whole pair nearby reproduces (see module docstring)."""
    text = text or ""
    qs = quantities if quantities is not None else extract_quantities(text)
    flags = []
    for i, rate in enumerate(qs):
        if not rate.is_percent:
            continue
        lead = text[max(0, rate.start - 12) : rate.start]
        if not RATE_WORDS.search(lead) or NOT_PART_WHOLE.search(lead):
            continue
        per = 1000 if rate.unit == "‰" else 100
        if rate.value > per:
            continue
        # Counts before the rate, in the same or the previous sentence, grouped by measure word.
        before = [q for q in qs[:i] if not q.is_percent and q.unit and rate.sentence - 1 <= q.sentence <= rate.sentence]
        pairs = []
        for a_index, a in enumerate(before):
            for b in before[a_index + 1 :]:
                if a.unit != b.unit:
                    continue
                part, whole = (a, b) if a.value <= b.value else (b, a)
                if whole.value > 0:
                    pairs.append((part, whole))
        if not pairs:
            continue
        if any(_rate_matches(p.value, w.value, rate.value, rate.decimals, per)[0] for p, w in pairs):
            continue
        # Report the pair nearest before the rate: the latest part with the latest larger whole before it.
        part, whole = max(pairs, key=lambda pw: (max(pw[0].start, pw[1].start), min(pw[0].start, pw[1].start)))
        _ok, computed = _rate_matches(part.value, whole.value, rate.value, rate.decimals, per)
        sign = "‰" if per == 1000 else "%"
        flags.append(
            Flag(
                "rate",
                _("比率与数字不符：%(part)s/%(whole)s = %(computed)s，文中为%(stated)s。"),
                rate.start,
                rate.end,
                {
                    "part": str(part.value),
                    "whole": str(whole.value),
                    "stated": str(rate.value),
                    "computed": plain_number(computed, places=2),
                    "unit": part.unit,
                },
                {
                    "part": plain_number(part.value, places=2),
                    "whole": plain_number(whole.value, places=2),
                    "computed": f"{plain_number(computed, places=2)}{sign}",
                    "stated": rate.raw,
                },
            )
        )
    return flags


def check_progress(text, completed, quantities=None) -> list[Flag]:
    """完成进度100% (or 已完成全年任务) in a filing marked 未完成, and below 100% in one marked 已完成."""
    text = text or ""
    if completed is None:
        return []
    qs = quantities if quantities is not None else extract_quantities(text)
    flags = []
    for q in qs:
        if q.unit != "%":
            continue
        lead = text[max(0, q.start - 10) : q.start]
        if not PROGRESS_WORDS.search(lead) or RATE_WORDS.search(lead) and "完成率" not in lead:
            continue
        if completed is False and q.value >= 100:
            flags.append(
                Flag(
                    "progress",
                    _("文中写明“%(stated)s”，但是否完成选的是“未完成”。"),
                    q.start,
                    q.end,
                    {"stated": str(q.value)},
                    {"stated": lead.strip() + q.raw},
                )
            )
        elif completed is True and q.value < 100 and ("进度" in lead or "完成率" in lead):
            flags.append(
                Flag(
                    "progress",
                    _("文中写明“%(stated)s”，但是否完成选的是“已完成”。"),
                    q.start,
                    q.end,
                    {"stated": str(q.value)},
                    {"stated": lead.strip() + q.raw},
                )
            )
    if completed is False:
        for m in FULL_DONE_PHRASES.finditer(text):
            flags.append(
                Flag(
                    "progress",
                    _("文中写明“%(stated)s”，但是否完成选的是“未完成”。"),
                    m.start(),
                    m.end(),
                    {},
                    {"stated": m.group(0)},
                )
            )
    return flags


@dataclass(frozen=True)
class ActualInput:
    subject: str
    unit: str
    value: Decimal
    baseline: Decimal | None = None


def _subject_keys(subject):
    subject = (subject or "").strip()
    keys = {subject}
    for suffix in ("数量", "人数", "个数", "数"):
        if subject.endswith(suffix) and len(subject) > len(suffix) + 1:
            keys.add(subject[: -len(suffix)])
    return {k for k in keys if len(k) >= 2}


def check_actuals(text, actuals, quantities=None) -> list[Flag]:
    """Counts of an indicator's subject in the text that all differ from the actual entered."""
    text = text or ""
    qs = quantities if quantities is not None else extract_quantities(text)
    flags = []
    for actual in actuals:
        if actual.value is None or not actual.unit:
            continue
        unit = "%" if actual.unit == "％" else actual.unit
        keys = _subject_keys(actual.subject)
        mentions = []
        previous_end = 0
        for q in qs:
            lead_start = max(previous_end, q.start - 15)
            previous_end = q.end
            if q.unit != unit:
                continue
            lead = text[lead_start : q.start]
            if any(k in lead for k in keys):
                mentions.append(q)
        if not mentions:
            continue
        accepted = {Decimal(actual.value)}
        if actual.baseline is not None:
            accepted.add(Decimal(actual.value) - Decimal(actual.baseline))
        if any(any(abs(q.value - a) <= Decimal(1).scaleb(-max(q.decimals, 0)) / 2 for a in accepted) for q in mentions):
            continue
        stated = "、".join(q.raw for q in mentions)
        flags.append(
            Flag(
                "actual",
                _("文中“%(subject)s”为%(stated)s，与填报的指标完成值%(actual)s不一致。"),
                mentions[0].start,
                mentions[0].end,
                {"subject": actual.subject, "stated": [str(q.value) for q in mentions], "actual": str(actual.value)},
                {
                    "subject": actual.subject,
                    "stated": stated,
                    "actual": f"{plain_number(actual.value, places=2)}{actual.unit}",
                },
            )
        )
    return flags


def check_text(text, completed=None, actuals=()) -> list[Flag]:
    """All figure checks of one text."""
    qs = extract_quantities(text or "")
    return check_rates(text, qs) + check_progress(text, completed, qs) + check_actuals(text, actuals, qs)
