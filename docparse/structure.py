"""Structure: kind detection, outline numbering, table layouts (filing form / status table), metadata."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from .dates import find_as_of, parse_date, period_end
from .indicators import find_indicators
from .model import Cell, Document, Indicator, Paragraph, ParseResult, Section, Table, Task
from .text import normalize

# ------------------------------------------------------------------ outline labels
_CN = "一二三四五六七八九十"
LABEL_STYLES = [  # (style, rank, regex on normalized text)
    ("chapter", 0, re.compile(rf"^\s*第[{_CN}百]+(?:部分|章|节|篇)[、,，:：.\s]*|^\s*第[{_CN}]{{1,3}}[、,，:：]\s*")),
    ("cn", 1, re.compile(rf"^\s*[{_CN}]{{1,3}}\s*[、.,，]\s*")),
    ("pcn", 2, re.compile(rf"^\s*[(\[][{_CN}]{{1,3}}[)\]][、.]?\s*|^\s*[㈠-㈩]\s*")),
    ("ar", 3, re.compile(r"^\s*\d{1,2}\s*(?:[、.](?!\d)|\.(?=\d{1,2}\s*(?:[-—~至]\s*\d{1,2}\s*)?月))\s*")),
    ("par", 4, re.compile(r"^\s*[(\[]\d{1,2}[)\]][、.]?\s*|^\s*[⑴-⒇]\s*")),
    ("circ", 5, re.compile(r"^\s*[①-⑳❶-❿]\s*")),
    ("shi", 6, re.compile(rf"^\s*[{_CN}]{{1,3}}是[，,:：]?\s*")),
]
_RANK = {s: r for s, r, _ in LABEL_STYLES}
_RANK["rec"] = 7  # unnumbered items: 目标任务： records, a title line before 工作措施：, items ending in （单位）

_REC_START_RE = re.compile(r"^\s*(?:目标任务|工作任务|重点任务|任务内容|主要任务|任务名称|项目名称|项目内容)\s*[:：]\s*(?=\S)")
_MEASURE_LINE_RE = re.compile(r"^\s*(?:工作措施|主要措施|具体措施|工作举措|推进措施|主要举措|工作目标|主要内容|工作内容|目标任务|"
                              r"任务内容)\s*[:：]\s*")
_LAG_RE = re.compile(r"滞后|进度较慢|进展缓慢|推进缓慢|未达序时|慢于序时|落后于序时|进度偏慢|未按期")


def outline_label(norm_text: str) -> Optional[tuple[str, str, int]]:
    """(style, label, label_end) for a paragraph that starts with an outline number, else None."""
    for style, _, rx in LABEL_STYLES:
        m = rx.match(norm_text)
        if m:
            rest = norm_text[m.end():]
            if not rest.strip():
                return None
            if style == "ar" and re.match(r"^\d", rest) and not re.match(r"^\d{1,2}\s*(?:[-—~至]\s*\d{1,2}\s*)?月", rest):
                return None
            return style, norm_text[: m.end()].strip(), m.end()
    return None


def label_number(label: str) -> str:
    m = re.search(rf"\d+|[{_CN}]+|[①-⑳⑴-⒇㈠-㈩❶-❿]", label)
    if not m:
        return label
    t = m.group(0)
    o = ord(t[0])
    if 0x2460 <= o <= 0x2473:
        return str(o - 0x2460 + 1)
    if 0x2474 <= o <= 0x2487:
        return str(o - 0x2474 + 1)
    if 0x2776 <= o <= 0x277F:
        return str(o - 0x2776 + 1)
    if 0x3220 <= o <= 0x3229:
        return _CN[o - 0x3220] if o - 0x3220 < 10 else t
    return t


# ------------------------------------------------------------------ table header vocabulary
COLUMN_ROLES = [
    ("remarks", re.compile(r"^(备注|说明|备注说明|备考)$")),
    ("self_assessment", re.compile(r"自评|自我评价|完成情况评价|进度评价|评价")),
    ("completed", re.compile(r"是否完成|完成与否|是否按期完成|完成状态|是否达标|完成状况")),
    ("reason", re.compile(r"未完成原因|原因")),
    ("problems", re.compile(r"存在问题|问题|困难")),
    ("number", re.compile(r"^(序号|编号|序|No\.?)$", re.I)),
    ("category", re.compile(r"类别|板块|类型|分类|领域|专项|方面")),
    ("co_units", re.compile(r"配合单位|协办单位|协同单位|配合部门|协办部门|参与单位")),
    ("deadline", re.compile(r"完成时限|时限|完成时间|时间节点")),
    ("leader", re.compile(r"责任人|分管领导|联系人|责任领导|牵头领导|联系领导|包干领导|^领导$")),
    ("unit", re.compile(r"责任单位|牵头单位|主办单位|责任部门|牵头部门|承办单位|责任科室|责任处室|牵头科室|牵头处室|实施单位|单位|部门|科室|处室")),
    ("completion", re.compile(r"完成情况|进展情况|工作进展|推进情况|落实情况|完成进度|进度|进展|工作成效|实施情况|执行情况")),
    ("task", re.compile(r"目标任务|工作任务|重点工作|工作内容|任务内容|任务名称|任务|工作目标|目标|事项|项目名称|项目|指标")),
]

SELF_ASSESS = {"超前": "ahead", "提前": "ahead", "正常": "on_track", "按时": "on_track", "按期": "on_track",
               "序时": "on_track", "正常推进": "on_track", "滞后": "behind", "落后": "behind", "延后": "behind"}
_SA_RE = re.compile(r"^(超前|提前|正常推进|正常|按时|按期|序时推进|序时|按序时|按序时推进|滞后|落后|延后|未达序时|慢于序时|"
                    r"超序时|快于序时|超额完成)$")
_SA_BEHIND = re.compile(r"未达|未到|未按|低于序时|慢于|落后|滞后|延后|延期|推迟|拖后|缓慢")
_SA_AHEAD = re.compile(r"超前|提前|快于|超序时|超过序时|超额")
_SA_ONTRACK = re.compile(r"正常|序时|按时|按期|按计划|如期|同步")


def self_assessment(raw: Optional[str]) -> Optional[str]:
    """超前/提前 -> ahead; 正常/序时推进/按序时 -> on_track; 滞后/未达序时 -> behind (negations checked first)."""
    if not raw:
        return None
    n = re.sub(r"\s+", "", normalize(raw))
    if _SA_BEHIND.search(n):
        return "behind"
    if _SA_AHEAD.search(n):
        return "ahead"
    if _SA_ONTRACK.search(n):
        return "on_track"
    return None

_PAREN_RE = re.compile(r"[(（][^)）]*[)）]")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")


def _header_core(text: str) -> str:
    n = normalize(text)
    n = _PAREN_RE.sub("", n)
    return re.sub(r"\s+", "", n)


def column_role(text: str) -> Optional[str]:
    if len(text) > 60:
        return None
    core = _header_core(text)
    if not core or len(core) > 16:
        return None
    for role, rx in COLUMN_ROLES:
        if rx.search(core):
            return role
    return None


_IND_NAME_HDR = re.compile(r"^(指标名称|指标|指标项|指标项目|名称|主要指标|指标内容)$")
_IND_VALUE_HDR = re.compile(r"^((?:19|20)\d{2}年(?:度)?(?:目标值?|预期值?|目标任务)?|目标值|指标值|预期值|预期目标|目标|数值|值|"
                            r"指标目标值|年度目标|年度目标值|规划目标|目标数)$")
_IND_UNIT_HDR = re.compile(r"^(单位|计量单位|指标单位)$")


def indicator_roles(cells: list[str]) -> Optional[list[Optional[str]]]:
    """名称 | 单位 | 值 indicator tables: the name column is the task, 单位 the measure unit, 目标值 the target."""
    cores = [_header_core(c) for c in cells]
    if not any(_IND_NAME_HDR.match(c) for c in cores) or not any(_IND_VALUE_HDR.match(c) for c in cores):
        return None
    roles: list[Optional[str]] = []
    for c, core in zip(cells, cores):
        if _IND_NAME_HDR.match(core):
            roles.append("task" if "task" not in roles else None)
        elif _IND_VALUE_HDR.match(core):
            roles.append("target_value" if "target_value" not in roles else None)
        elif _IND_UNIT_HDR.match(core):
            roles.append("measure_unit")
        else:
            roles.append(column_role(c))
    return roles


def header_roles(cells: list[str]) -> Optional[list[Optional[str]]]:
    ind = indicator_roles(cells)
    if ind is not None and len(set(r for r in ind if r)) >= 2:
        return ind
    roles = [column_role(c) for c in cells]
    named = [r for r in roles if r]
    if len(set(named)) < 3 or not ({"task", "completion"} & set(named)):
        return None
    if any(len(_header_core(c)) > 30 for c in cells):
        return None
    return roles


# ------------------------------------------------------------------ metadata
FORM_KEYS = ["填报单位", "报送单位", "填报人", "签发人", "审核人", "联系人", "联系方式", "联系电话", "填报时间", "填报日期",
             "报送时间", "报送日期"]
DISC_KEYS = ["索引号", "主题分类", "发布机构", "发文机关", "发文日期", "成文日期", "公开方式", "公开范围", "组配分类", "文件编号",
             "文号", "信息来源", "发布时间", "发布日期", "有效性", "来源"]
_DATE_KEYS = {"填报时间", "填报日期", "报送时间", "报送日期", "发文日期", "成文日期", "发布日期"}
_ALL_KEYS = sorted(FORM_KEYS + DISC_KEYS + ["浏览次数", "字号"], key=len, reverse=True)
_SEAL = r"(?:\s*[(（]\s*(?:盖章|公章|签字|签名|签章)\s*[)）])?"
# labels may be letter-spaced ("填 报 单 位") and followed by （盖章） before the colon
_KEYS_ALT = "|".join(r"[ \u3000]?".join(k) for k in _ALL_KEYS)
_KEY_RE = re.compile(r"(?<![\u4e00-\u9fff])(" + _KEYS_ALT + r")" + _SEAL + r"\s*[:：]\s*")
_FORM_LINE_RE = re.compile(r"^\s*(" + "|".join(r"[ \u3000]?".join(k) for k in FORM_KEYS) + r")" + _SEAL + r"\s*[:：]")
# a bare label (label/value pairs in separate table cells or <div>s): "索引号：" / "发布机构"
_BARE_KEY_RE = re.compile(r"^\s*(" + _KEYS_ALT + r")" + _SEAL + r"\s*[:：]?\s*$")

_CHROME_RE = re.compile(r"^\s*(当前位置|您的位置|首页\s*>|>(?!\s*[=\d.])|分享[:：]?$|【?打印本页|【?关闭窗口|【打印】|【关闭】|字号[:：]|浏览次数|扫一扫|"
                        r"来源[:：]|发布时间[:：]|信息来源[:：]|\[bookmark)")
_ORG_RE = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}?(卫生健康局|卫生健康委员会|卫生和计划生育委员会|卫健局|卫健委|卫生局|人民政府|政府办公室|"
                     r"办公室|委员会|管理局|局|委|中心|医院|卫生院|政府)$")
_TITLE_KW = re.compile(r"要点|计划|总结|方案|报告|情况|填报表|统计表|一览表|汇总表|进展|安排|思路|意见|任务|清单|台账|通知|规划")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


# a round-wide form's sign-off line per unit: "医政医管科　签发人：张三　填报人：李四　联系方式：…　填报时间：…"
_UNIT_META_RE = re.compile(r"^\s*(?P<unit>[^\s:：,，。;；]{2,40}?)[ \t\u3000]+(?=(?:签发人|填报人)\s*[:：])")


def extract_metadata(line: str) -> dict[str, str]:
    text = _BOOKMARK_RE.sub("", line)
    n = normalize(text)
    out: dict[str, str] = {}
    ms = list(_KEY_RE.finditer(n))
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(n)
        val = text[m.end():end].strip(" \t\u3000\u00a0")
        val = re.sub(r"^[（(]\s*(?:盖章|公章)\s*[)）]\s*|\s*[（(]\s*(?:盖章|公章)\s*[)）]$", "", val).strip(" \t\u3000\u00a0")
        key = re.sub(r"[ \u3000]", "", m.group(1))
        if key in ("浏览次数", "字号"):
            continue
        if val and key not in out:
            if key in _DATE_KEYS:
                iso = parse_date(val)
                if iso:
                    val = iso
            out[key] = val
    return out


def is_chrome(text: str) -> bool:
    return bool(_CHROME_RE.match(normalize(text)))


# ------------------------------------------------------------------ helpers
def _split_units(s: str) -> list[str]:
    parts = re.split(r"[、，,；;/\s]+|\n", s.strip())
    return [p.strip() for p in parts if p.strip()]


def _completed(s: str) -> Optional[bool]:
    n = re.sub(r"\s+", "", normalize(s))
    if not n:
        return None
    if re.search(r"未完成|没有完成|否|未达|未$|不能完成|部分完成|推进中|进行中|未启动|^[×✗✘xX]$", n):
        return False
    if re.search(r"已完成|完成|是|已达|达标|^[√✓✔]$", n):
        return True
    return None


def _title_sentence(text: str) -> Optional[str]:
    first, _, rest = text.partition("\n")
    if rest and 2 <= len(first.strip()) <= 40 and not re.search(r"[。；;，,：:！]", first):
        return first.strip()
    m = re.match(r"^(.{2,60}?)[。；;！]", text)
    if m and "，" not in m.group(1)[:2]:
        return m.group(1).strip()
    if len(text) <= 60 and not re.search(r"[。；;]", text):
        return text.strip() or None
    return None


# ------------------------------------------------------------------ unit / deadline annotations in task text
_LEAD_LABELS = ("牵头责任部门|牵头责任单位|牵头责任科室|牵头单位|牵头科室|牵头部门|牵头处室|责任单位|责任科室|责任部门|责任处室|"
                "主办单位|主责单位|承办单位|责任主体|实施单位|主体责任单位")
_ASSIGN_LABELS = "部门分工|责任分工|职责分工|任务分工|分工"
_CO_LABELS = "配合单位|配合科室|配合部门|配合处室|协办单位|协助单位|参与单位|协同单位|协作单位|配合"
_DL_LABELS = "完成时限|完成时间|时间节点|时限要求|时间要求|时限"
_PERSON_LABELS = "责任领导|分管领导|牵头领导|责任人|联系人"
_ANY_LABEL = f"{_LEAD_LABELS}|{_CO_LABELS}|{_DL_LABELS}|{_PERSON_LABELS}|{_ASSIGN_LABELS}"
# a distinctive label may follow the task text with no separator: "…健康体检4.2万人牵头责任部门：基层卫生科"
_GLUED_LABELS = "牵头责任部门|牵头责任单位|牵头责任科室|牵头单位|责任单位|牵头部门|责任部门|牵头科室|责任科室"
_ANN_GLUED_RE = re.compile(rf"(?:{_GLUED_LABELS})\s*[:：][^\n]*")
_UNIT_NAME = r"[\u4e00-\u9fffA-Za-z（）()]{2,30}?"
_UNIT_LIST = rf"{_UNIT_NAME}(?:[、和及]{_UNIT_NAME}){{0,8}}"
# "由区卫健局牵头，区医保局、区财政局配合" / "区疾控中心牵头，各卫生院配合" / "由医政科负责" inside a sentence
_ASSIGN_RE = re.compile(rf"(?:(?<=[，,；;。：:\s])|(?<=^))(?:由|请)?(?P<lead>{_UNIT_LIST})(?:牵头负责|牵头|负责)"
                        rf"(?:[，,、]\s*(?P<co>{_UNIT_LIST})(?:等单位|等部门|等)?(?:配合|协助|协同|参与|共同推进|共同实施))?"
                        rf"(?=[，,。；;！]|$)", re.M)
# a trailing bracket that holds only unit names: "…仍在方案设计阶段（规划发展科）"
_UNIT_BRACKET_RE = re.compile(r"[（(](?P<u>[^（()）\n]{2,40}(?:[（(][^（()）\n]{1,8}[)）][^（()）\n]{0,20})?)[)）]\s*[。；;]?\s*$")
_ANN_LABEL_RE = re.compile(rf"({_ANY_LABEL})\s*[:：]\s*")
_NEST = r"(?:[^（()）\n]|[（(][^（()）\n]*[)）])"
# "（牵头单位：医政科；配合单位：财务科、人事科）" anywhere, or "牵头单位：xx" running to the end of a line
_ANN_PAREN_RE = re.compile(rf"[（(]\s*(?:{_ANY_LABEL})\s*[:：]{_NEST}*?[)）]")
_ANN_TAIL_RE = re.compile(rf"(?:(?<=^)|(?<=\n)|(?<=[。；;！!\s]))[ \t]*(?:{_ANY_LABEL})\s*[:：][^\n]*", re.M)
_DL_INLINE_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月(?:份)?(?:底|末)?(?!\d)|(?:(?:19|20)\d{2}\s*年\s*)?第?[一二三四1-4]季度(?:末|底)?(?=\s*(?:前|完成|建成|实现|启动|出台|印发|全面))|"
    r"(?:(?:19|20)\d{2}\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*\d{1,2}\s*[日号]|\s*[底末]|\s*[上中下]旬)?"
    r"\s*(?:前|之前|以前)|(?:(?:19|20)\d{2}\s*年\s*)?(?:年底|年末|年内|上半年|下半年|年中)(?:前|之前)?(?=\s*(?:前|完成|建成|实现|"
    r"启动|投用|投入使用|全覆盖|达到|落实|出台|印发|竣工|开工|开业|挂牌|验收))|(?:(?:19|20)\d{2}\s*年\s*)?(?:年底|年末)(?:前|之前)")


def _deadline_of(expr: str, year: Optional[int]) -> Optional[str]:
    n = normalize(expr)
    m = _YEAR_RE.match(n)
    y = int(m.group(1)) if m else year
    if re.search(r"季度|前三季度|1\s*[-—~至]\s*\d{1,2}\s*月", n) and y:
        q = period_end(n, y)
        if q:
            return q
    rng = re.search(r"(\d{1,2})\s*[-—~至到]\s*(\d{1,2})\s*月(?:份)?(?:底|末)?", n)
    if rng and 1 <= int(rng.group(2)) <= 12:
        return parse_date(f"{rng.group(2)}月", y)
    if re.search(r"上半年|年中", n):
        return period_end("上半年", y)
    if re.search(r"下半年|年底|年末|年内", n) and not re.search(r"\d+\s*月|[一二三四五六七八九十]+\s*月", n):
        return period_end("全年", y)
    return parse_date(n, y)


def find_annotations(text: str, year: Optional[int], inline_deadline: bool = True
                     ) -> tuple[list[tuple[int, int]], list[str], list[str], Optional[str]]:
    """Unit / deadline annotations in a task text -> (spans to remove, lead units, co-units, deadline)."""
    n = normalize(text)
    spans: list[tuple[int, int]] = []
    for m in _ANN_PAREN_RE.finditer(n):
        spans.append(m.span())
    for m in _ANN_TAIL_RE.finditer(n):
        a, b = m.span()
        if any(x <= a < y for x, y in spans):
            continue
        spans.append((a, b))
    for m in (_ANN_GLUED_RE.finditer(n) if ("牵头" in n or "责任" in n) else ()):
        a, b = m.span()
        if any(x <= a < y for x, y in spans) or a == 0:
            continue
        spans.append((a, b))
    assigned: list[tuple[list[str], list[str]]] = []
    for m in (_ASSIGN_RE.finditer(n) if ("牵头" in n or "负责" in n) else ()):
        a, b = m.span()
        if any(x <= a < y for x, y in spans):
            continue
        lead_names = _split_units(text[m.start("lead"):m.end("lead")])
        co_names = _split_units(text[m.start("co"):m.end("co")]) if m.group("co") else []
        if not lead_names or not all(unitish(u) for u in lead_names + co_names):
            continue
        if a > 0 and n[a - 1] in "，,；;":
            a -= 1  # the clause goes with its comma
        elif b < len(n) and n[b] in "，,；;" and (a == 0 or n[a - 1] in "。\n"):
            b += 1
        spans.append((a, b))
        assigned.append((lead_names, co_names))
    ub = _UNIT_BRACKET_RE.search(n) if n.rstrip("。；; \t\n")[-1:] in ("）", ")") else None
    bracket_units: list[str] = []
    if ub and not any(x <= ub.start() < y for x, y in spans):
        names = _split_units(text[ub.start("u"):ub.end("u")])
        if names and all(unitish(u) for u in names) and not re.search(_ANY_LABEL, ub.group("u")):
            a = ub.start()
            spans.append((a, ub.start() + len(ub.group(0).rstrip("。；; \t"))))
            bracket_units = names
    spans.sort()
    lead: list[str] = []
    co: list[str] = []
    deadline = None
    for a, b in spans:
        inner = text[a:b].strip()  # raw text: unit names keep their own punctuation
        if inner[:1] in "（(":
            inner = inner[1:]
            if inner[-1:] in "）)":
                inner = inner[:-1]
        ms = list(_ANN_LABEL_RE.finditer(inner))
        for i, m in enumerate(ms):
            val = inner[m.end():ms[i + 1].start() if i + 1 < len(ms) else len(inner)]
            val = val.strip(" \t；;，,。")
            label = m.group(1)
            if re.fullmatch(_DL_LABELS, label):
                deadline = deadline or _deadline_of(val, year) or parse_date(val, year)
            elif re.fullmatch(_PERSON_LABELS, label):
                continue
            elif re.fullmatch(_ASSIGN_LABELS, label):
                am = _ASSIGN_RE.search(normalize(val))
                if am:
                    lead.extend(_split_units(val[am.start("lead"):am.end("lead")]))
                    if am.group("co"):
                        co.extend(_split_units(val[am.start("co"):am.end("co")]))
            else:
                names = [u for u in _split_units(val.replace("等", "、") if val.endswith("等") else val) if u]
                (co if re.fullmatch(_CO_LABELS, label) else lead).extend(names)
    for ln, cn in assigned:
        lead.extend(ln)
        co.extend(cn)
    if bracket_units and not lead and not co:
        lead.extend(bracket_units)
    if deadline is None and inline_deadline:
        found = []
        for m in _DL_INLINE_RE.finditer(n):
            if any(x <= m.start() < y for x, y in spans):
                continue
            d = _deadline_of(m.group(0), year)
            if d:
                found.append(d)
        if found:
            deadline = max(found)
    return spans, lead, co, deadline


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    res = "".join(out)
    res = re.sub(r"[ \t]+\n", "\n", res)
    res = re.sub(r"\n{2,}", "\n", res)
    return res.strip()


def _apply_annotations(tasks: list[Task], doc: Document, regions: "_Regions", year: Optional[int],
                       overwrite_units: bool = True, inline_deadline: bool = True) -> None:
    for t in tasks:
        spans, lead, co, dl = find_annotations(t.text, year, inline_deadline)
        if spans:
            t.text = _strip_spans(t.text, spans)
            t.title = _title_sentence(t.text) if t.text else t.title
        if (lead or co) and (overwrite_units or not t.units):
            units = []
            for u in lead + co:
                if u not in units:
                    units.append(u)
            t.lead_unit = (lead or co)[0]
            t.units = units
        if dl and not t.deadline:
            t.deadline = dl
        inh = getattr(t, "_inherit", None)  # annotations of the （一） sub-heading apply to its items
        if inh:
            ilead, ico, idl = inh
            if not t.units and (ilead or ico):
                t.units = list(dict.fromkeys(ilead + ico))
                t.lead_unit = t.units[0]
            t.deadline = t.deadline or idl
        # the annotations stay in the document text; keep numbers in them out of the indicators
        seg = doc.norm[t.start:t.end] if doc.norm else normalize(doc.text[t.start:t.end])
        for m in list(_ANN_PAREN_RE.finditer(seg)) + list(_ANN_TAIL_RE.finditer(seg)):
            regions.skip(t.start + m.start(), t.start + m.end())


class _Regions:
    """Offset intervals -> role, for indicator role assignment."""

    def __init__(self) -> None:
        self.iv: list[tuple[int, int, Optional[str]]] = []
        self.skip_iv: list[tuple[int, int]] = []

    def add(self, s: int, e: int, role: Optional[str]) -> None:
        if e > s:
            self.iv.append((s, e, role))

    def skip(self, s: int, e: int) -> None:
        if e > s:
            self.skip_iv.append((s, e))

    def finalize(self, default: Optional[str]):
        self.iv.sort()
        starts = [a for a, _, _ in self.iv]
        self.skip_iv.sort()
        sk_starts = [a for a, _ in self.skip_iv]

        def role_at(off: int) -> Optional[str]:
            i = bisect.bisect_right(starts, off) - 1
            if i >= 0 and self.iv[i][0] <= off < self.iv[i][1]:
                return self.iv[i][2]
            return default

        def skip(off: int) -> bool:
            i = bisect.bisect_right(sk_starts, off) - 1
            return i >= 0 and self.skip_iv[i][0] <= off < self.skip_iv[i][1]

        return role_at, skip


# ------------------------------------------------------------------ table reconstruction
class _Grid:
    """A recognized table: header (roles + texts) and rows as role -> Cell."""

    def __init__(self, roles: list[Optional[str]], header: list[Cell]):
        self.roles = roles
        self.header = header
        self.rows: list[dict[str, Cell]] = []
        self.consumed: set[int] = set()  # paragraph indexes used by the table
        self.end_offset = 0


def _cells_to_row(roles: list[Optional[str]], cells: list[Cell]) -> dict[str, Cell]:
    row: dict[str, Cell] = {}
    for role, c in zip(roles, cells):
        if role and role not in row:
            row[role] = c
        elif role and c.text.strip():
            prev = row[role]
            row[role] = Cell(prev.text + "\n" + c.text, prev.start, c.end)
    return row


_SUMMARY_ROW_RE = re.compile(r"^\s*(合\s*计|总\s*计|小\s*计|备\s*注|注\s*[:：0-9１-９]|说\s*明|填表说明)")
_CN_SERIAL_RE = re.compile(rf"^\s*(?:第[{_CN}]+部分|[(（]?[{_CN}]{{1,3}}[)）]?[、.．]?)\s*$")


def _is_subheader(row: list[Cell]) -> bool:
    """Second header row under a merged header: '完成情况' over '截至6月底' / '是否完成'."""
    own = [c for c in row if c.text.strip() and not c.continued]
    if not own:
        return False
    for c in own:
        t = c.text.strip()
        if _SERIAL_RE.match(t) or len(_header_core(t)) > 20 or "。" in t or outline_label(normalize(t)):
            return False
        if not (column_role(t) or find_as_of(t, 2000) or re.search(r"截[至止]|月底|月末|\d+月|季度|年度|上半年", t)):
            return False
    return True


def _combine_header(top: list[Cell], sub: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    last_top: Optional[Cell] = None
    for i in range(max(len(top), len(sub))):
        t = top[i] if i < len(top) else None
        b = sub[i] if i < len(sub) else None
        if t is not None and t.text.strip():
            last_top = t
        elif t is not None and not t.continued and last_top is not None and b is not None and b.text.strip() \
                and not b.continued:
            t = last_top  # horizontally spanned header cell: its text sits in the first spanned column
        tt = t.text.strip() if t is not None else ""
        bt = b.text.strip() if b is not None and not b.continued else ""
        if bt and column_role(bt):
            out.append(Cell(bt, b.start, b.end))
        elif bt and tt:
            out.append(Cell(tt + " " + bt, min(t.start, b.start), max(t.end, b.end)))
        elif t is not None:
            out.append(Cell(tt, t.start, t.end))
        else:
            out.append(Cell(bt, b.start, b.end))
    return out


def _section_row(roles: list[Optional[str]], r: list[Cell]) -> Optional[Cell]:
    """A row that is a sub-heading inside the table ("一、民生实事项目" spanning all columns, or 序号 "一" with a
    category name and nothing else) -> Cell holding the heading; Cell("") for a row to drop (合计/备注)."""
    own = [(i, c) for i, c in enumerate(r) if c.text.strip() and not c.continued]
    if not own or len(r) <= 2:
        return None
    role_of = lambda i: roles[i] if i < len(roles) else None  # noqa: E731
    if len(own) == 1:
        i, c = own[0]
        t = c.text.strip()
        if _SUMMARY_ROW_RE.match(normalize(t)) or (_ORG_RE.match(normalize(t)) and not outline_label(normalize(t))) \
                or re.fullmatch(r"\s*(19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*", normalize(t)):
            return Cell("", c.start, c.start)  # 合计/备注, the issuer and the date under the table
        lab = outline_label(normalize(t))
        if len(t) <= 60 and not t.endswith("。") and (
                (lab and lab[0] in ("chapter", "cn", "pcn")) or role_of(i) in (None, "number", "category")):
            if role_of(i) == "category" and roles[0] == "category":
                return None  # handled as a category cell
            return c
        return None
    if len(own) == 2 and "number" in roles and "task" in roles:
        (i1, c1), (i2, c2) = own
        if role_of(i1) == "number" and role_of(i2) == "task" and _CN_SERIAL_RE.match(normalize(c1.text)) \
                and len(c2.text.strip()) <= 40 and "。" not in c2.text:
            return Cell(c1.text.strip() + c2.text.strip(), c1.start, c2.end)
    return None


def _grid_from_tables(doc: Document) -> Optional[tuple[_Grid, int, int]]:
    for bi, blk in enumerate(doc.blocks):
        if not isinstance(blk, Table):
            continue
        for ri, row in enumerate(blk.rows[:10]):
            texts = [c.text for c in row]
            roles = header_roles(texts)
            nxt = blk.rows[ri + 1] if ri + 1 < len(blk.rows) else None
            skip_rows = 1
            if nxt is not None and len({column_role(t) for t in texts} - {None}) >= 2 and not header_roles(
                    ["" if c.continued else c.text for c in nxt]) and _is_subheader(nxt):
                combined = _combine_header(row, nxt)
                croles = header_roles([c.text for c in combined])
                if croles or roles:
                    row, roles, skip_rows = combined, croles or roles, 2
                    texts = [c.text for c in row]
            if not roles:
                continue
            data = blk.rows[ri + skip_rows:]
            # unlabeled first column (category) when header cell is empty
            if roles[0] is None and not texts[0].strip() and any(r[0].text.strip() for r in data if r):
                roles[0] = "category"
            g = _Grid(roles, row)
            for r in data:
                if not any(c.text.strip() for c in r):
                    continue
                rt = [c.text for c in r]
                if header_roles(rt):
                    continue  # repeated header
                first = next((c.text for c in r if c.text.strip()), "")
                if _FORM_LINE_RE.match(normalize(first)) or (
                        ("签发人" in first or "填报人" in first) and _UNIT_META_RE.match(normalize(first))):
                    continue
                sec = _section_row(roles, r)
                if sec is not None:
                    if sec.text:
                        g.rows.append({"_section": sec})
                    continue
                if len([c for c in r if c.text.strip()]) == 1 and len(r) > 2 and "task" in roles and \
                        not (roles.index("task") < len(r) and r[roles.index("task")].text.strip()) and \
                        (roles[0] != "category"):
                    continue
                g.rows.append(_cells_to_row(roles, r))
            g.end_offset = blk.end
            return g, bi, ri
    return None


def _tab_grid(doc: Document, paras: list[tuple[int, Paragraph]]) -> Optional[_Grid]:
    """Tables flattened to text with tab-prefixed cells (cells may span lines)."""
    text = doc.text
    for k, (bi, p) in enumerate(paras):
        if "\t" not in p.text:
            continue
        line_cells = p.text.split("\t")
        # Mode A: whole header on one line
        if len([c for c in line_cells if c.strip()]) >= 3:
            roles = header_roles(line_cells)
            if roles:
                return _tab_rows_mode_a(doc, paras, k, roles)
        if not p.text.startswith("\t") or column_role(line_cells[1] if len(line_cells) > 1 else "") is None:
            continue
        # Mode B: collect cells
        cells: list[tuple[Cell, bool]] = []  # (cell, preceded_by_blank)
        cur_start = cur_end = None
        cur_blank = False
        prev_blank = False
        used: set[int] = set()
        j = k
        while j < len(paras):
            bj, pj = paras[j]
            line = pj.text
            if _FORM_LINE_RE.match(normalize(_BOOKMARK_RE.sub("", line))) and j > k:
                break
            if line.startswith("\t") or ("\t" in line and cur_start is None):
                segs = line.split("\t")
                if not line.startswith("\t") and segs[0].strip():
                    # text before first tab continues the current cell
                    pass
                off = pj.start + len(segs[0]) + 1
                if segs[0].strip() and cur_start is not None:
                    cur_end = pj.start + len(segs[0].rstrip())
                for si, seg in enumerate(segs[1:]):
                    if cur_start is not None:
                        cells.append((Cell(text[cur_start:cur_end].strip(), cur_start, cur_end), cur_blank))
                    cur_start = off
                    cur_end = off + len(seg.rstrip())
                    cur_blank = prev_blank if si == 0 else False
                    off += len(seg) + 1
                prev_blank = False
                used.add(bj)
            else:
                if not line.strip():
                    prev_blank = True
                    used.add(bj)
                elif cur_start is not None:
                    if prev_blank and j + 1 < len(paras) and False:
                        break
                    cur_end = pj.start + len(line.rstrip())
                    prev_blank = False
                    used.add(bj)
                else:
                    break
            j += 1
        if cur_start is not None:
            cells.append((Cell(text[cur_start:cur_end].strip(), cur_start, cur_end), cur_blank))
        # fix cell text/offsets (strip)
        fixed = []
        for c, bl in cells:
            raw = text[c.start:c.end]
            lead = len(raw) - len(raw.lstrip())
            s = c.start + lead
            e = s + len(raw.strip())
            fixed.append((Cell(text[s:e], s, e), bl))
        cells = fixed
        # header: leading cells that map to roles
        h = 0
        roles: list[Optional[str]] = []
        while h < len(cells) and column_role(cells[h][0].text) and (h == 0 or not cells[h][1]):
            roles.append(column_role(cells[h][0].text))
            h += 1
        if len(set(r for r in roles if r)) < 3:
            continue
        header = [c for c, _ in cells[:h]]
        data = cells[h:]
        groups: list[list[Cell]] = []
        for c, bl in data:
            if bl or not groups:
                groups.append([c])
            else:
                groups[-1].append(c)
        sizes = Counter(len(g) for g in groups if h <= len(g) <= h + 1)
        ncols = sizes.most_common(1)[0][0] if sizes else h
        merged: list[list[Cell]] = []
        for gcells in groups:
            if merged and len(merged[-1]) < ncols and len(merged[-1]) + len(gcells) <= ncols:
                last = merged[-1]
                # blank line inside a cell: the first cell of this group continues the previous cell
                if len(last) + len(gcells) < ncols or True:
                    merged[-1] = last + gcells
                continue
            merged.append(gcells)
        if ncols == h + 1:
            roles = ["category"] + roles
            header = [Cell("", header[0].start, header[0].start)] + header
        g = _Grid(roles, header)
        for r in merged:
            if len(r) < len(roles):
                r = r + [Cell("", r[-1].end, r[-1].end)] * (len(roles) - len(r))
            g.rows.append(_cells_to_row(roles, r))
        g.consumed = used
        g.end_offset = merged[-1][-1].end if merged else header[-1].end
        return g
    return None


def _tab_rows_mode_a(doc: Document, paras, k: int, roles) -> _Grid:
    bi, p = paras[k]
    header = []
    off = p.start
    for seg in p.text.split("\t"):
        header.append(Cell(seg.strip(), off, off + len(seg)))
        off += len(seg) + 1
    g = _Grid(roles, header)
    g.consumed.add(bi)
    for j in range(k + 1, len(paras)):
        bj, pj = paras[j]
        if not pj.text.strip():
            g.consumed.add(bj)
            continue
        if "\t" not in pj.text:
            if g.rows and not _FORM_LINE_RE.match(normalize(pj.text)):
                # continuation of the last non-empty cell of the previous row
                row = g.rows[-1]
                lastrole = max(row, key=lambda r: row[r].end)
                c = row[lastrole]
                row[lastrole] = Cell(doc.text[c.start:pj.end].strip(), c.start, pj.end)
                g.consumed.add(bj)
                continue
            break
        cells = []
        off = pj.start
        for seg in pj.text.split("\t"):
            lead = len(seg) - len(seg.lstrip())
            cells.append(Cell(seg.strip(), off + lead, off + lead + len(seg.strip())))
            off += len(seg) + 1
        if len(cells) == len(roles) + 1:
            if g.roles[0] != "category":
                g.roles = ["category"] + g.roles
        g.rows.append(_cells_to_row(g.roles, cells))
        g.consumed.add(bj)
        g.end_offset = pj.end
    return g


_PROBLEM_RE = re.compile(r"^(无|暂无|没有)$|存在|问题|困难|不足|建议|短板|难点|瓶颈|制约|缺乏|不够")
_SERIAL_RE = re.compile(r"^\s*(\d{1,3})\s*$")
_UNITISH_RE = re.compile(r"(局|委|办|院|中心|部|所|站|政府|公司|会|队|单位|科|处|街道|镇|乡|组)$")


def _paragraph_grid(doc: Document, paras: list[tuple[int, Paragraph]]) -> Optional[_Grid]:
    """Tables flattened to one cell per paragraph (disclosure web pages): a header run of column names, then the
    cells. Rows start at the row numbers when there is a 序号 column; the cells of a row (a cell may hold several
    paragraphs, an empty cell may be an empty paragraph or missing) are aligned to the columns by what each
    cell looks like (_align_cells), so no cell shifts into the wrong field."""
    items = [(k, bi, p) for k, (bi, p) in enumerate(paras) if p.text.strip()]
    attempts = 0
    for ii in range(len(items)):
        if not _is_header_cell(items[ii][2].text):
            continue
        if attempts >= _MAX_HEADER_TRIES:
            break
        hdr: list[Cell] = []
        texts: list[str] = []
        used = set()
        j = ii
        while j < len(items):
            _k, bi, p = items[j]
            t = p.text.strip()
            n = normalize(t)
            if re.fullmatch(r"[(（].*[)）]", n) and hdr:
                c = hdr[-1]
                hdr[-1] = Cell(c.text + t, c.start, p.end)
                texts[-1] = texts[-1] + t
                used.add(bi)
                j += 1
                continue
            if not _is_header_cell(t) or len(hdr) >= 12:
                break
            lead = len(p.text) - len(p.text.lstrip())
            hdr.append(Cell(t, p.start + lead, p.start + lead + len(t)))
            texts.append(t)
            used.add(bi)
            j += 1
        roles = _flat_header_roles(texts)
        if roles is None:
            continue
        attempts += 1
        while roles and roles[-1] is None:  # a trailing non-header paragraph was taken in
            roles.pop()
            hdr.pop()
        g = _Grid(roles, hdr)
        has_num = "number" in roles
        body_roles = [r for r in roles if r != "number"]
        # the stream of cells after the header: paragraphs, and empty cells where blank lines exceed the usual gap
        start_k = items[j - 1][0] + 1 if j > 0 else 0
        tokens, tok_bi, tgap, base, capped = _flat_stream(paras, start_k, len(body_roles), _MAX_FLAT_CELLS)
        if not tokens:
            continue
        rows, consumed_tokens = _flat_rows(tokens, tgap, base, body_roles, has_num)
        if rows and has_num and capped and consumed_tokens >= len(tokens) - _MAX_CELL_PARAS * len(roles):
            # a long numbered table: its rows are aligned one by one, so the whole of it can be read
            tokens, tok_bi, tgap, base, capped = _flat_stream(paras, start_k, len(body_roles), None)
            rows, consumed_tokens = _flat_rows(tokens, tgap, base, body_roles, has_num)
        if not rows:
            continue
        for r in rows:
            g.rows.append(r)
        for ti in range(consumed_tokens):
            if tok_bi[ti] is not None:
                used.add(tok_bi[ti])
        g.consumed = used
        last = next((tokens[ti] for ti in range(consumed_tokens - 1, -1, -1) if tokens[ti] is not None), None)
        g.end_offset = last.end if last is not None else hdr[-1].end
        return g
    return None


_DELIMS = ("|", "｜", "\t")


def _delimited_grid(doc: Document, paras: list[tuple[int, Paragraph]]) -> Optional[_Grid]:
    """Pipe- or tab-separated rows with no header row (rows may be split by a line holding just the delimiter and
    may wrap onto the next line); the columns are named by what their cells hold."""
    for delim in _DELIMS:
        lines = [(bi, p) for bi, p in paras if delim in p.text]
        if len(lines) < 2:
            continue
        rows: list[list[Cell]] = []
        used: set[int] = set()
        cur: list[tuple[int, Paragraph]] = []
        started = False

        def close() -> None:
            if not cur:
                return
            cells: list[Cell] = []
            pos = None  # (start of current field)
            buf: list[str] = []
            for _bi, p in cur:
                off = p.start
                segs = p.text.split(delim)
                for si, seg in enumerate(segs):
                    if si > 0:
                        cells.append(_field(buf, pos))
                        buf, pos = [], None
                    lead = len(seg) - len(seg.lstrip())
                    if seg.strip():
                        if pos is None:
                            pos = off + lead
                        buf.append((seg.strip(), off + lead + len(seg.strip())))
                    off += len(seg) + len(delim)
            cells.append(_field(buf, pos))
            while cells and not cells[0].text and cells[0].start == cells[0].end == 0:
                cells.pop(0)
            if len([c for c in cells if c.text]) >= 3:
                rows.append(cells)
            cur.clear()

        expected = max(p.text.count(delim) + 1 for _, p in lines)
        if expected < 3:
            continue
        last_row_end = None
        for k, (bi, p) in enumerate(paras):
            t = p.text.strip()
            if not t:
                continue
            if t == delim.strip() and delim.strip():
                close()
                used.add(bi)
                started = True
                continue
            if delim in p.text:
                if cur and _fields(cur, delim) >= expected:
                    close()
                cur.append((bi, p))
                used.add(bi)
                started = True
                last_row_end = k
            elif started and cur and last_row_end == k - 1 and _fields(cur, delim) < expected and len(t) <= 80:
                cur.append((bi, p))  # a wrapped row
                used.add(bi)
                last_row_end = k
            elif started:
                close()
                if rows:
                    break
        close()
        if len(rows) < 2:
            continue
        ncols = Counter(len(r) for r in rows).most_common(1)[0][0]
        if ncols < 3 or sum(1 for r in rows if len(r) == ncols) < len(rows) * 0.6:
            continue
        roles = _guess_roles([r + [Cell("", 0, 0)] * (ncols - len(r)) for r in rows], ncols)
        if roles is None:
            continue
        header = [Cell("", rows[0][0].start, rows[0][0].start) for _ in roles]
        g = _Grid(roles, header)
        for r in rows:
            r = r[:ncols] + [Cell("", r[-1].end, r[-1].end)] * (ncols - len(r))
            g.rows.append(_cells_to_row(roles, [c for c in r]))
        g.consumed = used
        g.end_offset = rows[-1][-1].end
        return g
    return None


def _fields(lines, delim) -> int:
    return sum(p.text.count(delim) for _, p in lines) + 1


def _field(buf: list[tuple[str, int]], pos: Optional[int]) -> Cell:
    if pos is None:
        return Cell("", 0, 0)
    return Cell("".join(t for t, _ in buf), pos, buf[-1][1])


def _guess_roles(rows: list[list[Cell]], ncols: int) -> Optional[list[Optional[str]]]:
    """Column roles of a headerless table from its cells: 序号, 自评, 是否完成, 单位, 时限; the text columns in order are
    the task, its progress and its problems."""
    roles: list[Optional[str]] = [None] * ncols
    for role in ("number", "self_assessment", "completed", "deadline", "unit", "co_units"):
        best, best_i = 0.0, None
        for i in range(ncols):
            if roles[i] is not None:
                continue
            vals = [r[i] for r in rows if r[i].text]
            if not vals:
                continue
            score = sum(_cell_fit(role, [c]) for c in vals) / len(rows)
            if score > best:
                best, best_i = score, i
        if best_i is not None and best >= (1.0 if role != "co_units" else 1.2):
            roles[best_i] = role
    text_roles = iter(("task", "completion", "problems", "reason"))
    for i in range(ncols):
        if roles[i] is None:
            roles[i] = next(text_roles, None)
    if "task" not in roles:
        return None
    return roles


def _flat_stream(paras, start_k: int, ncols: int, cap: Optional[int]):
    """Paragraphs after a flattened header as cells (None = an empty cell shown by extra blank lines)."""
    stream: list[tuple[int, Paragraph]] = []
    gaps: list[int] = []
    blank = 0
    capped = False
    for k in range(start_k, len(paras)):
        bi, p = paras[k]
        t = p.text.strip()
        if not t:
            blank += 1
            continue
        if cap is not None and len(stream) >= cap:
            capped = True
            break
        if is_chrome(t) or _FORM_LINE_RE.match(normalize(t)):
            break
        if stream:
            gaps.append(blank)
        stream.append((bi, p))
        blank = 0
    base = Counter(gaps[:200]).most_common(1)[0][0] if gaps else 0
    tokens: list[Optional[Cell]] = []
    tok_bi: list[Optional[int]] = []
    tgap: list[int] = []  # blank lines after each token (placeholders: the usual gap)
    for idx, (bi, p) in enumerate(stream):
        t = p.text.strip()
        lead = len(p.text) - len(p.text.lstrip())
        tokens.append(Cell(t, p.start + lead, p.start + lead + len(t)))
        tok_bi.append(bi)
        gap = gaps[idx] if idx < len(gaps) else base
        empties = (gap - base) // (base + 1) if gap > base else 0
        tgap.append(gap if not empties else base)
        for _ in range(min(empties, ncols)):
            tokens.append(None)
            tok_bi.append(None)
            tgap.append(base)
    return tokens, tok_bi, tgap, base, capped


_ROW_NO_RE = re.compile(r"^\s*(\d{1,5})\s*$")


def _is_header_cell(t: str) -> bool:
    if len(t) > 24 or re.search(r"[:：]\s*\S", t) or outline_label(normalize(t)):
        return False
    core = _header_core(t)
    return bool(column_role(t) or _IND_VALUE_HDR.match(core) or _IND_UNIT_HDR.match(core) or _IND_NAME_HDR.match(core))


def _flat_header_roles(texts: list[str]) -> Optional[list[Optional[str]]]:
    """Roles of a flattened header run; the longest prefix that is a header wins (the run may take in a cell)."""
    for n in range(len(texts), 2, -1):
        sub = texts[:n]
        ind = indicator_roles(sub)
        if ind is not None and "task" in ind and "target_value" in ind:
            return ind
        roles = [column_role(c) for c in sub]
        named = [r for r in roles if r]
        if len(named) == len(set(named)) and len(set(named)) >= 3 and ({"task", "completion"} & set(named)):
            return roles
    return None


_PERSON_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[(（][^()（）]{1,12}[)）])?$|^[\u4e00-\u9fff]{2,4}[、，,][\u4e00-\u9fff、，,]{2,20}$")
_LEADER_TITLE_RE = re.compile(r"局长|主任|书记|院长|调研员|组长|部长|区长|县长|市长")
_MEASURE_RE = re.compile(r"^(?:1?/\s*(?:10|十)?万|1/千|‰|%|％|个百分点|百分点|[\u4e00-\u9fff]{1,4}(?:/[\u4e00-\u9fff]{1,3})?|"
                         r"万[\u4e00-\u9fff]{1,2}|[a-zA-Z]{1,4})$")
_TARGET_RE = re.compile(r"^[<>≤≥＜＞≦≧]?\s*[=＝]?\s*\d+(?:\.\d+)?\s*(?:%|％|‰)?\s*(?:以上|以下|以内|左右)?$")
_EMPTY_COST = {"task": -8.0, "completion": -1.5, "unit": -1.5, "co_units": -0.6, "leader": -2.0, "remarks": -0.2,
               "problems": -0.6, "reason": -0.6, "self_assessment": -1.5, "completed": -1.5, "deadline": -1.5,
               "measure_unit": -0.8, "target_value": -3.0, "category": -1.0}


_UNITISH_BAD = re.compile(r"[。；;！？\d%]")
_UNITISH_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_UNITISH_SPLIT = re.compile(r"[、，,/\s]+|及|和")


@lru_cache(maxsize=4096)
def unitish(t: str) -> bool:
    """A unit (or a list of units) as it stands in a 牵头单位 / 配合单位 cell: 区卫健局、各镇（街道）."""
    t = t.strip()
    if not t or len(t) > 60 or _UNITISH_BAD.search(t):
        return False
    core = _UNITISH_PAREN.sub("", t)
    parts = [x for x in _UNITISH_SPLIT.split(core) if x]
    if not parts:
        return False
    return all(len(x) <= 20 and (_UNITISH_RE.search(x) or x.startswith("各")) for x in parts)


def _cell_fit(role: Optional[str], toks: list[Optional[Cell]]) -> float:
    if not toks:
        return _EMPTY_COST.get(role or "", -0.3)
    if any(t is None for t in toks):
        if len(toks) > 1:
            return -8.0
        return -8.0 if role == "task" else 0.6  # an empty paragraph is exactly an empty cell
    return _texts_fit(role, tuple(t.text for t in toks))


@lru_cache(maxsize=65536)
def _texts_fit(role: Optional[str], texts: tuple[str, ...]) -> float:
    t0 = texts[0]
    single = len(texts) == 1
    if role in ("unit", "co_units"):
        if not single:
            return -4.0 if not all(unitish(x) for x in texts) else -1.0
        return (2.0 if role == "unit" else 1.6) if unitish(t0) else -4.0
    if role == "leader":
        if single and len(t0) <= 24 and (_PERSON_RE.match(t0) or _LEADER_TITLE_RE.search(t0)) and not unitish(t0):
            return 2.0
        return -4.0
    if role == "remarks":
        return 0.3 if single and len(t0) <= 30 and "。" not in t0 else -2.0
    if role == "self_assessment":
        return 3.0 if single and _SA_RE.match(normalize(t0).strip()) else -5.0
    if role == "completed":
        return 3.0 if single and len(t0) <= 8 and _completed(t0) is not None else -5.0
    if role == "deadline":
        ok = single and len(t0) <= 20 and (parse_date(t0, 2000) or re.search(r"年底|年末|季度|上半年|下半年|月|长期|持续", t0))
        return 2.0 if ok else -4.0
    if role == "measure_unit":
        return 1.5 if single and _MEASURE_RE.match(normalize(t0).strip()) and not unitish(t0) else -4.0
    if role == "target_value":
        if single and _TARGET_RE.match(normalize(t0).strip()):
            return 3.0
        return 0.4 if single and len(t0) <= 12 and "。" not in t0 and not unitish(t0) else -4.0
    if role == "number":
        return 1.0 if single and _SERIAL_RE.match(t0) else -4.0
    if role == "category":
        return 0.5 if single and len(t0) <= 20 else -2.0
    if role in ("task", "completion", "problems", "reason"):
        score = 0.0
        for i, x in enumerate(texts):
            nx = normalize(x).strip()
            if unitish(x) or _SA_RE.match(nx) or (len(nx) <= 4 and _completed(nx) is not None) or _TARGET_RE.match(nx):
                score -= 3.5
            elif i == 0:
                score += 1.0
            else:
                score += -0.6 if role == "task" else (-0.05 if role == "completion" else -0.3)
        if role == "problems" and not _PROBLEM_RE.search(t0[:12]):
            score -= 2.0
        if role == "reason" and not re.match(r"^(原因|由于|因|受)", t0):
            score -= 1.5
        if role == "task" and single and _PERSON_RE.match(t0) and len(t0) <= 6:
            score -= 1.5
        return score
    return 0.0 if single else -1.0


def _gap_cost(tgap: list[int], base: int, i: int, j: int, boundary_after: bool) -> float:
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


_MAX_CELL_PARAS = 14
_MAX_FLAT_CELLS = 4000  # paragraphs of one flattened table (the alignment is linear in them)
_MAX_HEADER_TRIES = 12


def _align_cells(tokens: list[Optional[Cell]], tgap: list[int], base: int, roles: list[Optional[str]], lo: int,
                 hi: int) -> list[list[Optional[Cell]]]:
    """Best split of tokens[lo:hi] into len(roles) consecutive (possibly empty) cells."""
    m = len(roles)
    NEG = float("-inf")
    best = [[NEG] * (m + 1) for _ in range(hi - lo + 1)]
    back = [[0] * (m + 1) for _ in range(hi - lo + 1)]
    best[0][0] = 0.0
    for c in range(m):
        for i in range(hi - lo + 1):
            if best[i][c] == NEG:
                continue
            for j in range(i, min(hi - lo, i + _MAX_CELL_PARAS) + 1):
                if c == m - 1 and j != hi - lo:
                    continue
                v = best[i][c] + _cell_fit(roles[c], tokens[lo + i:lo + j]) + \
                    _gap_cost(tgap, base, lo + i, lo + j, c < m - 1 and j > i)
                if v > best[j][c + 1]:
                    best[j][c + 1] = v
                    back[j][c + 1] = i
    if best[hi - lo][m] == NEG:  # more paragraphs than the cells can hold: the last cell takes the rest
        cells = [[] for _ in range(m)]
        cells[-1] = tokens[lo:hi]
        return cells
    out: list[list[Optional[Cell]]] = []
    j = hi - lo
    for c in range(m, 0, -1):
        i = back[j][c]
        out.append(tokens[lo + i:lo + j])
        j = i
    return out[::-1]


def _align_score(tokens, tgap, base, roles, lo: int, hi: int) -> float:
    cells = _align_cells(tokens, tgap, base, roles, lo, hi)
    return sum(_cell_fit(r, c) for r, c in zip(roles, cells))


def _row_of(roles: list[Optional[str]], cells: list[list[Optional[Cell]]], serial: Optional[Cell]) -> dict[str, Cell]:
    row: dict[str, Cell] = {}
    if serial is not None:
        row["number"] = serial
    for role, toks in zip(roles, cells):
        toks = [t for t in toks if t is not None]
        if not role or not toks or role in row:
            continue
        row[role] = Cell("\n".join(t.text for t in toks), toks[0].start, toks[-1].end)
    return row


def _flat_rows(tokens: list[Optional[Cell]], tgap: list[int], base: int, roles: list[Optional[str]], has_num: bool
               ) -> tuple[list[dict[str, Cell]], int]:
    """Rows of a flattened table -> (rows as role -> Cell, tokens consumed)."""
    rows: list[dict[str, Cell]] = []
    if has_num:
        starts: list[int] = []
        missing: set[int] = set()  # indexes k of starts whose preceding segment holds two rows
        expect = None
        for i, tok in enumerate(tokens):
            if tok is None:
                continue
            m = _ROW_NO_RE.match(tok.text)
            if starts and i - starts[-1] > _MAX_CELL_PARAS * len(roles) * (2 if len(starts) in missing else 1):
                break  # no next row number within a row's reach: the table ended
            if m and expect is not None and starts and int(m.group(1)) == expect + 1 and i - starts[-1] > len(roles) \
                    and len(starts) not in missing:
                missing.add(len(starts))  # the row number before this one was dropped: two rows in the last segment
                starts.append(i)
                expect = int(m.group(1)) + 1
                continue
            if m and (expect is None or int(m.group(1)) == expect) and (expect is not None or int(m.group(1)) <= 1 or
                                                                         not starts):
                if expect is None and i != 0 and not starts:
                    break
                starts.append(i)
                expect = int(m.group(1)) + 1
            elif not starts:
                break
        if not starts:
            return [], 0
        end = len(tokens)
        # after the last row: at most one row's worth of paragraphs (the rest is text after the table)
        last_cells = _align_cells(tokens, tgap, base, roles, starts[-1] + 1, min(end, starts[-1] + 1 + _MAX_CELL_PARAS * 2))
        bounds = starts + [min(end, starts[-1] + 1 + sum(len(c) for c in last_cells))]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if k + 1 in missing:  # resynchronise on the column count: the best place for the dropped row start
                best_split, best_v = None, float("-inf")
                for cut in range(a + 2, b):
                    v = _align_score(tokens, tgap, base, roles, a + 1, cut) + _align_score(tokens, tgap, base, roles, cut, b)
                    if v > best_v:
                        best_split, best_v = cut, v
                if best_split is not None:
                    rows.append(_row_of(roles, _align_cells(tokens, tgap, base, roles, a + 1, best_split), tokens[a]))
                    number = str(int(tokens[a].text.strip()) + 1)
                    at = tokens[best_split].start if tokens[best_split] is not None else tokens[a].end
                    row = _row_of(roles, _align_cells(tokens, tgap, base, roles, best_split, b), Cell(number, at, at))
                    row["_warning"] = Cell(f"序号{number}缺失，按列数补出", at, at)
                    rows.append(row)
                    continue
            cells = _align_cells(tokens, tgap, base, roles, a + 1, b)
            rows.append(_row_of(roles, cells, tokens[a]))
        return rows, bounds[-1]
    # no 序号: rows follow each other; the whole stream is aligned cyclically to the columns
    m = len(roles)
    req = roles.index("task") if "task" in roles else (roles.index("completion") if "completion" in roles else 0)
    n = len(tokens)
    NEG = float("-inf")
    best = [[NEG] * m for _ in range(n + 1)]
    back: list[list[Optional[tuple[int, int]]]] = [[None] * m for _ in range(n + 1)]
    best[0][0] = 0.0
    order = [(req + 1 + x) % m for x in range(m)]  # within one position, columns after the required one first
    for i in range(n + 1):
        for c in order:
            if best[i][c] == NEG:
                continue
            nc = (c + 1) % m
            for j in range(i, min(n, i + _MAX_CELL_PARAS) + 1):
                if c == req and j == i:
                    continue
                v = best[i][c] + _cell_fit(roles[c], tokens[i:j]) + _gap_cost(tgap, base, i, j, j > i)
                if nc == 0:
                    v += 0.0
                if v > best[j][nc]:
                    best[j][nc] = v
                    back[j][nc] = (i, c)
    # end at the last complete row (or fill the missing cells of the last one)
    end_c, end_v = 0, best[n][0]
    for c in range(1, m):
        if best[n][c] == NEG:
            continue
        v = best[n][c] + sum(_EMPTY_COST.get(roles[x] or "", -0.3) for x in range(c, m))
        if v > end_v:
            end_c, end_v = c, v
    if end_v == NEG:
        return [], 0
    spans: list[tuple[int, int, int]] = []  # (column, i, j)
    j, c = n, end_c
    while back[j][c] is not None:
        i, pc = back[j][c]
        spans.append((pc, i, j))
        j, c = i, pc
    spans.reverse()
    cur: list[list[Optional[Cell]]] = []
    for col, i, jj in spans:
        cur.append(tokens[i:jj])
        if col == m - 1:
            rows.append(_row_of(roles, cur, None))
            cur = []
    if cur:
        rows.append(_row_of(roles, cur + [[] for _ in range(m - len(cur))], None))
    return [r for r in rows if r.get("task") or r.get("completion")], n


def _assign_row(roles: list[Optional[str]], cells: list[Cell], serial: Optional[Cell]) -> dict[str, Cell]:
    row: dict[str, Cell] = {}
    if serial is not None:
        row["number"] = serial
    if not cells:
        return row
    consistent = len(cells) == len(roles)
    if consistent and "self_assessment" in roles:
        consistent = bool(_SA_RE.match(normalize(cells[roles.index("self_assessment")].text).strip()))
    if consistent and "completed" in roles:
        consistent = _completed(cells[roles.index("completed")].text) is not None
    if consistent and "problems" in roles:
        pc = cells[roles.index("problems")].text.strip()
        consistent = not pc or bool(_PROBLEM_RE.search(pc[:12]))
    if consistent:
        for r, c in zip(roles, cells):
            if r:
                row[r] = c
        return row
    rest = list(cells)
    if "task" in roles and rest:
        row["task"] = rest.pop(0)
    if "unit" in roles and rest and roles[-1] in ("unit", "co_units") and len(rest[-1].text) <= 30 and \
            _UNITISH_RE.search(rest[-1].text) and "。" not in rest[-1].text:
        row["unit"] = rest.pop()
    if "self_assessment" in roles:
        for i in range(len(rest) - 1, -1, -1):
            if _SA_RE.match(normalize(rest[i].text).strip()):
                row["self_assessment"] = rest.pop(i)
                rest = rest[:i] + rest[i:]
                break
    if "completed" in roles:
        for i in range(len(rest) - 1, -1, -1):
            if re.fullmatch(r"(已完成|未完成|完成|是|否|部分完成)", rest[i].text.strip()):
                row["completed"] = rest.pop(i)
                break
    if rest:
        probs = None
        if "problems" in roles and len(rest) > 1 and _PROBLEM_RE.search(rest[-1].text.strip()[:12]):
            probs = rest.pop()
        if "reason" in roles and len(rest) > 1 and re.match(r"^(原因|由于|因|受)", rest[-1].text.strip()):
            row["reason"] = rest.pop()
        if "completion" in roles:
            row["completion"] = Cell("\n".join(c.text for c in rest), rest[0].start, rest[-1].end)
        if probs is not None:
            row["problems"] = probs
    return row


# ------------------------------------------------------------------ main analysis
def analyze(doc: Document) -> ParseResult:
    raw, norm = doc.text, doc.norm or normalize(doc.text)
    regions = _Regions()
    paras: list[tuple[int, Paragraph]] = [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]
    consumed: set[int] = set()
    metadata: dict[str, str] = {}

    # --- metadata, chrome
    nonblank_seen = 0
    unit_metadata: list[dict[str, str]] = []
    pending_key: Optional[str] = None  # bare label paragraph waiting for its value paragraph
    for bi, p in paras:
        t = p.text
        if not t.strip():
            continue
        nonblank_seen += 1
        n = norm[p.start:p.end]
        if "[bookmark" in n:
            n = normalize(_BOOKMARK_RE.sub("", t))
        bare = _BARE_KEY_RE.match(n)
        if bare and nonblank_seen <= 60:
            pending_key = re.sub(r"[ \u3000]", "", bare.group(1))
            consumed.add(bi)
            regions.skip(p.start, p.end)
            continue
        if pending_key is not None:
            key, pending_key = pending_key, None
            if len(n.strip()) <= 80 and not _KEY_RE.search(n) and not outline_label(n):
                val = t.strip()
                if key in _DATE_KEYS:
                    val = parse_date(val) or val
                if key not in ("浏览次数", "字号"):
                    metadata.setdefault(key, val)
                consumed.add(bi)
                regions.skip(p.start, p.end)
                continue
        um = _UNIT_META_RE.match(n) if "签发人" in n or "填报人" in n else None
        if um and len(n) < 300:
            md = extract_metadata(t[um.end("unit"):])
            if len(md) >= 2:  # 医政医管科　签发人：…　填报人：…　联系方式：…　填报时间：… (one line per unit)
                unit_metadata.append({"填报单位": t[um.start("unit"):um.end("unit")].strip(), **md})
                consumed.add(bi)
                regions.skip(p.start, p.end)
                continue
        if _KEY_RE.search(n) and (nonblank_seen <= 40 or _FORM_LINE_RE.match(n)) and len(n) < 300:
            md = extract_metadata(t)
            form_like = bool(_FORM_LINE_RE.match(n)) or any(k in md for k in DISC_KEYS if k != "来源")
            only_keys = not _KEY_RE.sub("", n).strip()
            if only_keys or (md and (form_like or n.lstrip().startswith(tuple(md)))):
                for k, v in md.items():
                    metadata.setdefault(k, v)
                consumed.add(bi)
                regions.skip(p.start, p.end)
                continue
        if is_chrome(t) or _ORG_RE.match(n.strip()) or re.fullmatch(r"\s*((19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|附件\s*\d*\s*[:：]?)\s*", n):
            consumed.add(bi)
            regions.skip(p.start, p.end)
    # metadata inside tables (rows before the header / footer rows)
    for blk in doc.blocks:
        if isinstance(blk, Table):
            for row in blk.rows:
                for ci, c in enumerate(row):
                    if not c.text or c.continued or len(c.text) >= 200:
                        continue
                    cn = normalize(_BOOKMARK_RE.sub("", c.text))
                    bare = _BARE_KEY_RE.match(cn)
                    if bare:  # label cell followed by its value cell
                        nxt = next((x for x in row[ci + 1:] if x.text.strip() and not x.continued), None)
                        if nxt is not None and len(nxt.text) <= 80 and not _KEY_RE.search(normalize(nxt.text)) \
                                and not _BARE_KEY_RE.match(normalize(nxt.text)):
                            key = re.sub(r"[ \u3000]", "", bare.group(1))
                            val = nxt.text.strip()
                            if key in _DATE_KEYS:
                                val = parse_date(val) or val
                            if key not in ("浏览次数", "字号"):
                                metadata.setdefault(key, val)
                            regions.skip(c.start, c.end)
                            regions.skip(nxt.start, nxt.end)
                        continue
                    um = _UNIT_META_RE.match(cn) if "签发人" in cn or "填报人" in cn else None
                    if um:
                        md = extract_metadata(c.text[um.end("unit"):])
                        if len(md) >= 2:
                            unit_metadata.append({"填报单位": c.text[um.start("unit"):um.end("unit")].strip(), **md})
                            regions.skip(c.start, c.end)
                            continue
                    if _KEY_RE.search(cn):
                        md = extract_metadata(c.text)
                        if md and (_FORM_LINE_RE.match(cn) or _KEY_RE.match(cn.lstrip())):
                            for k, v in md.items():
                                metadata.setdefault(k, v)
                            regions.skip(c.start, c.end)

    # --- tables
    grid: Optional[_Grid] = None
    table_block = None
    tg = _grid_from_tables(doc)
    if tg:
        grid, table_block, header_row = tg
        tbl = doc.blocks[table_block]
        pre_rows = tbl.rows[:header_row]
    else:
        pre_rows = []
        grid = _tab_grid(doc, paras) or _paragraph_grid(doc, paras) or _delimited_grid(doc, paras)
        if grid:
            consumed |= grid.consumed

    # --- title
    title, title_par = _find_title(doc, paras, consumed, pre_rows, grid)
    if title_par is not None:
        consumed.add(title_par)
    # --- year
    year = None
    if title:
        m = _YEAR_RE.search(normalize(title))
        if m:
            year = int(m.group(1))
    if year is None:
        for k in ("发文日期", "成文日期", "填报时间", "填报日期", "发布时间", "发布日期"):
            if metadata.get(k) and re.match(r"\d{4}", metadata[k]):
                year = int(metadata[k][:4])
                break
    if year is None:
        years = Counter(int(y) for y in _YEAR_RE.findall(norm[:20000]) if 1990 <= int(y) <= 2100)
        if years:
            year = years.most_common(1)[0][0]

    # --- kind
    if grid is not None:
        rs = set(r for r in grid.roles if r)
        if "self_assessment" in rs or ("problems" in rs and "completed" not in rs):
            kind = "status_table"
        elif "completed" in rs or "reason" in rs or (title and "填报" in title):
            kind = "filing_form"
        elif "completion" in rs:
            kind = "status_table"
        else:
            kind = "plan"
    else:
        kind = _text_kind(title, norm)

    # --- org
    org = _find_org(metadata, paras, title)

    # --- as_of
    as_of = None
    if grid is not None:
        for c, r in zip(grid.header, grid.roles):
            if r == "completion" or r == "task":
                as_of = find_as_of(c.text, year)
                if as_of:
                    break
    if as_of is None and title:
        as_of = find_as_of(title, year)
    if as_of is None and grid is not None:
        # a dated line in the header, before the table: "（截至2024年6月30日）"
        limit = grid.header[0].start if grid.header else len(raw)
        for row in pre_rows:
            for c in row:
                if c.text.strip() and as_of is None:
                    as_of = find_as_of(c.text, year)
        for bi, p in paras:
            if as_of is not None or p.start >= limit:
                break
            if p.text.strip() and len(p.text) <= 80:
                as_of = find_as_of(p.text, year)
                if as_of and bi not in consumed and re.fullmatch(r"\s*[(（]?[^。]{0,40}[)）]?\s*", p.text):
                    consumed.add(bi)
                    regions.skip(p.start, p.end)
    if as_of is None and kind in ("filing_form", "status_table") and title:
        as_of = period_end(title, year)

    sections: list[Section] = []
    if grid is not None:
        for c in grid.header:
            regions.skip(c.start, c.end)
        sections = _sections_from_grid(grid, regions, year)
        _apply_annotations([t for sec in sections for t in sec.tasks], doc, regions, year, overwrite_units=False)
        default_role = None
        if grid is not None and title_par is None and table_block is None:
            pass
    else:
        sections = _sections_from_outline(doc, paras, consumed, regions, kind, year)
        _apply_annotations([t for sec in sections for t in sec.tasks], doc, regions, year,
                           inline_deadline=(kind == "plan"))
        for sec in sections:
            if sec.title:
                sp, *_ = find_annotations(sec.title, year)
                if sp:
                    sec.title = _strip_spans(sec.title, sp).rstrip("。；;：: ") or sec.title
        default_role = "target" if kind == "plan" else "actual"

    role_at, skip = regions.finalize(default_role if grid is None else None)
    inds = find_indicators(raw, norm, role_at, skip)
    table_inds = [t._table_ind for sec in sections for t in sec.tasks if getattr(t, "_table_ind", None)]
    if table_inds:
        inds = sorted(inds + table_inds, key=lambda i: i.start)
    _attach(sections, inds)

    preamble = None
    if kind == "plan":
        preamble = _preamble(paras, consumed, title_par, doc, sections, grid)
        if preamble is None and grid is not None and pre_rows:
            texts = [c.text.strip() for row in pre_rows for c in row[:1] if c.text.strip() and not c.continued]
            body = [t for t in texts if t != (title or "") and len(normalize(t)) >= 10 and not _KEY_RE.search(normalize(t))
                    and not _TITLE_KW.search(normalize(t)[-6:])]
            preamble = "\n".join(body) or None

    unparsed = []
    for bi, p in paras:
        if bi in consumed or not p.text.strip():
            continue
        t = _BOOKMARK_RE.sub("", p.text).strip()
        if t and not is_chrome(t):
            unparsed.append(t)

    for k in ("填报时间", "填报日期"):
        if k in metadata and year:
            iso = parse_date(metadata[k], year)
            if iso:
                metadata[k] = iso
    return ParseResult(kind=kind, title=title, org=org, year=year, as_of=as_of, metadata=metadata,
                       sections=sections, indicators=inds, unparsed=unparsed, text=raw, format=doc.format,
                       preamble=preamble, unit_metadata=unit_metadata)


def _preamble(paras, consumed: set[int], title_par: Optional[int], doc: Document, sections: list[Section],
              grid: Optional[_Grid]) -> Optional[str]:
    """A plan's opening paragraphs (总体思路 …) between its title and its first heading or table."""
    if grid is not None:
        limit = grid.header[0].start if grid.header else 0
    else:
        starts = [s.start for s in sections if s.start] + [t.start for s in sections for t in s.tasks if t.start]
        limit = min(starts) if starts else 0
    if not limit:
        return None
    after = None
    if title_par is not None:
        after = doc.blocks[title_par].end if isinstance(doc.blocks[title_par], Paragraph) else None
    out: list[tuple[int, str]] = []
    for bi, p in paras:
        if p.start >= limit:
            break
        if after is not None and p.start < after:
            continue
        if bi in consumed or not p.text.strip():
            continue
        t = _BOOKMARK_RE.sub("", p.text).strip()
        n = normalize(t)
        if len(n) < 10 or n.endswith(("：", ":")) or re.match(r"^(附件|现将|抄送|印发)", n) or is_chrome(t):
            continue
        out.append((bi, t))
    if not out:
        return None
    for bi, _ in out:
        consumed.add(bi)
    return "\n".join(t for _, t in out)


