"""Quantitative facts ("indicators") in Chinese administrative text.

find_indicators(raw, norm, role_at) scans the normalized text (same length as raw, so offsets are shared)
and returns Indicator objects with value, unit, comparator, subject, role and the exact raw span.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable
from functools import lru_cache
from math import log as _ln

from .model import Indicator
from .numbers import AR_NUM, parse_number, scale_value

# ------------------------------------------------------------------ units
UNITS = [
    "万平方米",
    "平方米",
    "平方公里",
    "公里",
    "千米",
    "公斤",
    "千克",
    "人次",
    "人份",
    "剂次",
    "批次",
    "户次",
    "台次",
    "车次",
    "个百分点",
    "百分点",
    "个月",
    "个",
    "人",
    "家",
    "张",
    "所",
    "床",
    "例",
    "起",
    "批",
    "场",
    "间",
    "次",
    "名",
    "项",
    "条",
    "台",
    "辆",
    "支",
    "件",
    "份",
    "户",
    "对",
    "篇",
    "期",
    "座",
    "套",
    "处",
    "亩",
    "吨",
    "米",
    "小时",
    "分钟",
    "天",
    "周",
    "倍",
    "元",
    "剂",
    "课时",
    "学时",
    "班",
    "轮",
    "组",
    "支",
    "册",
    "本",
    "位",
    "只",
    "盒",
    "瓶",
    "袋",
    "块",
    "种",
    "类",
    "片",
    "科",
    "%",
    "‰",
    "岁",
]
MONEY_UNITS = {"元"}
_UNIT_SET = set(UNITS)
_UNIT_RE = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_CN_NUM = r"[〇零一二两三四五六七八九十百千万亿]+(?:点[〇零一二三四五六七八九]+)?"

INDICATOR_RE = re.compile(
    rf"(?P<pct>百分之(?P<pctnum>[〇零一二两三四五六七八九十百点]+))"
    rf"|(?P<num>{AR_NUM}|{_CN_NUM})\s*(?:(?P<per>/\s*(?:10|十)\s*万|/\s*万|/\s*千)|(?P<approx1>余|多)?\s*"
    rf"(?P<scale>千万|百万|十万|万|亿)?\s*(?P<approx2>余|多)?\s*(?P<unit>{_UNIT_RE})?)"
)
_PER_UNITS = {"10万": "1/10万", "十万": "1/10万", "万": "1/万", "千": "‰"}

# Every INDICATOR_RE match starts with one of these characters (百 of 百分之, a digit, a Chinese numeral).
_INDICATOR_START_RE = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿]")


def _indicator_matches(norm: str):
    """Exactly INDICATOR_RE.finditer(norm) (the pattern has no anchors/lookbehind and never matches empty), but
    the regex engine is only entered at positions where a match can start: sre cannot derive a fast prefix
    scan for the pattern's leading group alternation, so finditer tries the full pattern at every character."""
    search = _INDICATOR_START_RE.search
    match = INDICATOR_RE.match
    pos = 0
    while True:
        sm = search(norm, pos)
        if sm is None:
            return
        p = sm.start()
        m = match(norm, p)
        if m is None:
            pos = p + 1
            continue
        yield m
        pos = m.end() if m.end() > p else p + 1


