"""The benchmark dataset: 30 units × 200 tasks × 12 rounds = 72 000 filings in a scratch SQLite file.

Every unit files every task in every round (as townships do for bureau-wide tasks); each task has
one lead unit, whose filing is the one the roll-up shows.

    from bench.dataset import setup_django, build
    setup_django()            # scratch database, migrated
    world = build()           # dict of ids
    world = build(indicators=True)   # also one 托位 indicator per task, with the lead unit's actuals

With ``indicators=True`` the 完成情况 text changes from round to round and quotes the figure, as real
filings do, so the dashboard's proposals and figure checks do their full work.
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(path=None):
    """Point Django at a fresh scratch SQLite database and migrate it."""
    sys.path.insert(0, str(ROOT))
    path = path or Path(tempfile.mkdtemp(prefix="duban-bench-")) / "bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "duban.settings_test"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return path


def build(units=30, tasks=200, rounds=12, sections=10, indicators=False):
    from decimal import Decimal

    from filings.models import Filing, IndicatorActual, Round, Submission
    from plans.models import Indicator, Plan, Section, Task
    from units.models import Unit, User

    started = time.perf_counter()
    bureau = Unit.objects.create(name="基准测试区卫生健康局", kind=Unit.Kind.BUREAU)
    unit_objs = Unit.objects.bulk_create([Unit(name=f"单位{i:02d}", parent=bureau, order=i) for i in range(units)])
    Unit.rebuild_tree()  # bulk_create skips save(): give the units their path under the bureau
    office = User.objects.create_user("bench-office", password="x", unit=bureau, role=User.Role.OFFICE)
    plan = Plan.objects.create(year=2025, title="2025年重点工作（基准）", issuer=bureau)
    section_objs = Section.objects.bulk_create(
        [Section(plan=plan, label=f"{i + 1}、", title=f"板块{i + 1}", order=i) for i in range(sections)]
    )
    task_objs = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                section=section_objs[i % sections],
                number=str(i + 1),
                order=i,
                text=f"第{i + 1}项目标任务：新增托位{i + 10}个，县域内就诊率达到90%以上。",
                lead_unit=unit_objs[i % units],
            )
            for i in range(tasks)
        ]
    )
    round_objs = Round.objects.bulk_create(
        [
            Round(
                plan=plan,
                name=f"2025年第{m + 1}月",
                as_of=datetime.date(2025, m + 1, 28),
                due=datetime.date(2025, m + 1, 28),
            )
            for m in range(rounds)
        ]
    )
    indicator_objs = []
    if indicators:
        indicator_objs = Indicator.objects.bulk_create(
            [
                Indicator(task=t, subject="托位", target_value=i + 10, unit="个", comparator=Indicator.Comparator.ADD)
                for i, t in enumerate(task_objs)
            ]
        )
    completion = "已完成阶段任务，" * 12
    actuals = 0
    for m, round_ in enumerate(round_objs):
        subs = Submission.objects.bulk_create(
            [
                Submission(round=round_, unit=u, state=Submission.State.SUBMITTED, filler_name="填报人")
                for u in unit_objs
            ]
        )
        # on schedule, except every fifth task, which lags at half of it (so the dashboard has rows to flag)
        values = [Decimal((i + 10) * (m + 1) // rounds // (2 if i % 5 == 0 else 1)) for i in range(tasks)]
        if indicators:
            texts = [f"截至{m + 1}月底，新增托位{values[i]}个，" + "已完成阶段任务，" * 10 for i in range(tasks)]
        else:
            texts = [completion] * tasks
        filings = Filing.objects.bulk_create(
            [
                Filing(
                    submission=s,
                    task=t,
                    completion=texts[i],
                    completed=not indicators or m == rounds - 1,
                    self_assessment="on_track",
                    version=1,
                )
                for s in subs
                for i, t in enumerate(task_objs)
            ],
            batch_size=2000,
        )
        if indicators:
            IndicatorActual.objects.bulk_create(
                [
                    IndicatorActual(filing=f, indicator=indicator_objs[i % tasks], value=values[i % tasks])
                    for i, f in enumerate(filings)
                    if f.submission.unit_id == f.task.lead_unit_id
                ],
                batch_size=2000,
            )
            actuals += tasks
    return {
        "office": office,
        "round": round_objs[-1],
        "plan": plan,
        "filings": Filing.objects.count(),
        "actuals": actuals,
        "seconds": time.perf_counter() - started,
    }


def median_ms(fn, repeat=15, warmup=2):
    import statistics

    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bare_view_client():
    """A test client whose URLconf also routes the two floors a page is compared with:

    /bench-bare/   a trivial view returning "ok" (the framework alone)
    /bench-page/   a login-required view rendering the site layout with no data (every page's cost)
    """
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.test import Client
    from django.urls import path

    import duban.urls

    duban.urls.urlpatterns += [
        path("bench-bare/", lambda request: HttpResponse("ok"), name="bench-bare"),
        path("bench-page/", login_required(lambda request: render(request, "base.html")), name="bench-page"),
    ]
    return Client()


def report(name, page_ms, client, target_vs_bare=None):
    """Print a page's median time against both floors (and ``target_vs_bare``, where a script sets its
    target against the bare view)."""
    bare = median_ms(lambda: client.get("/bench-bare/"))
    empty = median_ms(lambda: client.get("/bench-page/"))
    target = f" (target ≤ {target_vs_bare})" if target_vs_bare else ""
    print(f"{name:<22} {page_ms:8.2f} ms (median)")
    print(f"{'bare view':<22} {bare:8.2f} ms   ratio {page_ms / bare:7.2f}{target}")
    print(f"{'empty layout page':<22} {empty:8.2f} ms   ratio {page_ms / empty:7.2f}")