def _attach(sections: list[Section], inds: list[Indicator]) -> None:
    tasks = sorted((t for s in sections for t in s.tasks), key=lambda t: t.start)
    for t in tasks:
        t.indicators = []
    spans = [(t.start, t.end, t) for t in tasks]
    starts = [s for s, _, _ in spans]
    for ind in inds:
        i = bisect.bisect_right(starts, ind.start) - 1
        # tasks of grids may have several disjoint cells; check all candidates near
        placed = False
        for j in range(max(0, i - 1), min(len(spans), i + 2)):
            s, e, t = spans[j]
            cells = getattr(t, "_cells", None)
            if cells:
                if any(a <= ind.start < b for a, b in cells):
                    t.indicators.append(ind)
                    placed = True
                    break
            elif s <= ind.start < e:
                t.indicators.append(ind)
                placed = True
                break
        if not placed and tasks and any(getattr(t, "_cells", None) for t in tasks):
            for t in tasks:
                if any(a <= ind.start < b for a, b in getattr(t, "_cells", [])):
                    t.indicators.append(ind)
                    break


def _clean_number(s: Optional[str]) -> Optional[str]:
    if not s:
        return None
    t = normalize(s).strip()
    m = re.fullmatch(rf"[(（\[]?\s*(\d{{1,4}}|[{_CN}百]{{1,4}}|[①-⑳⑴-⒇㈠-㈩❶-❿])\s*[)）\]]?\s*[、.．,，]?", t)
    return label_number(m.group(1)) if m else s.strip()


