"""Job handlers used by the tests, registered when the test settings load this module (duban.settings_test
lists it in DUBAN_EXTRA_JOB_MODULES), so a real worker process started by a test finds them too."""

import time
from pathlib import Path

from jobs.registry import handler

CALLS = []


@handler("jobs.tests.handlers.echo")
def echo(job, text):
    CALLS.append(text)
    job.report(50, "半程")
    return text.encode("utf-8")


@handler("jobs.tests.handlers.broken")
def broken(job):
    raise ValueError("数据不完整")


@handler("jobs.tests.handlers.wait_for_file")
def wait_for_file(job, path):
    """Heartbeats until ``path`` exists: a job a test can kill its worker in the middle of."""
    step = 0
    while not Path(path).exists():
        step += 1
        job.report(min(90, step), "等待")
        time.sleep(0.2)
    return b"finished"
