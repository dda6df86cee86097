"""The tables as they are after the latest migration (what queries are written against).

Record tables use the record's field names as column names, so a row is its
record's JSON plus `id`, `article_id` and `position` (the record's index in its
Report list; `attributions.parent`, `figures.attribution` and `figures.part_of`
hold such positions). The DDL that creates these tables lives in migrations.py;
tests/test_store_migrations.py checks that a migrated database matches this file.
The full-text index (`attributions_fts` and its shadow tables on SQLite) is not
described here: store/text_search.py makes and reads it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)

from reportedly.store.types import Count, JSONText

metadata = MetaData()


def _article_fk() -> Column[int]:
    return Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", Text, nullable=False, unique=True),
    Column("input_id", Text),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("meta", JSONText, nullable=False),
    Column("ingested_at", Text, nullable=False),
    Column("cluster_id", Integer),  # syndication cluster: the lowest article id in it
    Column("extractor", Text),  # the extractor version of its records; NULL: before migration 6
    Index("ix_articles_published", "published"),
    Index("ix_articles_cluster_id", "cluster_id"),
    Index("ix_articles_extractor", "extractor"),
)
Index("ix_articles_outlet", func.lower(articles.c.outlet))  # migration 10

attributions = Table(
    "attributions",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
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
    Column("entity_id", ForeignKey("canonical_entities.id", ondelete="SET NULL")),
    Column("content_parts", JSONText),
    UniqueConstraint("article_id", "position", name="uq_attributions_position"),
    Index("ix_attributions_source_entity", "source_entity"),
    Index("ix_attributions_source", "source"),
    Index("ix_attributions_entity_id", "entity_id"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("low", Count),
    Column("high", Count),
    Column("qualifier", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("subject", Text),
    Column("source_entity", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("point", Count),
    Column("subject_start", Integer),
    Column("subject_end", Integer),
    Column("attribution", Integer),
    Column("stated_on", Text),
    Column("stated_precision", Text),
    Column("period", Text),
    Column("part_of", Integer),
    Column("entity_id", ForeignKey("canonical_entities.id", ondelete="SET NULL")),
    Column("recalled", Boolean, nullable=False, server_default=false()),
    Column("place", Text),
    Column("place_start", Integer),
    Column("place_end", Integer),
    Column("place_from", Text),
    Column("event", Text),
    Column("population", Text),  # migration 9: the quantity key, computed at write time
    Column("span", Text),
    Column("claim_day", Text),  # migration 12: `stated_on`, else the article's `published`
    UniqueConstraint("article_id", "position", name="uq_figures_position"),
    Index("ix_figures_category", "category", "article_id", "position"),
    Index("ix_figures_attribution", "article_id", "attribution"),
    Index("ix_figures_entity_id", "entity_id"),
    Index("ix_figures_event_place", "event", "place"),
    Index("ix_figures_population", "population", "category"),
    Index("ix_figures_population_day", "population", "claim_day"),
    Index("ix_figures_claim_day", "claim_day"),  # migration 15: the claim-date filters
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("aliases", JSONText, nullable=False),
    Column("mentions", JSONText, nullable=False),
    Column("entity_id", ForeignKey("canonical_entities.id", ondelete="SET NULL")),
    UniqueConstraint("article_id", "position", name="uq_entities_position"),
    Index("ix_entities_name", "name"),
    Index("ix_entities_entity_id", "entity_id"),
)

# Entities across articles (migration 3): one row per real-world entity, which the
# per-article `entities`, `attributions`, `figures` and `relay_links` point to
# through `entity_id`. Kept current at write by reportedly.store.entity_index from the
# per-article names and the recorded `entity_edits` and `entity_grades`.
canonical_entities = Table(
    "canonical_entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("aliases", JSONText, nullable=False),
    Column("reliability", Text, nullable=False, server_default="F"),  # Admiralty A-F
    Index("ix_canonical_entities_name", "name"),
)

# The path of each claim (migration 3): position 0 is who said it first, then the
# relays and wires, the outlet last; `entity` is the canonical name in the article.
relay_links = Table(
    "relay_links",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("attribution_id", ForeignKey("attributions.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),  # claimant, relay, wire, outlet
    Column("entity", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("entity_id", ForeignKey("canonical_entities.id", ondelete="SET NULL")),
    UniqueConstraint("attribution_id", "position", name="uq_relay_links_position"),
    Index("ix_relay_links_entity_id", "entity_id"),
    Index("ix_relay_links_article_id", "article_id", "attribution_id", "position"),
)

# The user's decisions on entities (migration 3), applied when recorded and replayed in
# order when later articles are clustered and on a rebuild.
entity_edits = Table(
    "entity_edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", Text, nullable=False),  # merge | split
    Column("name", Text, nullable=False),
    Column("other", Text, nullable=False),
    Column("made_at", Text, nullable=False),
    Column("made_by", Text),  # migration 14: who (store/entities.py); None before it
)

# The entity clustering's state (migration 8), kept current at write by
# reportedly.store.entity_index: one node per comparable name (per entity for the
# names compared per article), its counts, and the keys it is looked up by
# ("f:<form>" for each comparable form, "<type class>:<word start>" for matching).
entity_nodes = Table(
    "entity_nodes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, nullable=False),
    Column("kind", Text, nullable=False),  # type class: person, organisation, country, ...
    Column("prefix", Text),
    Column("key", Text, nullable=False),
    Column("name", Text, nullable=False),  # the name its comparable form was parsed from
    Column("local", Boolean, nullable=False),
    Column("names", JSONText, nullable=False),  # {name as written: mentions}
    Column("types", JSONText, nullable=False),  # {entity type: mentions}
    Column("aliases", JSONText, nullable=False),
    Column("known", Text),
    Index("ix_entity_nodes_entity_id", "entity_id"),
    Index("ix_entity_nodes_key", "key"),
)

entity_keys = Table(
    "entity_keys",
    metadata,
    Column("key", Text, nullable=False),
    Column("node_id", ForeignKey("entity_nodes.id", ondelete="CASCADE"), nullable=False),
    Index("ix_entity_keys_key", "key"),
    Index("ix_entity_keys_node_id", "node_id"),
)

# The reliability grades of the user's alias file (migration 8), applied at write.
entity_grades = Table(
    "entity_grades",
    metadata,
    Column("name", Text, primary_key=True),
    Column("grade", Text, nullable=False),
)

# Each article's MinHash signature and its LSH bands (migration 8): an article's
# syndication cluster is found from the articles sharing a band with it.
article_sketches = Table(
    "article_sketches",
    metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

sketch_bands = Table(
    "sketch_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("hash", BigInteger, nullable=False),
    _article_fk(),
    Index("ix_sketch_bands_band_hash", "band", "hash"),
    Index("ix_sketch_bands_article_id", "article_id"),
)

# Claims and figures counted per entity across articles (migration 11), kept current
# at write by reportedly.store.entity_counts; what `sources` lists and sorts by.
entity_counts = Table(
    "entity_counts",
    metadata,
    Column(
        "entity_id",
        ForeignKey("canonical_entities.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("said", Integer, nullable=False),  # claims it is the claimant of
    Column("claims", Integer, nullable=False),  # its own claims (store/source_reads.py)
    Column("relayed", Integer, nullable=False),
    Column("figures", Integer, nullable=False),
    Column("first_seen", Text),
    Column("last_seen", Text),
)

# The outlets that carried each entity's own claims and figures, and the relays and wires
# its own claims came through (migration 11), with how many claims or figures: kept like
# `entity_counts`. A relay is its entity (`relay_id`, named at read) or, with none, its name.
entity_outlets = Table(
    "entity_outlets",
    metadata,
    Column("entity_id", ForeignKey("canonical_entities.id", ondelete="CASCADE"), nullable=False),
    Column("outlet", Text, nullable=False),
    Column("n", Integer, nullable=False),
    Index("ix_entity_outlets_entity_id", "entity_id", "outlet"),
)

entity_relays = Table(
    "entity_relays",
    metadata,
    Column("entity_id", ForeignKey("canonical_entities.id", ondelete="CASCADE"), nullable=False),
    Column("relay_id", Integer),
    Column("name", Text, nullable=False),
    Column("n", Integer, nullable=False),
    Index("ix_entity_relays_entity_id", "entity_id"),
    Index("ix_entity_relays_relay_id", "relay_id"),
)

# The event keys of the figures that are claims (migration 12), kept current at write by
# reportedly.store.event_keys: per figure what its article alone decides of its event
# ('' for no kind or place), and per population what the labels need across articles.
event_keys = Table(
    "event_keys",
    metadata,
    Column(
        "figure_id",
        ForeignKey("figures.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("population", Text, nullable=False),
    Column("article_id", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", Text, nullable=False),  # after the same-article filling
    Column("place", Text, nullable=False),
    Column("place_key", Text, nullable=False),
    Column("to_fill", Boolean, nullable=False),  # a place and no kind: the population's
    Column("given", Boolean, nullable=False),  # kind and place both extracted
    Index(
        "ix_event_keys_cell", "population", "kind", "place_key", "place", "article_id", "position"
    ),
    Index("ix_event_keys_article_id", "article_id", "population"),
)

event_places = Table(  # the place names of each (kind, place key), with the first point
    "event_places",
    metadata,
    Column("population", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("place_key", Text, primary_key=True),
    Column("place", Text, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("first_article", Integer, nullable=False),
    Column("first_position", Integer, nullable=False),
)

event_days = Table(  # the claim days of each (kind, place key, to_fill) ('' for none)
    "event_days",
    metadata,
    Column("population", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("place_key", Text, primary_key=True),
    Column("to_fill", Boolean, primary_key=True),
    Column("claim_day", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

event_fills = Table(  # the linked kinds (a war) given with each place key
    "event_fills",
    metadata,
    Column("population", Text, primary_key=True),
    Column("place_key", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("first_article", Integer, nullable=False),
    Column("first_position", Integer, nullable=False),
)

event_theatres = Table(  # each place key of a linked kind: its theatre's lowest place key
    "event_theatres",
    metadata,
    Column("population", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("place_key", Text, primary_key=True),
    Column("theatre", Text, nullable=False),
    Index("ix_event_theatres_theatre", "population", "kind", "theatre"),
)

# Claims and distinct statements, reports, outlets and claimants per quantity key and
# extracted event, with the first and last claim day (migration 13), kept current at write
# by reportedly.store.quantity_counts; what `quantities` lists.
quantity_groups = Table(
    "quantity_groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("population", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("span", Text),
    Column("event", Text),
    Column("place", Text),
    Column("claims", Integer, nullable=False),
    Column("statements", Integer, nullable=False),
    Column("reports", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("claimants", Integer, nullable=False),
    Column("first_date", Text),
    Column("last_date", Text),
    Index("ix_quantity_groups_key", "population", "category", "span", "event", "place"),
)

# What makes each group's distinct counts (migration 13): its statements, reports,
# outlets, claimants and days (`kind`), each with how many of its claimed figures have it.
quantity_members = Table(
    "quantity_members",
    metadata,
    Column(
        "group_id",
        ForeignKey("quantity_groups.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("kind", Text, primary_key=True),  # statement, report, outlet, claimant, day
    Column("member", Text, primary_key=True),
    Column("refs", Integer, nullable=False),
)
