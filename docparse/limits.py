"""Bounds on the work one document may ask of the parser: counted as the reader lays the document out, so a
small file that describes a huge table, a million empty paragraphs or a wall of tab-separated lines is
refused in a fraction of a second with a message naming the bound, instead of holding a worker for a minute.

The bounds are far above any real plan, filing form, status table or summary (the largest seed holds a few
thousand cells and a few hundred paragraphs). ``prescan`` estimates a file's work from its bytes without
parsing it, so the importer can send work-heavy small files to the background.
"""

from __future__ import annotations

import io
import re
import zipfile

from .errors import ParseError

MAX_TABLE_CELLS = 20_000  # cells of one table once spans and merged ranges are laid out
MAX_DOCUMENT_CELLS = 50_000  # cells of all tables of one document together (tab-separated text lines included)
MAX_GRID_SPAN = 63  # a Word cell spans at most 63 grid columns (Word's own limit)
MAX_HTML_SPAN = 1000  # an HTML colspan/rowspan is clamped to this (the HTML standard's colspan limit)
MAX_PARAGRAPHS = 20_000  # paragraphs (lines of a text file) of one document
MAX_CELL_CHARS = 20_000  # characters of one table cell
MAX_DOCUMENT_CHARS = 2_000_000  # characters of the whole document text

UNKNOWN_WORK = MAX_PARAGRAPHS  # ``prescan``'s estimate for a legacy .doc (LibreOffice converts it first)


class LimitExceeded(ParseError):
    """The document asks for more work than a bound allows; ``bound`` names it (e.g. "MAX_TABLE_CELLS")."""

    def __init__(self, bound: str, zh: str, en: str):
        self.bound = bound
        super().__init__(zh, en)


def too_many_table_cells() -> LimitExceeded:
    return LimitExceeded(
        "MAX_TABLE_CELLS",
        f"表格过大：单个表格的单元格超过 {MAX_TABLE_CELLS} 个，无法导入",
        f"Table too large: more than {MAX_TABLE_CELLS} cells in one table",
    )


def too_many_document_cells() -> LimitExceeded:
    return LimitExceeded(
        "MAX_DOCUMENT_CELLS",
        f"表格过大：文档中的单元格共超过 {MAX_DOCUMENT_CELLS} 个，无法导入",
        f"Tables too large: more than {MAX_DOCUMENT_CELLS} cells in the document",
    )


def too_many_paragraphs() -> LimitExceeded:
    return LimitExceeded(
        "MAX_PARAGRAPHS",
        f"文档过长：段落（行）超过 {MAX_PARAGRAPHS} 个，无法导入",
        f"Document too long: more than {MAX_PARAGRAPHS} paragraphs (lines)",
    )


def cell_too_long() -> LimitExceeded:
    return LimitExceeded(
        "MAX_CELL_CHARS",
        f"单元格内容过长：一个单元格超过 {MAX_CELL_CHARS} 个字符，无法导入",
        f"Cell too long: more than {MAX_CELL_CHARS} characters in one cell",
    )


def text_too_long() -> LimitExceeded:
    return LimitExceeded(
        "MAX_DOCUMENT_CHARS",
        f"文档过长：文字超过 {MAX_DOCUMENT_CHARS} 个字符，无法导入",
        f"Document too long: more than {MAX_DOCUMENT_CHARS} characters of text",
    )


class DocxCount:
    """Counts a .docx document.xml's cells and paragraphs in its raw bytes as they are inflated (before any XML
    parser sees them), refusing a document whose tags alone pass the bounds."""

    def __init__(self) -> None:
        self.cells = 0
        self.paragraphs = 0

    def feed(self, chunk: bytes) -> None:
        self.cells += len(DOCX_CELL.findall(chunk))
        self.paragraphs += len(DOCX_PARA.findall(chunk))
        if self.cells > MAX_DOCUMENT_CELLS:
            raise too_many_document_cells()
        if self.paragraphs > MAX_PARAGRAPHS + MAX_DOCUMENT_CELLS:  # paragraphs of the body and of every cell
            raise too_many_paragraphs()


class Budget:
    """Counts what a reader lays out and raises LimitExceeded at the first bound passed."""

    def __init__(self) -> None:
        self.cells = 0
        self.paragraphs = 0
        self.chars = 0

    def paragraph(self) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise too_many_paragraphs()

    def cell(self, table_cells: int, n: int = 1) -> None:
        """``n`` more cells laid out; ``table_cells`` is the count in their table so far, these included."""
        if table_cells > MAX_TABLE_CELLS:
            raise too_many_table_cells()
        self.cells += n
        if self.cells > MAX_DOCUMENT_CELLS:
            raise too_many_document_cells()

    def text(self, chars: int) -> None:
        self.chars += chars
        if self.chars > MAX_DOCUMENT_CHARS:
            raise text_too_long()


DOCX_CELL = re.compile(rb"<w:tc[ >]")
DOCX_PARA = re.compile(rb"<w:p[ >/]")
_XLSX_CELL = re.compile(rb"<c[ >]")
_HTML_CELL = re.compile(rb"<t[dh][\s>]", re.I)
_HTML_PARA = re.compile(rb"<(?:p|div|li|br|tr)[\s>/]", re.I)


def prescan(data: bytes, filename: str) -> int:
    """A cheap estimate of a document's work (cells + paragraphs) from its bytes, without parsing it: the
    number of ``<w:tc``/``<w:p`` in a .docx's document.xml, of ``<c`` in an .xlsx's sheets, of cells and
    block tags in HTML, of lines and tabs in text. Unreadable input counts as no work (the parse reports it);
    a .doc counts as UNKNOWN_WORK."""
    name = (filename or "").lower()
    try:
        if name.endswith((".docx", ".docm", ".dotx", ".xlsx", ".xlsm")):
            work = 0
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    if info.filename == "word/document.xml":
                        pattern = (DOCX_CELL, DOCX_PARA)
                    elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                        pattern = (_XLSX_CELL,)
                    else:
                        continue
                    work += _count_member(zf, info, pattern)
            return work
        if name.endswith((".doc", ".wps", ".rtf", ".odt")):
            return UNKNOWN_WORK
        if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
            return len(_HTML_CELL.findall(data)) + len(_HTML_PARA.findall(data))
        return data.count(b"\n") + data.count(b"\t")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError):
        return 0


def _count_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, patterns) -> int:
    """Occurrences of ``patterns`` in one member, inflated in chunks (no more than the reader's zip limit)."""
    from .readers import MAX_XML_BYTES

    count = 0
    tail = b""
    read = 0
    with zf.open(info) as f:
        while read <= MAX_XML_BYTES:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            read += len(chunk)
            block = tail + chunk
            cut = block.rfind(b"<")
            if cut <= 0:
                cut = len(block)
            count += sum(len(p.findall(block, 0, cut)) for p in patterns)
            tail = block[cut:]
    return count + sum(len(p.findall(tail)) for p in patterns)
