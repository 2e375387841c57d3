"""Reading: bytes + filename -> Document (paragraphs and tables in order, raw text with offsets).

Formats: .txt .docx .xlsx .html/.htm .doc (via LibreOffice). All failures raise ParseError.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import uuid
import zipfile
import zlib

from . import limits
from .errors import ParseError
from .limits import MAX_GRID_SPAN, MAX_HTML_SPAN, MAX_TABLE_CELLS  # noqa: F401 - MAX_TABLE_CELLS re-exported
from .model import Cell, Document, Paragraph, Table
from .numbers import CN_DIGITS, cn_number
from .text import normalize

DEFAULT_MAX_SIZE = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # bytes actually inflated, all members together
MAX_XML_BYTES = 32 * 1024 * 1024  # one XML member, inflated
MAX_XML_DEPTH = 200  # element nesting in any XML member
MAX_RATIO = 200
MAX_ZIP_MEMBERS = 20000
MAX_NUMBER = 10000  # Word list numbers above this are shown as decimal numbers
MAX_WIDE_COLUMNS = 256  # a sheet wider than this loses its empty columns
LIBREOFFICE_TIMEOUT = 120
LIBREOFFICE_MAX_MEMORY = 4 * 1024 * 1024 * 1024  # address space of the converter (it maps a lot)
_INFLATE_CHUNK = 1 << 20


class _Builder:
    """Accumulates blocks and the document text, keeping offsets."""

    def __init__(self, budget: limits.Budget | None = None) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list = []
        self.budget = budget or limits.Budget()

    def _add(self, s: str, counted: bool = True) -> tuple[int, int]:
        if counted:
            self.budget.text(len(s))
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def paragraph(self, text: str, level: int | None = None) -> None:
        self.budget.paragraph()
        s, e = self._add(text)
        self._add("\n")
        self.blocks.append(Paragraph(text, s, e, level))

    def raw(self, text: str) -> None:
        """Text with no block of its own (e.g. the rest of a run of blank lines: not counted in the text bound)."""
        self._add(text, counted=False)

    def table(self, rows: list[list[tuple[str, bool]]]) -> None:
        """rows: list of list of (text, continued)."""
        tstart = self.pos
        out: list[list[Cell]] = []
        for row in rows:
            cells = []
            for i, (txt, cont) in enumerate(row):
                if i:
                    self._add("\t")
                if cont:
                    cells.append(Cell(txt, self.pos, self.pos, True))
                else:
                    s, e = self._add(txt)
                    cells.append(Cell(txt, s, e))
            self._add("\n")
            out.append(cells)
        self.blocks.append(Table(out, tstart, self.pos))

    def document(self, fmt: str) -> Document:
        text = "".join(self.parts)
        return Document(text=text, blocks=self.blocks, format=fmt, norm=normalize(text))


# ---------------------------------------------------------------- text decoding
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError:
                break
    if declared:
        enc = declared.lower().strip()
        if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # pragma: no cover - detector failure is not fatal
        pass
    return data.decode("utf-8", errors="replace")


def _clean_text(s: str) -> str:
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s.replace("\x00", "")


_BLANK_RUN_RE = re.compile(r"\n{2,}")


def read_txt(data: bytes) -> Document:
    """One paragraph per line; a run of blank lines is one empty paragraph (the rest stays in the text only),
    so time and memory stay linear however many newlines a file holds."""
    text = _clean_text(decode_bytes(data))
    b = _Builder()
    if text.count("\t") > limits.MAX_DOCUMENT_CELLS:  # tab-separated lines are read as table rows
        raise limits.too_many_document_cells()
    pos = 0
    for m in _BLANK_RUN_RE.finditer(text):
        # lines up to and including the first newline of the run, then one empty paragraph
        for line in text[pos : m.start()].split("\n"):
            b.paragraph(line)
        b.paragraph("")
        extra = m.end() - m.start() - 2
        if extra:
            b.raw("\n" * extra)
        pos = m.end()
    rest = text[pos:]
    if rest:
        lines = rest.split("\n")
        if lines[-1] == "":
            lines.pop()
        for line in lines:
            b.paragraph(line)
    return b.document("txt")


# ---------------------------------------------------------------- zip guards
def check_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip and inflate every member once, counting the bytes actually produced
    (declared sizes are not trusted): past MAX_UNCOMPRESSED in all, MAX_XML_BYTES in one XML member, or an
    XML member nested deeper than MAX_XML_DEPTH, the document is refused before any parser sees it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise ParseError(
            f"无法读取文档：不是有效的 {what} 文件",
            f"Cannot read document: not a valid {what} file ({e.__class__.__name__})",
        ) from e
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ParseError("文档包含的部件过多，疑似压缩炸弹", "Document has too many zip members (possible zip bomb)")
    declared = sum(i.file_size for i in infos)
    comp = sum(i.compress_size for i in infos) or 1
    if declared > MAX_UNCOMPRESSED or (declared > 10 * 1024 * 1024 and declared / comp > MAX_RATIO):
        raise ParseError("文档解压后过大，疑似压缩炸弹", f"Document expands to {declared} bytes (possible zip bomb)")
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        depth = _DepthCheck(info.filename) if is_xml else None
        count = limits.DocxCount() if info.filename == "word/document.xml" else None
        size = 0
        try:
            with zf.open(info) as member:
                while True:
                    chunk = member.read(_INFLATE_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    total += len(chunk)
                    if total > MAX_UNCOMPRESSED:
                        raise ParseError(
                            "文档解压后过大，疑似压缩炸弹",
                            f"Document inflates to more than {MAX_UNCOMPRESSED} bytes (possible zip bomb)",
                        )
                    if is_xml and size > MAX_XML_BYTES:
                        raise ParseError(
                            "文档内容过大（XML 部件超过上限）",
                            f"Document part {info.filename} inflates to more than {MAX_XML_BYTES} bytes",
                        )
                    if count is not None:
                        count.feed(chunk)
                    if depth is not None:
                        depth.feed(chunk)
            if depth is not None:
                depth.close()
        except ParseError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error) as e:
            raise ParseError(
                f"无法读取文档：{what} 文件已损坏",
                f"Cannot read document: corrupt {what} file ({e.__class__.__name__})",
            ) from e
    return zf


class _DepthCheck:
    """Incremental scan of one XML member (entities unresolved, nothing fetched): refuses nesting deeper than
    MAX_XML_DEPTH. Malformed XML is left to the real parser, which reports it."""

    def __init__(self, name: str) -> None:
        from lxml import etree

        self.name = name
        self.depth = 0
        self.parser = etree.XMLPullParser(
            events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        self.error = etree.XMLSyntaxError
        self.broken = False

    def _events(self) -> None:
        for event, _el in self.parser.read_events():
            if event == "start":
                self.depth += 1
                if self.depth > MAX_XML_DEPTH:
                    raise ParseError(
                        "文档结构嵌套过深", f"Document part {self.name} nests deeper than {MAX_XML_DEPTH} elements"
                    )
            else:
                self.depth -= 1
                _el.clear(keep_tail=False)
                parent = _el.getparent()
                if parent is not None:
                    while _el.getprevious() is not None:
                        del parent[0]

    def feed(self, chunk: bytes) -> None:
        if self.broken:
            return
        try:
            self.parser.feed(chunk)
        except self.error:
            self.broken = True  # malformed XML: the real parser reports it (after the depth check below)
        self._events()

    def close(self) -> None:
        if self.broken:
            return
        with contextlib.suppress(self.error):
            self.parser.close()
        self._events()


# ---------------------------------------------------------------- docx
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _roman(n: int) -> str:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMAT_LIMIT = {"lowerLetter": 780, "upperLetter": 780, "lowerRoman": 3999, "upperRoman": 3999}
_NUMBER_CLAMP = 10**15  # numbering.xml integers are clamped to this before any arithmetic


def format_number(n: int, fmt: str) -> str:
    """The label of list item ``n`` in Word number format ``fmt``; past MAX_NUMBER (or below 0) always decimal,
    so a hostile start value cannot make a label loop or grow without bound."""
    if not 0 <= n <= MAX_NUMBER:
        return str(n)
    if fmt in ("decimal", "decimalZero") or not fmt:
        return str(n) if fmt != "decimalZero" or n >= 10 else "0" + str(n)
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographDigital",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        if fmt == "ideographDigital":
            return "".join(CN_DIGITS[int(d)] for d in str(n))
        return cn_number(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt in ("lowerLetter", "upperLetter", "lowerRoman", "upperRoman") and n > _FORMAT_LIMIT[fmt]:
        return str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)


def _bounded_int(value, default: int = 0) -> int:
    """An integer attribute of numbering.xml, clamped to ±10¹⁵ (anything unreadable is ``default``)."""
    if value is None:
        return default
    value = str(value).strip()
    if not value or len(value) > 40:
        return _NUMBER_CLAMP if value.lstrip("+").isdigit() else default
    try:
        n = int(value)
    except ValueError:
        return default
    return max(-_NUMBER_CLAMP, min(n, _NUMBER_CLAMP))


class _Numbering:
    """Minimal renderer of Word auto-numbering (numbering.xml)."""

    def __init__(self, doc) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractId -> ilvl -> (fmt, lvlText, start)
        self.num_abs: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            numbering = doc.part.numbering_part.element
        except Exception:
            numbering = None
        if numbering is not None:
            for an in numbering.iter(qn("w:abstractNum")):
                aid = an.get(qn("w:abstractNumId"))
                lv: dict[int, tuple[str, str, int]] = {}
                for level in an.iter(qn("w:lvl")):
                    ilvl = _bounded_int(level.get(qn("w:ilvl")), 0)
                    fmt = self._val(level, "w:numFmt") or "decimal"
                    txt = self._val(level, "w:lvlText")
                    txt = txt[:100] if txt is not None else None
                    start = _bounded_int(self._val(level, "w:start"), 1)
                    lv[ilvl] = (fmt, txt if txt is not None else f"%{ilvl + 1}.", start)
                self.levels[aid] = lv
            for num in numbering.iter(qn("w:num")):
                nid = num.get(qn("w:numId"))
                self.num_abs[nid] = self._val(num, "w:abstractNumId") or ""
                for ov in num.iter(qn("w:lvlOverride")):
                    so = self._val(ov, "w:startOverride")
                    if so is not None:
                        self.overrides.setdefault(nid, {})[_bounded_int(ov.get(qn("w:ilvl")), 0)] = _bounded_int(so, 1)
        try:  # numbering attached to paragraph styles
            for st in doc.styles.element.iter(qn("w:style")):
                ppr = st.find(qn("w:pPr"))
                if ppr is None:
                    continue
                numpr = ppr.find(qn("w:numPr"))
                if numpr is not None:
                    nid = self._val(numpr, "w:numId")
                    ilvl = _bounded_int(self._val(numpr, "w:ilvl"), 0)
                    if nid:
                        self.style_num[st.get(qn("w:styleId"))] = (nid, ilvl)
        except Exception:
            pass

    def _val(self, el, tag):
        c = el.find(self.qn(tag))
        return None if c is None else c.get(self.qn("w:val"))

    def label(self, p) -> str:
        qn = self.qn
        ppr = p.find(qn("w:pPr"))
        nid = None
        ilvl = 0
        if ppr is not None:
            numpr = ppr.find(qn("w:numPr"))
            if numpr is not None:
                nid = self._val(numpr, "w:numId")
                ilvl = _bounded_int(self._val(numpr, "w:ilvl"), 0)
            elif self.style_num:
                sid = self._val(ppr, "w:pStyle")
                if sid in self.style_num:
                    nid, ilvl = self.style_num[sid]
        if not nid or nid == "0":
            return ""
        aid = self.num_abs.get(nid)
        lv = self.levels.get(aid or "", {})
        if ilvl not in lv:
            return ""
        key = aid or nid
        cnt = self.counters.setdefault(key, {})
        start = self.overrides.get(nid, {}).get(ilvl, lv[ilvl][2])
        cnt[ilvl] = min(cnt.get(ilvl, start - 1) + 1, _NUMBER_CLAMP)
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        fmt, txt, _ = lv[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def rep(m):
            k = int(m.group(1)) - 1
            if k == ilvl:
                return format_number(cnt[ilvl], fmt)
            if k in lv:
                n = cnt.get(k, lv[k][2])
                return format_number(n, lv[k][0])
            return ""

        return re.sub(r"%(\d)", rep, txt)


_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


class _OutlineLevels:
    """A paragraph's outline level (0 = 标题 1 … 8), from its own ``w:outlineLvl``, else its style's (followed
    through ``w:basedOn``), else a built-in heading style's name (Heading 2 / 标题 2); body text (level 9) is None."""

    def __init__(self, doc) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.styles: dict[str, tuple[int | None, str | None]] = {}  # styleId -> (own level, basedOn)
        try:
            for st in doc.styles.element.iter(qn("w:style")):
                sid = st.get(qn("w:styleId"))
                if not sid:
                    continue
                level = self._level(st.find(qn("w:pPr")))
                name = st.find(qn("w:name"))
                m = _HEADING_STYLE_RE.match((name.get(qn("w:val")) or "").strip()) if name is not None else None
                if level is None and m:
                    level = int(m.group(1)) - 1
                based = st.find(qn("w:basedOn"))
                self.styles[sid] = (level, based.get(qn("w:val")) if based is not None else None)
        except Exception:
            self.styles = {}

    def _level(self, ppr) -> int | None:
        if ppr is None:
            return None
        el = ppr.find(self.qn("w:outlineLvl"))
        if el is None:
            return None
        value = _bounded_int(el.get(self.qn("w:val")), 9)
        return value if 0 <= value < 9 else -1  # -1: explicitly body text

    def of(self, p) -> int | None:
        ppr = p.find(self.qn("w:pPr"))
        level = self._level(ppr)
        if level is None and ppr is not None:
            style = ppr.find(self.qn("w:pStyle"))
            sid = style.get(self.qn("w:val")) if style is not None else None
            seen: set[str] = set()
            while sid and sid not in seen and level is None:  # basedOn chains are short; a loop ends here
                seen.add(sid)
                level, sid = self.styles.get(sid, (None, None))
        return None if level is None or level < 0 else level


