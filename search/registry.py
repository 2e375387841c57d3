"""What is indexed: a registry of kinds, each a model and a function that turns one row into an entry.

The built-in kinds (plans, sections, tasks, filings, 协办意见, 退回意见, 延期理由) are registered in
search/indexers.py. Another app adds its own kind without importing this app: it ships a module
``<app>/search_indexes.py`` with a function ``register(registry)``, found at start-up, e.g. for
published snapshots (shown to the public search)::

    def register(registry):
        from .models import PublicationVersion

        def build(version):
            if not version.is_current:
                return None                      # not indexed (the entry is removed)
            return {"title": version.title, "body": version.text, "url": version.get_absolute_url(),
                    "year": version.year, "public": True}

        registry.register("publication", PublicationVersion, build, label="公开信息",
                          queryset=lambda: PublicationVersion.objects.all())

Every registered model is kept current on save and delete by signals connected here (the lower
apps never import search), and ``manage.py rebuild_search_index`` rebuilds every kind.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models.signals import post_delete, post_save

log = logging.getLogger("duban.search")

ENTRY_FIELDS = (
    "title",
    "context",
    "body",
    "url",
    "year",
    "plan_id",
    "round_id",
    "unit_id",
    "submission_id",
    "state",
    "self_assessment",
    "flagged",
    "public",
)


@dataclass
class Kind:
    name: str
    model: type
    build: Callable  # row → dict of ENTRY_FIELDS (title and body required) or None
    label: str = ""
    queryset: Callable | None = None  # rows for a rebuild (with select_related), default model.objects.all()
    build_many: Callable | None = None  # optional: iterable of rows → [(row pk, dict | None)] for rebuilds
    extra_models: list = field(default_factory=list)  # [(model, row → pks of this kind to re-index)]
    year_lookup: str = ""  # e.g. "plan__year": rebuilds index the oldest year first


class Registry:
    def __init__(self):
        self.kinds: dict[str, Kind] = {}
        self._connected = False

    def register(self, name, model, build, label="", queryset=None, build_many=None, also_when=(), year_lookup=""):
        """Index ``model`` rows as kind ``name``. ``also_when``: [(other model, row → ids of ``model``)]
        re-indexes those rows when an ``other model`` row is saved or deleted."""
        self.kinds[name] = Kind(name, model, build, label or name, queryset, build_many, list(also_when), year_lookup)
        if self._connected:
            self._connect(self.kinds[name])

    def label(self, name):
        kind = self.kinds.get(name)
        return str(kind.label) if kind else name

    def connect_signals(self):
        if self._connected:
            return
        self._connected = True
        for kind in self.kinds.values():
            self._connect(kind)

    def _connect(self, kind):
        from . import index

        def saved(sender, instance, raw=False, **kwargs):
            if not raw:
                index.update(kind.name, instance)

        def deleted(sender, instance, **kwargs):
            index.remove(kind.name, instance.pk)

        post_save.connect(saved, sender=kind.model, weak=False, dispatch_uid=f"search-save-{kind.name}")
        post_delete.connect(deleted, sender=kind.model, weak=False, dispatch_uid=f"search-delete-{kind.name}")
        for i, (other, related) in enumerate(kind.extra_models):

            def touched(sender, instance, raw=False, related=related, **kwargs):
                if not raw:
                    index.update_many(kind.name, related(instance))

            post_save.connect(touched, sender=other, weak=False, dispatch_uid=f"search-also-save-{kind.name}-{i}")
            post_delete.connect(touched, sender=other, weak=False, dispatch_uid=f"search-also-delete-{kind.name}-{i}")


registry = Registry()


def autodiscover():
    """Import ``<app>.search_indexes`` of every installed app and call its ``register(registry)``."""
    for config in apps.get_app_configs():
        if config.name == "search":
            continue
        try:
            module = importlib.import_module(f"{config.name}.search_indexes")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.search_indexes":
                raise
            continue
        module.register(registry)
