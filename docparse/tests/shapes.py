"""Fixture documents for the shapes bureaus really send (issue 12), each with its hand-written truth.

Every shape is written once as a list of blocks and rendered at test time as .txt, .docx (python-docx) and
.html, the way such documents arrive: text copied from a disclosure page (each table cell its own paragraph),
Word files into which that text was pasted, and the pages themselves.

Block kinds: ``"text"`` (one paragraph, "" is a blank line), ``Flat(rows, gap)`` (a table as copied from a
page: each cell a paragraph, a cell's own paragraphs one after another, ``gap`` blank lines between cells,
an empty cell left out or kept as an empty paragraph) and ``Grid(rows)`` (a real table in .docx/.html;
flattened like ``Flat`` in .txt).
"""

from __future__ import annotations

import html as _html
import io
from dataclasses import dataclass, field


@dataclass
class Flat:
    rows: list[list[str | list[str]]]  # a cell: text, or a list of its paragraphs; "" = empty cell
    gap: int = 1  # blank lines between cells
    keep_empty: bool = True  # an empty cell stays as an empty paragraph (.txt/.docx; HTML drops it)


@dataclass
class Grid:
    rows: list[list[str | list[str]]]


Block = str | Flat | Grid


@dataclass
class Shape:
    name: str
    blocks: list[Block]
    formats: tuple[str, ...] = ("txt", "docx", "html")
    kind: str | None = None
    # per task: dict of expected fields (text, lead_unit, units, deadline, self_assessment, completion …)
    tasks: list[dict] = field(default_factory=list)
    indicators: list[tuple] = field(default_factory=list)  # (text, value, unit, comparator) expected, in order
    not_indicators: list[str] = field(default_factory=list)  # substrings that must not be read as indicators
    extra: dict = field(default_factory=dict)  # other expected top-level facts (preamble, sections …)


def _cell_paras(cell) -> list[str]:
    if isinstance(cell, list):
        return cell
    return [cell] if cell else []


def _flat_lines(rows, gap: int, keep_empty: bool) -> list[str]:
    out: list[str] = []
    first = True
    for row in rows:
        for cell in row:
            paras = _cell_paras(cell)
            if not paras and not keep_empty:
                continue
            if not first:
                out.extend([""] * gap)
            first = False
            out.extend(paras if paras else [""])
    return out


def lines_of(shape: Shape, fmt: str) -> list[str | Grid]:
    out: list[str | Grid] = []
    for b in shape.blocks:
        if isinstance(b, str):
            out.append(b)
        elif isinstance(b, Flat):
            out.extend(_flat_lines(b.rows, b.gap, b.keep_empty and fmt != "html"))
        elif isinstance(b, Grid):
            if fmt == "txt":
                out.extend(_flat_lines(b.rows, 1, True))
            else:
                out.append(b)
    return out


def render(shape: Shape, fmt: str) -> bytes:
    items = lines_of(shape, fmt)
    if fmt == "txt":
        return "\n".join(x for x in items if isinstance(x, str)).encode("utf-8")
    if fmt == "docx":
        import docx

        doc = docx.Document()
        for x in items:
            if isinstance(x, Grid):
                t = doc.add_table(rows=len(x.rows), cols=max(len(r) for r in x.rows))
                for i, row in enumerate(x.rows):
                    for j, v in enumerate(row):
                        t.cell(i, j).text = "\n".join(_cell_paras(v))
            else:
                doc.add_paragraph(x)
        bio = io.BytesIO()
        doc.save(bio)
        return bio.getvalue()
    if fmt == "html":
        parts = [
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开</title></head><body>",
            "<div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 工作信息</div><div class='article'>",
        ]
        for x in items:
            if isinstance(x, Grid):
                parts.append("<table border='1'>")
                for i, row in enumerate(x.rows):
                    tag = "th" if i == 0 else "td"
                    parts.append(
                        "<tr>"
                        + "".join(
                            f"<{tag}>" + "<br>".join(_html.escape(p) for p in _cell_paras(v)) + f"</{tag}>" for v in row
                        )
                        + "</tr>"
                    )
                parts.append("</table>")
            else:
                parts.append(f"<p>{_html.escape(x)}</p>")
        parts.append("</div><div class='foot'>【打印本页】【关闭窗口】</div></body></html>")
        return "".join(parts).encode("utf-8")
    raise ValueError(fmt)


