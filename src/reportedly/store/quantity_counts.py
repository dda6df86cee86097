"""What `quantities` lists per quantity group, counted and kept on write (migration 13).

`quantity_groups` holds one row per quantity key and extracted event (population,
category, span, event, place) with `claims` (the claimed figures: not held by a
denial or a refusal), `statements` (distinct claimant, interval and claim day),
`reports` (distinct syndication clusters: the article's `cluster_id`, else its id),
`outlets`, `claimants` (distinct claimant keys: `_claimant_key`) and the first and
last claim day. The distinct counts can go down as well as up (a
re-extraction, an entity renamed or merged, two clusters joined), so what makes them
distinct is kept too: `quantity_members` holds, per group, each statement, report,
outlet, claimant and day with how many of the group's figures (`refs`) have it. A
member whose refs go from 0 to 1 adds one to its group's count, from 1 to 0 takes one
away; the first and last day are the least and greatest day member, read by index when
a day member comes or goes. A group whose claims come to 0 is deleted.

The write path keeps them in the transaction of the records: `count_article` once an
article's records and cluster are stored (with `sign` -1 before they are replaced);
`reclaim` when an entity's name changes or its figures move to another entity (the
claimant key is the entity's name), `reclaim_entities` around an analyst's merge or
split, `move_reports` when syndication clusters join; `recount` counts everything from
scratch (a rebuild, the migration's backfill), the groups by the GROUP BY of
`counted_groups`, which is also what the tests compare the kept rows with. On
PostgreSQL, whose writers run side by side, the writes that move a population's groups
take turns on that population's lock (store/write_locks.py: `_apply` needs it), as
SQLite's write lock makes them; writers of different populations proceed side by side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, reduce
from typing import Any

from sqlalchemy import (
    Connection,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    distinct,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from reportedly.errors import StoreError
from reportedly.store.claimed import CLAIM_DAY, CLAIMED, CLAIMED_FROM, claimant_key
from reportedly.store.schema import (
    articles,
    figures,
    quantity_groups,
    quantity_members,
)
from reportedly.store.write_locks import need

GROUP = ("population", "category", "span", "event", "place")
# Each kind of member and the count of its group that it makes (the days make the dates).
COUNTED = {
    "statement": "statements",
    "report": "reports",
    "outlet": "outlets",
    "claimant": "claimants",
}
DAY_KIND = "day"
CLAIMANT_KINDS = ("claimant", "statement")  # what an entity's name changes
CHUNK = 500  # ids or members per IN (...) list

Key = tuple[Any, ...]  # a group's (population, category, span, event, place)
Members = Counter[tuple[Key, str, str]]  # (group, kind, member): refs


def _key_text(*columns: Any) -> Any:
    """The columns as one string (a NULL as empty), for COUNT(DISTINCT ...) of a tuple."""
    parts = [func.coalesce(cast(column, Text), "") for column in columns]
    return reduce(lambda joined, part: joined + literal("|") + part, parts)


def _figure_rows(where: Any, name: Any = None) -> Any:
    """A select of the claimed figures matching `where`, one row each: the group's columns,
    the claimant key (of the entity name `name` instead of the stored one, if given), the
    rest of the statement's key, the report, the outlet and the day."""
    claimant = claimant_key() if name is None else claimant_key(name)
    return (
        select(
            *(figures.c[column] for column in GROUP),
            claimant.label("claimant"),
            _key_text(figures.c.low, figures.c.high, CLAIM_DAY).label("tail"),
            cast(func.coalesce(articles.c.cluster_id, articles.c.id), Text).label("report"),
            articles.c.outlet,
            CLAIM_DAY.label("day"),
        )
        .select_from(CLAIMED_FROM)
        .where(CLAIMED, figures.c.population.is_not(None), where)
    )


