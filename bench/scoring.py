"""目标考核 recompute on the shared dataset, against reading the same rows.

    .venv/bin/python bench/scoring.py [--repeat 5]

bench/dataset.py's dataset (30 units × 200 tasks × 12 rounds), every package approved and filed on
its due date but one unit a day late each round, every fifth task 滞后. Prints the first recompute
(writing the ledger), a second one (idempotent: no line changes), the office's ranking page, and
the floor: reading the submissions and lead filings the events come from. Ratio = recompute ÷ floor.
"""

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import build, median_ms, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    import time

    from django.test import Client

    from filings.models import Filing, Round, Submission
    from scoring import services
    from scoring.models import ScoreLine

    world = build()
    plan = world["plan"]
    Submission.objects.filter(round__plan=plan).update(state=Submission.State.APPROVED)
    for round_ in Round.objects.filter(plan=plan):
        stamp = datetime.datetime.combine(round_.due, datetime.time(2), tzinfo=datetime.UTC)
        Submission.objects.filter(round=round_).update(submitted_at=stamp, approved_at=stamp)
        Submission.objects.filter(round=round_, unit__order=round_.as_of.month % 30).update(
            submitted_at=stamp + datetime.timedelta(days=1)
        )
    Filing.objects.filter(task__order__in=[i for i in range(200) if i % 5 == 0]).update(
        self_assessment="behind", problems="慢"
    )
    print(f"dataset: {world['filings']} filings built in {world['seconds']:.1f} s")
    scheme = services.scheme_for(plan.issuer, 2025)
    t0 = time.perf_counter()
    added, _changed, _removed = services.recompute(scheme)
    first = (time.perf_counter() - t0) * 1000
    print(f"first recompute: {first:.0f} ms ({added} ledger lines written)")
    again = median_ms(lambda: services.recompute(scheme), repeat=args.repeat, warmup=1)
    assert services.recompute(scheme) == (0, 0, 0)

    def floor():
        list(Submission.objects.filter(round__plan=plan).values_list("pk", "unit_id", "state", "submitted_at"))
        list(
            Filing.objects.filter(submission__round__plan=plan, submission__state="approved")
            .lead_only()
            .values_list("pk", "task_id", "self_assessment", "completed", "submission__unit_id")
        )

    base = median_ms(floor, repeat=args.repeat, warmup=1)
    client = Client()
    client.force_login(world["office"])
    page = median_ms(lambda: client.get(f"/scoring/{scheme.pk}/"), repeat=args.repeat, warmup=1)
    print(
        f"recompute (idempotent): {again:.0f} ms · ranking page: {page:.0f} ms · floor (read the event rows): {base:.0f} ms"
    )
    print(
        f"ratio recompute / floor: {again / base:.1f} (ledger: {ScoreLine.objects.filter(scheme=scheme).count()} lines, {ScoreLine.objects.filter(scheme=scheme, event='late').count()} late)"
    )


if __name__ == "__main__":
    main()
