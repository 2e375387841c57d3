from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("全文检索")

    def ready(self):
        from . import (
            indexers,
            jobs,  # noqa: F401 — registers this app's job handlers (jobs.registry)
            registry,
        )

        indexers.register_builtin(registry.registry)
        registry.autodiscover()
        registry.registry.connect_signals()