def _sections_from_grid(grid: _Grid, regions: _Regions, year: Optional[int] = None) -> list[Section]:
    sections: list[Section] = []
    cur: Optional[Section] = None
    last_cat = None
    has_cat = "category" in grid.roles
    count = 0
    for row in grid.rows:
        if "_section" in row:
            c = row["_section"]
            t = _BOOKMARK_RE.sub("", c.text).strip()
            lab = outline_label(normalize(t))
            label = lab[1] if lab and lab[0] in ("chapter", "cn", "pcn") else None
            title = t[lab[2]:].strip() if label else t
            cur = Section(title=title.rstrip("：:。 ") or None, label=label, start=c.start, end=c.end)
            sections.append(cur)
            regions.skip(c.start, c.end)
            continue
        cat_cell = row.get("category")
        cat = cat_cell.text.strip() if cat_cell is not None else ""
        if cat_cell is not None and cat_cell.continued:
            cat = last_cat or cat
        if not has_cat:
            if cur is None:
                cur = Section(title=None)
                sections.append(cur)
        elif cat and cat != last_cat:
            ctext = _BOOKMARK_RE.sub("", cat).strip()
            clab = outline_label(normalize(ctext))
            clabel = clab[1] if clab and clab[0] in ("chapter", "cn", "pcn") else None
            cur = Section(title=ctext[clab[2]:].strip() if clabel else ctext, label=clabel, start=cat_cell.start,
                          end=cat_cell.end)
            sections.append(cur)
            last_cat = cat
        elif cur is None:
            cur = Section(title=None)
            sections.append(cur)
        task_cell = row.get("task")
        if task_cell is None or not task_cell.text.strip():
            if not row.get("completion"):
                continue
        get = lambda r: (row[r].text.strip() or None) if r in row else None  # noqa: E731
        units = _split_units(row["unit"].text) if "unit" in row else []
        co = _split_units(row["co_units"].text) if "co_units" in row else []
        sa_raw = get("self_assessment")
        sa = None
        if sa_raw:
            sa = self_assessment(sa_raw)
        completed = _completed(row["completed"].text) if "completed" in row else None
        text = task_cell.text.strip() if task_cell is not None else ""
        table_ind = None
        if "target_value" in row:
            table_ind, text = _table_indicator(row, text)
        count += 1
        number = _clean_number(get("number")) or str(count)
        t = Task(number=number, text=text, title=_title_sentence(text) if text else None,
                 lead_unit=units[0] if units else None, units=units + [u for u in co if u not in units],
                 completion=get("completion"), completed=completed, reason=get("reason"), problems=get("problems"),
                 self_assessment=sa)
        cells = [(c.start, c.end) for r, c in row.items() if r != "category" and not c.continued and c.end > c.start]
        t.start = min((a for a, _ in cells), default=0)
        t.end = max((b for _, b in cells), default=0)
        t._cells = cells  # type: ignore[attr-defined]
        if "deadline" in row and row["deadline"].text.strip():
            t.deadline = parse_date(row["deadline"].text, year)
        if table_ind is not None:
            t._table_ind = table_ind  # type: ignore[attr-defined]
        t.warnings = _row_warnings(row)
        for r in ("target_value", "measure_unit"):
            if r in row:
                regions.skip(row[r].start, row[r].end)
        if task_cell is not None:
            regions.add(task_cell.start, task_cell.end, "target")
        for r in ("completion", "problems", "reason"):
            if r in row:
                regions.add(row[r].start, row[r].end, "actual")
        for r in ("unit", "co_units", "number", "self_assessment", "completed", "deadline", "leader"):
            if r in row:
                regions.skip(row[r].start, row[r].end)
        cur.tasks.append(t)
        cur.end = max(cur.end, t.end)
        if cur.start == 0:
            cur.start = t.start
    return sections


