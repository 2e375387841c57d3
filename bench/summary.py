"""工作总结 benchmark: drafting and the 公文-style .docx for a large plan.

    .venv/bin/python bench/summary.py [--tasks 500] [--runs 5]

For a plan of N tasks (each with a 300-character 完成情况, half with an indicator, a tenth unfinished)
prints the median time of reports.drafting.draft, of docrender.summary.render_summary_docx on its
output, and of the floor: raw python-docx writing the same paragraphs with add_paragraph in the same
process; the ratio (draft + docx) / floor should stay ≤ 1.5.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402

from docrender.summary import SummaryBlock, SummaryDocument, render_summary_docx  # noqa: E402
from docrender.tests import samples  # noqa: E402
from reports import drafting  # noqa: E402

KINDS = {drafting.PART: "h1", drafting.HEADING: "h2"}


def plan(n_tasks: int) -> drafting.PlanData:
    texts = [r.completion.replace("\n", "")[:300] for r in samples.jiaojiang_form().rows]
    sections = []
    per = max(1, n_tasks // 10)
    for s in range(0, n_tasks, per):
        tasks = []
        for i in range(s, min(n_tasks, s + per)):
            unfinished = i % 10 == 0
            filing = drafting.FilingData(
                i,
                "区卫健局",
                "2025年度",
                date(2025, 12, 31),
                completion=texts[i % len(texts)],
                completed=not unfinished,
                reason="资金未到位。" if unfinished else "",
                problems=f"问题{i % 7}。" if unfinished else "",
                self_assessment="behind" if unfinished else "on_track",
            )
            inds = (
                (drafting.IndicatorData(i, "托位", "add", Decimal(1900), "个", None, Decimal(336 + i)),)
                if i % 2
                else ()
            )
            tasks.append(drafting.TaskData(i, str(i + 1), f"目标任务{i + 1}。", "区卫健局", filing, inds))
        sections.append(drafting.SectionData(s, "", f"板块{s // per + 1}", tuple(tasks)))
    return drafting.PlanData(1, "2025年重点工作", 2025, "某区卫生健康局".replace("某", "椒江"), tuple(sections))


def to_doc(d: drafting.Draft) -> SummaryDocument:
    return SummaryDocument(
        d.title,
        [SummaryBlock(KINDS.get(p.kind, "body"), p.text) for p in d.paragraphs[1:]],
        "椒江区卫生健康局",
        date(2026, 1, 10),
    )


def floor_docx(doc: SummaryDocument) -> bytes:
    d = Document()
    d.add_paragraph(doc.title)
    for block in doc.blocks:
        for line in block.text.split("\n"):
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def median(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    data = plan(args.tasks)
    d = drafting.draft(data)
    doc = to_doc(d)
    t_draft = median(lambda: drafting.draft(data), args.runs)
    t_docx = median(lambda: render_summary_docx(doc), args.runs)
    t_floor = median(lambda: floor_docx(doc), args.runs)
    print(f"tasks={args.tasks} paragraphs={len(d.paragraphs)}")
    print(f"draft   {t_draft * 1000:8.1f} ms")
    print(f"docx    {t_docx * 1000:8.1f} ms")
    print(f"floor   {t_floor * 1000:8.1f} ms  (raw python-docx add_paragraph, same text)")
    print(f"ratio   {(t_draft + t_docx) / t_floor:8.2f}  (draft + docx) / floor, target ≤ 1.5")


if __name__ == "__main__":
    main()
