"""HTML output (screen + print); the PDF is typeset by Typst (:mod:`docrender.typst_render`).

All text goes through :func:`html.escape`; markup is assembled from fixed
strings only, so user text (``<script>`` …) always stays text.
"""

from __future__ import annotations

from html import escape

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
        parts.extend(
            f'<div class="dr-meta dr-meta--foot"><span>{_e(line)}</span></div>' for line in form_unit_lines(doc)
        )
        foot = form_foot(doc)
        if foot:
            parts.append(
                '<div class="dr-meta dr-meta--foot">' + "".join(f"<span>{_e(x)}</span>" for x in foot) + "</div>"
            )
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
            heading = section_heading(sec.label, sec.title)
            # a section without 一、 is the same 一级标题 as one with it; tasks in no section stand under none
            parts.append(f'<section><h2 class="dr-h1">{_e(heading)}</h2>' if heading else "<section>")
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
