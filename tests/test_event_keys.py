"""Event keys kept on write: `event_index(store, p).labels_of(ids)` is what `link_events`
gives over every point of the population, after adds, re-extracts and theatres joining,
and a store migrated from before the keys gets the keys the write path keeps.

The reports are generated (seeded): figures of a few populations with random kinds,
places (in varying case and spacing) and dates, some held by a denial, some recalled
with a date of their own, stored with `Store.add` in a real store (SQLite, then
PostgreSQL). The reference reads the population's figures back as `build_claims` places
them and runs `link_events` over their points in article and position order.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select, text

from analysis_data import population_claims, store_of
from reportedly.analyse.events import event_index, link_events
from reportedly.model import Article, Attribution, Figure, Report
from reportedly.store import Store, open_store
from reportedly.store.event_keys import EVENT_TABLES, rebuild_event_keys

SUBJECTS = ("Freedonian soldiers", "civilians", "Sylvanian troops")
KINDS = ("war", "war", "earthquake", "strike", "protest", "epidemic", None, None)
PLACES = ("Kursk", "kursk", "Donetsk", "Belgorod", "Lower  Ford", "lower ford", "Chile", None)
DAYS = ("2025-03-01", "2025-03-02", "2025-03-09", "2025-04-20", "2025-06-01", "2025-06")


def generated(rng: random.Random, n: int) -> Report:
    """An article whose officials give 1-6 figures with random events, places and dates."""
    figures = []
    for _ in range(rng.randint(1, 6)):
        value = rng.randint(2, 900)
        figures.append(
            Figure(
                text=str(value),
                low=value,
                high=value,
                point=value,
                qualifier="exact",
                category=rng.choice(("killed", "wounded")),
                subject=rng.choice(SUBJECTS),
                attribution=rng.choice((0, 0, 1, None)),
                stated_on=rng.choice(DAYS) if rng.random() < 0.3 else None,
                event=rng.choice(KINDS),
                place=rng.choice(PLACES),
            )
        )
    attributions = [
        Attribution("Officials", "said", "figures", "indirect", source_entity="Officials"),
        Attribution(
            "The army",
            "denied",
            "figures",
            "indirect",
            source_entity="The army",
            modality=rng.choice(("denied", "said")),
        ),
    ]
    published = rng.choice(DAYS[:5])
    article = Article(
        text=f"Bulletin {n} of {rng.random()}: officials gave figures on {published}.",
        outlet=rng.choice(("Harbor Ledger", "Valley Post")),
        published=published,
    )
    return Report(article, attributions=attributions, figures=figures)


def expected(store: Store, population: str) -> dict[int, str]:
    """{figure id: label} by `link_events` over the population's points, read back."""
    claims = population_claims(store, population)
    claims.sort(key=lambda c: (c.article_id, c.position))
    points = [(c.article_id, c.event_kind, c.place, c.claim_date) for c in claims]
    return {c.figure_id: e for c, e in zip(claims, link_events(points), strict=True)}


def assert_labels_match(store: Store, rng: random.Random) -> None:
    for population in store.populations():
        want = expected(store, population)
        index = event_index(store, population)
        assert index.labels_of(want) == want, population
        for size in (1, 5):  # a few: read by id (most of them: one scan of the population)
            some = rng.sample(sorted(want), min(size, len(want)))
            assert event_index(store, population).labels_of(some) == {i: want[i] for i in some}


def kept_state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.connect() as conn:
        return {t.name: sorted(tuple(row) for row in conn.execute(select(t))) for t in EVENT_TABLES}


@pytest.mark.parametrize("seed", range(4))
def test_labels_read_are_those_link_events_gives(store_url: str, seed: int) -> None:
    rng = random.Random(seed)
    with store_of(store_url, [generated(rng, n) for n in range(30)]) as store:
        assert_labels_match(store, rng)
        kept = kept_state(store)
        with store.engine.begin() as conn:
            rebuild_event_keys(conn)
        assert kept_state(store) == kept  # what the writes kept is what a rebuild builds


@pytest.mark.parametrize("seed", range(3))
def test_labels_stay_exact_after_re_extracting_articles(store_url: str, seed: int) -> None:
    rng = random.Random(100 + seed)
    reports = [generated(rng, n) for n in range(25)]
    with store_of(store_url, reports) as store:
        for _ in range(8):
            article_id = rng.randint(1, len(reports))
            new = generated(rng, article_id)  # its records re-extracted: other figures
            report = Report(reports[article_id - 1].article, new.attributions, new.figures)
            store.replace_records(article_id, report)
            assert_labels_match(store, rng)
        kept = kept_state(store)
        with store.engine.begin() as conn:
            rebuild_event_keys(conn)
        assert kept_state(store) == kept


