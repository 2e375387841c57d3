"""分词 — the one segmentation module of the search index (pure Python, no Django).

rjieba (or jieba: the same cuts) with the health-domain user dictionary shipped beside this file (health_dict.txt), loaded
once per process and only when the first text is segmented (a web worker that never searches
never pays the ~1 s / 60 MB). Indexing and querying go through the same functions, so a query
word is cut exactly as the indexed texts were.

- ``index_tokens(text)``: jieba's search mode (every dictionary sub-word of a long word as well as
  the word: 家庭医生签约 → 家庭 医生 签约 家庭医生 家庭医生签约), lower-cased, punctuation and single
  characters dropped. This is what makes a two-character query (签约) find a longer word.
- ``query_tokens(word)``: jieba's precise mode for one query word; every token must be indexed.
- ``parse_query(q)``: words (AND) and "quoted phrases" (exact substrings) of a search box query.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DICTIONARY = Path(__file__).with_name("health_dict.txt")

_lock = threading.Lock()
_state: dict = {}

# A token worth indexing: CJK ideographs, Latin letters and digits (jieba also yields punctuation).
_WORD = re.compile(
    r"^[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][0-9a-z.%\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*$"
)
_SPACES = re.compile(r"[\s\u00a0\u3000]+")


class _Segmenter:
    """rjieba (jieba-rs: the same dictionary and the same cuts without HMM, loads in ~0.3 s) when
    installed, else jieba itself; both with the health dictionary added."""

    def __init__(self):
        words = []
        for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts:
                words.append(
                    (parts[0], int(parts[1]) if len(parts) > 1 else 200000, parts[2] if len(parts) > 2 else None)
                )
        try:
            import rjieba
        except ImportError:  # pragma: no cover - rjieba is pinned; jieba is the reference
            rjieba = None
        if rjieba is not None and os.environ.get("DUBAN_SEGMENTER") != "jieba":
            self.engine = "rjieba"
            tk = rjieba.Jieba()
            for word, freq, tag in words:
                tk.add_word(word, freq, tag)
            self.cut = lambda text: tk.cut(text, False)
            self.is_word = tk.has_word
        else:
            import jieba

            self.engine = "jieba"
            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            cache_dir = os.environ.get("DUBAN_JIEBA_CACHE") or tempfile.gettempdir()
            if os.path.isdir(cache_dir) and os.access(cache_dir, os.W_OK):
                tk.tmp_dir = cache_dir
            tk.cache_file = "duban-search-jieba.cache"
            tk.initialize()
            for word, freq, tag in words:
                tk.add_word(word, freq, tag)
            self.cut = lambda text: list(tk.cut(text, HMM=False))
            self.is_word = lambda word: bool(tk.FREQ.get(word))


def tokenizer():
    """The process's segmenter (created on first use, thread-safe)."""
    seg = _state.get("seg")
    if seg is not None:
        return seg
    with _lock:
        if "seg" not in _state:
            _state["seg"] = _Segmenter()
        return _state["seg"]


def clean(text: str) -> str:
    """One space for any run of whitespace (NBSP and U+3000 included); the text is otherwise kept."""
    return _SPACES.sub(" ", text or "").strip()


def normalize(text: str) -> str:
    """``clean`` plus NFKC (full-width letters and digits to ASCII): what the tokens are cut from."""
    return clean(unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=200_000)
def _keep(token: str) -> bool:
    return len(token) >= 2 and bool(_WORD.match(token))


def index_tokens(text: str) -> list[str]:
    """The tokens stored in the index for ``text`` (search mode, see the module docstring)."""
    text = normalize(text).lower()
    if not text:
        return []
    return _search_mode(text)


def _search_mode(text):
    """Like jieba's cut_for_search, but every dictionary sub-word of a long word (jieba stops at
    three characters): 家庭医生签约服务 → 家庭 医生 签约 服务 家庭医生 签约服务 家庭医生签约 家庭医生签约服务."""
    out = []
    for word in tokenizer().cut(text):
        out.extend(_expanded(word))
    return out


@lru_cache(maxsize=200_000)
def _expanded(word):
    """The kept sub-words of ``word`` and the word itself (memoised: a vocabulary repeats)."""
    is_word = tokenizer().is_word
    parts = []
    n = len(word)
    if n > 2:
        for size in range(2, n):
            for i in range(n - size + 1):
                part = word[i : i + size]
                if is_word(part) and _keep(part):
                    parts.append(part)
    if _keep(word):
        parts.append(word)
    return tuple(parts)


def query_tokens(word: str) -> list[str]:
    """The tokens one query word must all have in the index; [] when it has none (一 character, 的…)."""
    word = normalize(word).lower()
    if not word:
        return []
    return [t for t in tokenizer().cut(word) if _keep(t)]


def sub_words(word: str) -> list[str]:
    """Shorter indexed words inside ``word`` (search mode minus the word itself), for suggestions."""
    word = normalize(word).lower()
    seen = []
    for t in _search_mode(word):
        if t != word and t not in seen:
            seen.append(t)
    return seen


@dataclass
class Term:
    """One part of a query: a word or a quoted phrase, with the index tokens it needs.

    ``substring`` is set when the index cannot answer it alone: a quoted phrase (its tokens must
    also be adjacent, so the text must contain it) or a word the segmenter leaves no index token
    for (one character, or characters it keeps apart): then the text must contain it as it is.
    """

    text: str
    phrase: bool = False
    tokens: list[str] = field(default_factory=list)

    @property
    def substring(self) -> bool:
        return self.phrase or not self.tokens or not self._covered()

    def _covered(self) -> bool:
        # Every character of the word belongs to an index token: the tokens stand for the word.
        return sum(len(t) for t in self.tokens) >= len(normalize(self.text).replace(" ", ""))


_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')


def parse_query(q: str, limit: int = 10) -> list[Term]:
    """Words separated by spaces mean AND; "…" (also “…” and 「…」) is one exact phrase."""
    q = clean(q)[:200]
    terms: list[Term] = []
    rest = []
    pos = 0
    for m in _QUOTED.finditer(q):
        rest.append(q[pos : m.start()])
        pos = m.end()
        phrase = next(g for g in m.groups() if g is not None).strip()
        if phrase:
            terms.append(Term(phrase, phrase=True, tokens=query_tokens(phrase)))
    rest.append(q[pos:])
    for chunk in rest:
        for word in chunk.replace('"', " ").split():
            if not any(t.text == word and not t.phrase for t in terms):
                terms.append(Term(word, tokens=query_tokens(word)))
    return terms[:limit]