# ====================================================================== the shapes
SHAPES: list[Shape] = []


def shape(**kw) -> Shape:
    s = Shape(**kw)
    SHAPES.append(s)
    return s


# ---------------------------------------------------------------- flattened table text
_PROGRESS_ROWS = [
    ["序号", "项目内容", "当前进度", "牵头单位", "备注"],
    [
        "1",
        "新增普惠托位500个，建成婴幼儿照护服务驿站10家。",
        ["截至9月底，新增普惠托位386个。", "建成照护驿站7家，其余3家正在装修。"],
        "区卫健局",
        "",
    ],
    [
        "2",
        "为全区65岁以上老年人免费开展健康体检，体检人数不少于4.2万人。",
        "已体检3.56万人，完成率84.8%。",
        "区卫健局、各镇（街道）",
        "序时推进",
    ],
    ["3", "完成10家村卫生室规范化建设。", "", "区卫健局", "尚未启动"],
    ["4", "开展适龄女生HPV疫苗免费接种。", "已接种1826人。", "区疾控中心", ""],
    ["5", "建成区级急救指挥分中心1个。", ["完成选址。", "设备采购已挂网。"], "", "省民生实事"],
]
_PROGRESS_TASKS = [
    {
        "number": "1",
        "text": "新增普惠托位500个，建成婴幼儿照护服务驿站10家。",
        "lead_unit": "区卫健局",
        "completion": "截至9月底，新增普惠托位386个。\n建成照护驿站7家，其余3家正在装修。",
    },
    {
        "number": "2",
        "text": "为全区65岁以上老年人免费开展健康体检，体检人数不少于4.2万人。",
        "lead_unit": "区卫健局",
        "units": ["区卫健局", "各镇（街道）"],
        "completion": "已体检3.56万人，完成率84.8%。",
    },
    {"number": "3", "text": "完成10家村卫生室规范化建设。", "lead_unit": "区卫健局", "completion": None},
    {"number": "4", "text": "开展适龄女生HPV疫苗免费接种。", "lead_unit": "区疾控中心", "completion": "已接种1826人。"},
    {
        "number": "5",
        "text": "建成区级急救指挥分中心1个。",
        "lead_unit": None,
        "completion": "完成选址。\n设备采购已挂网。",
    },
]
_PROGRESS_HEAD = ["椒江区卫生健康局2024年民生实事项目推进情况", "发布时间：2024-10-12", ""]

for _gap in (0, 1):
    shape(
        name=f"flat_progress_gap{_gap}",
        kind="status_table",
        blocks=_PROGRESS_HEAD + [Flat(_PROGRESS_ROWS, gap=_gap)],
        tasks=_PROGRESS_TASKS,
        indicators=[("500个", 500, "个", "add"), ("10家", 10, "家", None), ("386个", 386, "个", "add")],
        not_indicators=["65岁", "2024-10"],
    )
shape(
    name="flat_progress_dropped_empty",
    kind="status_table",
    blocks=_PROGRESS_HEAD + [Flat(_PROGRESS_ROWS, gap=1, keep_empty=False)],
    tasks=_PROGRESS_TASKS,
    not_indicators=["65岁"],
)
_MISSING_NO = [r if r[0] != "3" else [""] + r[1:] for r in _PROGRESS_ROWS]  # the number of row 3 was dropped
shape(
    name="flat_progress_missing_number",
    kind="status_table",
    blocks=_PROGRESS_HEAD + [Flat(_MISSING_NO, gap=1, keep_empty=False)],
    tasks=[dict(t, warnings=["序号3缺失，按列数补出"]) if t["number"] == "3" else t for t in _PROGRESS_TASKS],
)
shape(
    name="grid_progress",
    kind="status_table",
    formats=("docx", "html"),
    blocks=_PROGRESS_HEAD + [Grid(_PROGRESS_ROWS)],
    tasks=_PROGRESS_TASKS,
)