def read_docx(data: bytes) -> Document:
    check_zip(data, ".docx")
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph as DParagraph

        d = docx.Document(io.BytesIO(data))
    except ParseError:
        raise
    except Exception as e:
        raise ParseError(
            "无法读取文档：不是有效的 .docx 文件",
            f"Cannot read document: not a valid .docx file ({e.__class__.__name__})",
        ) from e
    try:
        numbering = _Numbering(d)
        levels = _OutlineLevels(d)
        b = _Builder()
        body = d.element.body

        def para_text(p_el, parent) -> str:
            label = numbering.label(p_el)
            t = DParagraph(p_el, parent).text
            return _clean_text(label + t)

        # counted before anything is laid out: python-docx costs ~15 µs a paragraph, so a million empty ones are
        # refused here in a fraction of a second rather than read for a quarter of a minute
        top = sum(1 for el in body.iterchildren(qn("w:p"))) + sum(1 for el in body.iterchildren(qn("w:sdt")))
        if top > limits.MAX_PARAGRAPHS:
            raise limits.too_many_paragraphs()
        if sum(1 for _el in body.iter(qn("w:tc"))) > limits.MAX_DOCUMENT_CELLS:
            raise limits.too_many_document_cells()
        if sum(1 for _el in body.iter(qn("w:p"))) > limits.MAX_PARAGRAPHS + limits.MAX_DOCUMENT_CELLS:
            raise limits.too_many_paragraphs()
        budget = b.budget

        def table_rows(tbl_el, parent) -> list[list[tuple[str, bool]]]:
            rows: list[list[tuple[str, bool]]] = []
            above: dict[int, str] = {}
            grid = tbl_el.find(qn("w:tblGrid"))
            grid_cols = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
            max_span = min(grid_cols, MAX_GRID_SPAN) if grid_cols else MAX_GRID_SPAN
            count = 0
            for tr in tbl_el.iterchildren(qn("w:tr")):
                row: list[tuple[str, bool]] = []
                col = 0
                for tc in tr.iterchildren(qn("w:tc")):
                    tcpr = tc.find(qn("w:tcPr"))
                    span = 1
                    vmerge = None
                    if tcpr is not None:
                        gs = tcpr.find(qn("w:gridSpan"))
                        if gs is not None:
                            try:
                                span = max(1, min(_bounded_int(gs.get(qn("w:val")), 1), max_span - col))
                            except ValueError:
                                span = 1
                        vm = tcpr.find(qn("w:vMerge"))
                        if vm is not None:
                            vmerge = vm.get(qn("w:val")) or "continue"
                    count += span
                    budget.cell(count, span)
                    if vmerge == "continue":
                        row.append((above.get(col, ""), True))
                    else:
                        parts = []
                        for child in tc.iterchildren():
                            if child.tag == qn("w:p"):
                                parts.append(para_text(child, parent))
                            elif child.tag == qn("w:tbl"):  # nested table: flatten into the cell
                                for r in table_rows(child, parent):
                                    parts.append("\t".join(t for t, _ in r))
                        txt = "\n".join(parts).strip("\n")
                        if len(txt) > limits.MAX_CELL_CHARS:
                            raise limits.cell_too_long()
                        row.append((txt, False))
                        above[col] = txt
                    for _ in range(span - 1):
                        row.append(("", False))
                    col += span
                rows.append(row)
            return rows

        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                b.paragraph(para_text(child, d), levels.of(child))
            elif child.tag == qn("w:tbl"):
                b.table(table_rows(child, d))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    for sub in content.iterchildren():
                        if sub.tag == qn("w:p"):
                            b.paragraph(para_text(sub, d), levels.of(sub))
                        elif sub.tag == qn("w:tbl"):
                            b.table(table_rows(sub, d))
        return b.document("docx")
    except ParseError:
        raise
    except Exception as e:
        raise ParseError(
            "无法读取文档：.docx 内容损坏", f"Cannot read document: corrupt .docx content ({e.__class__.__name__})"
        ) from e