def _row_warnings(row: dict[str, Cell]) -> list[str]:
    """Cells that do not look like their column (a 责任单位 that is no unit, a 自评 that is no 超前/正常/滞后)."""
    out = [row["_warning"].text] if "_warning" in row else []
    for role, label in (("unit", "责任单位"), ("co_units", "配合单位")):
        c = row.get(role)
        if c is not None and c.text.strip() and not unitish(c.text.replace("\n", "、")):
            out.append(f"{label}“{c.text.strip()[:30]}”不像单位名称")
    c = row.get("self_assessment")
    if c is not None and c.text.strip() and self_assessment(c.text) is None:
        out.append(f"自评“{c.text.strip()[:20]}”不是超前/正常/滞后")
    c = row.get("completed")
    if c is not None and c.text.strip() and _completed(c.text) is None:
        out.append(f"是否完成“{c.text.strip()[:20]}”无法识别")
    c = row.get("target_value")
    if c is not None and c.text.strip() and not re.search(r"\d", c.text):
        out.append(f"指标值“{c.text.strip()[:20]}”不是数字")
    return out


_SIGN_COMP = {"≥": "gte", "≧": "gte", ">=": "gte", "≤": "lte", "≦": "lte", "<=": "lte", "<": "lt", "＜": "lt", ">": "gt",
              "＞": "gt"}