@cache
def _rows_of(scope: str) -> Any:
    """The `_figure_rows` of one article (parameter `article`), of the entities `ids`, of
    entity `entity` as if named `name`, of the syndication clusters `clusters` (by
    `cluster_id`, else the article's id), or of one population and category: built once,
    as a statement is costly to build."""
    f, a = figures.c, articles.c
    if scope == "renamed":
        return _figure_rows(f.entity_id == bindparam("entity"), cast(bindparam("name"), Text))
    clusters = bindparam("clusters", expanding=True)
    where = {
        "article": f.article_id == bindparam("article"),
        "entities": f.entity_id.in_(bindparam("ids", expanding=True)),
        "clusters": or_(
            a.cluster_id.in_(clusters), and_(a.id.in_(clusters), a.cluster_id.is_(None))
        ),
        "slice": and_(f.population == bindparam("population"), f.category == bindparam("category")),
    }[scope]
    return _figure_rows(where)


def _tally(
    conn: Connection, scope: str, kinds: Iterable[str] | None = None, **params: Any
) -> tuple[Members, Counter[Key]]:
    """The members of `kinds` (all: None) that the figures of `_rows_of(scope)` (with
    `params`) give, with their refs, and the claims per group."""
    wanted = set(kinds) if kinds is not None else {*COUNTED, DAY_KIND}
    members: Members = Counter()
    claims: Counter[Key] = Counter()
    for row in conn.execute(_rows_of(scope), params):
        group = tuple(row[:5])
        claims[group] += 1
        given = {
            "statement": f"{row.claimant}|{row.tail}",
            "report": row.report,
            "outlet": row.outlet,
            "claimant": row.claimant,
            DAY_KIND: row.day,
        }
        for kind in wanted:
            if given[kind] is not None:
                members[group, kind, given[kind]] += 1
    return members, claims


def count_article(conn: Connection, article_id: int, sign: int = 1) -> None:
    """Add what the stored article gives to the kept counts (`sign` -1: take it away,
    before its records are deleted)."""
    members, claims = _tally(conn, "article", article=article_id)
    _apply(conn, _signed(members, sign), _signed(claims, sign))


def reclaim(conn: Connection, entity_id: int, old: str | None, new: str | None) -> None:
    """The figures pointing at entity `entity_id` are claimed by the name `new` now, not
    `old` (its name changed, or they are about to move to an entity of that name; None:
    no entity, so the figure's own name)."""
    if old == new:
        return
    after, _ = _tally(conn, "renamed", CLAIMANT_KINDS, entity=entity_id, name=new)
    before, _ = _tally(conn, "renamed", CLAIMANT_KINDS, entity=entity_id, name=old)
    after.subtract(before)
    _apply(conn, after, Counter())


def reclaim_entities(conn: Connection, entity_ids: Iterable[int], sign: int) -> None:
    """Take away (`sign` -1, before rows move between these entities) or add back (1, after)
    the claimants and statements of the figures pointing at the entities."""
    ids = sorted(set(entity_ids))
    for start in range(0, len(ids), CHUNK):
        members, _ = _tally(conn, "entities", CLAIMANT_KINDS, ids=ids[start : start + CHUNK])
        _apply(conn, _signed(members, sign), Counter())


def move_reports(conn: Connection, clusters: Sequence[int], cluster: int) -> None:
    """The articles of the syndication clusters `clusters` (their report keys) are about to
    join cluster `cluster`: their figures' report is `cluster` now."""
    moved: Members = Counter()
    for start in range(0, len(clusters), CHUNK):
        chunk = list(clusters[start : start + CHUNK])
        members, _ = _tally(conn, "clusters", ["report"], clusters=chunk)
        for (group, kind, member), refs in members.items():
            moved[group, kind, member] -= refs
            moved[group, kind, str(cluster)] += refs
    _apply(conn, moved, Counter())


def _signed(counts: Counter[Any], sign: int) -> Counter[Any]:
    return Counter({key: sign * n for key, n in counts.items()})


