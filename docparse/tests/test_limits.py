"""The work bounds (docparse/limits.py): each hostile shape is refused by the bound it passes, with a message naming
it, in the sandbox and on the command line; a document within the bounds is read as before."""

from __future__ import annotations

import pytest

from docparse import limits, readers, sandbox
from docparse.cli import main
from docparse.limits import LimitExceeded

from . import hostile

BUDGET = dict(timeout=60, max_memory=1024 * 1024 * 1024)


@pytest.fixture(autouse=True, scope="module")
def _warm():
    sandbox.warm_up()


def refused(data: bytes, name: str) -> LimitExceeded:
    outcome = sandbox.call_limited(sandbox._parse, data, name, readers.DEFAULT_MAX_SIZE, True, **BUDGET)
    assert outcome.status == "parse_error", (name, outcome.status)
    assert isinstance(outcome.error, LimitExceeded), outcome.error
    return outcome.error


@pytest.mark.parametrize(
    "build, name, bound, words",
    [
        (lambda: hostile._docx_table(500, 200, span_every_row=True), "s.docx", "MAX_DOCUMENT_CELLS", "单元格共超过"),
        (lambda: hostile._docx_table(10_000, 5), "a.docx", "MAX_TABLE_CELLS", "单个表格的单元格超过"),
        (lambda: hostile._docx_table(50_000, 3), "b.docx", "MAX_DOCUMENT_CELLS", "单元格共超过"),
        (lambda: hostile._docx_table(100, 2000), "c.docx", "MAX_DOCUMENT_CELLS", "单元格共超过"),
        (lambda: hostile.docx_wide_spans(20_000), "w.docx", "MAX_TABLE_CELLS", "单个表格"),
        (lambda: hostile.html_nested_rowspans(400), "n.html", "MAX_TABLE_CELLS", "单个表格"),
        (lambda: hostile.docx_empty_paragraphs(870_000), "e.docx", "MAX_PARAGRAPHS", "段落"),
        (lambda: hostile.txt_tab_separated(6), "t.txt", "MAX_DOCUMENT_CELLS", "单元格共超过"),
        (
            lambda: ("\n".join(f"第{i}行" for i in range(limits.MAX_PARAGRAPHS + 5))).encode(),
            "l.txt",
            "MAX_PARAGRAPHS",
            "段落",
        ),
    ],
)
def test_hostile_shape_is_refused_by_the_bound_it_passes(build, name, bound, words):
    error = refused(build(), name)
    assert error.bound == bound and words in error.zh and str(getattr(limits, bound)) in error.zh


def test_a_cell_longer_than_the_bound_is_refused():
    cell = "新" * (limits.MAX_CELL_CHARS + 1)
    data = f"<html><body><table><tr><td>序号</td><td>{cell}</td></tr></table></body></html>".encode()
    assert refused(data, "x.html").bound == "MAX_CELL_CHARS"


def test_gridspan_is_clamped_at_words_limit():
    tc = '<w:tc><w:tcPr><w:gridSpan w:val="500"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 300 + "</w:tblGrid>"
    doc = readers.read(hostile._docx(f"<w:tbl>{grid}<w:tr>{tc}</w:tr></w:tbl>"), "g.docx")
    assert len(doc.blocks[0].rows[0]) == limits.MAX_GRID_SPAN == 63


def test_a_table_within_the_bounds_is_read():
    outcome = sandbox.call_limited(
        sandbox._parse, hostile._docx_table(1000, 5), "ok.docx", readers.DEFAULT_MAX_SIZE, True, **BUDGET
    )
    assert outcome.status == "ok" and sum(len(s["tasks"]) for s in outcome.value["sections"]) == 999


def test_command_line_reports_the_bound_and_exits_2(tmp_path, capsys):
    f = tmp_path / "empty.docx"
    f.write_bytes(hostile.docx_empty_paragraphs(870_000))
    assert main([str(f)]) == 2
    err = capsys.readouterr().err
    assert f"段落（行）超过 {limits.MAX_PARAGRAPHS} 个" in err and "Traceback" not in err


def test_command_line_runs_in_the_sandbox(tmp_path, capsys, monkeypatch):
    calls = []
    real = sandbox.call_limited

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(sandbox, "call_limited", spy)
    f = tmp_path / "a.txt"
    f.write_text("2022年工作要点\n一、基本\n1.新增托位 10 个。\n", encoding="utf-8")
    assert main([str(f), "--timeout", "30", "--max-memory", str(512 << 20)]) == 0
    assert calls == [{"timeout": 30.0, "max_memory": 512 << 20}]


def test_prescan_counts_work_without_parsing():
    assert limits.prescan(hostile._docx_table(1000, 5), "a.docx") >= 5000
    assert limits.prescan(hostile.docx_empty_paragraphs(100_000), "e.docx") >= 100_000
    assert limits.prescan(hostile.txt_tab_separated(1), "t.txt") > 20_000
    assert limits.prescan(b"2022\xe5\xb9\xb4\n1. x\n", "p.txt") == 2
    assert limits.prescan(b"garbage", "bad.docx") == 0
    assert limits.prescan(b"<table><tr><td>1</td><TD>2</TD></tr></table>", "p.html") == 3


def test_a_document_text_longer_than_the_bound_is_refused():
    error = refused(("甲" * (limits.MAX_DOCUMENT_CHARS + 1)).encode(), "long.txt")
    assert error.bound == "MAX_DOCUMENT_CHARS" and "文字超过" in error.zh
