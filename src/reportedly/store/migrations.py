"""The schema's history: ordered migrations, each applied once, in its own transaction.

Rules: a migration, once released, never changes (its DDL is frozen here, apart
from schema.py, which describes the latest state); a change to the schema is a new
migration appended with the next version. `migrate` records each applied
version in `schema_migrations`, so opening a store applies only the missing ones
and opening it again is a no-op. On SQLite each migration runs under
`BEGIN IMMEDIATE`, on PostgreSQL under an advisory lock, so two processes opening a
new database at once apply each migration once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from reportedly.errors import StoreError
from reportedly.store.engine import migrator
from reportedly.store.quantity_keys import backfill_quantity_keys
from reportedly.store.schema import schema_migrations
from reportedly.store.text_search import create_article_search, create_text_search


@dataclass(frozen=True)
class Migration:
    """One schema step: DDL as a function of a connection, or a list of portable SQL."""

    version: int
    name: str
    apply: Callable[[Connection], None] | Sequence[str]

    def run(self, conn: Connection) -> None:
        if callable(self.apply):
            self.apply(conn)
        else:
            for statement in self.apply:
                conn.execute(text(statement))


def _create_tables_v1(conn: Connection) -> None:
    """Version 1: articles and their records (frozen copy; see schema.py for today's tables)."""
    md = MetaData()

    def article_fk() -> Column[int]:
        return Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)

    Table(
        "articles", md,
        Column("id", Integer, primary_key=True),
        Column("content_hash", Text, nullable=False, unique=True),
        Column("input_id", Text),
        Column("url", Text),
        Column("title", Text),
        Column("outlet", Text),
        Column("published", Text),
        Column("origin", Text),
        Column("text", Text, nullable=False),
        Column("meta", Text, nullable=False),
        Column("ingested_at", Text, nullable=False),
    )  # fmt: skip
    Table(
        "attributions", md,
        Column("id", Integer, primary_key=True),
        article_fk(),
        Column("position", Integer, nullable=False),
        Column("source", Text),
        Column("cue", Text, nullable=False),
        Column("content", Text, nullable=False),
        Column("kind", Text, nullable=False),
        Column("source_entity", Text),
        Column("source_start", Integer),
        Column("source_end", Integer),
        Column("cue_start", Integer),
        Column("cue_end", Integer),
        Column("content_start", Integer),
        Column("content_end", Integer),
        Column("modality", Text, nullable=False),
        Column("probability", Float),
        Column("parent", Integer),
        Column("confidence", Float, nullable=False),
        UniqueConstraint("article_id", "position", name="uq_attributions_position"),
    )  # fmt: skip
    Table(
        "figures", md,
        Column("id", Integer, primary_key=True),
        article_fk(),
        Column("position", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("low", Float),
        Column("high", Float),
        Column("qualifier", Text, nullable=False),
        Column("category", Text, nullable=False),
        Column("subject", Text),
        Column("source_entity", Text),
        Column("start", Integer),
        Column("end", Integer),
        Column("point", Float),
        Column("subject_start", Integer),
        Column("subject_end", Integer),
        Column("attribution", Integer),
        Column("stated_on", Text),
        Column("stated_precision", Text),
        Column("period", Text),
        Column("part_of", Integer),
        UniqueConstraint("article_id", "position", name="uq_figures_position"),
    )  # fmt: skip
    Table(
        "entities", md,
        Column("id", Integer, primary_key=True),
        article_fk(),
        Column("position", Integer, nullable=False),
        Column("name", Text, nullable=False),
        Column("type", Text, nullable=False),
        Column("aliases", Text, nullable=False),
        Column("mentions", Text, nullable=False),
        UniqueConstraint("article_id", "position", name="uq_entities_position"),
    )  # fmt: skip
    md.create_all(conn)


def _entities_and_relays_v3(conn: Connection) -> None:
    """Version 3: entities across articles, each claim's relay chain, the user's entity edits."""
    md = MetaData()
    Table("articles", md, Column("id", Integer, primary_key=True))  # targets of the keys only
    Table("attributions", md, Column("id", Integer, primary_key=True))
    canonical = Table(
        "canonical_entities", md,
        Column("id", Integer, primary_key=True),
        Column("name", Text, nullable=False),
        Column("type", Text, nullable=False),
        Column("aliases", Text, nullable=False),
        Column("reliability", Text, nullable=False, server_default="F"),
        Index("ix_canonical_entities_name", "name"),
    )  # fmt: skip
    links = Table(
        "relay_links", md,
        Column("id", Integer, primary_key=True),
        Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        Column(
            "attribution_id", ForeignKey("attributions.id", ondelete="CASCADE"), nullable=False
        ),
        Column("position", Integer, nullable=False),
        Column("name", Text, nullable=False),
        Column("role", Text, nullable=False),
        Column("entity", Text),
        Column("start", Integer),
        Column("end", Integer),
        Column("entity_id", ForeignKey("canonical_entities.id", ondelete="SET NULL")),
        UniqueConstraint("attribution_id", "position", name="uq_relay_links_position"),
        Index("ix_relay_links_entity_id", "entity_id"),
    )  # fmt: skip
    edits = Table(
        "entity_edits", md,
        Column("id", Integer, primary_key=True),
        Column("action", Text, nullable=False),
        Column("name", Text, nullable=False),
        Column("other", Text, nullable=False),
        Column("made_at", Text, nullable=False),
    )  # fmt: skip
    md.create_all(conn, tables=[canonical, links, edits])
    for table in ("attributions", "figures", "entities"):
        conn.execute(
            text(
                f"ALTER TABLE {table} ADD COLUMN entity_id INTEGER "
                "REFERENCES canonical_entities (id) ON DELETE SET NULL"
            )
        )
        conn.execute(text(f"CREATE INDEX ix_{table}_entity_id ON {table} (entity_id)"))


def _derived_state_v8(conn: Connection) -> None:
    """Version 8: the derived state kept current at write -- the entity clustering's nodes
    and keys, the alias file's grades, each article's MinHash sketch and LSH bands -- and
    its backfill: the sketches and clusters of the stored articles, and their entities
    clustered from scratch (ids kept by name)."""
    from reportedly.store.entities import rebuild
    from reportedly.store.syndication_index import index_sketches

    md = MetaData()
    Table("articles", md, Column("id", Integer, primary_key=True))  # targets of the keys only
    nodes = Table(
        "entity_nodes", md,
        Column("id", Integer, primary_key=True),
        Column("entity_id", Integer, nullable=False),
        Column("kind", Text, nullable=False),
        Column("prefix", Text),
        Column("key", Text, nullable=False),
        Column("name", Text, nullable=False),
        Column("local", Boolean, nullable=False),
        Column("names", Text, nullable=False),
        Column("types", Text, nullable=False),
        Column("aliases", Text, nullable=False),
        Column("known", Text),
        Index("ix_entity_nodes_entity_id", "entity_id"),
        Index("ix_entity_nodes_key", "key"),
    )  # fmt: skip
    keys = Table(
        "entity_keys", md,
        Column("key", Text, nullable=False),
        Column("node_id", ForeignKey("entity_nodes.id", ondelete="CASCADE"), nullable=False),
        Index("ix_entity_keys_key", "key"),
        Index("ix_entity_keys_node_id", "node_id"),
    )  # fmt: skip
    grades = Table(
        "entity_grades", md,
        Column("name", Text, primary_key=True),
        Column("grade", Text, nullable=False),
    )  # fmt: skip
    sketches = Table(
        "article_sketches", md,
        Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        Column("signature", LargeBinary, nullable=False),
    )  # fmt: skip
    bands = Table(
        "sketch_bands", md,
        Column("band", Integer, nullable=False),
        Column("hash", BigInteger, nullable=False),
        Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        Index("ix_sketch_bands_band_hash", "band", "hash"),
        Index("ix_sketch_bands_article_id", "article_id"),
    )  # fmt: skip
    md.create_all(conn, tables=[nodes, keys, grades, sketches, bands])
    conn.execute(text("UPDATE articles SET cluster_id = NULL"))
    index_sketches(conn, _article_texts(conn))
    rebuild(conn)


def _article_texts(conn: Connection, page: int = 500) -> Iterator[tuple[int, str]]:
    """(id, text) of every stored article by id, read a page at a time."""
    last = 0
    while True:
        rows = conn.execute(
            text("SELECT id, text FROM articles WHERE id > :last ORDER BY id LIMIT :page"),
            {"last": last, "page": page},
        ).all()
        if not rows:
            return
        yield from ((row.id, row.text) for row in rows)
        last = rows[-1].id


def _reads_v9(conn: Connection) -> None:
    """Version 9: each figure's population and span, indexed, computed for the stored ones;
    relay links by article; full-text search on the claims (store/text_search.py)."""
    conn.execute(text("ALTER TABLE figures ADD COLUMN population TEXT"))
    conn.execute(text("ALTER TABLE figures ADD COLUMN span TEXT"))
    backfill_quantity_keys(conn)
    conn.execute(text("CREATE INDEX ix_figures_population ON figures (population, category)"))
    conn.execute(text("DROP INDEX ix_figures_category"))  # a page by category, in order:
    conn.execute(
        text("CREATE INDEX ix_figures_category ON figures (category, article_id, position)")
    )
    conn.execute(
        text(
            "CREATE INDEX ix_relay_links_article_id "
            "ON relay_links (article_id, attribution_id, position)"
        )
    )
    create_text_search(conn)


def _search_v10(conn: Connection) -> None:
    """Version 10: the search box's indexes (store/text_search.py), and the articles by
    outlet in any case (the outlet filters compare lower-cased)."""
    create_article_search(conn)
    conn.execute(text("CREATE INDEX ix_articles_outlet ON articles (lower(outlet))"))


def _entity_counts_v11(conn: Connection) -> None:
    """Version 11: claims and figures counted per entity across articles, and the outlets
    and relays of each, kept on write (store/entity_counts.py), counted for the stored
    articles."""
    from reportedly.store.entity_counts import recount

    md = MetaData()
    Table("canonical_entities", md, Column("id", Integer, primary_key=True))  # the key's target
    counts = Table(
        "entity_counts", md,
        Column(
            "entity_id",
            ForeignKey("canonical_entities.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        Column("said", Integer, nullable=False),
        Column("claims", Integer, nullable=False),
        Column("relayed", Integer, nullable=False),
        Column("figures", Integer, nullable=False),
        Column("first_seen", Text),
        Column("last_seen", Text),
    )  # fmt: skip
    outlets = Table(
        "entity_outlets", md,
        Column("entity_id", ForeignKey("canonical_entities.id", ondelete="CASCADE"),
               nullable=False),
        Column("outlet", Text, nullable=False),
        Column("n", Integer, nullable=False),
        Index("ix_entity_outlets_entity_id", "entity_id", "outlet"),
    )  # fmt: skip
    relays = Table(
        "entity_relays", md,
        Column("entity_id", ForeignKey("canonical_entities.id", ondelete="CASCADE"),
               nullable=False),
        Column("relay_id", Integer),
        Column("name", Text, nullable=False),
        Column("n", Integer, nullable=False),
        Index("ix_entity_relays_entity_id", "entity_id"),
        Index("ix_entity_relays_relay_id", "relay_id"),
    )  # fmt: skip
    md.create_all(conn, tables=[counts, outlets, relays])
    recount(conn)


def _event_keys_v12(conn: Connection) -> None:
    """Version 12: each figure's claim day, indexed with its population (a date window of
    a population is a range), and the event keys of figures and populations kept on write
    (store/event_keys.py), built for the stored figures."""
    from reportedly.store.event_keys import rebuild_event_keys

    conn.execute(text("ALTER TABLE figures ADD COLUMN claim_day TEXT"))
    md = MetaData()
    Table("figures", md, Column("id", Integer, primary_key=True))  # the key's target
    keys = Table(
        "event_keys", md,
        Column("figure_id", ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True,
               autoincrement=False),
        Column("population", Text, nullable=False),
        Column("article_id", Integer, nullable=False),
        Column("position", Integer, nullable=False),
        Column("kind", Text, nullable=False),
        Column("place", Text, nullable=False),
        Column("place_key", Text, nullable=False),
        Column("to_fill", Boolean, nullable=False),
        Column("given", Boolean, nullable=False),
        Index("ix_event_keys_cell", "population", "kind", "place_key", "place", "article_id",
              "position"),
        Index("ix_event_keys_article_id", "article_id", "population"),
    )  # fmt: skip
    places = Table(
        "event_places", md,
        *(Column(name, Text, primary_key=True)
          for name in ("population", "kind", "place_key", "place")),
        Column("n", Integer, nullable=False),
        Column("first_article", Integer, nullable=False),
        Column("first_position", Integer, nullable=False),
    )  # fmt: skip
    days = Table(
        "event_days", md,
        Column("population", Text, primary_key=True),
        Column("kind", Text, primary_key=True),
        Column("place_key", Text, primary_key=True),
        Column("to_fill", Boolean, primary_key=True),
        Column("claim_day", Text, primary_key=True),
        Column("n", Integer, nullable=False),
    )  # fmt: skip
    fills = Table(
        "event_fills", md,
        *(Column(name, Text, primary_key=True) for name in ("population", "place_key", "kind")),
        Column("n", Integer, nullable=False),
        Column("first_article", Integer, nullable=False),
        Column("first_position", Integer, nullable=False),
    )  # fmt: skip
    theatres = Table(
        "event_theatres", md,
        *(Column(name, Text, primary_key=True) for name in ("population", "kind", "place_key")),
        Column("theatre", Text, nullable=False),
        Index("ix_event_theatres_theatre", "population", "kind", "theatre"),
    )  # fmt: skip
    md.create_all(conn, tables=[keys, places, days, fills, theatres])
    rebuild_event_keys(conn)
    conn.execute(text("CREATE INDEX ix_figures_population_day ON figures (population, claim_day)"))


def _quantity_counts_v13(conn: Connection) -> None:
    """Version 13: claims and distinct statements, reports, outlets and claimants per
    quantity group, with what makes them distinct, kept on write
    (store/quantity_counts.py), counted for the stored articles."""
    from reportedly.store.quantity_counts import recount

    md = MetaData()
    groups = Table(
        "quantity_groups", md,
        Column("id", Integer, primary_key=True),
        Column("population", Text, nullable=False),
        Column("category", Text, nullable=False),
        Column("span", Text),
        Column("event", Text),
        Column("place", Text),
        *(Column(name, Integer, nullable=False)
          for name in ("claims", "statements", "reports", "outlets", "claimants")),
        Column("first_date", Text),
        Column("last_date", Text),
        Index("ix_quantity_groups_key", "population", "category", "span", "event", "place"),
    )  # fmt: skip
    members = Table(
        "quantity_members", md,
        Column("group_id", ForeignKey("quantity_groups.id", ondelete="CASCADE"),
               primary_key=True, autoincrement=False),
        Column("kind", Text, primary_key=True),
        Column("member", Text, primary_key=True),
        Column("refs", Integer, nullable=False),
    )  # fmt: skip
    md.create_all(conn, tables=[groups, members])
    recount(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles and records", _create_tables_v1),
    Migration(
        2,
        "indexes for the filters",
        [
            "CREATE INDEX ix_articles_published ON articles (published)",
            "CREATE INDEX ix_attributions_source_entity ON attributions (source_entity)",
            "CREATE INDEX ix_attributions_source ON attributions (source)",
            "CREATE INDEX ix_figures_category ON figures (category)",
            "CREATE INDEX ix_figures_attribution ON figures (article_id, attribution)",
            "CREATE INDEX ix_entities_name ON entities (name)",
        ],
    ),
    Migration(3, "canonical entities, relay links and entity edits", _entities_and_relays_v3),
    Migration(
        4,
        "syndication clusters of articles",
        [
            "ALTER TABLE articles ADD COLUMN cluster_id INTEGER",
            "CREATE INDEX ix_articles_cluster_id ON articles (cluster_id)",
        ],
    ),
    Migration(
        5,
        "pieces of a quotation broken by its cue",
        ["ALTER TABLE attributions ADD COLUMN content_parts TEXT"],
    ),
    Migration(
        6,
        "the extractor version of each article",
        [
            "ALTER TABLE articles ADD COLUMN extractor TEXT",
            "CREATE INDEX ix_articles_extractor ON articles (extractor)",
        ],
    ),
    Migration(
        7,
        "figures: recalled claims, the place and event they count",
        [
            "ALTER TABLE figures ADD COLUMN recalled BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE figures ADD COLUMN place TEXT",
            "ALTER TABLE figures ADD COLUMN place_start INTEGER",
            "ALTER TABLE figures ADD COLUMN place_end INTEGER",
            "ALTER TABLE figures ADD COLUMN place_from TEXT",
            "ALTER TABLE figures ADD COLUMN event TEXT",
            "CREATE INDEX ix_figures_event_place ON figures (event, place)",
        ],
    ),
    Migration(8, "entity nodes and keys, grades, article sketches and bands", _derived_state_v8),
    Migration(9, "reads: quantity keys, relay links by article, text search", _reads_v9),
    Migration(10, "search: articles' and claims' words, outlets in any case", _search_v10),
    Migration(11, "claims and figures counted per entity", _entity_counts_v11),
    Migration(12, "claim days, event keys of figures and populations", _event_keys_v12),
    Migration(13, "claims and distinct counts per quantity group", _quantity_counts_v13),
    Migration(
        14, "who made each entity edit", ["ALTER TABLE entity_edits ADD COLUMN made_by TEXT"]
    ),
    Migration(
        15,
        "the claim-date filters by index",
        ["CREATE INDEX ix_figures_claim_day ON figures (claim_day)"],
    ),
)


def applied_versions(conn: Connection) -> set[int]:
    """The versions recorded in `schema_migrations` (the table must exist)."""
    return set(conn.scalars(select(schema_migrations.c.version)))


def recorded_versions(engine: Engine) -> set[int]:
    """The versions a database records, read without the write lock (none if it has no
    `schema_migrations` table)."""
    with engine.connect() as conn:
        has_table = engine.dialect.has_table(conn, schema_migrations.name)
        return applied_versions(conn) if has_table else set()


def check_schema(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Refuse (StoreError) a database whose schema lacks a migration, without writing."""
    applied = recorded_versions(engine)
    missing = [m.version for m in migrations if m.version not in applied]
    if missing:
        raise StoreError(
            f"the store lacks schema version(s) {missing}: open it once with a command that "
            "writes (`reportedly ingest` or `reportedly reextract`) to migrate it"
        )


def migrate(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the migrations the database lacks, in order; return the versions applied now.

    The recorded versions are read first without the write lock: a database that is
    up to date is not written to, nor waits for a writer."""
    known = {m.version for m in migrations}
    recorded = recorded_versions(engine)
    write = migrator(engine)
    if known <= recorded:
        unknown = recorded - known
    else:
        with write.begin() as conn:
            schema_migrations.create(conn, checkfirst=True)
            unknown = applied_versions(conn) - known
    if unknown:
        raise StoreError(
            f"the database has schema version(s) {sorted(unknown)} that this reportedly "
            f"does not know (it knows up to {migrations[-1].version}); upgrade reportedly"
        )
    if known <= recorded:
        return []
    applied: list[int] = []
    for migration in migrations:
        with write.begin() as conn:
            if migration.version in applied_versions(conn):
                continue  # already there, or applied just now by a concurrent opener
            try:
                migration.run(conn)
            except DBAPIError as exc:
                raise StoreError(
                    f"migration {migration.version} ({migration.name}) failed: {exc.orig}"
                ) from exc
            conn.execute(
                insert(schema_migrations).values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
        applied.append(migration.version)
    return applied
