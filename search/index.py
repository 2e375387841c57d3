"""Writing the index: one row on save, every row on a rebuild."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.utils import timezone

from . import segment
from .models import Entry
from .registry import ENTRY_FIELDS, registry

DEFAULTS = {"title": "", "context": "", "body": "", "url": "", "year": None, "plan_id": None, "round_id": None, "unit_id": None,
            "submission_id": None, "state": "", "self_assessment": "", "flagged": False, "public": False}


def entry_values(data):
    """The stored fields for a builder's dict: cleaned text, its tokens, defaults for the rest."""
    values = dict(DEFAULTS)
    values.update({k: v for k, v in data.items() if k in ENTRY_FIELDS})
    values["title"] = segment.clean(values["title"])[:300]
    values["context"] = segment.clean(values["context"])[:300]
    values["body"] = segment.clean(values["body"])
    values["tokens"] = " ".join(segment.index_tokens(values["body"]))
    return values


def update(kind_name, instance):
    kind = registry.kinds[kind_name]
    data = kind.build(instance)
    if data is None:
        remove(kind_name, instance.pk)
        return
    Entry.objects.update_or_create(kind=kind_name, object_id=instance.pk, defaults=entry_values(data))


def update_pk(kind_name, pk):
    kind = registry.kinds[kind_name]
    queryset = kind.queryset() if kind.queryset else kind.model.objects.all()
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        remove(kind_name, pk)
    else:
        update(kind_name, instance)


def remove(kind_name, pk):
    Entry.objects.filter(kind=kind_name, object_id=pk).delete()


COLUMNS = ("kind", "object_id", "title", "context", "body", "tokens", "url", "year", "plan_id", "round_id", "unit_id",
           "submission_id", "state", "self_assessment", "flagged", "public", "updated_at")


def _insert(kind_name, rows):
    """Many entries in one executemany (bulk_create compiles every value and is 3x slower here)."""
    now = timezone.now()
    params = [(kind_name, pk, *(values[c] for c in COLUMNS[2:-1]), now) for pk, values in rows]
    if params:
        table = connection.ops.quote_name(Entry._meta.db_table)
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})", params)
    return len(params)


def rebuild(kinds=None, batch=1000, stdout=None):
    """Drop and rebuild the entries of ``kinds`` (default every registered kind). Returns {kind: count}."""
    names = list(kinds or registry.kinds)
    unknown = [n for n in names if n not in registry.kinds]
    if unknown:
        raise KeyError(", ".join(unknown))
    counts = {}
    with transaction.atomic():
        for name in names:
            started = time.perf_counter()
            kind = registry.kinds[name]
            Entry.objects.filter(kind=name).delete()
            queryset = (kind.queryset() if kind.queryset else kind.model.objects.all()).order_by("pk")
            count = 0
            last = 0
            while True:
                rows = list(queryset.filter(pk__gt=last)[:batch])
                if not rows:
                    break
                last = rows[-1].pk
                built = kind.build_many(rows) if kind.build_many else [(row.pk, kind.build(row)) for row in rows]
                count += _insert(name, [(pk, entry_values(data)) for pk, data in built if data is not None])
            counts[name] = count
            if stdout is not None:
                stdout.write(f"{name}: {count} ({time.perf_counter() - started:.1f} s)")
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    return counts
