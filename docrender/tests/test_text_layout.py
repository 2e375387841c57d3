from datetime import date

import pytest

from docrender import sanitize
from docrender.layout import _runs, spec_for
from docrender.model import FilingForm, FormRow, PlanDocument, PlanSection, PlanTask
from docrender.text import cn_date, cn_month_day, completed_label, self_assessment_label


def test_sanitize_removes_only_xml_illegal_controls():
    raw = "a\x00b\x01c\x08d\x0be\x0cf\x0eg\x1fh\ti\nj\u00a0k\u3000l😀m"
    assert sanitize(raw) == "abcdefgh\ti\nj\u00a0k\u3000l😀m"
    assert sanitize("x\r\ny\rz") == "x\ny\nz"
    assert sanitize(None) == ""
    assert sanitize(12) == "12"


def test_labels_and_dates():
    assert [self_assessment_label(x) for x in ("ahead", "on_track", "behind", "")] == ["超前", "正常", "滞后", ""]
    assert completed_label(True) == "已完成"
    assert completed_label(False) == "未完成"
    assert completed_label(None) == ""
    assert cn_date(date(2023, 7, 1)) == "2023年7月1日"
    assert cn_month_day(date(2025, 4, 5)) == "4月5日"
    assert cn_date(None) == ""


def test_runs_blank_continues_previous():
    assert _runs(["A", "", "A", "B", "B", "C"]) == [(0, 3), (3, 2)]
    assert _runs(["A", "B"]) == []
    assert _runs([]) == []


def test_form_spec_fills_category_down_and_merges(form):
    spec = spec_for(form)
    assert [c.header.split("\n")[0] for c in spec.columns] == [
        "类别",
        "目标任务",
        "完成情况",
        "是否完成",
        "未完成原因",
        "责任单位",
    ]
    assert spec.merges[0] == [(0, 2), (2, 6)]
    assert all(r[0] for r in spec.rows)
    assert {r[3] for r in spec.rows} == {"已完成"}


def test_status_header_uses_as_of(status):
    spec = spec_for(status)
    assert spec.columns[2].header == "完成情况\n（截止4月15日）"
    assert spec.rows[0][4] == "正常"
    status.as_of = None
    assert spec_for(status).columns[2].header == "完成情况"


def test_widths_favour_long_text(form, status):
    for doc in (form, status):
        spec = spec_for(doc)
        w = spec.widths()
        assert abs(sum(w) - 1) < 1e-9
        keys = [c.key for c in spec.columns]
        assert w[keys.index("completion")] == max(w)
        assert w[keys.index("task")] > w[0]
        # short labels such as 玉环市卫生健康局 / 区卫健局 fit on one line
        unit_chars = w[-1] * spec.total_chars
        assert unit_chars >= max(len(r[-1]) for r in spec.rows) + 0.5


def test_plan_numbers_continue_across_sections():
    doc = PlanDocument(
        title="t",
        intro="",
        sections=[
            PlanSection("一、", "甲", [PlanTask("", "a"), PlanTask("", "b")]),
            PlanSection("二、", "乙", [PlanTask("", "c")]),
            PlanSection("三、", "丙", [PlanTask("7", "d"), PlanTask("", "e")]),
        ],
    )
    spec = spec_for(doc)
    assert [r[0] for r in spec.rows] == ["1", "2", "3", "7", "8"]
    assert spec.merges[1] == [(0, 2), (3, 2)]


def test_unknown_type_rejected():
    import docrender

    for fn in (docrender.render_docx, docrender.render_xlsx, docrender.render_html):
        with pytest.raises(TypeError):
            fn(object())


def test_empty_documents_render():
    import docrender

    docs = [FilingForm(title="空表", rows=[]), PlanDocument(title="空", intro="", sections=[])]
    for d in docs:
        assert docrender.render_docx(d)[:2] == b"PK"
        assert docrender.render_xlsx(d)[:2] == b"PK"
        assert "空" in docrender.render_html(d)
    form = FilingForm(title="t", rows=[FormRow("", "任务", "", None, "", "")])
    assert docrender.render_xlsx(form)[:2] == b"PK"
