"""Reading the index: a search box query → scoped, filtered, paged hits with highlighted snippets.

Two small backends, picked by the database vendor:
- SQLite: ``id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH '"托位" "签约"')`` (FTS5, implicit AND);
- PostgreSQL: ``vector @@ plainto_tsquery('simple', '托位 签约')`` on the GIN-indexed generated column.
Both see the same jieba tokens (search/segment.py). Terms the index cannot answer alone (quoted
phrases, one-character or unsegmentable words) add a substring condition on the stored text.
Newest plan year first, then the newest entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from units.access import unit_scope

from . import segment
from .models import Entry
from .registry import registry

FILTERS = ("kind", "year", "plan", "round", "unit", "state", "self_assessment", "flagged")
SNIPPET = 60  # characters either side of the first match
COUNT_CAP = 5000  # "5000+": counting every match of a very common word costs more than it tells


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


def match(queryset, tokens):
    """``queryset`` narrowed to entries whose tokens include every one of ``tokens``."""
    if not tokens:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.extra(where=["search_entry.vector @@ plainto_tsquery('simple', %s)"], params=[" ".join(tokens)])
    if connection.vendor == "sqlite":
        expression = " ".join(_fts5_quote(t) for t in tokens)
        return queryset.filter(pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression]))
    # Any other database: the tokens column as words (slow but correct).
    for token in tokens:
        queryset = queryset.filter(tokens__regex=rf"(^| ){re.escape(token)}( |$)")
    return queryset


# --- scope and filters ----------------------------------------------------------------------------------
def scoped(user, public=False):
    """Entries ``user`` may find: the public search sees published entries only; the office every
    entry; a unit's filler or signer the entries of their unit (units/access.py)."""
    if public:
        return Entry.objects.filter(public=True)
    return unit_scope(user, Entry.objects.all(), unit_field="unit_id")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def apply_filters(queryset, filters):
    filters = filters or {}
    kind = filters.get("kind")
    if kind in registry.kinds:
        queryset = queryset.filter(kind=kind)
    for name, column in (("year", "year"), ("plan", "plan_id"), ("round", "round_id"), ("unit", "unit_id")):
        value = _int(filters.get(name))
        if value is not None:
            queryset = queryset.filter(**{column: value})
    if filters.get("state"):
        queryset = queryset.filter(state=str(filters["state"])[:20])
    if filters.get("self_assessment"):
        queryset = queryset.filter(self_assessment=str(filters["self_assessment"])[:20])
    if str(filters.get("flagged") or "").lower() in ("1", "true", "on", "yes"):
        queryset = queryset.filter(flagged=True)
    return queryset


def apply_terms(queryset, terms):
    tokens = []
    for term in terms:
        tokens.extend(t for t in term.tokens if t not in tokens)
    queryset = match(queryset, tokens)
    for term in terms:
        if term.substring:
            queryset = queryset.filter(body__icontains=term.text)
    return queryset


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
        out.append(escape(window[pos:m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        pos = m.end()
    out.append(escape(window[pos:]))
    return mark_safe(("…" if start > 0 else "") + "".join(out) + ("…" if end < len(body) else ""))


# --- the search ------------------------------------------------------------------------------------------
def search(user, q, filters=None, page=1, per_page=20, public=False, suggest=True):
    terms = segment.parse_query(q or "")
    results = Results(query=q or "", terms=terms)
    if not terms:
        return results
    results.substring_only = all(not t.tokens for t in terms)
    base = apply_filters(scoped(user, public), filters)
    queryset = apply_terms(base, terms)
    counted = queryset.order_by()[: COUNT_CAP + 1].count()
    results.capped = counted > COUNT_CAP
    results.total = min(counted, COUNT_CAP)
    per_page = max(1, min(int(per_page), 100))
    results.pages = (results.total + per_page - 1) // per_page
    results.page = max(1, min(_int(page) or 1, max(results.pages, 1)))
    offset = (results.page - 1) * per_page
    rows = list(queryset.order_by("-year", "-id").defer("tokens")[offset : offset + per_page])
    results.hits = [Hit(e, snippet(e.body, terms), registry.label(e.kind)) for e in rows]
    if results.total == 0 and suggest:
        results.suggestions = suggestions(base, terms)
    return results


def suggestions(base, terms, limit=6):
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
        found = apply_terms(base, segment.parse_query(f'"{word}"' if " " in word else word)).order_by()[:100].count()
        if found:
            out.append((word, found))
        if len(out) >= limit:
            break
    return out
