"""Fixtures built the way real disclosure pages arrive (issue 25), each with its hand-labelled truth.

The clean fixtures of shapes.py are cells, one per paragraph. Copied pages are not that clean: ASCII and full-width
punctuation in one document, portal furniture (breadcrumbs, 索引号 / 发布机构 / 成文日期 blocks, "字号:[默认 超大]"
twice), headers padded inside words or broken over lines, eight or more columns, a row's cells run together on one
line with spaces between them, a cell wrapping onto the next line, rows numbered by the plan (12, 15, 31), the last
row cut off, characters dropped in numbers and dates. Each page is written once as data: ``txt`` is the copied text
with its defects; ``grid`` (when there is one) is the same table, rendered as a real table in .docx and .html with the
page's furniture around it; a page without ``grid`` is rendered in .docx and .html as its lines, one paragraph each
(text pasted into Word, a page of <p>s). The content is invented in the style of the seeds.

``tasks``: per task, the expected fields (``text`` always); ``indicators``: (text, value, unit, comparator);
``not_indicators``: substrings no indicator may cover.
"""

from __future__ import annotations

import html as _html
import io
from dataclasses import dataclass, field

FURNITURE = [
    "首页 > 政务公开 > 部门信息公开 > 区卫生健康局 > 计划总结",
    "索引号: 001008003/2024-00417 组配分类: 计划总结",
    "发布机构: 龙湾区卫生健康局 主题分类: 卫生、体育",
    "文号: 成文日期: 2024-07-16",
    "发布日期: 2024-07-18 浏览次数:",
    "字号:[默认 超大] | 打印本页 | 关闭窗口",
]


@dataclass
class Page:
    name: str
    txt: str  # the copied page text, defects and all
    grid: list[list[str]] | None = None  # the table as a real table (.docx / .html), cells with "\n" inside
    before: list[str] = field(default_factory=list)  # paragraphs above the table in .docx / .html
    after: list[str] = field(default_factory=list)
    lines: list[str] | None = None  # .docx without a table: these paragraphs (text pasted into Word)
    tasks: list[dict] = field(default_factory=list)
    indicators: list[tuple] = field(default_factory=list)
    not_indicators: list[str] = field(default_factory=list)
    kind: str | None = None

    @property
    def formats(self) -> tuple[str, ...]:
        return ("txt", "docx", "html")

    def paragraphs(self) -> list[str]:
        """Without a table: the page's lines as paragraphs (text pasted into Word, or the page's <p>s)."""
        return self.lines if self.lines is not None else self.txt.split("\n")


def render(page: Page, fmt: str) -> bytes:
    if fmt == "txt":
        return page.txt.encode("utf-8")
    if fmt == "docx":
        import docx

        d = docx.Document()
        if page.grid is None:
            for line in page.paragraphs():
                d.add_paragraph(line)
        else:
            for line in page.before:
                d.add_paragraph(line)
            t = d.add_table(rows=len(page.grid), cols=max(len(r) for r in page.grid))
            for i, row in enumerate(page.grid):
                for j, v in enumerate(row):
                    t.cell(i, j).text = v
            for line in page.after:
                d.add_paragraph(line)
        bio = io.BytesIO()
        d.save(bio)
        return bio.getvalue()
    if fmt == "html":
        from lxml import etree
        from lxml.html import builder as E

        body = E.BODY(E.DIV(" > ".join(["首页", "政务公开", "工作信息"]), E.CLASS("crumb")))
        art = E.DIV(E.CLASS("article"))
        if page.grid is None:
            for line in page.paragraphs():
                art.append(E.P(line))
        for line in page.before:
            art.append(E.P(line))
        table = E.TABLE(border="1")
        for i, row in enumerate(page.grid or []):
            tr = E.TR()
            for v in row:
                cell = E.TH() if i == 0 else E.TD()
                parts = v.split("\n")
                cell.text = parts[0]
                for p in parts[1:]:
                    br = E.BR()
                    br.tail = p
                    cell.append(br)
                tr.append(cell)
            table.append(tr)
        if page.grid is not None:
            art.append(table)
        for line in page.after:
            art.append(E.P(line))
        body.append(art)
        body.append(E.DIV("【打印本页】【关闭窗口】", E.CLASS("foot")))
        doc = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(_html.escape("政府信息公开"))), body)
        return etree.tostring(doc, encoding="utf-8", method="html", doctype="<!DOCTYPE html>")
    raise ValueError(fmt)


PAGES: list[Page] = []


def page(**kw) -> Page:
    p = Page(**kw)
    PAGES.append(p)
    return p


# ---------------------------------------------------------------- space-separated rows under a long header
_Q_TITLE = "龙湾区卫生健康局2024年第二季度重点工作推进情况"
_Q_HEAD = [
    "序号",
    "目标任务",
    "牵头领导",
    "牵头责任单位",
    "主要责任单位",
    "配合单位",
    "工作评价",
    "本季度工作进展",
    "下季度工作计划",
    "备注",
]
_Q_ROWS = [
    [
        "12",
        "新建区急救分站2个,急救平均反应时间控制在12分钟以内",
        "陈立群",
        "区卫健局",
        "区急救中心",
        "区发改局、区财政局、区自然资源局、各街道",
        "达到时序进度",
        "永兴分站主体已结顶,海城分站完成装修招标,急救平均反应时间11.6分钟。",
        "完成两个分站设备安装调试",
        "",
    ],
    [
        "15",
        "完成65岁以上老年人健康体检3.8万人",
        "周敏",
        "区卫健局",
        "基层卫生科",
        "各街道",
        "已完成",
        "累计体检3.92万人,完成率103.2%。",
        "开展体检结果反馈和健康指导",
        "民生实事",
    ],
    [
        "31",
        "推进区人民医院三级乙等医院创建",
        "陈立群",
        "区卫健局",
        "区人民医院",
        "区人力社保局、区医保分局",
        "进度偏慢",
        "已完成自评,重点专科建设指标尚有4项未达标。",
        "对照标准逐项整改,9月底前提交评审申请",
        "",
    ],
    [
        "32",
        "新增婴幼儿照护托位600个",
        "周敏",
        "区卫健局",
        "人口家庭科",
        "区教育局、各街道",
        "达到时序进度",
        "已新增托位342个。",
        "推进3家普惠托育机构开园",
        "",
    ],
]
_Q_TXT = "\n".join(
    FURNITURE
    + [
        "",
        _Q_TITLE,
        "字号:[默认 超大]",
        "",
        "序号 目  标  任  务 牵头  领导 牵头",
        "责任单位 主要责任单位 配合单位 工作评价 本季度工作进展 下季度工作计划 备注",
        "12 新建区急救分站2个,急救平均反应时间控制在12分钟以内 陈立群 区卫健局 区急救中心 区发改局、区财政局、",
        "区自然资源局、各街道 达到时序进度 永兴分站主体已结顶,海城分站完成装修招标,急救平均反应时间11.6分钟。 完成两个分站设备安装调试",
        "15 完成65岁以上老年人健康体检3.8万人 周敏 区卫健局 基层卫生科 各街道 已完成 累计体检3.92万人,完成率103.2%。 开展体检结果反馈和健康指导 民生实事",
        "31 推进区人民医院三级乙等医院创建 陈立群 区卫健局 区人民医院 区人力社保局、",
        "区医保分局 进度偏慢 已完成自评,重点专科建设指标尚有4项未达标。 对照标准逐项整改,9月底前提交评审申请",
        "32 新增婴幼儿照护托位600个 周敏 区卫健局 人口家庭科 区教育局、各街道 达到时序进度 已新增托位342个。 推进3家普",
    ]
)
_Q_TASKS = [
    {"number": "12", "text": _Q_ROWS[0][1], "lead_unit": "区卫健局", "self_assessment": "on_track"},
    {"number": "15", "text": _Q_ROWS[1][1], "lead_unit": "区卫健局", "completed": True},
    {"number": "31", "text": _Q_ROWS[2][1], "lead_unit": "区卫健局", "self_assessment": "behind"},
    {"number": "32", "text": _Q_ROWS[3][1], "lead_unit": "区卫健局", "self_assessment": "on_track"},
]
page(
    name="spaces_long_header",
    kind="status_table",
    txt=_Q_TXT,
    grid=[_Q_HEAD] + _Q_ROWS,
    before=FURNITURE + [_Q_TITLE, "字号:[默认 超大]"],
    tasks=_Q_TASKS,
    indicators=[
        ("2个", 2, "个", "add"),
        ("12分钟", 12, "分钟", "lte"),
        ("3.8万人", 38000, "人", "reach"),
        ("600个", 600, "个", "add"),
    ],
    not_indicators=["2024-00417", "65岁"],
)

