"""Export benchmark for docrender.

    .venv/bin/python bench/export.py [--tasks 500] [--runs 5] [--pdf-runs 3]

For a status table with N tasks (300-character completion texts) prints the
median time of docrender's .docx / .xlsx export against raw python-docx /
openpyxl writing the same table in the same process (targets: ratio ≤ 1.5).

The PDF line gives the median wall and CPU time of ``render_pdf`` for the
same table (target: 500 tasks under 10 s) against its floor: raw WeasyPrint
typesetting the same text as plain full-width paragraphs, same fonts, page
size and margins, its stylesheet and FontConfiguration reused the same way.
The two alternate, so machine load hits both alike.  (Wall time on a shared
machine swings with the load; CPU time much less.)
"""

from __future__ import annotations

import argparse
import gc
import html
import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402
from openpyxl import Workbook  # noqa: E402

import docrender  # noqa: E402
from docrender.layout import spec_for  # noqa: E402
from docrender.tests import samples  # noqa: E402


def raw_docx(header: list[str], rows: list[list[str]]) -> bytes:
    """The straightforward python-docx way: add_table + cell.text."""
    d = Document()
    d.add_paragraph(header[0])
    table = d.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=False):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=False):
            cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def raw_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for values in rows:
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def floor_pdf_factory(header: list[str], rows: list[list[str]]):
    """Raw WeasyPrint on minimal HTML: each row's texts as one paragraph."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from docrender import fonts

    font_config = FontConfiguration()
    sheet = CSS(
        string=f"""@page {{ size: A4 landscape; margin: 28mm 35mm 26mm 37mm; }}
        body {{ margin: 0; font-family: {fonts.CSS_BODY}; font-size: 12pt; line-height: 1.4; }}
        p {{ margin: 0 0 0.5em; }}""",
        font_config=font_config,
    )
    body = "".join(f"<p>{html.escape(' '.join(r))}</p>" for r in [header, *rows])
    page = f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return lambda: HTML(string=page).write_pdf(stylesheets=[sheet], font_config=font_config)


def timed_cpu_pair(ours, raw, runs: int) -> dict[str, tuple[float, float, int]]:
    """Alternating runs; per side (median wall s, median CPU s, size)."""
    acc = {"ours": ([], [], 0), "raw": ([], [], 0)}
    for _ in range(runs):
        for name, fn in (("ours", ours), ("raw", raw)):
            gc.collect()
            w, c = time.perf_counter(), time.process_time()
            out = fn()
            walls, cpus, _ = acc[name]
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
            acc[name] = (walls, cpus, len(out))
    return {k: (statistics.median(v[0]), statistics.median(v[1]), v[2]) for k, v in acc.items()}


def pdf_pages(pdf: bytes) -> str:
    """Page count by poppler's pdfinfo (WeasyPrint compresses its page objects)."""
    exe = shutil.which("pdfinfo")
    if exe is None:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run([exe, f.name], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return m.group(1) if m else "?"


def timed(fn, runs: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        size = len(out)
    return statistics.median(times), size


def timed_pair(ours, raw, runs: int) -> tuple[float, int, float, int]:
    """Alternate the two so machine load hits both alike; medians."""
    t_o, t_r = [], []
    s_o = s_r = 0
    for _ in range(runs):
        for fn, acc in ((ours, t_o), (raw, t_r)):
            gc.collect()
            t = time.perf_counter()
            out = fn()
            acc.append(time.perf_counter() - t)
            if fn is ours:
                s_o = len(out)
            else:
                s_r = len(out)
    return statistics.median(t_o), s_o, statistics.median(t_r), s_r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=500)
    ap.add_argument("--length", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pdf-runs", type=int, default=3)
    args = ap.parse_args(argv)

    doc = samples.big_status(args.tasks, args.length)
    spec = spec_for(doc)
    header = [c.header for c in spec.columns]
    rows = spec.rows

    # warm up imports / templates once
    docrender.render_docx(samples.yuhuan_status())
    docrender.render_xlsx(samples.yuhuan_status())
    raw_docx(header, rows[:2])
    raw_xlsx(header, rows[:2])

    print(f"docrender export bench: {args.tasks} tasks × {args.length}-char texts (status table), median of {args.runs} runs ({args.pdf_runs} for PDF)")
    results = {}
    for name, ours, raw in (
        ("docx", lambda: docrender.render_docx(doc), lambda: raw_docx(header, rows)),
        ("xlsx", lambda: docrender.render_xlsx(doc), lambda: raw_xlsx(header, rows)),
    ):
        t_ours, s_ours, t_raw, s_raw = timed_pair(ours, raw, args.runs)
        ratio = t_ours / t_raw
        results[name] = ratio
        verdict = "OK" if ratio <= 1.5 else "OVER TARGET"
        print(f"  .{name}: docrender {t_ours * 1000:8.1f} ms ({s_ours / 1024:.0f} KiB) | raw {t_raw * 1000:8.1f} ms ({s_raw / 1024:.0f} KiB) | ratio {ratio:.2f} (target ≤ 1.5: {verdict})")
    if args.pdf_runs > 0:
        floor = floor_pdf_factory(header, rows)
        docrender.render_pdf(samples.yuhuan_status())  # warm: fonts, stylesheet
        floor()
        out = {}

        def ours():
            out["ours"] = docrender.render_pdf(doc)
            return out["ours"]

        def raw():
            out["raw"] = floor()
            return out["raw"]

        r = timed_cpu_pair(ours, raw, args.pdf_runs)
        (w_o, c_o, s_o), (w_r, c_r, s_r) = r["ours"], r["raw"]
        t_html, _ = timed(lambda: docrender.render_html(doc), args.runs)
        verdict = "OK" if w_o < 10 else "OVER TARGET"
        print(
            f"  .pdf : docrender {w_o:8.2f} s wall {c_o:6.2f} s CPU ({s_o / 1024:.0f} KiB, "
            f"{pdf_pages(out['ours'])} pages) | floor (plain paragraphs) {w_r:6.2f} s wall {c_r:6.2f} s CPU "
            f"({s_r / 1024:.0f} KiB, {pdf_pages(out['raw'])} pages) | "
            f"ratio {w_o / w_r:.2f} wall, {c_o / c_r:.2f} CPU (target < 10 s: {verdict}; "
            f"HTML alone {t_html * 1000:.1f} ms)"
        )
    return 0 if all(r <= 1.5 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
