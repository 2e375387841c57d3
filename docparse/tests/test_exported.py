"""What Duban's exports write into the seed layouts (docparse.exported): the task number leading the 目标任务 cell
and the （指标：…） note, each written and read back — and documents that are no export left as they were."""

from decimal import Decimal

import pytest

from docparse import parse_document
from docparse.exported import numbered, target_note
from docrender import render_docx, render_xlsx
from docrender.model import FilingForm, FormRow, StatusRow, StatusTable


def form(rows, fmt="docx"):
    """A 填报表 of ``rows`` ((number, task text)) rendered and read back: [(number, text, indicators)]."""
    document = FilingForm(
        title="2025年上半年重点工作完成情况填报表",
        rows=[
            FormRow(
                category="民生实事",
                task=text,
                completion="已完成。",
                completed=True,
                reason="",
                unit="医政科",
                number=n,
            )
            for n, text in rows
        ],
        unit_name="测试区卫生健康局",
    )
    data = (render_docx if fmt == "docx" else render_xlsx)(document)
    result = parse_document(data, f"form.{fmt}")
    assert result.kind == "filing_form"
    return [(t.number, t.text, t.indicators) for t in result.tasks]


@pytest.mark.parametrize(
    ("number", "text", "written"),
    [
        ("3", "新增托位1900个。", "3.新增托位1900个。"),
        ("12", "2026年完成迁建。", "12. 2026年完成迁建。"),
        ("1", "5G网络覆盖全部中心。", "1. 5G网络覆盖全部中心。"),
        ("三", "健全院前急救体系。", "（三）健全院前急救体系。"),
        ("", "健全院前急救体系。", "健全院前急救体系。"),
        ("1-2", "健全院前急救体系。", "健全院前急救体系。"),
    ],
)
def test_the_number_leads_the_task_cell_as_plans_write_it(number, text, written):
    assert numbered(number, text) == written


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_task_numbers_come_back_from_the_task_cells(fmt):
    rows = [
        ("3", "新增托位1900个。"),
        ("7", "2026年完成湖滨中心迁建。"),
        ("1", "5G网络覆盖全部中心。"),
        ("三", "建立应急物资储备库。"),
    ]
    assert [(n, t) for n, t, _i in form(rows, fmt)] == rows


def test_a_single_task_keeps_its_number_and_the_number_is_no_indicator():
    [(number, text, indicators)] = form([("12", "深化医共体建设，县域内就诊率达到90%以上。")])
    assert (number, text) == ("12", "深化医共体建设，县域内就诊率达到90%以上。")
    assert [(i.value, i.unit) for i in indicators] == [(90, "%")]


@pytest.mark.parametrize(
    "texts",
    [
        ["1.建立会商机制。\n2.新增托位336个。", "1.完成筛查。\n2.完成随访。"],  # every cell a list: no numbers
        ["1.建立会商机制。\n2.新增托位336个。"],  # one row whose cell is a list
        ["3.5万人完成签约。", "新增托位1900个。"],  # a decimal, and a row without a number
    ],
)
def test_a_form_whose_cells_are_lists_keeps_its_texts(texts):
    """Task cells that start with 1. as a list does (or a decimal, or not every row) keep their text; rows count."""
    read = form([("", t) for t in texts])
    assert [(n, t) for n, t, _i in read] == [(str(i), t) for i, t in enumerate(texts, start=1)]


def test_a_status_table_keeps_the_numbers_of_its_number_column():
    table = StatusTable(
        title="2025年第一季度重点工作完成情况",
        as_of=None,
        rows=[
            StatusRow(
                number="7",
                task="1.新增托位1900个。",
                completion="",
                problems="",
                self_assessment="",
                lead_unit="医政科",
            ),
            StatusRow(
                number="9", task="2.健全急救体系。", completion="", problems="", self_assessment="", lead_unit="医政科"
            ),
        ],
    )
    result = parse_document(render_docx(table), "status.docx")
    assert [(t.number, t.text) for t in result.tasks] == [("7", "1.新增托位1900个。"), ("9", "2.健全急救体系。")]