# ---------------------------------------------------------------- pipe tables in copied text
_P_ROWS = [
    ["序号", "目标任务", "完成情况(截至6月底)", "牵头单位", "自评"],
    [
        "3",
        "全面推行检查检验结果互认,互认项目不少于200项",
        "已实现互认项目186项,覆盖全部二级以上医院。",
        "医政医管科",
        "正常",
    ],
    ["7", "新建社区卫生服务站4个", "2个已投用,2个完成主体施工。", "基层卫生科", "正常"],
    ["9", "开展出生缺陷综合防治,产前筛查率达到90%以上", "产前筛查率86.4%,低于序时进度。", "妇幼健康科", "滞后"],
]
_P_TXT = "\n".join(
    [
        "当前位置:首页>政务公开>工作动态",
        "鹿城区卫生健康局2024年上半年重点工作完成情况",
        "发布时间:2024-07-09 来源:区卫生健康局",
        "",
        "| 序号 | 目标任务 | 完成情况(截至6月底) | 牵头单位 | 自评 |",
        "|---|---|---|---|---|",
        "| 3 | 全面推行检查检验结果互认,互认项目不少于200项 | 已实现互认项目186项,覆盖全部二级以上医院。 | 医政医管科 | 正常 |",
        "| 7 | 新建社区卫生服务站4个 | 2个已投用,2个完成主体施工。 | 基层卫生科 | 正常 |",
        "| 9 | 开展出生缺陷综合防治,产前筛查率达到90%以上 | 产前筛查率86.4%,",
        "低于序时进度。 | 妇幼健康科 | 滞后 |",
    ]
)
page(
    name="pipes_with_header",
    kind="status_table",
    txt=_P_TXT,
    grid=_P_ROWS,
    before=["鹿城区卫生健康局2024年上半年重点工作完成情况", "发布时间:2024-07-09 来源:区卫生健康局"],
    tasks=[
        {"number": "3", "text": _P_ROWS[1][1], "lead_unit": "医政医管科", "self_assessment": "on_track"},
        {"number": "7", "text": _P_ROWS[2][1], "lead_unit": "基层卫生科", "self_assessment": "on_track"},
        {"number": "9", "text": _P_ROWS[3][1], "lead_unit": "妇幼健康科", "self_assessment": "behind"},
    ],
    indicators=[("200项", 200, "项", "gte"), ("4个", 4, "个", "add"), ("90%", 90, "%", "gte")],
)

# ---------------------------------------------------------------- flattened, a cell holding several lines
_F_TXT = "\n".join(
    [
        "当前位置: 首页",
        "> 政务公开 > 政府信息公开 > 市卫生健康局 > 工作信息",
        "索引号: 113310210025/2024-170023 主题分类:",
        "发布机构: 瑞安市卫生健康局 发文日期: 2024-10-21",
        "",
        "瑞安市卫生健康局2024年前三季度市政府重点工作完成情况",
        "",
        "信息来源: 市卫生健康局 发布时间:2024-10-21 09:12 浏览次数:",
        "",
        "序号",
        "",
        "目标任务",
        "",
        "完成情况",
        "",
        "(截止9月30日)",
        "",
        "完成情况自评",
        "",
        "(超前/正常/滞后)",
        "",
        "牵头单位",
        "",
        "1",
        "",
        "深化县域医共体改革,县域就诊率保持在90%以上。",
        "",
        "1.县域就诊率91.3%,基层就诊率68.2%;",
        "2.出台医共体总院绩效考核办法(瑞卫发〔2024〕19号);",
        "3.完成医共体药品耗材统一采购平台建设。",
        "",
        "正常",
        "",
        "医政医管科",
        "",
        "2",
        "",
        "实施基层医疗卫生机构提质工程,新改建村卫生室25家。",
        "",
        "1.已完工18家,在建7家;",
        "2.完成乡镇卫生院中医馆提升4家。",
        "",
        "正常",
        "",
        "基层卫生科",
        "",
        "3",
        "",
        "推进市疾控中心迁建项目。",
        "",
        "1.主体工程完成70%;",
        "2.受地下管线迁改影响,工期延误约2个月。",
        "",
        "滞后",
        "",
        "规划发展科",
    ]
)
page(
    name="flat_multiline_cells",
    kind="status_table",
    txt=_F_TXT,
    tasks=[
        {
            "number": "1",
            "text": "深化县域医共体改革,县域就诊率保持在90%以上。",
            "lead_unit": "医政医管科",
            "self_assessment": "on_track",
        },
        {
            "number": "2",
            "text": "实施基层医疗卫生机构提质工程,新改建村卫生室25家。",
            "lead_unit": "基层卫生科",
            "self_assessment": "on_track",
        },
        {"number": "3", "text": "推进市疾控中心迁建项目。", "lead_unit": "规划发展科", "self_assessment": "behind"},
    ],
    indicators=[("90%", 90, "%", "gte"), ("25家", 25, "家", "add")],
    not_indicators=["19号", "2024-170023"],
)

# ---------------------------------------------------------------- status bulletins (督查通报)
_B_TXT = "\n".join(
    [
        "首页 > 政务公开 > 督查通报",
        "字号:[默认 超大]",
        "关于2024年三季度政府重点工作督查情况的通报",
        "字号:[默认 超大]",
        "各乡镇(街道),县政府各部门:",
        "根据县政府工作安排,县督查室对2024年政府工作报告确定的86项重点工作进行了督查。从督查情况看,已完成31项,正常推进48项,进度偏慢7项。现将有关情况通报如下:",
        "一、进度偏慢的工作",
        "①县人民医院医技综合楼项目,目前仍在办理施工许可(县卫健局、县住建局)",
        "②新建城乡公交首末站3个,完成1个(县交通运输局)",
        "村卫生室规范化建设完成率仅为52%(县卫健局)",
        "④婴幼儿照护服务托位建设进度低于序时(县卫健局,县教育局)",
        "老旧小区改造开工率不足六成(县住建局)",
        "二、下步工作要求",
        "请上述牵头单位于10月20日前将整改情况报县督查室。第3、5件民生实事由县政府分管领导牵头督办。",
    ]
)
page(
    name="bulletin_counts",
    txt=_B_TXT,
    lines=_B_TXT.split("\n"),
    tasks=[
        {"text": "县人民医院医技综合楼项目,目前仍在办理施工许可", "lead_unit": "县卫健局", "self_assessment": "behind"},
        {"text": "新建城乡公交首末站3个,完成1个", "lead_unit": "县交通运输局", "self_assessment": "behind"},
        {"text": "村卫生室规范化建设完成率仅为52%", "lead_unit": "县卫健局", "self_assessment": "behind"},
        {"text": "婴幼儿照护服务托位建设进度低于序时", "lead_unit": "县卫健局", "self_assessment": "behind"},
        {"text": "老旧小区改造开工率不足六成", "lead_unit": "县住建局", "self_assessment": "behind"},
    ],
    not_indicators=["第3、5件", "10月20日", "86项"],
)