_LEADER_ROWS = [
    ["牵头领导", "重点工作", "牵头单位", "配合单位", "备注"],
    ["王建国", "深化紧密型县域医共体建设，县域内就诊率达到90%以上。", "医政医管科", "财务科、人事科", ""],
    [
        "李红",
        ["推进基层医疗卫生机构能力提升。", "新建社区卫生服务中心2家，提升改造村卫生室15家。"],
        "基层卫生科",
        "规划发展科",
        "省民生实事",
    ],
    ["李红", "适龄儿童免疫规划疫苗接种率保持在95%以上。", "区疾控中心", "", ""],
    ["张伟（副局长）", "开展“健康细胞”创建，新建健康村（社区）12个。", "健康促进科", "各镇（街道）卫生院", ""],
]
_LEADER_TASKS = [
    {
        "text": "深化紧密型县域医共体建设，县域内就诊率达到90%以上。",
        "lead_unit": "医政医管科",
        "units": ["医政医管科", "财务科", "人事科"],
    },
    {
        "text": "推进基层医疗卫生机构能力提升。\n新建社区卫生服务中心2家，提升改造村卫生室15家。",
        "lead_unit": "基层卫生科",
        "units": ["基层卫生科", "规划发展科"],
    },
    {"text": "适龄儿童免疫规划疫苗接种率保持在95%以上。", "lead_unit": "区疾控中心", "units": ["区疾控中心"]},
    {
        "text": "开展“健康细胞”创建，新建健康村（社区）12个。",
        "lead_unit": "健康促进科",
        "units": ["健康促进科", "各镇（街道）卫生院"],
    },
]
_LEADER_HEAD = ["2024年全区卫生健康重点工作责任分解表", ""]
for _gap in (0, 1):
    shape(
        name=f"flat_leaders_gap{_gap}",
        kind="plan",
        blocks=_LEADER_HEAD + [Flat(_LEADER_ROWS, gap=_gap)],
        tasks=_LEADER_TASKS,
        indicators=[
            ("90%", 90, "%", "gte"),
            ("2家", 2, "家", "add"),
            ("15家", 15, "家", None),
            ("95%", 95, "%", "gte"),
            ("12个", 12, "个", "add"),
        ],
    )
shape(
    name="grid_leaders",
    kind="plan",
    formats=("docx", "html"),
    blocks=_LEADER_HEAD + [Grid(_LEADER_ROWS)],
    tasks=_LEADER_TASKS,
)

# ---------------------------------------------------------------- delimited rows without a header
_DELIM_ROWS = [
    ["1", "新建村卫生室20家", "已完成12家，其余8家正在主体施工", "基层卫生科", "滞后"],
    ["2", "开展健康讲座50场", "已开展41场，覆盖群众3200余人", "健康教育所", "正常"],
    ["3", "完成严重精神障碍患者规范管理率90%以上", "规范管理率达到92.6%", "区疾控中心", "超前"],
]
_DELIM_TASKS = [
    {
        "number": "1",
        "text": "新建村卫生室20家",
        "completion": "已完成12家，其余8家正在主体施工",
        "lead_unit": "基层卫生科",
        "self_assessment": "behind",
    },
    {
        "number": "2",
        "text": "开展健康讲座50场",
        "completion": "已开展41场，覆盖群众3200余人",
        "lead_unit": "健康教育所",
        "self_assessment": "on_track",
    },
    {
        "number": "3",
        "text": "完成严重精神障碍患者规范管理率90%以上",
        "completion": "规范管理率达到92.6%",
        "lead_unit": "区疾控中心",
        "self_assessment": "ahead",
    },
]


