"""RSS and Atom feeds (feedparser): each entry one article.

Title, link (as `url`), entry id, published (or updated) date, the feed's title as
`outlet`, and the text of the entry's content (else its summary) with the HTML
stripped. Entries are named `origin[index]` (from 0).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import feedparser

from reportedly.errors import ReadFailure
from reportedly.ingest.dates import iso_date
from reportedly.ingest.markup import strip_markup
from reportedly.model import Article

# The text is already decoded; tell feedparser so, whatever the XML declaration says.
_HEADERS = {"content-type": "application/xml; charset=utf-8"}


def read_feed(text: str, origin: str) -> Iterator[Article | ReadFailure]:
    """One article (or failure) per feed entry."""
    # A stream, never a str: feedparser would fetch a str that looks like a URL or path.
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_HEADERS)
    if not parsed.version:
        yield ReadFailure(origin, "not an RSS or Atom feed")
        return
    if not parsed.entries:
        yield ReadFailure(origin, "feed has no entries")
        return
    outlet = parsed.feed.get("title") or None
    for index, entry in enumerate(parsed.entries):
        yield _article(entry, outlet, f"{origin}[{index}]")


def _article(entry: Any, outlet: str | None, origin: str) -> Article | ReadFailure:
    text = _entry_text(entry)
    if not text:
        return ReadFailure(origin, "feed entry has no text")
    meta: dict[str, Any] = {}
    if entry.get("author"):
        meta["author"] = entry["author"]
    if entry.get("tags"):
        meta["tags"] = [tag["term"] for tag in entry["tags"] if tag.get("term")]
    return Article(
        text=text,
        id=entry.get("id") or None,
        title=entry.get("title") or None,
        outlet=outlet,
        url=entry.get("link") or None,
        published=iso_date(entry.get("published") or entry.get("updated")),
        origin=origin,
        meta=meta,
    )


def _entry_text(entry: Any) -> str:
    """The first non-empty of the entry's contents and its summary, as plain text."""
    for part in [*entry.get("content", []), entry.get("summary_detail")]:
        value = (part or {}).get("value") or ""
        if not value.strip():
            continue
        is_html = "html" in (part.get("type") or "text/html")
        text = strip_markup(value) if is_html else value.strip()
        if text:
            return text
    return ""
