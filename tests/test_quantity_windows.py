"""The quantity view read a window of claim dates at a time, on SQLite and PostgreSQL.

A generated store (a year of claims from five claimants, copies, recalled dates,
strikes in two towns) is viewed whole and window by window: a window's rows and
bands are the whole view's of its dates, its flags those of its claims (the
documented exceptions: a total that fell from one stated before the window, a
breakdown dated outside the window of its whole), its event labels the whole
population's. Then the default window of a large
quantity, the CLI's note, and the web page's and the API's window parameters on a
real `reportedly serve`."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from typer.testing import CliRunner

from analysis_data import copy_of, figure, population_claims, said, store_of
from reportedly.analyse.checks import check
from reportedly.analyse.events import event_index
from reportedly.app import quantities
from reportedly.app.quantities import Window, quantity_views, timeline_rows
from reportedly.cli import app
from reportedly.model import Report
from reportedly.store import Store, open_store
from stores import STORES, fresh_store
from web_server import serving

NAME = "freedonian soldiers killed"
POPULATION = "freedonian soldiers"
CLAIMANTS = ("Ministry", "Rebels", "Governor", "Red Cross", None)  # None: the outlet's own voice
OUTLETS = ("Harbor Ledger", "Northern Times", "Capital Review", "Valley Post")
WINDOWS = [
    ("2024-03-01", "2024-03-31"),
    ("2024-06-10", "2024-07-20"),
    ("2024-01-01", "2024-02-15"),
    ("2024-11-15", None),
    (None, "2024-02-29"),
    ("2024-05", "2024-05"),
]


def generated() -> list[Report]:
    """A year of reports: tallies that mostly grow, sometimes fall, with injured and
    casualties on the same day, a fifth recalled from earlier, a quarter about strikes in
    one of two towns, a fifth copied by a second outlet."""
    rng = random.Random(7)
    reports: list[Report] = []
    for i in range(220):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        claimant = rng.choice(CLAIMANTS)
        killed = 40 + day.timetuple().tm_yday * 3 + rng.randrange(60)
        if rng.random() < 0.15:
            killed //= 3  # a total that falls: a cumulative drop
        stated = None
        if rng.random() < 0.2:
            stated = (day - timedelta(days=rng.randrange(1, 60))).isoformat()
        found = [
            figure(killed, "killed", stated_on=stated),
            figure(killed * 2, "injured", stated_on=stated),
        ]
        if rng.random() < 0.3:  # sometimes more killed than casualties: a flag
            found.append(figure(killed + rng.choice([-5, 5]) * 10, "casualties", stated_on=stated))
        if rng.random() < 0.25:
            place = rng.choice(["Port Vale", "Hill Town"])
            for f in found:
                f.event, f.place = "strike", place
        report = said(claimant, day.isoformat(), rng.choice(OUTLETS), found, story=f"s{i}")
        reports.append(report)
        if rng.random() < 0.2:
            reports.append(copy_of(report, "Eastern Dispatch"))
    return reports


@pytest.fixture(scope="module", params=STORES)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_store(request, tmp_path_factory.mktemp("windows")) as url:
        store_of(url, generated()).close()
        yield url


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[Store]:
    with open_store(db, read_only=True) as opened:
        yield opened


def _bounds(window: Window) -> tuple[str | None, str | None]:
    return window.since, window.until


@pytest.mark.parametrize(("since", "until"), WINDOWS)
def test_a_window_shows_the_whole_views_rows_and_bands_of_its_dates(
    store: Store, since: str | None, until: str | None
) -> None:
    whole = {v.quantity: v for v in quantity_views(store, NAME)}
    assert all(v.window.whole for v in whole.values())  # a small quantity is shown whole
    shown = {v.quantity: v for v in quantity_views(store, NAME, since=since, until=until)}
    window = next(iter(shown.values())).window
    expected = {}
    for q, view in whole.items():
        rows = [r for r in view.rows if window.covers(r["claim_date"])]
        bands = [b for b in view.bands if window.covers(b["date"])]
        if rows:
            expected[q] = (rows, bands)
    assert {q: (v.rows, v.bands) for q, v in shown.items()} == expected
    assert sum(len(rows) for rows, _ in expected.values()) >= 5  # a window of real rows
    assert window.claims == sum(len(s.claims) for v in shown.values() for s in v.statements)
    assert timeline_rows(store, NAME, since=since, until=until) == [
        r for r in timeline_rows(store, NAME) if window.covers(r["claim_date"])
    ]


@pytest.mark.parametrize(("since", "until"), WINDOWS)
def test_a_windows_flags_are_those_of_its_claims(
    store: Store, since: str | None, until: str | None
) -> None:
    """Every flag of the whole view whose claims all lie in the window is the window's;
    the window's other flags are cumulative drops from a total stated before it, flagged
    against the highest total within the window (the documented exception)."""
    views = quantity_views(store, NAME, since=since, until=until)
    window = views[0].window
    got = {(f["check"], f["message"]) for v in views for f in v.flags}
    within, straddling = set(), set()
    for flag in check(population_claims(store, POPULATION)):
        if not any(c.quantity.category == "killed" for c in flag.claims):
            continue  # a flag of the other quantities of the population
        dated = [window.covers(c.claim_date) for c in flag.claims]
        (within if all(dated) else straddling).add((flag.check, flag.message))
    assert within <= got
    extra = got - within
    assert all(check_name == "cumulative_drop" for check_name, _ in extra)
    assert within  # the window has flags of its own: the comparison is not of empty sets


def test_a_windows_events_are_labelled_as_in_the_whole_population(store: Store) -> None:
    claims = population_claims(store, POPULATION)  # events linked over every claim
    labels = event_index(store, POPULATION).labels_of(c.figure_id for c in claims)
    assert labels == {c.figure_id: c.quantity.event for c in claims}
    found = Counter(label for label in labels.values() if "(" in label)
    assert len(found) > 2  # strikes three days apart are other events, labelled by month
    label = found.most_common(1)[0][0]  # "strike in Hill Town (2024-05)"
    month = label[-8:-1]
    (whole,) = quantity_views(store, f"{NAME} [{label}]")
    (shown,) = quantity_views(store, f"{NAME} [{label}]", since=month, until=month)
    assert shown.quantity == whole.quantity
    assert shown.rows == [r for r in whole.rows if r["claim_date"].startswith(month)]


def test_a_total_that_fell_from_before_the_window_is_not_flagged_in_it(store_url: str) -> None:
    reports = [
        said("Ministry", "2025-01-10", "Harbor Ledger", [figure(100, "killed")]),
        said("Ministry", "2025-02-10", "Harbor Ledger", [figure(50, "killed")], story="b"),
    ]
    with store_of(store_url, reports) as store:
        (whole,) = quantity_views(store, NAME)
        (february,) = quantity_views(store, NAME, since="2025-02-01")
        (both,) = quantity_views(store, NAME, since="2025-01-01", until="2025-02-28")
    drop = {"check": "cumulative_drop", "message": f"Ministry: {NAME} fell from 100 "
            "(2025-01-10) to 50 (2025-02-10)"}  # fmt: skip
    assert whole.flags == [drop] and both.flags == [drop]
    assert february.flags == []
    assert [r["claim_date"] for r in february.rows] == ["2025-02-10"]
    assert [b["claimants"] for b in february.bands] == [("Ministry",)]  # the latest one only


def test_a_band_takes_each_claimants_latest_claim_from_the_weeks_before_the_window(
    store_url: str,
) -> None:
    """The lookback past the corroboration margin is read as each claimant's latest claims:
    the highest of a day, a denial passed over, one too old for a band left out."""
    denial = said("Rebels", "2025-01-22", "Valley Post", [figure(200, "killed")], story="d")
    denial.attributions[0].modality = "denied"
    reports = [
        said("Governor", "2024-12-20", "Harbor Ledger", [figure(60, "killed")], story="a"),
        said("Ministry", "2025-01-05", "Harbor Ledger", [figure(80, "killed")], story="b"),
        said("Rebels", "2025-01-08", "Northern Times", [figure(70, "killed")], story="c"),
        said("Ministry", "2025-01-20", "Capital Review", [figure(90, "killed")], story="e"),
        said("Ministry", "2025-01-20", "Valley Post", [figure(95, "killed")], story="f"),
        denial,
        said("Red Cross", "2025-02-10", "Northern Times", [figure(100, "killed")], story="g"),
    ]
    with store_of(store_url, reports) as store:
        (whole,) = quantity_views(store, NAME)
        (shown,) = quantity_views(store, NAME, since="2025-02-01")
    (band,) = shown.bands
    assert band == next(b for b in whole.bands if b["date"] == "2025-02-10")
    assert band["claimants"] == ("Ministry", "Rebels", "Red Cross")
    assert (band["conservative"], band["best"], band["high"]) == (70, 95, 100)


def test_corroboration_from_before_a_window_passes_over_a_claim_of_its_own_article(
    store_url: str,
) -> None:
    """Of a claimant's claims before the window, the nearest counts; when the nearest is in
    the article of the window's claim (a report recalling what it repeats), the next one."""
    recalled = [
        figure(100, "killed", attribution=None),
        figure(100, "killed", stated_on="2025-02-07"),
    ]
    reports = [
        said("Rebels", "2025-01-31", "Harbor Ledger", [figure(100, "killed")], story="a"),
        said("Rebels", "2025-02-10", "Northern Times", recalled, story="b"),
    ]
    with store_of(store_url, reports) as store:
        (whole,) = quantity_views(store, NAME)
        (shown,) = quantity_views(store, NAME, since="2025-02-08")
    (row,) = shown.rows
    assert row["own_voice"] and row["agreeing"] == ["Rebels"]
    assert row == next(r for r in whole.rows if r["claim_date"] == "2025-02-10")


