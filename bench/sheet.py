"""The filing sheet (填报表, every task of a unit on one page) for a unit with 60 tasks.

    .venv/bin/python bench/sheet.py
5 units × 300 tasks (60 each) × 4 rounds with indicators and actuals, so every row carries its
proposal and figure checks. Prints the sheet's median time as the unit's filler (editable rows)
and as the office (read-only), against the round's roll-up page (300 rows) in the same run, and the
usual floors (a bare view, the empty layout page).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import bare_view_client, build, median_ms, report, setup_django  # noqa: E402


def main():
    setup_django()
    world = build(units=5, tasks=300, rounds=4, sections=8, indicators=True)
    print(f"dataset: {world['filings']} filings built in {world['seconds']:.1f} s")
    from filings.models import Submission
    from units.models import User

    round_ = world["round"]
    submission = Submission.objects.filter(round=round_).order_by("unit__order").first()
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.DRAFT)
    # As in real use, a unit's package holds the filings of the tasks it leads (the dataset gives
    # every unit a filing for every task, which the roll-up's lead filter ignores).
    submission.filings.exclude(task__lead_unit=submission.unit_id).delete()
    filler = User.objects.create_user("bench-filler", password="x", unit=submission.unit, role=User.Role.FILLER)
    tasks = submission.filings.count()
    client = bare_view_client()
    client.force_login(filler)
    url = submission.get_absolute_url()
    assert client.get(url).status_code == 200
    sheet_ms = median_ms(lambda: client.get(url))
    office = bare_view_client()
    office.force_login(world["office"])
    read_ms = median_ms(lambda: office.get(url))
    rollup_url = f"/documents/rounds/{round_.pk}/rollup/"
    assert office.get(rollup_url).status_code == 200
    rollup_ms = median_ms(lambda: office.get(rollup_url))
    # The query count is constant in the task count: filings/tests/test_sheet.py checks 10 vs 60.
    report(f"sheet, filler ({tasks})", sheet_ms, client)
    print(f"{'sheet, office (read)':<22} {read_ms:8.2f} ms (median)")
    print(
        f"{'roll-up (300 rows)':<22} {rollup_ms:8.2f} ms   sheet / roll-up ratio {sheet_ms / rollup_ms:5.2f} (target ≤ 3)"
    )


if __name__ == "__main__":
    main()
