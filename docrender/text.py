"""Text helpers shared by every renderer: sanitising, labels, dates."""

from __future__ import annotations

import re
from datetime import date

from docparse.dates import cn_date  # noqa: F401  (the one date writer, used across docrender)

# Characters that XML 1.0 forbids (and that Word / Excel refuse): C0 controls
# except TAB, LF, CR.  Everything else — NBSP, U+3000, emoji — is kept.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

SELF_ASSESSMENT_LABELS = {"ahead": "超前", "on_track": "正常", "behind": "滞后"}
SELF_ASSESSMENT_CHOICES = ("超前", "正常", "滞后")
COMPLETED_CHOICES = ("已完成", "未完成")


def sanitize(text: object) -> str:
    """Return ``text`` as a str with XML-illegal control characters removed.

    CR/LF pairs become LF; nothing else is changed.
    """
    if text is None:
        return ""
    s = str(text)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_XML.sub("", s)


def self_assessment_label(value: str | None) -> str:
    if not value:
        return ""
    if value in SELF_ASSESSMENT_LABELS:
        return SELF_ASSESSMENT_LABELS[value]
    # Already a Chinese label (or something unexpected): show it as-is.
    return sanitize(value)


def completed_label(value: bool | None) -> str:
    if value is None:
        return ""
    return COMPLETED_CHOICES[0] if value else COMPLETED_CHOICES[1]


def cn_month_day(d: date | None) -> str:
    if d is None:
        return ""
    return f"{d.month}月{d.day}日"


def lines(text: str) -> list[str]:
    """Split sanitised text into paragraphs (one per line)."""
    return sanitize(text).split("\n")
