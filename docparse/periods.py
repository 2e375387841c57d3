"""Reporting periods and titles of rounds and plans, as Chinese work documents write them (pure text, no Django).

>>> plan_title_from_report("2023年政府工作报告目标任务完成情况填报表")
'2023年政府工作报告目标任务'
>>> round_period_end("2023年上半年", 2023)
datetime.date(2023, 6, 30)
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata

# the plan kinds a title names, first match wins (codes of plans.models.Plan.Kind)
PLAN_KIND_WORDS = (
    ("政府工作报告", "gov_report"),
    ("民生实事", "livelihood"),
    ("工作要点", "work_points"),
    ("重点工作", "key_work"),
)
_PERIOD = r"(第[一二三四1-4]季度|上半年|下半年|前三季度|1-\d+月)"
_ROUND_IN_TITLE = re.compile(r"(\d{4})年" + _PERIOD)
# a round's name as a title writes it: 2025年第一季度, 2022年度, 2026年上半年（市级分解任务） — a bracketed
# qualifier right after the period belongs to the name (not a （截至…） date)
_ROUND_SUFFIX = r"(?:（(?!截[至止])[^（）]{1,15}）)?"
_ROUND_NAME_IN_TITLE = re.compile(r"\d{4}年(?:" + _PERIOD.strip("()") + r"|度)" + _ROUND_SUFFIX)
_PERIOD_MONTHS = {
    "第一季度": 3,
    "一季度": 3,
    "第二季度": 6,
    "二季度": 6,
    "上半年": 6,
    "第三季度": 9,
    "三季度": 9,
    "前三季度": 9,
    "第四季度": 12,
    "四季度": 12,
    "下半年": 12,
    "全年": 12,
}
_ROUND_PERIOD = re.compile(r"(?:(\d{4})年)?(前三季度|第[一二三四]季度|[一二三四]季度|上半年|下半年|全年|1-(\d{1,2})月)")
_SUMMARY_TITLE = re.compile(r"总结|汇报|工作情况|工作思路")
_NOT_SUMMARY_TITLE = re.compile(r"[。；，,:：]$|^[(（一二三四五六七八九十\d]")


def plan_kind(title: str | None) -> str | None:
    """政府工作报告 → gov_report, 民生实事 → livelihood, 工作要点 → work_points, 重点工作 → key_work; else None."""
    title = title or ""
    # the word named first wins: 市政府重点工作和民生实事工作 is 重点工作 (with its 民生实事), not 民生实事
    found = [(title.index(word), kind) for word, kind in PLAN_KIND_WORDS if word in title]
    return min(found)[1] if found else None


def plan_title_from_report(title: str | None) -> str:
    """2023年政府工作报告目标任务完成情况填报表 → 2023年政府工作报告目标任务."""
    title = re.sub(r"[（(]截[至止][^）)]*[)）]$", "", title or "").strip()
    # (…民生实事工作完成情况 keeps its 工作: the plan is 民生实事工作, and the table's title is rebuilt from it)
    title = re.sub(r"(完成|进展|推进)情况(填报表|汇总表|统计表|表)?$", "", title).strip()
    title = re.sub(r"(?<=年)" + _PERIOD + _ROUND_SUFFIX, "", title)
    title = re.sub(r"(?<=\d{4}年)度", "", title)  # 2022年度 is the round; the plan is 2022年…
    title = re.sub(r"^.{2,30}?(卫生健康局|卫生健康委员会|卫健局|卫健委)(?=\d{4}年)", "", title)
    return title or "导入的计划"


def iso_date(value) -> datetime.date | None:
    """ "2024-07-05" (or a longer ISO timestamp) → date; None when it is none."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def round_name_from_report(doc: dict) -> str:
    """A parsed report's round name: 2025年第一季度 from the title when it says so, else the year and the half of the
    as-of date (上半年 / 全年)."""
    title = doc.get("title") or ""
    found = _ROUND_NAME_IN_TITLE.search(title)
    if found:
        return found.group(0)
    year = doc.get("year") or ""
    as_of = iso_date(doc.get("as_of")) or iso_date((doc.get("metadata") or {}).get("填报时间"))
    if as_of:
        half = "上半年" if as_of.month <= 7 else "全年"
        return f"{year or as_of.year}年{half}"
    return f"{year}年" if year else "导入轮次"


def round_period_end(round_name: str | None, year: int) -> datetime.date | None:
    """The last day of the period a round's name states: 2023年上半年 → 2023-06-30 (the name's own year wins over
    ``year``); None when it states none. (dates.period_end reads the looser periods of document titles.)"""
    found = _ROUND_PERIOD.search(round_name or "")
    if not found:
        return None
    year = int(found.group(1) or year)
    month = int(found.group(3)) if found.group(3) else _PERIOD_MONTHS[found.group(2)]
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def summary_parts(doc: dict) -> list[str]:
    """A collection of summaries: the title lines that start each one (工作总结 / 工作思路), in order."""
    out = []
    for line in (doc.get("text") or "").split("\n"):
        t = line.strip()
        if 6 <= len(t) <= 40 and _SUMMARY_TITLE.search(t) and not _NOT_SUMMARY_TITLE.search(t):
            out.append(t)
    return out


def match_key(text: str | None) -> str:
    """A text reduced for similarity matching: NFKC, without punctuation, spaces and underscores."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or ""))


_ISSUER_LINE = re.compile(r"^\S{2,40}(局|委员会|委|政府|办公室|中心)$")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def issue_date(text: str) -> str | None:
    """The 成文日期 (ISO) of a document: the date standing on its own line right under the issuer's name
    (杭州市江干区卫生健康局 / 2020年6月4日 at the end of a 印发 notice or a plan), the first such pair."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for prev, line in zip(lines, lines[1:], strict=False):
        m = _DATE_LINE.match(line)
        if m and _ISSUER_LINE.match(prev):
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return None
