"""Benchmark the importer on hostile files: per file, the wall time, the peak memory of the parse and the outcome.

Run: .venv/bin/python bench/hostile.py [--no-doc] [--timeout S] [--max-memory MB]
Each file is generated here (docparse/tests/hostile.py) and parsed as the web importer parses it: in a forked child
under the time and memory budget (docparse.sandbox; defaults as DUBAN_PARSE_TIMEOUT / DUBAN_PARSE_MAX_MEMORY).
The floor is the same sandboxed parse of a small seed document, measured in this run; "×floor" compares to it.
A legacy .doc (converted through LibreOffice) is included when LibreOffice is installed, unless --no-doc.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docparse import readers, sandbox  # noqa: E402
from docparse.tests import hostile  # noqa: E402
from duban.seeds import existing_seeds_dir  # noqa: E402

SEEDS = existing_seeds_dir()  # DUBAN_SEEDS, else ../shared/seeds
MB = 1024 * 1024


def legacy_doc() -> bytes | None:
    """The 江干 plan as a Word 97 .doc, made with LibreOffice (None without it)."""
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if not exe:
        return None
    work = tempfile.mkdtemp(prefix="bench-doc-")
    try:
        src = Path(work) / "plan.txt"
        src.write_bytes((SEEDS / "jianggan-2020-work-plan.txt").read_bytes())
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "doc:MS Word 97",
                "--outdir",
                work,
                str(src),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
        )
        out = Path(work) / "plan.doc"
        return out.read_bytes() if out.exists() else None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(name: str, data: bytes, timeout: float, max_memory: int) -> sandbox.Outcome:
    return sandbox.call_limited(
        sandbox._parse, data, name, readers.DEFAULT_MAX_SIZE, True, timeout=timeout, max_memory=max_memory
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-doc", action="store_true")
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("DUBAN_PARSE_TIMEOUT", "60")))
    ap.add_argument(
        "--max-memory", type=int, default=int(os.environ.get("DUBAN_PARSE_MAX_MEMORY", str(1024 * MB))) // MB
    )
    args = ap.parse_args()
    budget = dict(timeout=args.timeout, max_memory=args.max_memory * MB)
    sandbox.warm_up()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    seed = (SEEDS / "jiaojiang-2023-target-filing-form.txt").read_bytes()
    floor = min((run("seed.txt", seed, **budget) for _ in range(3)), key=lambda o: o.seconds)
    print(
        f"budget: {args.timeout:g} s, {args.max_memory} MB over the parent; parent RSS {base_rss / MB:.0f} MB (children start from it)"
    )
    print(
        f"floor: jiaojiang seed form (.txt, {len(seed) / 1024:.0f} KB): {floor.seconds * 1000:.0f} ms, peak {floor.peak_rss / MB:.0f} MB, {floor.status}"
    )
    print()
    print(f"{'file':36} {'size':>9} {'time':>8} {'×floor':>7} {'peak MB':>8}  outcome")
    files = [(label, name, build) for label, (name, build) in hostile.FILES.items()]
    if not args.no_doc:
        files.append(("legacy .doc via LibreOffice", "plan.doc", legacy_doc))
    for label, name, build in files:
        data = build()
        if data is None:
            print(f"{label:36} {'—':>9}  (LibreOffice not installed)")
            continue
        outcome = run(name, data, **budget)
        if outcome.status == "ok":
            tasks = sum(len(s["tasks"]) for s in outcome.value["sections"])
            what = f"ok: {outcome.value['kind']}, {tasks} tasks, {len(outcome.value['text'])} chars"
        else:
            what = f"{outcome.status}: {outcome.error.en}"
        size = f"{len(data) / 1024:.0f} KB"
        print(
            f"{label:36} {size:>9} {outcome.seconds:7.2f}s {outcome.seconds / floor.seconds:7.1f} {outcome.peak_rss / MB:8.0f}  {what[:110]}"
        )
        sys.stdout.flush()
    print(
        f"\nparent RSS after all files: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (the generated inputs live here)"
    )


if __name__ == "__main__":
    main()
