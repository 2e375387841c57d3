from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docparse.cli import main


def test_cli_json(capsys, seeds):
    p = seeds / "yuhuan-2025-q1-key-work-status.txt"
    assert main([str(p)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["kind"] == "status_table" and len(d["sections"][0]["tasks"]) == 9
    assert "text" not in d
    assert main([str(p), "--with-text"]) == 0
    d = json.loads(capsys.readouterr().out)
    i = d["indicators"][0]
    assert d["text"][i["start"] : i["end"]] == i["text"]


def test_cli_errors(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and ".docx" in err
    assert main([str(tmp_path / "missing.txt")]) == 2


def test_python_m(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("2022年工作要点\n一、基本\n1.新增托位 10 个。\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "docparse", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["kind"] == "plan" and d["indicators"][0]["value"] == 10
    f2 = tmp_path / "b.xlsx"
    f2.write_bytes(b"nope")
    out = subprocess.run(
        [sys.executable, "-m", "docparse", str(f2)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr
