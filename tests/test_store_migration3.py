"""Migration 3: entities across articles, relay links and recorded entity edits."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from reportedly.analyse.sources import claimant_id, through_whom
from reportedly.model import Article, Attribution, Entity, RelayLink, Report
from reportedly.store import Store, open_store, resolve_url
from reportedly.store.engine import create_store_engine
from reportedly.store.migrations import MIGRATIONS, migrate

TEXT = "Lawmaker Ana Ruiz said the Harbour Agency told her 40 boats sank."


def relayed_report(outlet: str = "The Daily", text: str = TEXT) -> Report:
    """Ruiz relays the Harbour Agency's count; the article credits Reuters."""
    agency = RelayLink("the Harbour Agency", "claimant", "Harbour Agency", 27, 45)
    ruiz = RelayLink("Lawmaker Ana Ruiz", "relay", "Ana Ruiz", 0, 17)
    reuters = RelayLink("Reuters", "wire", "Reuters")
    return Report(
        article=Article(text=text, id="r1", outlet=outlet, published="2025-02-01"),
        attributions=[
            Attribution(
                source="Lawmaker Ana Ruiz",
                source_entity="Ana Ruiz",
                cue="said",
                content="the Harbour Agency told her 40 boats sank",
                kind="indirect",
                chain=[RelayLink("Lawmaker Ana Ruiz", "claimant", "Ana Ruiz", 0, 17), reuters],
            ),
            Attribution(
                source="the Harbour Agency",
                source_entity="Harbour Agency",
                cue="told",
                content="40 boats sank",
                kind="indirect",
                parent=0,
                chain=[agency, ruiz, reuters],
            ),
        ],
        entities=[
            Entity("Ana Ruiz", "person", mentions=[(9, 17)]),
            Entity("Harbour Agency", "government body", mentions=[(31, 45)]),
        ],
    )


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as opened:
        yield opened


def test_chains_are_stored_in_order_with_the_outlet_last(store: Store) -> None:
    article_id, _ = store.add(relayed_report())
    claims = store.chained_claims()
    inner = next(c for c in claims if c["content"] == "40 boats sank")
    assert [(link["name"], link["role"]) for link in inner["chain"]] == [
        ("the Harbour Agency", "claimant"),
        ("Lawmaker Ana Ruiz", "relay"),
        ("Reuters", "wire"),
        ("The Daily", "outlet"),
    ]
    entities = {e["id"]: e["name"] for e in store.canonical_entities()}
    assert entities[claimant_id(inner)] == "Harbour Agency"  # who said it first
    assert through_whom(inner) == ["Ana Ruiz", "Reuters"]  # through whom
    with store.engine.connect() as conn:
        first = conn.execute(
            text(
                "SELECT c.name FROM relay_links r JOIN canonical_entities c ON c.id = r.entity_id"
                " WHERE r.position = 0 AND r.article_id = :article ORDER BY r.attribution_id"
            ),
            {"article": article_id},
        ).all()
    assert first == [("Ana Ruiz",), ("Harbour Agency",)]


def test_the_rebuilt_report_has_the_chains_as_extracted(store: Store) -> None:
    report = relayed_report()
    article_id, _ = store.add(report)
    assert store.article(article_id) == report
    rows = store.claims(article_id=article_id)
    assert [Attribution.from_dict(r) for r in rows] == report.attributions


def test_attributions_figures_and_entities_point_at_entities_across_articles(
    store: Store,
) -> None:
    store.add(relayed_report())
    store.add(relayed_report(text=TEXT + " More later."))
    rows = store.canonical_entities()
    names = sorted(r["name"] for r in rows)
    assert names == ["Ana Ruiz", "Harbour Agency", "Reuters", "The Daily"]
    with store.engine.connect() as conn:
        unlinked = conn.scalar(text("SELECT count(*) FROM attributions WHERE entity_id IS NULL"))
        per_entity = conn.scalar(text("SELECT count(DISTINCT entity_id) FROM attributions"))
    assert unlinked == 0
    assert per_entity == 2


def test_recorded_edits_survive_a_reingest(store: Store) -> None:
    store.add(relayed_report())
    store.record_entity_edit("merge", "Harbour Agency", "Ana Ruiz")
    store.record_entity_edit("split", "Reuters", "The Daily")
    with open_store(store.url) as again:  # a later run: new articles, entities rebuilt
        again.add(relayed_report(outlet="Evening Post", text=TEXT + " Updated."))
        rows = again.canonical_entities()
        assert again.entity_edits() == [
            ("merge", "Harbour Agency", "Ana Ruiz"),
            ("split", "Reuters", "The Daily"),
        ]
    merged = next(r for r in rows if r["name"] == "Harbour Agency")
    assert "Ana Ruiz" in merged["aliases"]
    assert {"Reuters", "The Daily", "Evening Post"} <= {r["name"] for r in rows}


def test_an_unknown_edit_action_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="not one of merge, split"):
        store.record_entity_edit("join", "A", "B")


def test_a_version_2_store_is_upgraded_and_its_claims_have_no_chains(store_url: str) -> None:
    engine = create_store_engine(resolve_url(store_url))
    migrate(engine, MIGRATIONS[:2])
    with engine.begin() as conn:  # written by hand, as reportedly 2 would have
        conn.execute(
            text(
                "INSERT INTO articles (id, content_hash, text, meta, ingested_at, outlet)"
                " VALUES (1, 'h', 'The agency said 3 died.', '{}', '2025-01-01', 'Wire')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO attributions (article_id, position, source, cue, content, kind,"
                " modality, confidence) VALUES (1, 0, 'The agency', 'said', '3 died',"
                " 'indirect', 'said', 1.0)"
            )
        )
    engine.dispose()
    with open_store(store_url) as store:
        assert store.claims()[0]["chain"] == []
        assert store.chained_claims()[0]["entity_id"] is None
        assert store.canonical_entities() == []
