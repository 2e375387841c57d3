"""Real-world layout variants, each built at test time (python-docx / openpyxl / HTML / GBK text)."""

from __future__ import annotations

import io

import pytest

from docparse import parse, parse_document
from docparse.dates import period_end
from docparse.structure.annotations import find_annotations
from docparse.structure.metadata import extract_metadata
from docparse.structure.vocabulary import self_assessment


def _docx(lines=(), table=None, after=()) -> bytes:
    import docx

    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, v in enumerate(row):
                t.cell(i, j).text = v
    for line in after:
        doc.add_paragraph(line)
    bio = io.BytesIO()
    doc.save(bio)
    return bio.getvalue()


def _xlsx(rows, merges=()) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(list(r))
    for m in merges:
        ws.merge_cells(m)
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


# ---------------------------------------------------------------- plans: 一、 → （一） → 1.
PLAN_3 = [
    "某区卫生健康局2024年工作要点",
    "一、深化医药卫生体制改革",
    "（一）推进医共体建设。",
    "1.全面推进紧密型县域医共体建设，县域内就诊率达到90%以上。（牵头单位：医政科；配合单位：财务科、人事科）",
    "2.新增家庭医生签约服务对象1.5万人。（牵头单位：基层卫生科）",
    "（二）加强公共卫生。",
    "3.适龄儿童免疫规划疫苗接种率保持在95%以上。（牵头单位：疾控中心）",
    "二、提升服务能力",
    "4.建成胸痛、卒中救治中心各1个，年底前完成。（责任单位：区人民医院）",
]


@pytest.fixture(scope="module")
def plan3():
    return parse_document(_docx(PLAN_3), "plan3.docx")


def test_plan_three_levels(plan3):
    assert plan3.kind == "plan" and plan3.year == 2024
    assert [(s.label, s.title) for s in plan3.sections] == [("一、", "深化医药卫生体制改革"), ("二、", "提升服务能力")]
    assert [[t.number for t in s.tasks] for s in plan3.sections] == [["1", "2", "3"], ["4"]]
    assert [(t.subsection_label, t.subsection) for t in plan3.tasks] == [
        ("(一)", "推进医共体建设"),
        ("(一)", "推进医共体建设"),
        ("(二)", "加强公共卫生"),
        (None, None),
    ]
    assert plan3.tasks[0].text == "全面推进紧密型县域医共体建设，县域内就诊率达到90%以上。"
    assert plan3.tasks[3].text == "建成胸痛、卒中救治中心各1个，年底前完成。"
    assert [i.text for i in plan3.tasks[0].indicators] == ["90%"]
    assert [i.text for i in plan3.tasks[1].indicators] == ["1.5万人"]


def test_plan_units_and_deadlines(plan3):
    t = plan3.tasks
    assert (t[0].lead_unit, t[0].units) == ("医政科", ["医政科", "财务科", "人事科"])
    assert (t[1].lead_unit, t[1].units) == ("基层卫生科", ["基层卫生科"])
    assert (t[2].lead_unit, t[2].units) == ("疾控中心", ["疾控中心"])
    assert (t[3].lead_unit, t[3].units) == ("区人民医院", ["区人民医院"])
    assert [x.deadline for x in t] == [None, None, None, "2024-12-31"]
    # the annotations stay in the document text, but out of the indicators
    assert "（牵头单位：医政科；配合单位：财务科、人事科）" in plan3.text
    d = parse(_docx(PLAN_3), "plan3.docx")
    task = d["sections"][0]["tasks"][0]
    assert task["subsection"] == "推进医共体建设" and task["deadline"] is None and task["lead_unit"] == "医政科"


def test_plan_two_levels_pcn_are_tasks():
    lines = [
        "2024年卫生健康工作要点",
        "一、强化公共卫生",
        "（一）推进疾控体系改革，新建发热门诊3个。",
        "（二）做好传染病防控。",
        "二、提升医疗服务",
        "（三）新增床位200张。",
    ]
    r = parse_document(_docx(lines), "p.docx")
    assert [len(s.tasks) for s in r.sections] == [2, 1]
    assert [t.number for t in r.tasks] == ["一", "二", "三"]
    assert all(t.subsection is None for t in r.tasks)


