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
    """Load the PDF engine's CJK fonts as each worker starts, in the background, so that no user's
    first PDF pays for it (docrender.typst_render: one Typst compiler per process).  Here and not in
    an AppConfig.ready hook: only serving processes pay, never tests, migrations or shell commands;
    a request for a PDF that arrives during the warm-up waits for it (the compiler's lock)."""
    import threading

    def warm():
        try:
            from docrender.typst_render import warm as warm_typst

            warm_typst()
        except Exception:  # a broken font set shows on the first PDF, with its error, not here
            server.log.exception("PDF engine warm-up failed")

    threading.Thread(target=warm, name="typst-warm", daemon=True).start()
