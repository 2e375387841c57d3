from django.apps import AppConfig


class PublishingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publishing"
    verbose_name = "政府信息公开"

    def ready(self):
        from . import jobs  # noqa: F401 — registers this app's job handlers (jobs.registry)
