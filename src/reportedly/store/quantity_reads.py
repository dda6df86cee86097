"""The store's reads by quantity key: one population's figures, and counts per quantity.

A figure's quantity key (`population`, `category`, `span`) is stored with it
(migration 9, indexed), so a population's figures are found by index; the counts per
quantity and event are kept on write (migration 12, reportedly.store.quantity_counts,
which says what they count), so `quantity_groups` reads them without counting.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, exists, select

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


class QuantityReads:
    """Reads by quantity key; mixed into StoreReads, which provides `engine`."""

    engine: Engine

    def population_figures(self, population: str) -> list[dict[str, Any]]:
        """The figure rows of one population, every category and span (as `figures()` gives
        them, plus `population`, `span` and the article's `cluster_id`), in no particular
        order (read by the population index): what a quantity's view and its checks read."""
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
            .where(f.c.population == population)
        )  # in no order: build_claims orders each article's figures, and then the claims
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]

    def population_attributions(self, population: str) -> list[dict[str, Any]]:
        """The attributions of the articles holding a figure of one population, by article
        and position, with what placing those figures as claims reads of them: id,
        article_id, position, source, source_entity, modality, parent, and `chain` (the
        links as extracted, as `iter_claims` gives it) for those that hold such a figure
        (the others: [])."""
        a, f = attributions, figures
        holds = exists().where(
            f.c.article_id == a.c.article_id,
            f.c.attribution == a.c.position,
            f.c.population == population,
        )
        stmt = (
            select(
                a.c.id, a.c.article_id, a.c.position, a.c.source, a.c.source_entity,
                a.c.modality, a.c.parent, articles.c.outlet, holds.label("holds"),
            )
            .join_from(a, articles, a.c.article_id == articles.c.id)
            .where(a.c.article_id.in_(articles_with_population(population)))
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