def _delimited(delim: str, wrap: bool = False) -> list[str]:
    lines = ["某区卫生健康局2024年第三季度重点工作进展情况", ""]
    for i, row in enumerate(_DELIM_ROWS):
        if i:
            lines.append(delim)
        joined = delim.join(row)
        if wrap and i == 1:  # a long row wrapped onto two lines
            cut = joined.index("覆盖")
            lines.extend([joined[:cut], joined[cut:]])
        else:
            lines.append(joined)
    return lines


shape(
    name="delimited_pipe",
    kind="status_table",
    blocks=_delimited("|", wrap=True),
    tasks=_DELIM_TASKS,
    indicators=[("20家", 20, "家", "add"), ("12家", 12, "家", "reach"), ("8家", 8, "家", None)],
)
shape(name="delimited_tab", kind="status_table", blocks=_delimited("\t"), tasks=_DELIM_TASKS, formats=("txt", "docx"))
shape(name="delimited_fullwidth_pipe", kind="status_table", blocks=_delimited("｜"), tasks=_DELIM_TASKS)

# ---------------------------------------------------------------- label/value records
shape(
    name="label_records",
    kind="plan",
    blocks=[
        "椒江区卫生健康局2024年重点工作任务清单",
        "",
        "一、民生实事项目",
        "目标任务：新增普惠托位500个，千人口托位数达到4.5个。",
        "牵头单位：区卫健局",
        "配合单位：区发改局、区教育局、各镇（街道）",
        "完成时限：2024年12月底",
        "",
        "目标任务：为65岁以上老年人免费开展健康体检4.2万人。",
        "牵头单位：基层卫生科",
        "配合单位：各镇（街道）卫生院",
        "完成时限：2024年10月底",
        "",
        "二、重点改革任务",
        "目标任务：推进紧密型县域医共体建设，县域内就诊率达到90%以上。",
        "牵头单位：医政医管科",
        "完成时限：2024年6月底",
    ],
    tasks=[
        {
            "text": "新增普惠托位500个，千人口托位数达到4.5个。",
            "lead_unit": "区卫健局",
            "units": ["区卫健局", "区发改局", "区教育局", "各镇（街道）"],
            "deadline": "2024-12-31",
            "section": "民生实事项目",
        },
        {
            "text": "为65岁以上老年人免费开展健康体检4.2万人。",
            "lead_unit": "基层卫生科",
            "units": ["基层卫生科", "各镇（街道）卫生院"],
            "deadline": "2024-10-31",
            "section": "民生实事项目",
        },
        {
            "text": "推进紧密型县域医共体建设，县域内就诊率达到90%以上。",
            "lead_unit": "医政医管科",
            "deadline": "2024-06-30",
            "section": "重点改革任务",
        },
    ],
    indicators=[
        ("500个", 500, "个", "add"),
        ("4.5个", 4.5, "个", "reach"),
        ("4.2万人", 42000, "人", None),
        ("90%", 90, "%", "gte"),
    ],
    not_indicators=["65岁", "12月", "10月"],
)

shape(
    name="label_records_numbered",
    kind="plan",
    blocks=[
        "2025年卫生健康工作任务分解",
        "",
        "1.目标任务：建成区域医学检验中心1个。",
        "牵头单位：医政医管科",
        "配合单位：区人民医院",
        "完成时限：第三季度",
        "2.目标任务：实施基层医疗机构提升改造项目6个。",
        "牵头单位：规划发展科",
        "完成时限：年底前",
    ],
    tasks=[
        {
            "number": "1",
            "text": "建成区域医学检验中心1个。",
            "lead_unit": "医政医管科",
            "units": ["医政医管科", "区人民医院"],
            "deadline": "2025-09-30",
        },
        {
            "number": "2",
            "text": "实施基层医疗机构提升改造项目6个。",
            "lead_unit": "规划发展科",
            "deadline": "2025-12-31",
        },
    ],
    indicators=[("1个", 1, "个", None), ("6个", 6, "个", None)],
)