def _table_indicator(row: dict[str, Cell], name: str) -> tuple[Optional[Indicator], str]:
    """名称 | 单位 | 值: the indicator of an indicator-table row (comparator from a sign in the value cell) and the
    task text (the name; a non-numeric target such as 全覆盖 is added to it)."""
    vc = row["target_value"]
    raw = vc.text
    n = normalize(raw)
    m = re.search(r"(?P<sign>>=|<=|[<>≤≥＜＞≦≧])?\s*[=＝]?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<u>%|‰)?\s*(?P<tail>以上|以下|以内|左右)?", n)
    if not m or not vc.text.strip():
        target = raw.strip()
        return None, (f"{name}：{target}" if target else name)
    unit_cell = row.get("measure_unit")
    unit = (unit_cell.text.strip() if unit_cell is not None else "") or m.group("u") or None
    if unit:
        unit = {"％": "%", "1/10万": "1/10万", "/10万": "1/10万", "1/万": "1/万"}.get(normalize(unit).strip(), unit)
    comparator = _SIGN_COMP.get(m.group("sign") or "")
    if comparator is None and m.group("tail"):
        comparator = {"以上": "gte", "以下": "lte", "以内": "lte"}.get(m.group("tail"))
    value: float | int = float(m.group("num"))
    if value.is_integer() and "." not in m.group("num"):
        value = int(value)
    s = vc.start + m.start("num")
    e = vc.start + (m.end("u") if m.group("u") else m.end("num"))
    ind = Indicator(text=vc.text[m.start("num"):e - vc.start], value=value, unit=unit, comparator=comparator,
                    subject=name[:20] or None, role="target", start=s, end=e)
    return ind, name


