"""Writing the index: one row on save, every row on a rebuild."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone, translation

from . import facets, segment
from .models import Entry
from .registry import ENTRY_FIELDS, registry

DEFAULTS = {
    "title": "",
    "context": "",
    "body": "",
    "url": "",
    "year": None,
    "plan_id": None,
    "round_id": None,
    "unit_id": None,
    "submission_id": None,
    "state": "",
    "self_assessment": "",
    "flagged": False,
    "public": False,
}


def entry_values(kind_name, data, paths=None):
    """The stored fields for a builder's dict: cleaned text, its tokens, defaults for the rest.

    ``paths``: {unit id: path} already loaded (a batch), else each entry asks for its unit's."""
    values = dict(DEFAULTS)
    values.update({k: v for k, v in data.items() if k in ENTRY_FIELDS})
    values["title"] = segment.clean(values["title"])[:300]
    values["context"] = segment.clean(values["context"])[:300]
    values["body"] = segment.clean(values["body"])
    # The offices above find the entry (tree tokens) — unless the builder says it is for its unit only.
    tree = (
        []
        if data.get("unit_only")
        else facets.tree_tokens(_ancestors(data.get("owner_unit_id") or values.get("unit_id"), paths))
    )
    values["tokens"] = " ".join(
        facets.strip(segment.index_tokens(values["body"])) + facets.entry_tokens({**values, "kind": kind_name}) + tree
    )
    return values


_PATHS = None  # {unit id: path} while `rebuild` runs, so 100,000 entries cost one query, not 100,000


def _ancestors(unit_id, paths=None):
    """The ids on a unit's path from the top (city → district → unit): an office finds what lies under it."""
    if not unit_id:
        return []
    from units.models import Unit

    paths = paths if paths is not None else _PATHS
    if paths is not None:
        path = paths.get(unit_id, "")
    else:
        path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or ""
    return [int(part) for part in path.strip("/").split("/") if part.isdigit()] or [unit_id]


def update(kind_name, instance):
    kind = registry.kinds[kind_name]
    # The index is in the site's language whatever the saving user reads (an English page must not
    # store "Published" where a search for 已发布 looks).
    with translation.override(settings.LANGUAGE_CODE):
        data = kind.build(instance)
    if data is None:
        remove(kind_name, instance.pk)
        return
    Entry.objects.update_or_create(kind=kind_name, object_id=instance.pk, defaults=entry_values(kind_name, data))


def update_pk(kind_name, pk):
    kind = registry.kinds[kind_name]
    queryset = kind.queryset() if kind.queryset else kind.model.objects.all()
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        remove(kind_name, pk)
    else:
        update(kind_name, instance)


def update_many(kind_name, pks):
    """Re-index the rows ``pks`` of a kind together (a package's filings when its state changes): the rows,
    the builder's lookups and the unit paths in a few queries, not a few per row."""
    pks = list(pks)
    if not pks:
        return
    from units.models import Unit

    kind = registry.kinds[kind_name]
    rows = list(_rows(kind_name).filter(pk__in=pks))
    with translation.override(settings.LANGUAGE_CODE):
        built = dict(kind.build_many(rows) if kind.build_many else [(row.pk, kind.build(row)) for row in rows])
    units = {d.get("owner_unit_id") or d.get("unit_id") for d in built.values() if d is not None}
    paths = dict(Unit.objects.filter(pk__in=units - {None}).values_list("pk", "path"))
    values = {pk: entry_values(kind_name, data, paths) for pk, data in built.items() if data is not None}
    existing = {e.object_id: e for e in Entry.objects.filter(kind=kind_name, object_id__in=pks)}
    changed, now = [], timezone.now()
    for pk, fields in values.items():
        entry = existing.get(pk)
        if entry is not None:
            for name, value in fields.items():
                setattr(entry, name, value)
            entry.updated_at = now  # bulk_update skips auto_now
            changed.append(entry)
    if changed:
        Entry.objects.bulk_update(changed, [*values[changed[0].object_id], "updated_at"], batch_size=500)
    _insert(kind_name, [(pk, fields) for pk, fields in values.items() if pk not in existing])
    gone = [pk for pk in pks if pk not in values]  # deleted, or no longer indexed
    if gone:
        Entry.objects.filter(kind=kind_name, object_id__in=gone).delete()


