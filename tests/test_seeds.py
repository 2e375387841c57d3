"""The seed documents are found one way (duban.seeds): DUBAN_SEEDS, else ../shared/seeds — no fallback."""

import ast
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from duban import seeds as seeds_module
from duban.seeds import ROOT, SeedsMissing, existing_seeds_dir, seed_path, seeds_dir


def test_duban_seeds_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("DUBAN_SEEDS", str(tmp_path))
    assert seeds_dir() == tmp_path == existing_seeds_dir()


def test_unset_means_shared_seeds_beside_the_repository(monkeypatch):
    monkeypatch.delenv("DUBAN_SEEDS", raising=False)
    assert seeds_dir() == ROOT.parent / "shared" / "seeds"
    assert (ROOT / "manage.py").is_file()
    monkeypatch.setenv("DUBAN_SEEDS", "  ")  # blank is unset
    assert seeds_dir() == ROOT.parent / "shared" / "seeds"


def test_a_missing_directory_or_seed_names_the_path_and_nothing_else_is_tried(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("DUBAN_SEEDS", str(missing))
    with pytest.raises(SeedsMissing, match=f"{missing} is not a directory"):
        existing_seeds_dir()
    monkeypatch.setenv("DUBAN_SEEDS", str(tmp_path))
    with pytest.raises(SeedsMissing, match=str(tmp_path / "x.txt")):
        seed_path("x.txt")
    (tmp_path / "x.txt").write_text("甲", encoding="utf-8")
    assert seed_path("x.txt").read_text(encoding="utf-8") == "甲"


def test_the_fixture_and_the_rule_agree(seeds):
    assert seeds == seeds_dir() and (seeds / "jianggan-2020-work-plan.txt").is_file()


def test_load_demo_seeds_defaults_to_the_same_directory_and_the_demo_needs_none(monkeypatch, tmp_path):
    from documents.management.commands.load_demo import Command

    monkeypatch.setenv("DUBAN_SEEDS", str(tmp_path))
    parser = Command().create_parser("manage.py", "load_demo")
    assert parser.parse_args(["--seeds"]).seeds == str(tmp_path)
    assert parser.parse_args([]).seeds is None


def test_the_module_is_pure():
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(inspect.getsource(seeds_module)))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert imported <= {"__future__", "os", "pathlib"}


def _probe(tmp_path, ci, seeds_at):
    probe = tmp_path / "test_probe.py"
    probe.write_text("def test_reads_a_seed(seeds):\n    assert seeds.is_dir()\n", encoding="utf-8")
    env = {**os.environ, "CI": ci, "DUBAN_SEEDS": str(seeds_at)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "conftest",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            str(probe),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_seeds_fail_loudly_under_ci_with_the_path(tmp_path):
    missing = tmp_path / "no-seeds-here"
    result = _probe(tmp_path, "true", missing)
    assert result.returncode == 1, result.stdout
    assert f"CI=true: seed documents not found: {missing} is not a directory (DUBAN_SEEDS)" in result.stdout


def test_missing_seeds_skip_with_the_path_outside_ci(tmp_path):
    missing = tmp_path / "no-seeds-here"
    result = _probe(tmp_path, "", missing)
    assert result.returncode == 0 and "1 skipped" in result.stdout and str(missing) in result.stdout


def test_no_python_file_names_an_absolute_seeds_path_or_reads_duban_seeds_itself():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if {".venv", "node_modules"} & set(path.parts) or path == Path(seeds_module.__file__) or path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        if "/work/shared" in text or 'DUBAN_SEEDS"' in text or '"shared" / "seeds"' in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
