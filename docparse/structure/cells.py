"""How well some paragraphs fit a column: the score that aligns the cells of headerless and flattened tables."""

from __future__ import annotations

import re
from functools import lru_cache

from ..dates import parse_date
from ..model import Cell
from ..text import normalize
from .vocabulary import PROBLEM_RE, REASON_RE, SELF_ASSESS_RE, SERIAL_RE, completed, unitish

_PERSON_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,4}(?:[(（][^()（）]{1,12}[)）])?$|^[\u4e00-\u9fff]{2,4}[、，,][\u4e00-\u9fff、，,]{2,20}$"
)
_LEADER_TITLE_RE = re.compile(r"局长|主任|书记|院长|调研员|组长|部长|区长|县长|市长")
_MEASURE_RE = re.compile(
    r"^(?:1?/\s*(?:10|十)?万|1/千|‰|%|％|个百分点|百分点|[\u4e00-\u9fff]{1,4}(?:/[\u4e00-\u9fff]{1,3})?|"
    r"万[\u4e00-\u9fff]{1,2}|[a-zA-Z]{1,4})$"
)
TARGET_RE = re.compile(r"^[<>≤≥＜＞≦≧]?\s*[=＝]?\s*\d+(?:\.\d+)?\s*(?:%|％|‰)?\s*(?:以上|以下|以内|左右)?$")
_ATTRIBUTE_RE = re.compile(r"^(预期性|约束性|指导性|预期|约束)$")
COMPARATOR_CELL_RE = re.compile(r"^(?:[<>≤≥＜＞≦≧=＝]{1,2}|大于|小于|等于|不低于|不高于|不少于|不超过|定性|定量)$")
_DEADLINE_WORDS = re.compile(r"年底|年末|季度|上半年|下半年|月|长期|持续")
EMPTY_COST = {
    "task": -8.0,
    "completion": -1.5,
    "unit": -1.5,
    "co_units": -0.6,
    "leader": -2.0,
    "remarks": -0.2,
    "problems": -0.6,
    "reason": -0.6,
    "self_assessment": -1.5,
    "completed": -1.5,
    "deadline": -1.5,
    "measure_unit": -0.8,
    "target_value": -3.0,
    "category": -1.0,
    "comparator": -1.0,
    "actual_value": -1.0,
    "attribute": -1.0,
    "district": -1.0,
}
TEXT_ROLES = ("task", "completion", "problems", "reason")
_CONTINUATION_COST = {"task": -0.6, "completion": -0.05}  # each paragraph after the first of a text cell


def cell_fit(role: str | None, toks: list[Cell | None]) -> float:
    """Score of ``toks`` (paragraphs; None = an empty paragraph) as one cell of column ``role``."""
    if not toks:
        return EMPTY_COST.get(role or "", -0.3)
    if any(t is None for t in toks):
        if len(toks) > 1:
            return -8.0
        return -8.0 if role == "task" else 0.6  # an empty paragraph is exactly an empty cell
    return _texts_fit(role, tuple(t.text for t in toks))


def _short_fit(role: str | None, t0: str) -> float | None:
    """Score of one paragraph in a column of short values (单位, 自评, 序号 …); None for the other columns."""
    if role == "leader":
        return (
            2.0 if len(t0) <= 24 and (_PERSON_RE.match(t0) or _LEADER_TITLE_RE.search(t0)) and not unitish(t0) else -4.0
        )
    if role == "remarks":
        return 0.3 if len(t0) <= 30 and "。" not in t0 else -2.0
    if role == "self_assessment":
        return 3.0 if SELF_ASSESS_RE.match(normalize(t0).strip()) else -5.0
    if role == "completed":
        return 3.0 if len(t0) <= 8 and completed(t0) is not None else -5.0
    if role == "deadline":
        return 2.0 if len(t0) <= 20 and (parse_date(t0, 2000) or _DEADLINE_WORDS.search(t0)) else -4.0
    if role == "measure_unit":
        return 1.5 if _MEASURE_RE.match(normalize(t0).strip()) and not unitish(t0) else -4.0
    if role == "target_value":
        if TARGET_RE.match(normalize(t0).strip()):
            return 3.0
        return 0.4 if len(t0) <= 12 and "。" not in t0 and not unitish(t0) else -4.0
    if role == "attribute":
        return 3.0 if _ATTRIBUTE_RE.match(normalize(t0).strip()) else -3.0
    if role == "comparator":
        return 3.0 if COMPARATOR_CELL_RE.match(normalize(t0).strip()) else -4.0
    if role == "actual_value":
        return 2.0 if TARGET_RE.match(normalize(t0).strip()) else (0.2 if len(t0) <= 12 and "。" not in t0 else -4.0)
    if role == "number":
        return 1.0 if SERIAL_RE.match(t0) else -4.0
    if role == "category":
        return 0.5 if len(t0) <= 20 else -2.0
    if role == "district":
        return 0.5 if len(t0) <= 12 and not re.search(r"[。；;，,]", t0) else -4.0
    return None


_SHORT_ROLES = {
    "leader": -4.0,
    "remarks": -2.0,
    "self_assessment": -5.0,
    "completed": -5.0,
    "deadline": -4.0,
    "measure_unit": -4.0,
    "target_value": -4.0,
    "number": -4.0,
    "category": -2.0,
    "comparator": -4.0,
    "actual_value": -4.0,
    "attribute": -4.0,
    "district": -4.0,
}  # several paragraphs


def _text_fit(role: str, texts: tuple[str, ...]) -> float:
    """A 任务 / 完成情况 / 存在问题 / 原因 cell: running text, no unit, no 自评 word, no bare number."""
    score = 0.0
    for i, x in enumerate(texts):
        nx = normalize(x).strip()
        if (
            unitish(x)
            or SELF_ASSESS_RE.match(nx)
            or (len(nx) <= 4 and completed(nx) is not None)
            or TARGET_RE.match(nx)
        ):
            score -= 3.5
        elif i == 0:
            score += 1.0
        else:
            score += _CONTINUATION_COST.get(role, -0.3)
    t0 = texts[0]
    if role == "problems" and not PROBLEM_RE.search(t0[:12]):
        score -= 2.0
    if role == "reason" and not REASON_RE.match(t0):
        score -= 1.5
    if role == "task" and len(texts) == 1 and _PERSON_RE.match(t0) and len(t0) <= 6:
        score -= 1.5
    return score


@lru_cache(maxsize=65536)
def _texts_fit(role: str | None, texts: tuple[str, ...]) -> float:
    t0 = texts[0]
    single = len(texts) == 1
    if role in ("unit", "co_units"):
        if not single:
            return -4.0 if not all(unitish(x) for x in texts) else -1.0
        return (2.0 if role == "unit" else 1.6) if unitish(t0) else -4.0
    if role in _SHORT_ROLES:
        return _short_fit(role, t0) if single else _SHORT_ROLES[role]
    if role in TEXT_ROLES:
        return _text_fit(role, texts)
    return 0.0 if single else -1.0


def gap_cost(tgap: list[int], base: int, i: int, j: int, boundary_after: bool) -> float:
    """Consecutive paragraphs closer than the usual gap belong to one cell."""
    if base <= 0:
        return 0.0
    cost = 0.0
    for k in range(i, j - 1):
        if tgap[k] < base:
            cost += 0.4
    if boundary_after and j - 1 >= 0 and j - 1 < len(tgap) and tgap[j - 1] < base:
        cost -= 2.5
    return cost
