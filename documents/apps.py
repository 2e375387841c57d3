from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"

    def ready(self):
        from . import jobs  # noqa: F401 — registers this app's job handlers (jobs.registry)
