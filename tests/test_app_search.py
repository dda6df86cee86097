"""Search across articles and claims, with facets, on real SQLite and PostgreSQL stores:
words found by index, filters narrowing, facets counting, offsets into the text, and bad
query text a clear error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reportedly.app.search import search
from reportedly.errors import SearchError
from reportedly.model import Article, Attribution, Entity, Figure, Report
from reportedly.store import Store, open_store
from reportedly.store.search_query import parse_query

FERRY = (
    "Ferry crews walked out at dawn. About 2,000 passengers were stranded, the port authority said."
)
QUAKE = "The quake flattened homes. At least 40 people were killed in Izmir, the governor said."
FLOOD = '"We have lost everything," the mayor said of the flood along the river.'


def _report(text: str, title: str, outlet: str, published: str, **claim: object) -> Report:
    """An article with one attribution: its content is the text before ", <source> said"."""
    source, kind = claim["source"], claim.get("kind", "indirect")
    content = str(claim["content"])
    start = text.index(content)
    attribution = Attribution(
        source=str(source),
        cue="said",
        content=content,
        kind=kind,  # type: ignore[arg-type]
        source_entity=claim.get("entity"),  # type: ignore[arg-type]
        source_start=text.index(str(source)),
        source_end=text.index(str(source)) + len(str(source)),
        content_start=start,
        content_end=start + len(content),
    )
    figures = [Figure(**f) for f in claim.get("figures", [])]  # type: ignore[arg-type]
    entities = [Entity(str(claim["entity"]), "government body")] if claim.get("entity") else []
    article = Article(text=text, title=title, outlet=outlet, published=published)
    return Report(article=article, attributions=[attribution], figures=figures, entities=entities)


REPORTS = [
    _report(
        FERRY, "Ferry strike strands travellers", "Harbour Wire", "2025-05-12",
        source="the port authority", entity="port authority",
        content="About 2,000 passengers were stranded",
        figures=[{"text": "About 2,000", "low": 2000, "high": 2000, "qualifier": "approx",
                  "attribution": 0, "source_entity": "port authority", "place": "Piraeus"}],
    ),
    _report(
        QUAKE, "Quake in Izmir", "Coast Times", "2025-06-01",
        source="the governor", entity="governor",
        content="At least 40 people were killed in Izmir",
        figures=[{"text": "At least 40", "low": 40, "high": None, "qualifier": "at_least",
                  "category": "killed", "attribution": 0, "source_entity": "governor",
                  "place": "Izmir", "event": "earthquake"}],
    ),
    _report(
        FLOOD, "River floods", "Coast Times", "2025-07-03",
        source="the mayor", kind="direct", content="We have lost everything",
    ),
]  # fmt: skip


@pytest.fixture
def store(store_url: str) -> Store:
    with open_store(store_url) as opened:
        for report in REPORTS:
            opened.add(report)
        yield opened


def _hits(results: object) -> list[tuple[str, str]]:
    return [(h["type"], h["title"]) for h in results.hits]  # type: ignore[attr-defined]


def test_words_find_articles_and_claims_newest_first(store: Store) -> None:
    found = search(store, "passengers stranded")
    title = "Ferry strike strands travellers"
    assert _hits(found) == [("article", title), ("claim", title)]
    assert found.total == 2
    claim = found.hits[1]
    assert claim["source"] == "the port authority" and claim["kind"] == "indirect"
    assert FERRY[claim["start"] : claim["end"]] == "passengers"
    assert "passengers were stranded" in claim["snippet"]
    article = found.hits[0]
    assert FERRY[article["start"] : article["end"]] == "passengers"


def test_phrases_or_and_exclusions(store: Store) -> None:
    assert {h["title"] for h in search(store, '"port authority"').hits} == {
        "Ferry strike strands travellers"
    }
    either = search(store, "governor OR mayor")
    assert {h["title"] for h in either.hits} == {"Quake in Izmir", "River floods"}
    assert {h["title"] for h in search(store, "governor OR mayor -izmir").hits} == {"River floods"}


def test_a_claim_matches_across_its_columns_by_index_or_by_substring(store: Store) -> None:
    """A claim holds a phrase in its source, claimant or content, and an exclusion in none
    of them: the same whether every phrase is long enough for the trigram index alone
    (SQLite) or one is too short and the substring test decides."""
    assert search(store, "governor -killed").total == 0  # "killed" is in the content
    assert _hits(search(store, "governor -stranded")) == [
        ("article", "Quake in Izmir"),
        ("claim", "Quake in Izmir"),
    ]
    short = search(store, "40 governor")  # "40": under the trigram index's three characters
    assert _hits(short) == [("article", "Quake in Izmir"), ("claim", "Quake in Izmir")]
    assert search(store, "40 -governor").total == 0


def test_no_text_lists_by_the_filters_alone(store: Store) -> None:
    everything = search(store, None)
    assert everything.total == 6  # three articles, three claims
    assert [h["article_id"] for h in everything.hits] == [3, 3, 2, 2, 1, 1]
    direct = search(store, None, kind="direct")
    assert _hits(direct) == [("article", "River floods"), ("claim", "River floods")]
    killed = search(store, "", category="killed")
    assert {h["title"] for h in killed.hits} == {"Quake in Izmir"}
    assert search(store, None, place="earthquake").total == 2  # the event counts as a place
    assert search(store, None, outlet="coast times", since="2025-07").total == 2
    assert search(store, None, claimant="PORT AUTHORITY").total == 2


def test_facets_count_the_hits(store: Store) -> None:
    facets = search(store, None).facets
    assert facets["outlet"] == [("Coast Times", 4), ("Harbour Wire", 2)]
    assert facets["kind"] == [("indirect", 2), ("direct", 1)]
    assert facets["category"] == [("killed", 1), ("other", 1)]
    assert facets["place"] == [("Izmir", 1), ("Piraeus", 1)]
    assert dict(facets["claimant"]) == {"port authority": 1, "governor": 1}
    narrowed = search(store, "killed").facets
    assert narrowed["outlet"] == [("Coast Times", 2)]


HARVEST = "The ministry said in March that 300 farms lost their harvest. The figure stands."


def test_the_claim_date_filters_and_is_a_facet(store: Store) -> None:
    """A claim's date is the stated date of the figures it holds, else its article's
    publication date: the ministry's March claim, published in August, is a March claim."""
    store.add(
        _report(
            HARVEST, "Harvest losses", "Farm Post", "2025-08-02",
            source="The ministry", entity="ministry",
            content="300 farms lost their harvest",
            figures=[{"text": "300", "low": 300, "high": 300, "qualifier": "exact",
                      "attribution": 0, "stated_on": "2025-03"}],
        )
    )  # fmt: skip
    months = search(store, None).facets["claimed"]
    assert sorted(months) == [("2025-03", 1), ("2025-05", 1), ("2025-06", 1), ("2025-07", 1)]
    march = search(store, None, claimed="2025-03")
    assert _hits(march) == [("article", "Harvest losses"), ("claim", "Harvest losses")]
    assert march.facets["claimed"] == [("2025-03", 1)]
    assert search(store, None, claimed="2025-08").total == 0  # published then, claimed before
    flood = search(store, None, claimed="2025-07-03")  # no figure: the publication date
    assert {h["title"] for h in flood.hits} == {"River floods"}
    assert search(store, "harvest", claimed="2025").total == 2
    with pytest.raises(ValueError, match="claimed: expected a date"):
        search(store, None, claimed="March")


