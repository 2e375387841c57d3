from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.endpoints import urls as api_urls
from supervision.views import home
from units import second_factor
from units.views import LoginView, password_change, set_password

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", password_change, name="password_change"),
    path("accounts/set-password/<uidb64>/<token>/", set_password, name="set_password"),
    path("accounts/otp/", second_factor.verify, name="otp_verify"),
    path("accounts/otp/setup/", second_factor.setup, name="otp_setup"),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("units.urls")),
    path("plans/", include("plans.urls")),
    path("documents/", include("documents.urls")),
    path("", include("filings.urls")),
    path("", include("evidence.urls")),
    path("supervision/", include("supervision.urls")),
    path("reports/", include("reports.urls")),
    path("jobs/", include("jobs.urls")),
    path("search/", include("search.urls")),
    path("api/", api_urls),
    path("profile/", include("api.urls_web")),
    path("levels/", include("levels.urls")),
    path("scoring/", include("scoring.urls")),
    path("", include("publishing.urls")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "duban.errors.bad_request"
handler403 = "duban.errors.permission_denied"
handler404 = "duban.errors.page_not_found"
handler500 = "duban.errors.server_error"
