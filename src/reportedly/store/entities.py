"""The store's entities across articles, relay chains and recorded entity edits.

Mixed into Store (which provides `engine` and `_writer`). Extraction names
entities per article; the store clusters them into entities across articles as
each article is stored (reportedly.store.entity_index). `record_entity_decisions`
records the user's merges, splits and grades and applies them at once;
`replace_entities` writes a full rebuild (reportedly.analyse.entities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError

from reportedly.entity_names import Edit, resolve_mentions
from reportedly.errors import StoreError
from reportedly.model import RelayLink
from reportedly.store import quantity_counts, write_locks
from reportedly.store.entity_index import EDIT_ACTIONS, replace_all, reresolve, stored_edits
from reportedly.store.rows import LINK_FIELDS, chain_from_rows
from reportedly.store.schema import (
    articles,
    attributions,
    canonical_entities,
    entities,
    entity_edits,
    entity_grades,
    figures,
    relay_links,
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
        select(r.c.attribution_id, *(r.c[name] for name in LINK_FIELDS))
        .where(r.c.attribution_id.in_(attribution_ids))
        .order_by(r.c.attribution_id, r.c.position)
    )
    chains: dict[int, list[dict[str, Any]]] = {}
    for attribution_id, *values in conn.execute(stmt):  # tuples: no mapping per row
        chains.setdefault(attribution_id, []).append(dict(zip(LINK_FIELDS, values, strict=True)))
    return chains


def stored_mentions(conn: Connection) -> list[dict[str, Any]]:
    """Every entity named in an article: article_id, published, name, type, aliases.

    The per-article entities, plus the wires and outlets of the relay links
    (type "media outlet") and any claimant named only on its attributions
    (untyped: "organisation"), which extraction does not list as entities: what
    `entity_index.report_mentions` gives for one article, for the whole store.
    """

    def rows_of(stmt: Any) -> list[dict[str, Any]]:
        return [dict(row) for row in conn.execute(stmt).mappings()]

    e, r = entities, relay_links
    named = select(e.c.article_id, articles.c.published, e.c.name, e.c.type, e.c.aliases).join_from(
        e, articles, e.c.article_id == articles.c.id
    )
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
    rows = rows_of(named.order_by(e.c.article_id, e.c.position))
    known = {(row["article_id"], row["name"]) for row in rows}
    for query, kind in ((carriers, "media outlet"), (claimants, "organisation")):
        for row in rows_of(query.order_by(query.selected_columns[0])):
            if (row["article_id"], row["name"]) not in known:
                known.add((row["article_id"], row["name"]))
                rows.append({**row, "type": kind, "aliases": []})
    return rows


def rebuild(conn: Connection) -> int:
    """Cluster every entity again from scratch (the reference for the incremental
    clustering) and store the result; returns how many entities there are."""
    grades = {row.name: row.grade for row in conn.execute(select(entity_grades))}
    groups = resolve_mentions(stored_mentions(conn), stored_edits(conn), grades)
    replace_all(conn, groups)
    return len(groups)


class EntityStore:
    """Entities across articles, relay links and entity edits."""

    engine: Engine
    _writer: Engine

    def _select(self, stmt: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]

    # -- reads -------------------------------------------------------------
    def entity_mentions(self) -> list[dict[str, Any]]:
        """Every entity named in an article (see `stored_mentions`)."""
        with self.engine.connect() as conn:
            return stored_mentions(conn)

    def canonical_entities(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """The entities across articles by id (`limit` of them after the first `offset`):
        id, name, type, aliases, reliability."""
        stmt = select(canonical_entities).order_by(canonical_entities.c.id)
        return self._select(stmt.limit(limit).offset(offset or None))

    def entity_edits(self) -> list[Edit]:
        """The recorded edits, oldest first: (action, name, other)."""
        with self.engine.connect() as conn:
            return stored_edits(conn)

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

    def entity_history(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """The audit trail of entity edits, oldest first: id, action (merge, split or
        grade), name, other (the other name, or the grade), made_at and made_by (who, as
        the writer gave it; None for an edit recorded before migration 14)."""
        stmt = select(entity_edits).order_by(entity_edits.c.id)
        return self._select(stmt.limit(limit).offset(offset or None))

    def entity_grades(self) -> dict[str, str]:
        """The recorded reliability grades: {name: grade}."""
        rows = self._select(select(entity_grades.c.name, entity_grades.c.grade))
        return {row["name"]: row["grade"] for row in rows}

    # -- writes ------------------------------------------------------------
    def record_entity_edit(
        self, action: str, name: str, other: str, *, made_by: str | None = None
    ) -> None:
        """Record that `name` and `other` are one entity (merge) or two (split), made by
        `made_by`, and cluster again the entities that carry them, in one transaction."""
        self.record_entity_decisions([(action, name, other)], made_by=made_by)

    def record_entity_decisions(
        self,
        edits: Sequence[Edit],
        grades: Mapping[str, str] | None = None,
        *,
        made_by: str | None = None,
    ) -> None:
        """Record entity edits (and grades, {name: grade}) in the audit trail, with when and
        who (`made_by`), and apply them to the stored entities at once."""
        for action, _, _ in edits:
            if action not in EDIT_ACTIONS:
                raise ValueError(f"entity edit: {action!r} is not one of {', '.join(EDIT_ACTIONS)}")
        made_at = datetime.now(UTC).isoformat(timespec="seconds")

        def write(conn: Connection) -> None:
            trail = [*edits, *(("grade", name, grade) for name, grade in (grades or {}).items())]
            if trail:
                conn.execute(
                    insert(entity_edits),
                    [
                        {"action": a, "name": n, "other": o, "made_at": made_at, "made_by": made_by}
                        for a, n, o in trail
                    ],
                )
            for name, grade in (grades or {}).items():
                conn.execute(delete(entity_grades).where(entity_grades.c.name == name))
                conn.execute(insert(entity_grades).values(name=name, grade=grade))
            names = {n for _, a, b in edits for n in (a, b)} | set(grades or {})
            reresolve(conn, sorted(names))

        self._write("record the entity edits", write)

    def rebuild_entities(self) -> int:
        """Cluster every entity again from scratch, by the rules, the recorded edits and
        grades (`reportedly entities rebuild`); returns how many there are. An entity
        keeps its id when its name stays (see `stable_ids`)."""
        found: list[int] = []

        def write(conn: Connection) -> None:
            found.append(rebuild(conn))
            quantity_counts.recount(conn)  # the claimants are the entities' names

        self._write("rebuild the entities", write)
        return found[0]

    def _write(self, what: str, action: Any) -> None:
        try:
            with self._writer.begin() as conn:
                write_locks.hold(conn, None)  # any population's counts may move
                action(conn)
        except DBAPIError as exc:
            raise StoreError(f"cannot {what}: {exc.orig}") from exc
