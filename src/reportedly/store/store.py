"""The Store: an open database, its write path (`add`) and its lifetime.

`add` writes an article and all its records in one transaction, so an
interrupted run leaves each article complete or absent, and a rerun adds only
what is missing: articles are identified by their content hash.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from reportedly.errors import StoreError
from reportedly.model import Report
from reportedly.store import quantity_counts
from reportedly.store.article_reads import ArticleReads
from reportedly.store.bulk import insert_rows
from reportedly.store.engine import (
    create_store_engine,
    existing_sqlite,
    resolve_url,
    safe_url,
    writer,
)
from reportedly.store.entities import EntityStore
from reportedly.store.entity_counts import count_articles, recount, uncount_article
from reportedly.store.entity_index import (
    drop_unnamed,
    entities_of_article,
    index_article,
    report_mentions,
)
from reportedly.store.event_keys import index_events, unindex_events, with_claim_days
from reportedly.store.event_reads import EventReads
from reportedly.store.migrations import check_schema, migrate
from reportedly.store.quantity_keys import article_populations, with_quantity_keys
from reportedly.store.reads import StoreReads
from reportedly.store.rows import article_values, record_values, relay_link_values
from reportedly.store.schema import articles, attributions, entities, figures, relay_links
from reportedly.store.search_reads import SearchReads
from reportedly.store.syndication_index import index_sketch
from reportedly.store.time_limit import time_limited
from reportedly.store.write_locks import Contended, hold

ANALYZE_AFTER = 1_000  # articles a Store adds before it refreshes the planner's statistics...
ANALYZE_GROWTH = 0.1  # ...and at least this share of the articles the store held before
ANALYZE_ROWS = 2_000  # rows of each index SQLite samples for those statistics


class Store(StoreReads, EntityStore, SearchReads, ArticleReads, EventReads):
    """Articles and their records in a SQL database (see docs/store.md)."""

    time_limited = staticmethod(time_limited)  # reads in the block stop past a deadline

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._writer = writer(engine)
        self._added = 0  # articles added since the statistics were last refreshed
        self._held: int | None = None  # articles the store held then (counted when needed)

    def __repr__(self) -> str:
        return f"Store({safe_url(self.url)!r})"

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def add(self, report: Report) -> tuple[int, bool]:
        """Store the report's article and records: (new id, True), or (existing id, False).

        On PostgreSQL the write holds the locks of the report's populations (another
        writer's populations do not wait for it); one that meets a population another
        writer holds (`Contended`) is written again holding the whole store."""
        content_hash = report.article.content_hash
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        row = article_values(report.article, content_hash, ingested_at, report.extractor)
        try:
            return self._add(report, row, self._locked(report))
        except Contended:
            return self._add(report, row, None)

    def _add(
        self, report: Report, row: dict[str, Any], populations: set[str] | None
    ) -> tuple[int, bool]:
        content_hash = row["content_hash"]
        try:
            with self._writer.begin() as conn:
                hold(conn, populations)
                article_id = conn.execute(insert(articles).values(row)).inserted_primary_key[0]
                _insert_records(conn, article_id, report)
                count_articles(conn, article_id, article_id)
                index_sketch(conn, article_id, report.article.text, quantity_counts.move_reports)
                quantity_counts.count_article(conn, article_id)
                index_events(conn, article_id)  # last: it holds the event tables till commit
        except DBAPIError as exc:
            if isinstance(exc, IntegrityError):
                existing = self._id_for_hash(content_hash)
                if existing is not None:  # stored already (by this run or another writer)
                    return existing, False
            where = report.article.label
            raise StoreError(f"cannot store article {where}: {exc.orig}") from exc
        self._grown()
        return article_id, True

    def _grown(self) -> None:
        """Count one added article; refresh the planner's statistics once this Store has
        added ANALYZE_AFTER articles and a tenth (ANALYZE_GROWTH) of what the store held
        before, so a store that grows is analysed about each time it grows by a tenth."""
        self._added += 1
        if self._added < ANALYZE_AFTER:
            return
        if self._held is None:
            self._held = self.count_articles() - self._added
        if self._added >= ANALYZE_GROWTH * self._held:
            self.analyze(sample=ANALYZE_ROWS)
            self._held += self._added
            self._added = 0

    def replace_records(self, article_id: int, report: Report) -> None:
        """Replace the records of stored article `article_id` by the report's, and record
        the report's extractor version, in one transaction. The article's text and
        metadata, and the entity edits (by name), stay; the new names join the entities
        across articles, and an entity that only the old records named is dropped (on
        PostgreSQL holding the old and new records' populations, as `add`)."""
        try:
            self._replace(article_id, report, self._locked(report, article_id))
        except Contended:
            self._replace(article_id, report, None)

    def _locked(self, report: Report, article_id: int | None = None) -> set[str] | None:
        """The populations a write of the report (replacing stored article `article_id`'s
        records, if given) locks on PostgreSQL: the report's and the stored article's
        figures'. None elsewhere: SQLite's write lock holds the whole store already."""
        if self._writer.dialect.name != "postgresql":
            return None
        populations = populations_of(report)
        if article_id is not None:
            with self.engine.connect() as conn:
                stmt = select(figures.c.population).where(figures.c.article_id == article_id)
                populations |= {p for p in conn.scalars(stmt.distinct()) if p is not None}
        return populations

    def _replace(self, article_id: int, report: Report, populations: set[str] | None) -> None:
        try:
            with self._writer.begin() as conn:
                hold(conn, populations)
                named = entities_of_article(conn, article_id)
                stale = uncount_article(conn, article_id)
                quantity_counts.count_article(conn, article_id, -1)
                events = unindex_events(conn, article_id)
                for table in (relay_links, attributions, figures, entities):
                    conn.execute(delete(table).where(table.c.article_id == article_id))
                _insert_records(conn, article_id, report)
                index_events(conn, article_id, events)
                count_articles(conn, article_id, article_id)
                quantity_counts.count_article(conn, article_id)
                recount(conn, stale)
                drop_unnamed(conn, named)
                conn.execute(
                    update(articles)
                    .where(articles.c.id == article_id)
                    .values(extractor=report.extractor)
                )
        except DBAPIError as exc:
            where = report.article.label
            raise StoreError(f"cannot replace the records of article {where}: {exc.orig}") from exc

    def analyze(self, sample: int | None = None) -> None:
        """Refresh the query planner's statistics (ANALYZE): after a bulk load, so that the
        planner picks the indexes the reads are written for (`add` calls it as the store
        grows). On SQLite, `sample` bounds the rows read per index (PRAGMA analysis_limit);
        PostgreSQL always samples."""
        try:
            with self._writer.begin() as conn:
                if conn.dialect.name == "sqlite":  # 0: no limit (the pooled connection keeps it)
                    conn.exec_driver_sql(f"PRAGMA analysis_limit={int(sample or 0)}")
                conn.exec_driver_sql("ANALYZE")
        except DBAPIError as exc:
            raise StoreError(f"cannot analyze the store: {exc.orig}") from exc


def _insert_records(conn: Connection, article_id: int, report: Report) -> None:
    """Insert the report's attributions, figures, entities and relay links for an article,
    each pointing at its entity across articles (clustered now: `index_article`), each
    figure with its quantity key (`with_quantity_keys`)."""
    entity_of = index_article(conn, report_mentions(report, article_id))
    for table, records, name in (
        (attributions, report.attributions, "source_entity"),
        (figures, report.figures, "source_entity"),
        (entities, report.entities, "name"),
    ):
        rows = record_values(records, article_id)
        if table is figures:
            rows = with_claim_days(with_quantity_keys(rows), report.article.published)
        for values in rows:
            values["entity_id"] = entity_of.get(values[name])
        insert_rows(conn, table, rows)
    if report.attributions:
        ids = conn.scalars(
            select(attributions.c.id)
            .where(attributions.c.article_id == article_id)
            .order_by(attributions.c.position)
        ).all()
        chains = [a.chain for a in report.attributions]
        links = relay_link_values(chains, ids, article_id, report.article.outlet)
        for link in links:
            link["entity_id"] = entity_of.get(link["entity"])
        insert_rows(conn, relay_links, links)


def populations_of(report: Report) -> set[str]:
    """The populations (quantity keys) of the report's figures."""
    rows = record_values(report.figures, 0)
    return {p for p in article_populations(rows) if p is not None}


OPEN_ATTEMPTS = 8  # waits of 0.05 s doubling: about 6 s in all


def open_store(db: str | None = None, *, read_only: bool = False, create: bool = True) -> Store:
    """Open the store at `db` (a path or SQLAlchemy URL; see `resolve_url`).

    By default the store is created when missing and migrated. With `create=False` a
    SQLite file that does not exist is a StoreError instead of a new empty store. With
    `read_only=True` (implies `create=False`) nothing is written: no migration (a store
    whose schema is behind is a StoreError), and a SQLite file that cannot be written,
    or that lies in a folder that cannot be, is opened read-only and immutable.
    """
    url = resolve_url(db)
    if read_only or not create:
        url = existing_sqlite(url, read_only=read_only)
    engine = create_store_engine(url)
    try:
        if read_only:
            check_schema(engine)
        else:
            _migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {safe_url(url)}: {exc.orig}") from exc
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, url)


def _migrate(engine: Engine) -> None:
    """Migrate the store, waiting out the "locked" that a brand-new file can answer."""
    for attempt in range(OPEN_ATTEMPTS):
        try:
            migrate(engine)
            return
        except DBAPIError as exc:
            # SQLite can answer "locked" at once, without waiting, while another
            # process turns a brand-new file into WAL mode: wait and try again.
            if "locked" in str(exc.orig) and attempt + 1 < OPEN_ATTEMPTS:
                time.sleep(0.05 * 2**attempt)
                continue
            raise