def test_plan_mixed_subheadings_and_next_line_units():
    text = (
        "某县卫生健康局2025年重点工作\n一、医疗服务\n（一）提升县级医院能力（牵头单位：医政科）\n"
        "1.新建重症监护床位20张，6月底前投入使用。\n2.开展三级医院创建。\n责任单位：县人民医院、县中医院\n"
        "（二）完成等级医院复评审，年底前完成。\n二、公共卫生\n3.开展健康教育讲座50场。（责任科室：健康教育科，完成时限：2025年9月底）\n"
    )
    r = parse_document(text.encode("utf-8"), "p.txt")
    t = r.tasks
    assert [x.number for x in t] == ["1", "2", "二", "3"]
    assert [x.subsection for x in t] == ["提升县级医院能力", "提升县级医院能力", None, None]
    assert [(x.lead_unit, x.units) for x in t] == [
        ("医政科", ["医政科"]),
        ("县人民医院", ["县人民医院", "县中医院"]),
        (None, []),
        ("健康教育科", ["健康教育科"]),
    ]
    assert [x.deadline for x in t] == ["2025-06-30", None, "2025-12-31", "2025-09-30"]
    assert t[1].text == "开展三级医院创建。"
    assert t[3].text == "开展健康教育讲座50场。"
    assert {i.text for i in r.indicators} == {"20张", "50场"}


def test_find_annotations_unit():
    sp, lead, co, dl = find_annotations(
        "推进医改。（牵头单位：医政科；配合单位：财务科、各镇（街道）卫生院；完成时限：6月底）", 2024
    )
    assert (lead, co, dl) == (["医政科"], ["财务科", "各镇（街道）卫生院"], "2024-06-30")
    assert find_annotations("完成招标，2024年10月底前开工建设。", 2023)[3] == "2024-10-31"
    assert find_annotations("上半年完成方案编制，年底前全面建成。", 2024)[3] == "2024-12-31"
    assert find_annotations("开展健康讲座8场，惠及群众1000人。", 2024) == ([], [], [], None)


# ---------------------------------------------------------------- filing forms
FORM_HEADER = [
    "序号",
    "目标任务",
    "完成情况（300字以内）",
    "是否完成（已完成/未完成）",
    "未完成原因（300字以内）",
    "责任单位",
]


def test_form_docx_metadata_spaces_and_numbers():
    data = _docx(
        ["附件1", "2024年上半年民生实事项目完成情况填报表", "填报单位（盖章）：某县卫生健康局        签发人：张三"],
        [
            FORM_HEADER,
            ["1", "新增托位300个。", "新增托位210个。", "未完成", "场地改造延期。", "县卫健局"],
            ["2", "为1万名老年人免费体检。", "已体检10320人。", "已完成", "", "县卫健局"],
        ],
        ["填报人：李四    联系方式：13800000000    填报时间：2024年7月5日"],
    )
    r = parse_document(data, "f.docx")
    assert r.kind == "filing_form"
    assert r.metadata == {
        "填报单位": "某县卫生健康局",
        "签发人": "张三",
        "填报人": "李四",
        "联系方式": "13800000000",
        "填报时间": "2024-07-05",
    }
    assert r.org == "某县卫生健康局"
    assert r.as_of == "2024-06-30"
    assert [(t.number, t.completed, t.reason) for t in r.tasks] == [("1", False, "场地改造延期。"), ("2", True, None)]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("填报单位：某县卫生健康局（盖章）   签发人：张三", {"填报单位": "某县卫生健康局", "签发人": "张三"}),
        (
            "填报单位（盖章）：某县卫健局 签发人： 王五 审核人：赵六",
            {"填报单位": "某县卫健局", "签发人": "王五", "审核人": "赵六"},
        ),
        (
            "填 报 单 位：某县卫健局　联系人：李四　联系电话：0576-12345678",
            {"填报单位": "某县卫健局", "联系人": "李四", "联系电话": "0576-12345678"},
        ),
        ("填报单位：（盖章）某区卫健局\t\t签发人：严某", {"填报单位": "某区卫健局", "签发人": "严某"}),
        (
            "填报人：李四    联系方式：138    填报日期：2024年12月20日",
            {"填报人": "李四", "联系方式": "138", "填报日期": "2024-12-20"},
        ),
    ],
)
def test_form_metadata_label_driven(line, expected):
    assert extract_metadata(line) == expected


