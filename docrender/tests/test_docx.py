import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from docrender import render_docx
from docrender.tests import samples


def _open(doc):
    return Document(io.BytesIO(render_docx(doc)))


def _east_asia(el):
    rfonts = el.find(".//" + qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def _cell_text(tc):
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def test_form_table_structure(form):
    d = _open(form)
    assert len(d.tables) == 1
    tbl = d.tables[0]._tbl
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 1 + len(form.rows)
    headers = [_cell_text(tc) for tc in rows[0].findall(qn("w:tc"))]
    assert headers == [
        "类别",
        "目标任务",
        "完成情况\n（300字以内）",
        "是否完成\n（填写：已完成/未完成）",
        "未完成原因\n（300字以内）",
        "责任单位",
    ]
    # header row repeats on every page and never splits
    trpr = rows[0].find(qn("w:trPr"))
    assert trpr.find(qn("w:tblHeader")) is not None
    assert trpr.find(qn("w:cantSplit")) is not None
    assert all(r.find(qn("w:trPr")) is None or r.find(qn("w:trPr")).find(qn("w:tblHeader")) is None for r in rows[1:])
    # category merged vertically: rows 1-2 and 3-8
    vm = []
    for r in rows[1:]:
        v = r.find(qn("w:tc")).find(qn("w:tcPr")).find(qn("w:vMerge"))
        vm.append(None if v is None else (v.get(qn("w:val")) or "continue"))
    assert vm == ["restart", "continue", "restart"] + ["continue"] * 5
    first_cells = [_cell_text(r.find(qn("w:tc"))) for r in rows[1:]]
    assert first_cells[0] == "完善高质量就业和共富型大社保体系"
    assert first_cells[2] == "实施健康台州新三年行动"
    assert first_cells[1] == "" and first_cells[3] == ""
    # python-docx sees the merge too
    t = d.tables[0]
    assert t.cell(1, 0)._tc is t.cell(2, 0)._tc
    assert t.cell(3, 0)._tc is t.cell(8, 0)._tc
    # every task text present, 已完成 in column 4
    for i, row in enumerate(form.rows, start=1):
        cells = rows[i].findall(qn("w:tc"))
        assert _cell_text(cells[1]) == row.task
        assert _cell_text(cells[2]) == row.completion
        assert _cell_text(cells[3]) == "已完成"
    # fixed layout with widths proportional to content: 完成情况 widest
    grid = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert grid[2] == max(grid) and grid[1] > grid[0]
    # heading/meta lines
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "附件2"
    assert texts[1] == "2023年政府工作报告目标任务完成情况填报表"
    assert texts[2] == "填报单位（盖章）：台州市椒江区卫生健康局\t签发人：严邦星"
    assert texts[-1] == "填报人：王婧\t联系方式：0576-89025399\t填报时间：2023年7月21日"


def test_tables_landscape_plan_portrait(form, status, plan):
    for doc in (form, status):
        s = _open(doc).sections[0]
        assert s.orientation == WD_ORIENT.LANDSCAPE
        assert s.page_width > s.page_height
        assert abs(s.page_width - Mm(297)) < Mm(1) and abs(s.page_height - Mm(210)) < Mm(1)
    s = _open(plan).sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert abs(s.page_width - Mm(210)) < Mm(1)
    assert [round(x / Mm(1)) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37,
        35,
        28,
        26,
    ]


def test_fonts_east_asia_in_styles_and_runs(form):
    d = _open(form)
    styles = d.styles
    assert _east_asia(styles["Normal"].element) == "仿宋_GB2312"
    doc_defaults = d.styles.element.find(qn("w:docDefaults"))
    assert _east_asia(doc_defaults) == "仿宋_GB2312"
    assert _east_asia(styles["DR 标题"].element) == "方正小标宋简体"
    assert styles["DR 标题"].font.size.pt == 22
    assert _east_asia(styles["DR 表头"].element) == "黑体"
    assert _east_asia(styles["DR 表格文字"].element) == "仿宋_GB2312"
    assert _east_asia(styles["DR 附件标识"].element) == "黑体"
    # runs carry the font too (Word/WPS ignore nothing this way)
    title = d.paragraphs[1]
    assert title.style.name == "DR 标题"
    assert _east_asia(title.runs[0]._r) == "方正小标宋简体"
    rows = d.tables[0]._tbl.findall(qn("w:tr"))
    assert _east_asia(rows[0]) == "黑体"
    assert _east_asia(rows[1].findall(qn("w:tc"))[1]) == "仿宋_GB2312"
    # header text is 黑体, body text 仿宋 — every run has an eastAsia font
    for r in d.element.body.iter(qn("w:r")):
        assert _east_asia(r) in {"仿宋_GB2312", "黑体", "方正小标宋简体"}


def test_page_number_field_in_footer(any_doc):
    d = _open(any_doc)
    footer = d.sections[0].footer
    assert not footer.is_linked_to_previous
    xml = footer._element.xml
    assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")


def test_status_table(status):
    d = _open(status)
    t = d.tables[0]
    header = [c.text for c in t.rows[0].cells]
    assert header[2] == "完成情况\n（截止4月15日）"
    assert header[4] == "完成情况自评\n（超前/正常/滞后）"
    assert header[0] == "序号" and header[5] == "牵头单位"
    assert [t.cell(i, 4).text for i in range(1, 10)] == ["正常"] * 9
    assert [t.cell(i, 0).text for i in range(1, 10)] == [str(i) for i in range(1, 10)]
    # a long title breaks between words: 玉环市卫生健康局2025年第一季度 / 市政府重点工作…
    assert d.paragraphs[0].text == "玉环市卫生健康局2025年第一季度\n市政府重点工作和民生实事工作完成情况"
    assert d.paragraphs[0].text.replace("\n", "") == status.title


def test_plan_paragraphs(plan):
    d = _open(plan)
    assert not d.tables
    paras = [(p.style.name, p.text) for p in d.paragraphs if p.text]
    assert paras[0] == ("DR 标题", "2020 年江干区卫生健康工作要点")
    assert paras[1][0] == "DR 正文" and paras[1][1].startswith("2020 年全区卫生健康工作的总体思路")
    headings = [t for s, t in paras if s == "DR 一级标题"]
    assert headings[0] == "一、紧抓机遇,实现公共卫生服务体系再完善"
    assert len(headings) == 5
    tasks = [t for s, t in paras if s == "DR 正文"][1:-2]
    assert len(tasks) == 16
    assert [t.split(".", 1)[0] for t in tasks] == [str(i) for i in range(1, 17)]
    assert tasks[4].startswith("5.健全政策体系。")
    assert paras[-2][1] == "杭州市江干区卫生健康局"
    assert paras[-1][1] == "2020年6月4日"
    assert d.styles["DR 一级标题"].element.find(".//" + qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert _east_asia(d.styles["DR 正文"].element) == "仿宋_GB2312"


def test_control_chars_removed_nothing_else_lost(form):
    form.rows[0].task = "甲\x00乙\x07丙\x0b丁\x1f戊\u00a0己\u3000庚<&>\"'"
    form.rows[0].completion = "第一行\x0c\n第二行\t制表"
    d = _open(form)
    t = d.tables[0]
    assert t.cell(1, 1).text == "甲乙丙丁戊\u00a0己\u3000庚<&>\"'"
    assert t.cell(1, 2).text == "第一行\n第二行\t制表"


def test_big_document_docx():
    d = _open(samples.big_form(300, 300))
    assert len(d.tables[0]._tbl.findall(qn("w:tr"))) == 301


def test_long_rows_may_split_across_pages_the_header_repeats():
    d = _open(samples.big_status(5, 1200))
    rows = d.tables[0]._tbl.findall(qn("w:tr"))
    head = rows[0].find(qn("w:trPr"))
    assert head.find(qn("w:tblHeader")) is not None
    for r in rows[1:]:  # no data row is kept whole: a page is never left with the title alone
        assert r.find(qn("w:trPr")) is None or r.find(qn("w:trPr")).find(qn("w:cantSplit")) is None


def test_fonts_are_declared_with_fallbacks():
    from lxml import etree

    d = _open(samples.jianggan_plan())
    part = next(p for p in d.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    fonts = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    for name, alt, family in (
        ("仿宋_GB2312", "仿宋", "roman"),
        ("方正小标宋简体", "宋体", "roman"),
        ("黑体", "SimHei", "modern"),
        ("楷体_GB2312", "楷体", "modern"),
    ):
        f = fonts[name]
        assert f.find(qn("w:altName")).get(qn("w:val")) == alt
        assert f.find(qn("w:charset")).get(qn("w:val")) == "86"  # GB2312
        assert f.find(qn("w:family")).get(qn("w:val")) == family


def test_page_numbers_odd_right_even_left_in_every_docx():
    for doc in (samples.jianggan_plan(), samples.yuhuan_status(), samples.jiaojiang_form()):
        d = _open(doc)
        assert d.settings.odd_and_even_pages_header_footer
        section = d.sections[0]
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        assert odd.text.startswith("— ") and odd.text.endswith(" —") and even.text == odd.text
        assert odd.paragraph_format.alignment == 2 and even.paragraph_format.alignment == 0  # right / left


def test_the_signature_is_kept_with_the_last_paragraph():
    from datetime import date

    doc = samples.jianggan_plan()
    doc.issued_on = date(2020, 6, 4)
    d = _open(doc)
    paras = d.paragraphs
    at = next(i for i, p in enumerate(paras) if p.text == "2020年6月4日")
    assert paras[at - 1].text == doc.issuer
    last_task = max(i for i, p in enumerate(paras[:at]) if p.text.strip() and p.text != doc.issuer)
    for p in paras[last_task:at]:  # last paragraph, the empty lines and the 署名 each keep with the next
        assert p.paragraph_format.keep_with_next, p.text
    assert paras[last_task].text.endswith(doc.sections[-1].tasks[-1].text[-10:]) or paras[last_task].text.endswith("）")