def remove(kind_name, pk):
    Entry.objects.filter(kind=kind_name, object_id=pk).delete()


def _rows(name):
    kind = registry.kinds[name]
    return kind.queryset() if kind.queryset else kind.model.objects.all()


# what entry_values gives (the registry's fields and their tokens), between the key and the time
VALUE_COLUMNS = (*ENTRY_FIELDS, "tokens")


def _insert(kind_name, rows):
    """Many entries in one executemany (bulk_create compiles every value and is 3x slower here)."""
    now = timezone.now()
    params = [(kind_name, pk, *(values[c] for c in VALUE_COLUMNS), now) for pk, values in rows]
    if params:
        table = connection.ops.quote_name(Entry._meta.db_table)
        columns = ("kind", "object_id", *VALUE_COLUMNS, "updated_at")
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", params)
    return len(params)


def rebuild(kinds=None, batch=1000, stdout=None, progress=None):
    """Rebuild the entries of ``kinds`` (default every registered kind). Returns {kind: count}.

    Batch by batch, each in its own short transaction that swaps a batch's old entries for new ones:
    a search during the rebuild finds every object (old entry or new), other writers are never held
    up behind one long write lock (SQLite), and ``progress(done, total)`` (rows) is visible to others
    while it runs (the background job's progress bar). Entries nothing was rebuilt for (their object
    is gone, or no longer indexed) go at the end.
    """
    names = list(kinds or registry.kinds)
    unknown = [n for n in names if n not in registry.kinds]
    if unknown:
        raise KeyError(", ".join(unknown))
    counts = {name: 0 for name in names}
    started = time.perf_counter()
    global _PATHS
    from units.models import Unit

    _PATHS = dict(Unit.objects.values_list("pk", "path"))
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return _rebuild(names, counts, batch, stdout, started, progress)
    finally:
        _PATHS = None


def _rebuild(names, counts, batch, stdout, started, progress):
    since = timezone.now()
    before = Entry.objects.aggregate(last=Max("id"))["last"] or 0
    # Oldest plan year first, so that the newest entries have the highest ids: results are
    # listed newest first by id, which the full-text index returns without a sort.
    by_year = [n for n in names if registry.kinds[n].year_lookup]
    years = sorted(
        {
            y
            for n in by_year
            for y in _rows(n).order_by().values_list(registry.kinds[n].year_lookup, flat=True).distinct()
        },
        key=lambda y: (y is not None, y or 0),
    )
    steps = [(n, {registry.kinds[n].year_lookup: y}) for y in years for n in by_year] + [
        (n, {}) for n in names if n not in by_year
    ]
    total = sum(_rows(name).filter(**lookup).count() for name, lookup in steps) if progress is not None else 0
    done = 0
    for name, lookup in steps:
        kind = registry.kinds[name]
        queryset = _rows(name).filter(**lookup).order_by("pk")
        last = 0
        while True:
            rows = list(queryset.filter(pk__gt=last)[:batch])
            if not rows:
                break
            last = rows[-1].pk
            built = kind.build_many(rows) if kind.build_many else [(row.pk, kind.build(row)) for row in rows]
            with transaction.atomic():
                Entry.objects.filter(kind=name, object_id__in=[row.pk for row in rows]).delete()
                counts[name] += _insert(
                    name, [(pk, entry_values(name, data)) for pk, data in built if data is not None]
                )
            done += len(rows)
            if progress is not None:
                progress(done, total)
    # Left from before and neither rebuilt nor saved since: an object that is gone or no longer indexed.
    Entry.objects.filter(kind__in=names, id__lte=before, updated_at__lt=since).delete()
    if stdout is not None:
        for name in names:
            stdout.write(f"{name}: {counts[name]}")
        stdout.write(f"({time.perf_counter() - started:.1f} s)")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    return counts
