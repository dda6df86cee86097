"""What `sources` lists per entity across articles, counted and kept on write (migration 11).

`entity_counts` holds, per entity: `said` (the claims it is the claimant of),
`claims` (its own claims: those that do not only wrap a claim it relayed, see
reportedly.store.source_reads), `relayed`, `figures`, and `first_seen` and
`last_seen` (the publication dates of its own claims and figures);
`entity_outlets` the outlets of its own claims and figures, and `entity_relays`
the relays and wires of its own claims, each with how many. Every rule behind
them compares claims of one article only, so each is a sum over articles of
what each article gives: the write path adds an article's tallies when it is
stored (`count_articles`), takes them away before its records are replaced
(`uncount_article`), and counts from scratch the entities whose rows moved
between entities (a merge or a split: `recount(conn, ids)`; a rebuild:
`recount(conn)`, which is also what the tests compare the kept counts with).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Table,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    update,
)

from reportedly.store.bulk import insert_rows
from reportedly.store.schema import (
    articles,
    entity_counts,
    entity_outlets,
    entity_relays,
    figures,
    relay_links,
)
from reportedly.store.source_reads import VIA_ROLES, said_claims

RECOUNT_ARTICLES = 2_000  # articles tallied per query when everything is counted again
ID_CHUNK = 500  # entity ids per IN (...) list
DATES = {"first_seen": min, "last_seen": max}


def _counts(dialect: str, entity_ids: Any, article_range: Any) -> Any:
    claims, relayed, own = said_claims(dialect, entity_ids, article_range)
    zero, one, no_date = literal(0, Integer), literal(1, Integer), cast(null(), Text)
    said = select(
        claims.c.claimant.label("entity_id"),
        one.label("said"),
        zero.label("claims"),
        zero.label("relayed"),
        zero.label("figures"),
        no_date.label("published"),
    ).where(claims.c.claimant.is_not(None))
    figured = _figured(entity_ids, article_range, zero, zero, zero, one, articles.c.published)
    if entity_ids is not None:
        said = said.where(claims.c.claimant.in_(entity_ids))
    parts = said.union_all(
        select(own.c.claimant, zero, one, zero, zero, own.c.published),
        select(relayed.c.entity_id, zero, zero, one, zero, no_date),
        figured,
    ).subquery("parts")
    return select(
        parts.c.entity_id,
        *(func.sum(parts.c[name]).label(name) for name in ("said", "claims", "relayed", "figures")),
        func.min(parts.c.published).label("first_seen"),
        func.max(parts.c.published).label("last_seen"),
    ).group_by(parts.c.entity_id)


def _outlets(dialect: str, entity_ids: Any, article_range: Any) -> Any:
    _, _, own = said_claims(dialect, entity_ids, article_range)
    parts = (
        select(own.c.claimant.label("entity_id"), own.c.outlet)
        .union_all(_figured(entity_ids, article_range, articles.c.outlet))
        .subquery("parts")
    )
    return (
        select(parts.c.entity_id, parts.c.outlet, func.count().label("n"))
        .where(parts.c.entity_id.is_not(None), parts.c.outlet.is_not(None))
        .group_by(parts.c.entity_id, parts.c.outlet)
    )


def _relays(dialect: str, entity_ids: Any, article_range: Any) -> Any:
    _, _, own = said_claims(dialect, entity_ids, article_range)
    link = relay_links.alias("link")
    return (
        select(
            own.c.claimant.label("entity_id"),
            link.c.entity_id.label("relay_id"),
            link.c.name,
            func.count().label("n"),
        )
        .join_from(own, link, link.c.attribution_id == own.c.id)
        .where(own.c.claimant.is_not(None), link.c.role.in_(VIA_ROLES))
        .group_by(own.c.claimant, link.c.entity_id, link.c.name)
    )


def _figured(entity_ids: Any, article_range: Any, *columns: Any) -> Any:
    """The figures with a claimant entity (`entity_id`, then `columns`), restricted alike."""
    f = figures
    stmt = (
        select(f.c.entity_id.label("entity_id"), *columns)
        .join_from(f, articles, f.c.article_id == articles.c.id)
        .where(f.c.entity_id.is_not(None))
    )
    if entity_ids is not None:
        stmt = stmt.where(f.c.entity_id.in_(entity_ids))
    if article_range is not None:
        stmt = stmt.where(f.c.article_id.between(*article_range))
    return stmt


@dataclass(frozen=True)
class Tally:
    """A kept table: its key columns (after `entity_id`), the counts it adds up and the
    select that tallies them (for some entities or some articles)."""

    table: Table
    keys: tuple[str, ...]
    counts: tuple[str, ...]
    query: Callable[[str, Any, Any], Any]

    @property
    def key(self) -> tuple[str, ...]:
        """The columns of a kept row's key."""
        return ("entity_id", *self.keys)