# ------------------------------------------------------------------ comparators
_LEFT_COMP = [  # (keyword, comparator), longest first within each priority
    ("不低于", "gte"),
    ("不少于", "gte"),
    ("不小于", "gte"),
    ("不超过", "lte"),
    ("不高于", "lte"),
    ("不多于", "lte"),
    ("不大于", "lte"),
    ("控制在", "lte"),
    ("低于", "lt"),
    ("少于", "lt"),
    ("小于", "lt"),
    ("高于", "gt"),
    ("大于", "gt"),
    ("超过", "gte"),
    ("至少", "gte"),
    ("力争达到", "reach"),
    ("达到", "reach"),
    ("提高到", "reach"),
    ("提高至", "reach"),
    ("提升到", "reach"),
    ("提升至", "reach"),
    ("增加到", "reach"),
    ("增加至", "reach"),
    ("增至", "reach"),
    ("升至", "reach"),
    ("达", "reach"),
    ("完成", "reach"),
    ("实现", "reach"),
    ("新增", "add"),
    ("新建", "add"),
    ("新改建", "add"),
    ("新(改)建", "add"),
    ("新开", "add"),
    ("新招", "add"),
    ("新设", "add"),
    ("增加", "add"),
    ("增长", "add"),
    ("扩增", "add"),
    ("新创建", "add"),
    ("新培育", "add"),
    ("新培养", "add"),
    ("新签约", "add"),
    ("新落地", "add"),
]
_LEFT_KEYS = sorted({k for k, _ in _LEFT_COMP}, key=len, reverse=True)
_LEFT_MAP = dict(_LEFT_COMP)
_LEFT_RE = re.compile("|".join(re.escape(k) for k in _LEFT_KEYS))
_RIGHT_RE = re.compile(r"^\s*(及以上|以上|或以上|以内|以下|及以下|之内|左右)")
_RIGHT_MAP = {
    "及以上": "gte",
    "以上": "gte",
    "或以上": "gte",
    "以内": "lte",
    "以下": "lte",
    "及以下": "lte",
    "之内": "lte",
    "左右": None,
}

_BASELINE_RE = re.compile(r"基础上|去年|上年|上一年|原有|同期|基数|较\d{4}年")
_TARGET_CUE_RE = re.compile(r"任务数|目标数|目标值|计划数|年度目标|目标任务|任务指标|计划完成|力争|目标为|目标是")

_CLAUSE_BREAK = set("，,。；;：:！!？?\n\t、【】[]")
_NONBREAK_RUN_RE = re.compile("[^" + "".join(re.escape(c) for c in sorted(_CLAUSE_BREAK)) + "]*")
_CN_DIGITS_ONLY = set("〇零一二两三四五六七八九")

# words/contexts that make a Chinese numeral not a quantity
_CN_BAD_NEXT = (
    "次性",
    "次结构",
    "次供水",
    "次报销",
    "次元",
    "个一",
    "类一",
    "条线",
    "级",
    "种方式",
    "次会议",
    "次全会",
    "次全体",
    "次党代会",
    "次代表大会",
    "次开发",
    "次创业",
    "次装修",
    "次分配",
    "次感染",
    "次污染",
    "次作业",
)
# 岁 is a target only after a comparator or for a life expectancy: 人均预期寿命达到79岁, never 65岁以上老年人
_AGE_OK_RE = re.compile(
    r"(寿命|年龄)[^，,。；;]{0,8}$|(达到|提高到|提高至|提升到|提升至|增至|不低于|不少于|超过|达)\s*$"
)
# a count whose unit the source dropped: 新建3社区卫生服务站 / 评估认知功能59，评估情感状态57人
_DROPPED_VERB_RE = re.compile(
    r"(新建|新增|建成|培训|招聘|引进|组建|培育|创建|设置|打造|提升|改造|建设|完成|评估|筛查|救治|开设|增设|"
    r"配备|配置|接种|随访|体检|签约|服务|检查|转诊|帮扶|覆盖)\s*$"
)
_DROPPED_BAD_NEXT = set("年月日号时分秒期届次批轮版大级星化甲乙丙全新高型代项类个多余万亿千百十点至到和及或与、")
_HOTLINES = {"110", "119", "120", "114", "12320", "12345", "12356", "96120", "12315", "12348"}
_SIBLING_RE = re.compile(
    rf"[，,、；;]\s*[^，,。；;]{{0,14}}?(?:{AR_NUM})\s*(?:余|多)?\s*(人次|人|家|个|例|场|次|份|名|户|所|项)"
)
_ONE_OK_BEFORE = (
    "新增",
    "新建",
    "建成",
    "建设",
    "创建",
    "完成",
    "达到",
    "设立",
    "成立",
    "组建",
    "打造",
    "开设",
    "新开",
    "增加",
    "至少",
    "各",
)

