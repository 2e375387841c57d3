"""PDF output through Typst (the ``typst`` wheel: the compiler, no system libraries).

Every official PDF — status table, 填报表, the city table, 工作要点, 工作总结 — is typeset by one
template, ``official.typ``, from the same :class:`~docrender.layout.TableSpec` and texts the
.docx/.xlsx/HTML writers use.  The document goes to the template as JSON in ``sys.inputs``
(read there with ``json()``), so user text is only ever data, never markup.

One :class:`typst.Compiler` per process, created on first use (or by :func:`warm` when a worker
starts): its first compile loads the CJK fonts (the expensive part), later ones reuse them.  It
sees only the Noto CJK font folder(s) and the operator's folder (``$DUBAN_FONTS_DIR``, e.g. a
licensed 仿宋_GB2312), never the system fonts.  A compiler is not re-entrant, so compiles are
serialised by a lock (a 500-row table takes well under a second).
"""

from __future__ import annotations

import json
import math
import subprocess
import threading
from pathlib import Path

from . import fonts
from .layout import (
    TableSpec,
    form_foot,
    form_meta,
    form_unit_lines,
    plan_task_note,
    plan_task_numbers,
    plan_task_prefix,
    section_heading,
    spec_for,
    title_lines,
)
from .model import FilingForm, PlanDocument, StatusTable
from .text import cn_date, sanitize

TEMPLATE = Path(__file__).with_name("official.typ")
NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/opentype/noto-cjk", "/usr/share/fonts/noto-cjk")

# Family stacks: the fonts recipients' offices have first (an operator may supply them), then
# Noto CJK.  Only families the compiler actually has are passed on (Typst warns about others).
BODY = ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC")
HEI = ("SimHei", "黑体", "Noto Sans CJK SC")
TITLE = ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "小标宋", "Noto Serif CJK SC")
KAI = ("KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "Noto Serif CJK SC")
SONG = ("SimSun", "宋体", "Noto Serif CJK SC")

# Type-area widths in 22 pt title characters (A4, GB/T 9704 margins).
TITLE_CHARS = {True: 225 / 25.4 * 72 / 22, False: 156 / 25.4 * 72 / 22}
KEEP_LINES = 4  # a table row this short is never split across pages; longer ones may be


def noto_cjk_dirs() -> list[str]:
    """The folder(s) holding the Noto CJK fonts: Debian's, or wherever fontconfig finds them."""
    found = [d for d in NOTO_DIRS if Path(d).is_dir() and any(Path(d).glob("Noto*CJK*"))]
    if found:
        return found
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({str(Path(line.split(":")[0]).parent) for line in out.splitlines() if "CJK" in line})


def font_dirs() -> list[str]:
    dirs = noto_cjk_dirs()
    extra = fonts.fonts_dir()
    if extra is not None:
        dirs.append(str(extra))
    return dirs


class _Engine:
    def __init__(self, dirs: tuple[str, ...]):
        import typst

        self.dirs = dirs
        self.fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(dirs))
        self.compiler = typst.Compiler(font_paths=self.fonts, ignore_system_fonts=True)
        self.families = {name.lower() for name in self.fonts.families()}
        self.template = TEMPLATE.read_bytes()

    def stack(self, names: tuple[str, ...]) -> list[str]:
        return [n for n in names if n.lower() in self.families] or ["Noto Serif CJK SC"]


_lock = threading.Lock()
_engine: _Engine | None = None


def _get_engine() -> _Engine:
    """The process's compiler; a new one when the font folders changed.  Call with ``_lock`` held."""
    global _engine
    dirs = tuple(font_dirs())
    if _engine is None or _engine.dirs != dirs:
        _engine = _Engine(dirs)
    return _engine


# Typst memoizes layout in a process-wide cache and evicts an entry only after 10 further compiles
# have not used it: ten different 500-row tables kept 1.8 GB in a worker.  After a large document,
# eleven compiles of a one-glyph page (~20 ms) age its entries out, and the process stays at ~340 MB.
AGE_OUT_BYTES = 20_000  # JSON of a document larger than this is aged out of the cache after its PDF
_AGE_OUT_DOC = '#set page(width: 20pt, height: 20pt)\n#set text(font: "Noto Serif CJK SC")\n督'.encode()


def _age_out(engine: _Engine) -> None:
    for _ in range(11):
        engine.compiler.compile(input=_AGE_OUT_DOC, format="svg", sys_inputs={})


def compile_pdf(data: dict) -> bytes:
    """Typeset ``data`` (see :func:`pdf_data`) with the template; PDF bytes."""
    with _lock:
        engine = _get_engine()
        data = {
            **data,
            "fonts": {
                "body": engine.stack(BODY),
                "hei": engine.stack(HEI),
                "title": engine.stack(TITLE),
                "kai": engine.stack(KAI),
                "song": engine.stack(SONG),
            },
            "title_weight": "regular" if engine.stack(TITLE)[0] != "Noto Serif CJK SC" else "bold",
        }
        payload = json.dumps(data, ensure_ascii=False)
        pdf = engine.compiler.compile(input=engine.template, format="pdf", sys_inputs={"data": payload})
        if len(payload) > AGE_OUT_BYTES:
            _age_out(engine)
        return pdf