def _find_title(doc: Document, paras, consumed, pre_rows, grid) -> tuple[Optional[str], Optional[int]]:
    cands: list[tuple[str, Optional[int]]] = []
    for row in pre_rows:
        for c in row:
            if c.text.strip():
                cands.append((c.text.strip(), None))
                break
    limit = grid.header[0].start if grid is not None and grid.header else None
    count = 0
    for bi, p in paras:
        if bi in consumed:
            continue
        if limit is not None and p.start >= limit:
            break
        t = _BOOKMARK_RE.sub("", p.text).strip()
        if not t:
            continue
        count += 1
        if count > 25:
            break
        cands.append((t, bi))
    first_short = None
    for t, bi in cands:
        n = normalize(t)
        if len(n) > 70 or n.endswith(("。", "：", ":", "；")) or re.match(r"^(附件|现将|根据|为)", n):
            continue
        if outline_label(n) or _KEY_RE.search(n) or is_chrome(t) or _ORG_RE.match(n) or re.fullmatch(r"[\d\s年月日\-./]+", n):
            continue
        m = re.search(r"关于(?:印发|下发|转发|报送)?《(.+?)》", t)
        if m:
            return m.group(1).strip(), bi
        if _TITLE_KW.search(n):
            return t.strip("《》 "), bi
        if first_short is None and len(n) >= 6:
            first_short = (t, bi)
    if first_short:
        return first_short
    return None, None


