"""Reading the index: a search box query → scoped, filtered, paged hits with highlighted snippets.

Two small backends, picked by the database vendor:
- SQLite: ``id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH '"托位" "签约"')`` (FTS5, implicit AND);
- PostgreSQL: ``vector @@ plainto_tsquery('simple', '托位 签约')`` on the GIN-indexed generated column.
Both see the same jieba tokens (search/segment.py). Terms the index cannot answer alone (quoted
phrases, one-character or unsegmentable words) add a substring condition on the stored text.
Filters and the caller's scope are index tokens too (search/facets.py), so a query is answered
from the full-text index alone; results come newest first (highest id: rebuilds index the oldest
plan year first, and new entries get new ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from units.access import office_root, office_scope, unit_scope
from units.models import Unit

from . import facets, segment
from .models import Entry
from .registry import registry

FILTERS = ("kind", "year", "plan", "round", "unit", "state", "self_assessment", "flagged")
SNIPPET = 60  # characters either side of the first match
COUNT_CAP = 1000  # "1000+": counting every match of a very common word costs more than it tells
SUBSTRING_COUNT_CAP = 1000


@dataclass
class Hit:
    entry: Entry
    snippet: str
    kind_label: str


@dataclass
class Results:
    query: str
    terms: list
    hits: list = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more than COUNT_CAP matches
    page: int = 1
    pages: int = 0
    suggestions: list = field(default_factory=list)  # [(term, count)]
    substring_only: bool = False  # no term could use the index (one character, unsegmentable)

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def has_previous(self):
        return self.page > 1


# --- backends ------------------------------------------------------------------------------------------
def _fts5_quote(token):
    return '"' + token.replace('"', '""') + '"'


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class QueryPlan:
    """One query as SQL: the full-text tokens (text, filters and scope) and substring conditions."""

    def __init__(self, tokens, substrings):
        self.tokens = tokens
        self.substrings = substrings

    def _sql(self):
        vendor = connection.vendor
        where, params = [], []
        if vendor == "sqlite":
            if self.tokens:
                source = (
                    "search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid"
                    if self.substrings
                    else "search_fts"
                )
                where.append("search_fts MATCH %s")
                params.append(" ".join(_fts5_quote(t) for t in self.tokens))
                key = "search_fts.rowid"
            else:
                source, key = "search_entry e", "e.id"
            for text in self.substrings:
                where.append("e.body LIKE %s ESCAPE '\\'")
                params.append(_like(text))
        elif vendor == "postgresql":
            source, key = "search_entry e", "e.id"
            if self.tokens:
                where.append("e.vector @@ plainto_tsquery('simple', %s)")
                params.append(" ".join(self.tokens))
            for text in self.substrings:
                # ILIKE lower-cases every row; Chinese has no case, so plain LIKE (3x faster) unless needed.
                where.append("e.body LIKE %s" if text.lower() == text.upper() else "e.body ILIKE %s")
                params.append(_like(text))
        else:  # pragma: no cover - Duban runs on SQLite and PostgreSQL
            raise NotImplementedError(vendor)
        sql = f"SELECT {key} FROM {source}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, params, key

    def count(self, cap):
        sql, params, _key = self._sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT {int(cap)}) AS hits", params)
            return cursor.fetchone()[0]

    def ids(self, offset, limit, dense=True):
        """A page of ids, newest first. On PostgreSQL ``dense`` (many matches) walks the primary key
        backwards and stops at the page; otherwise the GIN index finds the few matches and they are
        sorted (``id + 0`` keeps the planner from the backward walk, which for a rare word reads
        much of the table)."""
        sql, params, key = self._sql()
        order = key if dense or connection.vendor != "postgresql" else f"{key} + 0"
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY {order} DESC LIMIT {int(limit)} OFFSET {int(offset)}", params)
            return [row[0] for row in cursor.fetchall()]


# --- scope and filters ----------------------------------------------------------------------------------
def scope_tokens(user, public=False):
    """The tokens that limit a search to what ``user`` may find (None: nothing at all).

    The public search sees published entries only; the office every entry; a unit's filler or
    signer the entries of their unit — the rule of units/access.py ``unit_scope``, applied to
    the index's unit tokens (and checked again on the rows shown).
    """
    if public:
        return [facets.token("pub")]
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_office:
        if user.sees_everything:
            return []
        root = office_root(user)  # the office's bureau or city (units.access): its subtree only
        return [facets.token("t", root.pk)] if root is not None else None
    if user.unit_id is None:
        return None
    return [facets.token("u", user.unit_id)]


def scoped(user, public=False):
    """The entries ``user`` may find, as a queryset (filter choices; the same rule as scope_tokens)."""
    if public:
        return Entry.objects.filter(public=True)
    if user.is_authenticated and user.is_office:
        return Entry.objects.filter(unit_id__in=office_scope(user, Unit.objects.all(), unit_field="pk").values("pk"))
    return unit_scope(user, Entry.objects.all(), unit_field="unit_id")


def clean_filters(filters):
    filters = dict(filters or {})
    if filters.get("kind") not in registry.kinds:
        filters.pop("kind", None)
    for name in ("year", "plan", "round", "unit"):
        if filters.get(name) not in (None, "") and _int(filters.get(name)) is None:
            filters.pop(name)
    return filters


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def plan_for(terms, filter_tokens, scope):
    tokens = []
    for term in terms:
        tokens.extend(t for t in facets.strip(term.tokens) if t not in tokens)
    tokens.extend(t for t in filter_tokens + scope if t not in tokens)
    return QueryPlan(tokens, [t.text for t in terms if t.substring])


# --- snippets -----------------------------------------------------------------------------------------
def snippet(body, terms, width=SNIPPET):
    """The stretch of ``body`` around its first match, escaped, with every match in <mark>."""
    needles = set()
    for term in terms:
        needles.add(term.text)
        if not term.phrase:
            needles.update(term.tokens)
    needles = sorted((n for n in needles if n), key=len, reverse=True)
    if not body:
        return ""
    if not needles:
        return escape(body[: 2 * width])
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    first = pattern.search(body)
    start = max(0, (first.start() if first else 0) - width)
    end = min(len(body), start + 2 * width + (len(first.group()) if first else 0))
    window = body[start:end]
    out, pos = [], 0
    for m in pattern.finditer(window):
        out.append(escape(window[pos : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        pos = m.end()
    out.append(escape(window[pos:]))
    return mark_safe(("…" if start > 0 else "") + "".join(out) + ("…" if end < len(body) else ""))


# --- the search ------------------------------------------------------------------------------------------
def search(user, q, filters=None, page=1, per_page=20, public=False, suggest=True):
    terms = segment.parse_query(q or "")
    results = Results(query=q or "", terms=terms)
    scope = scope_tokens(user, public)
    if not terms or scope is None:
        return results
    results.substring_only = all(not t.tokens for t in terms)
    filter_tokens = facets.filter_tokens(clean_filters(filters))
    plan = plan_for(terms, filter_tokens, scope)
    cap = SUBSTRING_COUNT_CAP if not plan.tokens else COUNT_CAP  # a scan of the texts: stop counting sooner
    counted = plan.count(cap + 1)
    results.capped = counted > cap
    results.total = min(counted, cap)
    per_page = max(1, min(int(per_page), 100))
    results.pages = (results.total + per_page - 1) // per_page
    results.page = max(1, min(_int(page) or 1, max(results.pages, 1)))
    ids = plan.ids((results.page - 1) * per_page, per_page, dense=results.capped) if results.total else []
    rows = Entry.objects.defer("tokens").in_bulk(ids)
    shown = [rows[i] for i in ids if i in rows]
    if not public and not user.is_office:
        shown = [e for e in shown if e.unit_id == user.unit_id]  # the scope, checked on the rows too
    results.hits = [Hit(e, snippet(e.body, terms), registry.label(e.kind)) for e in shown]
    if results.total == 0 and suggest:
        results.suggestions = suggestions(terms, filter_tokens, scope)
    return results


def suggestions(terms, filter_tokens, scope, limit=6):
    """Near terms that do find something: each word alone (when several found nothing together),
    then the shorter words inside a long one (普惠托育服务 → 普惠托育, 托育 …)."""
    candidates = []
    if len(terms) > 1:
        candidates.extend(t.text for t in terms)
    for term in terms:
        for word in segment.sub_words(term.text) + term.tokens:
            if word not in candidates and word != term.text:
                candidates.append(word)
    out = []
    for word in candidates[:20]:
        found = plan_for(segment.parse_query(f'"{word}"' if " " in word else word), filter_tokens, scope).count(100)
        if found:
            out.append((word, found))
        if len(out) >= limit:
            break
    return out
