"""Records to table rows and back; column names are the records' field names.

An attribution's `chain` is not a column: its links are rows of `relay_links`,
with the article's outlet appended as the last link (see `relay_link_values`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import cache
from typing import Any

from sqlalchemy import Column, Table

from reportedly.model import Article, Attribution, Entity, Figure, RelayLink
from reportedly.store.schema import attributions, figures

Record = Attribution | Figure | Entity
NESTED = frozenset({"chain"})  # record fields stored in tables of their own


def record_columns(table: Table, record_type: type[Record]) -> list[Column[Any]]:
    """The columns of `table` that hold the fields of `record_type`, in field order."""
    return [table.c[f.name] for f in fields(record_type) if f.name not in NESTED]


ATTRIBUTION_COLUMNS = record_columns(attributions, Attribution)
FIGURE_COLUMNS = record_columns(figures, Figure)


def article_values(
    article: Article, content_hash: str, ingested_at: str, extractor: str | None
) -> dict[str, Any]:
    """The `articles` row of an article (of that content hash) whose records `extractor` made."""
    return {
        "content_hash": content_hash,
        "input_id": article.id,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "origin": article.origin,
        "text": article.text,
        "meta": article.meta,
        "ingested_at": ingested_at,
        "extractor": extractor,
    }


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The Article an `articles` row was made from."""
    return Article(
        text=row["text"],
        id=row["input_id"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        origin=row["origin"],
        meta=row["meta"],
    )


@cache
def _flat_fields(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type) if f.name not in NESTED)


def _flat(record: Record | RelayLink) -> dict[str, Any]:
    """A record's own fields as they are (no deep copy, as `asdict` would make; the
    nested chain left out): the column values its JSON types serialise."""
    return {name: getattr(record, name) for name in _flat_fields(type(record))}


def record_values(records: Sequence[Record], article_id: int) -> list[dict[str, Any]]:
    """Rows of a record table: each record's fields plus its article and position."""
    return [
        {**_flat(record), "article_id": article_id, "position": position}
        for position, record in enumerate(records)
    ]


def chain_with_outlet(chain: Sequence[RelayLink], outlet: str | None) -> list[RelayLink]:
    """The chain as stored: the extracted links, then the article's outlet if it is not there."""
    links = list(chain)
    if outlet and not any(link.role == "outlet" for link in links):
        links.append(RelayLink(name=outlet, role="outlet", entity=outlet))
    return links


def relay_link_values(
    report_chains: Sequence[Sequence[RelayLink]],
    attribution_ids: Sequence[int],
    article_id: int,
    outlet: str | None,
) -> list[dict[str, Any]]:
    """Rows of `relay_links` for the attributions (ids in report order) of one article."""
    return [
        {
            **_flat(link),
            "article_id": article_id,
            "attribution_id": attribution_id,
            "position": position,
        }
        for chain, attribution_id in zip(report_chains, attribution_ids, strict=True)
        for position, link in enumerate(chain_with_outlet(chain, outlet))
    ]


def chain_from_rows(rows: Sequence[Mapping[str, Any]], outlet: str | None) -> list[RelayLink]:
    """An attribution's chain as extracted, from its `relay_links` rows (outlet link dropped)."""
    return [RelayLink(**link) for link in extracted_links(rows, outlet)]


LINK_FIELDS = ("name", "role", "entity", "start", "end")  # RelayLink's, in its order


def extracted_links(rows: Sequence[Mapping[str, Any]], outlet: str | None) -> list[dict[str, Any]]:
    """`chain_from_rows` as JSON (each link's `to_dict()`), made without the dataclasses."""
    links = [{name: row.get(name) for name in LINK_FIELDS} for row in rows]
    added = {"name": outlet or "", "role": "outlet", "entity": outlet, "start": None, "end": None}
    if links and links[-1] == added:
        links.pop()
    return links
