"""Records to table rows and back; column names are the records' field names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import Column, Table

from reportedly.model import Article, Attribution, Entity, Figure
from reportedly.store.schema import attributions, figures

Record = Attribution | Figure | Entity


def record_columns(table: Table, record_type: type[Record]) -> list[Column[Any]]:
    """The columns of `table` that hold the fields of `record_type`, in field order."""
    return [table.c[f.name] for f in fields(record_type)]


ATTRIBUTION_COLUMNS = record_columns(attributions, Attribution)
FIGURE_COLUMNS = record_columns(figures, Figure)


def article_values(article: Article, ingested_at: str) -> dict[str, Any]:
    """The `articles` row of an article."""
    return {
        "content_hash": article.content_hash,
        "input_id": article.id,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "origin": article.origin,
        "text": article.text,
        "meta": article.meta,
        "ingested_at": ingested_at,
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


def record_values(records: Sequence[Record], article_id: int) -> list[dict[str, Any]]:
    """Rows of a record table: each record's JSON plus its article and position."""
    return [
        {**record.to_dict(), "article_id": article_id, "position": position}
        for position, record in enumerate(records)
    ]
