from django.apps import AppConfig
from django.core import checks


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        from .checks import worker_heartbeat

        checks.register(worker_heartbeat, "duban")