def war_article(published: str, *places: str, extra: list[Figure] | None = None) -> Report:
    figures = [
        Figure(str(n), n, n, "exact", "killed", "Freedonian soldiers", point=n, event="war",
               place=place)
        for n, place in enumerate(places, start=10)
    ] + (extra or [])  # fmt: skip
    text = f"On {published} officials counted the dead in {', '.join(places)}."
    return Report(Article(text=text, outlet="Valley Post", published=published), figures=figures)


def test_two_theatres_join_when_one_article_names_both(store_url: str) -> None:
    reports = [
        war_article("2025-01-02", "Kursk", "Belgorod", "Kursk"),
        war_article("2025-01-03", "Donetsk", "Avdiivka", "Donetsk"),
        war_article("2025-01-04", "Belgorod"),
    ]
    with store_of(store_url, reports) as store:
        (population,) = store.populations()
        assert set(event_index(store, population).labels_of(range(1, 9)).values()) == {
            "war in Kursk",
            "war in Donetsk",
        }
        # a place with no kind takes the war fought there, and joins its article's other
        # war place (Kherson) to that theatre
        no_kind = Figure("7", 7, 7, "exact", "killed", "Freedonian soldiers", point=7,
                         place="avdiivka")  # fmt: skip
        store.add(war_article("2025-01-05", "Kherson", extra=[no_kind]))
        labels = event_index(store, population).labels_of(range(1, 12))
        assert labels[8] == labels[9] == "war in Donetsk"  # Kherson's and the one with no kind
        assert labels == expected(store, population)
        # an article naming Kursk and Donetsk joins the two theatres; Kursk and Donetsk are
        # named three times each, and Kursk first
        store.add(war_article("2025-01-06", "Kursk", "Donetsk"))
        want = expected(store, population)
        assert set(want.values()) == {"war in Kursk"}
        assert event_index(store, population).labels_of(want) == want
        with store.engine.connect() as conn:
            theatres = set(conn.scalars(text("SELECT DISTINCT theatre FROM event_theatres")))
        assert theatres == {"avdiivka"}  # relabelled to the theatre's lowest place key


def test_a_store_from_before_the_keys_is_migrated_to_the_same_keys(store_url: str) -> None:
    rng = random.Random(7)
    with store_of(store_url, [generated(rng, n) for n in range(30)]) as store:
        kept = kept_state(store)
        with store.engine.begin() as conn:
            days = conn.execute(text("SELECT id, claim_day FROM figures ORDER BY id")).all()
            for table in EVENT_TABLES:
                conn.execute(text(f"DROP TABLE {table.name}"))
            conn.execute(text("DROP INDEX ix_figures_population_day"))
            conn.execute(text("DROP INDEX ix_figures_claim_day"))  # migration 15's
            conn.execute(text("ALTER TABLE figures DROP COLUMN claim_day"))
            conn.execute(text("DELETE FROM schema_migrations WHERE version IN (12, 15)"))
    with open_store(store_url) as store:  # as reportedly before migration 12 left it
        assert kept_state(store) == kept
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT id, claim_day FROM figures ORDER BY id")).all() == days
        assert_labels_match(store, rng)


def test_claim_day_is_the_stated_date_else_the_published_day(store_url: str) -> None:
    figures = [
        Figure("3", 3, 3, "exact", "killed", "civilians", point=3, stated_on="2025-02"),
        Figure("4", 4, 4, "exact", "killed", "civilians", point=4),
    ]
    article = Article(text="Three, then four died.", published="2025-02-14T09:30:00Z")
    with store_of(store_url, [Report(article, figures=figures)]) as store:
        with store.engine.connect() as conn:
            days = conn.scalars(text("SELECT claim_day FROM figures ORDER BY position")).all()
        assert days == ["2025-02", "2025-02-14"]


def test_a_figure_held_by_a_denial_has_no_label(store_url: str) -> None:
    denied = Attribution("The army", "denied", "x", "indirect", modality="denied")
    figures = [
        Figure("5", 5, 5, "exact", "killed", "civilians", point=5, attribution=0, event="war"),
        Figure("6", 6, 6, "exact", "killed", "civilians", point=6, event="war", place="Kursk"),
    ]
    article = Article(text="The army denied five died; six died in Kursk.", published="2025-01")
    with store_of(store_url, [Report(article, [denied], figures)]) as store:
        (population,) = store.populations()
        assert event_index(store, population).labels_of([1, 2, 99]) == {2: "war in Kursk"}