# ---------------------------------------------------------------- indicator tables in text
_I_ROWS = [
    ["类别", "指标名称", "单位", "2025年目标值"],
    ["健康水平", "人均预期寿命", "岁", "≥80.2"],
    ["健康水平", "孕产妇死亡率", "1/10万", "<7"],
    ["健康水平", "5岁以下儿童死亡率", "‰", "≤3.5"],
    ["服务能力", "每千人口医疗卫生机构床位数", "张", ">5.6"],
    ["服务能力", "家庭医生签约服务覆盖率", "", "45%"],
    ["服务能力", "县域就诊率", "%", "≥90"],
    ["健康服务", "二级以上公立医院检查检验互认", "", "全面实现"],
]
_I_TXT = "\n".join(
    [
        "首页>政务公开>规划计划",
        "发布日期:2025-02-11 来源:市卫生健康委",
        "2025年卫生健康事业发展主要指标",
        "类别 | 指标名称 | 单位 | 2025年目标值",
        "健康水平 | 人均预期寿命 | 岁 | ≥80.2",
        "| 孕产妇死亡率 | 1/10万 | <7",
        "| 5岁以下儿童死亡率 | ‰ | ≤3.5",
        "服务能力 | 每千人口医疗卫生机构床位数 | 张 | >5.6",
        "| 家庭医生签约服务覆盖率 | | 45%",
        "| 县域就诊率 | % | ≥90",
        "健康服务 | 二级以上公立医院检查检验互认 | | 全面实现",
    ]
)
_I_TASKS = [
    {"text": "人均预期寿命"},
    {"text": "孕产妇死亡率"},
    {"text": "5岁以下儿童死亡率"},
    {"text": "每千人口医疗卫生机构床位数"},
    {"text": "家庭医生签约服务覆盖率"},
    {"text": "县域就诊率"},
    {"text": "二级以上公立医院检查检验互认：全面实现"},
]
_I_EXPECT = [
    ("80.2", 80.2, "岁", "gte"),
    ("7", 7, "1/10万", "lt"),
    ("3.5", 3.5, "‰", "lte"),
    ("5.6", 5.6, "张", "gt"),
    ("45%", 45, "%", None),
    ("90", 90, "%", "gte"),
]
page(
    name="indicator_table_text",
    kind="plan",
    txt=_I_TXT,
    grid=_I_ROWS,
    before=["2025年卫生健康事业发展主要指标"],
    tasks=_I_TASKS,
    indicators=_I_EXPECT,
    not_indicators=["2025", "5岁"],
)
_IS_TXT = "\n".join(
    [
        "2025年卫生健康事业发展主要指标",
        "字号:[默认 超大]",
        "指  标  名  称    单位    目标值",
        "人均预期寿命    岁    ≥80.2",
        "孕产妇死亡率    1/10万    <7",
        "5岁以下儿童死亡率    ‰    ≤3.5",
        "每千人口医疗卫生机构床位数    张    >5.6",
        "家庭医生签约服务覆盖率        45%",
        "县域就诊率    %    ≥90",
    ]
)
page(
    name="indicator_table_spaces",
    kind="plan",
    txt=_IS_TXT,
    tasks=_I_TASKS[:6],
    indicators=_I_EXPECT,
    not_indicators=["2025", "5岁"],
)

# ---------------------------------------------------------------- budget performance-target tables
_BT_ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值"],
    ["产出指标", "数量指标", "免费健康体检人数", "≥", "42000", "人", "43150"],
    ["产出指标", "数量指标", "家庭医生签约人数", "≥", "18", "万人", "18.6"],
    ["产出指标", "质量指标", "电子健康档案规范化建档率", "≥", "90", "%", "92.4"],
    ["产出指标", "时效指标", "项目资金支付率", "=", "100", "%", "96.8"],
    ["效益指标", "社会效益指标", "重大传染病报告发病率", "≤", "280", "1/10万", "263"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "85", "%", "91"],
]
_BT_TXT = "\n".join(
    [
        "首页 > 政务公开 > 财政预决算",
        "2024年基本公共卫生服务项目绩效目标表",
        "项目名称:基本公共卫生服务补助资金 主管部门:区卫生健康局",
        "一级指标 二级指标 三级指标 指标性质 指标值 度量单位 完成值",
        "产出指标 数量指标 免费健康体检人数 ≥ 42000 人 43150",
        "数量指标 家庭医生签约人数 ≥ 18 万人 18.6",
        "质量指标 电子健康档案规范化建档率 ≥ 90 % 92.4",
        "时效指标 项目资金支付率 = 100 % 96.8",
        "效益指标 社会效益指标 重大传染病报告发病率 ≤ 280 1/10万 263",
        "满意度指标 服务对象满意度指标 群众满意度 ≥ 85 % 91",
    ]
)
page(
    name="budget_targets",
    kind="plan",
    txt=_BT_TXT,
    grid=_BT_ROWS,
    before=["2024年基本公共卫生服务项目绩效目标表", "项目名称:基本公共卫生服务补助资金 主管部门:区卫生健康局"],
    tasks=[{"text": r[2]} for r in _BT_ROWS[1:]],
    indicators=[
        ("42000", 42000, "人", "gte"),
        ("18", 18, "万人", "gte"),
        ("90", 90, "%", "gte"),
        ("100", 100, "%", None),
        ("280", 280, "1/10万", "lte"),
        ("85", 85, "%", "gte"),
    ],
    not_indicators=["43150", "263"],
)
# the unit in the value column's header, the comparator in the value cell
_BU_ROWS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值(%)", "实际完成值"],
    ["产出指标", "质量指标", "高血压患者规范管理率", "≥65", "67.3"],
    ["产出指标", "质量指标", "适龄儿童免疫规划疫苗接种率", "≥95", "96.1"],
    ["效益指标", "社会效益指标", "孕产妇系统管理率", "≥90", "93.5"],
]
page(
    name="budget_unit_in_header",
    kind="plan",
    txt="\n".join(["2024年重大公共卫生服务项目绩效目标表"] + [" | ".join(r) for r in _BU_ROWS]),
    grid=_BU_ROWS,
    before=["2024年重大公共卫生服务项目绩效目标表"],
    tasks=[{"text": r[2]} for r in _BU_ROWS[1:]],
    indicators=[("65", 65, "%", "gte"), ("95", 95, "%", "gte"), ("90", 90, "%", "gte")],
)

# ---------------------------------------------------------------- assignments on one line
_A_LINES = [
    "2024年健康瓯海建设重点工作安排",
    "字号:[默认 超大]",
    "推进紧密型医共体建设 工作措施:完善医共体总院运行机制,县域就诊率达到90%以上。部门分工:区卫健局牵头,区医保局、区财政局等配合。",
    "加强儿童青少年近视防控 工作措施：开展学生视力筛查，筛查覆盖率达到100%。部门分工：区教育局牵头，区卫健局、各街道等配合。",
    "提升院前急救能力 工作措施:新建急救站点2个,急救呼叫满足率达到98%。部门分工:区卫健局牵头,区财政局配合。",
    "实施老年人健康服务行动 工作措施：为65岁以上老年人提供中医药健康管理服务，管理率达到75%。部门分工：区卫健局牵头，区民政局等配合。",
]
page(
    name="assignments_one_line",
    kind="plan",
    txt="\n".join(_A_LINES),
    lines=_A_LINES,
    tasks=[
        {"title": "推进紧密型医共体建设", "lead_unit": "区卫健局", "units": ["区卫健局", "区医保局", "区财政局"]},
        {"title": "加强儿童青少年近视防控", "lead_unit": "区教育局", "units": ["区教育局", "区卫健局", "各街道"]},
        {"title": "提升院前急救能力", "lead_unit": "区卫健局", "units": ["区卫健局", "区财政局"]},
        {"title": "实施老年人健康服务行动", "lead_unit": "区卫健局", "units": ["区卫健局", "区民政局"]},
    ],
    indicators=[
        ("90%", 90, "%", "gte"),
        ("100%", 100, "%", "reach"),
        ("2个", 2, "个", "add"),
        ("98%", 98, "%", "reach"),
        ("75%", 75, "%", "reach"),
    ],
    not_indicators=["65岁"],
)