# ------------------------------------------------------------------ jieba (loaded once per process)
DOMAIN_WORDS = [
    "托位",
    "普惠托育",
    "普惠托位",
    "托育机构",
    "医共体",
    "医联体",
    "健共体",
    "家庭医生签约",
    "家庭医生",
    "签约率",
    "县域内就诊率",
    "婴幼儿照护服务机构",
    "婴幼儿照护",
    "安宁疗护病床",
    "安宁疗护",
    "医养结合",
    "健康管理率",
    "规范管理率",
    "报告患病率",
    "社区卫生服务中心",
    "社区卫生服务站",
    "村卫生室",
    "卫生院",
    "未来健康屋",
    "健康细胞",
    "千人托位数",
    "床位数",
    "就诊率",
    "覆盖率",
    "知晓率",
    "达标率",
    "完成率",
    "接种率",
    "筛查率",
    "管理率",
    "服务率",
    "两慢病",
    "慢病",
    "高血压",
    "糖尿病",
    "严重精神障碍",
    "发热门诊",
    "核酸检测",
    "流感疫苗",
    "新冠疫苗",
    "HPV疫苗",
    "出生缺陷",
    "婚前医学检查",
    "孕前优生检查",
    "宫颈癌筛查",
    "乳腺癌筛查",
    "结直肠癌筛查",
    "认知障碍筛查",
    "中医阁",
    "中医馆",
    "急救分站",
    "巡回诊疗点",
    "公卫中心",
    "健康步道",
    "健康主题公园",
    "健康教育宣传栏",
    "无偿献血",
    "心肺复苏",
    "质控小组",
    "编制",
    "事业编制",
    "人员编制",
    "专科",
    "重点专科",
    "诊疗人次",
    "门急诊",
]

_STOP_WORDS = {
    "开展",
    "开办",
    "举办",
    "组织",
    "建设",
    "建成",
    "创建",
    "提供",
    "实施",
    "推进",
    "完成",
    "实现",
    "达到",
    "新增",
    "新建",
    "增加",
    "提升",
    "提高",
    "召开",
    "发放",
    "投入",
    "安排",
    "落实",
    "确保",
    "力争",
    "争取",
    "计划",
    "预计",
    "累计",
    "共",
    "共计",
    "合计",
    "总计",
    "已",
    "已经",
    "目前",
    "全年",
    "今年",
    "全区",
    "全市",
    "全县",
    "我区",
    "我市",
    "我县",
    "年内",
    "当年",
    "本年",
    "上半年",
    "下半年",
    "其中",
    "通过",
    "为",
    "对",
    "在",
    "向",
    "给",
    "由",
    "及",
    "和",
    "与",
    "等",
    "约",
    "近",
    "超",
    "达",
    "占",
    "以上",
    "以下",
    "以内",
    "及以上",
    "各类",
    "各",
    "总数",
    "的",
    "了",
    "是",
    "有",
    "将",
    "要",
    "并",
    "又",
    "再",
    "均",
    "都",
    "还",
    "新",
    "年",
    "月",
    "日",
    "截至",
    "截止",
    "全",
    "其",
    "该",
    "本",
    "个",
    "用于",
    "不低于",
    "不少于",
    "超过",
    "不超过",
    "控制",
    "控制在",
    "低于",
    "高于",
    "至少",
    "左右",
    "以",
    "从",
    "到",
    "至",
    "先后",
    "分别",
    "累计完成",
    "同比",
    "增长",
    "下降",
    "其余",
    "另",
    "另有",
    "初步",
    "全部",
    "所有",
    "一共",
    "总",
}
_STOP_TAGS = ("p", "c", "u", "d", "r", "m", "q", "f", "y", "e", "o", "w", "t")
_GENERIC_TAIL = ("目标数", "目标任务", "任务数", "目标", "任务", "总数", "数量")

_jieba_lock = threading.Lock()
_jieba_state: dict = {}
log = logging.getLogger("docparse")