# ---------------------------------------------------------------- xlsx
def _cell_str(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        try:
            return v.date().isoformat() if hasattr(v, "date") and v.hour == 0 and v.minute == 0 else v.isoformat()
        except Exception:
            return v.isoformat()
    return _clean_text(str(v)).strip()


def _sheet_rows(cells: dict, cont: set, budget: limits.Budget) -> list[list[tuple[str, bool]]]:
    """Rows of a sheet from its non-empty cells {(row, col): text} and the continued cells of merged ranges.

    Only rows holding something are kept; a sheet wider than MAX_WIDE_COLUMNS loses its empty columns."""
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), v in cells.items():
        by_row.setdefault(r, {})[c] = v
    for r, c in cont:
        by_row.setdefault(r, {}).setdefault(c, "")
    kept = [r for r in sorted(by_row) if any(by_row[r].values())]
    if not kept:
        return []
    width = max(max(by_row[r]) for r in kept) + 1
    columns = None
    if width > MAX_WIDE_COLUMNS:
        columns = sorted({c for r in kept for c in by_row[r]})
        width = len(columns)
    if len(kept) * width > MAX_TABLE_CELLS:
        raise limits.too_many_table_cells()
    budget.cells += len(kept) * width
    if budget.cells > limits.MAX_DOCUMENT_CELLS:
        raise limits.too_many_document_cells()
    index = {c: i for i, c in enumerate(columns)} if columns is not None else None
    rows = []
    for r in kept:
        row = [("", False)] * width
        for c, v in by_row[r].items():
            row[index[c] if index is not None else c] = (v, (r, c) in cont)
        rows.append(row)
    return rows


