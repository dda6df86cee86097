"""The store's reads by quantity key: one population's figures, and counts per quantity.

A figure's quantity key (`population`, `category`, `span`) is stored with it
(migration 9, indexed), so a population's figures are found by index; the counts per
quantity and event are kept on write (migration 13, reportedly.store.quantity_counts,
which says what they count), so `quantity_groups` reads them without counting.
A quantity's view reads a window of claim dates at a time (`since`, `until`) on the
stored claim day (`figures.claim_day`, indexed with the population: migration 12).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, func, or_, select, tuple_

from reportedly.store.claimed import CLAIM_DAY, CLAIMED, CLAIMED_FROM, claimant_key, holder
from reportedly.store.dates import date_range
from reportedly.store.entities import stored_chains
from reportedly.store.rows import FIGURE_COLUMNS, extracted_links
from reportedly.store.schema import (
    articles,
    attributions,
    canonical_entities,
    figures,
    quantity_groups,
)

CHAIN_IDS = 1_000  # attribution ids per query for their chains


def articles_with_population(population: str) -> Any:
    """A select of the ids of the articles holding a figure of this population."""
    return select(figures.c.article_id).where(figures.c.population == population)


def _of_population(
    population: str,
    since: str | None = None,
    until: str | None = None,
    category: str | None = None,
    span: str | None = None,
    categories: Collection[str] | None = None,
    days: Collection[str | None] | None = None,
    article_ids: Collection[int] | None = None,
    ids: Collection[int] | None = None,
) -> list[Any]:
    """The conditions on `figures` (joined to its article) keeping the figures of one
    population claimed in [since, until] (ISO dates, inclusive, either open), of one
    category (or one of `categories`) and span when they are given, claimed on one of
    `days` (stored claim days; None: none), in one of `article_ids` and one of the figure
    `ids` when they are given."""
    found = [figures.c.population == population, *date_range(CLAIM_DAY, since, until)]
    if category is not None:
        found.append(figures.c.category == category)
    if categories is not None:
        found.append(figures.c.category.in_(sorted(categories)))
    if span is not None:
        found.append(figures.c.span == span)
    if days is not None:
        dated = sorted(day for day in days if day is not None)
        found.append(
            or_(CLAIM_DAY.in_(dated), CLAIM_DAY.is_(None)) if None in days else CLAIM_DAY.in_(dated)
        )
    if article_ids is not None:
        found.append(figures.c.article_id.in_(sorted(article_ids)))
    if ids is not None:
        found.append(figures.c.id.in_(sorted(ids)))
    return found


def _chunks(values: Iterable[Any] | None, size: int = CHAIN_IDS) -> list[list[Any] | None]:
    """`values` sorted (None first) in lists of at most `size` (one query each); [None] for
    no bound."""
    if values is None:
        return [None]
    found = sorted(values, key=lambda value: (value is not None, value))
    return [found[start : start + size] for start in range(0, len(found), size)]


class QuantityReads:
    """Reads by quantity key; mixed into StoreReads, which provides `engine`."""

    engine: Engine

    def population_figures(
        self,
        population: str,
        since: str | None = None,
        until: str | None = None,
        *,
        category: str | None = None,
        span: str | None = None,
        categories: Collection[str] | None = None,
        days: Collection[str | None] | None = None,
        article_ids: Collection[int] | None = None,
        ids: Collection[int] | None = None,
        claims_only: bool = False,
    ) -> list[dict[str, Any]]:
        """The figure rows of one population claimed in [since, until] (every category and
        span, or those given; on `days`, in `article_ids` and of the figure `ids` when
        given, as `_of_population` keeps them), as `figures()` gives them, plus
        `population`, `span` and the article's `cluster_id`, by article and position: what
        a quantity's view and its checks read, and the export a piece at a time. With
        `claims_only`, only the figures that are claims, each with its `claimant_key`
        (store/claimed.py: finer than, never coarser than, the key `analyse.timelines`
        compares claimants by)."""
        rows: list[dict[str, Any]] = []
        for some_days in _chunks(days):
            for some_articles in _chunks(article_ids):
                for some_ids in _chunks(ids):
                    rows += self._population_figures(
                        _of_population(
                            population, since, until, category, span, categories, some_days,
                            some_articles, some_ids,
                        ),
                        claims_only,
                    )  # fmt: skip
        rows.sort(key=lambda row: (row["article_id"], row["position"]))
        return rows

    def _population_figures(self, conditions: list[Any], claims_only: bool) -> list[dict[str, Any]]:
        f = figures
        joined = f.join(articles, f.c.article_id == articles.c.id).outerjoin(
            canonical_entities, canonical_entities.c.id == f.c.entity_id
        )
        extra: list[Any] = []
        if claims_only:
            joined, conditions = CLAIMED_FROM, [*conditions, CLAIMED]
            extra = [claimant_key().label("claimant_key")]
        stmt = (
            select(
                f.c.id,
                f.c.article_id,
                f.c.position,
                *FIGURE_COLUMNS,
                f.c.population,
                f.c.span,
                f.c.claim_day,
                articles.c.title.label("article_title"),
                articles.c.outlet,
                articles.c.published,
                articles.c.cluster_id,
                canonical_entities.c.name.label("claimant_entity"),
                *extra,
            )
            .select_from(joined)
            .where(*conditions)
        )  # by the population index, sorted by the caller: an ORDER BY would make it a scan
        with self.engine.connect() as conn:
            result = conn.execute(stmt)
            keys = list(result.keys())
            return [dict(zip(keys, row, strict=True)) for row in result]

    def article_attributions(
        self,
        article_ids: Collection[int],
        holding: Collection[tuple[int, int]],
        voices: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """What placing a chosen set of figures as claims reads of the attributions of
        their articles `article_ids`, by article and position (id, article_id, position,
        source, source_entity, modality, parent, and `chain`: the links as extracted, as
        `iter_claims` gives it, for the holders; the others: []): those at the (article
        id, position) pairs `holding` (the figures' holders, with their `chain`), the
        attributions they hang from (`parent`, up to the outermost: their relays), and
        those naming an entity in words holding one of `voices` (lower-case words such as
        "spokesman": who speaks for whom). The others of those articles are left unread."""
        a = attributions
        columns = (
            a.c.id, a.c.article_id, a.c.position, a.c.source, a.c.source_entity,
            a.c.modality, a.c.parent, articles.c.outlet,
        )  # fmt: skip
        joined = a.join(articles, a.c.article_id == articles.c.id)
        found: dict[tuple[int, int], dict[str, Any]] = {}

        def read(conn: Any, stmt: Any) -> None:
            result = conn.execute(stmt)
            keys = list(result.keys())
            for values in result:
                row = dict(zip(keys, values, strict=True))
                found.setdefault((row["article_id"], row["position"]), row)

        with self.engine.connect() as conn:
            wanted, asked = set(holding), set()
            while wanted:  # the holders, then their parents, up to the outermost
                for some in _chunks(wanted):
                    pairs = tuple_(a.c.article_id, a.c.position).in_(some or [])
                    ids = a.c.article_id.in_(sorted({pair[0] for pair in some or []}))
                    read(conn, select(*columns).select_from(joined).where(ids, pairs))
                asked |= wanted
                wanted = {
                    (row["article_id"], row["parent"])
                    for row in found.values()
                    if isinstance(row["parent"], int)
                } - asked
            if voices:
                worded = or_(*(a.c.source.ilike(f"%{voice}%") for voice in voices))
                for some in _chunks(article_ids):
                    where = (a.c.article_id.in_(some or []), a.c.source_entity.is_not(None))
                    read(conn, select(*columns).select_from(joined).where(*where, worded))
            held_at = set(holding)
            held = [row["id"] for key, row in found.items() if key in held_at]
            chains: dict[int, list[dict[str, Any]]] = {}
            for some in _chunks(held):
                chains.update(stored_chains(conn, some or []))
        rows = [found[key] for key in sorted(found)]
        for row in rows:
            row["chain"] = extracted_links(chains.get(row["id"], []), row.pop("outlet"))
        return rows

    def quantity_extent(self, population: str, category: str, span: str) -> dict[str, Any]:
        """How many claims one quantity key has (a figure held by a denial or a refusal is
        none), and its first and last claim day: {"claims", "first_date", "last_date"},
        summed over its groups' counts kept on write (reportedly.store.quantity_counts)."""
        g = quantity_groups.c
        stmt = select(
            func.coalesce(func.sum(g.claims), 0).label("claims"),
            func.min(g.first_date).label("first_date"),
            func.max(g.last_date).label("last_date"),
        ).where(g.population == population, g.category == category, g.span == span)
        with self.engine.connect() as conn:
            return dict(conn.execute(stmt).mappings().one())

    def nth_latest_day(self, population: str, category: str, span: str, n: int) -> str | None:
        """The claim day of the `n`th latest claim of one quantity key (None: fewer claims):
        where a window holding its latest `n` claims starts."""
        stmt = (
            select(CLAIM_DAY)
            .select_from(CLAIMED_FROM)
            .where(CLAIMED, *_of_population(population, category=category, span=span))
            .where(CLAIM_DAY.is_not(None))
            .order_by(CLAIM_DAY.desc())
            .offset(n - 1)
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.scalar(stmt)

    def claim_days(self, population: str) -> list[tuple[str | None, int]]:
        """(stored claim day, figures) of one population, one row per claim day (None: the
        figures without one), by the population's claim-day index: how its figures spread
        over its dates."""
        day = figures.c.claim_day
        stmt = select(day, func.count()).where(figures.c.population == population).group_by(day)
        with self.engine.connect() as conn:
            return [(row[0], row[1]) for row in conn.execute(stmt)]

    def population_figure_ids(self, population: str, days: Collection[str | None]) -> list[int]:
        """The ids of the population's figures claimed on `days` (stored claim days; None:
        none), sorted: read from the claim-day index alone, to read the figures in pieces."""
        found: list[int] = []
        with self.engine.connect() as conn:
            for some_days in _chunks(days):
                where = _of_population(population, days=some_days)
                found += conn.scalars(select(figures.c.id).where(*where))
        return sorted(found)

    def wholes_of(self, figure_ids: Collection[int]) -> dict[int, int]:
        """{figure id: the id of the figure it is a breakdown of (`part_of`, a position in
        its article)} for those of `figure_ids` whose whole is of the same population."""
        part, whole = figures.alias("part"), figures.alias("whole")
        joined = part.join(
            whole,
            (whole.c.article_id == part.c.article_id)
            & (whole.c.position == part.c.part_of)
            & (whole.c.population == part.c.population),
        )
        found: dict[int, int] = {}
        with self.engine.connect() as conn:
            for some in _chunks(figure_ids):
                stmt = select(part.c.id, whole.c.id).select_from(joined)
                found.update(
                    tuple(row) for row in conn.execute(stmt.where(part.c.id.in_(some or [])))
                )
        return found

    def claimant_names(self, population: str) -> set[str]:
        """The claimants' names of the population's claims that an attribution holds (its
        entity's name, else the figure's own; None for an unnamed source): the names who
        may speak for one another (`analyse.timelines.speakers`)."""
        name = func.coalesce(
            func.nullif(canonical_entities.c.name, ""), func.nullif(figures.c.source_entity, "")
        )
        stmt = (
            select(name)
            .select_from(CLAIMED_FROM)
            .where(figures.c.population == population, holder.c.id.is_not(None), CLAIMED)
            .distinct()
        )
        with self.engine.connect() as conn:
            return set(conn.scalars(stmt))

    def voice_worded(self, population: str, voices: Sequence[str]) -> list[tuple[str, str]]:
        """(source_entity, source) of the attributions naming an entity in words holding
        one of `voices` (lower-case words such as "spokesman") in the articles holding a
        figure of the population, each pair once, in article and position order of its
        first: who may speak for whom."""
        a = attributions
        if not voices:
            return []
        stmt = (
            select(a.c.source_entity, a.c.source)
            .where(
                a.c.article_id.in_(articles_with_population(population)),
                a.c.source_entity.is_not(None),
                a.c.source_entity != "",
                or_(*(a.c.source.ilike(f"%{voice}%") for voice in voices)),
            )
            .order_by(a.c.article_id, a.c.position)
        )
        with self.engine.connect() as conn:
            return list(dict.fromkeys((row[0], row[1] or "") for row in conn.execute(stmt)))

    def populations(self) -> list[str]:
        """The populations of the stored figures, sorted (read from the index)."""
        stmt = select(figures.c.population).where(figures.c.population.is_not(None))
        with self.engine.connect() as conn:
            return list(conn.scalars(stmt.distinct().order_by(figures.c.population)))

    def quantity_groups(self) -> list[dict[str, Any]]:
        """Counts per quantity key and extracted event (kind, place): claims, statements
        (equal claims folded), reports (syndication clusters), outlets, claimants, first
        and last claim date (kept on write: reportedly.store.quantity_counts). One row per
        group, in no particular order."""
        columns = [c for c in quantity_groups.c if c.name != "id"]
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(select(*columns)).mappings()]