def jieba_cache_dir() -> str:
    """A writable directory for jieba's dictionary cache (DOCPARSE_JIEBA_CACHE, else the system temp dir)."""
    for cand in (os.environ.get("DOCPARSE_JIEBA_CACHE"), tempfile.gettempdir(), os.path.expanduser("~/.cache")):
        if cand and os.path.isdir(cand) and os.access(cand, os.W_OK):
            return cand
    return tempfile.mkdtemp(prefix="docparse-jieba-")


def load_jieba():
    """Initialise (once per process) a private jieba Tokenizer with the health-domain user dictionary.

    Returns (tokenizer, tag_table). Safe to call from several threads."""
    st = _jieba_state
    if "tk" in st:
        return st["tk"], st["tags"]
    with _jieba_lock:
        if "tk" in st:
            return st["tk"], st["tags"]
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.tmp_dir = jieba_cache_dir()
        tk.cache_file = "docparse-jieba.cache"
        tk.initialize()
        tags: dict[str, str] = {}
        try:
            import jieba.posseg as pseg

            tags = pseg.dt.word_tag_tab if pseg.dt.tokenizer is jieba.dt else pseg.POSTokenizer(tk).word_tag_tab
        except Exception:  # pragma: no cover
            tags = {}
        tags = dict(tags)
        for w in DOMAIN_WORDS:
            tk.add_word(w, freq=max(tk.FREQ.get(w, 0), 200000), tag="n")
            tags[w] = "n"
        for w in ("我区", "我市", "我县", "全区", "全市", "全县", "本区", "本市", "本县", "我局", "全省"):
            tk.add_word(w, freq=300000, tag="r")
            tags[w] = "r"
        st["tags"] = tags
        st["tk"] = tk
        return tk, tags


_ENG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # jieba's re_eng


def _cut_dag_no_hmm(tk, s: str) -> list[str]:
    """Exactly jieba's Tokenizer.__cut_DAG_NO_HMM(s) (get_DAG + calc + route walk, same float arithmetic and
    tie-breaking), fused into one right-to-left pass with one dict lookup per fragment and no generator/tuple
    overhead: roughly 2x faster on the short windows find_subject segments."""
    get = tk.FREQ.get  # one lookup per fragment (FREQ values are ints; None == not a word/prefix)
    logtotal = _ln(tk.total)
    N = len(s)
    rv = [0.0] * (N + 1)  # route[idx][0]
    rx = [0] * (N + 1)  # route[idx][1]
    for idx in range(N - 1, -1, -1):
        # DAG[idx] in ascending end order; max() over (value, end) tuples == keep the later end on ties
        best_v = 0.0
        best_x = -1
        i = idx
        f = get(s[idx])
        while f is not None:
            if f:
                v = _ln(f) - logtotal + rv[i + 1]
                if best_x < 0 or v >= best_v:
                    best_v = v
                    best_x = i
            i += 1
            if i >= N:
                break
            f = get(s[idx : i + 1])
        if best_x < 0:  # no word: the single character with jieba's fallback freq 1 (log 1 == 0.0)
            best_v = 0.0 - logtotal + rv[idx + 1]
            best_x = idx
        rv[idx] = best_v
        rx[idx] = best_x
    out: list[str] = []
    x = 0
    buf = ""
    eng = _ENG_CHARS
    while x < N:
        y = rx[x] + 1
        if y - x == 1 and s[x] in eng:
            buf += s[x]
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(s[x:y])
        x = y
    if buf:
        out.append(buf)
    return out


@lru_cache(maxsize=8192)
def _tokens(s: str) -> tuple[tuple[str, str], ...]:
    tk, tags = load_jieba()
    out = []
    fast = getattr(tk, "_Tokenizer__cut_DAG_NO_HMM", None)
    if fast is not None and s and not any(map(str.isspace, s)):
        words = _cut_dag_no_hmm(tk, s)
    else:
        words = tk.cut(s, HMM=False)
    for w in words:
        if not w.strip():
            out.append((w, "w"))
            continue
        tag = tags.get(w)
        if tag is None:
            tag = "x" if len(w) > 1 or w.isalnum() else "w"
        out.append((w, tag))
    return tuple(out)


