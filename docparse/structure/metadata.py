"""Metadata: label/value fields (填报单位：…, 索引号 | 123) in paragraphs and in table cells, read by one collector.

A field is either a line of ``label：value`` pairs, or a bare label (a paragraph or cell holding only
"发布机构") followed by its value (the next paragraph or the next cell of the row).
"""

from __future__ import annotations

import re

from ..dates import parse_date
from ..model import Document, Paragraph, Table
from ..text import normalize
from .outline import outline_label
from .regions import Regions
from .vocabulary import BOOKMARK_RE, ORG_RE, is_chrome

FORM_KEYS = [
    "填报单位",
    "报送单位",
    "填报人",
    "签发人",
    "审核人",
    "联系人",
    "联系方式",
    "联系电话",
    "填报时间",
    "填报日期",
    "报送时间",
    "报送日期",
]
DISC_KEYS = [
    "索引号",
    "主题分类",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "公开方式",
    "公开范围",
    "组配分类",
    "文件编号",
    "文号",
    "信息来源",
    "发布时间",
    "发布日期",
    "有效性",
    "来源",
]
DATE_KEYS = {"填报时间", "填报日期", "报送时间", "报送日期", "发文日期", "成文日期", "发布日期"}
_IGNORED_KEYS = ("浏览次数", "字号")  # page furniture, read so that it is not taken as a value
_ALL_KEYS = sorted(FORM_KEYS + DISC_KEYS + list(_IGNORED_KEYS), key=len, reverse=True)
_SEAL = r"(?:\s*[(（]\s*(?:盖章|公章|签字|签名|签章)\s*[)）])?"
# labels may be letter-spaced ("填 报 单 位") and followed by （盖章） before the colon
_KEYS_ALT = "|".join(r"[ \u3000]?".join(k) for k in _ALL_KEYS)
KEY_RE = re.compile(r"(?<![\u4e00-\u9fff])(" + _KEYS_ALT + r")" + _SEAL + r"\s*[:：]\s*")
FORM_LINE_RE = re.compile(r"^\s*(" + "|".join(r"[ \u3000]?".join(k) for k in FORM_KEYS) + r")" + _SEAL + r"\s*[:：]")
# a bare label (label/value pairs in separate table cells or <div>s): "索引号：" / "发布机构"
_BARE_KEY_RE = re.compile(r"^\s*(" + _KEYS_ALT + r")" + _SEAL + r"\s*[:：]?\s*$")
# a round-wide form's sign-off line per unit: "医政医管科　签发人：张三　填报人：李四　联系方式：…　填报时间：…"
UNIT_META_RE = re.compile(r"^\s*(?P<unit>[^\s:：,，。;；]{2,40}?)[ \t\u3000]+(?=(?:签发人|填报人)\s*[:：])")
_SEAL_VALUE_RE = re.compile(r"^[（(]\s*(?:盖章|公章)\s*[)）]\s*|\s*[（(]\s*(?:盖章|公章)\s*[)）]$")
_DATE_OR_ATTACHMENT_RE = re.compile(r"\s*((19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|附件\s*\d*\s*[:：]?)\s*")
_BLANKS = " \t\u3000\u00a0"
_EARLY_LINES = 40  # label：value lines count as the document's fields among its first paragraphs (form lines anywhere)
_EARLY_LABELS = 60  # bare labels are read among the first paragraphs only


def _key(label: str) -> str:
    return re.sub(r"[ \u3000]", "", label)


def extract_metadata(line: str) -> dict[str, str]:
    """The ``label：value`` fields of one line: "填报单位：医政科　填报时间：2024年7月5日" -> {填报单位, 填报时间 (ISO)}."""
    text = BOOKMARK_RE.sub("", line)
    n = normalize(text)
    out: dict[str, str] = {}
    ms = list(KEY_RE.finditer(n))
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(n)
        val = text[m.end() : end].strip(_BLANKS)
        val = _SEAL_VALUE_RE.sub("", val).strip(_BLANKS)
        key = _key(m.group(1))
        if key in _IGNORED_KEYS:
            continue
        if val and key not in out:
            if key in DATE_KEYS:
                val = parse_date(val) or val
            out[key] = val
    return out


def unit_sign_off(text: str, norm: str) -> dict[str, str] | None:
    """One unit's sign-off line of a round-wide form -> {"填报单位": unit, 签发人 …} (two fields at least), else None."""
    um = UNIT_META_RE.match(norm) if "签发人" in norm or "填报人" in norm else None
    if not um or len(norm) >= 300:
        return None
    md = extract_metadata(text[um.end("unit") :])
    if len(md) < 2:
        return None
    return {"填报单位": text[um.start("unit") : um.end("unit")].strip(), **md}


def is_form_line(norm: str) -> bool:
    """A line that opens with a 填报单位/填报人/… label: form furniture, never a task or a table cell."""
    return bool(FORM_LINE_RE.match(norm))