def test_a_breakdown_dated_outside_the_window_of_its_whole_is_not_added_to_it(
    store_url: str,
) -> None:
    parts = [
        figure(100, "killed"),
        figure(60, "killed", part_of=0, stated_on="2025-01-20"),
        figure(50, "killed", part_of=0, stated_on="2025-01-20"),
    ]
    with store_of(store_url, [said("Ministry", "2025-02-10", "Harbor Ledger", parts)]) as store:
        flags = {
            (since, until): [f["check"] for v in quantity_views(store, NAME, since=since,
                             until=until) for f in v.flags]
            for since, until in [(None, None), ("2025-01", "2025-02"), ("2025-02", None),
                                 (None, "2025-01")]
        }  # fmt: skip
    assert flags[None, None] == flags["2025-01", "2025-02"] == ["parts_exceed_whole"]
    assert flags["2025-02", None] == flags[None, "2025-01"] == []


def _views_as_read(store: Store, name: str) -> list[tuple[Any, ...]]:
    return [(v.quantity, v.rows, v.bands, v.flags, v.window) for v in quantity_views(store, name)]


def _every_figure_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The view as it was read before it was bounded: every claim of the population."""
    monkeypatch.setattr(
        quantities, "window_claims", lambda store, q, window: population_claims(store, q.population)
    )


@pytest.mark.parametrize("category", ["killed", "injured", "casualties"])
def test_the_whole_view_reads_what_the_whole_population_gave(
    store: Store, category: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quantity shown whole (no bound) reads its own claims and those its checks compare
    them with, not its population: its rows, bands and flags are those the population's
    every claim gave (casualties: a small quantity beside two large ones)."""
    name = f"{POPULATION} {category}"
    bounded = _views_as_read(store, name)
    _every_figure_read(monkeypatch)
    assert bounded == _views_as_read(store, name)
    assert bounded and all(window.whole for *_, window in bounded)
    assert any(flags for _, _, _, flags, _ in bounded) or category == "injured"