def _is_nounish(w: str, tag: str) -> bool:
    if w in _STOP_WORDS:
        return False
    if not _CLAUSE_BREAK.isdisjoint(w):
        return False
    return bool(tag == "vn" or tag.startswith("n") or tag in ("x", "j", "l", "b", "an", "eng", "g", "nz", "i", "s"))


def _trim_subject(s: str) -> str | None:
    s = s.strip(" 　“”\"‘’'《》<>()（）[]【】")
    for tail in _GENERIC_TAIL:
        if s.endswith(tail) and len(s) > len(tail):
            s = s[: -len(tail)]
            break
    s = s.rstrip("的之")
    return s or None


_QUOTES_RE = re.compile(r"[“”\"‘’《》]")
_PHRASE_END_RE = re.compile(r"[，,。；;：:、\s(（]")


def find_subject(norm: str, s: int, e: int, cstart: int, cend: int) -> str | None:
    after = norm[e:cend]
    m = _RIGHT_RE.match(after)
    if m:
        after = after[m.end() :]
    after = after.lstrip()
    after = _QUOTES_RE.sub("", after)
    if after:
        if after.startswith("的"):
            phrase = _PHRASE_END_RE.split(after[1:], maxsplit=1)[0][:12]
            subj = _trim_subject(phrase)
            if subj and len(subj) >= 2 and not any(map(str.isdigit, subj)):
                return subj
        toks = _tokens(after[:12])
        got = []
        for i, (w, tag) in enumerate(toks):
            if any(map(str.isdigit, w)):
                break
            if (
                _is_nounish(w, tag)
                or tag.startswith("v")
                and w not in _STOP_WORDS
                and i + 1 < len(toks)
                and _is_nounish(*toks[i + 1])
            ):
                got.append(w)
            else:
                break
        if got:
            subj = _trim_subject("".join(got))
            if subj and len(subj) >= 2:
                return subj[:20]
    before = norm[cstart:s].rstrip()
    if not before:
        return None
    toks = list(_tokens(before[-14:]))
    # drop trailing stop tokens (comparators, adverbs)
    while toks and (
        toks[-1][0] in _STOP_WORDS
        or toks[-1][1] in ("d", "p", "u", "uj", "w")
        or toks[-1][0] in _LEFT_MAP
        or not toks[-1][0].strip()
    ):
        toks.pop()
    got: list[str] = []
    length = 0
    for w, tag in reversed(toks):
        if (
            w in _STOP_WORDS
            or w in _LEFT_MAP
            or w in _UNIT_SET
            or tag in _STOP_TAGS
            or tag.startswith("u")
            or not w.strip()
        ):
            break
        if not _CLAUSE_BREAK.isdisjoint(w) or any(map(str.isdigit, w)):
            break
        if length + len(w) > 16:
            break
        got.append(w)
        length += len(w)
    if not got:
        return None
    return _trim_subject("".join(reversed(got)))