def _apply(conn: Connection, members: Members, claims: Counter[Key]) -> None:
    """Add signed refs to the kept members and signed claims to their groups; move each
    group's counts by the members that came (0 -> refs) or went (refs -> 0), its dates
    when a day came or went, and delete a group left with no claim."""
    members = Counter({key: n for key, n in members.items() if n})
    claims = Counter({key: n for key, n in claims.items() if n})
    if not members and not claims:
        return
    need(conn, {key[0] for key, _, _ in members} | {key[0] for key in claims})
    groups = _groups(conn, {key for key, _, _ in members} | set(claims))
    kept = _kept_members(conn, [(groups[g]["id"], kind, member) for g, kind, member in members])
    moved: dict[Key, Counter[str]] = {key: Counter() for key in groups}
    new, changed, gone = [], [], []
    for (group, kind, member), refs in members.items():
        old = kept.get((groups[group]["id"], kind, member), 0)
        total = old + refs
        if total < 0:
            raise StoreError(
                f"the kept quantity counts are out of step ({kind} {member!r} of "
                f"{' / '.join(str(part) for part in group)}): run `reportedly entities "
                "rebuild` to count them again"
            )
        values = {"g": groups[group]["id"], "k": kind, "m": member, "n": total}
        (new if old == 0 else gone if total == 0 else changed).append(values)
        moved[group][kind] += (old == 0) - (total == 0)
        if kind == DAY_KIND and (old == 0 or total == 0):
            moved[group]["dates"] = 1
    m = quantity_members.c
    if new:
        conn.execute(
            insert(quantity_members),
            [{"group_id": v["g"], "kind": v["k"], "member": v["m"], "refs": v["n"]} for v in new],
        )
    one = (m.group_id == bindparam("g"), m.kind == bindparam("k"), m.member == bindparam("m"))
    if changed:
        conn.execute(update(quantity_members).where(*one).values(refs=bindparam("n")), changed)
    if gone:
        conn.execute(delete(quantity_members).where(*one), gone)
    _move_groups(conn, groups, moved, claims)


def _move_groups(
    conn: Connection,
    groups: dict[Key, dict[str, Any]],
    moved: dict[Key, Counter[str]],
    claims: Counter[Key],
) -> None:
    """Move each group's counts by `moved` (members come and gone, per kind; "dates": a
    day came or went) and its claims by `claims`; a group left with none is deleted."""
    g, m = quantity_groups.c, quantity_members.c
    empty, counted, dated = [], [], []
    for key, row in groups.items():
        left = row["claims"] + claims[key]
        if left == 0:
            empty.append(row["id"])
            continue
        values = {column: row[column] + moved[key][kind] for kind, column in COUNTED.items()}
        counted.append({"g": row["id"], "claims": left, **values})
        if moved[key]["dates"]:
            dated.append({"g": row["id"]})
    if empty:
        conn.execute(delete(quantity_members).where(m.group_id.in_(empty)))
        conn.execute(delete(quantity_groups).where(g.id.in_(empty)))
    this = g.id == bindparam("g")
    if counted:
        names = ["claims", *COUNTED.values()]
        values = {name: bindparam(name) for name in names}
        conn.execute(update(quantity_groups).where(this).values(values), counted)
    if dated:
        days = select(m.member).where(m.group_id == bindparam("g"), m.kind == DAY_KIND)
        dates = {
            "first_date": days.with_only_columns(func.min(m.member)).scalar_subquery(),
            "last_date": days.with_only_columns(func.max(m.member)).scalar_subquery(),
        }
        conn.execute(update(quantity_groups).where(this).values(dates), dated)


def _groups(conn: Connection, keys: set[Key]) -> dict[Key, dict[str, Any]]:
    """The kept row of each group of `keys`, made (with no counts yet) for those not kept."""
    found: dict[Key, dict[str, Any]] = {}
    populations = sorted({key[0] for key in keys})
    categories = sorted({key[1] for key in keys})
    for start in range(0, len(populations), CHUNK):
        chunk = populations[start : start + CHUNK]
        params = {"populations": chunk, "categories": categories}
        for row in conn.execute(_lookups()[0], params).mappings():
            key = tuple(row[column] for column in GROUP)
            if key in keys:
                found[key] = dict(row)
    zero = dict.fromkeys(["claims", *COUNTED.values()], 0)
    for key in sorted(keys - set(found), key=repr):
        values = {**dict(zip(GROUP, key, strict=True)), **zero}
        made = conn.execute(insert(quantity_groups).values(values)).inserted_primary_key[0]
        found[key] = {"id": made, **values}
    return found


