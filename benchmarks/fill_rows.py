"""Table rows of distinct benchmark articles, made from a pool of extracted reports.

`RowMaker.rows(numbers, rng)` gives, for article numbers `numbers`, the rows of
every table that the store's write path would write for copies of the pool's
reports (see benchmarks/reads.py for how each copy is made distinct), with ids
assigned here (the store being filled is new), the quantity keys computed as
`Store.add` computes them, and the derived state kept current on write: one
canonical entity per distinct name, every row pointing at it, and each article
its own syndication cluster. `fill_event_keys` then keys the figures written (their
claim days and event keys, store/event_keys.py), and `fill_quantity_counts` counts the
quantity groups of the filled rows, as the write path does.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from reportedly.model import Report, content_hash
from reportedly.store import quantity_counts
from reportedly.store.event_keys import rebuild_event_keys
from reportedly.store.quantity_keys import with_quantity_keys
from reportedly.store.rows import article_values, record_values, relay_link_values

TABLES = ("canonical_entities", "articles", "attributions", "figures", "entities", "relay_links")


class RowMaker:
    """Rows for numbered copies of a pool of reports; ids and entities carry across calls."""

    def __init__(self, pool: Sequence[Report], outlets: Sequence[str], claimants: int) -> None:
        self.pool = pool
        self.outlets = outlets
        self.claimants = claimants
        self.templates = [self._template(report) for report in pool]
        self.entity_ids: dict[str, int] = {}
        self.next_id = dict.fromkeys(TABLES, 1)
        self.ingested_at = datetime.now(UTC).isoformat(timespec="seconds")

    @staticmethod
    def _template(report: Report) -> dict[str, Any]:
        chains = [a.chain for a in report.attributions]
        return {
            "article": article_values(report.article, "", "", report.extractor),
            "attributions": record_values(report.attributions, 0),
            "figures": with_quantity_keys(record_values(report.figures, 0)),
            "entities": record_values(report.entities, 0),
            "chains": chains,
            "types": {e.name: e.type for e in report.entities},
        }

    def _ids(self, table: str, count: int) -> list[int]:
        first = self.next_id[table]
        self.next_id[table] = first + count
        return list(range(first, first + count))

    def _entity(self, name: str | None, kind: str, out: list[dict[str, Any]]) -> int | None:
        if name is None:
            return None
        found = self.entity_ids.get(name)
        if found is None:
            (found,) = self._ids("canonical_entities", 1)
            self.entity_ids[name] = found
            out.append({"id": found, "name": name, "type": kind, "aliases": []})
        return found

    def rows(self, numbers: Iterable[int], rng: random.Random) -> dict[str, list[dict[str, Any]]]:
        made: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        for i in numbers:
            self._article(i, rng, made)
        return made

    def _article(self, i: int, rng: random.Random, made: dict[str, list[dict[str, Any]]]) -> None:
        template = self.templates[i % len(self.templates)]
        types = template["types"]
        renamed = {name: f"{name} {i % self.claimants}" for name in types if rng.random() < 0.5}

        def name(value: str | None) -> str | None:
            return renamed.get(value, value) if value is not None else None

        def entity(value: str | None) -> int | None:
            return self._entity(
                name(value), types.get(value or "", "unknown"), made["canonical_entities"]
            )

        (article_id,) = self._ids("articles", 1)
        text = f"{template['article']['text']}\nBulletin number {i}."
        outlet = self.outlets[i % len(self.outlets)]
        published = (date(2024, 1, 1) + timedelta(days=rng.randrange(700))).isoformat()
        made["articles"].append(
            {
                **template["article"],
                "id": article_id,
                "text": text,
                "content_hash": content_hash(text),
                "input_id": f"bench-{i}",
                "title": f"Bulletin {i}",
                "outlet": outlet,
                "published": published,
                "ingested_at": self.ingested_at,
                "cluster_id": article_id,
            }
        )
        attribution_ids = self._ids("attributions", len(template["attributions"]))
        for row, row_id in zip(template["attributions"], attribution_ids, strict=True):
            made["attributions"].append(
                {
                    **row,
                    "id": row_id,
                    "article_id": article_id,
                    "source_entity": name(row["source_entity"]),
                    "entity_id": entity(row["source_entity"]),
                }
            )
        for row in template["figures"]:
            made["figures"].append(
                {
                    **row,
                    "article_id": article_id,
                    "source_entity": name(row["source_entity"]),
                    "entity_id": entity(row["source_entity"]),
                }
            )
        for row in template["entities"]:
            made["entities"].append(
                {
                    **row,
                    "article_id": article_id,
                    "name": name(row["name"]),
                    "entity_id": entity(row["name"]),
                }
            )
        links = relay_link_values(template["chains"], attribution_ids, article_id, outlet)
        for link in links:
            original = link["entity"]
            link["entity"] = name(original)
            link["entity_id"] = entity(original) if link["role"] != "outlet" else None
        made["relay_links"].extend(links)


def fill_event_keys(conn: Connection) -> None:
    """Each figure's claim day and event keys, and every population's event state, built
    from the rows written (what `Store.add` keeps on write)."""
    rebuild_event_keys(conn)


def fill_quantity_counts(conn: Connection) -> None:
    """Count the quantity groups of the filled rows (what `Store.add` keeps on write)."""
    quantity_counts.recount(conn)
