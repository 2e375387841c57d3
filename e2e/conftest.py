"""Fixtures for the browser tests: one headless chromium per session, a fresh zh-CN context per test.

* Chromium is Debian's (``/usr/bin/chromium``, or ``$DUBAN_CHROMIUM``); nothing is ever downloaded.
* Without a usable chromium/playwright the test is skipped with the reason — except when ``CI`` is
  true, where it FAILS (in the call phase, so it is reported as a failure, not as a skip or error).
* Playwright's sync API runs an event loop in the test thread, so Django's async-safety check has to
  be relaxed (DJANGO_ALLOW_ASYNC_UNSAFE) for the ORM calls the test makes itself — only while the
  browser is up, so that running e2e together with the other suites does not hide their mistakes.
* Static files: pytest-django's ``live_server`` wraps the server in staticfiles' ``StaticFilesHandler``
  when ``django.contrib.staticfiles`` is installed (it is), so /static/ is served from the finders
  without collectstatic; the test asserts that duban.js really ran (the character counter).
"""

import functools
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DUBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "e2e"


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@functools.cache
def browser_problem():
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not importable ({exc})"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium, or set DUBAN_CHROMIUM)"
    return None


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") and browser_problem() and not in_ci():
        pytest.skip(f"browser test skipped: {browser_problem()}")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    if item.get_closest_marker("browser") and browser_problem():
        pytest.fail(f"CI=true and the browser test cannot run: {browser_problem()}", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if browser_problem():
        yield None  # the test is skipped, or failed by pytest_runtest_call
        return
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser, request):
    """A fresh page in a Chinese-locale context (the app negotiates its language from Accept-Language)."""
    if browser is None:
        yield None
        return
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    # What the test checks at its end: no script error, and every /static/ file served.
    page.js_errors, page.static_failures = [], []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    # Irreversible steps ask window.confirm first (duban.js); the person in these tests says yes.
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.accept()))
    page.on(
        "response",
        lambda r: "/static/" in r.url and r.status >= 400 and page.static_failures.append(f"{r.status} {r.url}"),
    )
    page.on("requestfailed", lambda r: "/static/" in r.url and page.static_failures.append(f"failed {r.url}"))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"FAILED-{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def live_world(transactional_db, world, live_server):
    """The shared ``world`` fixture, committed for real so that the live server's thread sees it."""
    from django.db import connection

    assert not connection.in_atomic_block, "world must not sit inside a test transaction for the live server"
    return world
