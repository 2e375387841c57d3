"""Hostile files: each generated here once made the importer hang or eat gigabytes. Now each ends in a result or a
ParseError within the parse budget (run in the sandbox: a forked child with a time and memory limit)."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from docparse import ParseError, parse, read, readers, sandbox
from docparse.readers import format_number

from . import hostile

BUDGET = dict(timeout=60, max_memory=1024 * 1024 * 1024)


@pytest.fixture(autouse=True, scope="module")
def _warm():
    sandbox.warm_up()


def limited(data: bytes, name: str) -> sandbox.Outcome:
    outcome = sandbox.call_limited(sandbox._parse, data, name, readers.DEFAULT_MAX_SIZE, True, **BUDGET)
    assert outcome.status in ("ok", "parse_error"), (name, outcome.status, outcome.error)
    return outcome


@pytest.mark.parametrize("fmt", ["upperRoman", "lowerRoman", "lowerLetter", "upperLetter"])
def test_huge_word_list_start_falls_back_to_decimal_numbers(fmt):
    outcome = limited(hostile.docx_huge_numbering(fmt), "n.docx")
    assert outcome.status == "ok"
    text = outcome.value["text"]
    assert "100000000000.新增托位0个" in text and "100000000399.新增托位399个" in text


def test_unreadable_or_absurd_numbering_values_are_bounded():
    for start in ("9" * 5000, "-99999999999999999999", "abc", ""):
        doc = read(hostile.docx_huge_numbering("upperRoman", start=start, paragraphs=3), "n.docx")
        assert len(doc.text) < 500
    assert format_number(3999, "upperRoman") == "MMMCMXCIX"
    assert format_number(4000, "upperRoman") == "4000"
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(10**15, "chineseCounting") == str(10**15)


def test_xlsx_cell_at_the_last_address_reads_only_the_cells_that_exist():
    outcome = limited(hostile.xlsx_far_cell(), "far.xlsx")
    assert outcome.status == "ok"
    text = outcome.value["text"]
    assert "新增托位1900个" in text and "尾" in text and len(text) < 200


def test_xlsx_merge_over_the_whole_sheet_fills_down_only_to_the_data():
    assert limited(hostile.xlsx_huge_merge(), "merge.xlsx").status == "ok"
    rows = read(hostile.xlsx_huge_merge(), "merge.xlsx").blocks[0].rows
    # A1 is filled into A2, the last row with data, and no further
    assert [[(c.text, c.continued) for c in r] for r in rows] == [
        [("序号", False), ("目标任务", False)],
        [("序号", True), ("新增托位1900个", False)],
    ]


def test_xlsx_ordinary_merges_still_fill_down():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["板块", "任务"], ["一、民生", "新增托位"], [None, "家庭医生签约"], [None, "院前急救"]):
        ws.append(row)
    ws.merge_cells("A2:A4")
    bio = io.BytesIO()
    wb.save(bio)
    table = read(bio.getvalue(), "m.xlsx").blocks[0]
    assert [[c.text for c in r] for r in table.rows] == [
        ["板块", "任务"],
        ["一、民生", "新增托位"],
        ["一、民生", "家庭医生签约"],
        ["一、民生", "院前急救"],
    ]
    assert table.rows[2][0].continued and not table.rows[1][0].continued


def test_zip_guard_counts_the_bytes_actually_inflated():
    outcome = limited(hostile.docx_understated_size(40), "u.docx")
    assert outcome.status == "parse_error"
    outcome = limited(hostile.docx_inflating_xml(40), "i.docx")
    assert outcome.status == "parse_error" and "zip bomb" in outcome.error.en


def test_xml_member_size_is_capped_before_parsing(monkeypatch):
    # an honest, poorly compressible document.xml over the cap (lowered here to keep the file small)
    monkeypatch.setattr(readers, "MAX_XML_BYTES", 256 * 1024)
    body = "".join(f"<w:p><w:r><w:t>{os.urandom(24).hex()}</w:t></w:r></w:p>" for _ in range(6000))
    with pytest.raises(ParseError) as err:
        read(hostile._docx(body), "big.docx")
    assert "document.xml" in err.value.en and err.value.zh.startswith("文档内容过大")


def test_xml_nesting_depth_is_capped():
    with pytest.raises(ParseError) as err:
        read(hostile.docx_deep_nesting(5000), "deep.docx")
    assert "deeper than" in err.value.en and "嵌套过深" in err.value.zh


def test_docx_grid_span_is_clamped_to_the_table_grid():
    doc = read(hostile.docx_wide_spans(3), "s.docx")
    assert len(doc.blocks[0].rows[0]) == 4  # 3 cells on a 2-column grid: the first spans 2, the rest 1


def test_html_spans_are_clamped_to_the_real_table_size():
    page = (
        "<table><tr><td colspan='1000' rowspan='1000'>板块</td><td>任务</td></tr><tr><td>新增托位</td></tr><tr><td>院前急救</td></tr></table>"
    ).encode()
    table = read(page, "t.html").blocks[0]
    assert [[c.text for c in r] for r in table.rows] == [["板块", "任务"], ["板块", "新增托位"], ["板块", "院前急救"]]


def test_html_repeated_huge_spans_end_in_a_clear_error():
    outcome = limited(hostile.html_huge_spans(2000), "spans.html")
    assert outcome.status == "parse_error" and "Table too large" in outcome.error.en and "表格过大" in outcome.error.zh


def test_ten_megabytes_of_newlines_parse_in_linear_memory():
    import resource

    # A forked child's maximum RSS starts at the parent's size (a long pytest run is large): count what it adds.
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    outcome = limited(hostile.txt_newlines(10), "n.txt")
    assert outcome.status == "ok" and outcome.peak_rss - parent < 600 * 1024 * 1024
    doc = read(b"a\n\n\n\nb\n", "t.txt")
    assert doc.text == "a\n\n\n\nb\n" and [p.text for p in doc.blocks] == ["a", "", "b"]
    assert doc.text[doc.blocks[2].start : doc.blocks[2].end] == "b"


def test_the_sandbox_stops_a_parse_past_its_time_budget():
    started = time.monotonic()
    outcome = sandbox.call_limited(time.sleep, 30, timeout=1, max_memory=None)
    assert outcome.status == "timeout" and "timed out" in outcome.error.en and "解析超时" in outcome.error.zh
    assert time.monotonic() - started < 20  # the parent went on; the child is gone
    assert sandbox.call_limited(len, b"abc", timeout=5, max_memory=None).value == 3


def _hog():
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def test_the_sandbox_stops_a_parse_past_its_memory_budget():
    outcome = sandbox.call_limited(_hog, timeout=30, max_memory=256 * 1024 * 1024)
    assert outcome.status == "memory" and "memory" in outcome.error.en and "内存" in outcome.error.zh
    assert outcome.peak_rss < 1024 * 1024 * 1024


def test_parse_limited_returns_the_parse_or_raises_parse_error():
    result = sandbox.parse_limited(
        "一、完善体系\n1.新增托位1900个。\n".encode(), "p.txt", timeout=30, max_memory=1 << 30
    )
    assert result == parse("一、完善体系\n1.新增托位1900个。\n".encode(), "p.txt")
    with pytest.raises(ParseError):
        sandbox.parse_limited(b"not a zip", "x.docx", timeout=30, max_memory=1 << 30)


def test_every_hostile_file_ends_within_the_budget():
    for label, (name, build) in hostile.FILES.items():
        if "180 MB" in label or "300 MB" in label:
            continue  # the same finding as test_zip_guard_counts_the_bytes_actually_inflated, on smaller files
        limited(build(), name)


def test_a_corrupt_member_is_a_parse_error():
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>" * 100)
    data = bytearray(bio.getvalue())
    data[40:60] = b"\x00" * 20
    with pytest.raises(ParseError):
        read(bytes(data), "c.docx")
