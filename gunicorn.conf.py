"""Gunicorn settings read by `gunicorn duban.wsgi` from this directory (see README, Production).

Gunicorn always writes `Server: gunicorn`; Duban's responses carry no Server header (it only tells an attacker
what to aim at), so the header line is dropped from gunicorn's defaults here. Every other gunicorn setting stays
at its default or the command line (the importer's parse runs under DUBAN_PARSE_TIMEOUT, so keep `--timeout`
above it: `--timeout 120` with the default 60 s budget).
"""

from gunicorn.http import wsgi as _gunicorn_wsgi

_default_headers = _gunicorn_wsgi.Response.default_headers


def _headers_without_server(self):
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


_gunicorn_wsgi.Response.default_headers = _headers_without_server

timeout = 120


def post_fork(server, worker):
    """Load, as each worker starts and in the background, what a user's first request would otherwise pay
    for: the Chinese dictionaries (docparse's jieba reads every task text of a table export or roll-up,
    ~1.3 s to load; search's segmenter indexes every save, ~0.2 s) and then the PDF engine's CJK fonts
    (docrender.typst_render: one Typst compiler per process).  Here and not in an AppConfig.ready hook:
    only serving processes pay, never tests, migrations or shell commands; a request arriving during the
    warm-up waits for the part it needs (each loader's lock)."""
    import threading

    def warm():
        try:
            from docparse.indicators import load_jieba
            from search.segment import tokenizer

            load_jieba()
            tokenizer()
        except Exception:  # a broken dictionary shows on the first request that needs it, with its error
            server.log.exception("dictionary warm-up failed")
        try:
            from docrender.typst_render import warm as warm_typst

            warm_typst()
        except Exception:  # a broken font set shows on the first PDF, with its error, not here
            server.log.exception("PDF engine warm-up failed")

    threading.Thread(target=warm, name="warm-up", daemon=True).start()