# ---------------------------------------------------------------- label / value records on separate lines
_L_LINES = [
    "2025年卫生健康领域重点任务清单",
    "发布日期:2025-03-04",
    "具体任务",
    "新建区妇幼保健院综合楼,年底前完成主体结顶。",
    "责任单位",
    "规划发展科",
    "配合单位",
    "区发改局、区住建局",
    "完成时限",
    "2025年12月底",
    "",
    "具体任务",
    "开展适龄妇女两癌筛查1.6万人。",
    "责任单位",
    "妇幼健康科",
    "配合单位",
    "各街道社区卫生服务中心",
    "完成时限",
    "2025年10月底",
]
page(
    name="label_value_lines",
    kind="plan",
    txt="\n".join(_L_LINES),
    lines=_L_LINES,
    tasks=[
        {
            "text": "新建区妇幼保健院综合楼,年底前完成主体结顶。",
            "lead_unit": "规划发展科",
            "units": ["规划发展科", "区发改局", "区住建局"],
            "deadline": "2025-12-31",
        },
        {
            "text": "开展适龄妇女两癌筛查1.6万人。",
            "lead_unit": "妇幼健康科",
            "units": ["妇幼健康科", "各街道社区卫生服务中心"],
            "deadline": "2025-10-31",
        },
    ],
    indicators=[("1.6万人", 16000, "人", None)],
)

# ---------------------------------------------------------------- not counts
_N_LINES = [
    "2025年卫生健康工作要点",
    "一、深化改革",
    "1.落实第3、5件民生实事项目,按第12项考核指标推进。",
    "2.实施“三大行动”和“十大工程”,开展第二批健康县区创建。",
    "3.推进“健康浙江2030”行动,深化“1+3”医共体模式。",
    "4.实施“双百工程”,落实“5+X”慢病管理。",
]
page(
    name="not_counts",
    kind="plan",
    txt="\n".join(_N_LINES),
    lines=_N_LINES,
    tasks=[{"number": str(i)} for i in range(1, 5)],
    not_indicators=["第3、5件", "第12项", "三大", "十大", "第二批", "2030", "1+3", "双百", "5+X"],
)

# ---------------------------------------------------------------- numbers and dates with dropped characters
_D_LINES = [
    "2024年卫生健康工作要点",
    "一、民生实事",
    "1.2024新建社区卫生服务站3个,年底前投入使用。(牵头单位:规划发展科)",
    "2.为20245年65岁以上老年人开展健康体检4.5万人。(牵头单位:基层卫生科)",
]
page(
    name="dropped_characters",
    kind="plan",
    txt="\n".join(_D_LINES),
    lines=_D_LINES,
    tasks=[
        {"number": "1", "lead_unit": "规划发展科", "deadline": "2024-12-31"},
        {"number": "2", "lead_unit": "基层卫生科"},
    ],
    indicators=[("3个", 3, "个", "add"), ("4.5万人", 45000, "人", None)],
    not_indicators=["2024新", "20245", "65岁"],
)


# ---------------------------------------------------------------- how many corrections the import preview needs
def _same(a: str | None, b: str | None) -> bool:
    from docparse.text import normalize

    def key(s):
        return "".join(normalize(s or "").split()).rstrip("。.;；")

    return key(a) == key(b)


def _matches(want: dict, got) -> bool:
    if "text" in want:
        return _same(want["text"], got.text)
    if "title" in want:
        return _same(want["title"], got.title)
    return want.get("number") == got.number


def field_of(result, task, key: str):
    """A task's field, or the title of the section holding it (``section``)."""
    if key == "section":
        return next((s.title for s in result.sections if any(t is task for t in s.tasks)), None)
    return getattr(task, key, None)


def corrections(p: Page, result) -> dict[str, int]:
    """What the office has to fix in the preview against the page's truth: tasks missed, false tasks, fields of the
    found tasks that are wrong, indicators missed or wrong, and indicators read where the truth says there are none."""
    got = list(result.tasks)
    used: set[int] = set()
    missed = fields = 0
    for want in p.tasks:
        k = next((i for i, t in enumerate(got) if i not in used and _matches(want, t)), None)
        if k is None:
            missed += 1
            continue
        used.add(k)
        fields += sum(
            1 for key, v in want.items() if key not in ("text", "title", "part") and field_of(result, got[k], key) != v
        )
    found = {(i.text, i.value, i.unit, i.comparator) for i in result.indicators}
    ind_missed = sum(1 for want in p.indicators if want not in found)
    ind_false = 0
    for bad in p.not_indicators:
        pos = result.text.find(bad)
        while pos >= 0:
            ind_false += sum(1 for i in result.indicators if i.start < pos + len(bad) and pos < i.end)
            pos = result.text.find(bad, pos + 1)
    return {
        "tasks_missed": missed,
        "false_tasks": len(got) - len(used),
        "fields": fields,
        "indicators_missed": ind_missed,
        "false_indicators": ind_false,
    }


# ====================================================================== second batch (written before being run)
# ---------------------------------------------------------------- spaces, no 序号, a deadline column, wrapped progress
_S2_TXT = "\n".join(
    [
        "您的位置:首页 > 信息公开 > 部门文件",
        "字号:[默认 超大]",
        "平阳县卫生健康局2024年下半年重点工作推进表",
        "字号:[默认 超大]",
        "重点工作   责任科室   完成时限   进展情况",
        "推进县人民医院胸痛中心建设,通过国家标准版认证   医政医管科   2024年11月底   已提交认证材料,",
        "等待现场核查。",
        "完成村级卫生服务站点标准化改造40个   基层卫生科   2024年12月底   已完成改造26个。",
        "开展中小学生脊柱侧弯筛查,筛查人数不少于2.5万人   疾控科   2024年10月底   累计筛查2.18万人。",
    ]
)
page(
    name="spaces_no_number_deadline",
    kind="status_table",
    txt=_S2_TXT,
    tasks=[
        {
            "text": "推进县人民医院胸痛中心建设,通过国家标准版认证",
            "lead_unit": "医政医管科",
            "deadline": "2024-11-30",
            "completion": "已提交认证材料,\n等待现场核查。",
        },
        {"text": "完成村级卫生服务站点标准化改造40个", "lead_unit": "基层卫生科", "deadline": "2024-12-31"},
        {"text": "开展中小学生脊柱侧弯筛查,筛查人数不少于2.5万人", "lead_unit": "疾控科", "deadline": "2024-10-31"},
    ],
    indicators=[("40个", 40, "个", "reach"), ("2.5万人", 25000, "人", "gte")],
)

# ---------------------------------------------------------------- full-width pipes, 是否完成 marks, a 合计 row
_W_TXT = "\n".join(
    [
        "首页>政务公开>计划总结",
        "发布机构:永嘉县卫生健康局 发布日期:2024-12-30",
        "永嘉县卫生健康局2024年民生实事项目完成情况",
        "序号｜工作任务｜责任单位｜配合单位｜完成情况｜是否完成",
        "1｜新建城市社区卫生服务站2个｜基层卫生科｜各乡镇(街道)｜2个站点均已投入运行｜√",
        "2｜为全县适龄妇女免费开展宫颈癌筛查1.2万人,乳腺癌",
        "筛查1.2万人｜妇幼健康科｜县妇幼保健院｜完成宫颈癌筛查1.23万人、乳腺癌筛查1.21万人｜√",
        "3｜建成县级医学影像共享中心｜医政医管科｜县人民医院｜设备已到位,系统联调中｜×",
        "合计｜3项｜｜｜完成2项｜",
    ]
)
page(
    name="fullwidth_pipes_completed",  # kind left open: a 是否完成 column reads as a 填报表 too
    txt=_W_TXT,
    tasks=[
        {
            "number": "1",
            "text": "新建城市社区卫生服务站2个",
            "lead_unit": "基层卫生科",
            "units": ["基层卫生科", "各乡镇(街道)"],
            "completed": True,
        },
        {
            "number": "2",
            "text": "为全县适龄妇女免费开展宫颈癌筛查1.2万人,乳腺癌\n筛查1.2万人",
            "lead_unit": "妇幼健康科",
            "completed": True,
        },
        {"number": "3", "text": "建成县级医学影像共享中心", "lead_unit": "医政医管科", "completed": False},
    ],
    indicators=[("2个", 2, "个", "add")],
    not_indicators=["3项", "完成2项"],
)

