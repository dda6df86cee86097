"""The store's read for one article's page: the entity across articles of each record.

An article's attributions and figures name their claimant as the article does
(`source_entity`); the entity across articles it belongs to (after merges and
splits) is the row of `canonical_entities` its `entity_id` points to. One query per
table, filtered on the article (indexed): bounded by the article's records.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from reportedly.store.schema import attributions, canonical_entities, figures


class ArticleReads:
    """Reads for the article page (mixed into Store)."""

    engine: Any

    def article_claimants(self, article_id: int) -> dict[str, dict[int, str]]:
        """{"claims": {position: entity name}, "figures": {position: entity name}} of the
        article's records whose claimant is an entity across articles."""
        found: dict[str, dict[int, str]] = {}
        with self.engine.connect() as conn:
            for key, table in (("claims", attributions), ("figures", figures)):
                stmt = (
                    select(table.c.position, canonical_entities.c.name)
                    .join_from(
                        table, canonical_entities, table.c.entity_id == canonical_entities.c.id
                    )
                    .where(table.c.article_id == article_id)
                )
                found[key] = {row.position: row.name for row in conn.execute(stmt)}
        return found
