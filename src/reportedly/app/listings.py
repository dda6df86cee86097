"""Listings as the front ends name their filters: one home for the mapping, so the CLI's
options and the API's query parameters mean the same thing.

A front end's `since`/`until` on figures is the claim date and `published_since`/
`published_until` the article's date; the store names them `claimed_since`/
`claimed_until` and `since`/`until`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def figure_rows(
    store: Any,
    *,
    category: str | None = None,
    subject: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    published_since: str | None = None,
    published_until: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """The figures matching the filters, a page of `limit` from `offset` (all with none),
    read from the store a page at a time."""
    return store.iter_figures(
        category=category,
        subject=subject,
        source=source,
        since=published_since,
        until=published_until,
        claimed_since=since,
        claimed_until=until,
        limit=limit,
        offset=offset,
    )