# ---------------------------------------------------------------- every header character spaced out
_SP_TXT = "\n".join(
    [
        "文成县卫生健康局2025年一季度重点工作进展",
        "发布时间:2025-04-18",
        "序  号   目 标 任 务   责 任 单 位   完 成 情 况   自  评",
        "4   建成县域医疗次中心1家   规划发展科   主体工程完成60%   正常",
        "9   家庭医生签约服务覆盖率达到45%   基层卫生科   签约覆盖率38.6%   滞后",
    ]
)
page(
    name="spaced_out_header",
    kind="status_table",
    txt=_SP_TXT,
    tasks=[
        {"number": "4", "text": "建成县域医疗次中心1家", "lead_unit": "规划发展科", "self_assessment": "on_track"},
        {
            "number": "9",
            "text": "家庭医生签约服务覆盖率达到45%",
            "lead_unit": "基层卫生科",
            "self_assessment": "behind",
        },
    ],
    indicators=[("1家", 1, "家", None), ("45%", 45, "%", "reach")],
)

# ---------------------------------------------------------------- a bulletin with （1） items and lead/co labels in brackets
_B2_TXT = "\n".join(
    [
        "当前位置：首页 > 政务公开 > 工作动态",
        "关于全县卫生健康重点工作上半年推进情况的通报",
        "发布日期：2024-07-22 字号：[默认 超大]",
        "上半年，全局32项重点工作中，已完成9项，达到时序进度19项，进度偏慢4项。",
        "进度偏慢的事项：",
        "（1）县中医院迁建项目仍未完成土地报批（牵头单位：规划发展科；配合单位：县自然资源和规划局）",
        "（2）互联网医院接入率仅为40%（牵头单位：信息中心）",
        "（3）老年人认知功能筛查进度低于序时（牵头单位：老龄健康科，配合单位：各乡镇卫生院）",
        "（4）急救站点建设未启动（县急救站）",
        "请各牵头单位于8月10日前报送整改方案。",
    ]
)
page(
    name="bulletin_bracket_labels",
    txt=_B2_TXT,
    lines=_B2_TXT.split("\n"),
    tasks=[
        {"text": "县中医院迁建项目仍未完成土地报批", "lead_unit": "规划发展科", "self_assessment": "behind"},
        {"text": "互联网医院接入率仅为40%", "lead_unit": "信息中心", "self_assessment": "behind"},
        {"text": "老年人认知功能筛查进度低于序时", "lead_unit": "老龄健康科", "self_assessment": "behind"},
        {"text": "急救站点建设未启动", "lead_unit": "县急救站", "self_assessment": "behind"},
    ],
    not_indicators=["32项", "9项", "19项", "4项", "8月10日"],
)

# ---------------------------------------------------------------- an indicator table with words and signs, no unit column
_I2_ROWS = [
    ["序号", "指标", "2025年目标", "属性"],
    ["1", "每千人口执业(助理)医师数(人)", "≥3.6", "预期性"],
    ["2", "婴儿死亡率(‰)", "<3", "约束性"],
    ["3", "个人卫生支出占卫生总费用比例(%)", "≤27", "约束性"],
    ["4", "居民健康素养水平(%)", "40", "预期性"],
    ["5", "中医药服务能力", "稳步提升", "预期性"],
]
page(
    name="indicator_units_in_names",
    kind="plan",
    txt="\n".join(["2025年卫生健康发展主要指标", ""] + ["  ".join(r) for r in _I2_ROWS]),
    grid=_I2_ROWS,
    before=["2025年卫生健康发展主要指标"],
    tasks=[
        {"text": "每千人口执业(助理)医师数(人)"},
        {"text": "婴儿死亡率(‰)"},
        {"text": "个人卫生支出占卫生总费用比例(%)"},
        {"text": "居民健康素养水平(%)"},
        {"text": "中医药服务能力：稳步提升"},
    ],
    indicators=[("3.6", 3.6, "人", "gte"), ("3", 3, "‰", "lt"), ("27", 27, "%", "lte"), ("40", 40, "%", None)],
)

# ---------------------------------------------------------------- plan items with ordinals and programme numerals
_N2_LINES = [
    "苍南县卫生健康局2025年工作要点",
    "字号:[默认 超大]",
    "一、重点任务",
    "1.推进第三批省级医学重点学科建设,落实“县聘乡用”改革。",
    "2.全面完成第十四个爱国卫生月活动,开展“五城同创”。",
    "3.落实省政府民生实事第7项任务,新建城市社区嵌入式托育点5个。",
    "4.推广“1+1+N”家庭医生团队,实施“551”人才工程。",
]
page(
    name="not_counts_ordinals",
    kind="plan",
    txt="\n".join(_N2_LINES),
    lines=_N2_LINES,
    tasks=[{"number": str(i)} for i in range(1, 5)],
    indicators=[("5个", 5, "个", "add")],
    not_indicators=["第三批", "十四个", "五城", "第7项", "1+1+N", "551"],
)


# ====================================================================== third batch (written before being run)
# ---------------------------------------------------------------- units in brackets on the line after each item
_B3_TXT = "\n".join(
    [
        "首页 > 政务公开 > 督查督办",
        "索引号:002631845/2024-05512 发布机构:乐清市人民政府办公室",
        "成文日期:2024-11-05 发布日期:2024-11-06",
        "关于前三季度市政府重点工作推进情况的通报",
        "截至9月底,124项重点工作中已完成41项,正常推进75项,推进滞后8项。推进滞后的工作如下:",
        "①市第三人民医院扩建工程施工进度滞后",
        "(责任单位:市卫健局、市建设中心)",
        "②城区供水管网改造完成率仅为58%",
        "(责任单位:市水务集团)",
        "③新建公办幼儿园2所,仍在办理用地手续",
        "(责任单位:市教育局)",
        "以上单位要制定整改计划,确保年底前完成。",
    ]
)
page(
    name="bulletin_units_next_line",
    txt=_B3_TXT,
    lines=_B3_TXT.split("\n"),
    tasks=[
        {
            "text": "市第三人民医院扩建工程施工进度滞后",
            "lead_unit": "市卫健局",
            "units": ["市卫健局", "市建设中心"],
            "self_assessment": "behind",
        },
        {"text": "城区供水管网改造完成率仅为58%", "lead_unit": "市水务集团", "self_assessment": "behind"},
        {"text": "新建公办幼儿园2所,仍在办理用地手续", "lead_unit": "市教育局", "self_assessment": "behind"},
    ],
    not_indicators=["124项", "41项", "75项", "8项", "第三"],
)

# ---------------------------------------------------------------- pipes with a markdown rule and section rows
_M_TXT = "\n".join(
    [
        "洞头区卫生健康局2025年重点工作任务分解表",
        "| 序号 | 工作任务 | 牵头科室 | 配合科室 | 完成时限 |",
        "| --- | --- | --- | --- | --- |",
        "| 一、医疗服务 | | | | |",
        "| 1 | 推进区人民医院创建三级乙等综合医院 | 医政医管科 | 人事科、财务科 | 2025年12月底 |",
        "| 2 | 新建海岛巡回医疗服务队3支 | 基层卫生科 | | 2025年6月底 |",
        "| 二、公共卫生 | | | | |",
        "| 3 | 适龄儿童免疫规划疫苗接种率保持在95%以上 | 疾控科 | 区疾控中心 | 2025年12月底 |",
    ]
)
page(
    name="pipes_section_rows",
    kind="plan",
    txt=_M_TXT,
    tasks=[
        {
            "number": "1",
            "text": "推进区人民医院创建三级乙等综合医院",
            "lead_unit": "医政医管科",
            "units": ["医政医管科", "人事科", "财务科"],
            "deadline": "2025-12-31",
        },
        {"number": "2", "text": "新建海岛巡回医疗服务队3支", "lead_unit": "基层卫生科", "deadline": "2025-06-30"},
        {
            "number": "3",
            "text": "适龄儿童免疫规划疫苗接种率保持在95%以上",
            "lead_unit": "疾控科",
            "deadline": "2025-12-31",
        },
    ],
    indicators=[("3支", 3, "支", "add"), ("95%", 95, "%", "gte")],
)