def _kept_members(conn: Connection, wanted: Sequence[tuple[int, str, str]]) -> dict[Any, int]:
    """The refs of those of the members (group id, kind, member) that are kept, read by the
    primary key: a group's members at a time (each kind of it, each member's name)."""
    by_group: dict[int, set[tuple[str, str]]] = {}
    for group_id, kind, member in wanted:
        by_group.setdefault(group_id, set()).add((kind, member))
    found: dict[Any, int] = {}
    for group_id, pairs in by_group.items():
        ordered = sorted(pairs)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            kinds = sorted({kind for kind, _ in chunk})
            names = sorted({member for _, member in chunk})
            rows = conn.execute(_lookups()[1], {"g": group_id, "kinds": kinds, "names": names})
            found |= {(group_id, row.kind, row.member): row.refs for row in rows}
    return found


@cache
def _lookups() -> tuple[Any, Any]:
    """The selects of the kept groups of some populations and categories, and of a group's
    members of some kinds and names (by the key's index and the primary key), built once."""
    g, m = quantity_groups.c, quantity_members.c
    groups = select(quantity_groups).where(
        g.population.in_(bindparam("populations", expanding=True)),
        g.category.in_(bindparam("categories", expanding=True)),
    )
    members = select(m.kind, m.member, m.refs).where(
        m.group_id == bindparam("g"),
        m.kind.in_(bindparam("kinds", expanding=True)),
        m.member.in_(bindparam("names", expanding=True)),
    )
    return groups, members


def counted_groups() -> Any:
    """A select of the rows of `quantity_groups` counted from the stored records (the
    reference: what the kept rows must equal), but their ids."""
    f = figures
    claimant = claimant_key()
    report = func.coalesce(articles.c.cluster_id, articles.c.id)
    return (
        select(
            *(f.c[column] for column in GROUP),
            func.count().label("claims"),
            func.count(distinct(_key_text(claimant, f.c.low, f.c.high, CLAIM_DAY))).label(
                "statements"
            ),
            func.count(distinct(report)).label("reports"),
            func.count(distinct(articles.c.outlet)).label("outlets"),
            func.count(distinct(claimant)).label("claimants"),
            func.min(CLAIM_DAY).label("first_date"),
            func.max(CLAIM_DAY).label("last_date"),
        )
        .select_from(CLAIMED_FROM)
        .where(CLAIMED, f.c.population.is_not(None))
        .group_by(*(f.c[column] for column in GROUP))
    )


def recount(conn: Connection) -> None:
    """Count every group again from the stored records, a population and category at a
    time (their groups by `counted_groups`, their members from their figures); the groups
    are made in the order of their keys, so that their ids are the same on every database."""
    conn.execute(delete(quantity_members))
    conn.execute(delete(quantity_groups))
    f = figures.c
    slices = select(f.population, f.category).where(f.population.is_not(None)).distinct()
    for population, category in sorted(conn.execute(slices).all(), key=_in_order):
        where = and_(f.population == population, f.category == category)
        ids: dict[Key, int] = {}
        found = conn.execute(counted_groups().where(where)).mappings().all()
        for row in sorted(found, key=lambda row: _in_order([row[column] for column in GROUP])):
            made = conn.execute(insert(quantity_groups).values(dict(row))).inserted_primary_key
            ids[tuple(row[column] for column in GROUP)] = made[0]  # ids from the sequence
        members, _ = _tally(conn, "slice", population=population, category=category)
        for chunk in _batches(members.items()):
            rows = [
                {"group_id": ids[group], "kind": kind, "member": member, "refs": refs}
                for (group, kind, member), refs in chunk
            ]
            conn.execute(insert(quantity_members), rows)


def _in_order(values: Sequence[Any]) -> tuple[tuple[bool, Any], ...]:
    """A sort key of values that may be NULL (None first), the same whatever the database."""
    return tuple((value is not None, value) for value in values)


def _batches(items: Iterable[Any], size: int = 10_000) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
