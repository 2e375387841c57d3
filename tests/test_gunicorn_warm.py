"""gunicorn.conf.py warms, in each worker as it starts, the Chinese dictionaries and the PDF engine."""

import runpy
import threading
from pathlib import Path


class _Log:
    def __init__(self):
        self.errors = []

    def exception(self, msg):
        self.errors.append(msg)


class _Server:
    def __init__(self):
        self.log = _Log()


def _post_fork():
    """Run gunicorn.conf.py's post_fork as a new worker would; the server it was given (its log)."""
    conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    server = _Server()
    conf["post_fork"](server, worker=None)
    return server


def test_post_fork_loads_the_fonts_in_the_background(monkeypatch):
    from docrender import typst_render

    calls, done = [], threading.Event()

    def warm():
        calls.append(threading.current_thread().name)
        done.set()

    monkeypatch.setattr(typst_render, "warm", warm)
    server = _post_fork()
    assert done.wait(timeout=30)
    assert calls == ["warm-up"] and not server.log.errors  # ran, off the worker's main thread


def test_a_failed_warm_up_is_logged_not_raised(monkeypatch):
    from docrender import typst_render

    def broken():
        raise RuntimeError("no fonts")

    monkeypatch.setattr(typst_render, "warm", broken)
    server = _post_fork()
    for t in [t for t in threading.enumerate() if t.name == "warm-up"]:
        t.join(timeout=30)
    assert server.log.errors == ["PDF engine warm-up failed"]


def test_post_fork_loads_the_dictionaries_before_the_fonts(monkeypatch):
    from docparse import indicators
    from docrender import typst_render
    from search import segment

    order, done = [], threading.Event()
    monkeypatch.setattr(indicators, "load_jieba", lambda: order.append("jieba"))
    monkeypatch.setattr(segment, "tokenizer", lambda: order.append("segmenter"))

    def fonts():
        order.append("fonts")
        done.set()

    monkeypatch.setattr(typst_render, "warm", fonts)
    server = _post_fork()
    assert done.wait(timeout=30)
    assert order == ["jieba", "segmenter", "fonts"] and not server.log.errors


def test_warm_compiles_once_and_the_engine_stays():
    from docrender import typst_render

    typst_render.warm()
    with typst_render._lock:
        engine = typst_render._get_engine()
    typst_render.warm()
    with typst_render._lock:
        assert typst_render._get_engine() is engine
