from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "supervision"

    def ready(self):
        # The pure figure checks keep Chinese msgids; they are read in the request's language.
        from django.utils.translation import gettext

        from . import (
            figures,
            jobs,  # noqa: F401 — registers this app's job handlers (jobs.registry)
        )

        figures.translate = gettext

        from filings import annotations

        from .advice import sheet_annotations
        from .panels import filing_panel, sheet_panel

        annotations.register(sheet_annotations)
        annotations.register_panel("sheet", sheet_panel)
        annotations.register_panel("filing", filing_panel)
