"""Production-style error pages in the user's language, also in the demo (DEBUG on, DUBAN_ERROR_PAGES)."""

import pytest
from django.test import Client, RequestFactory

from duban import errors

BROKEN_PROCESSORS = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["documents.tests.test_error_pages.exploding_processor"]},
    }
]


def exploding_processor(request):
    raise AssertionError("the 500 page must not run context processors")


def test_500_page_needs_no_database_and_no_context_processors(settings):
    # No `db` fixture: pytest-django fails any query. The processors would raise if they ran.
    settings.TEMPLATES = [{**BROKEN_PROCESSORS[0], "DIRS": [settings.BASE_DIR / "templates"]}]
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器错误" in page and 'lang="zh-hans"' in page
    english = errors.server_error(RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en")).content.decode()
    assert "Server error" in english and "服务器错误" not in english and 'lang="en"' in english


def test_a_failing_view_answers_with_the_500_page_in_the_users_language(db, settings):
    settings.ROOT_URLCONF = "documents.tests.urls_errors"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Server error" in page and "Traceback" not in page and "broken on purpose" not in page


def test_404_page_is_the_sites_page_in_the_active_language(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "找不到页面" in response.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/no-such-page/").content.decode()
    assert "Page not found" in english and "找不到页面" not in english


@pytest.mark.parametrize("error_pages", [True, False])
def test_the_demo_shows_the_real_error_pages_under_debug(db, settings, error_pages):
    settings.DEBUG = True
    settings.DUBAN_ERROR_PAGES = error_pages
    settings.ROOT_URLCONF = "documents.tests.urls_errors"
    client = Client(raise_request_exception=False)
    missing, failing = client.get("/no-such-page/"), client.get("/boom/")
    assert (missing.status_code, failing.status_code) == (404, 500)
    if error_pages:
        assert "找不到页面" in missing.content.decode() and "URLconf" not in missing.content.decode()
        assert "服务器错误" in failing.content.decode() and "broken on purpose" not in failing.content.decode()
    else:  # without the setting Django's debug pages answer, as a developer expects
        assert "URLconf" in missing.content.decode() and "broken on purpose" in failing.content.decode()


def test_a_json_404_is_left_alone_by_the_demo_middleware(rf, settings):
    from django.http import JsonResponse

    settings.DEBUG = True
    settings.DUBAN_ERROR_PAGES = True
    middleware = errors.ErrorPagesMiddleware(lambda request: JsonResponse({"detail": "not found"}, status=404))
    response = middleware(rf.get("/api/x"))
    assert response["Content-Type"] == "application/json" and b"not found" in response.content
