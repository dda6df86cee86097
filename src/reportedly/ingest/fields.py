"""Input keys to `Article` fields: the keys readers know, their aliases, the rest to `meta`.

Shared by the readers of keyed inputs (JSON records, front matter), so a key
means the same thing wherever it is written. `checked` is the last step of every
reader (see `registry.read_data`): a lone surrogate ("\ud800", which JSON allows
and UTF-8 cannot encode) and a NUL ("\u0000", which PostgreSQL's text cannot hold)
become U+FFFD in every string, so offsets stay valid and every store keeps the same
text, and `meta` nested deeper than `MAX_DEPTH` is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from reportedly.errors import ReadFailure
from reportedly.ingest.dates import iso_date
from reportedly.model import Article

MAX_DEPTH = 64  # levels of lists and objects in `meta`
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates

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


def checked(article: Article) -> Article | ReadFailure:
    """`article` with every NUL and lone surrogate replaced, or why it cannot be kept."""
    try:
        for name in (f.name for f in dataclass_fields(article)):
            setattr(article, name, _clean(getattr(article, name), 0))
    except RecursionError:
        return ReadFailure(article.origin or "-", f"meta nested more than {MAX_DEPTH} levels deep")
    return article


def _clean(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if depth > MAX_DEPTH and isinstance(value, dict | list):
        raise RecursionError
    if isinstance(value, dict):
        return {_clean(k, depth): _clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(item, depth + 1) for item in value]
    return value
