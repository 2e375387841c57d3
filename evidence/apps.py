from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"
    verbose_name = _("佐证材料")

    def ready(self):
        # The sheet row, the task page and its history show a filing's evidence through filings' hooks,
        # so filings never imports this app (layers: units < plans < filings < evidence).
        from filings import annotations

        from . import panels

        annotations.register(panels.sheet_rows)
        annotations.register_panel("filing", panels.filing_panel)
        annotations.register_panel("history", panels.history_panel)