TALLIES = (
    Tally(entity_counts, (), ("said", "claims", "relayed", "figures"), _counts),
    Tally(entity_outlets, ("outlet",), ("n",), _outlets),
    Tally(entity_relays, ("relay_id", "name"), ("n",), _relays),
)


def tallies(dialect: str, tally: Tally = TALLIES[0]) -> Any:
    """A select of the rows of `tally` counted from the stored records of the whole store."""
    return _statement(dialect, TALLIES.index(tally), "store")


@cache
def _statement(dialect: str, index: int, scope: str) -> Any:
    """The select of a tally (by its index in TALLIES) over the whole store ("store"), the
    entities of parameter `ids` ("entities"), or the articles with ids from parameter
    `first` to `last` ("articles"): built once, as a statement is costly to build."""
    entity_ids = bindparam("ids", expanding=True) if scope == "entities" else None
    article_range = (bindparam("first"), bindparam("last")) if scope == "articles" else None
    return TALLIES[index].query(dialect, entity_ids, article_range)


def _tallied(conn: Connection, index: int, scope: str, **params: Any) -> list[dict[str, Any]]:
    found = conn.execute(_statement(conn.dialect.name, index, scope), params)
    return [dict(row) for row in found.mappings()]


def count_articles(conn: Connection, first: int, last: int) -> None:
    """Add what the articles with ids `first` to `last` give to the kept counts."""
    for index, tally in enumerate(TALLIES):
        _add(conn, tally, _tallied(conn, index, "articles", first=first, last=last), 1)


def uncount_article(conn: Connection, article_id: int) -> set[int]:
    """Take what one article gives away from the kept counts (before its records are
    deleted); returns the entities whose first or last seen date may have moved, for
    `recount` once the new records are in."""
    stale: set[int] = set()
    for index, tally in enumerate(TALLIES):
        rows = _tallied(conn, index, "articles", first=article_id, last=article_id)
        stale |= _add(conn, tally, rows, -1)
    return stale


def recount(conn: Connection, entity_ids: Iterable[int] | None = None) -> None:
    """Count the entities `entity_ids` (every entity: None) again from the stored rows,
    with the claimants whose claims came through one of them. Every entity: the tallies of
    RECOUNT_ARTICLES articles at a time summed here, then written once (the kept rows, no
    more, are held)."""
    if entity_ids is None:
        for tally in TALLIES:
            conn.execute(delete(tally.table))
        summed: list[dict[tuple[Any, ...], dict[str, Any]]] = [{} for _ in TALLIES]
        for first, last in _article_ranges(conn):
            for index, tally in enumerate(TALLIES):
                key_of, rows = _key(tally), summed[index]
                for row in _tallied(conn, index, "articles", first=first, last=last):
                    old = rows.get(key_of(row))
                    rows[key_of(row)] = row if old is None else {**old, **_summed(tally, old, row)}
        for tally, rows in zip(TALLIES, summed, strict=True):
            insert_rows(conn, tally.table, list(rows.values()))
        return
    wanted = set(entity_ids)
    for chunk in _chunks(sorted(wanted)):
        relayed = select(entity_relays.c.entity_id).where(entity_relays.c.relay_id.in_(chunk))
        wanted.update(conn.scalars(relayed))
    for chunk in _chunks(sorted(wanted)):
        for index, tally in enumerate(TALLIES):
            conn.execute(delete(tally.table).where(tally.table.c.entity_id.in_(chunk)))
            _add(conn, tally, _tallied(conn, index, "entities", ids=chunk), 1)


