"""The store's read side: lookups, the rebuilt Report, and the filtered row lists.

Every list method returns plain dicts (JSON-ready), ordered by article and by
position in the article; text filters are case-insensitive substrings, date
filters (`since`, `until`, inclusive) apply to the article's `published` date.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Engine, Select, and_, distinct, func, or_, select, tuple_

from reportedly.errors import StoreError
from reportedly.model import Article, Attribution, Entity, Figure, Report
from reportedly.store.claimed import CLAIM_DAY
from reportedly.store.dates import date_range
from reportedly.store.entities import chains_of_article, stored_chains
from reportedly.store.quantity_reads import QuantityReads, articles_with_population
from reportedly.store.rows import (
    ATTRIBUTION_COLUMNS,
    FIGURE_COLUMNS,
    article_from_row,
    extracted_links,
)
from reportedly.store.schema import articles, attributions, canonical_entities, entities, figures
from reportedly.store.source_reads import SourceReads
from reportedly.store.text_search import few, matching_ids

_ARTICLE_COLUMNS = (
    articles.c.title.label("article_title"),
    articles.c.outlet,
    articles.c.published,
)


PAGE_ROWS = 1_000  # rows per query when a listing is read a page at a time
MAX_FILTER_CHARS = 10_000  # SQLite refuses LIKE patterns over 50,000 bytes


def _contains(value: str, *columns: Any) -> Any:
    """Any of `columns` contains `value`, ignoring case (% and _ are literal).

    A NUL byte (which SQLite would take as the end of the pattern, matching
    every row) or a filter over MAX_FILTER_CHARS characters is a StoreError."""
    if "\x00" in value:
        raise StoreError("a text filter cannot hold a NUL character")
    if len(value) > MAX_FILTER_CHARS:
        raise StoreError(
            f"a text filter of {len(value):,} characters is over the limit of {MAX_FILTER_CHARS:,}"
        )
    return or_(*(c.icontains(value, autoescape=True) for c in columns))


def _size(conn: Connection) -> int | None:
    """The database's size in bytes, as SQLite or PostgreSQL reports it."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
        return pages * (conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)
    if dialect == "postgresql":
        return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
    return None


