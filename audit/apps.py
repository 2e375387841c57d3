from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "安全审计"

    def ready(self):
        from . import signals  # noqa: F401  (logins, failed logins, logouts)
