"""Fuzz/property tests: any input gives a ParseResult or a ParseError — never another exception, never a hang."""

from __future__ import annotations

import contextlib
import io
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docparse import ParseError, parse, parse_document
from docparse.dates import parse_date
from docparse.numbers import parse_number

from .conftest import build_form_xlsx, build_plan_docx

EXTS = [".txt", ".docx", ".xlsx", ".html", ".htm", "", ".pdf"]
FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _safe(data: bytes, name: str):
    try:
        r = parse(data, name)
    except ParseError as e:
        assert " / " in str(e)  # bilingual message
        return None
    assert r["kind"] in ("plan", "filing_form", "status_table", "summary")
    for i in r["indicators"]:
        assert r["text"][i["start"] : i["end"]] == i["text"]
    return r


@FAST
@given(st.binary(max_size=4000), st.sampled_from(EXTS))
def test_random_bytes(data, ext):
    _safe(data, "f" + ext)


@FAST
@given(
    st.text(
        alphabet=st.sampled_from(list("一二三、（）()1234567890.%万亿个人家达到不低于以上新增\t\n 。，是第")),
        max_size=400,
    )
)
def test_random_chinese_text(text):
    for enc in ("utf-8", "gb18030"):
        _safe(text.encode(enc), "t.txt")


@FAST
@given(st.text(max_size=300))
def test_random_unicode_text(text):
    _safe(text.encode("utf-8", "surrogatepass") if False else text.encode("utf-8", "replace"), "t.txt")


@FAST
@given(st.text(max_size=60))
def test_numbers_and_dates_never_raise(s):
    parse_number(s)
    parse_date(s, 2024)


@pytest.fixture(scope="module")
def good_zips(jianggan, jiaojiang):
    from docparse import parse_document as pd

    form = pd(jiaojiang, "f.txt")
    return {".docx": build_plan_docx(jianggan.decode()), ".xlsx": build_form_xlsx(form)}


@pytest.mark.parametrize("ext", [".docx", ".xlsx"])
def test_truncated_and_corrupt_zips(good_zips, ext):
    data = good_zips[ext]
    for cut in (0, 10, 100, len(data) // 3, len(data) // 2, len(data) - 10):
        _safe(data[:cut], "x" + ext)
    ba = bytearray(data)
    for pos in range(200, len(ba), max(1, len(ba) // 15)):
        ba2 = bytearray(ba)
        ba2[pos : pos + 8] = b"\xff" * 8
        _safe(bytes(ba2), "x" + ext)


@pytest.mark.parametrize("ext", [".docx", ".xlsx"])
def test_wrong_zip_content(ext):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        z.writestr("hello.txt", "not office")
    with pytest.raises(ParseError):
        parse(bio.getvalue(), "x" + ext)


def test_zip_bomb():
    bio = io.BytesIO()
    with (
        zipfile.ZipFile(bio, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z,
        z.open("word/document.xml", "w", force_zip64=True) as f,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(210):
            f.write(chunk)
    data = bio.getvalue()
    assert len(data) < 2 * 1024 * 1024
    t = time.monotonic()
    with pytest.raises(ParseError, match="zip bomb|压缩炸弹"):
        parse(data, "bomb.docx")
    with pytest.raises(ParseError):
        parse(data, "bomb.xlsx")
    assert time.monotonic() - t < 5


def test_size_limit():
    data = b"a" * (50 * 1024 * 1024)
    with pytest.raises(ParseError, match="File too large"):
        parse(data, "big.txt")
    with pytest.raises(ParseError):
        parse(b"x" * 2000, "small.txt", max_size=1000)


def test_deeply_nested_html():
    data = ("<html><body>" + "<div>" * 100_000 + "新增托位 5 个" + "</div>" * 100_000 + "</body></html>").encode()
    t = time.monotonic()
    with contextlib.suppress(ParseError):
        parse(data, "deep.html")
    assert time.monotonic() - t < 20


def test_nested_tables_html():
    data = ("<table><tr><td>" * 200 + "x" + "</td></tr></table>" * 200).encode()
    _safe(data, "t.html")


def test_wrong_encoding_labels():
    page = (
        "<html><head><meta charset='utf-8'></head><body><p>2023年工作总结</p><p>一、完成接种 300 人次</p></body></html>"
    )
    r = _safe(page.encode("gb18030"), "p.html")
    assert r is not None
    r = _safe("2023年工作总结\n一、完成接种300人次。".encode("utf-16"), "p.txt")
    assert r is not None and r["indicators"]
    _safe(bytes(range(256)) * 50, "p.txt")


def test_empty_inputs():
    for ext in (".txt", ".html"):
        r = parse_document(b"", "e" + ext)
        assert r.sections == [] and r.indicators == []
    with pytest.raises(ParseError):
        parse(b"", "e.docx")
    with pytest.raises(ParseError):
        parse(b"data", "e.exe")
