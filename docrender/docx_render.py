""".docx writer.

python-docx is used for the package skeleton (default template, parts,
footer relationship); the body is generated as one WordprocessingML string
and parsed once, which is much faster than python-docx's per-cell API and
lets every run carry explicit East Asian fonts.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NSDECL = f'xmlns:w="{W_NS}"'

TWIPS_PER_MM = 1440 / 25.4


def _tw(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


# GB/T 9704 page geometry (mm).  Landscape pages are the portrait page
# turned, so the 28 mm binding margin ends up at the top.
PORTRAIT = dict(w=210, h=297, top=37, bottom=35, left=28, right=26)
LANDSCAPE = dict(w=297, h=210, top=28, bottom=26, left=37, right=35)

BODY_PT = 16  # 三号
TABLE_PT = 12  # 小四
TITLE_PT = 22  # 二号
LINE_TWIPS = 578  # fixed 28.9 pt: 22 lines on the type area


def _rfonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>'


# Paragraph styles: (style id, display name, font, size pt, bold, pPr extra)
_STYLES = [
    (
        "DRTitle",
        "DR 标题",
        fonts.DOCX_TITLE,
        TITLE_PT,
        False,
        '<w:keepNext/><w:spacing w:before="0" w:after="240" w:line="360" w:lineRule="auto"/><w:jc w:val="center"/>',
    ),
    (
        "DRAttachment",
        "DR 附件标识",
        fonts.DOCX_HEI,
        BODY_PT,
        False,
        '<w:spacing w:before="0" w:after="120" w:line="360" w:lineRule="auto"/>',
    ),
    (
        "DRBody",
        "DR 正文",
        fonts.DOCX_BODY,
        BODY_PT,
        False,
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>',
    ),
    (
        "DRHeading1",
        "DR 一级标题",
        fonts.DOCX_HEI,
        BODY_PT,
        False,
        f'<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/><w:outlineLvl w:val="0"/>',
    ),
    (
        "DRMeta",
        "DR 表头信息",
        fonts.DOCX_BODY,
        14,
        False,
        '<w:spacing w:before="120" w:after="120" w:line="360" w:lineRule="auto"/>',
    ),
    (
        "DRTableText",
        "DR 表格文字",
        fonts.DOCX_BODY,
        TABLE_PT,
        False,
        '<w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/><w:jc w:val="both"/>',
    ),
    (
        "DRTableHeader",
        "DR 表头",
        fonts.DOCX_HEI,
        TABLE_PT,
        False,
        '<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/><w:jc w:val="center"/>',
    ),
    (
        "DRPageNumber",
        "DR 页码",
        fonts.DOCX_PAGE_NUMBER,
        14,
        False,
        '<w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/>',
    ),
]


def _style_xml(sid, name, font, size, bold, ppr):
    b = "<w:b/><w:bCs/>" if bold else ""
    return (
        f'<w:style {_NSDECL} w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>"
        f'<w:rPr>{_rfonts(font)}{b}<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr>'
        f"</w:style>"
    )


_STYLE_FONT = {s[0]: s[2] for s in _STYLES}


def _setup_styles(document) -> None:
    styles = document.styles.element
    # docDefaults: explicit fonts instead of theme fonts, Chinese language.
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        if child.tag in (qn("w:rFonts"), qn("w:lang")):
            rpr.remove(child)
    rpr.insert(
        0,
        parse_xml(
            f'<w:rFonts {_NSDECL} w:ascii="{fonts.DOCX_BODY}" w:hAnsi="{fonts.DOCX_BODY}" w:eastAsia="{fonts.DOCX_BODY}" w:cs="{fonts.DOCX_BODY}"/>'
        ),
    )
    rpr.append(parse_xml(f'<w:lang {_NSDECL} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(parse_xml(f'<w:spacing {_NSDECL} w:after="0" w:line="240" w:lineRule="auto"/>'))
    # Normal: 仿宋_GB2312 三号
    normal = document.styles["Normal"]
    normal.font.size = None
    n_rpr = normal.element.get_or_add_rPr()
    n_rpr.append(parse_xml(_rfonts(fonts.DOCX_BODY).replace("<w:rFonts ", f"<w:rFonts {_NSDECL} ", 1)))
    n_rpr.append(parse_xml(f'<w:sz {_NSDECL} w:val="{BODY_PT * 2}"/>'))
    n_rpr.append(parse_xml(f'<w:szCs {_NSDECL} w:val="{BODY_PT * 2}"/>'))
    for s in _STYLES:
        styles.append(parse_xml(_style_xml(*s)))


# The fonts the documents name, declared in word/fontTable.xml with what Word and WPS need to pick a
# look-alike where one is missing: the GB2312 character set (86), the family class (roman = serif,
# modern = 黑体-like sans) and w:altName, the name the font has on systems that ship it under
# another name.  LibreOffice ignores these; it asks fontconfig, for which scripts/setup installs
# scripts/fontconfig/65-duban-cjk.conf (仿宋/宋体/楷体/小标宋 → Noto Serif CJK SC, 黑体 → Noto Sans CJK SC).
FONT_TABLE = (
    (fonts.DOCX_BODY, "仿宋", "roman", "02010609030101010101"),
    (fonts.DOCX_TITLE, "宋体", "roman", "02000000000000000000"),
    (fonts.DOCX_HEI, "SimHei", "modern", "02010609060101010101"),
    (fonts.DOCX_KAI, "楷体", "modern", "02010609030101010101"),
    (fonts.DOCX_PAGE_NUMBER, "SimSun", "roman", "02010600030101010101"),
)


def font_table_xml(xml: str) -> str:
    """``word/fontTable.xml`` with an entry for each font the documents use (replacing any)."""
    root = etree.fromstring(xml.encode("utf-8"))
    names = {name for name, *_ in FONT_TABLE}
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) in names:
            root.remove(font)
    for name, alt, family, panose in FONT_TABLE:
        root.append(
            parse_xml(
                f'<w:font {_NSDECL} w:name="{escape(name)}"><w:altName w:val="{escape(alt)}"/><w:panose1 w:val="{panose}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def declare_fonts(document) -> None:
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = font_table_xml(part.blob.decode("utf-8")).encode("utf-8")


def _run(text: str, font: str, extra_rpr: str = "") -> str:
    if text == "":
        return ""
    parts = escape(text).split("\t")
    inner = '</w:t><w:tab/><w:t xml:space="preserve">'.join(parts)
    return f'<w:r><w:rPr>{_rfonts(font)}{extra_rpr}</w:rPr><w:t xml:space="preserve">{inner}</w:t></w:r>'


def _para(style: str, text: str, ppr_extra: str = "", rpr_extra: str = "") -> str:
    font = _STYLE_FONT[style]
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr_extra}</w:pPr>{_run(text, font, rpr_extra)}</w:p>'


def title_para(title: str, landscape: bool) -> str:
    """The title, broken between words into balanced lines (one paragraph, the lines joined by
    w:br: Word would otherwise break it anywhere between two characters)."""
    from .typst_render import TITLE_CHARS

    font = _STYLE_FONT["DRTitle"]
    lines = title_lines(title, int(TITLE_CHARS[landscape]))
    runs = f"<w:r><w:rPr>{_rfonts(font)}</w:rPr><w:br/></w:r>".join(_run(line, font) for line in lines)
    return f'<w:p><w:pPr><w:pStyle w:val="DRTitle"/></w:pPr>{runs}</w:p>'


def _cell_paras(style: str, text: str, jc: str) -> str:
    font = _STYLE_FONT[style]
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{jc}"/></w:pPr>'
    return "".join(f"<w:p>{ppr}{_run(line, font)}</w:p>" for line in text.split("\n"))


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _table_xml(spec: TableSpec, total_twips: int) -> str:
    fr = spec.widths()
    widths = [int(total_twips * f) for f in fr]
    widths[-1] = total_twips - sum(widths[:-1])
    out = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{total_twips}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    ]
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    # header row: repeated on every page, never split
    out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")  # the header row never splits
    for col, w in zip(spec.columns, widths, strict=False):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{_cell_paras("DRTableHeader", col.header, "center")}</w:tc>'
        )
    out.append("</w:tr>")
    merge_maps = {ci: spec.merge_map(ci) for ci in spec.merges}
    tcpr_open = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>' for w in widths]
    jcs = ["both" if c.long_text or c.align == "left" else "center" for c in spec.columns]
    valign = ["top" if c.long_text else "center" for c in spec.columns]
    for r, row in enumerate(spec.rows):
        # rows may break across pages, as in the seed tables: a page is never left half empty
        out.append("<w:tr>")
        for ci, text in enumerate(row):
            vmerge = ""
            mm = merge_maps.get(ci)
            if mm is not None and r in mm:
                if mm[r] == 0:
                    out.append(
                        f'<w:tc>{tcpr_open[ci]}<w:vMerge/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="DRTableText"/></w:pPr></w:p></w:tc>'
                    )
                    continue
                vmerge = '<w:vMerge w:val="restart"/>'
            va = "center" if vmerge else valign[ci]
            out.append(
                f'<w:tc>{tcpr_open[ci]}{vmerge}<w:vAlign w:val="{va}"/></w:tcPr>{_cell_paras("DRTableText", text, jcs[ci])}</w:tc>'
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _tabbed_line(parts: list[str], positions_twips: list[int]) -> str:
    tabs = "".join(f'<w:tab w:val="left" w:pos="{p}"/>' for p in positions_twips)
    ppr = f"<w:tabs>{tabs}</w:tabs>" if tabs else ""
    return _para("DRMeta", "\t".join(parts), ppr)


def _body_xml(doc, geometry) -> str:
    text_w = _tw(geometry["w"] - geometry["left"] - geometry["right"])
    parts: list[str] = []
    if isinstance(doc, FilingForm):
        if doc.attachment_label:
            parts.append(_para("DRAttachment", sanitize(doc.attachment_label)))
        parts.append(title_para(doc.title, True))
        meta = form_meta(doc)
        parts.append(_tabbed_line([meta["unit"], meta["signer"]], [int(text_w * 0.62)]))
        parts.append(_table_xml(spec_for(doc), text_w))
        # the units' sign-off lines in 五号 (10.5 pt): one line each, as in the PDF
        # (no space added between Chinese and digits: a date is not pushed onto a line of its own)
        small = '<w:sz w:val="21"/><w:szCs w:val="21"/>'
        tight = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        signoff = [_para("DRMeta", line, tight, small) for line in form_unit_lines(doc)]
        foot = form_foot(doc)
        if foot:
            signoff.append(_tabbed_line(foot, [int(text_w * 0.3), int(text_w * 0.62)]))
        # the sign-off lines stay together: never the 填报时间 alone on a last page
        parts.extend(keep_with_next(p) for p in signoff[:-1])
        parts.extend(signoff[-1:])
    elif isinstance(doc, StatusTable):
        parts.append(title_para(doc.title, True))
        if doc.subtitle:
            parts.append(_para("DRMeta", sanitize(doc.subtitle), '<w:jc w:val="center"/>'))
        parts.append(_table_xml(spec_for(doc), text_w))
        parts.append('<w:p><w:pPr><w:pStyle w:val="DRTableText"/></w:pPr></w:p>')
    elif isinstance(doc, PlanDocument):
        parts.append(title_para(doc.title, False))
        if doc.intro:
            parts.extend(_para("DRBody", line) for line in sanitize(doc.intro).split("\n"))
        for sec, nums in zip(doc.sections, plan_task_numbers(doc), strict=False):
            heading = section_heading(sec.label, sec.title)
            if heading:  # tasks in no section stand under no heading (not an empty 标题 1)
                parts.append(_para("DRHeading1", heading))
            for task, num in zip(sec.tasks, nums, strict=False):
                lines = sanitize(task.text).split("\n")
                lines[0] = plan_task_prefix(num) + lines[0]
                lines[-1] += plan_task_note(task)
                parts.extend(_para("DRBody", line) for line in lines)
        signature = signature_paras(doc.issuer, doc.issued_on)
        if signature and parts:
            parts[-1] = keep_with_next(parts[-1])  # the last paragraph goes with the 署名
        parts.extend(signature)
    else:
        raise TypeError(f"docrender cannot render {type(doc).__name__}")
    return "".join(parts)


def signature_paras(issuer: str, issued_on) -> list[str]:
    """署名 and 成文日期 under a document's body, after two empty lines: the date four characters in from the right,
    the issuer centred over it (GB/T 9704 7.3.5.1); nothing when there is neither.  Each paragraph is kept with
    the next (w:keepNext), so the signature never stands alone on the last page: see :func:`keep_with_next`."""
    issuer = sanitize(issuer).strip()
    dated = cn_date(issued_on)
    if not issuer and not dated:
        return []
    parts = ['<w:p><w:pPr><w:pStyle w:val="DRBody"/><w:keepNext/></w:pPr></w:p>' * 2]
    date_indent = 4 if dated else 2
    if issuer:
        ind = max(0.0, date_indent + len(dated) / 2 - len(issuer) / 2) if dated else date_indent
        parts.append(_para("DRBody", issuer, ("<w:keepNext/>" if dated else "") + _right_ind(ind)))
    if dated:
        parts.append(_para("DRBody", dated, _right_ind(date_indent)))
    return parts


def keep_with_next(paragraph: str) -> str:
    """``paragraph`` (a w:p string starting with its w:pPr and w:pStyle) kept on the page of the next one."""
    head, sep, tail = paragraph.partition("</w:pPr>")
    if not sep or "<w:keepNext/>" in head:
        return paragraph
    style_end = (
        head.find("/>", head.find("<w:pStyle")) + 2 if "<w:pStyle" in head else head.find("<w:pPr>") + len("<w:pPr>")
    )
    return head[:style_end] + "<w:keepNext/>" + head[style_end:] + sep + tail


def _right_ind(chars: float) -> str:
    return f'<w:ind w:firstLineChars="0" w:firstLine="0" w:rightChars="{round(chars * 100)}" w:right="{round(chars * BODY_PT * 20)}"/><w:jc w:val="right"/>'


PAGE_NUMBER_PT = 14  # 4号


def page_number_para(align: str) -> str:
    """ "— 1 —" with a PAGE field; ``align`` right (odd pages) or left (even pages), one character in."""
    f = fonts.DOCX_PAGE_NUMBER
    one_char = PAGE_NUMBER_PT * 20
    ind = f'<w:ind w:right="{one_char}"/>' if align == "right" else f'<w:ind w:left="{one_char}"/>'
    field_run = (
        f'<w:r><w:rPr>{_rfonts(f)}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:rPr>{_rfonts(f)}</w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r><w:rPr>{_rfonts(f)}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
        + _run("1", f)
        + f'<w:r><w:rPr>{_rfonts(f)}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:p {_NSDECL}><w:pPr><w:pStyle w:val="DRPageNumber"/>{ind}<w:jc w:val="{align}"/></w:pPr>'
        + _run("— ", f)
        + field_run
        + _run(" —", f)
        + "</w:p>"
    )


def _set_footer(footer, align: str) -> None:
    footer.is_linked_to_previous = False
    ftr = footer._element
    for p in list(ftr):
        ftr.remove(p)
    ftr.append(parse_xml(page_number_para(align)))


def outer_page_numbers(document) -> None:
    """单页码居右、双页码居左 (GB/T 9704 7.5): separate odd and even footers."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _set_footer(section.footer, "right")
    _set_footer(section.even_page_footer, "left")


def render_docx(doc) -> bytes:
    if isinstance(doc, PlanDocument):
        geometry, landscape = PORTRAIT, False
    elif isinstance(doc, (FilingForm, StatusTable)):
        geometry, landscape = LANDSCAPE, True
    else:
        raise TypeError(f"docrender cannot render {type(doc).__name__}")
    document = Document()
    _setup_styles(document)
    document.core_properties.title = sanitize(doc.title)[:255]
    document.core_properties.language = "zh-CN"

    section = document.sections[0]
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(geometry["w"])
    section.page_height = Mm(geometry["h"])
    section.top_margin = Mm(geometry["top"])
    section.bottom_margin = Mm(geometry["bottom"])
    section.left_margin = Mm(geometry["left"])
    section.right_margin = Mm(geometry["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(18 if landscape else 25)

    outer_page_numbers(document)
    declare_fonts(document)

    # Splice the body into the serialised document and parse once: moving a
    # large parsed subtree between lxml documents (addprevious) is far slower.
    part = document.part
    xml = etree.tostring(part._element, encoding="unicode")
    cut = xml.rindex("<w:sectPr")
    part._element = parse_xml(xml[:cut] + _body_xml(doc, geometry) + xml[cut:])

    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
