"""Event keys of figures, kept on write (migration 12): what the event labels of
`link_events` (reportedly.analyse.events) need, stored so that a quantity's labels are
read for any set of figures, not recomputed from every figure of its population.

The points are the figures that are claims (not held by a denial or a refusal), per
population, as `build_claims` gives them to `link_events`. Per point, `event_keys`
holds what its article alone decides, from the article's points of that population:
the kind and place after the same-article filling (`same_article`), the place key,
`to_fill` (a place and no kind from its article: the kind is then the linked kind
given there most often across articles) and `given` (kind and place both extracted).
Per population: `event_places` counts the place names of each (kind, place key) with
the first point naming each; `event_days` the claim days of each (kind, place key,
to_fill); `event_fills` the linked kinds (a war) given with each place key; and
`event_theatres` gives each place key of a linked kind its theatre, the lowest place
key of the places articles name together, relabelled when two theatres join (as
store/syndication_index.py relabels clusters).

`index_events` adds an article's points; `unindex_events` takes them away before its
records are replaced, and when that may split a theatre (a place the article no
longer names with the kind, or a place whose filled kind changes) the population's
theatres are built again from the keys (`rebuild_theatres`). `rebuild_event_keys`
builds everything from the stored figures (the migration's backfill).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)

from reportedly.extract.lexicon import bundled_lexicon
from reportedly.store.bulk import insert_rows
from reportedly.store.claimed import NOT_CLAIMED
from reportedly.store.dates import claim_day, claim_day_sql
from reportedly.store.schema import (
    articles,
    attributions,
    event_days,
    event_fills,
    event_keys,
    event_places,
    event_theatres,
    figures,
)
from reportedly.store.write_locks import need

Point = tuple[int, str | None, str | None, str | None]  # article id, kind, place, claim date
EVENT_TABLES = (event_theatres, event_fills, event_days, event_places, event_keys)
REBUILD_ARTICLES = 2_000  # articles whose figures are keyed per round of a rebuild


@cache
def event_kinds() -> dict[str, dict[str, Any]]:
    """The kind rows of the `event_kinds` lexicon, by kind."""
    return {
        e["kind"]: e for e in bundled_lexicon("event_kinds") if "kind" in e and "lemma" not in e
    }


@cache
def linked_kinds() -> frozenset[str]:
    """The kinds whose places one article names together are one theatre (a war)."""
    return frozenset(k for k, e in event_kinds().items() if e.get("linked_places"))


def place_key(place: str | None) -> str:
    """How places are compared: case and spacing do not matter."""
    return " ".join((place or "").casefold().split())


def with_claim_days(rows: Sequence[dict[str, Any]], published: str | None) -> list[dict[str, Any]]:
    """The figure rows of one article with their `claim_day`."""
    return [{**row, "claim_day": claim_day(row.get("stated_on"), published)} for row in rows]


def same_article(points: Sequence[Point]) -> list[Point]:
    """Each point with a missing place (or kind) filled from what its own article says
    most often with that kind (at that place); the first named wins a tie."""
    places: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    kinds: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for article, kind, place, _ in points:
        if kind and place:
            places[article, kind][place] += 1
            kinds[article, place_key(place)][kind] += 1
    done: list[Point] = []
    for article, kind, place, day in points:
        if kind and not place and places[article, kind]:
            place = places[article, kind].most_common(1)[0][0]
        elif place and not kind and kinds[article, place_key(place)]:
            kind = kinds[article, place_key(place)].most_common(1)[0][0]
        done.append((article, kind, place, day))
    return done


def article_keys(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The `event_keys` rows of one article's figure rows (id, article_id, position,
    population, event, place, claim_day, modality of the holder), in position order."""
    by_population: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["population"] is not None and row["modality"] not in NOT_CLAIMED:
            by_population[row["population"]].append(row)
    keys = []
    for population, found in by_population.items():
        points = [(r["article_id"], r["event"], r["place"], r["claim_day"]) for r in found]
        for row, (_, kind, place, _) in zip(found, same_article(points), strict=True):
            keys.append(
                {
                    "figure_id": row["id"],
                    "population": population,
                    "article_id": row["article_id"],
                    "position": row["position"],
                    "kind": kind or "",
                    "place": place or "",
                    "place_key": place_key(place),
                    "to_fill": bool(place) and not kind,
                    "given": bool(row["event"] and row["place"]),
                    "claim_day": row["claim_day"],  # counted, not a column of `event_keys`
                }
            )
    return keys