@pytest.mark.parametrize(
    "title,as_of",
    [
        ("2024年上半年重点工作完成情况填报表", "2024-06-30"),
        ("2024年第一季度目标任务完成情况填报表", "2024-03-31"),
        ("2024年1-9月民生实事完成情况填报表", "2024-09-30"),
        ("2024年前三季度目标任务完成情况填报表", "2024-09-30"),
        ("2024年度政府工作报告目标任务完成情况填报表", "2024-12-31"),
        ("2024年全年任务完成情况填报表", "2024-12-31"),
        ("2023年政府工作报告目标任务完成情况填报表", None),
    ],
)
def test_form_as_of_from_period(title, as_of):
    data = _docx(
        [title, "填报单位：某县卫健局"],
        [FORM_HEADER[1:], ["新增托位300个。", "新增托位210个。", "未完成", "延期。", "县卫健局"]],
    )
    r = parse_document(data, "f.docx")
    assert r.kind == "filing_form" and r.as_of == as_of
    assert r.tasks[0].number == "1"  # no 序号 column: rows numbered in document order


def test_form_as_of_from_header_line():
    data = _docx(
        ["2024年民生实事项目完成情况填报表", "（截至2024年11月30日）"],
        [FORM_HEADER[1:], ["新增托位300个。", "新增托位210个。", "未完成", "延期。", "县卫健局"]],
    )
    r = parse_document(data, "f.docx")
    assert r.as_of == "2024-11-30"
    assert r.unparsed == []
    assert period_end("2025年一季度", 2025) == "2025-03-31" and period_end("工作要点", 2025) is None


def test_period_end_does_not_touch_plans():
    r = parse_document("2024年度卫生健康工作要点\n一、总体\n1.新增托位30个。\n".encode(), "p.txt")
    assert r.kind == "plan" and r.as_of is None


# ---------------------------------------------------------------- status tables
def test_status_xlsx_header_words_and_sections():
    rows = [
        ["某县卫生健康局2024年重点工作推进情况表"],
        ["序号", "重点任务", "推进情况", "困难问题", "自评", "牵头科室"],
        ["一、民生实事项目", None, None, None, None, None],
        ["（一）", "新建村卫生室20家。", "已完成12家。", "资金缺口。", "未达序时", "基层卫生科"],
        [None, "开展健康讲座50场。", "已开展41场。", None, "按序时", "健康教育所"],
        ["二、重点改革任务", None, None, None, None, None],
        ["一", "推进医共体建设。", "已完成。", None, "提前", "医政科"],
        ["合计", None, None, None, None, None],
    ]
    data = _xlsx(rows, ["A1:F1", "A3:F3", "A6:F6", "A8:F8"])
    r = parse_document(data, "s.xlsx")
    assert r.kind == "status_table"
    assert [(s.label, s.title, len(s.tasks)) for s in r.sections] == [
        ("一、", "民生实事项目", 2),
        ("二、", "重点改革任务", 1),
    ]
    assert [t.number for t in r.tasks] == ["一", "2", "一"]
    assert [t.self_assessment for t in r.tasks] == ["behind", "on_track", "ahead"]
    assert [t.lead_unit for t in r.tasks] == ["基层卫生科", "健康教育所", "医政科"]
    assert r.tasks[0].problems == "资金缺口。" and r.tasks[1].problems is None


def test_status_docx_two_row_header():
    import docx

    doc = docx.Document()
    doc.add_paragraph("2024年重点工作完成情况表")
    t = doc.add_table(rows=4, cols=6)
    for j, h in enumerate(["序号", "工作任务", "完成情况", "", "问题及建议", "责任单位"]):
        t.cell(0, j).text = h
    t.cell(1, 2).text = "截至6月底"
    t.cell(1, 3).text = "完成进度"
    for j in (0, 1, 4, 5):
        t.cell(0, j).merge(t.cell(1, j))
    for i, row in enumerate(
        [
            ["1", "新增托位300个。", "新增托位210个。", "70%", "无", "妇幼科"],
            ["2", "建成智慧医院1家。", "已完成招标。", "40%", "", "信息科"],
        ],
        start=2,
    ):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    bio = io.BytesIO()
    doc.save(bio)
    r = parse_document(bio.getvalue(), "s.docx")
    assert r.kind == "status_table"
    assert r.as_of == "2024-06-30"
    assert [(t.number, t.text, t.lead_unit) for t in r.tasks] == [
        ("1", "新增托位300个。", "妇幼科"),
        ("2", "建成智慧医院1家。", "信息科"),
    ]
    assert r.tasks[0].completion == "新增托位210个。\n70%"
    assert r.tasks[0].problems == "无"