# ---------------------------------------------------------------- unnumbered assignments
shape(
    name="assignments",
    kind="plan",
    blocks=[
        "2024年健康椒江建设工作方案",
        "",
        "推进紧密型医共体建设",
        "工作措施：全面推进紧密型县域医共体建设，县域内就诊率达到90%以上，基层就诊率达到65%以上。",
        "部门分工：由区卫健局牵头，区医保局、区财政局配合。",
        "",
        "加强院前急救体系建设",
        "工作措施：新建急救站点3个，急救平均反应时间控制在12分钟以内。",
        "部门分工：由区卫健局负责。",
        "",
        "实施癌症早筛行动",
        "工作措施：完成结直肠癌筛查1.2万人，区疾控中心牵头，各镇（街道）卫生院配合。",
    ],
    tasks=[
        {
            "title": "推进紧密型医共体建设",
            "text": "推进紧密型医共体建设\n全面推进紧密型县域医共体建设，县域内就诊率达到90%以上，基层就诊率达到65%以上。",
            "lead_unit": "区卫健局",
            "units": ["区卫健局", "区医保局", "区财政局"],
        },
        {
            "title": "加强院前急救体系建设",
            "text": "加强院前急救体系建设\n新建急救站点3个，急救平均反应时间控制在12分钟以内。",
            "lead_unit": "区卫健局",
            "units": ["区卫健局"],
        },
        {
            "title": "实施癌症早筛行动",
            "text": "实施癌症早筛行动\n完成结直肠癌筛查1.2万人。",
            "lead_unit": "区疾控中心",
            "units": ["区疾控中心", "各镇（街道）卫生院"],
        },
    ],
    indicators=[
        ("90%", 90, "%", "gte"),
        ("65%", 65, "%", "gte"),
        ("3个", 3, "个", "add"),
        ("12分钟", 12, "分钟", "lte"),
        ("1.2万人", 12000, "人", "reach"),
    ],
)

shape(
    name="assignments_inline",
    kind="plan",
    blocks=[
        "某县卫生健康局2024年重点工作安排",
        "",
        "一、公共卫生",
        "1.开展流感疫苗免费接种，完成重点人群接种9000人，县疾控中心牵头，各卫生院配合。",
        "2.新建发热诊室5个，由医政科负责。",
        "3.推进县中医院迁建工程，县中医院牵头，发改局、自然资源局配合，年底前主体结顶。",
    ],
    tasks=[
        {
            "number": "1",
            "text": "开展流感疫苗免费接种，完成重点人群接种9000人。",
            "lead_unit": "县疾控中心",
            "units": ["县疾控中心", "各卫生院"],
        },
        {"number": "2", "text": "新建发热诊室5个。", "lead_unit": "医政科", "units": ["医政科"]},
        {
            "number": "3",
            "text": "推进县中医院迁建工程，年底前主体结顶。",
            "lead_unit": "县中医院",
            "units": ["县中医院", "发改局", "自然资源局"],
            "deadline": "2024-12-31",
        },
    ],
    indicators=[("9000人", 9000, "人", "reach"), ("5个", 5, "个", "add")],
)

# ---------------------------------------------------------------- bulletin items with the unit on the same line
shape(
    name="bulletin_units",
    kind="plan",
    blocks=[
        "2024年卫生健康工作要点",
        "",
        "一、全力推进民生实事",
        "1.新增普惠托位500个（责任单位：妇幼健康科）",
        "2.为65岁以上老年人免费开展健康体检4.2万人牵头责任部门：基层卫生科",
        "3.新建社区卫生服务站3个 牵头责任单位：规划发展科、各街道",
        "二、持续深化改革",
        "4.推进公立医院综合改革（责任单位：医政医管科、财务审计科）",
    ],
    tasks=[
        {"number": "1", "text": "新增普惠托位500个", "lead_unit": "妇幼健康科", "units": ["妇幼健康科"]},
        {
            "number": "2",
            "text": "为65岁以上老年人免费开展健康体检4.2万人",
            "lead_unit": "基层卫生科",
            "units": ["基层卫生科"],
        },
        {"number": "3", "text": "新建社区卫生服务站3个", "lead_unit": "规划发展科", "units": ["规划发展科", "各街道"]},
        {
            "number": "4",
            "text": "推进公立医院综合改革",
            "lead_unit": "医政医管科",
            "units": ["医政医管科", "财务审计科"],
        },
    ],
    indicators=[("500个", 500, "个", "add"), ("4.2万人", 42000, "人", None), ("3个", 3, "个", "add")],
    not_indicators=["65岁"],
)

