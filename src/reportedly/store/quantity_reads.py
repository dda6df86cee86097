"""The store's reads by quantity key: one population's figures, and counts per quantity.

A figure's quantity key (`population`, `category`, `span`) is stored with it
(migration 9, indexed), so a population's figures are found by index, and the
quantities are counted by GROUP BY in the database, without loading figures.
A quantity's view reads a window of claim dates at a time (`since`, `until`):
the claim day is `_DAY`, spelled once here, so that it can become a stored,
indexed column without touching the reads.

In `quantity_groups` the event of a group is the one extraction gave each
figure (its kind and place, as `event_label` writes them); the claimant key is
the claimant (its entity across articles, else its name) lower-cased without a
leading "the" (how `claimant_key` compares names, but for spacing); a figure
held by a denial or a refusal is no claim.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from sqlalchemy import Engine, Text, and_, case, cast, distinct, exists, func, literal, select

from reportedly.store.dates import date_range
from reportedly.store.entities import stored_chains
from reportedly.store.rows import FIGURE_COLUMNS, extracted_links
from reportedly.store.schema import articles, attributions, canonical_entities, figures

NOT_CLAIMED = ("denied", "refused")  # modalities whose content is no claim of the source
OWN_VOICE = "(own voice)"  # the claimant of a figure the article states itself
UNNAMED = "(unnamed source)"  # the claimant of a figure an unnamed source holds

CHAIN_IDS = 1_000  # attribution ids per query for their chains

_holder = attributions.alias("holder")
_FROM = (
    figures.join(articles, figures.c.article_id == articles.c.id)
    .outerjoin(
        _holder,
        and_(
            _holder.c.article_id == figures.c.article_id,
            _holder.c.position == figures.c.attribution,
        ),
    )
    .outerjoin(canonical_entities, canonical_entities.c.id == figures.c.entity_id)
)
_CLAIMED = func.coalesce(_holder.c.modality, "").not_in(NOT_CLAIMED)
_DAY = func.substr(func.coalesce(figures.c.stated_on, articles.c.published), 1, 10)


def _claimant_key() -> Any:
    name = func.lower(
        func.trim(
            func.coalesce(
                canonical_entities.c.name,
                figures.c.source_entity,
                case((_holder.c.id.is_(None), literal(OWN_VOICE)), else_=literal(UNNAMED)),
            )
        )
    )
    return case((name.like("the %"), func.substr(name, 5)), else_=name)


def _key_text(*columns: Any) -> Any:
    """The columns as one string (a NULL as empty), for COUNT(DISTINCT ...) of a tuple."""
    parts = [func.coalesce(cast(column, Text), "") for column in columns]
    return reduce(lambda joined, part: joined + literal("|") + part, parts)


def articles_with_population(population: str) -> Any:
    """A select of the ids of the articles holding a figure of this population."""
    return select(figures.c.article_id).where(figures.c.population == population)


def _of_population(
    population: str,
    since: str | None = None,
    until: str | None = None,
    category: str | None = None,
    span: str | None = None,
) -> list[Any]:
    """The conditions on `figures` (joined to its article) keeping the figures of one
    population claimed in [since, until] (ISO dates, inclusive, either open), of one
    category and span when they are given."""
    found = [figures.c.population == population, *date_range(_DAY, since, until)]
    if category is not None:
        found.append(figures.c.category == category)
    if span is not None:
        found.append(figures.c.span == span)
    return found


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
    ) -> list[dict[str, Any]]:
        """The figure rows of one population claimed in [since, until] (every category and
        span, or the one given), as `figures()` gives them, plus `population`, `span` and
        the article's `cluster_id`, by article and position: what a quantity's view and its
        checks read."""
        f = figures
        stmt = (
            select(
                f.c.id,
                f.c.article_id,
                f.c.position,
                *FIGURE_COLUMNS,
                f.c.population,
                f.c.span,
                articles.c.title.label("article_title"),
                articles.c.outlet,
                articles.c.published,
                articles.c.cluster_id,
                canonical_entities.c.name.label("claimant_entity"),
            )
            .select_from(
                f.join(articles, f.c.article_id == articles.c.id).outerjoin(
                    canonical_entities, canonical_entities.c.id == f.c.entity_id
                )
            )
            .where(*_of_population(population, since, until, category, span))
        )  # by the population index, sorted here: an ORDER BY would make it a scan
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(stmt).mappings()]
        rows.sort(key=lambda row: (row["article_id"], row["position"]))
        return rows

    def population_attributions(
        self,
        population: str,
        since: str | None = None,
        until: str | None = None,
        *,
        category: str | None = None,
        span: str | None = None,
    ) -> list[dict[str, Any]]:
        """The attributions of the articles holding a figure that `population_figures` reads
        (same arguments), by article and position, with what placing those figures as
        claims reads of them: id, article_id, position, source, source_entity, modality,
        parent, and `chain` (the links as extracted, as `iter_claims` gives it) for those
        that hold such a figure (the others: [])."""
        a, f = attributions, figures
        read = _of_population(population, since, until, category, span)
        holds = exists().where(
            f.c.article_id == a.c.article_id, f.c.attribution == a.c.position, *read
        )  # correlated with the outer query's article: the held figure's own
        held_articles = (
            select(f.c.article_id).join(articles, f.c.article_id == articles.c.id).where(*read)
        )
        stmt = (
            select(
                a.c.id, a.c.article_id, a.c.position, a.c.source, a.c.source_entity,
                a.c.modality, a.c.parent, articles.c.outlet, holds.label("holds"),
            )
            .join_from(a, articles, a.c.article_id == articles.c.id)
            .where(a.c.article_id.in_(held_articles))
            .order_by(a.c.article_id, a.c.position)
        )  # fmt: skip
        with self.engine.connect() as conn:
            result = conn.execute(stmt)
            keys = list(result.keys())
            rows = [dict(zip(keys, row, strict=True)) for row in result]
            held = [row["id"] for row in rows if row.pop("holds")]
            chains: dict[int, list[dict[str, Any]]] = {}
            for start in range(0, len(held), CHAIN_IDS):
                chains.update(stored_chains(conn, held[start : start + CHAIN_IDS]))
        for row in rows:
            row["chain"] = extracted_links(chains.get(row["id"], []), row.pop("outlet"))
        return rows

    def population_points(self, population: str) -> list[tuple[int, int, Any, Any, Any]]:
        """(figure id, article id, event kind, place, claim day) of every claim of one
        population (a figure held by a denial or a refusal is none), by article and
        position: what linking the population's events reads, and nothing more."""
        f = figures
        stmt = (
            select(f.c.id, f.c.article_id, f.c.event, f.c.place, _DAY, f.c.position)
            .select_from(_FROM)
            .where(_CLAIMED, f.c.population == population)
        )  # by the population index, sorted here (see population_figures)
        with self.engine.connect() as conn:
            rows = sorted(conn.execute(stmt), key=lambda row: (row[1], row[5]))
        return [tuple(row[:5]) for row in rows]

    def quantity_extent(self, population: str, category: str, span: str) -> dict[str, Any]:
        """How many claims one quantity key has (a figure held by a denial or a refusal is
        none), and its first and last claim day: {"claims", "first_date", "last_date"}."""
        stmt = (
            select(
                func.count().label("claims"),
                func.min(_DAY).label("first_date"),
                func.max(_DAY).label("last_date"),
            )
            .select_from(_FROM)
            .where(_CLAIMED, *_of_population(population, category=category, span=span))
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(stmt).mappings().one())

    def nth_latest_day(self, population: str, category: str, span: str, n: int) -> str | None:
        """The claim day of the `n`th latest claim of one quantity key (None: fewer claims):
        where a window holding its latest `n` claims starts."""
        stmt = (
            select(_DAY)
            .select_from(_FROM)
            .where(_CLAIMED, *_of_population(population, category=category, span=span))
            .where(_DAY.is_not(None))
            .order_by(_DAY.desc())
            .offset(n - 1)
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.scalar(stmt)

    def populations(self) -> list[str]:
        """The populations of the stored figures, sorted (read from the index)."""
        stmt = select(figures.c.population).where(figures.c.population.is_not(None))
        with self.engine.connect() as conn:
            return list(conn.scalars(stmt.distinct().order_by(figures.c.population)))

    def quantity_groups(self) -> list[dict[str, Any]]:
        """Counts per quantity key and extracted event (kind, place): claims, statements
        (equal claims folded), reports (syndication clusters), outlets, claimants, first
        and last claim date. One row per group, in no particular order."""
        f = figures
        claimant = _claimant_key()
        report = func.coalesce(articles.c.cluster_id, articles.c.id)
        stmt = (
            select(
                f.c.population,
                f.c.category,
                f.c.span,
                f.c.event,
                f.c.place,
                func.count().label("claims"),
                func.count(distinct(_key_text(claimant, f.c.low, f.c.high, _DAY))).label(
                    "statements"
                ),
                func.count(distinct(report)).label("reports"),
                func.count(distinct(articles.c.outlet)).label("outlets"),
                func.count(distinct(claimant)).label("claimants"),
                func.min(_DAY).label("first_date"),
                func.max(_DAY).label("last_date"),
            )
            .select_from(_FROM)
            .where(_CLAIMED, f.c.population.is_not(None))
            .group_by(f.c.population, f.c.category, f.c.span, f.c.event, f.c.place)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]
