"""The site's URLconf plus a view that fails, for the 500-page tests."""

from django.urls import path

from duban.urls import handler400, handler403, handler404, handler500  # noqa: F401
from duban.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("boom/", boom), *site]
