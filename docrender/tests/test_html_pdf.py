import re
import subprocess
from pathlib import Path

import pytest

from docrender import fonts, render_html, render_pdf, stylesheet
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
    subprocess.run([exe, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(src), str(out_dir / stem)], check=True, timeout=60)
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


@pytest.mark.parametrize("kind", ["form", "status", "plan"])
def test_pdf_contains_all_tasks_and_png(kind, artifacts_dir, tmp_path):
    doc = {"form": samples.jiaojiang_form, "status": samples.yuhuan_status, "plan": samples.jianggan_plan}[kind]()
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF")
    raw = _norm(pdf_text(pdf, tmp_path))
    assert "—1—" in raw  # page numbers — 1 —
    text = _no_page_numbers(raw)
    assert _norm(doc.title) in text
    if kind == "plan":
        tasks = [t.text for s in doc.sections for t in s.tasks]
        for s in doc.sections:
            assert _norm(s.label + s.title) in text
        assert "杭州市江干区卫生健康局" in text
    else:
        tasks = [r.task for r in doc.rows]
    for t in tasks:
        assert _norm(t) in text, t[:30]
    if kind == "status":
        assert "（截止4月15日）" in text
    if kind == "form":
        assert "填报时间：2023年7月21日" in text
    (artifacts_dir / f"{kind}.pdf").write_bytes(pdf)
    first_page_png(pdf, f"{kind}-page1", artifacts_dir, tmp_path)


def test_pdf_fonts_are_cjk_not_boxes(tmp_path):
    exe = require_tool("pdffonts")
    src = tmp_path / "p.pdf"
    src.write_bytes(render_pdf(samples.yuhuan_status()))
    out = subprocess.run([exe, str(src)], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"[\s-]", "", out)
    assert "NotoSerifCJKSC" in flat or "仿宋" in flat
    assert "NotoSansCJKSC" in flat or "黑体" in flat


def test_pdf_page_geometry(tmp_path):
    exe = require_tool("pdfinfo")
    for doc, landscape in ((samples.yuhuan_status(), True), (samples.jianggan_plan(), False)):
        src = tmp_path / "g.pdf"
        src.write_bytes(render_pdf(doc))
        info = subprocess.run([exe, str(src)], capture_output=True, text=True, check=True).stdout
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        if landscape:
            w, h = h, w
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1, info


def _page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text (pdftotext ends every page with a form feed)."""
    return [_norm(p) for p in pdf_text(pdf, tmp_path).split("\f") if p.strip()]


def test_long_rows_share_pages_and_the_header_repeats(tmp_path):
    """40 rows with 300-字 completion texts flow across pages: far fewer pages
    than rows (not one page per row), the header row on top of every page."""
    rows = samples.big_status(40, 300).rows
    for i, r in enumerate(rows):  # as in the seed: short tasks, problems mostly blank
        r.task = samples.filler_text(i + 1000, 20)
        r.problems = samples.filler_text(i + 3000, 60) if i % 4 == 0 else ""
    doc = samples.big_status(0)
    doc.rows = rows
    pdf = render_pdf(doc)
    pages = _page_texts(pdf, tmp_path)
    # at 小四 a 300-字 text in the widest column the others leave is 16–17
    # lines, about three quarters of the landscape type area: 32 pages (it was
    # 41, a page per row, when 完成情况 got a sqrt-weighted share)
    assert len(pages) <= 0.85 * len(rows), len(pages)
    header = _norm("序号目标任务完成情况（截止4月15日）存在问题及解决建议完成情况自评（超前/正常/滞后）牵头单位")
    assert pages[0].startswith(_norm(doc.title) + header)
    for n, page in enumerate(pages[1:], start=2):
        assert page.startswith(header), (n, page[:80])
        assert page.endswith(f"—{n}—")
    # every row is there, in order, each number once at the start of its row
    text = "".join(_no_page_numbers(p) for p in pages)
    at = [text.index(_norm(r.completion)[:12]) for r in rows]
    assert at == sorted(at)


def test_the_bench_table_needs_fewer_pages_than_rows(tmp_path):
    """bench/export.py's table (300-字 completion, 100-字 problems in every row)
    also shares pages: its long columns are as wide as their texts need."""
    exe = require_tool("pdfinfo")
    src = tmp_path / "b.pdf"
    src.write_bytes(render_pdf(samples.big_status(40, 300)))
    info = subprocess.run([exe, str(src)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 34


def test_stylesheets_are_parsed_once_per_thread():
    from docrender import html_render

    render_pdf(samples.yuhuan_status())
    ctx = html_render._pdf_context()
    parsed = ctx.parses
    for _ in range(2):
        render_pdf(samples.yuhuan_status())
    render_pdf(samples.jianggan_plan())
    assert html_render._pdf_context() is ctx
    assert ctx.parses <= parsed + 1  # the plan's portrait sheet at most; the status sheet is reused
    assert html_render._font_config() is ctx.font_config


def test_pdf_hostile_text(tmp_path, form):
    form.rows[0].task = "<script>alert(1)</script>\x00\x07尾"
    text = pdf_text(render_pdf(form), tmp_path)
    assert "<script>alert(1)</script>尾" in _norm(text)


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
    assert render_pdf(samples.jianggan_plan()).startswith(b"%PDF")
    monkeypatch.setenv(fonts.FONTS_DIR_ENV, str(tmp_path / "missing"))
    assert fonts.font_face_css() == ""
