"""HTML (screen + print) and PDF (WeasyPrint) output.

All text goes through :func:`html.escape`; markup is assembled from fixed
strings only, so user text (``<script>`` …) always stays text.  The PDF is
typeset from exactly the HTML that :func:`render_html` returns.
"""

from __future__ import annotations

import threading
from html import escape

from . import fonts
from .layout import (
    TableSpec,
    form_meta,
    form_unit_lines,
    plan_task_note,
    plan_task_numbers,
    plan_task_prefix,
    section_heading,
    spec_for,
)
from .model import FilingForm, PlanDocument, StatusTable
from .text import cn_date, sanitize


def _e(text: str) -> str:
    """Escape and keep line breaks."""
    return "<br>".join(escape(line, quote=True) for line in sanitize(text).split("\n"))


BASE_CSS = f"""
.docrender {{ font-family: {fonts.CSS_BODY}; color: #000; line-height: 1.5; }}
.docrender .dr-title {{ font-family: {fonts.CSS_TITLE}; font-weight: 700; font-size: 1.6em;
  text-align: center; line-height: 1.35; margin: 0.4em 0 0.6em; }}
.docrender .dr-attachment {{ font-family: {fonts.CSS_HEI}; font-size: 1.15em; margin: 0 0 0.3em; }}
.docrender .dr-subtitle {{ text-align: center; margin: -0.3em 0 0.6em; }}
.docrender .dr-meta {{ display: flex; flex-wrap: wrap; justify-content: space-between;
  gap: 0.5em 2em; margin: 0.4em 0; }}
.docrender .dr-table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
.docrender .dr-table th, .docrender .dr-table td {{ border: 1px solid #000; padding: 0.25em 0.35em;
  overflow-wrap: anywhere; word-break: normal; }}
.docrender .dr-table th {{ font-family: {fonts.CSS_HEI}; font-weight: normal; text-align: center;
  vertical-align: middle; }}
.docrender .dr-table td {{ vertical-align: top; text-align: left; }}
.docrender .dr-table td.dr-c {{ text-align: center; vertical-align: middle; }}
.docrender .dr-table td.dr-merged {{ vertical-align: middle; }}
.docrender .dr-h1 {{ font-family: {fonts.CSS_HEI}; font-weight: normal; font-size: 1em;
  margin: 0; text-indent: 2em; }}
.docrender .dr-body {{ margin: 0; text-indent: 2em; text-align: left; }}
.docrender .dr-sign {{ margin-top: 2em; text-align: right; }}
.docrender .dr-sign p {{ margin: 0; }}
"""


def _print_css(landscape: bool) -> str:
    if landscape:
        page = "size: A4 landscape; margin: 28mm 35mm 26mm 37mm;"
        body_pt, table_pt, foot_dist = 14, 12, "12mm"
    else:
        page = "size: A4 portrait; margin: 37mm 26mm 35mm 28mm;"
        body_pt, table_pt, foot_dist = 16, 12, "14mm"
    faces = fonts.font_face_css()
    title_weight = 400 if fonts.has_licensed_title_font() else 700
    return f"""
{faces}
@page {{ {page}
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {fonts.CSS_SONG};
    font-size: 14pt; vertical-align: top; padding-top: {foot_dist}; }} }}
html, body {{ margin: 0; padding: 0; }}
.docrender {{ font-size: {body_pt}pt; line-height: 1.5; }}
.docrender .dr-title {{ font-size: 22pt; font-weight: {title_weight}; margin: 0 0 14pt; line-height: 1.4; }}
.docrender .dr-attachment {{ font-size: 16pt; }}
.docrender .dr-meta {{ font-size: 14pt; }}
.docrender .dr-table {{ font-size: {table_pt}pt; line-height: 1.4; }}
.docrender .dr-table thead {{ display: table-header-group; }}
.docrender .dr-table th, .docrender .dr-table tr.dr-keep {{ break-inside: avoid; }}
.docrender--plan .dr-body, .docrender--plan .dr-h1 {{ font-size: 16pt; line-height: 28.9pt; }}
.docrender--plan .dr-h1 {{ break-after: avoid; }}
.docrender--plan .dr-body {{ orphans: 2; widows: 2; }}
"""


