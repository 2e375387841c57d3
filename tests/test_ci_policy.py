"""The suite's own rules: under CI=true a skipped test fails the run with its reason."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(tmp_path, ci):
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import pytest\n\ndef test_needs_a_tool():\n    pytest.skip('LibreOffice is not installed')\n", encoding="utf-8"
    )
    env = {**os.environ, "CI": ci}
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


def test_a_skip_fails_the_run_under_ci(tmp_path):
    result = _run(tmp_path, "true")
    assert (
        result.returncode == 1
        and "CI=true and this test was skipped: Skipped: LibreOffice is not installed" in result.stdout
    )


def test_a_skip_is_only_a_skip_outside_ci(tmp_path):
    result = _run(tmp_path, "")
    assert result.returncode == 0 and "1 skipped" in result.stdout