def test_status_html_real_table_and_label_value_metadata():
    page = (
        "<html><head><meta charset='utf-8'><title>x</title></head><body>"
        "<table class='xxgk'><tr><td>索引号：</td><td>001/2024-00012</td><td>发布机构：</td><td>某县卫生健康局</td></tr>"
        "<tr><td>发文日期：</td><td>2024年7月10日</td><td>主题分类：</td><td>计划总结</td></tr></table>"
        "<div class='info'><div class='label'>文号</div><div class='value'>某卫〔2024〕5号</div></div>"
        "<h1>某县卫生健康局2024年上半年重点工作完成情况</h1>"
        "<table><tr><th>序号</th><th>项目名称</th><th>完成进度</th><th>存在问题</th><th>进度评价</th><th>责任单位</th></tr>"
        "<tr><td>1</td><td>新建村卫生室20家。</td><td>已完成12家。</td><td></td><td>序时推进</td><td>基层卫生科</td></tr>"
        "<tr><td>2</td><td>开展健康讲座50场。</td><td>已开展60场。</td><td></td><td>超前</td><td>健教所</td></tr>"
        "</table></body></html>"
    )
    r = parse_document(page.encode(), "p.html")
    assert r.kind == "status_table"
    assert r.metadata["索引号"] == "001/2024-00012" and r.metadata["发布机构"] == "某县卫生健康局"
    assert r.metadata["发文日期"] == "2024-07-10" and r.metadata["文号"] == "某卫〔2024〕5号"
    assert r.title == "某县卫生健康局2024年上半年重点工作完成情况"
    assert r.as_of == "2024-06-30"
    assert [(t.number, t.self_assessment, t.lead_unit) for t in r.tasks] == [
        ("1", "on_track", "基层卫生科"),
        ("2", "ahead", "健教所"),
    ]
    texts = {i.text for i in r.indicators}
    assert "12家" in texts and "60场" in texts
    assert not any(x.startswith(("2024", "001", "5号")) for x in texts)


def test_status_txt_gbk():
    text = (
        "某县卫生健康局2024年第一季度重点工作推进情况\n序号\t工作任务\t进展情况\t存在问题\t自评\t责任单位\n"
        "1\t新建村卫生室20家。\t已完成5家。\t无\t滞后\t基层卫生科\n2\t开展健康讲座50场。\t已开展20场。\t无\t正常\t健教所\n"
    )
    data = text.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    r = parse_document(data, "s.txt")
    assert r.kind == "status_table" and r.as_of == "2024-03-31"
    assert [(t.number, t.self_assessment, t.lead_unit) for t in r.tasks] == [
        ("1", "behind", "基层卫生科"),
        ("2", "on_track", "健教所"),
    ]


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("超前", "ahead"),
        ("提前完成", "ahead"),
        ("按序时", "on_track"),
        ("正常", "on_track"),
        ("序时推进", "on_track"),
        ("滞后", "behind"),
        ("未达序时", "behind"),
        ("慢于序时进度", "behind"),
        ("", None),
        ("其他", None),
    ],
)
def test_self_assessment_words(raw, expected):
    assert self_assessment(raw) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("是", True),
        ("否", False),
        ("完成", True),
        ("未完成", False),
        ("√", True),
        ("已完成", True),
        ("×", False),
        ("", None),
    ],
)
def test_completed_values(value, expected):
    data = _xlsx(
        [
            ["2024年目标任务完成情况填报表"],
            ["目标任务", "完成情况", "是否完成", "未完成原因", "责任单位"],
            ["新增托位300个。", "新增托位210个。", value, "", "县卫健局"],
        ]
    )
    r = parse_document(data, "f.xlsx")
    assert r.kind == "filing_form" and r.tasks[0].completed is expected


def test_deadline_column():
    data = _xlsx(
        [
            ["2024年重点工作清单完成情况"],
            ["序号", "工作任务", "完成时限", "进展情况", "责任单位"],
            [1, "新增托位300个。", "2024年9月底", "已完成。", "县卫健局"],
            [2, "建成胸痛中心。", "年底前", "推进中。", "县医院"],
        ]
    )
    r = parse_document(data, "d.xlsx")
    assert [t.deadline for t in r.tasks] == ["2024-09-30", "2024-12-31"]


def test_non_indicators_in_variants():
    r = parse_document(
        (
            "2024年工作要点\n一、总体\n1.新增托位30个。（牵头单位：妇幼科，联系电话：0576-88123456，完成时限：2024年6月30日）\n2.按照某卫发〔2024〕12号文件要求，开展第3轮督查。\n"
        ).encode(),
        "p.txt",
    )
    assert [i.text for i in r.indicators] == ["30个"]
