"""Outline numbering: the labels that open headings and tasks (第一部分 / 一、 / （一） / 1. / （1） / ① / 一是)."""

from __future__ import annotations

import re

from ..text import normalize

CN_NUMERALS = "一二三四五六七八九十"
_CN = CN_NUMERALS
LABEL_STYLES = [  # (style, rank, regex on normalized text)
    ("chapter", 0, re.compile(rf"^\s*第[{_CN}百]+(?:部分|章|节|篇)[、,，:：.\s]*|^\s*第[{_CN}]{{1,3}}[、,，:：]\s*")),
    ("cn", 1, re.compile(rf"^\s*[{_CN}]{{1,3}}\s*[、.,，]\s*")),
    ("pcn", 2, re.compile(rf"^\s*[(\[][{_CN}]{{1,3}}[)\]][、.]?\s*|^\s*[㈠-㈩]\s*")),
    (
        "ar",
        3,
        re.compile(
            r"^\s*\d{1,2}\s*(?:[、.](?!\d)|\.(?=\d{1,2}\s*(?:[-—~至]\s*\d{1,2}\s*)?月)|[、.](?=(?:19|20)\d{2}(?:\s*年|(?![万亿千百元个人家所项次件台辆张床名户例场份余多])[\u4e00-\u9fff])))\s*"
        ),
    ),
    ("par", 4, re.compile(r"^\s*[(\[]\d{1,2}[)\]][、.]?\s*|^\s*[⑴-⒇]\s*")),
    ("circ", 5, re.compile(r"^\s*[①-⑳❶-❿]\s*")),
    ("shi", 6, re.compile(rf"^\s*[{_CN}]{{1,3}}是[，,:：]?\s*")),
]
RANK = {s: r for s, r, _ in LABEL_STYLES}
RANK["rec"] = 7  # unnumbered items: 目标任务： records, a title line before 工作措施：, items ending in （单位）
RANK["head"] = 0.5  # an unnumbered section heading: a Word heading paragraph, or a bare line over numbered items
HEADING_STYLES = ("chapter", "cn", "pcn")  # the styles that head a section inside a table

# "目标任务：…" opens an unnumbered task record; "工作措施：…" continues one
REC_START_RE = re.compile(
    r"^\s*(?:具体任务|目标任务|工作任务|重点任务|任务内容|主要任务|任务名称|项目名称|项目内容)\s*[:：]\s*(?=\S)"
)
# the label alone on its line, its value on the next ("具体任务" / "新建…")
REC_LABEL_LINE_RE = re.compile(
    r"^\s*(?:具体任务|目标任务|工作任务|重点任务|任务内容|主要任务|任务名称|项目名称|项目内容)\s*[:：]?\s*$"
)
MEASURE_LINE_RE = re.compile(
    r"^\s*(?:工作措施|主要措施|具体措施|工作举措|推进措施|主要举措|工作目标|主要内容|工作内容|目标任务|"
    r"任务内容)\s*[:：]\s*"
)
_AR_DIGIT_RE = re.compile(r"^\d")
_AR_YEAR_RE = re.compile(
    r"^(?:19|20)\d{2}(?:\s*年|(?=[\u4e00-\u9fff])(?![万亿千百元个人家所项次件台辆张床名户例场份余多]))"
)  # 1.2024年… / 1.2024新建…
_AR_MONTH_RE = re.compile(r"^\d{1,2}\s*(?:[-—~至]\s*\d{1,2}\s*)?月")
_NUMBER_RE = re.compile(rf"\d+|[{_CN}]+|[①-⑳⑴-⒇㈠-㈩❶-❿]")
_BARE_NUMBER_RE = re.compile(rf"[(（\[]?\s*(\d{{1,4}}|[{_CN}百]{{1,4}}|[①-⑳⑴-⒇㈠-㈩❶-❿])\s*[)）\]]?\s*[、.．,，]?")
# code point ranges of the enclosed numerals: ① ⑴ ❶ count from 1, ㈠ stands for 一
_ENCLOSED = ((0x2460, 0x2473), (0x2474, 0x2487), (0x2776, 0x277F))


def outline_label(norm_text: str) -> tuple[str, str, int] | None:
    """(style, label, label_end) for a paragraph that starts with an outline number, else None."""
    for style, _, rx in LABEL_STYLES:
        m = rx.match(norm_text)
        if m:
            rest = norm_text[m.end() :]
            if not rest.strip():
                return None
            if (
                style == "ar"
                and _AR_DIGIT_RE.match(rest)
                and not _AR_MONTH_RE.match(rest)
                and not _AR_YEAR_RE.match(rest)
            ):
                return None  # "1.5万人" is a number, not item 1
            return style, norm_text[: m.end()].strip(), m.end()
    return None


def heading_label(text: str) -> tuple[str | None, str]:
    """(label, title) of a heading cell or line: "一、民生实事项目" -> ("一、", "民生实事项目"); no label -> (None, text)."""
    lab = outline_label(normalize(text))
    if lab and lab[0] in HEADING_STYLES:
        return lab[1], text[lab[2] :].strip()
    return None, text


def label_number(label: str) -> str:
    """The number in a label: "（三）" -> "三", "12." -> "12", "③" -> "3", "㈡" -> "二"."""
    m = _NUMBER_RE.search(label)
    if not m:
        return label
    t = m.group(0)
    o = ord(t[0])
    for lo, hi in _ENCLOSED:
        if lo <= o <= hi:
            return str(o - lo + 1)
    if 0x3220 <= o <= 0x3229:
        return _CN[o - 0x3220]
    return t


def clean_number(s: str | None) -> str | None:
    """A 序号 cell as a number: "（3）" -> "3", "一、" -> "一"; other text is kept as written."""
    if not s:
        return None
    t = normalize(s).strip()
    m = _BARE_NUMBER_RE.fullmatch(t)
    return label_number(m.group(1)) if m else s.strip()
