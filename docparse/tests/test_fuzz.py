"""Bounded fuzzing of the command-line contract: mutated .docx/.xlsx/.html/.txt fixtures give exit 0 with JSON or
exit 2 with a one-line reason — never a traceback — and the parse stays under a memory limit (each example runs
in a sandboxed child, so a runaway one would be stopped and reported rather than take the test run down)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docparse import cli, parse_document, sandbox

from .conftest import build_form_xlsx, build_plan_docx, build_status_html

MEMORY_LIMIT = 512 * 1024 * 1024
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture(scope="module")
def fixtures(jianggan, jiaojiang, yuhuan):
    sandbox.warm_up()
    form = parse_document(jiaojiang, "f.txt")
    status = parse_document(yuhuan, "s.txt")
    return {
        ".docx": build_plan_docx(jianggan.decode()),
        ".xlsx": build_form_xlsx(form),
        ".html": build_status_html(status),
        ".txt": jiaojiang,
    }


def _run_cli(path: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([path])
    return code, out.getvalue(), err.getvalue()


mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 30), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, 1 << 30), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 30), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("repeat"), st.integers(0, 1 << 30), st.integers(2, 2000)),
)


def _mutate(data: bytes, ops) -> bytes:
    data = bytearray(data)
    for kind, where, arg in ops:
        if not data:
            break
        at = where % len(data)
        if kind == "flip":
            data[at] ^= arg or 1
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = arg
        else:  # repeat a short slice many times (runs of markup, spans, newlines)
            data[at:at] = bytes(data[at : at + 16]) * arg
    return bytes(data)


@FUZZ
@given(ext=st.sampled_from([".docx", ".xlsx", ".html", ".txt"]), ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_fixtures_keep_the_command_line_contract(fixtures, ext, ops):
    data = _mutate(fixtures[ext], ops)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fuzz" + ext)
        with open(path, "wb") as f:
            f.write(data)
        outcome = sandbox.call_limited(_run_cli, path, timeout=60, max_memory=MEMORY_LIMIT)
    assert outcome.status == "ok", (outcome.status, outcome.error)
    code, out, err = outcome.value
    assert code in (0, 2)
    assert "Traceback" not in err and "Traceback" not in out
    if code == 0:
        assert json.loads(out)["kind"] in ("plan", "filing_form", "status_table", "summary")
    else:
        assert out == "" and err.count("\n") == 1
    assert outcome.peak_rss < MEMORY_LIMIT + 256 * 1024 * 1024
