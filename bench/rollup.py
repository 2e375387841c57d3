"""Round roll-up page against a bare Django view, on 30 units × 200 tasks × 12 rounds (72 000 filings).

    .venv/bin/python bench/rollup.py
Prints the median times against two floors: a trivial view (the target ratio ≤ 3 is set against it)
and a login-required page rendering the site layout with no data.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import bare_view_client, build, median_ms, report, setup_django  # noqa: E402


def main():
    setup_django()
    world = build()
    print(f"dataset: {world['filings']} filings built in {world['seconds']:.1f} s")
    client = bare_view_client()
    client.force_login(world["office"])
    url = f"/documents/rounds/{world['round'].pk}/rollup/"
    assert client.get(url).status_code == 200
    report("roll-up page (200 rows)", median_ms(lambda: client.get(url)), client, target_vs_bare=3)


if __name__ == "__main__":
    main()
