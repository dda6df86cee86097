"""Quantity keys of figures, computed when they are stored: `population` and `span`.

A figure's population depends on the other figures of its article (a subject
that names none borrows one), so the keys are computed per article, from the
article's figure rows in order. `with_quantity_keys` is called on the write
path; `backfill_quantity_keys` fills stores written before migration 9.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from reportedly.extract.populations import article_populations, span_of
from reportedly.store.schema import figures

BACKFILL_ARTICLES = 2_000  # articles whose figures are read and updated per round


def with_quantity_keys(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figure rows of one article (in position order) with `population` and `span`."""
    populations = article_populations(rows)
    return [
        {**row, "population": population, "span": span_of(row.get("period"))}
        for row, population in zip(rows, populations, strict=True)
    ]


def _article_batches(conn: Connection) -> Iterator[list[dict[str, Any]]]:
    """The figure rows (id, article_id, subject, part_of, period) of BACKFILL_ARTICLES
    articles at a time, by article and position (keyset pages on the article id)."""
    f = figures
    after = 0
    while True:
        page = (
            select(f.c.article_id)
            .where(f.c.article_id > after)
            .group_by(f.c.article_id)
            .order_by(f.c.article_id)
            .limit(BACKFILL_ARTICLES)
            .subquery()
        )
        upto = conn.scalar(select(func.max(page.c.article_id)))
        if upto is None:
            return
        stmt = (
            select(f.c.id, f.c.article_id, f.c.subject, f.c.part_of, f.c.period)
            .where(f.c.article_id > after, f.c.article_id <= upto)
            .order_by(f.c.article_id, f.c.position)
        )
        yield [dict(r) for r in conn.execute(stmt).mappings()]
        after = upto


def backfill_quantity_keys(conn: Connection) -> None:
    """Compute the keys of every stored figure (migration 9), a batch of articles at once."""
    stmt = (
        update(figures)
        .where(figures.c.id == bindparam("figure"))
        .values(population=bindparam("population"), span=bindparam("span"))
    )
    for rows in _article_batches(conn):
        keyed = [
            keys
            for _, article in groupby(rows, key=lambda r: r["article_id"])
            for keys in with_quantity_keys(list(article))
        ]
        values = [
            {"figure": r["id"], "population": r["population"], "span": r["span"]} for r in keyed
        ]
        conn.execute(stmt, values)
