"""PDFs through Typst: every official document, read back with poppler (pdftotext, pdfinfo, pdffonts)."""

import re
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest

from docrender import fonts, render_pdf, typst_render
from docrender.layout import title_lines
from docrender.model import PlanSection, PlanTask
from docrender.tests import samples
from docrender.tests.conftest import require_tool
from docrender.tests.test_html_pdf import _no_page_numbers, _norm, first_page_png, pdf_text


def _info(pdf: bytes, tmp_path: Path) -> str:
    src = tmp_path / "info.pdf"
    src.write_bytes(pdf)
    return subprocess.run([require_tool("pdfinfo"), str(src)], capture_output=True, text=True, check=True).stdout


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text, whitespace removed (pdftotext ends every page with a form feed)."""
    return [_norm(p) for p in pdf_text(pdf, tmp_path).split("\f") if p.strip()]


def _words(pdf: bytes, tmp_path: Path, page: int) -> tuple[float, float, list[tuple[float, float, str]]]:
    """(page width, page height, [(x, y, word)]) of one page, from pdftotext -bbox."""
    src = tmp_path / "bbox.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(
        [require_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(src), "-"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    w, h = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out).groups())
    words = [
        (float(x), float(y), t)
        for x, y, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out
        )
    ]
    return w, h, words


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
    if kind == "form":  # a merged 类别 cell is drawn after the rows it spans: take it out of the stream
        for cat in {r.category for r in doc.rows if r.category}:
            text = text.replace(_norm(cat), "")
    for t in tasks:  # a cell split across pages has its head on one page, its tail on the next
        assert _norm(t)[:10] in text and _norm(t)[-10:] in text, t[:30]
    if kind == "status":
        assert "（截止4月15日）" in text
    if kind == "form":
        assert "填报时间：2023年7月21日" in text
    (artifacts_dir / f"{kind}.pdf").write_bytes(pdf)
    first_page_png(pdf, f"{kind}-page1", artifacts_dir, tmp_path)


def test_pdf_fonts_are_noto_cjk_embedded(tmp_path):
    src = tmp_path / "p.pdf"
    src.write_bytes(render_pdf(samples.jiaojiang_form()))
    out = subprocess.run([require_tool("pdffonts"), str(src)], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"[\s-]", "", out)
    assert "NotoSerifCJK" in flat  # 仿宋 / 小标宋 / 宋体 fall back to the serif face
    assert "NotoSansCJK" in flat  # 黑体: the header row and the 附件 label
    assert "DejaVu" not in flat and "Libertinus" not in flat  # no system font, no Typst default


def test_pdf_page_geometry(tmp_path):
    for doc, landscape in ((samples.yuhuan_status(), True), (samples.jianggan_plan(), False)):
        info = _info(render_pdf(doc), tmp_path)
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        if landscape:
            w, h = h, w
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1, info


def test_long_rows_split_across_pages_and_the_header_repeats(tmp_path):
    """40 rows with 300-字 completion texts flow across pages, split where a page ends (as the seed
    tables do), the header row on top of every page, every row in order."""
    rows = samples.big_status(40, 300).rows
    for i, r in enumerate(rows):  # as in the seed: short tasks, problems mostly blank
        r.task = samples.filler_text(i + 1000, 20)
        r.problems = samples.filler_text(i + 3000, 60) if i % 4 == 0 else ""
    doc = samples.big_status(0)
    doc.rows = rows
    pages = _pages(render_pdf(doc), tmp_path)
    assert len(pages) <= 0.75 * len(rows), len(pages)
    header = _norm("序号目标任务完成情况（截止4月15日）存在问题及解决建议完成情况自评（超前/正常/滞后）牵头单位")
    assert header in pages[0]
    for n, page in enumerate(pages[1:], start=2):
        assert page.startswith(header), (n, page[:80])
        assert f"—{n}—" in page
    text = "".join(_no_page_numbers(p) for p in pages)
    at = [text.index(_norm(r.completion)[:12]) for r in rows]
    assert at == sorted(at)
    # rows are split: some row's completion starts on one page and ends on the next
    split = [r for r in rows if not any(_norm(r.completion) in p for p in pages)]
    assert split, "no row was split across a page break"


def test_a_long_row_does_not_leave_the_first_page_with_only_the_title(tmp_path):
    doc = samples.big_status(3, 1500)
    pages = _pages(render_pdf(doc), tmp_path)
    first = _no_page_numbers(pages[0])
    assert _norm(doc.rows[0].completion)[:40] in first  # the first row starts under the header


def test_the_bench_table_needs_fewer_pages_than_rows(tmp_path):
    info = _info(render_pdf(samples.big_status(40, 300)), tmp_path)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 32


def test_page_numbers_outer_edge_odd_right_even_left(tmp_path):
    for doc in (samples.jianggan_plan(), samples.big_status(12, 300)):
        pdf = render_pdf(doc)
        for page, side in ((1, "right"), (2, "left")):
            width, height, words = _words(pdf, tmp_path, page)
            number = [x for x, y, t in words if t == str(page) and y > height * 0.85]
            assert number, page
            assert (number[0] > width * 0.7) if side == "right" else (number[0] < width * 0.3), (
                type(doc).__name__,
                page,
                number,
            )


def test_title_breaks_between_words_in_balanced_lines(tmp_path):
    title = "玉环市卫生健康局2025年第一季度市政府重点工作和民生实事工作完成情况"
    lines = title_lines(title, 28)
    assert lines == ["玉环市卫生健康局2025年第一季度", "市政府重点工作和民生实事工作完成情况"]
    assert title_lines("杭州市江干区卫生健康局关于印发2020年江干区卫生健康工作要点的通知", 20)[-1] != "知"
    for n in (12, 16, 20, 28):
        got = title_lines(title, n)
        assert "".join(got) == title
        assert max(map(len, got)) - min(map(len, got)) <= 8, got
    doc = samples.yuhuan_status()
    doc.title = title
    _w, _h, words = _words(render_pdf(doc), tmp_path, 1)
    first_lines = pdf_text(render_pdf(doc), tmp_path).splitlines()[:2]
    assert [_norm(x) for x in first_lines] == lines, first_lines


def test_signature_is_not_alone_on_the_last_page(tmp_path):
    doc = samples.jianggan_plan()
    doc.issued_on = date(2020, 3, 2)
    # grow the last section until the signature would fall onto a page of its own
    last = doc.sections[-1]
    for n in range(40):
        pdf = render_pdf(doc)
        pages = _pages(pdf, tmp_path)
        tail = _no_page_numbers(pages[-1])
        assert _norm(doc.issuer) in tail and "2020年3月2日" in tail
        assert len(tail) > len(_norm(doc.issuer) + "2020年3月2日"), (n, tail)
        last.tasks.append(PlanTask(number="", text=samples.filler_text(n, 24)))


def test_unlabelled_section_is_a_heading_in_hei(tmp_path):
    """A section without 一、/二、 is printed as a heading (黑体, its own line, two characters in), not as a bare line."""
    doc = samples.jianggan_plan()
    doc.sections.append(PlanSection(label="", title="保障措施", tasks=[PlanTask(number="", text="加强组织领导。")]))
    pdf = render_pdf(doc)
    lines = [_norm(line) for line in pdf_text(pdf, tmp_path).splitlines()]
    at = lines.index("保障措施")  # a line of its own
    assert lines[at + 1].startswith("17.加强组织领导。")
    pages = _pages(pdf, tmp_path)
    page = next(i for i, p in enumerate(pages, start=1) if "保障措施" in p)
    _w, _h, words = _words(pdf, tmp_path, page)
    x = next(x for x, _y, t in words if t.startswith("保障措施"))
    left = 28 / 25.4 * 72
    assert abs(x - (left + 32)) < 3, x  # indented two 16 pt characters, like the numbered headings
    src = tmp_path / "fonts.pdf"
    src.write_bytes(pdf)
    fonts_used = subprocess.run([require_tool("pdffonts"), str(src)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in re.sub(r"[\s-]", "", fonts_used)  # headings in 黑体 (Noto Sans CJK)


def test_user_text_is_never_typst_markup(tmp_path, form):
    hostile = '#panic("x") ] [ $x^2$ <lbl> @ref *bold* #read("/etc/passwd") \\ `raw` = heading'
    form.rows[0].task = hostile + "\x00\x07尾"
    form.title = '#set page(paper: "a5")' + form.title
    pdf = render_pdf(form)
    text = _norm(pdf_text(pdf, tmp_path))
    assert _norm(hostile + "尾") in text
    assert _norm('#set page(paper: "a5")') in text
    assert "root:" not in text
    assert "Page size:       841.89 x 595.276" in _info(pdf, tmp_path)


def test_one_compiler_per_process_and_safe_from_threads():
    render_pdf(samples.yuhuan_status())
    with typst_render._lock:
        engine = typst_render._get_engine()
    results, errors = [], []

    def work(doc):
        try:
            results.append(render_pdf(doc))
        except Exception as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(d,))
        for d in (samples.yuhuan_status(), samples.jianggan_plan(), samples.jiaojiang_form(), samples.big_status(5))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4 and all(r.startswith(b"%PDF") for r in results)
    with typst_render._lock:
        assert typst_render._get_engine() is engine  # reused, not rebuilt


def test_compiler_sees_only_the_cjk_and_operator_fonts(tmp_path, monkeypatch):
    dirs = typst_render.noto_cjk_dirs()
    assert dirs and all("noto" in d.lower() for d in dirs)
    monkeypatch.setenv(fonts.FONTS_DIR_ENV, str(tmp_path))
    assert typst_render.font_dirs() == [*dirs, str(tmp_path)]
    assert render_pdf(samples.jianggan_plan()).startswith(b"%PDF")
    with typst_render._lock:
        engine = typst_render._get_engine()
    assert engine.dirs == (*dirs, str(tmp_path))
    assert "dejavu sans" not in engine.families and "noto serif cjk sc" in engine.families
    monkeypatch.delenv(fonts.FONTS_DIR_ENV)
    with typst_render._lock:
        assert typst_render._get_engine().dirs == tuple(dirs)


def test_a_large_document_is_aged_out_of_typsts_cache(monkeypatch):
    """Typst keeps a layout until 10 later compiles leave it unused: after a large PDF, the engine runs eleven
    tiny compiles so a worker does not hold the last ten large tables (1.8 GB for ten 500-row tables)."""
    calls = []
    real = typst_render._age_out
    monkeypatch.setattr(typst_render, "_age_out", lambda engine: (calls.append(engine), real(engine)))
    render_pdf(samples.yuhuan_status())
    assert calls == []  # a small table: nothing to age out
    render_pdf(samples.big_status(40, 300))
    assert len(calls) == 1


def test_a_round_wide_forms_sign_off_lines_are_whole_and_kept_together(tmp_path):
    """Each unit's sign-off line stays one line (a date never broken off), the lines and the form's 填报时间 stay on
    one page, and the .docx keeps them together too."""
    import io

    from docx import Document

    from docrender import render_docx
    from docrender.model import UnitMeta

    form = samples.jiaojiang_form()
    names = ["东湖区卫生健康综合行政执法队", "爱国卫生与健康促进处", "湖滨街道社区卫生服务中心", "医政医管科"]
    form.units = [
        UnitMeta(unit=n, signer="沈海涛", filler="蒋文博", contact=f"0579-8160701{i}", filed_on=date(2026, 7, 8 + i))
        for i, n in enumerate(names)
    ]
    form.signer, form.filler, form.contact, form.filed_on = "各单位（见表后）", "", "", date(2026, 7, 11)
    pdf = render_pdf(form)
    lines = [_norm(line) for line in pdf_text(pdf, tmp_path).splitlines()]
    for i, name in enumerate(names):
        line = next(line for line in lines if line.startswith(name))
        assert line.endswith(f"填报时间：2026年7月{8 + i}日"), line
    last = _no_page_numbers(_pages(pdf, tmp_path)[-1])
    assert all(_norm(n) in _norm(last) for n in names) and "填报时间：2026年7月11日" in _norm(last)
    paras = [p for p in Document(io.BytesIO(render_docx(form))).paragraphs if p.text.strip()]
    tail = paras[-len(names) - 1 :]
    assert [p.text.split("　")[0] for p in tail[:-1]] == names and tail[-1].text.strip() == "填报时间：2026年7月11日"
    assert all(p.paragraph_format.keep_with_next for p in tail[:-1])