def _text_kind(title: Optional[str], norm: str) -> str:
    t = normalize(title or "")
    if "总结" in t or re.search(r"完成情况|工作情况|情况报告|汇报|进展情况", t):
        return "summary"
    if re.search(r"要点|计划|方案|思路|安排|任务|意见|规划|打算|重点工作$|重点工作(?:及|和)?(?:分工|分解)|清单|目标", t):
        return "plan"
    head = norm[:5000]
    past = len(re.findall(r"已|完成了|取得|成效|累计", head))
    future = len(re.findall(r"要|将|力争|确保|计划|推进", head))
    return "plan" if future > past * 1.5 else "summary"


def _find_org(metadata: dict[str, str], paras, title: Optional[str]) -> Optional[str]:
    for k in ("填报单位", "报送单位", "发布机构", "发文机关"):
        if metadata.get(k):
            return metadata[k]
    for bi, p in paras[:40] + paras[-15:]:
        n = normalize(p.text.strip())
        if 4 <= len(n) <= 30 and _ORG_RE.match(n) and not outline_label(n):
            return p.text.strip()
    if title:
        m = re.match(r"^(.{2,30}?(?:卫生健康局|卫生健康委员会|卫健局|卫健委|局|委员会))", normalize(title))
        if m and not re.search(r"\d", m.group(1)):
            return title[: m.end()]
    return None