INDICATORS = [
    {
        "subject": "托位",
        "comparator": "add",
        "target_value": Decimal(700),
        "unit": "个",
        "scale": 1,
        "baseline": Decimal(120),
    },
    {
        "subject": "新建急救站点",
        "comparator": "add",
        "target_value": Decimal(4),
        "unit": "个",
        "scale": 1,
        "baseline": None,
    },
    {
        "subject": "新增病例",
        "comparator": "lte",
        "target_value": Decimal(30),
        "unit": "例",
        "scale": 1,
        "baseline": None,
    },
    {
        "subject": "家庭医生签约",
        "comparator": "reach",
        "target_value": Decimal(253900),
        "unit": "人",
        "scale": 10000,
        "baseline": None,
    },
    {
        "subject": "项目资金",
        "comparator": "gte",
        "target_value": Decimal("639.168"),
        "unit": "万元",
        "scale": 1,
        "baseline": None,
    },
    {
        "subject": "孕产妇死亡率",
        "comparator": "lt",
        "target_value": Decimal(8),
        "unit": "1/10万",
        "scale": 1,
        "baseline": None,
    },
    {
        "subject": "签约率达到",
        "comparator": "reach",
        "target_value": Decimal("80.5"),
        "unit": "%",
        "scale": 1,
        "baseline": Decimal("75.25"),
    },
    {
        "subject": "健康村镇",
        "comparator": "gt",
        "target_value": Decimal(12),
        "unit": "个",
        "scale": 1,
        "baseline": None,
    },
]


def as_stored(ind):
    """A parsed indicator as the importer stores it (base units; scale 10000 for 万)."""
    return {
        "subject": ind.subject,
        "comparator": ind.comparator,
        "target_value": Decimal(str(ind.value)),
        "unit": ind.unit or "",
        "scale": {"万": 10000, "亿": 100000000}.get(ind.scale or "", 1),
        "baseline": None if ind.baseline is None else Decimal(str(ind.baseline)),
    }


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_note_gives_back_its_indicators_exactly(split, fmt):
    text = "健全院前急救体系，全市新增托位1900个。"
    note = target_note(INDICATORS, split=split)
    assert note.startswith("（分解目标：" if split else "（指标：")
    [(_n, read_text, indicators)] = form([("2", text + note)], fmt)
    assert read_text == text
    assert [as_stored(i) for i in indicators] == INDICATORS
    assert all(i.role == "target" for i in indicators)


def test_the_note_says_none():
    assert target_note([]) == "（指标：无）"
    [(_n, text, indicators)] = form([("2", "县域内就诊率达到90%以上。（指标：无）")])
    assert (text, indicators) == ("县域内就诊率达到90%以上。", [])


def test_a_note_that_cannot_be_read_exactly_stays_in_the_text():
    text = "新增托位1900个。（指标：力争托位大幅增加）"
    [(_n, read_text, indicators)] = form([("2", text)])
    assert read_text == text
    assert [(i.value, i.comparator) for i in indicators] == [(1900, "add")]


def test_each_figure_of_a_note_is_read_once():
    document = FilingForm(
        title="2025年上半年重点工作完成情况填报表",
        rows=[
            FormRow(
                category="民生实事",
                task="全市新增托位1900个。" + target_note(INDICATORS[:1], split=True),
                completion="新增托位336个。",
                completed=True,
                reason="",
                unit="医政科",
            )
        ],
    )
    result = parse_document(render_docx(document), "form.docx")
    read = [(i.value, i.role) for i in result.indicators]
    assert sorted(read, key=str) == sorted([(1900, "target"), (700, "target"), (336, "actual")], key=str)
    assert [i.value for i in result.tasks[0].indicators] == [700]