def read_xlsx(data: bytes) -> Document:
    """Sheets as tables. Only the cells the file holds are read (a cell at XFD1048576 costs one cell, not a grid),
    and a merged range is filled down its first column no further than the sheet's last row with data."""
    check_zip(data, ".xlsx")
    try:
        import openpyxl
        from openpyxl.utils.cell import range_boundaries
        from openpyxl.worksheet._reader import WorkSheetParser

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:
        raise ParseError(
            "无法读取文档：不是有效的 .xlsx 文件",
            f"Cannot read document: not a valid .xlsx file ({e.__class__.__name__})",
        ) from e
    try:
        b = _Builder()
        for ws in wb.worksheets:
            if not hasattr(ws, "_get_source"):
                continue
            cells: dict[tuple[int, int], str] = {}
            with ws._get_source() as src:
                parser = WorkSheetParser(
                    src,
                    ws._shared_strings,
                    data_only=True,
                    epoch=wb.epoch,
                    date_formats=wb._date_formats,
                    timedelta_formats=wb._timedelta_formats,
                )
                for _idx, row in parser.parse():
                    for cell in row:
                        v = _cell_str(cell.get("value"))
                        if v:
                            if len(v) > limits.MAX_CELL_CHARS:
                                raise limits.cell_too_long()
                            cells[(cell["row"] - 1, cell["column"] - 1)] = v
                    if len(cells) > MAX_TABLE_CELLS:
                        raise limits.too_many_table_cells()
                merged = getattr(parser, "merged_cells", None)
            cont: set[tuple[int, int]] = set()
            if cells and merged is not None:
                last_row = max(r for r, _c in cells)
                for rng in getattr(merged, "mergeCell", None) or []:
                    try:
                        min_col, min_row, _max_col, max_row = range_boundaries(str(rng.ref))
                    except (TypeError, ValueError):
                        continue
                    if min_col is None or min_row is None or max_row is None:
                        continue
                    r0, c0 = min_row - 1, min_col - 1
                    top = cells.get((r0, c0), "")
                    for r in range(r0 + 1, min(max_row - 1, last_row) + 1):
                        cont.add((r, c0))
                        if top:
                            cells[(r, c0)] = top
                        else:
                            cells.pop((r, c0), None)
                    if len(cont) > MAX_TABLE_CELLS:
                        raise limits.too_many_table_cells()
            rows = _sheet_rows(cells, cont, b.budget)
            if rows:
                b.table(rows)
        with contextlib.suppress(Exception):
            wb.close()
        return b.document("xlsx")
    except ParseError:
        raise
    except Exception as e:
        raise ParseError(
            "无法读取文档：.xlsx 内容损坏", f"Cannot read document: corrupt .xlsx content ({e.__class__.__name__})"
        ) from e