def _sections_from_outline(doc: Document, paras, consumed: set[int], regions: _Regions, kind: str,
                           year: Optional[int] = None) -> list[Section]:
    labelled: list[tuple[int, Paragraph, Optional[tuple[str, str, int]]]] = []
    for bi, p in paras:
        if bi in consumed or not p.text.strip():
            continue
        n = doc.norm[p.start:p.end] if doc.norm else normalize(p.text)
        labelled.append((bi, p, outline_label(n)))
    _mark_records(doc, labelled)
    styles = sorted({lab[0] for _, _, lab in labelled if lab}, key=lambda s: _RANK[s])
    if not styles:
        return []
    # four levels (第一部分 / 一、 / （一） / 1.): the parts group the sections (Section.part)
    part_style = None
    if styles[0] == "chapter" and len([x for x in styles if x != "rec"]) >= 3:
        part_style = styles.pop(0)
    cur_part: Optional[tuple[str, str]] = None
    sec_style = styles[0]
    task_style = styles[1] if len(styles) > 1 else None
    if task_style is None:
        # single level: short headings -> sections holding the following paragraphs as tasks; else flat tasks
        heads = [p for _, p, lab in labelled if lab]
        headlike = sum(1 for p in heads if len(p.text.strip()) <= 40) >= max(1, len(heads) * 0.7)
        recs = sum(1 for _, p, lab in labelled if lab and _REC_START_RE.match(normalize(p.text[lab[2]:])))
        mode = "heading" if headlike and sec_style != "rec" and not recs else "flat"
    else:
        mode = "two"
    # three levels 一、 → （一） → 1.: the numbered items are the tasks, a （一） with numbered items beneath is a
    # sub-heading (Task.subsection); a （一） without numbered items stays a task itself.
    sub_style = None
    heads_with_children: set[int] = set()
    if len(styles) >= 3 and styles[1] not in ("shi", "circ") and styles[2] in ("ar", "par", "pcn"):
        mid, low = styles[1], styles[2]
        cur_mid = None
        for _, p, lab in labelled:
            st = lab[0] if lab else None
            if st == sec_style:
                cur_mid = None
            elif st == mid:
                cur_mid = p.start
            elif st == low and cur_mid is not None:
                heads_with_children.add(cur_mid)
        if heads_with_children:
            mode, sub_style, task_style = "three", mid, low
    cur_sub: Optional[tuple[str, str]] = None
    sub_ann: tuple = ([], [], None)
    sections: list[Section] = []
    cur_sec: Optional[Section] = None
    cur_task: Optional[Task] = None
    first_idx = next(i for i, (_, _, lab) in enumerate(labelled) if lab)

    def new_task(p: Paragraph, lab) -> Task:
        raw = p.text
        body_start = p.start + lab[2] if lab else p.start + (len(raw) - len(raw.lstrip()))
        rm = _REC_START_RE.match(doc.norm[body_start:p.end] if doc.norm else normalize(doc.text[body_start:p.end]))
        if rm:  # "1.目标任务：…": the label is not the task
            body_start += rm.end()
        text = doc.text[body_start:p.end].strip()
        t = Task(number=label_number(lab[1]) if lab and lab[1] else None, label=lab[1] if lab and lab[1] else None,
                 title=_title_sentence(text), text=text, start=p.start, end=p.end)
        if lab and lab[0] == "rec":
            t._rec = True  # type: ignore[attr-defined]
            t._bracket = _ends_with_unit_bracket(text)  # type: ignore[attr-defined]
        return t

    def extend(t: Task, p: Paragraph) -> None:
        line = p.text.strip()
        mm = _MEASURE_LINE_RE.match(normalize(line))
        if mm:
            line = line[mm.end():].strip()
        t.text = t.text + "\n" + line
        t.end = p.end

    for idx, (bi, p, lab) in enumerate(labelled):
        if idx < first_idx:
            continue
        style = lab[0] if lab else None
        consumed.add(bi)
        if part_style is not None and style == part_style:
            body = doc.text[p.start + lab[2]:p.end].strip()
            cur_part = (lab[1], body.rstrip("。；;：: "))
            cur_sec, cur_task, cur_sub = None, None, None
            continue
        if mode in ("two", "three") and style is None and cur_sec is not None and _bare_subheading(labelled, idx,
                                                                                                   task_style):
            cur_sub = (None, p.text.strip())  # a bare line heading the numbered items below it
            sub_ann = ([], [], None)
            cur_task = None
            continue
        if style == sec_style:
            body = doc.text[p.start + lab[2]:p.end].strip()
            title = body
            rest = ""
            if len(body) > 40:
                m = re.match(r"^(.{2,50}?)[。；;]", body)
                if m:
                    title, rest = m.group(1), body[m.end():].strip()
            cur_sec = Section(title=title.rstrip("。；;：: "), label=lab[1] or None, start=p.start, end=p.end)
            if cur_part is not None:
                cur_sec.part_label, cur_sec.part = cur_part
            sections.append(cur_sec)
            cur_task = None
            cur_sub = None
            if mode == "flat":
                t = new_task(p, lab)
                cur_sec.tasks.append(t)
                cur_task = t
            elif rest and mode in ("two", "three"):
                t = Task(number=None, label=None, title=_title_sentence(rest), text=rest, start=p.start, end=p.end)
                cur_sec.tasks.append(t)
                cur_task = t
        elif mode == "three" and style == sub_style and p.start in heads_with_children:
            if cur_sec is None:
                cur_sec = Section(title=None, start=p.start)
                sections.append(cur_sec)
            body = doc.text[p.start + lab[2]:p.end].strip()
            sp, lead, co, dl = find_annotations(body, year)
            body = _strip_spans(body, sp)
            m = re.match(r"^(.{2,50}?)[。；;：:]", body)
            cur_sub = (lab[1], (m.group(1) if m else body).rstrip("。；;：: "))
            sub_ann = (lead, co, dl)
            cur_task = None
        elif mode in ("two", "three") and style is not None and style in (task_style, sub_style, "rec"):
            if cur_sec is None:
                cur_sec = Section(title=None, start=p.start)
                if cur_part is not None:
                    cur_sec.part_label, cur_sec.part = cur_part
                sections.append(cur_sec)
            cur_task = new_task(p, lab)
            if mode == "three" and style == sub_style:
                cur_sub = None
            elif cur_sub is not None and (mode == "three" or cur_sub[0] is None):
                cur_task.subsection_label, cur_task.subsection = cur_sub
                cur_task._inherit = sub_ann  # type: ignore[attr-defined]
            cur_sec.tasks.append(cur_task)
        elif mode == "heading" and style is None and cur_sec is not None:
            cur_task = new_task(p, None)
            cur_sec.tasks.append(cur_task)
        elif cur_task is not None and not getattr(cur_task, "_bracket", False):
            extend(cur_task, p)
        elif cur_sec is not None and style is not None:
            cur_task = new_task(p, lab)
            cur_sec.tasks.append(cur_task)
        else:
            consumed.discard(bi)
            continue
        if cur_sec is not None:
            cur_sec.end = max(cur_sec.end, p.end)
    if mode == "flat" and sections:
        flat = Section(title=None, tasks=[t for s in sections for t in s.tasks], start=sections[0].start,
                       end=sections[-1].end)
        sections = [flat]
    _mark_lagging(doc, sections, labelled)
    return sections


def _ends_with_unit_bracket(text: str) -> bool:
    if text.rstrip("。；; \t")[-1:] not in ("）", ")"):
        return False
    m = _UNIT_BRACKET_RE.search(normalize(text))
    if not m or len(text) < 8:
        return False
    names = _split_units(m.group("u"))
    return bool(names) and all(unitish(u) for u in names)


def _mark_records(doc: Document, labelled: list) -> None:
    """Unnumbered items as tasks (style "rec"): 目标任务： records, a bare title line followed by 工作措施：, and runs of
    lines each ending in its unit in brackets (lists of lagging tasks)."""
    n = len(labelled)
    norm = doc.norm or normalize(doc.text)
    texts = [norm[p.start:p.end].strip() for _, p, _ in labelled]
    bracket = [labelled[i][2] is None and _ends_with_unit_bracket(texts[i]) for i in range(n)]
    titled: set[int] = set()
    for i in range(n):
        bi, p, lab = labelled[i]
        if lab is not None:
            continue
        t = texts[i]
        nxt = texts[i + 1] if i + 1 < n else ""
        if 2 <= len(t) <= 40 and (":" in nxt[2:7] or "：" in nxt[2:7]) and not re.search(r"[。；;，,：:！!？?、]", t) and \
                _MEASURE_LINE_RE.match(nxt) and labelled[i + 1][2] is None:
            labelled[i] = (bi, p, ("rec", "", 0))
            titled.add(i + 1)
        elif (":" in t[2:8] or "：" in t[2:8]) and _REC_START_RE.match(t) and i not in titled:
            labelled[i] = (bi, p, ("rec", "", 0))
        elif bracket[i] and ((i > 0 and bracket[i - 1]) or (i + 1 < n and bracket[i + 1])):
            labelled[i] = (bi, p, ("rec", "", 0))


def _bare_subheading(labelled: list, idx: int, task_style: Optional[str]) -> bool:
    """A short unnumbered line with no punctuation, followed by a numbered task: a sub-heading (婴幼儿照护)."""
    _bi, p, _lab = labelled[idx]
    t = normalize(p.text.strip())
    if not (2 <= len(t) <= 20) or re.search(r"[。；;，,：:！!？?、\d]", t) or idx + 1 >= len(labelled):
        return False
    nlab = labelled[idx + 1][2]
    return nlab is not None and nlab[0] == task_style


def _mark_lagging(doc: Document, sections: list[Section], labelled: list) -> None:
    """Tasks listed under a heading about lagging work (进度滞后的工作) are behind schedule."""
    by_start = {p.start: i for i, (_, p, _) in enumerate(labelled)}
    for sec in sections:
        lag_sec = bool(sec.title and _LAG_RE.search(sec.title))
        for t in sec.tasks:
            if t.self_assessment is not None:
                continue
            if lag_sec:
                t.self_assessment = "behind"
                continue
            if getattr(t, "_rec", False):
                i = by_start.get(t.start)
                j = i - 1 if i is not None else -1
                while j >= 0 and labelled[j][2] is not None and labelled[j][2][0] == "rec":
                    j -= 1
                if j >= 0:
                    prev = normalize(labelled[j][1].text.strip())
                    if prev.endswith(("：", ":")) and _LAG_RE.search(prev):
                        t.self_assessment = "behind"
