"""The search box's syntax, parsed once for both backends: words, "phrases", OR, -exclusions.

It is the syntax of PostgreSQL's `websearch_to_tsquery`, read here once: the
parsed `Query` becomes an FTS5 query on SQLite (`fts5_query`) and a tsquery on
PostgreSQL (store/text_search.py). Parsing first means a query means the same on
both and a bad one is the same clear SearchError on both (an unclosed quote,
nothing but exclusions, nothing searchable), never a database error:

    ferry strike          both words
    "port authority"      the phrase
    ferry OR bus          either word (OR binds the words beside it)
    ferry -strike         ferry, not strike
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportedly.errors import SearchError

MAX_QUERY_CHARS = 1_000
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)|(")')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    """A parsed query: groups that must all match (each group: alternatives, each a phrase
    of words) and phrases that must not."""

    required: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    @property
    def phrases(self) -> list[tuple[str, ...]]:
        """Every phrase that a match may show (the wanted ones), in query order."""
        return [phrase for group in self.required for phrase in group]


def parse_query(text: str) -> Query:
    """The query `text` (the syntax above), or a SearchError saying what is wrong with it."""
    if "\x00" in text:
        raise SearchError("search text: it holds a NUL character")
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"search text: {len(text):,} characters, over the limit of {MAX_QUERY_CHARS:,}"
        )
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        if match[5]:
            raise SearchError(f"search text {text!r}: a quote is not closed")
        negated, body = (match[1], match[2]) if match[2] is not None else (match[3], match[4])
        if match[2] is None and body == "OR":
            join_next = bool(groups)
            continue
        phrase = tuple(word.lower() for word in _WORD.findall(body))
        if not phrase:
            continue
        if negated:
            excluded.append(phrase)
        elif join_next:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
    if not groups:
        what = "only excludes words" if excluded else "has no word to search for"
        raise SearchError(f"search text {text!r}: {what}")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def _fts5_phrase(phrase: tuple[str, ...]) -> str:
    return '"' + " ".join(phrase) + '"'  # words are \w+: no quote to escape


def fts5_query(query: Query, *, min_chars: int = 0) -> str | None:
    """The query in FTS5's syntax. With `min_chars` (the trigram index, which cannot find
    shorter text), a query that finds at least every match: groups holding a shorter
    phrase and the exclusions are left out; None when nothing is left to narrow by."""

    def usable(phrase: tuple[str, ...]) -> bool:
        return len(" ".join(phrase)) >= min_chars

    groups = [g for g in query.required if all(usable(p) for p in g)]
    if not groups:
        return None
    wanted = " AND ".join("(" + " OR ".join(_fts5_phrase(p) for p in g) + ")" for g in groups)
    if min_chars:
        return wanted
    return wanted + "".join(f" NOT {_fts5_phrase(p)}" for p in query.excluded)
