from django.apps import AppConfig


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        # Each app registers its own handlers from its ready(); extra modules are a setting (the tests').
        from importlib import import_module

        from django.conf import settings

        for name in settings.DUBAN_EXTRA_JOB_MODULES:
            import_module(name)
