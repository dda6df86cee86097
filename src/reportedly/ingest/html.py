"""HTML pages (`.html`, `.htm`): the main text and metadata, found by trafilatura.

Title, date, site name (as `outlet`) and canonical URL come from the page's
metadata; author, description, language and hostname go to `meta`. Comments and
tables are left out. A page where trafilatura finds no main text (fewer than
`MIN_WORDS` words) is a ReadFailure, "no article text found".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportedly.errors import ReadFailure
from reportedly.ingest.dates import iso_date
from reportedly.model import Article

_META_KEYS = ("author", "description", "language", "hostname")
# Fewer words than this is a menu or a notice, not an article.
MIN_WORDS = 10


def read_html(text: str, origin: str) -> Iterator[Article | ReadFailure]:
    """One article from an HTML page."""
    import trafilatura  # imported here: it takes half a second, and most runs read no HTML

    url = origin if origin.startswith(("http://", "https://")) else None
    document = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    body = document.text.strip() if document is not None and document.text else ""
    if len(body.split()) < MIN_WORDS:
        yield ReadFailure(origin, "no article text found")
        return
    meta: dict[str, Any] = {key: getattr(document, key) for key in _META_KEYS}
    yield Article(
        text=body,
        title=document.title or None,
        outlet=document.sitename or None,
        url=document.url or None,
        published=iso_date(document.date),
        origin=origin,
        meta={key: value for key, value in meta.items() if value},
    )