# ---------------------------------------------------------------- status bulletins listing lagging tasks
_LAG_HEAD = [
    "关于2024年第三季度重点工作推进情况的通报",
    "各科室、局属各单位：",
    "现将2024年第三季度重点工作推进情况通报如下。",
    "一、总体情况",
    "截至9月底，全局38项重点工作中，已完成12项，序时推进23项，进度滞后3项。",
]
_LAG_TASKS = [
    {"text": "新建区疾控中心实验室，目前仍在方案设计阶段", "lead_unit": "规划发展科", "self_assessment": "behind"},
    {"text": "村卫生室规范化建设完成率仅为45%", "lead_unit": "基层卫生科", "self_assessment": "behind"},
    {"text": "适龄女生HPV疫苗接种进度低于序时进度", "lead_unit": "区疾控中心", "self_assessment": "behind"},
]
shape(
    name="lagging_circled",
    blocks=_LAG_HEAD
    + [
        "二、进度滞后的工作",
        "①新建区疾控中心实验室，目前仍在方案设计阶段（规划发展科）",
        "②村卫生室规范化建设完成率仅为45%（基层卫生科）",
        "③适龄女生HPV疫苗接种进度低于序时进度（区疾控中心）",
        "三、下步工作要求",
        "各责任单位要对照时间节点，倒排工期，确保年底前全面完成。",
    ],
    tasks=_LAG_TASKS,
)
shape(
    name="lagging_unmarked",
    blocks=_LAG_HEAD
    + [
        "二、进度滞后的工作",
        "新建区疾控中心实验室，目前仍在方案设计阶段。（规划发展科）",
        "村卫生室规范化建设完成率仅为45%。（基层卫生科）",
        "适龄女生HPV疫苗接种进度低于序时进度。（区疾控中心）",
        "三、下步工作要求",
        "各责任单位要对照时间节点，倒排工期，确保年底前全面完成。",
    ],
    tasks=[dict(t, text=t["text"] + "。") for t in _LAG_TASKS],
)
shape(
    name="lagging_bare_heading",
    blocks=[
        "2024年第三季度重点工作进展通报",
        "截至9月底，全局重点工作总体推进顺利。其中进度滞后的工作有：",
        "新建区疾控中心实验室，目前仍在方案设计阶段（规划发展科）",
        "村卫生室规范化建设完成率仅为45%（基层卫生科）",
        "适龄女生HPV疫苗接种进度低于序时进度（区疾控中心）",
        "请上述单位于10月15日前报送整改措施。",
    ],
    tasks=_LAG_TASKS,
)

