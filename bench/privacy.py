"""Privacy-scan benchmark (publishing/privacy.py).

    .venv/bin/python bench/privacy.py [--rows 500] [--runs 5]

Scans a status table of N rows (the seed 玉环 texts repeated, with a planted phone, ID number and
name every tenth row) and prints the median time and throughput against the floor measured in
the same run: every detector's raw pattern run over every cell (``findall``, and ``str.find`` for the
names and phrases) with no pre-checks, check digits or overlap resolution.
Target: ratio ≤ 1.5 (the pre-checks should pay for the validation and the overlap resolution).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docparse import privacy  # noqa: E402
from duban.seeds import existing_seeds_dir  # noqa: E402

SEEDS = existing_seeds_dir()  # DUBAN_SEEDS, else ../shared/seeds


def cells(rows):
    text = (SEEDS / "yuhuan-2025-q1-key-work-status.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 20]
    out = []
    for index in range(rows):
        cell = paragraphs[index % len(paragraphs)]
        if index % 10 == 0:
            cell += "联系人王小明，电话13812341234，身份证350102199003071234。"
        out.append(cell)
    return out


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    texts = cells(args.rows)
    chars = sum(len(t) for t in texts)
    patterns = [
        privacy._ID_RE,
        privacy._CARD_RE,
        privacy._MOBILE_RE,
        privacy._LANDLINE_RE,
        privacy._LOCAL_LANDLINE_RE,
        privacy._EMAIL_RE,
        privacy._ADDRESS_RE,
    ]
    words = ["王小明", "玉环填报人", "0576-87654321", *privacy.DEFAULT_PHRASES]

    def raw_patterns():
        for text in texts:
            for pattern in patterns:
                pattern.findall(text)
            for word in words:
                text.find(word)

    hits = []

    def scan_all():
        hits.clear()
        for text in texts:
            hits.extend(privacy.scan(text, names=["王小明", "玉环填报人"], contacts=["0576-87654321"]))

    floor = median_time(raw_patterns, args.runs)
    full = median_time(scan_all, args.runs)
    print(f"rows={args.rows} chars={chars} hits={len(hits)}")
    print(f"privacy.scan   {full * 1000:8.2f} ms  ({chars / full / 1e6:.2f} M chars/s)")
    print(f"raw-pattern floor {floor * 1000:6.2f} ms")
    print(f"ratio scan/floor = {full / floor:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