def test_a_small_quantity_beside_a_big_one_is_read_as_the_whole_population_gave(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few missing and casualties, and a breakdown, among many killed: each small
    quantity's whole view (its same-day checks against killed and injured of other
    articles, its parts) equals the one read from every claim of the population."""
    reports = [
        said(
            CLAIMANTS[i % 4],
            (date(2025, 1, 1) + timedelta(days=i)).isoformat(),
            OUTLETS[i % 4],
            [figure(100 + 10 * i, "killed"), figure(300 + i, "injured")],
            story=f"k{i}",
        )
        for i in range(60)
    ]
    reports += [
        said("Ministry", "2025-01-05", "Valley Post", [figure(90, "casualties")], story="c1"),
        said("Rebels", "2025-01-10", "Valley Post", [figure(900, "casualties")], story="c2"),
        said("Governor", "2025-02-01", "Harbor Ledger", [figure(7, "missing")], story="m1"),
        said("Governor", "2025-02-20", "Harbor Ledger", [figure(3, "missing")], story="m2"),
        said(
            "Red Cross",
            "2025-02-11",
            "Capital Review",
            [
                figure(40, "casualties"),
                figure(30, "killed", part_of=0),
                figure(20, "injured", part_of=0),
            ],
            story="p1",
        ),
    ]
    with store_of(store_url, reports) as store:
        names = [f"{POPULATION} {c}" for c in ("casualties", "missing", "killed", "injured")]
        bounded = {name: _views_as_read(store, name) for name in names}
        flags = {f["check"] for views in bounded.values() for *_, fs, _ in views for f in fs}
        with monkeypatch.context() as patched:
            _every_figure_read(patched)
            assert bounded == {name: _views_as_read(store, name) for name in names}
    assert {"killed_exceeds_casualties", "parts_exceed_whole", "cumulative_drop"} <= flags


def test_the_default_window_of_a_large_quantity_holds_its_latest_claims(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = sorted(
        c.claim_date or ""
        for c in population_claims(store, POPULATION)
        if c.quantity.category == "killed"
    )
    whole = {v.quantity: v for v in quantity_views(store, NAME)}
    monkeypatch.setattr(quantities, "PAGE_CLAIMS", 40)
    views = quantity_views(store, NAME)
    window = views[0].window
    assert _bounds(window) == (every[-40], None)  # from the claim day of the 40th latest
    assert window.claims == sum(1 for day in every if day >= every[-40]) >= 40
    assert (window.first_date, window.last_date, window.total_claims) == (
        every[0], every[-1], len(every)
    )  # fmt: skip
    assert window.later is None
    assert window.earlier is not None and window.earlier[1] < window.since
    for view in views:
        assert view.rows == [r for r in whole[view.quantity].rows if window.covers(r["claim_date"])]
    monkeypatch.setattr(quantities, "PAGE_CLAIMS", len(every))
    assert all(v.window.whole for v in quantity_views(store, NAME))  # at most a page: whole


@pytest.mark.parametrize(
    ("since", "until", "error"),
    [
        ("2024-13", None, "since: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2024-13'"),
        (None, "soon", "until: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'soon'"),
        ("2024-05-02", "2024-05-01", "since 2024-05-02 is after until 2024-05-01"),
    ],
)
def test_a_bad_window_is_a_one_line_error(
    store: Store, since: str | None, until: str | None, error: str
) -> None:
    with pytest.raises(ValueError) as raised:
        quantity_views(store, NAME, since=since, until=until)
    assert str(raised.value) == error


def test_the_cli_prints_the_window_and_how_to_see_more(db: str) -> None:
    result = CliRunner().invoke(
        app,
        ["figures", "--quantity", NAME, "--since", "2024-03-01", "--until", "2024-03-31",
         "--db", db],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{NAME}: claims by date" in result.stdout
    assert "2024-04-" not in result.stdout and "2024-02-" not in result.stdout
    with open_store(db, read_only=True) as store:
        window = quantity_views(store, NAME, since="2024-03-01", until="2024-03-31")[0].window
    assert window.note.startswith("showing 2024-03-01 to 2024-03-31 of ")
    assert result.stderr == (
        f"{window.note}; earlier with --since 2024-01-30 --until 2024-02-29; "
        "later with --since 2024-04-01 --until 2024-05-01\n"
    )
    whole = CliRunner().invoke(app, ["figures", "--quantity", NAME, "--db", db])
    assert whole.exit_code == 0 and whole.stderr == ""  # the whole quantity: no note
    empty = CliRunner().invoke(
        app, ["figures", "--quantity", NAME, "--since", "2030-01-01", "--db", db]
    )
    assert empty.exit_code == 1
    assert empty.stderr == f"error: no claims of {NAME!r} dated 2030-01-01 to ...\n"


@pytest.fixture(scope="module")
def base(db: str) -> Iterator[str]:
    with serving(db) as url:
        yield url


def _get(base: str, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{base}{path}", params=params or None, timeout=60)


def test_the_web_page_shows_a_window_with_links_to_its_neighbours(base: str, store: Store) -> None:
    path = f"/quantities/{quote(NAME)}"
    page = _get(base, path, since="2024-03-01", until="2024-03-31")
    assert page.status_code == 200, page.text
    (view, *_) = quantity_views(store, NAME, since="2024-03-01", until="2024-03-31")
    assert f"{view.window.note}." in page.text
    assert f'rel="prev" href="{path}?since=2024-01-30&amp;until=2024-02-29"' in page.text
    assert f'rel="next" href="{path}?since=2024-04-01&amp;until=2024-05-01"' in page.text
    assert "2024-04-02" not in page.text.split('class="window"')[1]  # the window's rows only
    whole = _get(base, path)
    assert whole.status_code == 200 and 'class="window"' not in whole.text
    bad = _get(base, path, since="2024-02-30")
    assert bad.status_code == 422
    assert "since: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got &#39;2024-02-30&#39;" in (
        bad.text
    )


def test_the_api_answers_a_window_and_says_which(base: str, store: Store) -> None:
    path = f"/api/quantities/{quote(NAME)}"
    answer = _get(base, path, since="2024-06-10", until="2024-07-20")
    assert answer.status_code == 200, answer.text
    found = answer.json()
    views = quantity_views(store, NAME, since="2024-06-10", until="2024-07-20")
    window = views[0].window
    assert found["window"] == {
        "since": "2024-06-10",
        "until": "2024-07-20",
        "first_date": window.first_date,
        "last_date": window.last_date,
        "total_claims": window.total_claims,
        "claims": window.claims,
        "earlier": ["2024-04-30", "2024-06-09"],
        "later": ["2024-07-21", "2024-08-30"],
    }
    assert [e["quantity"] for e in found["events"]] == [v.quantity.name for v in views]
    assert [len(e["rows"]) for e in found["events"]] == [len(v.rows) for v in views]
    for params, detail in [
        ({"since": "June"}, "since: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'June'"),
        ({"since": "2024-07", "until": "2024-06"}, "since 2024-07 is after until 2024-06"),
    ]:
        bad = _get(base, path, **params)
        assert (bad.status_code, bad.json()["detail"]) == (422, detail)


def test_the_api_schema_documents_the_window(base: str) -> None:
    schema = _get(base, "/api/openapi.json").json()
    route = schema["paths"]["/api/quantities/{name}"]["get"]
    assert {p["name"] for p in route["parameters"]} >= {"name", "since", "until"}
    assert "window" in schema["components"]["schemas"]["QuantityView"]["required"]
