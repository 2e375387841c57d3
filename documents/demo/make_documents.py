"""Write the demo's sample documents from ``linjiang.toml`` (beside this file).

    python documents/demo/make_documents.py

Writes, next to this script, the documents an office of the fictional 临江市 would hold:

* ``linjiang-2026-city-work-points.docx`` — the city 卫生健康委's 工作要点 (a 印发 notice with the plan attached);
* ``donghu-2026-work-points.docx`` / ``xishan-2026-work-points.docx`` — each district's 工作要点, each task
  with its （牵头单位：…；配合单位：…）;
* ``donghu-2026-h1-filing-form.xlsx`` — 东湖's 上半年 填报表 as the office collects it from its units;
* ``xishan-2026-h1-key-work-status.html`` — 西山's published 上半年 重点工作推进情况 page.

The files are committed; run this again after editing the data file. The content is the same on every run
(fixed document dates and properties); only the zip entries' time stamps differ.
"""

import datetime
import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from duban.demo import numbered, read_story  # noqa: E402  (the data file is read one way: the loader's)

FIXED = datetime.datetime(2026, 3, 1, 9, 0)
ASSESSMENT = {"ahead": "超前", "on_track": "正常", "behind": "滞后"}


def annotated(task):
    """The task's text as the plan prints it: with its 牵头单位 and 配合单位 in brackets."""
    if not task.get("lead"):
        return task["text"]
    units = f"牵头单位：{task['lead']}"
    if task.get("co"):
        units += f"；配合单位：{'、'.join(task['co'])}"
    return f"{task['text']}（{units}）"


def plan_docx(issuer, part, path):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.author, props.title, props.created, props.modified = issuer, part["title"], FIXED, FIXED
    style = doc.styles["Normal"]
    style.font.size = Pt(14)

    def para(text, center=False, bold=False):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    para(part["doc_number"], center=True)
    para(f"关于印发《{part['title']}》的通知", center=True, bold=True)
    para(part["addressees"])
    para(
        f"现将《{part['title']}》印发给你们，请结合实际认真贯彻执行，并按季度报送完成情况。对上级部门今后下达的其他新任务另行部署和通知。"
    )
    para(f"附件：《{part['title']}》")
    para(issuer)
    para(part["date"])
    para("附件：")
    para(part["title"], center=True, bold=True)
    para(part["preamble"])
    for title, rows in numbered(part["sections"]):
        para(title, bold=True)
        for number, task in rows:
            para(f"{number}.{annotated(task)}")
    doc.save(path)


def form_xlsx(district, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.properties.creator, wb.properties.created, wb.properties.modified = district["name"], FIXED, FIXED
    ws = wb.active
    ws.title = "填报表"
    ws.append([district["form_title"]])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"填报单位：（盖章）{district['name']}"])
    ws.append(
        [
            "序号",
            "目标任务",
            "完成情况\n（300字以内）",
            "是否完成\n（填写：已完成/未完成）",
            "未完成原因\n（300字以内）",
            "责任单位",
        ]
    )
    for _title, rows in numbered(district["sections"]):
        for number, task in rows:
            h1 = task["h1"]
            ws.append(
                [
                    number,
                    task["text"],
                    h1["completion"],
                    "已完成" if h1.get("completed") else "未完成",
                    h1.get("reason", ""),
                    task["lead"],
                ]
            )
    ws.append(
        [
            f"填报人：{district['form_filler']}    联系电话：{district['form_phone']}    填报时间：{district['form_date']}"
        ]
    )
    for column, width in zip("ABCDEF", (6, 40, 60, 14, 30, 16), strict=False):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)


def status_html(district, path):
    e = html.escape
    rows = []
    for _title, tasks in numbered(district["sections"]):
        for number, task in tasks:
            h1 = task["h1"]
            rows.append(
                f"<tr><td>{number}</td><td>{e(task['text'])}</td><td>{e(h1['completion'])}</td><td>{e(h1.get('problems', ''))}</td><td>{ASSESSMENT[h1['self']]}</td><td>{e(task['lead'])}</td></tr>"
            )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{e(district["table_title"])}</title></head>
<body>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开 &gt; 信息公开目录 &gt; 区级部门 &gt; 区卫生健康局 &gt; 工作信息</div>
<table class="meta">
<tr><td>索引号：{e(district["table_index"])}</td><td>主题分类：卫生、体育\\医药管理</td></tr>
<tr><td>发布机构：{e(district["name"])}</td><td>发文日期：{e(district["table_date"])}</td></tr>
<tr><td>组配分类：计划总结</td><td>文件编号：</td></tr>
</table>
<h1>{e(district["table_title"])}</h1>
<p class="source">信息来源：区卫生健康局 发布时间：{e(district["table_date"])} 15:30</p>
<table class="status" border="1">
<thead><tr><th>序号</th><th>目标任务</th><th>完成情况<br>（截至6月30日）</th><th>存在问题及解决建议</th><th>完成情况自评<br>（超前/正常/滞后）</th><th>牵头单位</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


def main(out=HERE):
    data = read_story()
    city = data["city"]
    plan_docx(city["name"], city, out / city["file"])
    for district in data["districts"]:
        plan_docx(district["name"], district, out / district["file"])
        if "form_file" in district:
            form_xlsx(district, out / district["form_file"])
        if "table_file" in district:
            status_html(district, out / district["table_file"])


if __name__ == "__main__":
    main()
