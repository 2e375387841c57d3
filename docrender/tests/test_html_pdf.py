import re
import subprocess
from pathlib import Path

import pytest

from docrender import fonts, render_html, stylesheet
from docrender.tests import samples
from docrender.tests.conftest import require_tool

_WS = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS.sub("", s)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    exe = require_tool("pdftotext")
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    # -raw: content-stream order, so a table cell's lines stay together
    out = subprocess.run([exe, "-raw", "-enc", "UTF-8", str(src), "-"], capture_output=True, timeout=60, check=True)
    return out.stdout.decode("utf-8")


def _no_page_numbers(text: str) -> str:
    return re.sub(r"—\s*\d+\s*—", "", text)


def first_page_png(pdf: bytes, stem: str, out_dir: Path, tmp_path: Path) -> Path:
    exe = require_tool("pdftoppm")
    src = tmp_path / f"{stem}.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        [exe, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(src), str(out_dir / stem)],
        check=True,
        timeout=60,
    )
    png = out_dir / f"{stem}.png"
    assert png.exists() and png.stat().st_size > 5000
    return png


# ---------------------------------------------------------------- HTML


def test_fragment_is_the_standalone_body(any_doc):
    frag = render_html(any_doc, standalone=False)
    full = render_html(any_doc)
    assert frag.startswith(('<div class="docrender', '<article class="docrender'))
    assert "<html" not in frag and "<style" not in frag
    assert full.startswith("<!DOCTYPE html>")
    assert f"<body>{frag}</body>" in full
    assert '<html lang="zh-CN">' in full


def test_form_html_structure(form):
    html = render_html(form, standalone=False)
    assert html.count("<tr") == 1 + len(form.rows)
    assert '<td rowspan="2" class="dr-c dr-merged">完善高质量就业和共富型大社保体系</td>' in html
    assert '<td rowspan="6" class="dr-c dr-merged">实施健康台州新三年行动</td>' in html
    assert "<thead>" in html and html.count('<th scope="col">') == 6
    assert "填报单位（盖章）：台州市椒江区卫生健康局" in html
    assert "填报时间：2023年7月21日" in html
    assert "附件2" in html


def test_status_html_header(status):
    html = render_html(status, standalone=False)
    assert "完成情况<br>（截止4月15日）" in html
    assert html.count(">正常<") == 9


def test_plan_html(plan):
    html = render_html(plan, standalone=False)
    assert html.count('<h2 class="dr-h1">') == 5
    assert '<span class="dr-num">16.</span>严防肇事肇祸' in html
    assert "2020年6月4日" in html


def test_unlabelled_section_is_the_same_heading_as_a_labelled_one_in_html(plan):
    """A section without 一、/二、 is an 一级标题 like the others (the same element and class, 黑体), its title alone:
    no label invented; tasks in no section stand under no heading."""
    from docrender.model import PlanSection, PlanTask

    plan.sections.append(PlanSection(label="", title="保障措施", tasks=[PlanTask(number="", text="加强组织领导。")]))
    plan.sections.insert(0, PlanSection(label="", title="", tasks=[PlanTask(number="", text="做好信访工作。")]))
    html = render_html(plan, standalone=False)
    headings = re.findall(r'<h2 class="dr-h1">(.*?)</h2>', html)
    assert headings[0].startswith("一、") and headings[-1] == "保障措施"
    assert len(headings) == 6 and "" not in headings
    assert (
        '<h2 class="dr-h1">保障措施</h2><p class="dr-body dr-task"><span class="dr-num">17.</span>加强组织领导。'
        in html
    )
    assert re.search(r'<section><p class="dr-body dr-task"><span class="dr-num">1\.</span>做好信访工作。', html)
    assert "font-family" in re.search(r"\.docrender \.dr-h1 \{([^}]*)\}", stylesheet(plan)).group(1)


def test_hostile_html_is_inert(form, plan):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
    form.title = evil
    form.rows[0].task = evil
    form.rows[1].category = evil
    form.unit_name = evil
    plan.sections[0].title = evil
    plan.sections[0].tasks[0].number = "<b>1</b>"
    for doc in (form, plan):
        for html in (render_html(doc), render_html(doc, standalone=False)):
            assert "<script" not in html and "<img" not in html and "<b>" not in html
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
            assert "&amp;amp;" in html


def test_stylesheet_for_embedding(form):
    css = stylesheet(form, print_css=True)
    assert ".docrender" in css and "@page" in css and "landscape" in css
    assert "Noto Serif CJK SC" in css and "Noto Sans CJK SC" in css


# ---------------------------------------------------------------- PDF


def test_fonts_dir_font_face(tmp_path, monkeypatch):
    candidates = list(Path("/usr/share/fonts").rglob("*.ttf"))
    if not candidates:
        pytest.skip("no TTF on this machine")
    ttf = candidates[0]
    (tmp_path / ttf.name).symlink_to(ttf)
    (tmp_path / "README.txt").write_text("not a font")
    monkeypatch.setenv(fonts.FONTS_DIR_ENV, str(tmp_path))
    faces = fonts.font_faces()
    assert faces and all(url.startswith("file://") for _, url in faces)
    css = fonts.font_face_css()
    assert "@font-face" in css and faces[0][0] in css
    assert "@font-face" in render_html(samples.jianggan_plan())
    monkeypatch.setenv(fonts.FONTS_DIR_ENV, str(tmp_path / "missing"))
    assert fonts.font_face_css() == ""
