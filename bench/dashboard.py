"""Bench: the office's round dashboard against the filings roll-up and a bare Django view.

    .venv/bin/python bench/dashboard.py [--units 30] [--tasks 200] [--rounds 12] [--repeat 7]

Builds units × tasks-per-unit × rounds filings (30 × 200 × 12 = 72 000 by default) in a scratch
SQLite file, then times GET /supervision/rounds/<id>/ and GET /rounds/<id>/rollup/ for the latest
round, and a trivial HttpResponse view routed only here, all through the test client in the same
process. Prints the medians and the ratios; the target is dashboard ÷ roll-up ≤ 3.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=200, help="tasks per unit")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    scratch = tempfile.NamedTemporaryFile(prefix="duban-bench-", suffix=".sqlite3", delete=False)
    scratch.close()
    os.environ["DJANGO_SETTINGS_MODULE"] = "duban.settings_test"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}"
    try:
        run(args)
    finally:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(scratch.name + suffix)
            except FileNotFoundError:
                pass


def build(args):
    from filings.models import Filing, IndicatorActual, Round, Submission
    from plans.models import Indicator, Plan, Section, Task
    from units.models import Unit, User

    started = time.perf_counter()
    bureau = Unit.objects.create(name="基准区卫生健康局", kind=Unit.Kind.BUREAU)
    units = Unit.objects.bulk_create([Unit(name=f"单位{u:02d}", parent=bureau, order=u) for u in range(args.units)])
    office = User.objects.create_user("bench-office", password="x", unit=bureau, role=User.Role.OFFICE)
    plan = Plan.objects.create(year=2025, title="2025年重点工作（基准）", issuer=bureau)
    sections = Section.objects.bulk_create([Section(plan=plan, label=f"{s + 1}、", title=f"板块{s + 1}", order=s) for s in range(10)])
    tasks = Task.objects.bulk_create(
        [
            Task(plan=plan, section=sections[(u * args.tasks + t) % 10], number=str(u * args.tasks + t + 1), text=f"目标任务{u}-{t}：新增床位100张，签约率达到80%。",
                 lead_unit=units[u], order=u * args.tasks + t, deadline=date(2025, 12, 31) if t % 3 else date(2025, 6, 30))
            for u in range(args.units) for t in range(args.tasks)
        ],
        batch_size=2000,
    )
    indicators = Indicator.objects.bulk_create(
        [Indicator(task=task, subject="床位", target_value=100, unit="张", comparator="add") for task in tasks[::2]], batch_size=2000
    )
    indicator_of = {ind.task_id: ind for ind in indicators}
    rounds = []
    for r in range(args.rounds):
        as_of = date(2025, 1, 31) + timedelta(days=30 * r)
        rounds.append(Round(plan=plan, name=f"2025年第{r + 1}期", as_of=as_of, due=as_of + timedelta(days=10)))
    rounds = Round.objects.bulk_create(rounds)
    states = ["approved", "signed", "submitted", "draft", "returned"]
    submissions = Submission.objects.bulk_create(
        [
            Submission(round=round_, unit=unit, state=states[(u + r) % len(states)], filler_name="王婧", contact="0576-89025399")
            for r, round_ in enumerate(rounds) for u, unit in enumerate(units)
        ],
        batch_size=2000,
    )
    by_unit = {}
    for task in tasks:
        by_unit.setdefault(task.lead_unit_id, []).append(task)
    filings, count = [], 0
    for sub in submissions:
        r = rounds.index(next(x for x in rounds if x.pk == sub.round_id))
        for t, task in enumerate(by_unit[sub.unit_id]):
            done = 8 * (r + 1) + t % 17
            text = f"截至{r + 1}月底，新增床位{done}张，签约居民{1000 + t}人，其中重点人群{500 + t // 2}人，签约率{round(100 * (500 + t // 2) / (1000 + t), 2)}%。"
            if t % 23 == 0:
                text = text.replace("签约率", "签约率约") + "完成进度100%。"
            filings.append(Filing(submission=sub, task=task, completion=text, completed=t % 5 == 0, reason="" if t % 5 == 0 else "序时推进中",
                                  problems="资金到位慢", self_assessment=["on_track", "behind", "ahead"][t % 3], version=1))
            count += 1
    Filing.objects.bulk_create(filings, batch_size=5000)
    actuals = []
    for filing_id, task_id, round_id in Filing.objects.filter(task__in=list(indicator_of)).values_list("pk", "task_id", "submission__round_id"):
        r = next(i for i, x in enumerate(rounds) if x.pk == round_id)
        actuals.append(IndicatorActual(filing_id=filing_id, indicator=indicator_of[task_id], value=Decimal(8 * (r + 1) + task_id % 17)))
    IndicatorActual.objects.bulk_create(actuals, batch_size=5000)
    print(f"built {len(units)} units, {len(tasks)} tasks, {len(rounds)} rounds, {count} filings, {len(actuals)} actuals in {time.perf_counter() - started:.1f}s")
    return office, rounds[-1]


def timed(client, url, repeat):
    client.get(url)  # warm up (template loading, first connection)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def run(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path, reverse

    import duban.urls

    call_command("migrate", verbosity=0)
    office, round_ = build(args)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        from supervision.services import round_overview
        cProfile.runctx("round_overview(round_)", globals(), {"round_overview": round_overview, "round_": round_}, "/tmp/bench.prof")
        pstats.Stats("/tmp/bench.prof").sort_stats("cumulative").print_stats(25)

    def bare(request):
        return HttpResponse("ok")

    urlconf = types.ModuleType("bench_urls")
    urlconf.urlpatterns = [path("bench-bare/", bare)] + list(duban.urls.urlpatterns)
    sys.modules["bench_urls"] = urlconf
    with override_settings(ROOT_URLCONF="bench_urls"):
        client = Client()
        client.force_login(office)
        dashboard = timed(client, reverse("supervision:round", args=[round_.pk]), args.repeat)
        rollup = timed(client, reverse("filings:rollup", args=[round_.pk]), args.repeat)
        floor = timed(client, "/bench-bare/", max(args.repeat, 50))
    print(f"round dashboard   median {dashboard * 1000:9.1f} ms")
    print(f"filings roll-up   median {rollup * 1000:9.1f} ms")
    print(f"bare Django view  median {floor * 1000:9.3f} ms")
    print(f"ratio dashboard / roll-up  {dashboard / rollup:6.2f}   (target ≤ 3)")
    print(f"ratio dashboard / bare     {dashboard / floor:8.0f}")
    print(f"ratio roll-up / bare       {rollup / floor:8.0f}")


if __name__ == "__main__":
    main()