# ---------------------------------------------------------------- a space table whose task cells hold spaces, other 评价 words
_T_TXT = "\n".join(
    [
        "龙港市卫生健康局2024年三季度重点工作进度表",
        "发布时间:2024-10-15 信息来源:市卫健局",
        "序号 工作内容 责任单位 进展情况 自评",
        "3 开展 HPV 疫苗免费接种,完成适龄女生接种2000人 疾控科 已接种1756人 按时序推进",
        "6 建设“智慧医共体” 信息平台 信息科 平台已上线试运行 超时序",
        "8 完成乡镇卫生院发热门诊改造5家 医政科 已完成2家 未达时序",
    ]
)
page(
    name="spaces_text_with_spaces",
    kind="status_table",
    txt=_T_TXT,
    tasks=[
        {
            "number": "3",
            "text": "开展 HPV 疫苗免费接种,完成适龄女生接种2000人",
            "lead_unit": "疾控科",
            "self_assessment": "on_track",
        },
        {"number": "6", "text": "建设“智慧医共体” 信息平台", "lead_unit": "信息科", "self_assessment": "ahead"},
        {"number": "8", "text": "完成乡镇卫生院发热门诊改造5家", "lead_unit": "医政科", "self_assessment": "behind"},
    ],
    indicators=[("2000人", 2000, "人", "reach"), ("5家", 5, "家", "reach")],
)

# ---------------------------------------------------------------- records: label and colon, the value on the next line
_R_LINES = [
    "2024年度卫生健康重点任务责任清单",
    "具体任务:",
    "推进县域医共体数字化改革,实现检查检验结果互认全覆盖。",
    "牵头单位:",
    "信息科",
    "配合单位:",
    "医政医管科、各医共体",
    "完成时限:",
    "2024年9月底",
    "具体任务:",
    "新增家庭医生签约3.2万人。",
    "牵头单位:",
    "基层卫生科",
    "完成时限:",
    "2024年11月底",
]
page(
    name="records_colon_next_line",
    kind="plan",
    txt="\n".join(_R_LINES),
    lines=_R_LINES,
    tasks=[
        {
            "text": "推进县域医共体数字化改革,实现检查检验结果互认全覆盖。",
            "lead_unit": "信息科",
            "units": ["信息科", "医政医管科", "各医共体"],
            "deadline": "2024-09-30",
        },
        {"text": "新增家庭医生签约3.2万人。", "lead_unit": "基层卫生科", "deadline": "2024-11-30"},
    ],
    indicators=[("3.2万人", 32000, "人", "add")],
)


# ====================================================================== fourth batch (written before being run)
# ---------------------------------------------------------------- the portal's information block as a table above a plan
_PI_LINES = [
    "2025年全市卫生健康工作要点",
    "一、深化医药卫生体制改革",
    "1.推进紧密型城市医疗集团建设,组建医疗集团3个。(牵头单位:医政医管处)",
    "2.深化公立医院薪酬制度改革,人员支出占业务支出比例达到45%以上。(牵头单位:人事处)",
    "二、提升公共卫生服务能力",
    "3.新建市级重大疫情救治基地1个。(牵头单位:疾控处)",
]
_PI_GRID = [
    ["索引号", "002575318/2025-00091", "组配分类", "计划总结"],
    ["发布机构", "台州市卫生健康委员会", "主题分类", "卫生、体育"],
    ["文号", "", "成文日期", "2025-02-20"],
]
page(
    name="portal_block_table_plan",
    kind="plan",
    txt="\n".join(
        [
            "首页 > 政务公开 > 计划总结",
            "索引号 | 002575318/2025-00091 | 组配分类 | 计划总结",
            "发布机构 | 台州市卫生健康委员会 | 主题分类 | 卫生、体育",
            "文号 | | 成文日期 | 2025-02-20",
            "字号:[默认 超大]",
        ]
        + _PI_LINES
    ),
    grid=_PI_GRID,
    before=["首页 > 政务公开 > 计划总结"],
    after=["字号:[默认 超大]"] + _PI_LINES,
    tasks=[
        {"number": "1", "text": "推进紧密型城市医疗集团建设,组建医疗集团3个。", "lead_unit": "医政医管处"},
        {"number": "2", "text": "深化公立医院薪酬制度改革,人员支出占业务支出比例达到45%以上。", "lead_unit": "人事处"},
        {"number": "3", "text": "新建市级重大疫情救治基地1个。", "lead_unit": "疾控处"},
    ],
    indicators=[("3个", 3, "个", None), ("45%", 45, "%", "gte"), ("1个", 1, "个", "add")],
    not_indicators=["2025-00091", "2025-02-20"],
)

# ---------------------------------------------------------------- a category column before the row numbers, in spaced text
_C_TXT = "\n".join(
    [
        "三门县卫生健康局2024年重点工作清单",
        "类别 序号 重点任务 牵头单位 完成时限",
        "民生实事 1 新增普惠性托位300个 人口家庭科 2024年12月底",
        "2 完成农村妇女两癌筛查8000人 妇幼健康科 2024年11月底",
        "改革攻坚 3 推进医共体医保支付方式改革 医政医管科 2024年9月底",
        "4 建成县级医学检验中心 县人民医院 2024年10月底",
    ]
)
page(
    name="spaces_category_before_number",
    kind="plan",
    txt=_C_TXT,
    tasks=[
        {
            "number": "1",
            "text": "新增普惠性托位300个",
            "lead_unit": "人口家庭科",
            "deadline": "2024-12-31",
            "section": "民生实事",
        },
        {
            "number": "2",
            "text": "完成农村妇女两癌筛查8000人",
            "lead_unit": "妇幼健康科",
            "deadline": "2024-11-30",
            "section": "民生实事",
        },
        {
            "number": "3",
            "text": "推进医共体医保支付方式改革",
            "lead_unit": "医政医管科",
            "deadline": "2024-09-30",
            "section": "改革攻坚",
        },
        {
            "number": "4",
            "text": "建成县级医学检验中心",
            "lead_unit": "县人民医院",
            "deadline": "2024-10-31",
            "section": "改革攻坚",
        },
    ],
    indicators=[("300个", 300, "个", "add"), ("8000人", 8000, "人", "reach")],
)

# ---------------------------------------------------------------- flattened cells, a header word broken over two paragraphs
_FB_TXT = "\n".join(
    [
        "仙居县卫生健康局2024年第三季度重点工作完成情况",
        "",
        "序号",
        "",
        "工作任务",
        "",
        "牵头",
        "责任单位",
        "",
        "完成情况",
        "",
        "1",
        "",
        "新建县域医共体慢病管理中心1个",
        "",
        "医政医管科",
        "",
        "已完成建设并投入运行",
        "",
        "2",
        "",
        "开展基层卫生人才定向培养50名",
        "",
        "科教科",
        "",
        "已录取定向生46名",
    ]
)
page(
    name="flat_header_word_broken",
    kind="status_table",
    txt=_FB_TXT,
    tasks=[
        {"number": "1", "text": "新建县域医共体慢病管理中心1个", "lead_unit": "医政医管科"},
        {"number": "2", "text": "开展基层卫生人才定向培养50名", "lead_unit": "科教科"},
    ],
    indicators=[("1个", 1, "个", "add"), ("50名", 50, "名", None)],
)

# ---------------------------------------------------------------- a work summary that must not become a table
_WS_LINES = [
    "椒江区卫生健康局2024年上半年工作总结",
    "发布时间:2024-07-12 来源:区卫生健康局",
    "一、主要工作成效",
    "(一)医疗服务能力持续提升。区人民医院新增省级重点专科1个,完成三四级手术4120台。",
    "(二)公共卫生服务扎实推进。累计接种流感疫苗3.6万剂次,重点人群健康管理率达到75.2%。",
    "二、存在问题",
    "(一)基层人才队伍仍然薄弱,乡镇卫生院全科医生缺口12名。",
    "台州市椒江区卫生健康局",
    "2024年7月10日",
]
page(
    name="summary_no_table",
    kind="summary",
    txt="\n".join(_WS_LINES),
    lines=_WS_LINES,
    tasks=[
        {"text": "医疗服务能力持续提升。区人民医院新增省级重点专科1个,完成三四级手术4120台。"},
        {"text": "公共卫生服务扎实推进。累计接种流感疫苗3.6万剂次,重点人群健康管理率达到75.2%。"},
        {"text": "基层人才队伍仍然薄弱,乡镇卫生院全科医生缺口12名。"},
    ],
    indicators=[("4120台", 4120, "台", "reach"), ("75.2%", 75.2, "%", "reach")],
    not_indicators=["2024年7月10日"],
)


