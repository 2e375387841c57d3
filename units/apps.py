from django.apps import AppConfig


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"

    def ready(self):
        from . import security  # noqa: F401  (connects the lockout log)
