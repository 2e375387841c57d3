from django.apps import AppConfig


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"

    def ready(self):
        from . import security, sessions  # noqa: F401  (connect the lockout log and the session start)