def stylesheet(doc=None, *, print_css: bool = False) -> str:
    """CSS for pages embedding ``render_html(..., standalone=False)``."""
    css = BASE_CSS
    if print_css:
        landscape = not isinstance(doc, PlanDocument)
        css += "@media print {" + _print_css(landscape) + "}"
    return css


def _table_html(spec: TableSpec) -> str:
    fr = spec.widths()
    out = ['<table class="dr-table"><colgroup>']
    out.extend(f'<col style="width:{f * 100:.2f}%">' for f in fr)
    out.append("</colgroup><thead><tr>")
    out.extend(f'<th scope="col">{_e(c.header)}</th>' for c in spec.columns)
    out.append("</tr></thead><tbody>")
    merge_maps = {ci: spec.merge_map(ci) for ci in spec.merges}
    classes = ["" if (c.long_text or c.align == "left") else ' class="dr-c"' for c in spec.columns]
    keep = spec.keep_together()
    for r, row in enumerate(spec.rows):
        out.append('<tr class="dr-keep">' if keep[r] else "<tr>")
        for ci, text in enumerate(row):
            mm = merge_maps.get(ci)
            if mm is not None and r in mm:
                span = mm[r]
                if span == 0:
                    continue
                out.append(f'<td rowspan="{span}" class="dr-c dr-merged">{_e(text)}</td>')
            else:
                out.append(f"<td{classes[ci]}>{_e(text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _fragment(doc) -> str:
    parts: list[str] = []
    if isinstance(doc, FilingForm):
        parts.append('<div class="docrender docrender--form">')
        if doc.attachment_label:
            parts.append(f'<p class="dr-attachment">{_e(doc.attachment_label)}</p>')
        parts.append(f'<h1 class="dr-title">{_e(doc.title)}</h1>')
        meta = form_meta(doc)
        parts.append(f'<div class="dr-meta"><span>{_e(meta["unit"])}</span><span>{_e(meta["signer"])}</span></div>')
        parts.append(_table_html(spec_for(doc)))
        if doc.units:
            parts.extend(f'<div class="dr-meta dr-meta--foot"><span>{_e(line)}</span></div>' for line in form_unit_lines(doc))
        else:
            parts.append(f'<div class="dr-meta dr-meta--foot"><span>{_e(meta["filler"])}</span><span>{_e(meta["contact"])}</span><span>{_e(meta["filed_on"])}</span></div>')
        parts.append("</div>")
    elif isinstance(doc, StatusTable):
        parts.append('<div class="docrender docrender--status">')
        parts.append(f'<h1 class="dr-title">{_e(doc.title)}</h1>')
        if doc.subtitle:
            parts.append(f'<p class="dr-subtitle">{_e(doc.subtitle)}</p>')
        parts.append(_table_html(spec_for(doc)))
        parts.append("</div>")
    elif isinstance(doc, PlanDocument):
        parts.append('<article class="docrender docrender--plan">')
        parts.append(f'<h1 class="dr-title">{_e(doc.title)}</h1>')
        if doc.intro:
            parts.extend(f'<p class="dr-body">{_e(line)}</p>' for line in sanitize(doc.intro).split("\n"))
        for sec, nums in zip(doc.sections, plan_task_numbers(doc), strict=False):
            parts.append(f'<section><h2 class="dr-h1">{_e(section_heading(sec.label, sec.title))}</h2>')
            for task, num in zip(sec.tasks, nums, strict=False):
                lines = sanitize(task.text).split("\n")
                lines[-1] += plan_task_note(task)
                prefix = plan_task_prefix(num)
                first = f'<span class="dr-num">{escape(prefix)}</span>' if prefix else ""
                parts.append(f'<p class="dr-body dr-task">{first}{_e(lines[0])}</p>')
                parts.extend(f'<p class="dr-body">{_e(line)}</p>' for line in lines[1:])
            parts.append("</section>")
        issuer = sanitize(doc.issuer).strip()
        dated = cn_date(doc.issued_on)
        if issuer or dated:
            parts.append('<div class="dr-sign">')
            if issuer:
                parts.append(f'<p class="dr-issuer">{_e(issuer)}</p>')
            if dated:
                parts.append(f'<p class="dr-date">{escape(dated)}</p>')
            parts.append("</div>")
        parts.append("</article>")
    else:
        raise TypeError(f"docrender cannot render {type(doc).__name__}")
    return "".join(parts)


def render_html(doc, *, standalone: bool = True) -> str:
    fragment = _fragment(doc)
    if not standalone:
        return fragment
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(doc.title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{BASE_CSS}\nbody {{ margin: 2em auto; max-width: 72em; padding: 0 1em; }}\n"
        f"@media print {{ {_print_css(not isinstance(doc, PlanDocument))} }}</style>"
        f"</head><body>{fragment}</body></html>\n"
    )


# --------------------------------------------------------------- PDF speed
#
# Where WeasyPrint's time goes on a long status table (py-spy, cProfile and
# callgrind; bench/export.py): about 60 % line-box layout (Pango plus
# WeasyPrint's per-line Python, ~1 ms of CPU per line box), 30 % painting,
# the rest cascade, the header row and page number repeated on every page,
# and font subsetting: each render copies the three Noto CJK .ttc blobs
# (75 MB) and subsets them, 0.1–0.4 s whatever the length (embedding them
# whole would be tens of MB of PDF).  The time follows the number of line
# boxes: a 500-task table has ~20,000 (narrow cells), the same text as
# plain paragraphs ~4,500 and typesets 4–5× faster — the floor bench/
# export.py prints.  What is ours is the column widths and the page count:
# :func:`docrender.layout.column_fractions` sizes the long-text columns by
# their text, so a 300-字 row no longer fills a landscape page (500 tasks:
# 515 → 405 pages, ~5 % fewer instructions: the line boxes stay as many).
# CSS details (break-inside: avoid on short rows, overflow-wrap: anywhere,
# vertical-align, border-collapse, the font stacks, white-space) each change
# the time by less than the run-to-run noise; the table uses table-layout:
# fixed with explicit column widths, so no cell is measured beforehand.
#
# What is reused between renders in a process: the FontConfiguration (its
# Pango font map and caches) and the parsed stylesheets.


class _PdfContext:
    """Per-thread WeasyPrint state: a FontConfiguration and the stylesheets parsed with it.

    Creating a FontConfiguration loads the fontconfig configuration and a fresh
    Pango font map whose font, fontset and shaping caches then start cold;
    reusing it saves 0.1–0.3 s per PDF.  Pango font maps are not thread-safe
    (and cffi releases the GIL around C calls), hence one per thread.  The
    @font-face rules from $DUBAN_FONTS_DIR are registered in the configuration
    when a stylesheet is parsed, so a different set of rules gets a new context.
    """

    def __init__(self, key: str):
        from weasyprint.text.fonts import FontConfiguration

        self.key = key
        self.font_config = FontConfiguration()
        self.sheets: dict[str, object] = {}
        self.parses = 0  # how many stylesheets this context has parsed (tests read it)

    def sheet(self, css: str):
        sheet = self.sheets.get(css)
        if sheet is None:
            from weasyprint import CSS

            sheet = CSS(string=css, font_config=self.font_config)
            self.sheets[css] = sheet
            self.parses += 1
        return sheet


_pdf_contexts = threading.local()


def _pdf_context() -> _PdfContext:
    key = fonts.font_face_css()
    ctx = getattr(_pdf_contexts, "value", None)
    if ctx is None or ctx.key != key:
        ctx = _PdfContext(key)
        _pdf_contexts.value = ctx
    return ctx


def _font_config():
    """The FontConfiguration reused by later renders in the same thread."""
    return _pdf_context().font_config


def write_pdf(fragment: str, css: str, title: str) -> bytes:
    """Typeset ``fragment`` (markup from a ``render_*_html(standalone=False)``)
    with ``css`` — the rules a browser applies when printing the standalone
    page — parsed once per thread and process."""
    from weasyprint import HTML

    ctx = _pdf_context()
    sheet = ctx.sheet(css)
    html = f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}</title></head><body>{fragment}</body></html>\n'
    return HTML(string=html).write_pdf(stylesheets=[sheet], font_config=ctx.font_config)


def pdf_css(doc) -> str:
    """The print stylesheet of ``doc``: the base rules, then what ``@media print`` adds."""
    return BASE_CSS + _print_css(not isinstance(doc, PlanDocument))


def render_pdf(doc) -> bytes:
    return write_pdf(render_html(doc, standalone=False), pdf_css(doc), doc.title)