class StoreReads(QuantityReads, SourceReads):
    """Queries over the tables; mixed into Store, which provides `engine`."""

    engine: Engine

    def _rows(self, stmt: Select[Any], conn: Connection | None = None) -> list[dict[str, Any]]:
        if conn is None:
            with self.engine.connect() as own:
                return _dicts(own, stmt)
        return _dicts(conn, stmt)

    def _snapshot(self) -> Any:
        """A connection whose reads all see one state of the store (one read transaction;
        REPEATABLE READ on PostgreSQL): a listing read a page at a time is one snapshot."""
        conn = self.engine.connect()
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        return conn

    def _id_for_hash(self, content_hash: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(articles.c.id).where(articles.c.content_hash == content_hash))

    def has_article(self, content_hash: str) -> bool:
        """Whether an article with this content hash is stored."""
        return self._id_for_hash(content_hash) is not None

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(articles)) or 0

    def iter_articles(
        self,
        *,
        limit: int | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """Stored articles (without text), with their numbers of attributions and figures,
        by id, read a page at a time."""

        def count(table: Any) -> Any:
            return select(func.count()).where(table.c.article_id == articles.c.id).scalar_subquery()

        stmt = select(
            articles.c.id,
            articles.c.title,
            articles.c.outlet,
            articles.c.url,
            articles.c.published,
            articles.c.origin,
            articles.c.content_hash,
            articles.c.ingested_at,
            count(attributions).label("claims"),
            count(figures).label("figures"),
        ).where(*date_range(articles.c.published, since, until))
        if outlet is not None:
            stmt = stmt.where(func.lower(articles.c.outlet) == outlet.lower())
        for rows in self._pages(stmt, (articles.c.id,), limit, offset):
            yield from rows

    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        """`iter_articles` as a list (same filters)."""
        return list(self.iter_articles(**filters))

    def stale_articles(
        self,
        extractor: str,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[int]:
        """Ids of the stored articles whose records another extractor version made (or an
        unrecorded one), oldest first, with the `articles` filters."""
        version = articles.c.extractor
        stmt = (
            select(articles.c.id)
            .where(or_(version.is_(None), version != extractor))
            .where(*date_range(articles.c.published, since, until))
            .order_by(articles.c.id)
        )
        if outlet is not None:
            stmt = stmt.where(func.lower(articles.c.outlet) == outlet.lower())
        with self.engine.connect() as conn:
            return list(conn.scalars(stmt))

    def stats(self) -> dict[str, Any]:
        """What the store holds: numbers of articles, claims, figures and distinct entity
        names, articles per extractor version (None: not recorded), and size in bytes
        (None when the database cannot tell)."""

        def count(column: Any) -> Any:
            return select(func.count(column)).scalar_subquery()

        with self.engine.connect() as conn:
            totals = (
                conn.execute(
                    select(
                        count(articles.c.id).label("articles"),
                        count(attributions.c.id).label("claims"),
                        count(figures.c.id).label("figures"),
                        select(func.count(distinct(entities.c.name)))
                        .scalar_subquery()
                        .label("entities"),
                    )
                )
                .mappings()
                .one()
            )
            versions = conn.execute(
                select(articles.c.extractor, func.count())
                .group_by(articles.c.extractor)
                .order_by(func.count().desc(), articles.c.extractor)
            ).all()
            size = _size(conn)
        return {
            **totals,
            "versions": [{"extractor": v, "articles": n} for v, n in versions],
            "size": size,
        }

    def article_texts(self) -> list[tuple[int, str]]:
        """(id, text) of every stored article, by id: what syndication clustering reads."""
        with self.engine.connect() as conn:
            stmt = select(articles.c.id, articles.c.text).order_by(articles.c.id)
            return [(row.id, row.text) for row in conn.execute(stmt)]

    def cluster_ids(self) -> dict[int, int | None]:
        """Each article's syndication cluster id (kept current at write; None only in a
        store not yet migrated to version 8)."""
        with self.engine.connect() as conn:
            stmt = select(articles.c.id, articles.c.cluster_id)
            return {row.id: row.cluster_id for row in conn.execute(stmt)}

    def stored_article(self, article_id: int) -> Article | None:
        """The stored article (text and metadata, no records), or None."""
        with self.engine.connect() as conn:
            found = conn.execute(select(articles).where(articles.c.id == article_id)).mappings()
            row = found.first()
        return article_from_row(row) if row is not None else None

    def article(self, article_id: int) -> Report | None:
        """The stored article rebuilt as a Report (text and records in order), or None."""
        with self.engine.connect() as conn:
            stmt = select(articles).where(articles.c.id == article_id)
            found = conn.execute(stmt).mappings().first()
            if found is None:
                return None

            def records(table: Any) -> list[dict[str, Any]]:
                stmt = select(table).where(table.c.article_id == article_id)
                return [dict(r) for r in conn.execute(stmt.order_by(table.c.position)).mappings()]

            article = article_from_row(found)
            chains = chains_of_article(conn, article_id, article.outlet)
            return Report(
                article=article,
                extractor=found["extractor"],
                attributions=[
                    Attribution.from_dict({**r, "chain": chains.get(r["id"], [])})
                    for r in records(attributions)
                ],
                figures=[Figure.from_dict(r) for r in records(figures)],
                entities=[Entity.from_dict(r) for r in records(entities)],
            )

    def iter_claims(
        self,
        *,
        source: str | None = None,
        text: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article_id: int | None = None,
        limit: int | None = None,
        offset: int = 0,
        population: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Attributions: the record's JSON plus id, article_id, position and article columns,
        read a page at a time (constant memory however many there are).

        `chain` holds the relay links as extracted, claimant first (the outlet
        link the store adds is the row's `outlet`). `population` keeps the articles
        that hold a figure of that population (see `population_figures`).
        """
        a = attributions
        stmt = select(
            a.c.id, a.c.article_id, a.c.position, *ATTRIBUTION_COLUMNS, *_ARTICLE_COLUMNS
        ).join_from(a, articles, a.c.article_id == articles.c.id)
        if article_id is not None:
            stmt = stmt.where(a.c.article_id == article_id)
        if population is not None:
            stmt = stmt.where(a.c.article_id.in_(articles_with_population(population)))
        with self._snapshot() as conn, conn.begin():
            walk = False  # a common text: walk the listing's order (matching_ids)
            for value, columns in ((source, ("source", "source_entity")), (text, ("content",))):
                if value is not None:
                    stmt = stmt.where(_contains(value, *(a.c[name] for name in columns)))
                    narrowed, common = matching_ids(conn, a.c.id, value, columns)
                    if narrowed is not None:
                        stmt = stmt.where(narrowed)
                    walk = walk or common
            dated = date_range(articles.c.published, since, until)
            if walk and dated and not few(conn, select(articles.c.id).where(*dated)):
                # the dates' articles looked up along the walk (`+ 0`), not driving it
                dated = [(a.c.article_id + 0).in_(select(articles.c.id).where(*dated))]
            stmt = stmt.where(*dated)
            for rows in self._pages(stmt, (a.c.article_id, a.c.position), limit, offset, conn):
                chains = stored_chains(conn, [row["id"] for row in rows])
                for row in rows:
                    row["chain"] = extracted_links(chains.get(row["id"], []), row["outlet"])
                    yield row

    def claims(self, **filters: Any) -> list[dict[str, Any]]:
        """`iter_claims` as a list (same filters)."""
        return list(self.iter_claims(**filters))

    def _pages(
        self,
        stmt: Select[Any],
        key: tuple[Any, ...],
        limit: int | None,
        offset: int,
        conn: Connection | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """The rows of `stmt` ordered by `key` (unique, indexed columns), as lists of at most
        PAGE_ROWS: keyset pages (each query starts after the last key read), from
        `offset`, `limit` rows in all (None: every row); on `conn` if given (a snapshot),
        else each page on a connection of its own."""
        stmt = stmt.order_by(*key)
        left = limit
        after: tuple[Any, ...] | None = None
        while left is None or left > 0:
            size = PAGE_ROWS if left is None else min(PAGE_ROWS, left)
            page = stmt.limit(size)
            if after is None:
                page = page.offset(offset)
            else:
                page = page.where(tuple_(*key) > tuple_(*after))
            rows = self._rows(page, conn)
            if rows:
                yield rows
            if len(rows) < size:
                return
            after = tuple(rows[-1][column.name] for column in key)
            left = None if left is None else left - len(rows)

    def iter_figures(
        self,
        *,
        category: str | None = None,
        subject: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article_id: int | None = None,
        limit: int | None = None,
        claimed_since: str | None = None,
        claimed_until: str | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """Figures: the record's JSON plus id, article_id, position, article columns and
        `claimant_entity`, the name of the claimant's entity across articles, read a page
        at a time.

        `source` matches the figure's claimant (`source_entity`) or the source of
        the attribution that holds it. `since`/`until` filter on the article's
        publication date, `claimed_since`/`claimed_until` on the stored claim day
        (`figures.claim_day`, indexed: `stated_on`, else the publication date; a
        partial date counts as its first day, store/dates.py).
        """
        f = figures
        claim = attributions.alias("claim")
        entity = canonical_entities.c
        stmt = (
            select(
                f.c.id,
                f.c.article_id,
                f.c.position,
                *FIGURE_COLUMNS,
                *_ARTICLE_COLUMNS,
                entity.name.label("claimant_entity"),
            )
            .select_from(
                f.join(articles, f.c.article_id == articles.c.id)
                .outerjoin(
                    claim,
                    and_(claim.c.article_id == f.c.article_id, claim.c.position == f.c.attribution),
                )
                .outerjoin(canonical_entities, entity.id == f.c.entity_id)
            )
            .where(*date_range(articles.c.published, since, until))
            .where(*date_range(CLAIM_DAY, claimed_since, claimed_until))
        )
        if category is not None:
            stmt = stmt.where(f.c.category == category)
        if subject is not None:
            stmt = stmt.where(_contains(subject, f.c.subject))
        if source is not None:
            stmt = stmt.where(
                _contains(source, f.c.source_entity, claim.c.source, claim.c.source_entity)
            )
        if article_id is not None:
            stmt = stmt.where(f.c.article_id == article_id)
        with self._snapshot() as conn, conn.begin():
            yield from chain.from_iterable(
                self._pages(stmt, (f.c.article_id, f.c.position), limit, offset, conn)
            )

    def figures(self, **filters: Any) -> list[dict[str, Any]]:
        """`iter_figures` as a list (same filters)."""
        return list(self.iter_figures(**filters))

    def iter_entities(self) -> Iterator[dict[str, Any]]:
        """Every per-article entity row (article_id, position, name, type, aliases,
        mentions, entity_id), by article and position, a page at a time."""
        e = entities
        stmt = select(
            e.c.article_id, e.c.position, e.c.name, e.c.type, e.c.aliases, e.c.mentions,
            e.c.entity_id,
        )  # fmt: skip
        with self._snapshot() as conn, conn.begin():
            yield from chain.from_iterable(
                self._pages(stmt, (e.c.article_id, e.c.position), None, 0, conn)
            )

    def top_sources(self, limit: int = 10) -> list[dict[str, Any]]:
        """Claimants by number of attributions.

        The name is the attribution's `source_entity`, else its source text;
        `figures` counts the figures held by the claimant's attributions;
        `first_seen`/`last_seen` are the earliest and latest `published` dates.
        """
        a, f = attributions, figures
        name = func.coalesce(a.c.source_entity, a.c.source)
        claims = func.count(distinct(a.c.id)).label("claims")
        stmt = (
            select(
                name.label("name"),
                claims,
                func.count(distinct(f.c.id)).label("figures"),
                func.count(distinct(a.c.article_id)).label("articles"),
                func.min(articles.c.published).label("first_seen"),
                func.max(articles.c.published).label("last_seen"),
            )
            .select_from(
                a.join(articles, a.c.article_id == articles.c.id).outerjoin(
                    f, and_(f.c.article_id == a.c.article_id, f.c.attribution == a.c.position)
                )
            )
            .where(name.is_not(None))
            .group_by(name)
            .order_by(claims.desc(), name)
            .limit(limit)
        )
        return self._rows(stmt)


def _dicts(conn: Connection, stmt: Select[Any]) -> list[dict[str, Any]]:
    """The rows of `stmt` as plain dicts (from the cursor's tuples: no mapping per row)."""
    result = conn.execute(stmt)
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]
