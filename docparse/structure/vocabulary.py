"""The words documents label things with: column headers, self-assessments, 是否完成, unit names, page chrome."""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import normalize

# ------------------------------------------------------------------ table header words -> column role
COLUMN_ROLES = [
    ("attribute", re.compile(r"^(属性|指标属性)$")),  # 预期性 / 约束性 of an indicator
    ("remarks", re.compile(r"^(备注|说明|备注说明|备考)$")),
    ("self_assessment", re.compile(r"自评|自我评价|完成情况评价|进度评价|评价")),
    ("completed", re.compile(r"是否完成|完成与否|是否按期完成|完成状态|是否达标|完成状况")),
    ("reason", re.compile(r"未完成原因|原因")),
    ("problems", re.compile(r"存在问题|问题|困难")),
    ("number", re.compile(r"^(序号|编号|序|No\.?)$", re.I)),
    ("district", re.compile(r"^(区县|县区|县市区|区县市|县市|县|区|地区)$")),  # a city's table: one row per district
    ("split_target", re.compile(r"^(分解目标|区县目标|分解指标)$")),  # the district's part: 托位：600个；…
    ("category", re.compile(r"类别|板块|类型|分类|领域|专项|方面")),
    ("co_units", re.compile(r"配合单位|协办单位|协同单位|配合部门|协办部门|参与单位")),
    ("deadline", re.compile(r"完成时限|时限|完成时间|时间节点")),
    ("leader", re.compile(r"责任人|分管领导|联系人|责任领导|牵头领导|联系领导|包干领导|^领导$")),
    (
        "unit",
        re.compile(
            r"责任单位|牵头单位|主办单位|责任部门|牵头部门|承办单位|责任科室|责任处室|牵头科室|牵头处室|实施单位|单位|部门|科室|处室"
        ),
    ),
    (
        "completion",
        re.compile(r"完成情况|进展情况|工作进展|推进情况|落实情况|完成进度|进度|进展|工作成效|实施情况|执行情况"),
    ),
    (
        "task",
        re.compile(r"目标任务|工作任务|重点工作|工作内容|任务内容|任务名称|任务|工作目标|目标|事项|项目名称|项目|指标"),
    ),
]
# 名称 | 单位 | 值 indicator tables
IND_NAME_HDR = re.compile(r"^(指标名称|指标|指标项|指标项目|名称|主要指标|指标内容)$")
IND_VALUE_HDR = re.compile(
    r"^((?:19|20)\d{2}年(?:度)?(?:目标值?|预期值?|目标任务)?|目标值|指标值|预期值|预期目标|目标|数值|值|"
    r"指标目标值|年度目标|年度目标值|年度指标值|规划目标|目标数)$"
)
IND_UNIT_HDR = re.compile(r"^(单位|计量单位|指标单位|度量单位)$")
_PAREN_RE = re.compile(r"[(（][^)）]*[)）]")


def header_core(text: str) -> str:
    """A header cell without its brackets and spaces: "完成情况（截至6月底）" -> "完成情况"."""
    n = normalize(text)
    n = _PAREN_RE.sub("", n)
    return re.sub(r"\s+", "", n)


def column_role(text: str) -> str | None:
    """The role of a column from its header text (责任单位 -> unit), None for a cell that names no column."""
    if len(text) > 60:
        return None
    core = header_core(text)
    if not core or len(core) > 16:
        return None
    for role, rx in COLUMN_ROLES:
        if rx.search(core):
            return role
    return None


LEVEL_HDR = re.compile(r"^[一二三四]级指标$")  # 绩效目标表: 一级 / 二级 / 三级指标
COMPARATOR_HDR = re.compile(r"^(指标性质|性质|运算符|符号|比较符)$")
_ACTUAL_HDR = re.compile(r"^(完成值|实际完成值|实际值|完成指标值|实际完成)$")


def _budget_roles(cells: list[str], cores: list[str]) -> list[str | None] | None:
    """A budget performance-target table: the last 指标 level names the indicator, the first is the category."""
    levels = [i for i, c in enumerate(cores) if LEVEL_HDR.match(c)]
    if not levels or not any(IND_VALUE_HDR.match(c) for c in cores):
        return None
    roles: list[str | None] = []
    for i, (t, c) in enumerate(zip(cells, cores, strict=False)):
        if i in levels:
            roles.append("task" if i == levels[-1] else ("category" if i == levels[0] else None))
        elif IND_VALUE_HDR.match(c):
            roles.append("target_value" if "target_value" not in roles else None)
        elif COMPARATOR_HDR.match(c):
            roles.append("comparator")
        elif IND_UNIT_HDR.match(c):
            roles.append("measure_unit")
        elif _ACTUAL_HDR.match(c):
            roles.append("actual_value")
        else:
            roles.append(column_role(t))
    return roles


def indicator_roles(cells: list[str]) -> list[str | None] | None:
    """名称 | 单位 | 值 indicator tables: the name column is the task, 单位 the measure unit, 目标值 the target (a budget
    table's 三级指标 is the name, 指标性质 the comparator, 完成值 the actual)."""
    cores = [header_core(c) for c in cells]
    budget = _budget_roles(cells, cores)
    if budget is not None:
        return budget
    if not any(IND_NAME_HDR.match(c) for c in cores) or not any(IND_VALUE_HDR.match(c) for c in cores):
        return None
    roles: list[str | None] = []
    for c, core in zip(cells, cores, strict=False):
        if IND_NAME_HDR.match(core):
            roles.append("task" if "task" not in roles else None)
        elif IND_VALUE_HDR.match(core):
            roles.append("target_value" if "target_value" not in roles else None)
        elif IND_UNIT_HDR.match(core):
            roles.append("measure_unit")
        elif COMPARATOR_HDR.match(core):
            roles.append("comparator")
        else:
            roles.append(column_role(c))
    return roles


