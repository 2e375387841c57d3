"""Full-text search on 100 000 filings: p50/p95 of 20 typical queries on SQLite and on PostgreSQL,
against a primary-key lookup measured in the same run.

    .venv/bin/python bench/search.py [--filings 100000] [--repeat 5] [--only sqlite|postgres]

The filings' texts are made from the seed documents' sentences: each sentence segmented into its
clauses (，；、), the clauses shuffled, and 3–8 of them joined into a 完成情况 (some filings also get
a 未完成原因 or 存在问题及解决建议), so the vocabulary and its frequencies are those of real filings.
PostgreSQL is started with scripts/pg on $DUBAN_PG_PORT (default 55443) unless --pg-url is given.
Each backend runs in its own process (Django binds one database per process); the index is built
with the same code as ``manage.py rebuild_search_index``. Target: p95 < 50 ms.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.seeds import existing_seeds_dir  # noqa: E402

SEEDS = existing_seeds_dir()  # DUBAN_SEEDS, else ../shared/seeds

QUERIES = [
    "托位",
    "签约",
    "医共体",
    "家庭医生签约",
    "两慢病",
    "医养结合",
    "普惠托育",
    "安宁疗护",
    "急救",
    "疫苗 接种",
    "托位 医共体",
    '"健康浙江"',
    "乡镇卫生院",
    "高血压 糖尿病",
    "筛查",
    "健康管理率",
    "中医馆",
    "编制 人员",
    '"家庭医生签约服务"',
    "老年人 健康 评估",
]
SLOW_PATH = ["托", "卫"]  # one character: substring fallback, reported apart


def clauses():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    parts = []
    for sentence in re.split(r"[。\n]", text):
        for clause in re.split(r"[，；、,;]", sentence):
            clause = clause.strip()
            if 4 <= len(clause) <= 60 and re.search(r"[\u4e00-\u9fff]{3}", clause):
                parts.append(clause)
    return parts


def build(n_filings, seed=20251201):
    from filings.models import Filing, Round, Submission
    from plans.models import Plan, Section, Task
    from units.models import Unit, User

    rng = random.Random(seed)
    pool = clauses()
    rng.shuffle(pool)
    started = time.perf_counter()
    years = [2021, 2022, 2023, 2024, 2025]
    per_year = n_filings // len(years)
    units_n, rounds_n = 50, 4
    tasks_n = max(1, per_year // (units_n * rounds_n))
    bureau = Unit.objects.create(name="检索基准区卫生健康局", kind=Unit.Kind.BUREAU)
    units = Unit.objects.bulk_create([Unit(name=f"检索单位{i:02d}", parent=bureau, order=i) for i in range(units_n)])
    office = User.objects.create_user("bench-office", password="x", unit=bureau, role=User.Role.OFFICE)
    filings = 0
    for year in years:
        plan = Plan.objects.create(year=year, title=f"{year}年重点工作（检索基准）", issuer=bureau)
        sections = Section.objects.bulk_create(
            [Section(plan=plan, label=f"{i + 1}、", title=pool[rng.randrange(len(pool))], order=i) for i in range(8)]
        )
        tasks = Task.objects.bulk_create(
            [
                Task(
                    plan=plan,
                    section=sections[i % 8],
                    number=str(i + 1),
                    order=i,
                    text="，".join(rng.sample(pool, 2)) + "。",
                    lead_unit=units[i % units_n],
                )
                for i in range(tasks_n)
            ]
        )
        rounds = Round.objects.bulk_create(
            [
                Round(
                    plan=plan,
                    name=f"{year}年第{q + 1}季度",
                    as_of=f"{year}-{3 * q + 3:02d}-28",
                    due=f"{year}-{3 * q + 3:02d}-28",
                )
                for q in range(rounds_n)
            ]
        )
        for round_ in rounds:
            subs = Submission.objects.bulk_create(
                [
                    Submission(round=round_, unit=u, state=rng.choice(["draft", "submitted", "signed", "approved"]))
                    for u in units
                ]
            )
            batch = []
            for sub in subs:
                for task in tasks:
                    completion = "，".join(rng.sample(pool, rng.randint(3, 8))) + "。"
                    behind = rng.random() < 0.15
                    batch.append(
                        Filing(
                            submission=sub,
                            task=task,
                            completion=completion[:600],
                            completed=not behind,
                            version=1,
                            reason="，".join(rng.sample(pool, 2)) + "。" if behind else "",
                            problems="，".join(rng.sample(pool, 2)) + "。" if behind or rng.random() < 0.2 else "",
                            self_assessment="behind" if behind else rng.choice(["on_track", "on_track", "ahead"]),
                        )
                    )
            Filing.objects.bulk_create(batch, batch_size=2000)
            filings += len(batch)
    return {"office": office, "filings": filings, "seconds": time.perf_counter() - started}


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def run_backend(args):
    """Child process: one database, build, index, time; prints one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "duban.settings_test"
    os.environ["DATABASE_URL"] = args.database_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    from filings.models import Filing
    from search import query, segment
    from search.index import rebuild

    world = build(args.filings)
    segment.tokenizer()
    started = time.perf_counter()
    counts = rebuild()
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    office = world["office"]
    ids = list(Filing.objects.values_list("pk", flat=True))
    rng = random.Random(7)

    def timed(fn):
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) * 1000

    for q in QUERIES:  # warm the caches once
        query.search(office, q)
    pk_ms = [timed(lambda: Filing.objects.get(pk=rng.choice(ids))) for _ in range(200)]
    samples, per_query = [], {}
    for _ in range(args.repeat):
        for q in QUERIES:
            ms = timed(lambda q=q: query.search(office, q))
            samples.append(ms)
            per_query.setdefault(q, []).append(ms)
    totals = {q: query.search(office, q).total for q in QUERIES}
    slow = {q: statistics.median(timed(lambda q=q: query.search(office, q)) for _ in range(3)) for q in SLOW_PATH}
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "filings": world["filings"],
                "build_s": world["seconds"],
                "index_s": index_seconds,
                "entries": sum(counts.values()),
                "pk_ms": statistics.median(pk_ms),
                "p50": pct(samples, 50),
                "p95": pct(samples, 95),
                "max": max(samples),
                "per_query": {q: statistics.median(v) for q, v in per_query.items()},
                "totals": totals,
                "slow": slow,
            }
        )
    )