# ---------------------------------------------------------------- html
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "ul",
    "ol",
    "dl",
    "center",
    "form",
    "hr",
    "title",
    "caption",
    "nav",
    "main",
    "aside",
    "figure",
    "figcaption",
    "address",
}
_SKIP_TAGS = {"script", "style", "noscript", "head", "template", "iframe", "object", "svg", "select", "option"}


def read_html(data: bytes) -> Document:
    m = _META_CHARSET.search(data[:4096])
    text = decode_bytes(data, m.group(1).decode("ascii", "ignore") if m else None)
    try:
        from lxml import etree
        from lxml import html as lhtml

        parser = lhtml.HTMLParser(huge_tree=False, remove_comments=True, remove_pis=True, no_network=True)
        root = lhtml.document_fromstring(text, parser=parser) if text.strip() else None
    except Exception as e:
        raise ParseError(
            "无法读取文档：不是有效的 HTML 文件",
            f"Cannot read document: not a valid HTML file ({e.__class__.__name__})",
        ) from e
    b = _Builder()
    if root is None:
        return b.document("html")
    try:
        _walk_html(root, b, etree)
    except ParseError:
        raise
    except Exception as e:
        raise ParseError(
            "无法读取文档：HTML 内容无法解析", f"Cannot read document: unparseable HTML ({e.__class__.__name__})"
        ) from e
    return b.document("html")


