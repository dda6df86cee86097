"""The store's entities across articles, relay chains and recorded entity edits.

Mixed into Store (which provides `engine` and `_writer`). Extraction names
entities per article; `replace_entities` writes the entities across articles
that reportedly.analyse.entities computes from them, and points every
per-article row (entities, attributions, figures, relay links) at its entity.
`entity_edits` are the user's merge and split decisions, kept across rebuilds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError

from reportedly.errors import StoreError
from reportedly.model import RelayLink
from reportedly.store.rows import chain_from_rows
from reportedly.store.schema import (
    articles,
    attributions,
    canonical_entities,
    entities,
    entity_edits,
    figures,
    relay_links,
)

EDIT_ACTIONS = ("merge", "split")
# Which column of each per-article table holds the entity's name within the article.
NAME_COLUMNS = (
    (entities, entities.c.name),
    (attributions, attributions.c.source_entity),
    (figures, figures.c.source_entity),
    (relay_links, relay_links.c.entity),
)


def chains_of_article(
    conn: Connection, article_id: int, outlet: str | None
) -> dict[int, list[RelayLink]]:
    """{attribution id: its chain as extracted} for one article."""
    stmt = (
        select(relay_links)
        .where(relay_links.c.article_id == article_id)
        .order_by(relay_links.c.attribution_id, relay_links.c.position)
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(stmt).mappings():
        grouped.setdefault(row["attribution_id"], []).append(dict(row))
    return {key: chain_from_rows(rows, outlet) for key, rows in grouped.items()}


def stored_chains(conn: Connection, attribution_ids: Any) -> dict[int, list[dict[str, Any]]]:
    """{attribution id: its stored links (name, role, entity, start, end)} for a select of ids."""
    r = relay_links
    stmt = (
        select(r.c.attribution_id, r.c.name, r.c.role, r.c.entity, r.c.start, r.c.end)
        .where(r.c.attribution_id.in_(attribution_ids))
        .order_by(r.c.attribution_id, r.c.position)
    )
    chains: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(stmt).mappings():
        link = dict(row)
        chains.setdefault(link.pop("attribution_id"), []).append(link)
    return chains


def stable_ids(rows: Sequence[Mapping[str, Any]], previous: Sequence[tuple[int, str]]) -> list[int]:
    """An id for each new entity row: the id an earlier entity of the same name had, else
    that of an earlier entity named by one of its aliases (what a merge folded into it),
    else a new id above every earlier one."""
    by_name = {name: entity_id for entity_id, name in previous}
    taken: set[int] = set()
    ids: list[int | None] = []
    for row in rows:
        entity_id = by_name.get(row["name"])
        if entity_id in taken:
            entity_id = None  # two rows of one name: the first keeps the id
        ids.append(entity_id)
        if entity_id is not None:
            taken.add(entity_id)
    for index, row in enumerate(rows):
        if ids[index] is None:
            for alias in sorted(row.get("aliases") or []):
                entity_id = by_name.get(alias)
                if entity_id is not None and entity_id not in taken:
                    ids[index] = entity_id
                    taken.add(entity_id)
                    break
    next_id = max([0, *(entity_id for entity_id, _ in previous)]) + 1
    result = []
    for entity_id in ids:
        if entity_id is None:
            entity_id, next_id = next_id, next_id + 1
        result.append(entity_id)
    return result


class EntityStore:
    """Entities across articles, relay links and entity edits."""

    engine: Engine
    _writer: Engine

    def _select(self, stmt: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]

    # -- reads -------------------------------------------------------------
    def entity_mentions(self) -> list[dict[str, Any]]:
        """Every entity named in an article: article_id, published, name, type, aliases.

        The per-article entities, plus the wires and outlets of the relay links
        (type "media outlet") and any claimant named only on its attributions
        (untyped: "organisation"), which extraction does not list as entities.
        """
        e, r = entities, relay_links
        named = select(
            e.c.article_id, articles.c.published, e.c.name, e.c.type, e.c.aliases
        ).join_from(e, articles, e.c.article_id == articles.c.id)
        carriers = (
            select(r.c.article_id, articles.c.published, r.c.entity.label("name"))
            .join_from(r, articles, r.c.article_id == articles.c.id)
            .where(r.c.role.in_(("wire", "outlet")), r.c.entity.is_not(None))
            .distinct()
        )
        a = attributions
        claimants = (
            select(a.c.article_id, articles.c.published, a.c.source_entity.label("name"))
            .join_from(a, articles, a.c.article_id == articles.c.id)
            .where(a.c.source_entity.is_not(None))
            .distinct()
        )
        rows = self._select(named.order_by(e.c.article_id, e.c.position))
        known = {(row["article_id"], row["name"]) for row in rows}
        for query, kind in ((carriers, "media outlet"), (claimants, "organisation")):
            for row in self._select(query.order_by(query.selected_columns[0])):
                if (row["article_id"], row["name"]) not in known:
                    known.add((row["article_id"], row["name"]))
                    rows.append({**row, "type": kind, "aliases": []})
        return rows

    def canonical_entities(self) -> list[dict[str, Any]]:
        """The entities across articles: id, name, type, aliases, reliability."""
        return self._select(select(canonical_entities).order_by(canonical_entities.c.id))

    def entity_edits(self) -> list[tuple[str, str, str]]:
        """The recorded edits, oldest first: (action, name, other)."""
        stmt = select(entity_edits.c.action, entity_edits.c.name, entity_edits.c.other)
        rows = self._select(stmt.order_by(entity_edits.c.id))
        return [(row["action"], row["name"], row["other"]) for row in rows]

    def chained_claims(self) -> list[dict[str, Any]]:
        """Every attribution with its article columns, entity_id and `chain`.

        Each chain link is the stored `relay_links` row (outlet included) plus
        `canonical`, the name of its entity across articles.
        """
        a, r, c = attributions, relay_links, canonical_entities
        claims = self._select(
            select(
                a.c.id, a.c.article_id, a.c.position, a.c.source, a.c.source_entity, a.c.cue,
                a.c.content, a.c.kind, a.c.entity_id, articles.c.published, articles.c.outlet,
                articles.c.title.label("article_title"),
            )
            .join_from(a, articles, a.c.article_id == articles.c.id)
            .order_by(articles.c.published, a.c.article_id, a.c.position)
        )  # fmt: skip
        links = self._select(
            select(r, c.c.name.label("canonical"))
            .outerjoin_from(r, c, r.c.entity_id == c.c.id)
            .order_by(r.c.attribution_id, r.c.position)
        )
        chains: dict[int, list[dict[str, Any]]] = {}
        for link in links:
            chains.setdefault(link["attribution_id"], []).append(link)
        return [{**claim, "chain": chains.get(claim["id"], [])} for claim in claims]

    def claimed_figures(self) -> list[dict[str, Any]]:
        """Every figure with its claimant's entity_id and its article's date and outlet."""
        f = figures
        return self._select(
            select(
                f.c.id, f.c.article_id, f.c.text, f.c.low, f.c.high, f.c.category, f.c.subject,
                f.c.source_entity, f.c.entity_id, f.c.stated_on, articles.c.published,
                articles.c.outlet,
            )
            .join_from(f, articles, f.c.article_id == articles.c.id)
            .order_by(articles.c.published, f.c.article_id, f.c.position)
        )  # fmt: skip

    # -- writes ------------------------------------------------------------
    def record_entity_edit(self, action: str, name: str, other: str) -> None:
        """Record that `name` and `other` are one entity (merge) or two (split)."""
        if action not in EDIT_ACTIONS:
            raise ValueError(f"entity edit: {action!r} is not one of {', '.join(EDIT_ACTIONS)}")
        made_at = datetime.now(UTC).isoformat(timespec="seconds")
        self._write(
            "record the entity edit",
            lambda conn: conn.execute(
                insert(entity_edits).values(action=action, name=name, other=other, made_at=made_at)
            ),
        )

    def replace_entities(
        self,
        rows: Sequence[Mapping[str, Any]],
        assignment: Mapping[tuple[int, str], int],
    ) -> None:
        """Replace the entities across articles by `rows` (name, type, aliases, reliability)
        and point each per-article name at one: {(article_id, name): index in rows}.

        An entity keeps its id across rebuilds (see `stable_ids`), so ids seen in an
        earlier listing still name the same entity after a merge or a split."""

        def write(conn: Connection) -> None:
            previous = conn.execute(
                select(canonical_entities.c.id, canonical_entities.c.name).order_by(
                    canonical_entities.c.id
                )
            ).all()
            ids = stable_ids(rows, [(row.id, row.name) for row in previous])
            for table, _ in NAME_COLUMNS:
                conn.execute(update(table).values(entity_id=None))
            conn.execute(delete(canonical_entities))
            if rows:
                conn.execute(
                    insert(canonical_entities),
                    [{**row, "id": ids[index]} for index, row in enumerate(rows)],
                )
            params = [
                {"a": article_id, "n": name, "e": ids[index]}
                for (article_id, name), index in assignment.items()
            ]
            if not params:
                return
            for table, column in NAME_COLUMNS:
                stmt = (
                    update(table)
                    .where(and_(table.c.article_id == bindparam("a"), column == bindparam("n")))
                    .values(entity_id=bindparam("e"))
                )
                conn.execute(stmt, params)

        self._write("rebuild the entities", write)

    def _write(self, what: str, action: Any) -> None:
        try:
            with self._writer.begin() as conn:
                action(conn)
        except DBAPIError as exc:
            raise StoreError(f"cannot {what}: {exc.orig}") from exc