# ---------------------------------------------------------------- four outline levels, preamble, deadline ranges
_PREAMBLE = "2025年全区卫生健康工作的总体思路是：以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届二中全会精神，坚持以人民健康为中心，深化医药卫生体制改革，为建设健康椒江提供坚实保障。"
shape(
    name="plan_four_levels",
    kind="plan",
    blocks=[
        "椒江区卫生健康局2025年卫生健康工作要点",
        "",
        _PREAMBLE,
        "第一部分 重点改革任务",
        "一、深化医药卫生体制改革",
        "（一）推进紧密型医共体建设",
        "1.县域内就诊率达到90%以上，基层就诊率达到65%以上。（牵头单位：医政医管科）",
        "2.3-6月完成医共体总院章程修订。（牵头单位：医政医管科）",
        "（二）深化公立医院改革",
        "3.第三季度完成公立医院薪酬制度改革方案。（牵头单位：人事科）",
        "二、强化公共卫生体系",
        "4.年底前建成区疾控中心P2实验室。（牵头单位：区疾控中心）",
        "第二部分 民生实事项目",
        "三、一老一小服务",
        "婴幼儿照护",
        "5.新增普惠托位500个，千人口托位数达到4.5个。",
        "老年健康",
        "6.人均预期寿命达到82岁，65岁以上老年人健康管理率达到72%。",
    ],
    tasks=[
        {
            "number": "1",
            "text": "县域内就诊率达到90%以上，基层就诊率达到65%以上。",
            "lead_unit": "医政医管科",
            "section": "深化医药卫生体制改革",
            "part": "重点改革任务",
            "subsection": "推进紧密型医共体建设",
        },
        {
            "number": "2",
            "text": "3-6月完成医共体总院章程修订。",
            "deadline": "2025-06-30",
            "subsection": "推进紧密型医共体建设",
        },
        {
            "number": "3",
            "text": "第三季度完成公立医院薪酬制度改革方案。",
            "deadline": "2025-09-30",
            "lead_unit": "人事科",
            "subsection": "深化公立医院改革",
        },
        {
            "number": "4",
            "text": "年底前建成区疾控中心P2实验室。",
            "deadline": "2025-12-31",
            "section": "强化公共卫生体系",
            "part": "重点改革任务",
            "subsection": None,
        },
        {
            "number": "5",
            "text": "新增普惠托位500个，千人口托位数达到4.5个。",
            "section": "一老一小服务",
            "part": "民生实事项目",
            "subsection": "婴幼儿照护",
        },
        {"number": "6", "text": "人均预期寿命达到82岁，65岁以上老年人健康管理率达到72%。", "subsection": "老年健康"},
    ],
    indicators=[
        ("90%", 90, "%", "gte"),
        ("65%", 65, "%", "gte"),
        ("500个", 500, "个", "add"),
        ("4.5个", 4.5, "个", "reach"),
        ("82岁", 82, "岁", "reach"),
        ("72%", 72, "%", "reach"),
    ],
    not_indicators=["二十大", "二中全会", "3-6月", "6月", "65岁", "P2"],
    extra={"preamble": _PREAMBLE, "sections": ["深化医药卫生体制改革", "强化公共卫生体系", "一老一小服务"]},
)

# ---------------------------------------------------------------- indicator tables
_IND_ROWS = [
    ["序号", "指标名称", "单位", "2025年目标值"],
    ["1", "人均预期寿命", "岁", "≥79.5"],
    ["2", "孕产妇死亡率", "1/10万", "<8"],
    ["3", "婴儿死亡率", "‰", "≤4"],
    ["4", "每千人口执业（助理）医师数", "人", ">3.2"],
    ["5", "居民健康素养水平", "", "35%"],
    ["6", "电子健康档案建档率", "%", "≥90"],
    ["7", "二级以上医院检查检验结果互认", "", "全覆盖"],
]
_IND_TASKS = [
    {"number": "1", "text": "人均预期寿命"},
    {"number": "2", "text": "孕产妇死亡率"},
    {"number": "3", "text": "婴儿死亡率"},
    {"number": "4", "text": "每千人口执业（助理）医师数"},
    {"number": "5", "text": "居民健康素养水平"},
    {"number": "6", "text": "电子健康档案建档率"},
    {"number": "7", "text": "二级以上医院检查检验结果互认：全覆盖"},
]
_IND_EXPECT = [
    ("79.5", 79.5, "岁", "gte"),
    ("8", 8, "1/10万", "lt"),
    ("4", 4, "‰", "lte"),
    ("3.2", 3.2, "人", "gt"),
    ("35%", 35, "%", None),
    ("90", 90, "%", "gte"),
]
shape(
    name="indicator_table",
    kind="plan",
    formats=("docx", "html"),
    blocks=["2025年卫生健康事业发展主要指标", Grid(_IND_ROWS)],
    tasks=_IND_TASKS,
    indicators=_IND_EXPECT,
    not_indicators=["2025"],
)
shape(
    name="indicator_table_flat",
    kind="plan",
    blocks=["2025年卫生健康事业发展主要指标", "", Flat(_IND_ROWS, gap=1)],
    tasks=_IND_TASKS,
    indicators=_IND_EXPECT,
    not_indicators=["2025"],
)

