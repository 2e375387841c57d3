"""Small hostile documents, generated at run time: each once made the importer hang or eat gigabytes.

Used by docparse/tests/test_hostile.py and bench/hostile.py. Every builder returns the file's bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)


def _docx(body_xml: str | bytes, numbering_xml: str = "", compresslevel: int = 6) -> bytes:
    """A minimal .docx around ``body_xml`` (the children of w:body) and an optional numbering part."""
    if isinstance(body_xml, str):
        body_xml = body_xml.encode()
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="'
        + W.encode()
        + b'"><w:body>'
        + body_xml
        + b"</w:body></w:document>"
    )
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/numbering.xml", numbering_xml or f'<w:numbering xmlns:w="{W}"/>')
    return bio.getvalue()


def _p(text: str, num_id: int | None = None) -> str:
    numpr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>' if num_id else ""
    return f"<w:p>{numpr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_huge_numbering(fmt: str = "upperRoman", start: str = "100000000000", paragraphs: int = 400) -> bytes:
    """A ~35 KB .docx whose list starts at 10¹¹ in roman numerals or letters (used to loop or run out of memory)."""
    numbering = (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    body = "".join(_p(f"新增托位{i}个，完成率达到{i % 100}%。", 1) for i in range(paragraphs))
    return _docx(body, numbering)


def docx_inflating_xml(megabytes: int = 180) -> bytes:
    """A .docx of about 1 MB whose document.xml inflates to ``megabytes`` MB of honest, highly repetitive XML."""
    run = b"<w:p><w:r><w:t>" + b"\xe6\x96\xb0" * 300 + b"</w:t></w:r></w:p>"  # 新…新
    body = run * (megabytes * 1024 * 1024 // len(run))
    return _docx(body, compresslevel=9)


def docx_understated_size(megabytes: int = 300) -> bytes:
    """A .docx whose document.xml declares a few hundred bytes but inflates to ``megabytes`` MB."""
    data = bytearray(docx_inflating_xml(megabytes))
    name = b"word/document.xml"
    # local file header: signature PK\3\4, uncompressed size at offset 22; central directory: PK\1\2, offset 24
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig)
        while pos != -1:
            name_len = struct.unpack_from("<H", data, pos + (26 if sig == b"PK\x03\x04" else 28))[0]
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[name_at : name_at + name_len]) == name:
                struct.pack_into("<I", data, pos + offset, 400)
            pos = data.find(sig, pos + 4)
    return bytes(data)


def docx_deep_nesting(depth: int = 5000) -> bytes:
    """A .docx whose document.xml nests ``depth`` elements."""
    body = "<w:p>" + "<w:r>" * depth + "<w:t>x</w:t>" + "</w:r>" * depth + "</w:p>"
    return _docx(body)


def docx_wide_spans(cells: int = 20000) -> bytes:
    """A .docx table row of ``cells`` cells, each claiming gridSpan 64, on a grid of two columns."""
    tc = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>'
    body = "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>" + tc * cells + "</w:tr></w:tbl>"
    return _docx(body)


def _xlsx_patched(sheet_patch) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "序号"
    ws["B1"] = "目标任务"
    ws["A2"] = 1
    ws["B2"] = "新增托位1900个"
    bio = io.BytesIO()
    wb.save(bio)
    src = zipfile.ZipFile(io.BytesIO(bio.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = sheet_patch(content.decode()).encode()
            z.writestr(info.filename, content)
    return out.getvalue()


def xlsx_far_cell() -> bytes:
    """A 5 KB .xlsx with a cell at XFD1048576 (used to allocate 1048576 × 16384 empty cells)."""

    def patch(xml: str) -> str:
        xml = xml.replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD1048576"/>')
        return xml.replace(
            "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>尾</t></is></c></row></sheetData>'
        )

    return _xlsx_patched(patch)


def xlsx_huge_merge() -> bytes:
    """A 5 KB .xlsx with the merged range A1:XFD1048576."""

    def patch(xml: str) -> str:
        xml = xml.replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD1048576"/>')
        return xml.replace(
            "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        )

    return _xlsx_patched(patch)


def html_huge_spans(rows: int = 2000) -> bytes:
    """HTML of repeated cells with colspan/rowspan 1000 (2.5 MB used to run past 60 s, 400 KB to take 3 GB)."""
    cell = '<td colspan="1000" rowspan="1000">x</td>'
    body = "".join(f"<tr>{cell * 5}</tr>" for _ in range(rows))
    return f"<html><body><table>{body}</table></body></html>".encode()


def txt_newlines(megabytes: int = 10) -> bytes:
    """``megabytes`` MB of newlines (used to take 35 s and 2.9 GB)."""
    return b"\n" * (megabytes * 1024 * 1024)


# name → (filename, builder): what bench/hostile.py runs; the tests use the builders directly.
FILES = {
    "docx upperRoman start 1e11": ("roman.docx", lambda: docx_huge_numbering("upperRoman")),
    "docx lowerRoman start 1e11": ("lroman.docx", lambda: docx_huge_numbering("lowerRoman")),
    "docx lowerLetter start 1e11": ("letter.docx", lambda: docx_huge_numbering("lowerLetter")),
    "docx 180 MB XML in 1 MB": ("inflate.docx", lambda: docx_inflating_xml(180)),
    "docx understated size 300 MB": ("understated.docx", lambda: docx_understated_size(300)),
    "docx 5000-deep XML": ("deep.docx", lambda: docx_deep_nesting(5000)),
    "docx 20000 × gridSpan 64": ("spans.docx", lambda: docx_wide_spans(20000)),
    "xlsx cell at XFD1048576": ("far.xlsx", xlsx_far_cell),
    "xlsx merge A1:XFD1048576": ("merge.xlsx", xlsx_huge_merge),
    "html colspan/rowspan 1000 ×10000": ("spans.html", lambda: html_huge_spans(2000)),
    "txt 10 MB of newlines": ("newlines.txt", lambda: txt_newlines(10)),
}


def _docx_table(rows: int, cols: int, span_every_row: bool = False) -> bytes:
    """A .docx task table of ``rows`` × ``cols`` cells under a 序号/目标任务/责任单位 header, each row a task with an
    indicator (the first cell of each row spanning two grid columns and opening a vertical merge if asked)."""

    def tc(text: str, span: bool = False) -> str:
        pr = '<w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>' if span else ""
        return f"<w:tc>{pr}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    heads = ["序号", "目标任务", "责任单位", "完成时限", "完成情况"]
    grid = "<w:tblGrid>" + "<w:gridCol/>" * (cols + (1 if span_every_row else 0)) + "</w:tblGrid>"
    header = "<w:tr>" + "".join(tc(heads[i] if i < len(heads) else f"备注{i}") for i in range(cols)) + "</w:tr>"
    body = []
    for r in range(1, rows):
        texts = [str(r), f"新增托位{r}个，完成率达到{r % 100}%", "卫生健康局", "2025年12月", "已完成"]
        cells = [tc(texts[i] if i < len(texts) else "", span=span_every_row and i == 0) for i in range(cols)]
        body.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return _docx("<w:tbl>" + grid + header + "".join(body) + "</w:tbl>", compresslevel=9)


def docx_empty_paragraphs(count: int = 870_000) -> bytes:
    """A .docx of ``count`` empty paragraphs (a few hundred KB compressed)."""
    return _docx("<w:p/>" * count, compresslevel=9)


def html_nested_rowspans(kb: int = 400) -> bytes:
    """About ``kb`` KB of HTML: tables nested in cells, every cell with rowspan 1000 and colspan 10."""
    inner = '<table><tr><td rowspan="1000" colspan="10">x</td><td rowspan="1000">y</td></tr></table>'
    cell = f'<td rowspan="1000" colspan="10">{inner}</td>'
    row = f"<tr>{cell * 4}</tr>"
    n = kb * 1024 // len(row)
    return f"<html><body><table>{row * n}</table></body></html>".encode()


def txt_tab_separated(megabytes: int = 6) -> bytes:
    """``megabytes`` MB of tab-separated lines (ten short columns each)."""
    line = "\t".join(f"列{i}" for i in range(10)).encode() + b"\n"
    return line * (megabytes * 1024 * 1024 // len(line))


FILES.update(
    {
        "docx 500 × 200 table, spans every row": ("spans500.docx", lambda: _docx_table(500, 200, span_every_row=True)),
        "docx table 10000 × 5": ("t10000x5.docx", lambda: _docx_table(10_000, 5)),
        "docx table 50000 × 3": ("t50000x3.docx", lambda: _docx_table(50_000, 3)),
        "docx table 100 × 2000": ("t100x2000.docx", lambda: _docx_table(100, 2000)),
        "html 400 KB nested rowspans": ("nested.html", lambda: html_nested_rowspans(400)),
        "docx 870000 empty paragraphs": ("empty.docx", lambda: docx_empty_paragraphs(870_000)),
        "txt 6 MB tab-separated": ("tabs.txt", lambda: txt_tab_separated(6)),
    }
)