# ------------------------------------------------------------------ finder
def _clause_bounds(norm: str, s: int, e: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    # a: step left from s over at most 60 non-break characters (not below lo); b: the same rightwards from e
    hi = len(norm) if hi is None else hi
    a = s - _NONBREAK_RUN_RE.match(norm[max(lo, s - 60) : s][::-1]).end() if s > lo else s
    b = _NONBREAK_RUN_RE.match(norm, e, min(hi, e + 60)).end() if e < hi else e
    return a, b


_CIRCLE_RE = re.compile(r"[^，,。；;、\s]{0,6}圈")
_REF_LIST_RE = re.compile(r"第(?:\d{1,3}\s*[、,，和及至-]\s*)+$")
_STATUS_COUNT_RE = re.compile(
    r"(?:已完成|已办结|完成|正常推进|序时推进|按序时推进|达到时序进度|进度偏慢|进度滞后|滞后|推进中|未完成|未启动|超前)\s*(?:的)?\s*\d+\s*项"
    r"|\d+\s*项\s*(?:已完成|已办结|正常推进|序时推进|进度偏慢|进度滞后|滞后|推进中|未完成|未启动|超前)"
)


def _status_counts(norm: str, s: int) -> bool:
    """A tally of tasks in a progress report's opening paragraph (86项重点工作…已完成31项，正常推进48项，进度偏慢7项):
    two or more counts by status in the paragraph; its N项 count the tasks, they are not indicators."""
    a = norm.rfind("\n", max(0, s - 200), s) + 1 or max(0, s - 200)
    b = norm.find("\n", s, s + 200)
    return len(_STATUS_COUNT_RE.findall(norm[a : b if b >= 0 else s + 200])) >= 2


def _excluded(norm: str, m: re.Match) -> bool:
    s = m.start("num")
    num = m.group("num")
    unit = m.group("unit")
    prev = norm[s - 1] if s > 0 else ""
    if prev == "第":
        return True
    if prev in "、,，和及至" and _REF_LIST_RE.search(norm[max(0, s - 24) : s]):
        return True  # 第3、5件: a reference to items by their numbers
    if unit == "项" and _status_counts(norm, s):
        return True
    if unit in ("分钟", "公里", "小时") and _CIRCLE_RE.match(norm, m.end()):
        return True  # 15分钟健康服务圈: a programme's name, not a quantity
    # part of a longer token (date 2025-05-14, phone 0576-8902...) unless range "3-5家"
    longer = prev and (prev.isdigit() or prev in ".-/" and s > 1 and norm[s - 2].isdigit()) and num[0].isdigit()
    if longer and (prev != "-" or not unit):
        return True
    if prev.isascii() and prev.isalpha():
        return True
    if not num[0].isdigit():  # Chinese numeral
        if _CN_DIGITS_ONLY.isdisjoint(num) and num != "十":
            return True  # lone 千/百/万
        if not unit:
            return True
        tail = norm[m.start("unit") : m.start("unit") + 4]
        if tail.startswith(_CN_BAD_NEXT):
            return True
        if num in ("一",) and not m.group("scale"):
            left = norm[max(0, s - 4) : s]
            if not left.endswith(_ONE_OK_BEFORE):
                return True
        if unit in ("%", "‰", "元", "科", "类", "种", "片", "位", "本", "只", "周", "天", "期", "班", "组", "轮", "对"):
            return (
                True
                if unit in ("%", "‰")
                else (
                    num in ("一", "两", "二")
                    and unit in ("种", "类", "位", "本", "对", "期", "组", "轮", "片", "科", "班")
                )
            )
    else:
        if not unit and not m.group("scale"):
            return True
        if unit == "个" and norm[m.end("unit") : m.end("unit") + 1] == "月":
            return True
        # list numbering "1." / "1、" at line start is never followed by a unit, nothing to do
    if unit in ("周", "天", "期", "本", "位", "片", "科", "类", "种", "只") and not num[0].isdigit():
        return True
    if unit == "周" and norm[m.end("unit") : m.end("unit") + 1] in ("期", "年", "岁"):
        return True  # 周期 / 周年
    if prev == "-" and num[0].isdigit():
        k = s - 2
        while k >= 0 and (norm[k].isdigit() or norm[k] == "."):
            k -= 1
        if k >= 0 and norm[k] == "第":
            return True  # 第1-2周期: an ordinal range, not a quantity
    if unit == "岁":
        cs = max(0, s - 16)
        left = norm[cs:s]
        if not _AGE_OK_RE.search(left):
            return True
        if prev == "-" or prev == "～":
            return True
    return False


def _dropped_unit(norm: str, m: re.Match) -> str | None:
    """A bare count whose unit the source dropped -> its unit ("" when none can be inferred), else None.

    Only a whole number straight after a counting verb: followed by its noun (新建3社区卫生服务站 -> "") or by a
    sibling clause that says the unit (评估认知功能59，评估情感状态57人 -> "人")."""
    if m.group("unit") or m.group("scale") or m.group("approx1") or m.group("approx2"):
        return None
    num = m.group("num")
    s, e = m.start("num"), m.end("num")
    if not num.isdigit() or len(num) > 6 or num in _HOTLINES or num.startswith("0"):
        return None
    prev = norm[s - 1] if s > 0 else ""
    if not prev or not ("\u4e00" <= prev <= "\u9fff"):
        return None
    left = norm[max(0, s - 20) : s]
    nxt = norm[e : e + 1]
    if _DROPPED_VERB_RE.search(left) and nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in _DROPPED_BAD_NEXT:
        if len(num) == 4 and num[:2] in ("19", "20"):
            return None
        toks = _tokens(norm[e : e + 8])
        if toks and _is_nounish(*toks[0]) and len(toks[0][0]) >= 2:
            return ""
        return None
    if nxt in ("，", ",", "、", "；", ";"):
        sib = _SIBLING_RE.match(norm, e)
        if (
            sib
            and re.search(r"[\u4e00-\u9fff]{2}$", left)
            and re.search(
                r"(评估|筛查|完成|接种|培训|新增|服务|检查|随访|体检|签约|管理|建档|救治|转诊|覆盖|指导|宣传|干预)",
                left[-12:],
            )
        ):
            return sib.group(1)
    return None


def find_indicators(
    raw: str, norm: str, role_at: Callable[[int], str | None] | None = None, skip: Callable[[int], bool] | None = None
) -> list[Indicator]:
    """All indicators in the text. role_at(offset) gives the default role of a region (target/actual/None);
    skip(offset) -> True excludes a region (metadata lines, header rows)."""
    out: list[Indicator] = []
    for m in _indicator_matches(norm):
        if m.group("pct"):
            val = parse_number(m.group("pctnum"))
            if val is None:
                continue
            s, e = m.span()
            unit, scale, approx = "%", None, False
        elif m.group("per"):
            s = m.start("num")
            e = m.end()
            prev = norm[s - 1] if s > 0 else ""
            if not m.group("num")[0].isdigit() or prev == "第" or (prev and (prev.isdigit() or prev in ".-/")):
                continue
            val = parse_number(m.group("num"))
            if val is None:
                continue
            per = re.sub(r"[\s/]", "", m.group("per"))
            unit, scale, approx = _PER_UNITS.get(per, "1/" + per), None, False
        else:
            dropped = None
            if _excluded(norm, m):
                num0 = m.group("num")
                if not num0[0].isdigit() or m.group("unit") or m.group("scale"):
                    continue
                dropped = _dropped_unit(norm, m)
                if dropped is None:
                    continue
            s = m.start("num")
            e = m.end() if dropped is None else m.end("num")
            val = parse_number(m.group("num"))
            if val is None:
                continue
            unit = m.group("unit") if dropped is None else (dropped or None)
            scale = m.group("scale")
            approx = bool(m.group("approx1") or m.group("approx2"))
            if unit in MONEY_UNITS and scale:
                unit = scale + unit  # 万元 / 亿元 stay money
                scale = None
            elif scale:
                val = scale_value(val, scale)
        if skip is not None and skip(s):
            continue
        cs, ce = _clause_bounds(norm, s, e)
        left = norm[cs:s]
        comparator = None
        best = -1
        for km in _LEFT_RE.finditer(left):
            if km.start() >= best:
                best = km.start()
                comparator = _LEFT_MAP[km.group(0)]
        rm = _RIGHT_RE.match(norm, e) if False else _RIGHT_RE.match(norm[e : e + 6])
        if rm:
            rc = _RIGHT_MAP[rm.group(1)]
            if rc is not None:
                if rc == "lte" and comparator in ("lt",):
                    pass
                else:
                    comparator = rc
            else:
                approx = True
        if comparator == "reach" and left.rstrip().endswith(("超过", "超")):
            comparator = "gte"
        role = role_at(s) if role_at else None
        if _BASELINE_RE.search(left) or _BASELINE_RE.search(norm[e:ce]) and "基础上" in norm[e:ce]:
            role = "baseline"
        elif role == "actual" and _TARGET_CUE_RE.search(left):
            role = "target"
        subject = find_subject(norm, s, e, cs, ce)
        out.append(
            Indicator(
                text=raw[s:e],
                value=val,
                unit=unit,
                comparator=comparator,
                subject=subject,
                role=role,
                start=s,
                end=e,
                scale=scale,
                approx=approx,
            )
        )
    return out
