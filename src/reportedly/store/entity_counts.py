"""Claims and figures counted per entity across articles, kept on write (migration 11).

`entity_counts` holds, per entity: `said` (the claims it is the claimant of),
`claims` (its own claims: those that do not only wrap a claim it relayed, see
reportedly.store.source_reads), `relayed`, `figures`, and `first_seen` and
`last_seen` (the publication dates of its own claims and figures). Every rule
behind them compares claims of one article only, so each count is a sum over
articles of what each article gives: the write path adds an article's tallies
when it is stored (`count_articles`), takes them away before its records are
replaced (`uncount_article`), and counts from scratch the entities whose rows
moved between entities (a merge or a split: `recount(conn, ids)`; a rebuild:
`recount(conn)`, which is also what the tests compare the kept counts with).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Integer, Text, cast, delete, func, insert, literal, null, select

from reportedly.store.schema import articles, entity_counts, figures
from reportedly.store.source_reads import said_claims

COUNTS = ("said", "claims", "relayed", "figures")
RECOUNT_ARTICLES = 2_000  # articles tallied per query when everything is counted again
ID_CHUNK = 500  # entity ids per IN (...) list


def tallies(
    dialect: str,
    *,
    entity_ids: Collection[int] | None = None,
    article_range: tuple[int, int] | None = None,
) -> Any:
    """A select of one row per entity: entity, said, claims, relayed, figures, first_seen,
    last_seen; over the whole store, or only the entities `entity_ids`, or only what the
    articles with ids in `article_range` (inclusive) give."""
    claims, relayed, own = said_claims(dialect, entity_ids, article_range)
    zero, one, no_date = literal(0, Integer), literal(1, Integer), cast(null(), Text)
    said = select(
        claims.c.claimant.label("entity"),
        one.label("said"),
        zero.label("claims"),
        zero.label("relayed"),
        zero.label("figures"),
        no_date.label("published"),
    ).where(claims.c.claimant.is_not(None))
    f = figures
    figured = (
        select(f.c.entity_id, zero, zero, zero, one, articles.c.published)
        .join_from(f, articles, f.c.article_id == articles.c.id)
        .where(f.c.entity_id.is_not(None))
    )
    if entity_ids is not None:
        said = said.where(claims.c.claimant.in_(entity_ids))
        figured = figured.where(f.c.entity_id.in_(entity_ids))
    if article_range is not None:
        figured = figured.where(f.c.article_id.between(*article_range))
    parts = said.union_all(
        select(own.c.claimant, zero, one, zero, zero, own.c.published),
        select(relayed.c.entity_id, zero, zero, one, zero, no_date),
        figured,
    ).subquery("parts")
    return select(
        parts.c.entity,
        *(func.sum(parts.c[name]).label(name) for name in COUNTS),
        func.min(parts.c.published).label("first_seen"),
        func.max(parts.c.published).label("last_seen"),
    ).group_by(parts.c.entity)


def count_articles(conn: Connection, first: int, last: int) -> None:
    """Add what the articles with ids `first` to `last` give to the kept counts."""
    found = conn.execute(tallies(conn.dialect.name, article_range=(first, last))).mappings()
    _add(conn, [dict(row) for row in found])


def uncount_article(conn: Connection, article_id: int) -> set[int]:
    """Take what one article gives away from the kept counts (before its records are
    deleted); returns the entities whose first or last seen date may have moved, for
    `recount` once the new records are in."""
    found = conn.execute(tallies(conn.dialect.name, article_range=(article_id, article_id)))
    gone = [dict(row) for row in found.mappings()]
    kept = _kept(conn, [row["entity"] for row in gone])
    stale: set[int] = set()
    for row in gone:
        old = kept.get(row["entity"])
        if old is None:
            continue
        values = {name: old[name] - row[name] for name in COUNTS}
        where = entity_counts.c.entity_id == row["entity"]
        if not any(values.values()):
            conn.execute(delete(entity_counts).where(where))
            continue
        conn.execute(entity_counts.update().where(where).values(values))
        dates = {row["first_seen"], row["last_seen"]} - {None}
        if dates & {old["first_seen"], old["last_seen"]}:
            stale.add(row["entity"])
    return stale


def recount(conn: Connection, entity_ids: Iterable[int] | None = None) -> None:
    """Count the entities `entity_ids` (every entity: None) again from the stored rows."""
    if entity_ids is None:
        conn.execute(delete(entity_counts))
        for first, last in _article_ranges(conn):
            count_articles(conn, first, last)
        return
    for chunk in _chunks(sorted(set(entity_ids))):
        conn.execute(delete(entity_counts).where(entity_counts.c.entity_id.in_(chunk)))
        found = conn.execute(tallies(conn.dialect.name, entity_ids=chunk)).mappings()
        _add(conn, [dict(row) for row in found])


def _add(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Add tallies to the kept counts (a new entity gets a row)."""
    kept = _kept(conn, [row["entity"] for row in rows])
    new = []
    for row in rows:
        old = kept.get(row["entity"])
        if old is None:
            new.append({"entity_id": row.pop("entity"), **row})
            continue
        values = {name: old[name] + row[name] for name in COUNTS}
        for name, pick in (("first_seen", min), ("last_seen", max)):
            dates = [d for d in (old[name], row[name]) if d is not None]
            values[name] = pick(dates) if dates else None
        where = entity_counts.c.entity_id == row["entity"]
        conn.execute(entity_counts.update().where(where).values(values))
    if new:
        conn.execute(insert(entity_counts), new)


def _kept(conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    kept: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        stmt = select(entity_counts).where(entity_counts.c.entity_id.in_(chunk))
        kept.update({row["entity_id"]: dict(row) for row in conn.execute(stmt).mappings()})
    return kept


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), ID_CHUNK):
        yield list(ids[start : start + ID_CHUNK])


def _article_ranges(conn: Connection) -> Iterator[tuple[int, int]]:
    """(first, last) article ids of RECOUNT_ARTICLES stored articles at a time."""
    after = 0
    while True:
        page = (
            select(articles.c.id)
            .where(articles.c.id > after)
            .order_by(articles.c.id)
            .limit(RECOUNT_ARTICLES)
            .subquery()
        )
        first, last = conn.execute(select(func.min(page.c.id), func.max(page.c.id))).one()
        if last is None:
            return
        yield first, last
        after = last
