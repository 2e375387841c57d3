"""工作日 — working days for the 20-working-day rule (政府信息公开条例 art. 26). Pure Python.

Weekends are rest days, except the make-up workdays (调休上班); holidays are rest days whatever
the weekday.
"""

from __future__ import annotations

import datetime


def is_workday(day: datetime.date, holidays=frozenset(), makeup_workdays=frozenset()) -> bool:
    if day in makeup_workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def add_workdays(start: datetime.date, count: int, holidays=frozenset(), makeup_workdays=frozenset()) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_workday(day, holidays, makeup_workdays):
            remaining -= 1
    return day


def workdays_between(
    start: datetime.date, end: datetime.date, holidays=frozenset(), makeup_workdays=frozenset()
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_workday(day, holidays, makeup_workdays):
            count += 1
    return count


def parse_dates(text: str) -> frozenset[datetime.date]:
    """``2025-01-01,2025-01-28`` (commas, spaces or new lines) → a set of dates; ranges ``a..b`` allowed."""
    days = set()
    for item in text.replace("\n", ",").replace(" ", ",").split(","):
        item = item.strip()
        if not item:
            continue
        first, _sep, last = item.partition("..")
        start = datetime.date.fromisoformat(first)
        end = datetime.date.fromisoformat(last) if last else start
        while start <= end:
            days.add(start)
            start += datetime.timedelta(days=1)
    return frozenset(days)
