"""Where the seed documents (the real bureau documents of ../shared/seeds) are found — one rule for the
tests (the root conftest's ``seeds`` fixture), the benches (bench/) and ``manage.py load_demo``:

    DUBAN_SEEDS when set, else ../shared/seeds beside the repository root.

No absolute fallback. Pure (no Django): the docparse/docrender tests and the benches import it too.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = "DUBAN_SEEDS"  # the variable's name, for tests that point it elsewhere (only this module reads it)


class SeedsMissing(FileNotFoundError):
    """The seeds directory (or a seed in it) is not where the rule says; the message names the path."""


def seeds_dir() -> Path:
    """The seeds directory by the rule above (it may not exist: see :func:`existing_seeds_dir`)."""
    configured = os.environ.get("DUBAN_SEEDS", "").strip()
    return Path(configured).expanduser() if configured else ROOT.parent / "shared" / "seeds"


def existing_seeds_dir() -> Path:
    """:func:`seeds_dir`, or :class:`SeedsMissing` naming the path looked at."""
    path = seeds_dir()
    if not path.is_dir():
        how = "DUBAN_SEEDS" if os.environ.get("DUBAN_SEEDS", "").strip() else "DUBAN_SEEDS unset, so ../shared/seeds"
        raise SeedsMissing(f"seed documents not found: {path} is not a directory ({how})")
    return path


def seed_path(name: str) -> Path:
    """One seed document by file name, or :class:`SeedsMissing` naming the path looked at."""
    path = existing_seeds_dir() / name
    if not path.is_file():
        raise SeedsMissing(f"seed document not found: {path}")
    return path