def test_the_total_is_the_facets_sample_or_counted_past_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fewer hits than the facets read are all of them; as many, and they are counted."""
    everything = search(store, None, limit=1)
    assert (everything.faceted, everything.total) == (6, 6)
    monkeypatch.setattr("reportedly.store.search_reads.FACET_HITS", 2)
    monkeypatch.setattr("reportedly.app.search.FACET_HITS", 2)
    sampled = search(store, None, limit=1)
    assert (sampled.faceted, sampled.total) == (2, 6)
    assert search(store, None, limit=1, offset=5).total == 6


def test_paging(store: Store) -> None:
    first = search(store, None, limit=4)
    rest = search(store, None, limit=4, offset=4)
    assert len(first.hits) == 4 and len(rest.hits) == 2 and first.total == rest.total == 6
    assert first.hits + rest.hits == search(store, None, limit=10).hits


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('"port authority', "a quote is not closed"),
        ("-ferry", "only excludes words"),
        ("?! ...", "has no word to search for"),
        ("x" * 1001, "over the limit"),
        ("fer\x00ry", "NUL"),
    ],
)
def test_bad_query_text_is_a_clear_error(store: Store, text: str, why: str) -> None:
    with pytest.raises(SearchError, match=why):
        search(store, text)


def test_bad_filters_name_the_filter(store: Store) -> None:
    with pytest.raises(ValueError, match="since"):
        search(store, None, since="May 2025")
    with pytest.raises(ValueError, match="category"):
        search(store, None, category="dead")


def test_the_article_index_follows_writes_and_is_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        store.add(REPORTS[0])
    with sqlite3.connect(path) as conn:  # as a store before migration 10 had it
        conn.execute("DROP TABLE articles_fts")
        for name in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER articles_fts_{name}")
        conn.execute("DROP INDEX ix_articles_outlet")
        conn.execute("DELETE FROM schema_migrations WHERE version = 10")
    with open_store(str(path)) as store:
        assert search(store, "walked").total == 1  # backfilled by the migration
        store.add(REPORTS[1])
        assert search(store, "flattened").total == 1  # kept on write
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM articles WHERE id = 2")
    with open_store(str(path), read_only=True) as store:
        assert search(store, "flattened").total == 0


def test_the_parser_reads_the_web_search_syntax() -> None:
    query = parse_query('Ferry "port  Authority" OR harbour -strike')
    assert query.required == ((("ferry",),), (("port", "authority"), ("harbour",)))
    assert query.excluded == (("strike",),)


def test_a_search_reads_its_indexes(store: Store) -> None:
    """SQLite: the plans read the FTS5 tables. PostgreSQL: the query repeats each index's
    expression exactly, so with sequential scans off (the test's tables are too small for
    the planner to want an index) the plans use both GIN indexes."""
    from sqlalchemy import select, text

    from reportedly.store.schema import articles, attributions
    from reportedly.store.text_search import article_search, claim_search

    dialect = store.engine.dialect.name
    query = parse_query("passengers")
    statements = {
        ("ix_articles_search", "articles_fts VIRTUAL TABLE INDEX"): select(articles.c.id).where(
            article_search(dialect, query)
        ),
        ("ix_attributions_search", "attributions_fts VIRTUAL TABLE INDEX"): select(
            attributions.c.id
        ).where(*claim_search(dialect, query)),
    }
    with store.engine.connect() as conn:
        if dialect == "postgresql":
            conn.execute(text("SET enable_seqscan = off"))
        explain = "EXPLAIN" if dialect == "postgresql" else "EXPLAIN QUERY PLAN"
        for (index, fts), statement in statements.items():
            compiled = statement.compile(conn, compile_kwargs={"literal_binds": True})
            rows = conn.execute(text(f"{explain} {compiled}")).all()
            plan = "\n".join(str(row[-1]) for row in rows)
            assert (index if dialect == "postgresql" else fts) in plan, plan
