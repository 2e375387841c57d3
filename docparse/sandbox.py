"""Run a parse in a child process under a wall-clock and memory budget, so the caller survives any input.

    >>> from docparse.sandbox import parse_limited
    >>> result = parse_limited(data, "plan.docx", timeout=60, max_memory=1 << 30)   # dict, or ParseError

The child is forked (it starts warm: jieba and lxml already loaded when the parent has them), gets its own
process group and an address-space limit (``resource.setrlimit(RLIMIT_AS)``) of what it already maps plus
``max_memory``; past ``timeout`` seconds the whole group is killed — a LibreOffice conversion started by the
child included. Every failure comes back as a ParseError; the parent's memory never grows with the input.
No Django imports: the importer passes its settings in.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import ParseError
from .limits import LimitExceeded

_MIB = 1024 * 1024


@dataclass
class Outcome:
    """What one limited call did: ``status`` is ok / parse_error / timeout / memory / crash."""

    status: str
    value: Any = None
    error: ParseError | None = None
    seconds: float = 0.0
    peak_rss: int = 0  # bytes, the child's maximum resident set size


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(max_memory: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = _vm_size() + max_memory
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def _child(func: Callable, args: tuple, max_memory: int | None, wfd: int) -> None:
    """In the forked child: run ``func(*args)`` and write the pickled outcome; never returns."""
    status = 70
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGTERM, _on_term)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if max_memory:
            _limit_memory(max_memory)
        try:
            result = ("ok", func(*args))
        except ParseError as e:
            result = ("parse_error", (e.zh, e.en, getattr(e, "bound", None)))
        except MemoryError:
            result = ("memory", None)
        except RecursionError:
            result = ("parse_error", ("无法解析文档：结构嵌套过深", "Cannot parse document: structure too deep"))
        except Exception as e:  # noqa: BLE001 - the contract: a ParseError for anything
            result = (
                "parse_error",
                ("无法解析文档：内部错误", f"Cannot parse document: internal error ({e.__class__.__name__})"),
            )
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        view = memoryview(payload)
        while view:
            written = os.write(wfd, view[: 1 << 20])
            view = view[written:]
        status = 0
    except MemoryError:
        status = 71
    finally:
        os._exit(status)


def _on_term(signum, frame):  # pragma: no cover - runs in the child
    from . import readers

    readers.kill_children()
    os._exit(72)


def call_limited(func: Callable, *args, timeout: float, max_memory: int | None) -> Outcome:
    """``func(*args)`` in a forked child under ``timeout`` seconds and ``max_memory`` bytes more than it starts with."""
    rfd, wfd = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(rfd)
        _child(func, args, max_memory, wfd)
    os.close(wfd)
    chunks: list[bytes] = []
    timed_out = False
    try:
        deadline = started + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _w, _x = select.select([rfd], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(rfd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(rfd)
    if timed_out:
        _kill_group(pid)
    rusage = None
    try:
        _pid, wait_status, rusage = os.wait4(pid, 0)
    except ChildProcessError:  # pragma: no cover
        wait_status = 0
    seconds = time.monotonic() - started
    peak = int(rusage.ru_maxrss * 1024) if rusage is not None else 0
    if timed_out:
        return Outcome(
            "timeout",
            error=ParseError(
                f"解析超时：文档在 {timeout:g} 秒内未能读完（文件过大或过于复杂），未保存任何内容",
                f"Parsing timed out: the document could not be read within {timeout:g} s (too large or too complex); nothing was saved",
            ),
            seconds=seconds,
            peak_rss=peak,
        )
    memory_error = ParseError(
        f"解析所需内存超过上限（{(max_memory or 0) // _MIB} MB），文档过大或过于复杂，未保存任何内容",
        f"Parsing needs more memory than the limit ({(max_memory or 0) // _MIB} MB): the document is too large or too complex; nothing was saved",
    )
    if not chunks:
        if os.WIFEXITED(wait_status) and os.WEXITSTATUS(wait_status) == 71:
            return Outcome("memory", error=memory_error, seconds=seconds, peak_rss=peak)
        return Outcome(
            "crash",
            error=ParseError("无法解析文档：解析进程意外退出", "Cannot parse document: the parser process died"),
            seconds=seconds,
            peak_rss=peak,
        )
    status, value = pickle.loads(b"".join(chunks))
    if status == "ok":
        return Outcome("ok", value=value, seconds=seconds, peak_rss=peak)
    if status == "memory":
        return Outcome("memory", error=memory_error, seconds=seconds, peak_rss=peak)
    zh, en, *bound = value
    error = LimitExceeded(bound[0], zh, en) if bound and bound[0] else ParseError(zh, en)
    return Outcome("parse_error", error=error, seconds=seconds, peak_rss=peak)


def _kill_group(pid: int) -> None:
    """SIGTERM the child's group (the child then ends its LibreOffice), SIGKILL whatever is left after 2 s."""
    for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 0)):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        end = time.monotonic() + wait
        while time.monotonic() < end:
            try:
                done, _status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return
            if done:
                return
            time.sleep(0.05)


def warm_up() -> None:
    """Load the parser's modules and jieba here, once: every forked child then starts with them for free
    (and no child can inherit jieba's loading lock half-taken)."""
    from . import structure  # noqa: F401
    from .indicators import load_jieba

    load_jieba()


def _parse(data: bytes, filename: str, max_size: int, with_text: bool) -> dict:
    from . import parse

    return parse(data, filename, max_size=max_size, with_text=with_text)


def parse_limited(
    data: bytes,
    filename: str,
    *,
    timeout: float,
    max_memory: int | None,
    max_size: int | None = None,
    with_text: bool = True,
) -> dict:
    """docparse.parse(...) under a budget: the result dict, or a ParseError (also for the budget itself)."""
    from .readers import DEFAULT_MAX_SIZE

    warm_up()
    outcome = call_limited(
        _parse, data, filename, max_size or DEFAULT_MAX_SIZE, with_text, timeout=timeout, max_memory=max_memory
    )
    if outcome.status != "ok":
        raise outcome.error
    return outcome.value