# ---------------------------------------------------------------- indicators still missed, and not-indicators
shape(
    name="indicator_sentences",
    kind="plan",
    blocks=[
        "2025年健康椒江行动要点",
        "一、提升全民健康水平",
        "1.人均预期寿命达到79岁，居民健康素养水平提高到35%。",
        "2.孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别为8/10万、3‰、4‰以下。",
        "3.评估老年人认知功能59，评估情感状态57人。",
        "4.中医诊疗人次占比达到30%，基层就诊率占比达到65%以上。",
        "5.全年新建3社区卫生服务站，培训300基层医生。",
    ],
    tasks=[{"number": str(i)} for i in range(1, 6)],
    indicators=[
        ("79岁", 79, "岁", "reach"),
        ("35%", 35, "%", "reach"),
        ("8/10万", 8, "1/10万", None),
        ("3‰", 3, "‰", None),
        ("4‰", 4, "‰", "lte"),
        ("59", 59, "人", None),
        ("57人", 57, "人", None),
        ("30%", 30, "%", "reach"),
        ("65%", 65, "%", "gte"),
        ("3", 3, None, "add"),
        ("300", 300, None, None),
    ],
    not_indicators=["5岁"],
)

shape(
    name="not_indicators",
    kind="plan",
    blocks=[
        "关于印发《2025年卫生健康工作要点》的通知（椒卫发〔2025〕3号）",
        "一、总体要求",
        "1.深入学习贯彻党的二十届三中全会和区委十四届二次会议精神，谋划好“十四五”收官和“十五五”开局。",
        "2.召开第二次会议研究部署，3-6月组织二次会议开展督查，2024年3月-2025年6月完成第1-2周期评估。",
        "3.服务3岁以下婴幼儿照护和65岁以上老年人，开通120急救和12320热线。",
        "4.自2025年1月1日至3月31日开展专项行动，按照椒政办〔2024〕15号文件执行。",
    ],
    tasks=[{"number": str(i)} for i in range(1, 5)],
    indicators=[],
    not_indicators=["二次", "十四", "3号", "15号", "6月", "2周", "3岁", "65岁", "120", "12320", "31日"],
)

# ---------------------------------------------------------------- not units, not assignments, not lagging lists
shape(
    name="not_units",
    kind="plan",
    blocks=[
        "2025年卫生健康工作要点",
        "一、深化改革",
        "1.落实《椒江区家庭医生签约服务管理办法（试行）》",
        "2.推进医共体建设，由各地负责组织实施，各镇街牵头抓好落实。",
        "3.按照医共体牵头单位等级对应标准增加基层高级岗位结构比例（2025年版）",
        "4.建设5G智慧急救体系，开通120急救和12320热线。",
    ],
    tasks=[
        {"number": "1", "text": "落实《椒江区家庭医生签约服务管理办法（试行）》", "lead_unit": None, "units": []},
        {
            "number": "2",
            "text": "推进医共体建设，由各地负责组织实施，各镇街牵头抓好落实。",
            "lead_unit": None,
            "units": [],
        },
        {
            "number": "3",
            "text": "按照医共体牵头单位等级对应标准增加基层高级岗位结构比例（2025年版）",
            "lead_unit": None,
        },
        {
            "number": "4",
            "text": "建设5G智慧急救体系，开通120急救和12320热线。",
            "lead_unit": None,
            "self_assessment": None,
        },
    ],
    not_indicators=["5G", "120", "12320", "2025年"],
)