def header_roles(cells: list[str]) -> list[str | None] | None:
    """The column roles of a header row, or None when the row is no header (fewer than three named columns)."""
    ind = indicator_roles(cells)
    if ind is not None and len(set(r for r in ind if r)) >= 2:
        return ind
    roles = [column_role(c) for c in cells]
    named = [r for r in roles if r]
    if len(set(named)) < 3 or not ({"task", "completion"} & set(named)):
        return None
    if any(len(header_core(c)) > 30 for c in cells):
        return None
    return roles


# ------------------------------------------------------------------ cell values
SELF_ASSESS_RE = re.compile(
    r"^(超前|提前|正常推进|正常|按时|按期|序时推进|序时|按序时|按序时推进|滞后|落后|延后|未达序时|慢于序时|"
    r"超序时|快于序时|超额完成|达到时序进度|达到序时进度|符合时序进度|时序推进|按时序推进|按时序|超时序|未达时序|未达时序进度|未达序时进度|达到时序|进度偏慢|偏慢|进度滞后|已完成|基本完成)$"
)
_SA_BEHIND = re.compile(r"未达|未到|未按|低于序时|慢于|落后|滞后|延后|延期|推迟|拖后|缓慢|偏慢")
_SA_AHEAD = re.compile(r"超前|提前|快于|超序时|超时序|超过序时|超额")
_SA_ONTRACK = re.compile(r"正常|序时|时序|按时|按期|按计划|如期|同步")
_NOT_DONE_RE = re.compile(r"未完成|没有完成|否|未达|未$|不能完成|部分完成|推进中|进行中|未启动|^[×✗✘xX]$")
_DONE_RE = re.compile(r"已完成|完成|是|已达|达标|^[√✓✔]$")
PROBLEM_RE = re.compile(r"^(无|暂无|没有)$|存在|问题|困难|不足|建议|短板|难点|瓶颈|制约|缺乏|不够")
REASON_RE = re.compile(r"^(原因|由于|因|受)")
SERIAL_RE = re.compile(r"^\s*(\d{1,3})\s*$")
UNITISH_RE = re.compile(r"(局|委|办|院|中心|部|所|站|政府|公司|会|队|单位|科|处|街道|镇|乡|组)$")
_UNITISH_BAD = re.compile(r"[。；;！？\d%]")
_UNITISH_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_UNITISH_SPLIT = re.compile(r"[、，,/\s]+|及|和")
_UNIT_SEP_RE = re.compile(r"[、，,；;/\s]+|\n")


def self_assessment(raw: str | None) -> str | None:
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


def completed(s: str) -> bool | None:
    """A 是否完成 cell: 已完成/是/√ -> True, 未完成/否/推进中/× -> False, else None."""
    n = re.sub(r"\s+", "", normalize(s))
    if not n:
        return None
    if _NOT_DONE_RE.search(n):
        return False
    if _DONE_RE.search(n):
        return True
    return None


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
    return all(len(x) <= 20 and (UNITISH_RE.search(x) or x.startswith("各")) for x in parts)


def split_units(s: str) -> list[str]:
    """ "医政科、财务科；人事科" -> the unit names."""
    parts = _UNIT_SEP_RE.split(s.strip())
    return [p.strip() for p in parts if p.strip()]


def title_sentence(text: str) -> str | None:
    """A task's title: its first line when short, else its first sentence when short, else None."""
    first, _, rest = text.partition("\n")
    if rest and 2 <= len(first.strip()) <= 40 and not re.search(r"[。；;，,：:！]", first):
        return first.strip()
    m = re.match(r"^(.{2,60}?)[。；;！]", text)
    if m and "，" not in m.group(1)[:2]:
        return m.group(1).strip()
    if len(text) <= 60 and not re.search(r"[。；;]", text):
        return text.strip() or None
    return None


# ------------------------------------------------------------------ page furniture, issuers, titles
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_CHROME_RE = re.compile(
    r"^\s*(当前位置|您的位置|首页\s*>|>(?!\s*[=\d.])|分享[:：]?$|【?打印本页|【?关闭窗口|【打印】|【关闭】|字号[:：]|浏览次数|扫一扫|"
    r"来源[:：]|发布时间[:：]|信息来源[:：]|\[bookmark)"
)
ORG_RE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,40}?(卫生健康局|卫生健康委员会|卫生和计划生育委员会|卫健局|卫健委|卫生局|人民政府|政府办公室|"
    r"办公室|委员会|管理局|局|委|中心|医院|卫生院|政府)$"
)
TITLE_KW = re.compile(
    r"要点|计划|总结|方案|报告|情况|填报表|统计表|一览表|汇总表|进展|安排|思路|意见|任务|清单|台账|通知|规划"
)
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
DATE_LINE_RE = re.compile(r"\s*(19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*")


def is_chrome(text: str) -> bool:
    """Web-page furniture: breadcrumbs, 打印本页, 浏览次数, 来源：…"""
    return bool(_CHROME_RE.match(normalize(text)))
