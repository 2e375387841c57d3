"""Fixtures: the seed documents (the root conftest's ``seeds`` fixture finds them) and builders that
re-create their content as .docx/.xlsx/.html at test time."""

from __future__ import annotations

import io
import re

import pytest


@pytest.fixture(scope="session")
def jianggan(seeds) -> bytes:
    return (seeds / "jianggan-2020-work-plan.txt").read_bytes()


@pytest.fixture(scope="session")
def jiaojiang(seeds) -> bytes:
    return (seeds / "jiaojiang-2023-target-filing-form.txt").read_bytes()


@pytest.fixture(scope="session")
def yuhuan(seeds) -> bytes:
    return (seeds / "yuhuan-2025-q1-key-work-status.txt").read_bytes()


@pytest.fixture(scope="session")
def summaries(seeds) -> bytes:
    return (seeds / "county-work-summaries-collection.txt").read_bytes()


# ---------------------------------------------------------------- .docx builders
def _add_numbering(doc, abstract_id: int, num_id: int, levels: list[tuple[str, str]]):
    """Append an abstractNum (levels: [(numFmt, lvlText)]) and a num to numbering.xml."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{txt}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, txt) in enumerate(levels)
    )
    absn = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    first_num = numbering.find(num.tag)
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    numbering.append(num)


def _numbered(paragraph, num_id: int, ilvl: int = 0):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_plan_docx(seed_text: str) -> bytes:
    """Plan with Word auto-numbering: 一、 headings (chineseCounting) and 1. tasks (decimal), plus a text box."""
    import docx

    doc = docx.Document()
    _add_numbering(doc, 90, 90, [("chineseCounting", "%1、")])
    _add_numbering(doc, 91, 91, [("decimal", "%1.")])
    for line in seed_text.splitlines():
        m1 = re.match(r"^[一二三四五六七八九十]+、(.*)$", line)
        m2 = re.match(r"^\d+\.(.*)$", line)
        if m1:
            _numbered(doc.add_paragraph(m1.group(1)), 90)
        elif m2:
            _numbered(doc.add_paragraph(m2.group(1)), 91)
        else:
            doc.add_paragraph(line)
    _add_textbox(doc, "文本框里的内容新增托位 999 个")
    bio = io.BytesIO()
    doc.save(bio)
    return bio.getvalue()


def _add_textbox(doc, text: str) -> None:
    from docx.oxml import parse_xml

    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    )
    xml = (
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
        f"</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>"
    )
    p = doc.add_paragraph()
    p._p.append(parse_xml(xml))


FORM_HEADER = [
    "",
    "目标任务",
    "完成情况\n（300字以内）",
    "是否完成\n（填写：已完成/未完成）",
    "未完成原因\n（300字以内）",
    "责任单位",
]


def form_rows_from_result(result) -> list[list[str]]:
    rows = []
    for s in result.sections:
        for t in s.tasks:
            rows.append(
                [
                    s.title or "",
                    t.text,
                    t.completion or "",
                    "已完成" if t.completed else "未完成",
                    t.reason or "",
                    "、".join(t.units),
                ]
            )
    return rows


def build_form_docx(result) -> bytes:
    """Filing form as a real Word table; category cells merged vertically with cell.merge."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("附件 2")
    doc.add_paragraph(result.title)
    doc.add_paragraph("填报单位：（盖章）台州市椒江区卫生健康局\t签发人：严邦星")
    rows = form_rows_from_result(result)
    table = doc.add_table(rows=1 + len(rows), cols=6)
    for j, h in enumerate(FORM_HEADER):
        table.cell(0, j).text = h
    start = 1
    for i, r in enumerate(rows, start=1):
        for j in range(1, 6):
            table.cell(i, j).text = r[j]
    # merge category cells per section
    i = 1
    for s in result.sections:
        n = len(s.tasks)
        top = table.cell(i, 0)
        top.text = s.title
        if n > 1:
            top.merge(table.cell(i + n - 1, 0))
        i += n
    del start
    doc.add_paragraph("填报人：王婧\t联系方式：0576-89025399\t填报时间：2023年7月21日")
    bio = io.BytesIO()
    doc.save(bio)
    return bio.getvalue()


def build_form_xlsx(result) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([result.title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws.append(["填报单位：（盖章）台州市椒江区卫生健康局", "", "", "签发人：严邦星"])
    ws.append(FORM_HEADER)
    rows = form_rows_from_result(result)
    r0 = 4
    for r in rows:
        ws.append(r)
    i = r0
    for s in result.sections:
        n = len(s.tasks)
        for k in range(1, n):
            ws.cell(row=i + k, column=1).value = None
        if n > 1:
            ws.merge_cells(start_row=i, start_column=1, end_row=i + n - 1, end_column=1)
        i += n
    ws.append(["填报人：王婧", "联系方式：0576-89025399", "填报时间：2023年7月21日"])
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def build_status_html(result, encoding: str = "gb18030", label: str = "gb2312") -> bytes:
    from html import escape

    meta = (
        "<div class='meta'><p>索引号: 11331021355386184W/2025-141459 主题分类:</p>"
        "<p>发布机构: 玉环市卫生健康局 发文日期: 2025-05-14</p><p>公开方式: 公开范围:</p>"
        "<p>组配分类: 计划总结 文件编号:</p></div>"
    )
    rows = []
    for t in result.tasks:
        sa = {"ahead": "超前", "on_track": "正常", "behind": "滞后"}[t.self_assessment]
        comp = "".join(f"<p>{escape(x)}</p>" for x in (t.completion or "").split("\n"))
        rows.append(
            f"<tr><td>{t.number}</td><td><p>{escape(t.text)}</p></td><td>{comp}</td><td></td><td>{sa}</td><td>{escape(t.lead_unit)}</td></tr>"
        )
    page = (
        f"<html><head><meta http-equiv='Content-Type' content='text/html; charset={label}'>"
        f"<title>{escape(result.title)}</title><script>var x='<p>脚本</p>';</script></head><body>"
        f"<div class='nav'>当前位置: 首页 &gt; 政务公开</div>{meta}<h1>{escape(result.title)}</h1>"
        f"<table border=1><tr><td>序号</td><td>目标任务</td><td><p>完成情况</p><p>(截止4月15日)</p></td>"
        f"<td>存在问题及解决建议</td><td><p>完成情况自评</p><p>(超前/正常/滞后)</p></td><td>牵头单位</td></tr>"
        + "".join(rows)
        + "</table><div>分享:</div><div>打印本页 关闭窗口</div></body></html>"
    )
    return page.encode(encoding)
