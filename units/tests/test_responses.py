"""Response headers: Content-Security-Policy without inline script, Permissions-Policy, no caching of logged-in
pages and downloads, and no Server header from gunicorn as README's production set-up runs it."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_csp_without_inline_script_and_a_permissions_policy(world, client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", text, re.I):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, offenders


def test_logged_in_pages_are_not_stored(world, login):
    for user, url in ((world.office, reverse("units:users")), (world.filler_a, reverse("filings:my_rounds"))):
        page = login(user).get(url)
        assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"


def test_every_download_is_private_and_not_stored(world, login):
    client = login(world.office)
    for url in (
        reverse("documents:export_plan", args=[world.plan.pk, "xlsx"]),
        reverse("documents:export_round", args=[world.round.pk, "docx"]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "private, no-store"


def test_ids_beyond_the_database_range_are_not_found(world, login):
    response = login(world.office).get(f"/plans/{10**20}/")
    assert response.status_code == 404


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_as_documented_sends_no_server_header(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "duban.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/g.sqlite3",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "duban.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        headers = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                    headers = response.headers
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        assert headers is not None, (
            proc.stderr.read().decode() if proc.poll() is not None else "gunicorn did not answer"
        )
        assert "Server" not in headers and headers["Content-Security-Policy"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
