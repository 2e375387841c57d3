"""工作总结 (.docx, HTML, PDF) in 公文 style: the same layout checks as the other exports, and
LibreOffice opens the .docx."""

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from docrender.summary import (
    SummaryBlock,
    SummaryDocument,
    render_summary_docx,
    render_summary_html,
    render_summary_pdf,
)
from docrender.tests import samples
from docrender.tests.conftest import require_tool
from docrender.tests.test_html_pdf import _no_page_numbers, _norm, pdf_text
from docrender.tests.test_libreoffice import _check_pdf, _convert


def summary_doc(repeat=1):
    """A summary of the 椒江 form's rows, long enough for several pages."""
    blocks = [
        SummaryBlock(
            "body",
            "《2023年政府工作报告目标任务》共确定目标任务8项。现将台州市椒江区卫生健康局2023年上半年工作情况报告如下：",
        ),
        SummaryBlock("h1", "一、上半年主要工作及成效"),
    ]
    for _ in range(repeat):
        for n, row in enumerate(samples.jiaojiang_form().rows, start=1):
            if row.category:
                blocks.append(SummaryBlock("h2", f"（{'一二三四五六七八九十'[n % 10]}）{row.category}"))
            blocks.append(SummaryBlock("body", "一是" + row.completion))
    blocks += [
        SummaryBlock("h1", "二、存在问题"),
        SummaryBlock("body", "一是资金未到位。"),
        SummaryBlock("h1", "三、下半年工作思路"),
        SummaryBlock("body", "一是新增托位1900个（区卫健局牵头，进度滞后）。"),
    ]
    return SummaryDocument(
        "台州市椒江区卫生健康局2023年上半年工作总结暨下半年工作思路",
        blocks,
        "台州市椒江区卫生健康局",
        date(2023, 7, 21),
    )


def _open(doc):
    return Document(io.BytesIO(render_summary_docx(doc)))


def _east_asia(el):
    rfonts = el.find(".//" + qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_summary_docx_page_geometry():
    s = _open(summary_doc()).sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1)
    assert [round(x / Mm(1)) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37,
        35,
        28,
        26,
    ]


def test_summary_docx_fonts_sizes_and_line_spacing():
    d = _open(summary_doc())
    styles = d.styles
    assert _east_asia(styles["Normal"].element) == "仿宋_GB2312"
    assert _east_asia(d.styles.element.find(qn("w:docDefaults"))) == "仿宋_GB2312"
    title = styles["DR 标题"]
    assert _east_asia(title.element) == "方正小标宋简体" and title.font.size.pt == 22
    assert _east_asia(styles["DR 一级标题"].element) == "黑体"
    assert _east_asia(styles["DR 二级标题"].element) == "楷体_GB2312"
    for name in ("DR 正文", "DR 一级标题", "DR 二级标题"):
        st = styles[name]
        assert st.font.size.pt == 16
        spacing = st.element.find(qn("w:pPr")).find(qn("w:spacing"))
        assert spacing.get(qn("w:lineRule")) == "exact" and 28 * 20 <= int(spacing.get(qn("w:line"))) <= 29.5 * 20
    paras = [(p.style.name, p.text) for p in d.paragraphs if p.text]
    assert paras[0] == (
        "DR 标题",
        "台州市椒江区卫生健康局2023年上半年\n工作总结暨下半年工作思路",
    )  # broken between words
    assert (
        d.paragraphs[0].paragraph_format.alignment is None or d.paragraphs[0].style.paragraph_format.alignment == 1
    )  # centred
    assert ("DR 一级标题", "一、上半年主要工作及成效") in paras
    assert ("DR 二级标题", "（二）完善高质量就业和共富型大社保体系") in paras
    # a multi-line progress text becomes one body paragraph per line, verbatim
    first = samples.jiaojiang_form().rows[0].completion.split("\n")
    body = [t for s, t in paras if s == "DR 正文"]
    assert "一是" + first[0] in body and first[1] in body and first[2] in body
    assert paras[-2:] == [("DR 正文", "台州市椒江区卫生健康局"), ("DR 正文", "2023年7月21日")]
    for r in d.element.body.iter(qn("w:r")):
        assert _east_asia(r) in {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"}
    # every run of a heading carries its heading font
    for p in d.paragraphs:
        if p.style.name == "DR 二级标题":
            assert all(_east_asia(r._r) == "楷体_GB2312" for r in p.runs)


def test_summary_page_numbers_at_the_outer_edge():
    d = _open(summary_doc())
    assert d.settings.odd_and_even_pages_header_footer
    s = d.sections[0]
    for footer, side in ((s.footer, "right"), (s.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert p._p.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == side
        ind = p._p.find(qn("w:pPr")).find(qn("w:ind"))
        assert int(ind.get(qn("w:right" if side == "right" else "w:left"))) == 280  # one 4号 character in


def test_summary_control_chars_removed_html_escaped():
    doc = summary_doc()
    doc.blocks.append(SummaryBlock("body", "甲\x00乙\x0b<script>alert(1)</script>&"))
    d = _open(doc)
    assert any(p.text == "甲乙<script>alert(1)</script>&" for p in d.paragraphs)
    html = render_summary_html(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html and html.count('class="dr-h2"') == 2


def _page_number_x(pdf_path, page):
    """x of the page number on ``page`` (from pdftotext -bbox), and the page width."""
    exe = require_tool("pdftotext")
    out = subprocess.run(
        [exe, "-bbox", "-f", str(page), "-l", str(page), str(pdf_path), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out)
    number = [float(x) for x, y, w in words if w.strip() == str(page) and float(y) > 700]
    assert number, f"no page number on page {page}"
    return number[0], width


def test_summary_pdf_text_geometry_and_page_numbers(tmp_path, artifacts_dir):
    doc = summary_doc(repeat=2)
    pdf = render_summary_pdf(doc)
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    text = _no_page_numbers(_norm(pdf_text(pdf, tmp_path)))
    assert _norm(doc.title) in text
    for block in doc.blocks:
        for line in block.text.split("\n"):
            assert _norm(line) in text, line[:20]
    info = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3
    x1, width = _page_number_x(path, 1)
    x2, _w = _page_number_x(path, 2)
    assert x1 > width * 0.7 and x2 < width * 0.3  # odd right, even left
    (artifacts_dir / "summary.pdf").write_bytes(pdf)


@pytest.mark.libreoffice
def test_summary_docx_converts_in_libreoffice(tmp_path, artifacts_dir):
    soffice = require_tool("soffice")
    doc = summary_doc(repeat=2)
    src = tmp_path / "lo-summary.docx"
    src.write_bytes(render_summary_docx(doc))
    _convert(soffice, [src], tmp_path)
    out = tmp_path / "lo-summary.pdf"
    _check_pdf(out, _norm(doc.title))
    # LibreOffice honours the odd/even footers: — 1 — at the right, — 2 — at the left
    x1, width = _page_number_x(out, 1)
    x2, _w = _page_number_x(out, 2)
    assert x1 > width * 0.7 and x2 < width * 0.3
    shutil.copy(out, artifacts_dir / "lo-summary-docx.pdf")
