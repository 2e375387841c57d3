import io

from openpyxl import load_workbook

from docrender import render_xlsx
from docrender.tests import samples


def _open(doc):
    return load_workbook(io.BytesIO(render_xlsx(doc)))


def _find_row(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c.row
    raise AssertionError(text)


def test_form_sheet(form):
    ws = _open(form).active
    assert ws["A1"].value == "附件2"
    assert ws["A1"].font.name == "黑体"
    assert ws["A2"].value == "2023年政府工作报告目标任务完成情况填报表"
    assert ws["A2"].font.name == "方正小标宋简体"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A2:F2" in merged  # title across the table
    assert ws["A3"].value == "填报单位（盖章）：台州市椒江区卫生健康局"
    assert ws["D3"].value == "签发人：严邦星"
    hr = _find_row(ws, "目标任务")
    assert hr == 4
    header = [ws.cell(hr, c).value for c in range(1, 7)]
    assert header == [
        "类别",
        "目标任务",
        "完成情况\n（300字以内）",
        "是否完成\n（填写：已完成/未完成）",
        "未完成原因\n（300字以内）",
        "责任单位",
    ]
    for c in range(1, 7):
        h = ws.cell(hr, c)
        assert h.font.b and h.font.name == "黑体"
        assert h.alignment.wrap_text
    # category merged vertically, value only in the top-left cell
    assert "A5:A6" in merged and "A7:A12" in merged
    assert ws["A5"].value == "完善高质量就业和共富型大社保体系"
    assert ws["A7"].value == "实施健康台州新三年行动"
    for i, row in enumerate(form.rows):
        r = hr + 1 + i
        assert ws.cell(r, 2).value == row.task
        assert ws.cell(r, 3).value == row.completion
        assert ws.cell(r, 4).value == "已完成"
        assert ws.cell(r, 6).value == "区卫健局"
        assert ws.cell(r, 3).alignment.wrap_text
        assert ws.cell(r, 3).font.name == "仿宋_GB2312"
        assert ws.row_dimensions[r].height > 15
    last = hr + len(form.rows)
    assert ws.cell(last + 2, 1).value == "填报人：王婧"
    assert ws.cell(last + 2, 3).value == "联系方式：0576-89025399"
    assert ws.cell(last + 2, 5).value == "填报时间：2023年7月21日"
    # frozen below the header, header repeated when printed
    assert ws.freeze_panes == f"A{hr + 1}"
    assert ws.print_title_rows == f"${hr}:${hr}"
    # landscape A4, fit to one page wide
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    # widths proportional: completion widest
    widths = [ws.column_dimensions[ch].width for ch in "ABCDEF"]
    assert widths[2] == max(widths)
    # 已完成/未完成 drop-down on the 是否完成 column
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1
    dv = dvs[0]
    assert dv.type == "list" and dv.formula1 == '"已完成,未完成"'
    assert str(dv.sqref) == f"D{hr + 1}:D{last}"


def test_status_sheet(status):
    ws = _open(status).active
    assert ws["A1"].value == status.title
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(2, c).value for c in range(1, 7)] == [
        "序号",
        "目标任务",
        "完成情况\n（截止4月15日）",
        "存在问题及解决建议",
        "完成情况自评\n（超前/正常/滞后）",
        "牵头单位",
    ]
    assert [ws.cell(r, 5).value for r in range(3, 12)] == ["正常"] * 9
    assert ws.cell(3, 1).value == "1" and ws.cell(3, 1).data_type == "s"
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    dv = ws.data_validations.dataValidation[0]
    assert dv.formula1 == '"超前,正常,滞后"' and str(dv.sqref) == "E3:E11"


def test_plan_sheet(plan):
    ws = _open(plan).active
    assert ws["A1"].value == "2020 年江干区卫生健康工作要点"
    hr = _find_row(ws, "工作任务")
    assert [ws.cell(hr, c).value for c in (1, 2, 3)] == ["序号", "工作板块", "工作任务"]
    numbers = [ws.cell(r, 1).value for r in range(hr + 1, hr + 17)]
    assert numbers == [str(i) for i in range(1, 17)]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"B{hr + 1}:B{hr + 4}" in merged  # 一、 has four tasks
    assert ws.page_setup.orientation == "portrait"
    assert ws.print_title_rows == f"${hr}:${hr}"


def test_hostile_text_stays_string(form):
    hostile = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")', "0123", "1e5", "TRUE"]
    for i, text in enumerate(hostile):
        form.rows[i].task = text
    form.rows[0].completion = "=cmd|' /C calc'!A0"
    form.rows[1].category = "=A1"
    form.unit_name = "=evil()"
    data = render_xlsx(form)
    assert b"<f>" not in data  # no formula anywhere in the package
    ws = load_workbook(io.BytesIO(data)).active
    hr = _find_row(ws, "目标任务")
    for i, text in enumerate(hostile):
        c = ws.cell(hr + 1 + i, 2)
        assert c.value == text and c.data_type == "s", (text, c.data_type)
    c = ws.cell(hr + 1, 3)
    assert c.value == "=cmd|' /C calc'!A0" and c.data_type == "s"
    assert ws["A3"].data_type == "s"


def test_control_chars_removed(form):
    form.rows[0].task = "甲\x00乙\x08丙\x0b丁\x0c戊\x0e己\x1f庚\u00a0辛\u3000壬\t癸\n子"
    ws = _open(form).active
    assert ws.cell(5, 2).value == "甲乙丙丁戊己庚\u00a0辛\u3000壬\t癸\n子"


def test_big_xlsx():
    ws = _open(samples.big_status(300, 300)).active
    assert ws.max_row == 302
    assert ws.cell(302, 3).value == samples.filler_text(299, 300)