def _walk_html(root, b: _Builder, etree) -> None:
    """Iterative (non-recursive) walk: paragraphs from block elements, tables as Table blocks."""
    buf: list[str] = []

    def flush():
        joined = "".join(buf)
        buf.clear()
        for line in joined.split("\n"):
            s = re.sub(r"[ \t\r\f\v]+", " ", line).strip()
            if s:
                b.paragraph(s)

    skip_depth = 0
    table_stack: list[dict] = []  # each: rows, row, cellbuf, rowspans
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _SKIP_TAGS:
                skip_depth += 1
                continue
            if skip_depth:
                continue
            if tag == "table":
                if table_stack and table_stack[-1]["cell"] is not None:
                    table_stack.append({"nested": True, "rows": [], "row": None, "cell": None})
                else:
                    flush()
                    table_stack.append({"nested": False, "rows": [], "row": None, "cell": None})
            elif table_stack and tag == "tr":
                t = table_stack[-1]
                t["row"] = []
            elif table_stack and tag in ("td", "th"):
                t = table_stack[-1]
                if t["row"] is None:
                    t["row"] = []
                t["cell"] = []
                b.budget.cell(1)  # every cell read counts, nested tables' too (they are flattened into text)
                t["span"] = (_int_attr(el, "colspan"), _int_attr(el, "rowspan"))
            elif tag in _BLOCK_TAGS:
                _emit(table_stack, buf, "\n")
            if el.text:
                _emit(table_stack, buf, el.text)
        else:
            if tag in _SKIP_TAGS:
                skip_depth -= 1
                if not skip_depth and el.tail:
                    _emit(table_stack, buf, el.tail)
                continue
            if skip_depth:
                continue
            if tag == "table" and table_stack:
                t = table_stack.pop()
                if t["row"]:
                    t["rows"].append(t["row"])
                if t["nested"]:
                    txt = "\n".join("\t".join(c for c, _, _ in r) for r in t["rows"])
                    _emit(table_stack, buf, "\n" + txt + "\n")
                else:
                    _emit_table(b, t["rows"])
            elif table_stack and tag in ("td", "th") and table_stack[-1]["cell"] is not None:
                t = table_stack[-1]
                s = "".join(t["cell"])
                lines = [re.sub(r"[ \t\r\f\v]+", " ", x).strip() for x in s.split("\n")]
                txt = "\n".join(x for x in lines if x)
                if len(txt) > limits.MAX_CELL_CHARS:
                    raise limits.cell_too_long()
                t["row"].append((txt, *t.get("span", (1, 1))))
                t["cell"] = None
            elif table_stack and tag == "tr":
                t = table_stack[-1]
                if t["row"] is not None:
                    t["rows"].append(t["row"])
                t["row"] = None
            elif tag in _BLOCK_TAGS:
                _emit(table_stack, buf, "\n")
            if tag == "br":
                pass
            if el is root:
                break
            if el.tail:
                _emit(table_stack, buf, el.tail)
    flush()


