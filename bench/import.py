"""Benchmark docparse.parse(): throughput on the 278 KB summaries collection and time per seed.

Run: .venv/bin/python bench/import.py [SEEDS_DIR]
jieba's dictionary load (one-time per process) is measured and printed separately.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docparse import parse  # noqa: E402
from docparse.indicators import _tokens, jieba_cache_dir, load_jieba  # noqa: E402
from duban.seeds import existing_seeds_dir  # noqa: E402

SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else existing_seeds_dir()  # DUBAN_SEEDS, else ../shared/seeds


def main() -> None:
    t = time.perf_counter()
    load_jieba()
    print(f"jieba dictionary load (once per process, cache in {jieba_cache_dir()}): {time.perf_counter() - t:.3f} s")
    big = SEEDS / "county-work-summaries-collection.txt"
    data = big.read_bytes()
    parse(data, big.name)  # warm-up
    runs, cpu = [], []
    for _ in range(7):
        _tokens.cache_clear()  # no cross-run segmentation cache: measure a cold document
        t, c = time.perf_counter(), time.process_time()
        parse(data, big.name)
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    med = statistics.median(runs)
    mb = len(data) / 1_000_000
    print(
        f"{big.name}: {len(data) / 1024:.0f} KiB, median {med * 1000:.1f} ms over {len(runs)} runs -> {mb / med:.2f} MB/s (min {min(runs) * 1000:.1f} ms, max {max(runs) * 1000:.1f} ms)"
    )
    cmed = statistics.median(cpu)
    print(
        f"  CPU time (steadier on a shared machine): median {cmed * 1000:.1f} ms -> {mb / cmed:.2f} MB/s; ratio to the 2 MB/s floor: wall {mb / med / 2:.2f}, CPU {mb / cmed / 2:.2f}"
    )
    for p in sorted(SEEDS.glob("*.txt")):
        b = p.read_bytes()
        ts = []
        for _ in range(5):
            t = time.perf_counter()
            r = parse(b, p.name)
            ts.append(time.perf_counter() - t)
        print(
            f"  {p.name:45s} {len(b) / 1024:7.1f} KiB  {statistics.median(ts) * 1000:7.1f} ms  kind={r['kind']} tasks={sum(len(s['tasks']) for s in r['sections'])} indicators={len(r['indicators'])}"
        )


if __name__ == "__main__":
    main()