def fill_kinds(rows: Iterable[Any]) -> dict[str, str]:
    """{place key: the linked kind given there most often} from `event_fills` rows (a
    tie: the kind given first)."""
    best: dict[str, tuple[int, int, int, str]] = {}
    for row in rows:
        rank = (-row.n, row.first_article, row.first_position, row.kind)
        if row.place_key not in best or rank < best[row.place_key]:
            best[row.place_key] = rank
    return {key: rank[3] for key, rank in best.items()}


def _fills_at(conn: Connection, population: str, keys: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    f = event_fills
    stmt = select(f).where(f.c.population == population, f.c.place_key.in_(wanted))
    return fill_kinds(conn.execute(stmt))


@dataclass
class Removed:
    """What an article gave a population's theatres before its records were replaced."""

    members: dict[str, set[str]] = field(default_factory=dict)  # {linked kind: place keys}
    fills: dict[str, str] = field(default_factory=dict)  # {given place key: filled kind}


def index_events(
    conn: Connection, article_id: int, removed: Mapping[str, Removed] | None = None
) -> None:
    """Add the event keys of a stored article's figures and what they give the
    population's state; `removed` is what `unindex_events` took away when the article's
    records were replaced."""
    removed = removed or {}
    rows = conn.execute(_keying_rows(figures.c.article_id == article_id)).mappings()
    keys = article_keys(list(rows))
    need(conn, {k["population"] for k in keys} | removed.keys())
    _insert_keys(conn, keys)
    by_population = {p: list(k) for p, k in groupby(keys, key=lambda k: k["population"])}
    populations = sorted(by_population.keys() | removed.keys())
    before = {p: removed.get(p, Removed()) for p in populations}
    old = {  # each place's filled kind before: before the old records went, for theirs
        p: {**_fills_at(conn, p, _linked_given(by_population.get(p, []))), **gone.fills}
        for p, gone in before.items()
    }
    _bump(conn, keys, 1)
    for p, gone in before.items():
        _theatres_added(conn, p, by_population.get(p, []), old[p], gone)


def unindex_events(conn: Connection, article_id: int) -> dict[str, Removed]:
    """Take the article's event keys and what they give away (before its figures are
    deleted); returns what `index_events` needs to tell whether a theatre may split."""
    k = event_keys
    stmt = (
        select(k, figures.c.claim_day)
        .join(figures, figures.c.id == k.c.figure_id)
        .where(k.c.article_id == article_id)
        .order_by(k.c.population, k.c.position)
    )
    keys = [dict(row) for row in conn.execute(stmt).mappings()]
    need(conn, {key["population"] for key in keys})
    conn.execute(delete(k).where(k.c.article_id == article_id))
    removed: dict[str, Removed] = {}
    for population, rows in groupby(keys, key=lambda r: r["population"]):
        found = list(rows)
        fills = _fills_at(conn, population, _linked_given(found) | _to_fill(found))
        removed[population] = Removed(
            members=_members(found, fills),
            fills={x: fills.get(x, "") for x in _linked_given(found)},
        )
    _bump(conn, keys, -1)
    return removed


def _keying_rows(where: Any) -> Any:
    """A select of the figure rows keying reads (with the holder's modality), by article
    and position."""
    f, holder = figures, attributions
    return (
        select(
            f.c.id, f.c.article_id, f.c.position, f.c.population, f.c.event, f.c.place,
            f.c.claim_day, holder.c.modality,
        )
        .outerjoin(
            holder,
            and_(holder.c.article_id == f.c.article_id, holder.c.position == f.c.attribution),
        )
        .where(where)
        .order_by(f.c.article_id, f.c.position)
    )  # fmt: skip


def _insert_keys(conn: Connection, keys: Sequence[Mapping[str, Any]]) -> None:
    names = [c.name for c in event_keys.c]
    insert_rows(conn, event_keys, [{name: k[name] for name in names} for k in keys])


def _linked_given(keys: Iterable[Mapping[str, Any]]) -> set[str]:
    """The place keys given with a linked kind (what `event_fills` counts)."""
    return {k["place_key"] for k in keys if k["given"] and k["kind"] in linked_kinds()}


def _to_fill(keys: Iterable[Mapping[str, Any]]) -> set[str]:
    return {k["place_key"] for k in keys if k["to_fill"]}


def _members(keys: Iterable[Mapping[str, Any]], fills: Mapping[str, str]) -> dict[str, set[str]]:
    """{linked kind: the place keys one article's points name with it} (a theatre's edge)."""
    members: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        kind = fills.get(k["place_key"], "") if k["to_fill"] else k["kind"]
        if kind in linked_kinds() and k["place"]:
            members[kind].add(k["place_key"])
    return dict(members)


def _bump(conn: Connection, keys: Sequence[Mapping[str, Any]], sign: int) -> None:
    """Add (`sign` 1) or take away (-1) the counts one article's keys give its populations."""
    places: dict[tuple[Any, ...], list[Any]] = {}
    days: Counter[tuple[Any, ...]] = Counter()
    fills: dict[tuple[Any, ...], list[Any]] = {}
    for k in keys:
        population, first = k["population"], (k["article_id"], k["position"])
        if k["place"]:
            cell = (population, k["kind"], k["place_key"], k["place"])
            places.setdefault(cell, [0, first])[0] += 1
        days[population, k["kind"], k["place_key"], k["to_fill"], k["claim_day"] or ""] += 1
        if k["given"] and k["kind"] in linked_kinds():
            fills.setdefault((population, k["place_key"], k["kind"]), [0, first])[0] += 1
    _count(conn, event_places, places, sign)
    _count(conn, event_days, {key: [n, None] for key, n in days.items()}, sign)
    _count(conn, event_fills, fills, sign)


def _count(
    conn: Connection, table: Table, counted: Mapping[tuple[Any, ...], list[Any]], sign: int
) -> None:
    """Add or take away {key: [n, (first article, first position) or None]} in `table`; a
    row counted down to nothing is deleted, and one whose first point went is found again."""
    if not counted:
        return
    names = [c.name for c in table.primary_key.columns]
    firsts = "first_article" in table.c
    read, drop, change = _count_statements(table)
    rows = conn.execute(read, {"cells": list(counted)}).mappings()
    kept = {tuple(row[n] for n in names): row for row in rows}
    new, changed, gone = [], [], []
    for key, (n, first) in counted.items():
        cell = dict(zip(names, key, strict=True))
        old = kept.get(key)
        if old is None:
            point = {"first_article": first[0], "first_position": first[1]} if firsts else {}
            new.append({**cell, "n": n, **point})
            continue
        where = {f"k_{name}": value for name, value in cell.items()}
        if old["n"] + sign * n <= 0:
            gone.append(where)
            continue
        values = {"n": old["n"] + sign * n}
        if firsts:
            at = (old["first_article"], old["first_position"])
            if sign > 0:
                at = min(at, first)
            elif first[0] == old["first_article"]:
                at = _first(conn, table, cell)
            values.update(first_article=at[0], first_position=at[1])
        changed.append({**where, **values})
    if gone:
        conn.execute(drop, gone)
    if changed:
        conn.execute(change, changed)
    if new:
        conn.execute(insert(table), new)


@cache
def _count_statements(table: Table) -> tuple[Any, Any, Any]:
    """The rows of some keys, the delete and the update of one row, for `_count` (built
    once: building them cost more than running them)."""
    columns = list(table.primary_key.columns)
    read = select(table).where(tuple_(*columns).in_(bindparam("cells", expanding=True)))
    match = and_(*(c == bindparam(f"k_{c.name}") for c in columns))
    return read, delete(table).where(match), update(table).where(match)


def _first(conn: Connection, table: Table, key: dict[str, Any]) -> tuple[int, int]:
    """The first point left that a counted row of `event_places` or `event_fills` counts."""
    k = event_keys
    where = [k.c.population == key["population"], k.c.kind == key["kind"]]
    where.append(k.c.place_key == key["place_key"])
    where.append(k.c.place == key["place"] if table is event_places else k.c.given)
    row = conn.execute(
        select(k.c.article_id, k.c.position)
        .where(*where)
        .order_by(k.c.article_id, k.c.position)
        .limit(1)
    ).one()
    return row.article_id, row.position


def _theatres_added(
    conn: Connection,
    population: str,
    keys: Sequence[Mapping[str, Any]],
    old: Mapping[str, str],
    removed: Removed,
) -> None:
    """Join the theatres the article's points name together, and those of the articles
    whose places now take a linked kind; build them again when one may have split."""
    fills = _fills_at(conn, population, _linked_given(keys) | _to_fill(keys) | old.keys())
    members = _members(keys, fills)
    changed = {x for x in old.keys() | _linked_given(keys) if old.get(x, "") != fills.get(x, "")}
    split = any(old.get(x) for x in changed) or any(
        not places <= members.get(kind, set()) for kind, places in removed.members.items()
    )
    if split:
        rebuild_theatres(conn, population)
        return
    for kind, places in members.items():
        _join(conn, population, kind, places)
    for place in sorted(changed):  # a place that had no linked kind and has one now
        k = event_keys
        others = select(k.c.article_id).where(
            k.c.population == population, k.c.kind == "", k.c.place_key == place, k.c.to_fill
        )
        for other in conn.scalars(others.distinct()):  # (not this article: it gives the place)
            theirs = _article_keys_of(conn, population, other)
            found = _fills_at(conn, population, _to_fill(theirs))
            for kind, places in _members(theirs, found).items():
                _join(conn, population, kind, places)


def _article_keys_of(conn: Connection, population: str, article_id: int) -> list[dict[str, Any]]:
    k = event_keys
    stmt = select(k).where(k.c.article_id == article_id, k.c.population == population)
    return [dict(row) for row in conn.execute(stmt).mappings()]


def _join(conn: Connection, population: str, kind: str, places: set[str]) -> None:
    """Make the places one theatre of `kind`, labelled by its lowest place key."""
    t = event_theatres
    scope = (t.c.population == population, t.c.kind == kind)
    found = dict(
        conn.execute(
            select(t.c.place_key, t.c.theatre).where(*scope, t.c.place_key.in_(places))
        ).all()
    )
    new = places - found.keys()
    target = min(set(found.values()) | new)
    relabel = sorted(set(found.values()) - {target})
    if relabel:
        conn.execute(update(t).where(*scope, t.c.theatre.in_(relabel)).values(theatre=target))
    if new:
        rows = [
            {"population": population, "kind": kind, "place_key": p, "theatre": target}
            for p in sorted(new)
        ]
        conn.execute(insert(t), rows)


def rebuild_theatres(conn: Connection, population: str) -> None:
    """Build a population's theatres again from its stored keys and linked kinds."""
    t, k = event_theatres, event_keys
    conn.execute(delete(t).where(t.c.population == population))
    fills = fill_kinds(
        conn.execute(select(event_fills).where(event_fills.c.population == population))
    )
    stmt = (
        select(k.c.article_id, k.c.kind, k.c.place, k.c.place_key, k.c.to_fill)
        .where(
            k.c.population == population,
            or_(and_(k.c.kind.in_(sorted(linked_kinds())), k.c.place != ""), k.c.to_fill),
        )
        .order_by(k.c.article_id)
    )
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for _, rows in groupby(conn.execute(stmt).mappings(), key=lambda r: r["article_id"]):
        for kind, places in _members(rows, fills).items():
            first, *others = sorted(places)
            for other in others:
                a, b = root((kind, first)), root((kind, other))
                parent[max(a, b)] = min(a, b)
            root((kind, first))
    low: dict[tuple[str, str], str] = {}
    for node in parent:
        top = root(node)
        low[top] = min(low.get(top, node[1]), node[1])
    rows = [
        {
            "population": population,
            "kind": kind,
            "place_key": key,
            "theatre": low[root((kind, key))],
        }
        for kind, key in sorted(parent)
    ]
    insert_rows(conn, t, rows)


def rebuild_event_keys(conn: Connection) -> None:
    """Key every stored figure again, with every population's counts and theatres: a
    store written before migration 12, or rows written directly (benchmarks)."""
    published = select(articles.c.published).where(articles.c.id == figures.c.article_id)
    day = claim_day_sql(figures.c.stated_on, published.scalar_subquery())
    conn.execute(update(figures).values(claim_day=day))
    for table in EVENT_TABLES:
        conn.execute(delete(table))
    for rows in _article_batches(conn):
        keys = [
            key
            for _, found in groupby(rows, key=lambda r: r["article_id"])
            for key in article_keys(list(found))
        ]
        _insert_keys(conn, keys)
    _recount(conn)
    populations = select(event_keys.c.population).where(
        or_(event_keys.c.kind.in_(sorted(linked_kinds())), event_keys.c.to_fill)
    )
    for population in conn.scalars(populations.distinct().order_by(event_keys.c.population)).all():
        rebuild_theatres(conn, population)


def _article_batches(conn: Connection) -> Iterator[list[dict[str, Any]]]:
    """The figure rows keying reads, REBUILD_ARTICLES articles at a time, by article."""
    after = 0
    while True:
        ids = select(articles.c.id).where(articles.c.id > after).order_by(articles.c.id)
        page = conn.scalars(ids.limit(REBUILD_ARTICLES)).all()
        if not page:
            return
        within = figures.c.article_id.between(page[0], page[-1])
        yield [dict(row) for row in conn.execute(_keying_rows(within)).mappings()]
        after = page[-1]


def _recount(conn: Connection) -> None:
    """Count `event_places`, `event_days` and `event_fills` from the stored keys."""
    k = event_keys
    linked = and_(k.c.given, k.c.kind.in_(sorted(linked_kinds())))
    for table, where in ((event_places, k.c.place != ""), (event_fills, linked)):
        cells = [k.c[c.name] for c in table.primary_key.columns]
        ranked = (
            select(
                *cells,
                func.count().over(partition_by=cells).label("n"),
                k.c.article_id.label("first_article"),
                k.c.position.label("first_position"),
                func.row_number()
                .over(partition_by=cells, order_by=(k.c.article_id, k.c.position))
                .label("rank"),
            )
            .where(where)
            .subquery()
        )
        names = [c.name for c in table.c]
        firsts = select(*(ranked.c[name] for name in names)).where(ranked.c.rank == 1)
        conn.execute(insert(table).from_select(names, firsts))
    day = func.coalesce(figures.c.claim_day, "")
    cells = [k.c.population, k.c.kind, k.c.place_key, k.c.to_fill, day]
    counted = select(*cells, func.count()).join(figures, figures.c.id == k.c.figure_id)
    names = [c.name for c in event_days.c]
    conn.execute(insert(event_days).from_select(names, counted.group_by(*cells)))
