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
