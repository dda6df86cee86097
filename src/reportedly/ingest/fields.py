"""Input keys to `Article` fields: the keys readers know, their aliases, the rest to `meta`.

Shared by the readers of keyed inputs (JSON records, front matter), so a key
means the same thing wherever it is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportedly.ingest.dates import iso_date
from reportedly.model import Article

ALIASES: dict[str, str] = {"date": "published", "source": "outlet"}
STRING_FIELDS: frozenset[str] = frozenset({"id", "title", "outlet", "url"})
KNOWN: frozenset[str] = STRING_FIELDS | {"published"}
# Gold annotations of the evaluation format: large, and not input. `origin` is where
# a record was read before; the reader sets where it is read now.
DROPPED: frozenset[str] = frozenset({"attributions", "figures", "origin"})


def article_from_fields(fields: Mapping[str, Any], text: str, origin: str) -> Article:
    """An Article with `text` and the known `fields`; unknown keys go to `meta`.

    A `meta` mapping in the input is merged into `meta`. A known field given twice
    (`date` and `published`) keeps the first; the other, like an unparseable date,
    is kept in `meta` under its own key, so nothing the input said is lost.
    """
    article = Article(text=text, origin=origin)
    given_meta = fields.get("meta")
    meta: dict[str, Any] = dict(given_meta) if isinstance(given_meta, Mapping) else {}
    for key, value in fields.items():
        name = ALIASES.get(key, key)
        if key in DROPPED or (key == "meta" and isinstance(value, Mapping)):
            continue
        if name in KNOWN and value is None:
            continue
        if name in KNOWN and getattr(article, name) is None:
            converted = iso_date(value) if name == "published" else _string(value)
            if converted:
                setattr(article, name, converted)
                continue
        meta[key] = value
    article.meta = meta
    return article


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value).strip() or None
