"""The same seed content as .docx/.xlsx/.html/GB18030 .txt/.doc gives the same parse results."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from docparse import parse_document, read
from docparse.readers import format_number

from .conftest import build_form_docx, build_form_xlsx, build_plan_docx, build_status_html


def _summary(r):
    return {
        "kind": r.kind,
        "year": r.year,
        "sections": [
            (s.title, [(t.text.strip(), t.completed, tuple(t.units), t.self_assessment) for t in s.tasks])
            for s in r.sections
        ],
        "indicators": sorted(
            repr((i.text.replace(" ", ""), i.value, i.unit, i.comparator, i.role)) for i in r.indicators
        ),
    }


@pytest.fixture(scope="module")
def plan_txt(jianggan):
    return parse_document(jianggan, "p.txt")


@pytest.fixture(scope="module")
def form_txt(jiaojiang):
    return parse_document(jiaojiang, "f.txt")


@pytest.fixture(scope="module")
def status_txt(yuhuan):
    return parse_document(yuhuan, "s.txt")


def test_numbering_renderer():
    assert format_number(1, "chineseCounting") == "一"
    assert format_number(12, "chineseCounting") == "十二"
    assert format_number(3, "decimal") == "3"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(1, "decimalEnclosedCircle") == "①"


def test_plan_docx_autonumbering(jianggan, plan_txt):
    data = build_plan_docx(jianggan.decode("utf-8"))
    doc = read(data, "plan.docx")
    assert "一、紧抓机遇" in doc.text and "\n16.严防肇事肇祸" in doc.text
    assert "999" not in doc.text  # text boxes ignored
    r = parse_document(data, "plan.docx")
    assert r.format == "docx"
    assert [s.label for s in r.sections] == ["一、", "二、", "三、", "四、", "五、"]
    assert _summary(r) == _summary(plan_txt)


def test_form_docx_merged_cells(form_txt):
    data = build_form_docx(form_txt)
    r = parse_document(data, "form.docx")
    assert r.kind == "filing_form"
    assert r.title == form_txt.title
    assert r.metadata["填报时间"] == "2023-07-21" and r.metadata["签发人"] == "严邦星"
    assert [len(s.tasks) for s in r.sections] == [2, 6]
    assert _summary(r)["sections"] == _summary(form_txt)["sections"]
    got = {(i.text, i.value, i.unit, i.role) for i in r.indicators}
    want = {(i.text, i.value, i.unit, i.role) for i in form_txt.indicators}
    assert got == want


def test_form_xlsx_merged_ranges(form_txt):
    data = build_form_xlsx(form_txt)
    r = parse_document(data, "form.xlsx")
    assert r.kind == "filing_form"
    assert r.title == form_txt.title
    assert r.metadata["填报人"] == "王婧"
    assert _summary(r)["sections"] == _summary(form_txt)["sections"]


def test_status_html_gbk(status_txt):
    data = build_status_html(status_txt)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    r = parse_document(data, "page.html")
    assert r.kind == "status_table"
    assert r.as_of == "2025-04-15" and r.year == 2025
    assert r.metadata["发布机构"] == "玉环市卫生健康局" and r.metadata["索引号"] == "11331021355386184W/2025-141459"
    assert len(r.tasks) == 9
    assert all(t.self_assessment == "on_track" and t.lead_unit == "玉环市卫生健康局" for t in r.tasks)
    assert [t.text for t in r.tasks] == [t.text for t in status_txt.tasks]
    assert "脚本" not in r.text
    assert any(i.text == "92万元" and i.unit == "万元" for i in r.indicators)


def test_status_html_utf8_label(status_txt):
    r = parse_document(build_status_html(status_txt, "utf-8", "utf-8"), "page.htm")
    assert len(r.tasks) == 9


def test_gb18030_txt(jianggan, plan_txt):
    data = jianggan.decode("utf-8").encode("gb18030")
    r = parse_document(data, "plan.txt")
    assert _summary(r) == _summary(plan_txt)


def test_utf8_bom_and_crlf(jiaojiang, form_txt):
    data = b"\xef\xbb\xbf" + jiaojiang.replace(b"\n", b"\r\n")
    r = parse_document(data, "form.txt")
    assert _summary(r)["sections"] == _summary(form_txt)["sections"]


def test_nbsp_and_ideographic_space():
    r = parse_document("2021年工作要点\n一、总体\n1.全年新增\u00a0托位\u300030\u00a0个。\n".encode(), "a.txt")
    i = r.indicators[0]
    assert (i.value, i.unit, i.comparator) == (30, "个", "add")
    assert r.text[i.start : i.end] == i.text


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")), reason="LibreOffice not installed")
def test_doc_via_libreoffice(jianggan, plan_txt):
    data = build_plan_docx(jianggan.decode("utf-8"))
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "plan.docx"
        src.write_bytes(data)
        exe = shutil.which("libreoffice") or shutil.which("soffice")
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{d}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                d,
                str(src),
            ],
            capture_output=True,
            timeout=120,
        )
        out = Path(d) / "plan.doc"
        if not out.exists():
            pytest.skip("LibreOffice could not produce a .doc")
        r = parse_document(out.read_bytes(), "plan.doc")
    assert r.format == "doc"
    assert r.kind == "plan"
    assert len(r.tasks) == 16


def test_doc_without_libreoffice(monkeypatch):
    import docparse.readers as rd
    from docparse import ParseError

    monkeypatch.setattr(rd.shutil, "which", lambda name: None)
    with pytest.raises(ParseError, match="LibreOffice"):
        parse_document(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "x.doc")