def pg_url(args):
    if args.pg_url:
        return args.pg_url
    env = dict(os.environ, DUBAN_PG_PORT=os.environ.get("DUBAN_PG_PORT", "55443"))
    base = subprocess.run(
        [str(ROOT / "scripts" / "pg"), "start"], check=True, capture_output=True, text=True, env=env
    ).stdout.strip()
    import psycopg

    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS duban_search_bench")
        conn.execute(
            "CREATE DATABASE duban_search_bench ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0"
        )
    return base.rsplit("/", 1)[0] + "/duban_search_bench"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to use instead of starting one")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.database_url:
        return run_backend(args)

    runs = []
    for backend in ("sqlite", "postgres"):
        if args.only and args.only != backend:
            continue
        url = (
            f"sqlite:///{Path(tempfile.mkdtemp(prefix='duban-search-bench-')) / 'bench.sqlite3'}"
            if backend == "sqlite"
            else pg_url(args)
        )
        print(f"== {backend}: building {args.filings} filings and the index …", flush=True)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--database-url",
                url,
                "--filings",
                str(args.filings),
                "--repeat",
                str(args.repeat),
            ],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(f"{backend} run failed:\n{out.stderr[-3000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        runs.append(result)
        print(
            f"   {result['filings']} filings built in {result['build_s']:.0f} s; {result['entries']} entries indexed in {result['index_s']:.0f} s"
        )
        print(f"   {'query':<22}{'median ms':>10}{'hits':>8}")
        for q in QUERIES:
            print(f"   {q:<22}{result['per_query'][q]:>10.1f}{result['totals'][q]:>8}")
        for q, ms in result["slow"].items():
            print(f"   {q!r} (one character, substring fallback): {ms:.1f} ms")
    print()
    print(
        f"{'backend':<12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'pk ms':>9}{'p50/pk':>9}{'p95/pk':>9}  target p95 < 50 ms"
    )
    for r in runs:
        print(
            f"{r['vendor']:<12}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['max']:>9.1f}{r['pk_ms']:>9.3f}{r['p50'] / r['pk_ms']:>9.0f}{r['p95'] / r['pk_ms']:>9.0f}  {'ok' if r['p95'] < 50 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