class MetadataCollector:
    """The one label/value reader, fed paragraphs and table cells alike."""

    def __init__(self) -> None:
        self.metadata: dict[str, str] = {}
        self.unit_metadata: list[dict[str, str]] = []

    def put(self, key: str, value: str) -> None:
        if key in DATE_KEYS:
            value = parse_date(value) or value
        if key not in _IGNORED_KEYS:
            self.metadata.setdefault(key, value)

    @staticmethod
    def bare_label(norm: str) -> str | None:
        """The label of a paragraph or cell that holds a label only ("发布机构" / "索引号："), else None."""
        m = _BARE_KEY_RE.match(norm)
        return _key(m.group(1)) if m else None

    def pair(self, key: str, text: str, norm: str) -> bool:
        """The value following a bare label: taken when it is short and no label or heading itself."""
        if len(norm.strip()) > 80 or KEY_RE.search(norm) or _BARE_KEY_RE.match(norm) or outline_label(norm):
            return False
        self.put(key, text.strip())
        return True

    def line(self, text: str, norm: str, early: bool = True) -> bool:
        """A line of fields: one unit's sign-off, or the document's own fields; True when it was one."""
        fields = unit_sign_off(text, norm)
        if fields:
            self.unit_metadata.append(fields)
            return True
        if ("|" in norm) and early and self.delimited(text, norm):
            return True
        if not KEY_RE.search(norm) or len(norm) >= 300 or not (early or is_form_line(norm)):
            return False
        md = extract_metadata(text)
        form_like = is_form_line(norm) or any(k in md for k in DISC_KEYS if k != "来源")
        only_keys = not KEY_RE.sub("", norm).strip()
        if only_keys or (md and (form_like or norm.lstrip().startswith(tuple(md)))):
            for k, v in md.items():
                self.metadata.setdefault(k, v)
            return True
        return False

    def delimited(self, text: str, norm: str) -> bool:
        """A table row of fields copied as text: "索引号 | 002575318/2025-00091 | 组配分类 | 计划总结"."""
        if len(norm) >= 300:
            return False
        spans, pos = [], 0
        for seg in norm.split("|"):
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                spans.append((pos + lead, pos + lead + len(seg.strip())))
            else:
                spans.append(None)
            pos += len(seg) + 1
        while spans and spans[0] is None:
            spans.pop(0)
        keys = [self.bare_label(norm[sp[0] : sp[1]]) if sp else None for sp in spans[0::2]]
        if len(spans) < 2 or not all(keys):
            return False
        for k, sp in zip(keys, spans[1::2], strict=False):
            if sp:
                self.put(k, text[sp[0] : sp[1]])
        return True

    def finish(self, year: int | None) -> None:
        """填报时间 without a year ("7月5日") dated in the document's year."""
        for k in ("填报时间", "填报日期"):
            if k in self.metadata and year:
                iso = parse_date(self.metadata[k], year)
                if iso:
                    self.metadata[k] = iso


_FIELD_LABEL_LINE_RE = re.compile(
    r"^\s*(?:责任单位|牵头单位|配合单位|协办单位|责任科室|牵头科室|责任部门|牵头部门|主办单位|承办单位)\s*[:：]?\s*$"
)


def _is_furniture(text: str, norm: str, after_label: bool = False) -> bool:
    """Page chrome, the issuer's name or a date on a line of its own, 附件1： (not a value under its label line:
    "配合单位" / "各街道社区卫生服务中心"; never 各…, which names units, not an issuer)."""
    org = not after_label and not norm.strip().startswith("各") and bool(ORG_RE.match(norm.strip()))
    return is_chrome(text) or org or bool(_DATE_OR_ATTACHMENT_RE.fullmatch(norm))


def _paragraph_norm(norm: str, p: Paragraph) -> str:
    n = norm[p.start : p.end]
    return normalize(BOOKMARK_RE.sub("", p.text)) if "[bookmark" in n else n


def collect_from_paragraphs(
    col: MetadataCollector, norm: str, paras: list[tuple[int, Paragraph]], consumed: set[int], regions: Regions
) -> None:
    """Fields and furniture among the paragraphs: they are consumed (no task, no indicator)."""
    seen = 0
    pending: str | None = None  # bare label paragraph waiting for its value paragraph
    after_label = False
    for bi, p in paras:
        if not p.text.strip():
            continue
        seen += 1
        n = _paragraph_norm(norm, p)
        key = col.bare_label(n) if seen <= _EARLY_LABELS else None
        taken = key is not None
        if key is None and pending is not None:
            taken = col.pair(pending, p.text, n)
        pending = key
        if taken or col.line(p.text, n, early=seen <= _EARLY_LINES) or _is_furniture(p.text, n, after_label):
            consumed.add(bi)
            regions.skip(p.start, p.end)
        after_label = bool(_FIELD_LABEL_LINE_RE.match(n))


def collect_from_tables(col: MetadataCollector, doc: Document, regions: Regions) -> None:
    """Fields inside tables (rows before the header, footer rows): a label cell with its value cell, or a line."""
    for blk in doc.blocks:
        if not isinstance(blk, Table):
            continue
        for row in blk.rows:
            for ci, c in enumerate(row):
                if not c.text or c.continued or len(c.text) >= 200:
                    continue
                cn = normalize(BOOKMARK_RE.sub("", c.text))
                key = col.bare_label(cn)
                if key is None:
                    if col.line(c.text, cn):
                        regions.skip(c.start, c.end)
                    continue
                nxt = next((x for x in row[ci + 1 :] if x.text.strip() and not x.continued), None)
                if nxt is not None and col.pair(key, nxt.text, normalize(nxt.text)):
                    regions.skip(c.start, c.end)
                    regions.skip(nxt.start, nxt.end)


def collect_metadata(
    doc: Document, norm: str, paras: list[tuple[int, Paragraph]], consumed: set[int], regions: Regions
) -> MetadataCollector:
    """The document's fields from its paragraphs, then from its tables (a field read first wins)."""
    col = MetadataCollector()
    collect_from_paragraphs(col, norm, paras, consumed, regions)
    collect_from_tables(col, doc, regions)
    return col
