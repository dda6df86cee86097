"""Events: figures that count the same people in different events never share a timeline.

Articles written for this test go through the real pipeline into a real store
(SQLite, then PostgreSQL); the quantities are read back from it.
"""

from __future__ import annotations

import pytest

from reportedly.analyse.events import link_events
from reportedly.analyse.quantities import Quantity, parse_quantity
from reportedly.analyse.timelines import load_claims, series, timeline
from reportedly.extract.pipeline import make_doc, to_report
from reportedly.model import Article
from reportedly.store import open_store

pytestmark = pytest.mark.model


def _store(nlp, db: str, articles: list[tuple[str, str]]):
    store = open_store(db)
    for published, text in articles:
        article = Article(text=text, published=published, outlet="Harbor Ledger")
        store.add(to_report(nlp(make_doc(nlp, article)), article))
    return store


def test_three_events_with_one_population_and_category_are_three_quantities(
    nlp, store_url: str
) -> None:
    store = _store(
        nlp,
        store_url,
        [
            ("2025-02-03", "An earthquake killed 120 people in Peru on Sunday, officials said."),
            ("2025-02-04", "The earthquake in Peru has killed 180 people, the ministry said."),
            ("2025-02-10", "An earthquake killed 45 people in Nepal, the army said."),
            ("2025-02-11", "A missile strike killed 9 people in Nepal, police said."),
        ],
    )
    claims = load_claims(store)
    killed = {c.quantity for c in claims if c.quantity.category == "killed"}
    assert killed == {
        Quantity("people", "killed", "total", "earthquake in Peru"),
        Quantity("people", "killed", "total", "earthquake in Nepal"),
        Quantity("people", "killed", "total", "strike in Nepal"),
    }
    peru = timeline(claims, parse_quantity("people killed [earthquake in Peru]"))
    assert [c.low for c in peru] == [120, 180]


def test_six_months_of_a_war_s_losses_are_one_series(nlp, store_url: str) -> None:
    months = ["2024-07-15", "2024-08-15", "2024-09-15", "2024-10-15", "2024-11-15", "2024-12-15"]
    articles = [
        (day, f"The ministry said {100 * (i + 1)} soldiers have been killed in Kursk "
              "since the deployment began.")
        for i, day in enumerate(months)
    ]  # fmt: skip
    claims = load_claims(_store(nlp, store_url, articles))
    assert {c.quantity for c in claims} == {Quantity("soldiers", "killed", "total", "war in Kursk")}
    (line,) = series(claims).values()
    assert [c.low for c in line] == [100, 200, 300, 400, 500, 600]


def test_a_recalled_figure_keeps_its_first_claim_date(nlp, store_url: str) -> None:
    text = (
        "A cyclone struck Mozambique. In May the agency had put the toll at 310. "
        "On Monday the agency said 420 people had died."
    )
    claims = load_claims(_store(nlp, store_url, [("2025-06-12", text)]))
    assert [(c.low, c.claim_date, c.recalled) for c in claims] == [
        (310, "2025-05", True),
        (420, "2025-06-09", False),
    ]


def test_an_earthquake_a_year_later_is_another_event() -> None:
    labels = link_events(
        [
            (1, "earthquake", "Chile", "2024-03-01"),
            (2, "earthquake", "chile", "2024-03-09"),
            (3, "earthquake", "Chile", "2025-04-02"),
            (4, "war", "Sudan", "2024-01-10"),
            (5, "war", "Sudan", "2024-11-10"),
            (6, None, None, "2024-01-10"),
        ]
    )
    assert labels == [
        "earthquake in Chile (2024-03)",
        "earthquake in Chile (2024-03)",
        "earthquake in Chile (2025-04)",
        "war in Sudan",
        "war in Sudan",
        "",
    ]


def test_a_war_fought_in_two_countries_is_one_theatre() -> None:
    labels = link_events(
        [
            (1, "war", "Ukraine", "2024-12-16"),
            (1, "war", "Russia", "2024-12-16"),
            (2, "war", "Russia", "2025-02-01"),
            (2, None, "Russia", "2025-02-01"),  # no kind: the article's kind at that place
            (3, "war", None, "2025-03-01"),  # no place: stays the open war of no place
            (4, "earthquake", "Russia", "2025-03-01"),
            (4, "earthquake", "Ukraine", "2025-03-01"),  # not linked: two earthquakes
        ]
    )
    assert labels == ["war in Russia"] * 4 + [
        "war",
        "earthquake in Russia",
        "earthquake in Ukraine",
    ]