# ====================================================================== fifth batch (written before being run)
# ---------------------------------------------------------------- a real table whose header cells are padded and broken
_H_ROWS = [
    [
        "序  号",
        "目  标  任  务",
        "牵头\n领导",
        "牵头\n责任单位",
        "配合单位",
        "工作评价",
        "本季度进展",
        "下季度计划",
        "备  注",
    ],
    [
        "21",
        "完成全市二级以上医院互联网诊疗服务全覆盖",
        "林志远",
        "市卫健委",
        "市大数据局",
        "达到时序进度",
        "已有11家医院开通互联网诊疗。",
        "推进剩余2家医院开通",
        "",
    ],
    [
        "24",
        "新建心理健康服务站点15个",
        "林志远",
        "市卫健委",
        "各区县(市)政府",
        "进度偏慢",
        "已建成8个,7个正在选址。",
        "加快选址建设",
        "市民生实事",
    ],
    [
        "27",
        "全市婴幼儿每千人口托位数达到4.5个",
        "吴晓燕",
        "市卫健委",
        "市教育局、市发改委,\n市财政局",
        "已完成",
        "每千人口托位数4.62个。",
        "巩固提升",
        "",
    ],
]
page(
    name="grid_padded_header_8cols",
    kind="status_table",
    txt="\n".join(
        [
            "索引号:11330600002000000Q/2024-00815",
            "发布机构:绍兴市卫生健康委员会 成文日期:2024-10-08",
            "绍兴市卫健委2024年三季度重点工作进展情况",
            "序  号 目  标  任  务 牵头",
            "领导 牵头",
            "责任单位 配合单位 工作评价 本季度进展 下季度计划 备  注",
            "21 完成全市二级以上医院互联网诊疗服务全覆盖 林志远 市卫健委 市大数据局 达到时序进度 已有11家医院开通互联网诊疗。 推进剩余2家医院开通",
            "24 新建心理健康服务站点15个 林志远 市卫健委 各区县(市)政府 进度偏慢 已建成8个,7个正在选址。 加快选址建设 市民生实事",
            "27 全市婴幼儿每千人口托位数达到4.5个 吴晓燕 市卫健委 市教育局、市发改委,",
            "市财政局 已完成 每千人口托位数4.62个。 巩固提升",
        ]
    ),
    grid=_H_ROWS,
    before=[
        "索引号:11330600002000000Q/2024-00815",
        "发布机构:绍兴市卫生健康委员会 成文日期:2024-10-08",
        "绍兴市卫健委2024年三季度重点工作进展情况",
    ],
    tasks=[
        {
            "number": "21",
            "text": _H_ROWS[1][1],
            "lead_unit": "市卫健委",
            "units": ["市卫健委", "市大数据局"],
            "self_assessment": "on_track",
        },
        {"number": "24", "text": _H_ROWS[2][1], "lead_unit": "市卫健委", "self_assessment": "behind"},
        {
            "number": "27",
            "text": _H_ROWS[3][1],
            "lead_unit": "市卫健委",
            "units": ["市卫健委", "市教育局", "市发改委", "市财政局"],
            "completed": True,
        },
    ],
    indicators=[("15个", 15, "个", "add"), ("4.5个", 4.5, "个", "reach")],
    not_indicators=["2024-00815"],
)

# ---------------------------------------------------------------- an indicator table in text with a category column and words
_IC_ROWS = [
    ["领域", "指标名称", "单位", "2024年目标", "属性"],
    ["健康水平", "人均预期寿命", "岁", "81以上", "预期性"],
    ["", "重大慢性病过早死亡率", "%", "≤9.5", "预期性"],
    ["医疗资源", "每千常住人口执业(助理)医师数", "人", "3.8", "预期性"],
    ["", "每万人口全科医生数", "人", "≥5", "约束性"],
    ["公共卫生", "传染病疫情报告及时率", "%", "100", "约束性"],
    ["", "突发公共卫生事件处置", "", "规范有效", "预期性"],
]
page(
    name="indicator_category_words",
    kind="plan",
    txt="\n".join(["2024年卫生健康事业发展主要指标", ""] + [" ".join(c for c in r if c) for r in _IC_ROWS]),
    grid=_IC_ROWS,
    before=["2024年卫生健康事业发展主要指标"],
    tasks=[
        {"text": "人均预期寿命"},
        {"text": "重大慢性病过早死亡率"},
        {"text": "每千常住人口执业(助理)医师数"},
        {"text": "每万人口全科医生数"},
        {"text": "传染病疫情报告及时率"},
        {"text": "突发公共卫生事件处置：规范有效"},
    ],
    indicators=[
        ("81", 81, "岁", "gte"),
        ("9.5", 9.5, "%", "lte"),
        ("3.8", 3.8, "人", None),
        ("5", 5, "人", "gte"),
        ("100", 100, "%", None),
    ],
)

# ---------------------------------------------------------------- one-line assignments numbered and under sections, 等配合
_AS_LINES = [
    "2025年爱国卫生与健康促进工作安排",
    "一、健康环境",
    "开展病媒生物防制 工作措施：全年开展集中灭鼠灭蟑2次，城区鼠密度控制在国家标准C级以内。部门分工：市爱卫办牵头，市综合执法局、各街道等配合。",
    "推进农村改厕 工作措施：新改建农村卫生厕所1200座。部门分工：市农业农村局牵头，市卫健局配合。",
    "二、健康促进",
    "建设健康支持性环境 工作措施：新建健康主题公园3个、健康步道10条。部门分工：市卫健局牵头，市住建局、市自然资源局等配合。",
]
page(
    name="assignments_under_sections",
    kind="plan",
    txt="\n".join(_AS_LINES),
    lines=_AS_LINES,
    tasks=[
        {
            "title": "开展病媒生物防制",
            "lead_unit": "市爱卫办",
            "units": ["市爱卫办", "市综合执法局", "各街道"],
            "section": "健康环境",
        },
        {
            "title": "推进农村改厕",
            "lead_unit": "市农业农村局",
            "units": ["市农业农村局", "市卫健局"],
            "section": "健康环境",
        },
        {
            "title": "建设健康支持性环境",
            "lead_unit": "市卫健局",
            "units": ["市卫健局", "市住建局", "市自然资源局"],
            "section": "健康促进",
        },
    ],
    indicators=[
        ("2次", 2, "次", None),
        ("1200座", 1200, "座", "add"),
        ("3个", 3, "个", "add"),
        ("10条", 10, "条", None),
    ],
)


# ====================================================================== sixth batch (written before being run)
# ---------------------------------------------------------------- a bulletin whose lagging items are numbered 1. under a section
_B6_LINES = [
    "关于2025年一季度卫生健康重点工作进展情况的通报",
    "字号:[默认 超大]",
    "一、总体情况",
    "一季度,全局45项重点工作中,已完成6项,正常推进35项,进度滞后4项。",
    "二、进度滞后项目",
    "1.县第二人民医院改扩建工程仍未开工(规划发展科)",
    "2.基层医疗机构中医馆建设完成率仅为30%(中医科)",
    "3.儿童青少年近视筛查进度低于序时(疾控科、教育局)",
    "三、下步工作要求",
    "各责任科室要认真分析原因,倒排工期,确保二季度末赶上序时进度。",
]
page(
    name="bulletin_lagging_section",
    lines=_B6_LINES,
    txt="\n".join(_B6_LINES),
    tasks=[
        {
            "number": "1",
            "text": "县第二人民医院改扩建工程仍未开工",
            "lead_unit": "规划发展科",
            "self_assessment": "behind",
        },
        {
            "number": "2",
            "text": "基层医疗机构中医馆建设完成率仅为30%",
            "lead_unit": "中医科",
            "self_assessment": "behind",
        },
        {
            "number": "3",
            "text": "儿童青少年近视筛查进度低于序时",
            "lead_unit": "疾控科",
            "units": ["疾控科", "教育局"],
            "self_assessment": "behind",
        },
    ],
    not_indicators=["45项", "6项", "35项", "4项"],
)

