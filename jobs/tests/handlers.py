"""Job handlers used by the tests (importable by a real worker process)."""

import time
from pathlib import Path

CALLS = []


def echo(job, text):
    CALLS.append(text)
    job.report(50, "半程")
    return text.encode("utf-8")


def broken(job):
    raise ValueError("数据不完整")


def wait_for_file(job, path):
    """Heartbeats until ``path`` exists: a job a test can kill its worker in the middle of."""
    step = 0
    while not Path(path).exists():
        step += 1
        job.report(min(90, step), "等待")
        time.sleep(0.2)
    return b"finished"