def warm() -> None:
    """Load the fonts now (a worker process calls this when it starts): the first compile in a
    process pays for reading the CJK fonts, and no user request should."""
    compile_pdf(
        pdf_data(
            "",
            [{"t": "body", "text": "督办 warm-up 一二三"}, {"t": "title", "lines": ["标题"], "after_pt": 0}],
            landscape=False,
        )
    )


# ---------------------------------------------------------------- documents → blocks


def pdf_data(title: str, blocks: list[dict], *, landscape: bool, body_pt: float = 14, leading_pt: float = 8) -> dict:
    keep_from = -1
    if blocks and blocks[-1]["t"] == "sign":
        bodies = [i for i, b in enumerate(blocks) if b["t"] == "body"]
        keep_from = bodies[-1] if bodies else len(blocks) - 1
    return {
        "title_text": sanitize(title),
        "landscape": landscape,
        "body_pt": body_pt,
        "leading_pt": leading_pt,
        "blocks": blocks,
        "keep_from": keep_from,
    }


def title_block(title: str, landscape: bool, after_pt: float = 14) -> dict:
    return {"t": "title", "lines": title_lines(title, math.floor(TITLE_CHARS[landscape])), "after_pt": after_pt}


def table_block(spec: TableSpec) -> dict:
    merge_maps = {ci: spec.merge_map(ci) for ci in spec.merges}
    rows = []
    for r, row in enumerate(spec.rows):
        out: list = []
        for ci, text in enumerate(row):
            mm = merge_maps.get(ci)
            if mm is not None and r in mm:
                out.append(None if mm[r] == 0 else {"span": mm[r], "text": text})
            else:
                out.append(text)
        rows.append(out)
    return {
        "t": "table",
        "widths": spec.widths(),
        "align": ["left" if (c.long_text or c.align == "left") else "center" for c in spec.columns],
        "header": [c.header for c in spec.columns],
        "rows": rows,
        "keep": [n <= KEEP_LINES for n in spec.row_lines()],
    }


def signature_block(issuer: str, issued_on) -> list[dict]:
    issuer, dated = sanitize(issuer).strip(), cn_date(issued_on)
    return [{"t": "sign", "issuer": issuer, "date": dated}] if issuer or dated else []


def _body_blocks(kind: str, text: str) -> list[dict]:
    return [{"t": kind, "text": line.strip()} for line in sanitize(text).split("\n") if line.strip()]


def document_data(doc) -> dict:
    """The JSON the template typesets for a status table, 填报表 or 工作要点."""
    if isinstance(doc, FilingForm):
        blocks: list[dict] = []
        if doc.attachment_label:
            blocks.append({"t": "attachment", "text": sanitize(doc.attachment_label)})
        blocks.append(title_block(doc.title, True))
        meta = form_meta(doc)
        blocks.append({"t": "meta", "items": [meta["unit"], meta["signer"]], "widths": [0.62, 0.38]})
        blocks.append(table_block(spec_for(doc)))
        foot = form_foot(doc)
        if doc.units:  # each unit's sign-off line, then the form's 填报时间: kept together, a field never broken
            blocks.append({"t": "signoff", "lines": form_unit_lines(doc), "foot": foot or None})
        elif foot:
            blocks.append({"t": "meta", "items": foot, "widths": [0.3, 0.32, 0.38]})
        return pdf_data(doc.title, blocks, landscape=True)
    if isinstance(doc, StatusTable):
        blocks = [title_block(doc.title, True)]
        if doc.subtitle:
            blocks.append({"t": "subtitle", "text": sanitize(doc.subtitle)})
        blocks.append(table_block(spec_for(doc)))
        return pdf_data(doc.title, blocks, landscape=True)
    if isinstance(doc, PlanDocument):
        blocks = [title_block(doc.title, False, after_pt=28.9)]
        blocks.extend(_body_blocks("body", doc.intro))
        for sec, nums in zip(doc.sections, plan_task_numbers(doc), strict=False):
            heading = section_heading(sec.label, sec.title)
            if heading:
                blocks.append({"t": "h1", "text": heading})
            for task, num in zip(sec.tasks, nums, strict=False):
                lines = sanitize(task.text).split("\n")
                lines[0] = plan_task_prefix(num) + lines[0]
                lines[-1] += plan_task_note(task)
                blocks.extend({"t": "body", "text": line} for line in lines if line.strip())
        blocks.extend(signature_block(doc.issuer, doc.issued_on))
        return pdf_data(doc.title, blocks, landscape=False, body_pt=16, leading_pt=12.9)
    raise TypeError(f"docrender cannot render {type(doc).__name__}")


def render_pdf(doc) -> bytes:
    return compile_pdf(document_data(doc))