# ---------------------------------------------------------------- rows numbered (1) and deadlines in words
_D6_TXT = "\n".join(
    [
        "2025年健康促进工作任务分解",
        "序号 工作任务 责任科室 完成时限",
        "(1) 开展全民健康素养促进行动,居民健康素养水平达到42% 健康促进科 年底前",
        "(2) 创建省级健康乡镇2个 健康促进科 11月底前",
        "(3) 完成控烟暗访监测 综合监督科 6月底",
    ]
)
page(
    name="spaces_paren_numbers_word_deadlines",
    kind="plan",
    txt=_D6_TXT,
    tasks=[
        {
            "number": "1",
            "text": "开展全民健康素养促进行动,居民健康素养水平达到42%",
            "lead_unit": "健康促进科",
            "deadline": "2025-12-31",
        },
        {"number": "2", "text": "创建省级健康乡镇2个", "lead_unit": "健康促进科", "deadline": "2025-11-30"},
        {"number": "3", "text": "完成控烟暗访监测", "lead_unit": "综合监督科", "deadline": "2025-06-30"},
    ],
    indicators=[("42%", 42, "%", "reach"), ("2个", 2, "个", None)],
)

# ---------------------------------------------------------------- a real table with a title row spanning it and a form line
_T6_ROWS = [
    ["2024年重点工作任务完成情况统计表", "", "", "", ""],
    ["填报单位:区卫生健康局", "", "", "填报时间:2024年12月25日", ""],
    ["序号", "目标任务", "完成情况", "是否完成", "责任科室"],
    ["1", "全区孕产妇死亡率控制在10/10万以下", "全年孕产妇死亡0例", "是", "妇幼健康科"],
    ["2", "新增家庭医生签约服务1.8万人", "累计新增签约1.93万人", "是", "基层卫生科"],
    ["3", "建成区域影像诊断中心", "设备安装调试中", "否", "医政医管科"],
]
page(
    name="grid_title_and_form_rows",
    kind="filing_form",
    txt="\n".join(
        ["2024年重点工作任务完成情况统计表", "填报单位:区卫生健康局 填报时间:2024年12月25日"]
        + [" ".join(r) for r in _T6_ROWS[2:]]
    ),
    grid=_T6_ROWS,
    tasks=[
        {"number": "1", "text": "全区孕产妇死亡率控制在10/10万以下", "lead_unit": "妇幼健康科", "completed": True},
        {"number": "2", "text": "新增家庭医生签约服务1.8万人", "lead_unit": "基层卫生科", "completed": True},
        {"number": "3", "text": "建成区域影像诊断中心", "lead_unit": "医政医管科", "completed": False},
    ],
    indicators=[("10/10万", 10, "1/10万", "lte"), ("1.8万人", 18000, "人", "add")],
    not_indicators=["2024年12月25日"],
)


# ====================================================================== seventh batch (written before being run)
# ---------------------------------------------------------------- tab-separated text with a broken header and a wrapped cell
_TAB_TXT = "\n".join(
    [
        "临海市卫生健康局2024年第三季度民生实事推进情况",
        "发布日期:2024-10-10",
        "序号\t项目名称\t牵头",
        "单位\t推进情况\t自评",
        "5\t新建城区15分钟健康服务圈站点6个\t基层卫生科\t已建成4个,",
        "2个完成主体施工\t正常",
        "8\t为全市孕妇免费提供产前筛查服务\t妇幼健康科\t累计筛查4218人\t超前",
    ]
)
page(
    name="tabs_broken_header",
    kind="status_table",
    txt=_TAB_TXT,
    tasks=[
        {
            "number": "5",
            "text": "新建城区15分钟健康服务圈站点6个",
            "lead_unit": "基层卫生科",
            "self_assessment": "on_track",
        },
        {
            "number": "8",
            "text": "为全市孕妇免费提供产前筛查服务",
            "lead_unit": "妇幼健康科",
            "self_assessment": "ahead",
        },
    ],
    indicators=[("6个", 6, "个", "add")],
    not_indicators=["15分钟"],
)

# ---------------------------------------------------------------- a plan whose tasks carry units glued with ASCII colons
_G_LINES = [
    "2025年卫生健康工作要点",
    "一、强化公共卫生",
    "1.完成重点人群流感疫苗接种1.5万人。牵头单位:疾控科;配合单位:各卫生院",
    "2.新建标准化预防接种门诊3家 责任单位:疾控科",
    "二、提升医疗服务",
    "3.县域就诊率稳定在90%以上(牵头单位:医政医管科,配合单位:医保局)",
]
page(
    name="plan_ascii_labels",
    kind="plan",
    txt="\n".join(_G_LINES),
    lines=_G_LINES,
    tasks=[
        {
            "number": "1",
            "text": "完成重点人群流感疫苗接种1.5万人。",
            "lead_unit": "疾控科",
            "units": ["疾控科", "各卫生院"],
        },
        {"number": "2", "text": "新建标准化预防接种门诊3家", "lead_unit": "疾控科"},
        {
            "number": "3",
            "text": "县域就诊率稳定在90%以上",
            "lead_unit": "医政医管科",
            "units": ["医政医管科", "医保局"],
        },
    ],
    indicators=[("1.5万人", 15000, "人", "reach"), ("3家", 3, "家", "add"), ("90%", 90, "%", "gte")],
)


# ====================================================================== eighth batch (written before being run)
# ---------------------------------------------------------------- numbered records with their labels on one line
_RL_LINES = [
    "黄岩区卫生健康局2024年前三季度重点工作进展",
    "发布时间:2024-10-16",
    "1.目标任务:建成区域急救指挥中心。完成情况:已完成土建,设备正在安装。责任单位:医政医管科",
    "2.目标任务：新增托位500个。完成情况：已新增托位432个。责任单位：人口家庭科",
    "3.目标任务:开展老年人免费体检4万人。完成情况:已体检3.6万人,完成率90%。责任单位:基层卫生科",
]
page(
    name="records_on_one_line",  # kind left open: read as a summary (a report of progress), which the office may switch
    txt="\n".join(_RL_LINES),
    lines=_RL_LINES,
    tasks=[
        {
            "number": "1",
            "text": "建成区域急救指挥中心。",
            "lead_unit": "医政医管科",
            "completion": "已完成土建,设备正在安装。",
        },
        {"number": "2", "text": "新增托位500个。", "lead_unit": "人口家庭科", "completion": "已新增托位432个。"},
        {
            "number": "3",
            "text": "开展老年人免费体检4万人。",
            "lead_unit": "基层卫生科",
            "completion": "已体检3.6万人,完成率90%。",
        },
    ],
    indicators=[("500个", 500, "个", "add"), ("4万人", 40000, "人", None)],
)


# ====================================================================== ninth batch (written before being run)
# ---------------------------------------------------------------- a bracketed note broken by a space, a padded status word
_P9_TXT = "\n".join(
    [
        "天台县卫生健康局2024年重点工作推进情况",
        "序号 重点工作 完成情况 (截至 9月底) 自评 责任单位",
        "1 新建县急救中心分站2个 1个已投用,1个完成装修 正  常 医政医管科",
        "2 完成适龄儿童窝沟封闭5000人 已完成3200人 滞  后 疾控科",
    ]
)
page(
    name="spaces_broken_bracket_padded_status",
    kind="status_table",
    txt=_P9_TXT,
    tasks=[
        {
            "number": "1",
            "text": "新建县急救中心分站2个",
            "lead_unit": "医政医管科",
            "self_assessment": "on_track",
            "completion": "1个已投用,1个完成装修",
        },
        {
            "number": "2",
            "text": "完成适龄儿童窝沟封闭5000人",
            "lead_unit": "疾控科",
            "self_assessment": "behind",
            "completion": "已完成3200人",
        },
    ],
    indicators=[("2个", 2, "个", "add"), ("5000人", 5000, "人", "reach")],
)
