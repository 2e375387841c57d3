"""metadata: one collector reads label/value fields from paragraphs and table cells alike."""

from docparse.structure.metadata import (
    MetadataCollector,
    collect_from_tables,
    collect_metadata,
    extract_metadata,
    unit_sign_off,
)
from docparse.structure.regions import Regions
from docparse.text import normalize

from .structure_docs import paras_of, table_doc, text_doc


def _collect(doc):
    consumed, regions = set(), Regions()
    col = collect_metadata(doc, doc.norm, paras_of(doc), consumed, regions)
    return col, consumed, regions


def test_a_line_of_fields_letter_spaced_sealed_and_dated():
    md = extract_metadata("填 报 单 位（盖章）：医政医管科　填报时间：2024年7月5日　浏览次数：12")
    assert md == {"填报单位": "医政医管科", "填报时间": "2024-07-05"}


def test_one_units_sign_off_line():
    line = "医政医管科　签发人：张三　填报人：李四　联系方式：88001234"
    assert unit_sign_off(line, normalize(line)) == {
        "填报单位": "医政医管科",
        "签发人": "张三",
        "填报人": "李四",
        "联系方式": "88001234",
    }
    one = "医政医管科　签发人：张三"
    assert unit_sign_off(one, normalize(one)) is None


def test_a_bare_label_and_its_value_read_the_same_in_paragraphs_and_in_cells():
    paras = text_doc(
        "索引号", "001008-2024-00012", "发布机构", "椒江区卫生健康局", "发文日期", "2024年3月1日", "一、总体要求"
    )
    cells = table_doc([["索引号", "001008-2024-00012"], ["发布机构", "椒江区卫生健康局"], ["发文日期", "2024年3月1日"]])
    expected = {"索引号": "001008-2024-00012", "发布机构": "椒江区卫生健康局", "发文日期": "2024-03-01"}
    col, consumed, _ = _collect(paras)
    assert col.metadata == expected and consumed == {0, 1, 2, 3, 4, 5}
    col, _, regions = _collect(cells)
    assert col.metadata == expected
    assert len(regions.skip_iv) == 6  # label and value cells hold no indicators


def test_a_label_is_not_taken_as_the_value_of_the_label_before_it():
    col = MetadataCollector()
    assert not col.pair("发布机构", "索引号", "索引号") and not col.pair("发布机构", "一、总体要求", "一、总体要求")
    assert not col.pair("发布机构", "长" * 90, "长" * 90)
    assert col.pair("发布机构", " 区卫健局 ", " 区卫健局 ") and col.metadata == {"发布机构": "区卫健局"}


def test_the_first_value_of_a_field_wins_and_furniture_is_read_as_none():
    doc = text_doc("填报单位：医政科", "填报单位：财务科", "2024年7月5日", "附件1：", "浏览次数：30")
    col, consumed, _ = _collect(doc)
    assert col.metadata == {"填报单位": "医政科"} and consumed == {0, 1, 2, 3, 4}


def test_fields_after_the_opening_lines_are_read_only_from_form_lines():
    body = [f"{i}.转发通知 文号：椒卫〔2024〕{i}号" for i in range(1, 46)]
    doc = text_doc("2024年工作要点", *body, "填报人：李四")
    col, consumed, _ = _collect(doc)
    assert col.metadata == {"文号": "椒卫〔2024〕1号", "填报人": "李四"}
    assert 1 in consumed and 39 in consumed  # among the first forty lines: fields
    assert 40 not in consumed and 45 not in consumed and 46 in consumed  # later only a form line is


def test_unit_sign_off_rows_inside_a_table():
    doc = table_doc(
        [["序号", "目标任务", "责任单位", "完成情况"], ["医政医管科　签发人：张三　填报人：李四", "", "", ""]]
    )
    col, regions = MetadataCollector(), Regions()
    collect_from_tables(col, doc, regions)
    assert col.unit_metadata == [{"填报单位": "医政医管科", "签发人": "张三", "填报人": "李四"}] and col.metadata == {}


def test_a_date_without_a_year_is_dated_in_the_documents_year():
    col = MetadataCollector()
    col.put("填报时间", "7月5日")
    col.put("浏览次数", "30")
    col.finish(2024)
    assert col.metadata == {"填报时间": "2024-07-05"}
