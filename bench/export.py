"""Export benchmark for docrender.

    .venv/bin/python bench/export.py [--tasks 500] [--runs 5] [--pdf-runs 3]

For a status table with N tasks (300-character completion texts) prints the
median time of docrender's .docx / .xlsx export against raw python-docx /
openpyxl writing the same table in the same process (targets: ratio ≤ 1.5),
and the PDF time.
"""
from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
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
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
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

    print(f"docrender export bench: {args.tasks} tasks × {args.length}-char texts "
          f"(status table), median of {args.runs} runs ({args.pdf_runs} for PDF)")
    results = {}
    for name, ours, raw in (
        ("docx", lambda: docrender.render_docx(doc), lambda: raw_docx(header, rows)),
        ("xlsx", lambda: docrender.render_xlsx(doc), lambda: raw_xlsx(header, rows)),
    ):
        t_ours, s_ours, t_raw, s_raw = timed_pair(ours, raw, args.runs)
        ratio = t_ours / t_raw
        results[name] = ratio
        verdict = "OK" if ratio <= 1.5 else "OVER TARGET"
        print(f"  .{name}: docrender {t_ours * 1000:8.1f} ms ({s_ours / 1024:.0f} KiB) | "
              f"raw {t_raw * 1000:8.1f} ms ({s_raw / 1024:.0f} KiB) | ratio {ratio:.2f} "
              f"(target ≤ 1.5: {verdict})")
    if args.pdf_runs > 0:
        t_pdf, s_pdf = timed(lambda: docrender.render_pdf(doc), args.pdf_runs)
        t_html, _ = timed(lambda: docrender.render_html(doc), args.runs)
        print(f"  .pdf : docrender {t_pdf:8.2f} s  ({s_pdf / 1024:.0f} KiB; HTML alone {t_html * 1000:.1f} ms)")
    return 0 if all(r <= 1.5 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
