from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("工作总结")

    def ready(self):
        from . import jobs  # noqa: F401 — registers this app's job handlers (jobs.registry)
