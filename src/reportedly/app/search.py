"""Search across articles (title, text) and claims (source, claimant, content), with facets.

`search(store, text, claimant=..., category=..., outlet=..., since=..., until=...,
place=..., kind=..., claimed=..., limit=50, offset=0)` returns a page of hits, how many there
are (None: more than TOTAL_CAP) and the facets of the first FACET_HITS hits
(store/search_reads.py says what each filter and facet counts).
The text is a web-search query: words, "a phrase", `OR`, `-word`
(store/search_query.py); without text the hits are listed by the filters alone.
Bad text is a SearchError saying why; a bad date a ValueError naming the filter.

Each hit: `type` ("article" or "claim"), `article_id`, `id` (the claim's; None
for an article), `title`, `outlet`, `published`, `snippet` (plain text: a front
end escapes it) and `start`/`end`, the first match's offsets in the article's
text where the words are found there as written (None otherwise: a stemmed form,
or a match in the title). A claim hit also has its `source`, `source_entity`,
`content` and `kind`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reportedly.model import CATEGORIES, KINDS
from reportedly.store.dates import parse_period
from reportedly.store.search_query import Query, parse_query
from reportedly.store.search_reads import FACET_HITS, FACETS, TOTAL_CAP, SearchFilters

SNIPPET_CHARS = 200  # the most characters of text a snippet shows


@dataclass
class SearchResults:
    """One page of a search: its hits, how many in all (None: more than TOTAL_CAP), and
    the facets of the first `faceted` hits (at most FACET_HITS)."""

    hits: list[dict[str, Any]]
    total: int | None
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    faceted: int = 0


def search(
    store: Any,
    text: str | None,
    *,
    claimant: str | None = None,
    category: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    kind: str | None = None,
    claimed: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """The hits of `text` (None or blank: every hit of the filters), a page of `limit`
    from `offset`, with their total and facets."""
    query = parse_query(text) if text is not None and text.strip() else None
    for name, value in (("since", since), ("until", until), ("claimed", claimed)):
        if value is not None:
            parse_period(value, name)
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"category: {category!r} is not one of {', '.join(CATEGORIES)}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    filters = SearchFilters(claimant, category, outlet, since, until, place, kind, claimed)
    rows, facets, faceted = store.search_hits(query, filters, limit=limit, offset=offset)
    # the facets read the first FACET_HITS hits (or more, for a page past them): fewer
    # found are all the hits there are, so they need not be counted again
    total = faceted if faceted < FACET_HITS else store.search_total(query, filters)
    return SearchResults(
        hits=[_hit(row, query) for row in rows], total=total, facets=facets, faceted=faceted
    )


def _pattern(query: Query | None) -> re.Pattern[str] | None:
    """What a match looks like in the text: any wanted phrase, its words as written, at
    word starts, anything but word characters between them (any case)."""
    if query is None:
        return None
    phrases = [r"\W+".join(map(re.escape, phrase)) for phrase in query.phrases]
    return re.compile(r"\b(?:" + "|".join(phrases) + ")", re.IGNORECASE)


def _snippet(text: str, start: int | None, end: int | None) -> str:
    """About SNIPPET_CHARS characters of `text` around [start, end), on one line."""
    if start is None or end is None:
        shown = text[:SNIPPET_CHARS]
        cut_before, cut_after = False, len(text) > SNIPPET_CHARS
    else:
        before = max(0, start - (SNIPPET_CHARS - (end - start)) // 2)
        shown = text[before : before + SNIPPET_CHARS]
        cut_before, cut_after = before > 0, before + SNIPPET_CHARS < len(text)
    line = " ".join(shown.split())
    return ("…" if cut_before else "") + line + ("…" if cut_after else "")


def _found(pattern: re.Pattern[str] | None, text: str | None) -> tuple[int, int] | None:
    match = pattern.search(text) if pattern is not None and text else None
    return match.span() if match else None


def _hit(row: dict[str, Any], query: Query | None) -> dict[str, Any]:
    pattern = _pattern(query)
    hit = {
        "type": row["type"],
        "article_id": row["article_id"],
        "id": row.get("id"),
        "title": row["title"],
        "outlet": row["outlet"],
        "published": row["published"],
    }
    if row["type"] == "article":
        span = _found(pattern, row["text"])
        start, end = span if span else (None, None)
        return {**hit, "snippet": _snippet(row["text"], start, end), "start": start, "end": end}
    claim = {key: row[key] for key in ("source", "source_entity", "content", "kind")}
    in_content = _found(pattern, row["content"])
    snippet = _snippet(row["content"], *(in_content or (None, None)))
    start = end = None
    for part, span in (("content", in_content), ("source", _found(pattern, row["source"]))):
        offset = row[f"{part}_start"]
        if span is not None and offset is not None:
            start, end = offset + span[0], offset + span[1]
            break
    return {**hit, **claim, "snippet": snippet, "start": start, "end": end}


__all__ = ["FACETS", "FACET_HITS", "TOTAL_CAP", "SearchResults", "search"]
