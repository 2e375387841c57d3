"""Round dashboard (/supervision/rounds/<id>/) against the roll-up and the two floors, on the shared dataset.

    .venv/bin/python bench/dashboard.py [--repeat 15] [--profile]

Builds bench/dataset.py's dataset (30 units × 200 tasks × 12 rounds = 72 000 filings) with one
托位 indicator per task and the lead units' actuals, so that proposals and figure checks run for
every row. Prints the dashboard's median time against the trivial view and the empty layout page
(``report``), and the ratio dashboard ÷ roll-up (/documents/rounds/<id>/rollup/), the target being ≤ 3.
``--profile`` also prints a cProfile of the dashboard view.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import bare_view_client, build, median_ms, report, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the dashboard request")
    args = parser.parse_args()

    setup_django()
    world = build(indicators=True)
    print(f"dataset: {world['filings']} filings, {world['actuals']} actuals built in {world['seconds']:.1f} s")
    client = bare_view_client()
    client.force_login(world["office"])
    dashboard_url = f"/supervision/rounds/{world['round'].pk}/"
    rollup_url = f"/documents/rounds/{world['round'].pk}/rollup/"
    for url in (dashboard_url, rollup_url):
        assert client.get(url).status_code == 200, url

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, dashboard_url)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)

    dashboard = median_ms(lambda: client.get(dashboard_url), repeat=args.repeat)
    rollup = median_ms(lambda: client.get(rollup_url), repeat=args.repeat)
    report("round dashboard", dashboard, client)
    print(f"{'roll-up page':<22} {rollup:8.2f} ms   ratio dashboard ÷ roll-up {dashboard / rollup:5.2f} (target ≤ 3)")


if __name__ == "__main__":
    main()