def _add(conn: Connection, tally: Tally, rows: Sequence[dict[str, Any]], sign: int) -> set[int]:
    """Add (`sign` 1) or take away (-1) tallied rows from the kept ones; a row whose counts
    come to nothing is deleted. Returns the entities whose dates may have moved (-1)."""
    table, key_of, index = tally.table, _key(tally), TALLIES.index(tally)
    kept: dict[tuple[Any, ...], dict[str, Any]] = {}
    for chunk in _chunks(sorted({row["entity_id"] for row in rows})):
        stmt = select(table).where(table.c.entity_id.in_(chunk))
        kept.update({key_of(row): dict(row) for row in conn.execute(stmt).mappings()})
    new, stale = [], set()
    changed: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # by the key's NULL columns
    gone: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        key = key_of(row)
        old = kept.get(key)
        if old is None:
            if sign > 0:
                new.append(row)
            continue
        values = _summed(tally, old, row, sign)
        pairs = list(zip(tally.key, key, strict=True))
        where = {f"k_{name}": value for name, value in pairs if value is not None}
        nulls = tuple(name for name, value in pairs if value is None)
        if not any(values[name] for name in tally.counts):
            gone.setdefault(nulls, []).append(where)
            continue
        if sign < 0 and table is entity_counts and any(row[n] == old[n] for n in DATES):
            stale.add(row["entity_id"])  # the dates left are counted again (`recount`)
        changed.setdefault(nulls, []).append({**where, **{f"v_{n}": v for n, v in values.items()}})
    for nulls, params in changed.items():
        conn.execute(_row_statements(index, nulls)[0], params)
    for nulls, params in gone.items():
        conn.execute(_row_statements(index, nulls)[1], params)
    if new:
        conn.execute(insert(table), new)
    return stale


def _summed(
    tally: Tally, old: dict[str, Any], row: dict[str, Any], sign: int = 1
) -> dict[str, Any]:
    """The counts and dates of a kept (or summed) row `old` with a tallied row of its key
    added (`sign` 1: the earlier first seen and the later last seen) or taken away (-1: the
    dates stay, for `recount`)."""
    values = {name: old[name] + sign * row[name] for name in tally.counts}
    for name, pick in DATES.items() if tally.table is entity_counts else ():
        dates = [d for d in (old[name], row[name]) if d is not None]
        values[name] = pick(dates) if dates and sign > 0 else old[name]
    return values


@cache
def _row_statements(index: int, nulls: tuple[str, ...]) -> tuple[Any, Any]:
    """The update (of its counts, and dates) and the delete of one kept row of a tally (by
    its index in TALLIES), found by its key: parameters `k_<column>`, but the key columns
    `nulls`, which are NULL. By `=` and `IS NULL`, which PostgreSQL reads by index (not
    `IS NOT DISTINCT FROM`: a scan of the whole table a row); built once, run for many
    rows at a time."""
    tally = TALLIES[index]
    table = tally.table
    where = and_(
        *(
            table.c[name].is_(None) if name in nulls else table.c[name] == bindparam(f"k_{name}")
            for name in tally.key
        )
    )
    names = [*tally.counts, *(DATES if table is entity_counts else ())]
    values = {name: bindparam(f"v_{name}") for name in names}
    return update(table).where(where).values(values), delete(table).where(where)


def _key(tally: Tally) -> Callable[[Any], tuple[Any, ...]]:
    return lambda row: tuple(row[name] for name in tally.key)


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