def _int_attr(el, name: str) -> int:
    try:
        return max(1, min(int(el.get(name, "1")), MAX_HTML_SPAN))
    except (TypeError, ValueError):
        return 1


def _emit(table_stack, buf, s: str) -> None:
    if table_stack:
        t = table_stack[-1]
        if t["cell"] is not None:
            t["cell"].append(s)
        elif t.get("nested") is False and t["row"] is None and s.strip():
            pass  # stray text directly in <table>: ignore
    else:
        buf.append(s)


def _emit_table(b: _Builder, raw_rows) -> None:
    """Lay out HTML rows with their spans. Spans are clamped to the table's real size: a rowspan reaches at
    most the last row, and a colspan never pushes a row past the widest row's cell count (keeping room
    for the cells after it), so repeated huge spans cannot blow the grid up."""
    height = len(raw_rows)
    width = max((len(r) for r in raw_rows), default=0)
    if height * max(width, 1) > MAX_TABLE_CELLS:
        raise limits.too_many_table_cells()
    grid: list[list[tuple[str, bool]]] = []
    pending: dict[int, tuple[str, int]] = {}  # col -> (text, remaining rows)
    count = 0
    for ri, r in enumerate(raw_rows):
        row: list[tuple[str, bool]] = []
        col = 0
        cells = list(r)
        ci = 0
        while ci < len(cells) or col in pending:
            if col in pending:
                txt, rem = pending[col]
                row.append((txt, True))
                if rem <= 1:
                    del pending[col]
                else:
                    pending[col] = (txt, rem - 1)
                col += 1
                continue
            txt, cs, rs = cells[ci]
            ci += 1
            row.append((txt, False))
            rs = min(rs, height - ri)
            cs = max(1, min(cs, width - col - (len(cells) - ci)))
            if rs > 1:
                pending[col] = (txt, rs - 1)
            for _ in range(cs - 1):
                col += 1
                row.append(("", False))
            col += 1
        grid.append(row)
        count += len(row)
        if count > MAX_TABLE_CELLS:
            raise limits.too_many_table_cells()
    if grid:
        width = max(len(r) for r in grid)
        if len(grid) * width > MAX_TABLE_CELLS:
            raise limits.too_many_table_cells()
        b.budget.cells += len(grid) * width - sum(1 for r in raw_rows for _c in r)  # cells read were counted already
        if b.budget.cells > limits.MAX_DOCUMENT_CELLS:
            raise limits.too_many_document_cells()
        for r in grid:
            r.extend([("", False)] * (width - len(r)))
        b.table(grid)


