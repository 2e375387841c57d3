"""How many corrections the import preview needs on each fixture, against the fixture's hand-labelled truth.

Run: .venv/bin/python bench/corrections.py [-v]
Per fixture and format: tasks missed, false tasks, wrong fields of the tasks found (units, 自评, deadline …),
indicators missed or read wrong, indicators read where the truth says there are none; then the totals and the
share of the labelled tasks and indicators found. Fixtures: docparse/tests/real_pages.py (pages with the defects
of real disclosure pages, issue 25) and docparse/tests/shapes.py (the clean shapes, issue 12).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docparse import parse_document  # noqa: E402
from docparse.tests import real_pages, shapes  # noqa: E402

KEYS = ("tasks_missed", "false_tasks", "fields", "indicators_missed", "false_indicators")


def main() -> None:
    verbose = "-v" in sys.argv
    for label, fixtures, render in (
        ("real pages (issue 25)", real_pages.PAGES, real_pages.render),
        ("clean shapes (issue 12)", shapes.SHAPES, shapes.render),
    ):
        totals = dict.fromkeys(KEYS, 0)
        tasks = inds = 0
        print(f"{label}:")
        print(f"  {'fixture':32s} {'fmt':4s} " + " ".join(f"{k:>17s}" for k in KEYS) + "  corrections")
        for fx in fixtures:
            for fmt in fx.formats:
                r = parse_document(render(fx, fmt), f"{fx.name}.{fmt}")
                c = real_pages.corrections(fx, r)
                for k in KEYS:
                    totals[k] += c[k]
                tasks += len(fx.tasks)
                inds += len(fx.indicators)
                n = sum(c.values())
                if verbose or n:
                    print(f"  {fx.name:32s} {fmt:4s} " + " ".join(f"{c[k]:17d}" for k in KEYS) + f"  {n}")
        found_t = tasks - totals["tasks_missed"]
        found_i = inds - totals["indicators_missed"]
        print(f"  {'total':37s} " + " ".join(f"{totals[k]:17d}" for k in KEYS) + f"  {sum(totals.values())}")
        print(
            f"  tasks found {found_t}/{tasks} ({found_t / max(tasks, 1):.1%}), indicators found {found_i}/{inds} ({found_i / max(inds, 1):.1%})\n"
        )


if __name__ == "__main__":
    main()
