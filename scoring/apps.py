from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = _("目标考核")

    def ready(self):
        from supervision import dashboard

        from .panels import cards_panel

        if cards_panel not in dashboard.DASHBOARD_PANELS:
            dashboard.DASHBOARD_PANELS.append(cards_panel)
