"""工作总结 in 公文 style (GB/T 9704-2012): .docx, HTML and PDF.

A4 portrait, margins 37/35/28/26 mm; title 2号 (22 pt) 方正小标宋简体 centred; body 3号 (16 pt)
仿宋_GB2312 at a fixed 28.9 pt line (22 lines a page); 一、 headings 黑体, （一） headings
楷体_GB2312; page numbers 4号 "— 1 —" at the outer edge (odd pages right, even pages left, one
character in). Reuses the styles, runs and page geometry of :mod:`docrender.docx_render` and the
font stacks of :mod:`docrender.html_render`; the PDF comes from :mod:`docrender.typst_render`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from html import escape

from docx import Document
from docx.oxml import parse_xml
from lxml import etree

from . import fonts
from .docx_render import (
    _STYLE_FONT,
    BODY_PT,
    LINE_TWIPS,
    PAGE_NUMBER_PT,
    PORTRAIT,
    _run,
    _setup_styles,
    _style_xml,
    declare_fonts,
    keep_with_next,
    outer_page_numbers,
    signature_paras,
    title_para,
)
from .text import cn_date, sanitize

KINDS = ("h1", "h2", "body")
CSS_KAI = '"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC", serif'


@dataclass
class SummaryBlock:
    kind: str  # "h1" (一、 黑体), "h2" (（一） 楷体), "body" (仿宋)
    text: str


@dataclass
class SummaryDocument:
    """工作总结 — a title, then headings and paragraphs in order, then 署名 and 成文日期."""

    title: str
    blocks: list[SummaryBlock] = field(default_factory=list)
    issuer: str = ""
    issued_on: date | None = None


# --------------------------------------------------------------------------- docx
_KAI_STYLE = (
    "DRHeading2",
    "DR 二级标题",
    fonts.DOCX_KAI,
    BODY_PT,
    False,
    f'<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/><w:outlineLvl w:val="1"/>',
)
_STYLE_OF = {"h1": "DRHeading1", "h2": "DRHeading2", "body": "DRBody"}


def _block_paras(style: str, text: str) -> list[str]:
    font = fonts.DOCX_KAI if style == "DRHeading2" else _STYLE_FONT[style]
    out = []
    for line in sanitize(text).split("\n"):
        if not line.strip():
            continue
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_run(line.strip(), font)}</w:p>')
    return out


def _body_xml(doc: SummaryDocument) -> str:
    parts = [title_para(doc.title, False)]
    # 标题与正文之间空一行 (GB/T 9704 7.3.3)
    parts.append('<w:p><w:pPr><w:pStyle w:val="DRBody"/></w:pPr></w:p>')
    for block in doc.blocks:
        parts.extend(_block_paras(_STYLE_OF.get(block.kind, "DRBody"), block.text))
    signature = signature_paras(doc.issuer, doc.issued_on)
    if signature and parts:
        parts[-1] = keep_with_next(parts[-1])  # the last paragraph goes with the 署名
    parts.extend(signature)
    return "".join(parts)


def render_summary_docx(doc: SummaryDocument) -> bytes:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = Document()
    _setup_styles(document)
    document.styles.element.append(parse_xml(_style_xml(*_KAI_STYLE)))
    document.core_properties.title = sanitize(doc.title)[:255]
    document.core_properties.language = "zh-CN"
    g = PORTRAIT
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(g["w"]), Mm(g["h"])
    section.top_margin, section.bottom_margin = Mm(g["top"]), Mm(g["bottom"])
    section.left_margin, section.right_margin = Mm(g["left"]), Mm(g["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    outer_page_numbers(document)
    declare_fonts(document)

    part = document.part
    xml = etree.tostring(part._element, encoding="unicode")
    cut = xml.rindex("<w:sectPr")
    part._element = parse_xml(xml[:cut] + _body_xml(doc) + xml[cut:])
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- HTML / PDF
SUMMARY_CSS = f"""
.docrender--summary {{ font-family: {fonts.CSS_BODY}; color: #000; line-height: 1.8; }}
.docrender--summary .dr-title {{ font-family: {fonts.CSS_TITLE}; font-weight: 700; font-size: 1.6em;
  text-align: center; line-height: 1.4; margin: 0.4em 0 1em; }}
.docrender--summary .dr-h1 {{ font-family: {fonts.CSS_HEI}; font-weight: normal; font-size: 1em; margin: 0; text-indent: 2em; }}
.docrender--summary .dr-h2 {{ font-family: {CSS_KAI}; font-weight: normal; font-size: 1em; margin: 0; text-indent: 2em; }}
.docrender--summary .dr-body {{ margin: 0; text-indent: 2em; text-align: justify; }}
.docrender--summary .dr-sign {{ margin-top: 2.5em; text-align: right; }}
.docrender--summary .dr-sign p {{ margin: 0; }}
.docrender--summary .dr-issuer {{ padding-right: 4em; }}
.docrender--summary .dr-date {{ padding-right: 4em; }}
"""


def _print_css() -> str:
    faces = fonts.font_face_css()
    title_weight = 400 if fonts.has_licensed_title_font() else 700
    number = f'content: "— " counter(page) " —"; font-family: {fonts.CSS_SONG}; font-size: {PAGE_NUMBER_PT}pt; vertical-align: top; padding-top: 14mm;'
    return f"""
{faces}
@page {{ size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ {number} padding-right: 1em; }} }}
@page :left {{ @bottom-left {{ {number} padding-left: 1em; }} }}
html, body {{ margin: 0; padding: 0; }}
.docrender--summary {{ font-size: 16pt; line-height: 28.9pt; }}
.docrender--summary .dr-title {{ font-size: 22pt; font-weight: {title_weight}; line-height: 1.4; margin: 0 0 28.9pt; }}
.docrender--summary .dr-h1, .docrender--summary .dr-h2 {{ break-after: avoid; }}
.docrender--summary .dr-body {{ orphans: 2; widows: 2; }}
"""


def _e(text: str) -> str:
    return escape(sanitize(text), quote=True)


def render_summary_html(doc: SummaryDocument, *, standalone: bool = True) -> str:
    cls = {"h1": "dr-h1", "h2": "dr-h2", "body": "dr-body"}
    parts = ['<article class="docrender docrender--summary">', f'<h1 class="dr-title">{_e(doc.title)}</h1>']
    for block in doc.blocks:
        tag = "h2" if block.kind == "h1" else "h3" if block.kind == "h2" else "p"
        for line in sanitize(block.text).split("\n"):
            if line.strip():
                parts.append(f'<{tag} class="{cls.get(block.kind, "dr-body")}">{_e(line.strip())}</{tag}>')
    issuer, dated = sanitize(doc.issuer).strip(), cn_date(doc.issued_on)
    if issuer or dated:
        parts.append('<div class="dr-sign">')
        if issuer:
            parts.append(f'<p class="dr-issuer">{_e(issuer)}</p>')
        if dated:
            parts.append(f'<p class="dr-date">{escape(dated)}</p>')
        parts.append("</div>")
    parts.append("</article>")
    fragment = "".join(parts)
    if not standalone:
        return fragment
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(doc.title)}</title>"
        f"<style>{SUMMARY_CSS}\nbody {{ margin: 2em auto; max-width: 48em; padding: 0 1em; }}\n"
        f"@media print {{ {_print_css()} }}</style></head><body>{fragment}</body></html>\n"
    )


def render_summary_pdf(doc: SummaryDocument) -> bytes:
    """The 工作总结 typeset by Typst: title, an empty line, headings and paragraphs, 署名 and 成文日期."""
    from .typst_render import compile_pdf, pdf_data, signature_block, title_block

    blocks = [title_block(doc.title, False, after_pt=28.9 + 12.9)]
    for block in doc.blocks:
        kind = block.kind if block.kind in KINDS else "body"
        blocks.extend({"t": kind, "text": line.strip()} for line in sanitize(block.text).split("\n") if line.strip())
    blocks.extend(signature_block(doc.issuer, doc.issued_on))
    return compile_pdf(pdf_data(doc.title, blocks, landscape=False, body_pt=16, leading_pt=12.9))
