"""目标考核规则 — pure: events in, ledger lines out. No Django imports.

A scheme's rules are data (a dict, stored as JSON on ScoringScheme). Each event the app gathers
from the logs (a submission's timestamps against its due date, a 退回 review, a filing's
self-assessment, a final reminder left unanswered…) is a plain ``Event``; ``apply`` turns each
event into at most one ``Line`` with its points. The same events under the same rules always give
the same lines (recomputing is idempotent), and a changed rule changes only the lines of events
that rule prices (``diff``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# rule key → its parameters (typical values from the 目标考核 practice; every one editable).
DEFAULT_RULES: dict[str, dict[str, float]] = {
    "on_time": {"points": 0},  # 按时报送
    "late": {"per_day": -0.1, "cap": -2},  # 逾期报送：每个工作日扣分，封顶
    "missing": {"per_item": -0.5, "half_year": -10},  # 催办后仍未报送：每项 / 每份半年报告
    "returned": {"points": -2},  # 因质量问题被退回
    "behind": {"points": -1, "lead": 1, "co": 0.5},  # 某轮次滞后
    "not_completed": {"lead": -5, "co": -2.5},  # 年末未完成
    "completed": {"lead": 2, "co": 1},  # 年末已完成
    "ahead": {"points": 0.5, "over_target": 1},  # 超前 / 超额完成
    "yellow_card": {"after": 2, "points": 0},  # 黄牌：累计 N 个轮次滞后
    "red_card": {"after": 3, "points": -1},  # 红牌
    "quality": {"points": 0, "below": 80},  # 报送质量低于 below 分的每个单位每轮次（0 = 不计，默认关闭）
}
DEFAULT_BASE = Decimal("80")
DEFAULT_CAP = Decimal("100")

EVENTS = tuple(DEFAULT_RULES)  # each event is priced by the rule of the same name
CENT = Decimal("0.01")


def D(value) -> Decimal:
    return Decimal(str(value))


@dataclass(frozen=True)
class Event:
    """One logged fact about one unit. ``key`` is stable across recomputations (e.g. ``late:s12``)."""

    key: str
    unit_id: int
    on: date
    event: str  # a rule key
    role: str = "lead"  # lead / co: who the fact is about
    quantity: int | float = 1  # working days late, items missing, lagging rounds, a 报送质量 score…
    half_year: bool = False  # a missing half-year report
    refs: dict = field(default_factory=dict, hash=False, compare=False)  # round/submission/filing/review/reminder ids
    note: str = ""


@dataclass(frozen=True)
class Line:
    key: str
    unit_id: int
    on: date
    event: str
    rule: str  # the rule and the parameter that priced it, e.g. "late.per_day×3"
    points: Decimal
    refs: dict = field(default_factory=dict, hash=False, compare=False)
    note: str = ""


def merged(rules: dict | None) -> dict:
    """The scheme's rules over the defaults (a rule or parameter left out keeps its default)."""
    out = {k: dict(v) for k, v in DEFAULT_RULES.items()}
    for name, params in (rules or {}).items():
        if name in out and isinstance(params, dict):
            out[name].update(
                {k: v for k, v in params.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
            )
    return out


def validate(rules) -> list[str]:
    """Problems with a rules document (unknown rule, non-numeric parameter) — empty when it is fine."""
    problems = []
    if not isinstance(rules, dict):
        return ["rules must be an object"]
    for name, params in rules.items():
        if name not in DEFAULT_RULES:
            problems.append(f"unknown rule: {name}")
        elif not isinstance(params, dict):
            problems.append(f"{name}: parameters must be an object")
        else:
            for key, value in params.items():
                if key not in DEFAULT_RULES[name]:
                    problems.append(f"{name}.{key}: unknown parameter")
                elif isinstance(value, bool) or not isinstance(value, (int, float)):
                    problems.append(f"{name}.{key}: must be a number")
    return problems


def price(event: Event, rules: dict) -> tuple[Decimal, str]:
    """(points, rule text) for one event under the merged rules."""
    r = rules[event.event]
    if event.event == "late":
        points = (
            max(D(r["per_day"]) * event.quantity, D(r["cap"]))
            if D(r["per_day"]) < 0
            else D(r["per_day"]) * event.quantity
        )
        return points, f"late.per_day×{event.quantity} (cap {r['cap']})"
    if event.event == "missing":
        if event.half_year:
            return D(r["half_year"]), "missing.half_year"
        return D(r["per_item"]) * event.quantity, f"missing.per_item×{event.quantity}"
    if event.event == "behind":
        return D(r["points"]) * D(r[event.role]), f"behind.points×{event.role}"
    if event.event in ("not_completed", "completed"):
        return D(r[event.role]), f"{event.event}.{event.role}"
    if event.event == "ahead":
        name = "over_target" if event.quantity > 1 else "points"
        return D(r[name]), f"ahead.{name}"
    if event.event == "quality":  # quantity: the round's 报送质量 score (0–100)
        return (
            D(r["points"]) if event.quantity < D(r["below"]) else Decimal(0)
        ), f"quality.points (below {r['below']})"
    return D(r["points"]), f"{event.event}.points"


def quality_on(rules: dict | None) -> bool:
    """报送质量 is scored only when the scheme gives it points (off by default)."""
    return D(merged(rules)["quality"]["points"]) != 0


def apply(events: list[Event], rules: dict | None) -> list[Line]:
    """Price every event; escalation cards follow the count of lagging rounds per unit."""
    rules = merged(rules)
    lines = []
    for e in events:
        points, text = price(e, rules)
        if e.event == "quality" and not points:  # a good 报送质量, or the rule switched off: no line
            continue
        lines.append(Line(e.key, e.unit_id, e.on, e.event, text, points.quantize(CENT, ROUND_HALF_UP), e.refs, e.note))
    for unit_id, card, on, count in cards(events, rules):
        points = D(rules[card]["points"]).quantize(CENT, ROUND_HALF_UP)
        lines.append(
            Line(
                f"{card}:u{unit_id}",
                unit_id,
                on,
                card,
                f"{card}.after={int(rules[card]['after'])}",
                points,
                {},
                str(count),
            )
        )
    return sorted(lines, key=lambda line: (line.on, line.unit_id, line.key))


def cards(events: list[Event], rules: dict):
    """(unit, card, date reached, lagging rounds) — 黄牌 after N lagging rounds, 红牌 after M."""
    lagging: dict[int, list[date]] = {}
    for e in sorted(events, key=lambda e: e.on):
        if e.event == "behind" and e.role == "lead":
            lagging.setdefault(e.unit_id, []).append(e.on)
    out = []
    for unit_id, dates in lagging.items():
        yellow, red = int(rules["yellow_card"]["after"]), int(rules["red_card"]["after"])
        if red and len(dates) >= red:
            out.append((unit_id, "red_card", dates[red - 1], len(dates)))
        elif yellow and len(dates) >= yellow:
            out.append((unit_id, "yellow_card", dates[yellow - 1], len(dates)))
    return out


def total(lines, manual_points, base, cap) -> Decimal:
    """Base + computed + manual, capped above (a cap of None means no cap); never below zero."""
    value = D(base) + sum((line.points for line in lines), Decimal(0)) + sum((D(p) for p in manual_points), Decimal(0))
    if cap is not None:
        value = min(value, D(cap))
    return max(value, Decimal(0)).quantize(CENT, ROUND_HALF_UP)


def diff(old: list[Line], new: list[Line]) -> list[tuple[Line | None, Line | None]]:
    """Lines that differ (by key): (old, None) removed, (None, new) added, (old, new) changed points."""
    before = {line.key: line for line in old}
    after = {line.key: line for line in new}
    out = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is None or b is None or a.points != b.points or a.rule != b.rule:
            out.append((a, b))
    return out


def working_days_between(start: date, end: date, holidays=frozenset()) -> int:
    """Working days after ``start`` up to and including ``end`` (Mon–Fri, minus holidays)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days += 1
    return days