# ---------------------------------------------------------------- doc (LibreOffice)
_CHILDREN: set[int] = set()  # process groups of running conversions (each started in its own session)


def _kill_group(pgid: int) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def kill_children() -> None:
    """End every conversion still running (the sandbox calls this when its budget runs out)."""
    for pgid in list(_CHILDREN):
        _kill_group(pgid)


def _converter_limits() -> None:  # pragma: no cover - runs in the converter process
    """LibreOffice maps far more address space than it uses: its own limit, not the parse budget's."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = LIBREOFFICE_MAX_MEMORY if hard == resource.RLIM_INFINITY else min(LIBREOFFICE_MAX_MEMORY, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def read_doc(data: bytes) -> Document:
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if not exe:
        raise ParseError(
            "无法读取 .doc 文件：未安装 LibreOffice，请另存为 .docx 后上传",
            "Cannot read .doc: LibreOffice is not installed; save the file as .docx",
        )
    if not (
        data.startswith(b"\xd0\xcf\x11\xe0")
        or data.startswith(b"PK")
        or data.lstrip()[:5].lower() in (b"{\\rtf", b"<html", b"<!doc")
    ):
        raise ParseError("无法读取文档：不是有效的 .doc 文件", "Cannot read document: not a valid .doc file")
    work = tempfile.mkdtemp(prefix="docparse-")
    profile = os.path.join(work, "lo-profile-" + uuid.uuid4().hex)
    src = os.path.join(work, "input.doc")
    try:
        with open(src, "wb") as f:
            f.write(data)
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "docx",
            "--outdir",
            work,
            src,
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_converter_limits,
        )
        _CHILDREN.add(proc.pid)
        try:
            proc.wait(timeout=LIBREOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ParseError(
                "无法读取 .doc 文件：转换超时", "Cannot read .doc: LibreOffice conversion timed out"
            ) from None
        finally:
            _kill_group(proc.pid)
            _CHILDREN.discard(proc.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        out = os.path.join(work, "input.docx")
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            raise ParseError("无法读取 .doc 文件：转换失败", "Cannot read .doc: LibreOffice conversion failed")
        with open(out, "rb") as f:
            doc = read_docx(f.read())
        doc.format = "doc"
        return doc
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- dispatch
def read(data: bytes, filename: str, max_size: int = DEFAULT_MAX_SIZE) -> Document:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("无法读取文档：输入不是字节串", "Cannot read document: input is not bytes")
    data = bytes(data)
    if len(data) > max_size:
        raise ParseError(
            f"文件过大（{len(data) // 1024 // 1024} MB，上限 {max_size // 1024 // 1024} MB）",
            f"File too large ({len(data)} bytes, limit {max_size} bytes)",
        )
    ext = os.path.splitext(filename or "")[1].lower()
    if ext in (".txt", ".text", ".md", ".csv", ""):
        return read_txt(data)
    if ext in (".docx", ".docm", ".dotx"):
        return read_docx(data)
    if ext in (".xlsx", ".xlsm"):
        return read_xlsx(data)
    if ext in (".html", ".htm", ".xhtml", ".shtml"):
        return read_html(data)
    if ext in (".doc", ".wps", ".rtf", ".odt"):
        return read_doc(data)
    raise ParseError(f"不支持的文件类型：{ext}", f"Unsupported file type: {ext}")
