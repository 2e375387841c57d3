"""Filter and scope values as index tokens (pure Python, no Django).

Every entry's tokens end with tokens for its kind, year, plan, round, unit, state, 自评, figure
flag and public flag (``xxu12`` = unit 12). A filter or the caller's scope then is one more AND
term of the full-text match, so the database answers a filtered, scoped query from the full-text
index alone (no join to the rows before the first page). Words of the text never look like these:
query words of this shape are dropped (``strip``).
"""

import re

PREFIX = "xx"
_FACET = re.compile(rf"^{PREFIX}[a-z]+\d*$")
_ALNUM = re.compile(r"[^0-9a-z]")


def _word(value):
    return _ALNUM.sub("", str(value).lower())


def token(name, value=""):
    return f"{PREFIX}{name}{_word(value)}"


def entry_tokens(values):
    out = [token("k", values.get("kind") or "")]
    for name, key in (
        ("y", "year"),
        ("p", "plan_id"),
        ("r", "round_id"),
        ("u", "unit_id"),
        ("s", "state"),
        ("a", "self_assessment"),
    ):
        value = values.get(key)
        if value not in (None, ""):
            out.append(token(name, value))
    if values.get("flagged"):
        out.append(token("flag"))
    if values.get("public"):
        out.append(token("pub"))
    return out


def tree_tokens(ancestor_ids):
    """One token per unit above (and at) the entry's unit: the office of a bureau or city matches its own."""
    return [token("t", pk) for pk in ancestor_ids]


def filter_tokens(filters):
    """Tokens for the search box filters ({"year": "2025", "state": "draft", "flagged": "1", …})."""
    out = []
    for name, key in (
        ("k", "kind"),
        ("y", "year"),
        ("p", "plan"),
        ("r", "round"),
        ("u", "unit"),
        ("s", "state"),
        ("a", "self_assessment"),
    ):
        value = _word(filters.get(key) or "")
        if value:
            out.append(token(name, value))
    if str(filters.get("flagged") or "").lower() in ("1", "true", "on", "yes"):
        out.append(token("flag"))
    return out


def strip(tokens):
    return [t for t in tokens if not _FACET.match(t)]
