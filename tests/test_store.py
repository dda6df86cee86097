"""Store: idempotent adds, exact round-trips, the filtered reads, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reportedly.errors import StoreError
from reportedly.model import Article, Attribution, Entity, Figure, Report
from reportedly.store import Store, open_store
from reportedly.store.schema import articles, attributions, entities, figures
from stores import STORES, fresh_store

SPY_AGENCY = "National Intelligence Service"


def nis_report() -> Report:
    """Every field set to a non-default value, nested attributions, a breakdown figure."""
    text = (
        "South Korea's spy agency told lawmakers that about 300 North Korean soldiers had "
        "been killed and 2,700 injured, lawmaker Lee said on Monday."
    )
    return Report(
        article=Article(
            text=text,
            id="kr-0113",
            title="Seoul raises its toll for North Korean troops",
            outlet="Korea Daily",
            url="https://example.org/kr-0113",
            published="2025-01-13",
            origin="feed.jsonl:4",
            meta={"section": "world", "tags": ["kursk", "nis"], "rank": 2},
        ),
        attributions=[
            Attribution(
                source="lawmaker Lee",
                cue="said",
                content="South Korea's spy agency told lawmakers ...",
                kind="indirect",
                source_entity="Lee Seong-kweun",
                source_start=118,
                source_end=130,
                cue_start=131,
                cue_end=135,
                content_start=0,
                content_end=116,
                modality="said",
                probability=None,
                parent=None,
                confidence=0.9,
            ),
            Attribution(
                source="South Korea's spy agency",
                cue="told",
                content="about 300 North Korean soldiers had been killed and 2,700 injured",
                kind="indirect",
                source_entity=SPY_AGENCY,
                source_start=0,
                source_end=24,
                cue_start=25,
                cue_end=29,
                content_start=45,
                content_end=116,
                modality="estimated",
                probability=0.8,
                parent=0,
                confidence=0.75,
            ),
        ],
        figures=[
            Figure(
                text="about 300 North Korean soldiers",
                low=250,
                high=350,
                qualifier="approx",
                category="killed",
                subject="North Korean soldiers",
                source_entity=SPY_AGENCY,
                start=50,
                end=81,
                point=300,
                subject_start=60,
                subject_end=81,
                attribution=1,
                stated_on="2025-01-13",
                stated_precision="day",
                period="since October",
                part_of=None,
            ),
            Figure(
                text="2,700",
                low=2700,
                high=None,
                qualifier="at_least",
                category="injured",
                subject="North Korean soldiers",
                source_entity=SPY_AGENCY,
                start=104,
                end=109,
                point=2700.5,
                attribution=1,
                part_of=0,
            ),
        ],
        entities=[
            Entity(
                name=SPY_AGENCY,
                type="government body",
                aliases=["NIS", "South Korea's spy agency"],
                mentions=[(0, 24)],
            ),
            Entity(name="Lee Seong-kweun", type="person", aliases=["Lee"], mentions=[(118, 130)]),
        ],
    )


def bbc_report() -> Report:
    """Anonymous officials, no source_entity; a casualty total and a deployment."""
    return Report(
        article=Article(
            text="Western officials estimate about 4,000 casualties among some 11,000 troops sent.",
            title="Heavy losses in Kursk",
            outlet="BBC",
            published="2025-02-10",
        ),
        attributions=[
            Attribution(
                source="Western officials",
                cue="estimate",
                content="about 4,000 casualties among some 11,000 troops sent",
                kind="indirect",
                modality="estimated",
            )
        ],
        figures=[
            Figure(
                text="about 4,000 casualties",
                low=4000,
                high=4000,
                qualifier="approx",
                category="casualties",
                subject="troops",
                attribution=0,
            ),
            Figure(
                text="some 11,000 troops",
                low=11000,
                high=11000,
                qualifier="approx",
                category="deployed",
                subject="troops",
                attribution=0,
            ),
        ],
    )


def undated_report() -> Report:
    """No published date, the agency again, a figure in the article's own voice."""
    return Report(
        article=Article(
            text="The agency now counts 4,700 casualties, including 600 dead; 15,000 were sent.",
            outlet="Korea Daily",
        ),
        attributions=[
            Attribution(
                source="The agency",
                cue="counts",
                content="4,700 casualties",
                kind="indirect",
                source_entity=SPY_AGENCY,
            ),
        ],
        figures=[
            Figure(
                text="4,700 casualties",
                low=4700,
                high=4700,
                qualifier="exact",
                category="casualties",
                subject="North Korean soldiers",
                source_entity=SPY_AGENCY,
                attribution=0,
            ),
            Figure(
                text="600 dead",
                low=600,
                high=600,
                qualifier="exact",
                category="killed",
                subject="North Korean soldiers",
                source_entity=SPY_AGENCY,
                attribution=0,
                part_of=0,
            ),
            Figure(
                text="15,000 were sent",
                low=15000,
                high=15000,
                qualifier="exact",
                category="deployed",
            ),
        ],
    )


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture(scope="module", params=STORES)
def filled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The three reports above, stored once for the read-only tests."""
    with fresh_store(request, tmp_path_factory.mktemp("filled")) as url, open_store(url) as opened:
        for report in (nis_report(), bbc_report(), undated_report()):
            opened.add(report)
        yield opened


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table))
            for table in (articles, attributions, entities, figures)
        }


# --- adding ---------------------------------------------------------------------------------


def test_adding_the_same_report_twice_stores_it_once(store: Store) -> None:
    first = store.add(nis_report())
    again = store.add(nis_report())
    assert first == (1, True)
    assert again == (1, False)
    assert table_counts(store) == {
        "articles": 1,
        "attributions": 2,
        "figures": 2,
        "entities": 2,
    }


def test_same_text_with_other_whitespace_is_the_same_article(store: Store) -> None:
    report = bbc_report()
    respaced = Report(article=Article(text="  " + report.article.text.replace(" ", "\n ")))
    store.add(report)
    assert store.add(respaced) == (1, False)
    assert store.has_article(respaced.article.content_hash)


def test_add_returns_new_ids_for_new_articles(store: Store) -> None:
    assert [store.add(r) for r in (nis_report(), bbc_report())] == [(1, True), (2, True)]
    assert store.count_articles() == 2
    assert not store.has_article("0" * 64)


def test_a_bad_record_stores_nothing_and_names_the_article(store: Store) -> None:
    report = nis_report()
    report.figures[1].qualifier = None  # NOT NULL column
    with pytest.raises(StoreError, match=r"feed\.jsonl:4"):
        store.add(report)
    assert table_counts(store) == dict.fromkeys(
        ("articles", "attributions", "figures", "entities"), 0
    )
    article_id, new = store.add(nis_report())
    assert new
    assert store.article(article_id) == nis_report()


def test_open_store_in_a_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="missing"):
        open_store(str(tmp_path / "missing" / "store.db"))


def test_open_store_with_an_unknown_backend_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="nosuchdb"):
        open_store("nosuchdb://somewhere/x")


def test_store_repr_names_the_url(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store.db")) as store:
        assert store.url == f"sqlite:///{tmp_path / 'store.db'}"
        assert str(tmp_path / "store.db") in repr(store)


# --- round-trip -----------------------------------------------------------------------------


def test_article_rebuilds_the_report_exactly(filled: Store) -> None:
    for article_id, report in enumerate((nis_report(), bbc_report(), undated_report()), 1):
        assert filled.article(article_id) == report


def test_article_keeps_number_types_and_mention_tuples(filled: Store) -> None:
    rebuilt = filled.article(1)
    assert rebuilt is not None
    assert type(rebuilt.figures[0].low) is int
    assert type(rebuilt.figures[1].point) is float
    assert rebuilt.entities[0].mentions == [(0, 24)]
    assert rebuilt.to_dict() == nis_report().to_dict()


def test_missing_article_is_none(filled: Store) -> None:
    assert filled.article(99) is None


def test_claim_rows_round_trip_to_attributions(filled: Store) -> None:
    rows = filled.claims(article_id=1)
    assert [Attribution.from_dict(row) for row in rows] == nis_report().attributions
    assert json.loads(json.dumps(rows[1]))["parent"] == 0


def test_figure_rows_round_trip_to_figures(filled: Store) -> None:
    rows = filled.figures(article_id=3)
    assert [Figure.from_dict(row) for row in rows] == undated_report().figures


def test_claim_rows_carry_the_record_keys_and_the_article(filled: Store) -> None:
    row = filled.claims(article_id=2)[0]
    expected_keys = {"id", "article_id", "position", "article_title", "outlet", "published"}
    assert set(row) == set(bbc_report().attributions[0].to_dict()) | expected_keys
    assert (row["article_title"], row["outlet"], row["published"]) == (
        "Heavy losses in Kursk",
        "BBC",
        "2025-02-10",
    )


# --- articles() -----------------------------------------------------------------------------


def test_articles_lists_counts_and_no_text(filled: Store) -> None:
    rows = filled.articles()
    assert [(r["id"], r["claims"], r["figures"]) for r in rows] == [
        (1, 2, 2),
        (2, 1, 2),
        (3, 1, 3),
    ]
    assert set(rows[0]) == {
        "id",
        "title",
        "outlet",
        "url",
        "published",
        "origin",
        "content_hash",
        "ingested_at",
        "claims",
        "figures",
    }
    assert rows[0]["content_hash"] == nis_report().article.content_hash


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ({"outlet": "korea daily"}, [1, 3]),
        ({"outlet": "BBC"}, [2]),
        ({"outlet": "Reuters"}, []),
        ({"since": "2025-02-01"}, [2]),
        ({"until": "2025-01-13"}, [1]),
        ({"since": "2025-01-13", "until": "2025-02-10"}, [1, 2]),
        ({"until": "2025-01-12"}, []),
        ({"limit": 2}, [1, 2]),
        ({"outlet": "Korea Daily", "since": "2025"}, [1]),
    ],
)
def test_articles_filters(filled: Store, filters: dict, ids: list[int]) -> None:
    assert [r["id"] for r in filled.articles(**filters)] == ids


# --- claims() -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "keys"),
    [
        ({}, [(1, 0), (1, 1), (2, 0), (3, 0)]),
        ({"source": "intelligence service"}, [(1, 1), (3, 0)]),  # source_entity
        ({"source": "SPY AGENCY"}, [(1, 1)]),  # source text
        ({"source": "western"}, [(2, 0)]),
        ({"source": "%"}, []),  # wildcards are literal
        ({"text": "4,700"}, [(3, 0)]),
        ({"text": "Killed"}, [(1, 1)]),
        ({"since": "2025-02"}, [(2, 0)]),
        ({"until": "2025-01"}, [(1, 0), (1, 1)]),
        ({"article_id": 3}, [(3, 0)]),
        ({"source": "agency", "article_id": 1}, [(1, 1)]),
        ({"limit": 1}, [(1, 0)]),
    ],
)
def test_claims_filters(filled: Store, filters: dict, keys: list[tuple[int, int]]) -> None:
    assert [(r["article_id"], r["position"]) for r in filled.claims(**filters)] == keys


# --- figures() ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "keys"),
    [
        ({}, [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)]),
        ({"category": "killed"}, [(1, 0), (3, 1)]),
        ({"category": "deployed"}, [(2, 1), (3, 2)]),
        ({"subject": "north korean"}, [(1, 0), (1, 1), (3, 0), (3, 1)]),
        ({"source": "western officials"}, [(2, 0), (2, 1)]),  # via the attribution
        ({"source": "intelligence"}, [(1, 0), (1, 1), (3, 0), (3, 1)]),  # the claimant
        ({"source": "lee"}, []),  # holds no figure itself
        ({"category": "casualties", "since": "2025-01-01"}, [(2, 0)]),
        ({"until": "2025-01-31", "category": "injured"}, [(1, 1)]),
        ({"article_id": 2, "limit": 1}, [(2, 0)]),
    ],
)
def test_figures_filters(filled: Store, filters: dict, keys: list[tuple[int, int]]) -> None:
    assert [(r["article_id"], r["position"]) for r in filled.figures(**filters)] == keys


def test_figure_rows_carry_the_article(filled: Store) -> None:
    row = filled.figures(article_id=2)[0]
    assert (row["article_title"], row["outlet"], row["published"]) == (
        "Heavy losses in Kursk",
        "BBC",
        "2025-02-10",
    )


# --- top_sources() --------------------------------------------------------------------------


def test_top_sources_ranks_claimants(filled: Store) -> None:
    assert filled.top_sources() == [
        {
            "name": SPY_AGENCY,
            "claims": 2,
            "figures": 4,
            "articles": 2,
            "first_seen": "2025-01-13",
            "last_seen": "2025-01-13",
        },
        {
            "name": "Lee Seong-kweun",
            "claims": 1,
            "figures": 0,
            "articles": 1,
            "first_seen": "2025-01-13",
            "last_seen": "2025-01-13",
        },
        {
            "name": "Western officials",
            "claims": 1,
            "figures": 2,
            "articles": 1,
            "first_seen": "2025-02-10",
            "last_seen": "2025-02-10",
        },
    ]


def test_top_sources_limit_and_anonymous_sources(store: Store) -> None:
    report = bbc_report()
    report.attributions.append(
        Attribution(source=None, cue="reportedly", content="x", kind="indirect")
    )
    store.add(report)
    assert [r["name"] for r in store.top_sources(limit=1)] == ["Western officials"]
    assert len(store.top_sources()) == 1  # no name: not a claimant


def test_a_quotation_in_pieces_keeps_its_pieces(store: Store) -> None:
    text = "“The bridge is closed,” the mayor said. “Crews need a week.”"
    pieces = [(1, 22), (41, 58)]
    report = Report(
        article=Article(text=text),
        attributions=[
            Attribution(
                source="the mayor",
                cue="said",
                content=" ".join(text[s:e] for s, e in pieces),
                kind="direct",
                content_start=1,
                content_end=58,
                content_parts=pieces,
            )
        ],
    )
    article_id, _ = store.add(report)
    rebuilt = store.article(article_id)
    assert rebuilt == report
    assert rebuilt is not None and rebuilt.attributions[0].content_parts == pieces
