"""One claim-day rule (store/dates.py) for every claim-date filter, on SQLite and PostgreSQL:
the figures listing's since/until, search's `claimed` filter and facet, a population's
window reads and the quantity view's `Window.covers` keep the same claims. A partial
stated date counts as its first day; a figure without one is dated by its article."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from analysis_data import figure, said
from reportedly.app import quantities
from reportedly.app.quantities import Window
from reportedly.app.search import search
from reportedly.model import Article, Attribution, Report
from reportedly.store import Store, open_store
from reportedly.store.dates import bounds, claim_day, first_day, in_bounds, lowest
from reportedly.store.schema import figures
from stores import STORES, fresh_store

POPULATION = "freedonian soldiers"
# (published, stated_on) of each article's one killed figure, its value the article's number
DATED = [
    ("2024-12-20", "2024-12"),  # stated as a month: counts as 2024-12-01
    ("2025-01-05", "2024"),  # stated as a year: counts as 2024-01-01
    ("2024-12-16", "2024-12-15"),
    ("2024-11-20", None),  # not stated: the article's date
    ("2025-01-03", "2025-01-01"),
    ("2025-02-01T09:30:00", None),  # a timestamp cut to its day
]
UNHELD = "2024-12-02"  # an article whose claim holds no figure: dated by its article
WINDOWS = [
    ("2024-12-01", "2024-12-31"),
    ("2024-12", "2024-12"),
    ("2024-12-02", None),
    ("2024-12-15", "2024-12-15"),
    (None, "2024-11-30"),
    ("2024", "2024"),
    ("2024-01-01", "2024-01-01"),
    ("2025", None),
    ("2025-01-02", "2025-02-01"),
    (None, "2023"),
]


def claim_days() -> list[str | None]:
    return [claim_day(stated, published) for published, stated in DATED]


def kept(since: str | None, until: str | None) -> set[int]:
    """The articles' numbers (1-based) whose claim day's first day is in the window,
    computed from the days themselves (not through `bounds`)."""
    start = date.fromisoformat(lowest_day(since)) if since else date.min
    end = date.fromisoformat(last_day(until)) if until else date.max
    return {
        i + 1
        for i, day in enumerate(claim_days())
        if (found := first_day(day)) is not None and start <= found <= end
    }


def lowest_day(value: str) -> str:
    return (value + "-01-01")[:10]


def last_day(value: str) -> str:
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        after = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(after.toordinal() - 1).isoformat()
    return value


@pytest.fixture(scope="module", params=STORES)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("claimdays")
    with fresh_store(request, folder) as url, open_store(url) as opened:
        for i, (published, stated) in enumerate(DATED):
            opened.add(
                said(
                    f"Ministry {i + 1}",
                    published,
                    "Outlet",
                    [figure(i + 1, "killed", stated_on=stated)],
                )
            )
        text = f"Witnesses said on {UNHELD} that the river rose."
        claim = Attribution("Witnesses", "said", "the river rose", "indirect")
        opened.add(Report(Article(text=text, outlet="Outlet", published=UNHELD), [claim], []))
        yield opened


def test_the_stored_claim_day_keeps_the_stated_precision(store: Store) -> None:
    with store.engine.connect() as conn:
        stored = conn.scalars(select(figures.c.claim_day).order_by(figures.c.article_id)).all()
    assert stored == claim_days()
    assert claim_days() == [
        "2024-12", "2024", "2024-12-15", "2024-11-20", "2025-01-01", "2025-02-01",
    ]  # fmt: skip


@pytest.mark.parametrize(("since", "until"), WINDOWS)
def test_listing_population_reads_and_window_agree(
    store: Store, since: str | None, until: str | None
) -> None:
    expected = kept(since, until)
    listed = {r["low"] for r in store.figures(claimed_since=since, claimed_until=until)}
    read = {r["low"] for r in store.population_figures(POPULATION, since, until)}
    window = Window(
        since=lowest_day(since) if since else None,
        until=last_day(until) if until else None,
        first_date=None,
        last_date=None,
        total_claims=len(DATED),
    )
    covered = {i + 1 for i, day in enumerate(claim_days()) if window.covers(day)}
    assert listed == read == covered == expected


@pytest.mark.parametrize("period", ["2024-12", "2024-12-15", "2024", "2025-01", "2024-11-20"])
def test_search_claimed_keeps_the_same_claims(store: Store, period: str) -> None:
    expected = {f"Ministry {i}" for i in kept(period, period)}
    if in_bounds(UNHELD, *bounds(period, period)):
        expected.add("Witnesses")  # holds no figure: its article's date
    claims = {h["source"] for h in search(store, None, claimed=period).hits if h["type"] == "claim"}
    assert claims == expected


def test_the_claimed_facet_counts_a_partial_date_in_its_first_month(store: Store) -> None:
    months = dict(search(store, None).facets["claimed"])
    # "2024-12", "2024-12-15" and the unheld claim of 2024-12-02; "2024" is January 2024
    assert months == {"2024-12": 3, "2024-01": 1, "2024-11": 1, "2025-01": 1, "2025-02": 1}
    for month, n in months.items():
        assert search(store, None, claimed=month).total == 2 * n  # each claim and its article


def test_the_bounds_of_a_filter() -> None:
    assert lowest("2024-12-01") == "2024-12"
    assert lowest("2024-01-01") == "2024"
    assert lowest("2024-12-15") == "2024-12-15"
    assert bounds("2024-12-01", "2024-11-30") == ("2024-12", "2024-12")
    assert bounds("2024-12-02", "2024-12") == ("2024-12-02", "2025")
    assert not in_bounds(None, None, None)
    assert in_bounds("2024-12", "2024-12", None) and not in_bounds("2024-12", "2024-12-02", None)


def test_the_default_window_starts_at_a_partial_days_first_day(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 4th latest claim is stated as "2024-12": the window of the latest 4 starts on
    2024-12-01, which holds it, and holds no earlier claim."""
    monkeypatch.setattr(quantities, "PAGE_CLAIMS", 4)
    (view,) = quantities.quantity_views(store, f"{POPULATION} killed")
    assert (view.window.since, view.window.until) == ("2024-12-01", None)
    assert view.window.claims == 4
    covered = sorted(day for day in claim_days() if view.window.covers(day))
    assert covered == ["2024-12", "2024-12-15", "2025-01-01", "2025-02-01"]
