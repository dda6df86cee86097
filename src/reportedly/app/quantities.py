"""The quantity view: what `figures --quantity` and `quantities` show, as records.

`quantity_views(store, name, since=, until=)` shows the claims of the quantity
dated in a window [since, until] (ISO dates, inclusive, either open): one
`QuantityView` per event of the named quantity, the timeline rows (statements,
equal claims in syndicated copies folded, with their independent
corroboration), the bands per date and the flags of the checks. It reads the
quantity's own claims in the window and what its rows need from around it: per
claimant and event, its claims nearest the window within `syndication.WINDOW_DAYS`
either side (a statement is corroborated by each other claimant's nearest one) and
its latest within the `bands.MAX_AGE_DAYS` before it (a claimant's latest statement
up to that old counts on a date: a band needs no earlier one; `quantity_timeline`,
which has no bands, reads no further back than the corroboration); of the rest of
its population, only what the checks compare its claims with: the
other figures of the articles holding them (a breakdown and its whole) and, for a
total killed, injured or casualties, the population's totals of the other two on
the days of its claims (`window_claims`). Its events are labelled as linking the
whole population labels them (`analyse.events.event_index`), so the cost of a
view is bounded by the quantity's claims in its window, never by its population.
With neither bound, the view is the whole quantity when it has at most
`PAGE_CLAIMS` claims (read the same way, over every date), else its latest
window holding about that many (its start read in SQL). `Window` says which
window a view shows and what the quantity has in all, and names the windows
before and after it.

A window's rows and bands are the whole view's of its dates. Its flags are the
checks over its claims, so a flag whose claims straddle the window's edge
differs: a claimant's total that fell from one stated before the window is
flagged against the highest of its totals within the window, or not at all; a
breakdown dated outside the window of its whole is not added to it. A
spokesperson is known as her body's voice (one claimant for corroboration) from
the articles read: those of the quantity's claims and of the claims its checks
compare them with.

`quantity_list(store)` counts claims, statements, reports, outlets and
claimants per quantity in the database (`Store.quantity_groups`); its event is
the one extraction gave each figure (kind and place), not linked across
articles, so a place named in one article and left out in another are two rows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from reportedly.analyse.bands import MAX_AGE_DAYS, bands
from reportedly.analyse.checks import SAME_DAY_CATEGORIES, Flag, check
from reportedly.analyse.events import EventIndex, event_index, event_label
from reportedly.analyse.quantities import Quantity, parse_quantity
from reportedly.analyse.summary import by_event
from reportedly.analyse.syndication import (
    CREDIBILITY,
    WINDOW_DAYS,
    Statement,
    corroborate,
    merge_equal,
)
from reportedly.analyse.timelines import (
    Claim,
    build_claims,
    claim_date_of,
    claimant_key,
    timeline,
    voice_words,
)
from reportedly.store.dates import bounds, first_day, in_bounds, parse_period

PAGE_CLAIMS = 1_000  # claims of a quantity shown whole; past them, its latest window


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Window:
    """The claim dates a view shows (ISO days, inclusive; None: open) and what the
    quantity (every event of its population, category and span) has in all."""

    since: str | None
    until: str | None
    first_date: str | None  # the quantity's first and last claim date
    last_date: str | None
    total_claims: int  # the quantity's claims, every date
    claims: int = 0  # the claims shown

    @property
    def whole(self) -> bool:
        """Every claim: no bound."""
        return self.since is None and self.until is None

    def covers(self, day: str | None) -> bool:
        """Whether a claim dated `day` is in the window, as the store's `date_range` keeps
        it (a partial date counts as its first day: "2025-03" is in since=2025-03-01, not
        in since=2025-03-02); an undated claim only in a whole view."""
        return self.whole or in_bounds(day, *self._bounds)

    @cached_property
    def _bounds(self) -> tuple[str | None, str | None]:
        return bounds(self.since, self.until)

    @property
    def shown(self) -> tuple[str | None, str | None]:
        """The first and last day shown: the bounds, else the quantity's own."""
        return self.since or self.first_date, self.until or self.last_date

    def _days(self) -> int:
        start, end = (first_day(day) for day in self.shown)
        return max((end - start).days + 1, 1) if start and end else 1

    @property
    def earlier(self) -> tuple[str, str] | None:
        """(since, until) of the window as long as this one before it, if it holds claims."""
        if self.since is None or self.first_date is None or self.first_date >= self.since:
            return None
        return _shift(self.since, -self._days()), _shift(self.since, -1)

    @property
    def later(self) -> tuple[str, str] | None:
        """(since, until) of the window as long as this one after it, if it holds claims."""
        if self.until is None or self.last_date is None or self.covers(self.last_date):
            return None
        return _shift(self.until, 1), _shift(self.until, self._days())

    @property
    def neighbours(self) -> dict[str, tuple[str, str]]:
        """{"earlier": (since, until), "later": ...}: those of the two that hold claims."""
        found = {"earlier": self.earlier, "later": self.later}
        return {label: days for label, days in found.items() if days is not None}

    @property
    def note(self) -> str:
        """ "showing 2025-03-01 to 2025-06-30 of 2023-01-05 to 2025-06-30 (2,004 of
        145,829 claims)" """
        (start, end), whole = self.shown, f"{self.first_date} to {self.last_date}"
        return (
            f"showing {start} to {end} of {whole} ({self.claims:,} of {self.total_claims:,} claims)"
        )


@dataclass(frozen=True)
class QuantityView:
    """One quantity (one event) as the analyst reads it, in one window of claim dates."""

    quantity: Quantity
    rows: list[dict[str, Any]]  # one per statement, by claim date
    bands: list[dict[str, Any]]  # one per claim date
    flags: list[dict[str, str]]  # {"check", "message"}
    statements: list[Statement]  # what the rows were made from (for a plot)
    window: Window


@dataclass(frozen=True)
class QuantityTimeline:
    """The statements of a quantity, every event together, in one window of claim dates."""

    window: Window
    rows: list[dict[str, Any]]


def quantity_window(
    store: Any, quantity: Quantity, since: str | None = None, until: str | None = None
) -> Window:
    """The window [since, until] (YYYY, YYYY-MM or YYYY-MM-DD, inclusive) of the quantity,
    as ISO days; with neither, the whole quantity when it has at most `PAGE_CLAIMS` claims,
    else the window from the claim day of its `PAGE_CLAIMS`th latest claim. A bad date, or
    `since` after `until`, is a ValueError naming it."""
    start = parse_period(since, "since")[0].isoformat() if since else None
    end = (parse_period(until, "until")[1] - timedelta(days=1)).isoformat() if until else None
    if start and end and start > end:
        raise ValueError(f"since {since} is after until {until}")
    extent = store.quantity_extent(quantity.population, quantity.category, quantity.span)
    if start is None and end is None and extent["claims"] > PAGE_CLAIMS:
        day = store.nth_latest_day(
            quantity.population, quantity.category, quantity.span, PAGE_CLAIMS
        )
        found = first_day(day)
        if found is not None:  # a partial day ("2025-03") is in a window from its first day
            start = found.isoformat()
    return Window(start, end, extent["first_date"], extent["last_date"], extent["claims"])


def window_claims(
    store: Any, quantity: Quantity, window: Window, *, for_bands: bool = True
) -> list[Claim]:
    """The claims the view of the quantity in the window reads, events labelled as in the
    whole population: the quantity's own in the window; of its margins, what the window's
    rows take from them (`_margins`: per claimant and event, the statements nearest the
    window within `WINDOW_DAYS` either side, the corroboration, and, `for_bands`, the
    latest of the `MAX_AGE_DAYS` before it); the other figures of its population dated in
    the window in the articles holding its claims there (a breakdown and its whole), and,
    for a total killed, injured or casualties, the population's totals of the other two on
    the days of its claims (what `checks` compares them with). Who speaks for whom is
    read from every article of the quantity's claims in the window and its margins. No
    read is of the whole population."""
    population = quantity.population
    key = {"category": quantity.category, "span": quantity.span}
    own = store.population_figures(population, window.since, window.until, **key)
    if not own:
        return []
    index = event_index(store, population)
    checked = {f["article_id"] for f in own}
    voiced = set(checked)  # the articles whose voice-worded attributions are read
    for since, until, later in _margins(window, for_bands):
        found = store.population_figures(population, since, until, **key, claims_only=True)
        voiced |= {f["article_id"] for f in found}
        own += _nearest(found, index, checked, later=later)
    figures = {f["id"]: f for f in own}
    for f in store.population_figures(
        population, window.since, window.until, article_ids=checked
    ):  # the checks compare the claims in the window only
        figures.setdefault(f["id"], f)
    if quantity.span == "total" and quantity.category in SAME_DAY_CATEGORIES:
        days = {f["claim_day"] for f in own if f["claim_day"] is not None}
        for f in store.population_figures(
            population, window.since, window.until, span="total",
            categories=SAME_DAY_CATEGORIES - {quantity.category}, days=days,
        ):  # fmt: skip
            figures.setdefault(f["id"], f)
    rows = sorted(figures.values(), key=lambda row: (row["article_id"], row["position"]))
    return placed_claims(store, rows, index, voiced=voiced)


def placed_claims(
    store: Any,
    rows: list[dict[str, Any]],
    events: EventIndex,
    bodies: Mapping[str, str] | None = None,
    voiced: Collection[int] = (),
) -> list[Claim]:
    """Figure rows of one population (as `Store.population_figures` reads them) as claims,
    their events labelled as in the whole population (`events`), with what they read of
    their articles' attributions (`Store.article_attributions`: the holders and their
    relays; those worded as another's voice, in their articles and in the articles
    `voiced`, unless `bodies` says who speaks for whom)."""
    holding = {(f["article_id"], f["attribution"]) for f in rows if f["attribution"] is not None}
    article_ids = {f["article_id"] for f in rows} | set(voiced)
    voices = voice_words() if bodies is None else ()
    attributions = store.article_attributions(article_ids, holding, voices)
    clusters = {f["article_id"]: f["cluster_id"] for f in rows}
    labels = events.labels_of(f["id"] for f in rows)
    return build_claims(rows, attributions, clusters, labels, bodies)


def _margins(window: Window, for_bands: bool) -> list[tuple[str, str, bool]]:
    """(since, until, later) of the window's margins: the days before it (`MAX_AGE_DAYS`
    for the bands, else `WINDOW_DAYS`) and the `WINDOW_DAYS` after it, where it has bounds."""
    found = []
    if window.since is not None:
        days = MAX_AGE_DAYS if for_bands else WINDOW_DAYS
        found.append((_shift(window.since, -days), _shift(window.since, -1), False))
    if window.until is not None:
        found.append((_shift(window.until, 1), _shift(window.until, WINDOW_DAYS), True))
    return found


def _nearest(
    rows: list[dict[str, Any]], index: Any, held: set[int], *, later: bool
) -> list[dict[str, Any]]:
    """Of a margin's claim rows (`claims_only`), what the window's rows take from them:
    per claimant and event, those of the claim date nearest the window (`later`: the
    earliest, else the latest), and of the next nearest while the rows kept share an
    article with the window's claims (`held`: corroboration passes over a statement of the
    window's own articles) or give no value (a band takes a claimant's latest value).
    A statement's equal claims share its claimant and date, so each is kept whole."""
    labels = index.labels_of(row["id"] for row in rows)
    groups: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    for row in rows:
        named = row["claimant_entity"] or row["source_entity"] or row["claimant_key"]
        group = groups.setdefault((claimant_key(named), labels.get(row["id"], "")), {})
        group.setdefault(claim_date_of(row) or "", []).append(row)
    kept: list[dict[str, Any]] = []
    for days in groups.values():
        valued = False
        for day in sorted(days, reverse=not later):
            kept += days[day]
            valued = valued or any(_valued(row) for row in days[day])
            if valued and not any(row["article_id"] in held for row in days[day]):
                break
    return kept


def _valued(row: dict[str, Any]) -> bool:
    return any(row[k] is not None for k in ("point", "low", "high"))


def statement_rows(
    statements: list[Statement], window: Window | None = None
) -> list[dict[str, Any]]:
    """Timeline rows: each statement's first claim, its articles, reports and grade (those
    dated in `window`; the others only corroborate)."""
    rows = []
    shown = None
    if window is not None:  # the others only corroborate them
        shown = [i for i, s in enumerate(statements) if window.covers(s.claim_date)]
    for found in corroborate(statements, only=shown):
        s = found.statement
        rows.append(
            {
                **s.first.to_row(),
                "article_ids": s.article_ids,
                "outlets": s.outlets,
                "reports": s.reports,
                "independent_claimants": found.independent_claimants,
                "agreeing": list(found.agreeing),
                "contradicting": list(found.contradicting),
                "credibility": found.credibility,
                "credibility_label": CREDIBILITY[found.credibility],
            }
        )
    return rows


def _view(
    found: list[Claim], flagged: list[Flag], quantity: Quantity, window: Window
) -> QuantityView:
    """The view of one quantity (one event) from its claims, by claim date."""
    statements = merge_equal(found)
    flags = [
        {"check": f.check, "message": f.message}
        for f in flagged
        if any(c.quantity == quantity for c in f.claims)
    ]
    return QuantityView(
        quantity=quantity,
        rows=statement_rows(statements, window),
        bands=[b.__dict__ for b in bands(statements) if window.covers(b.date)],
        flags=flags,
        statements=[s for s in statements if window.covers(s.claim_date)],
        window=window,
    )


def quantity_views(
    store: Any, name: str, *, since: str | None = None, until: str | None = None
) -> list[QuantityView]:
    """One view per event of the quantity `name` ("north korean soldiers killed", with
    "[event]" for one event) in the window [since, until] (see the module doc), the most
    claimed first; [] when no figure in it measures it. A name that gives no category, or
    a bad date, is a ValueError."""
    quantity = parse_quantity(name)
    window = quantity_window(store, quantity, since, until)
    claims = window_claims(store, quantity, window) if window.total_claims else []
    per_event: dict[Quantity, list[Claim]] = {}
    for claim in timeline(claims, quantity):  # by date: each event's claims stay in order
        per_event.setdefault(claim.quantity, []).append(claim)
    shown = {q: sum(window.covers(c.claim_date) for c in found) for q, found in per_event.items()}
    events = sorted((q for q in per_event if shown[q]), key=lambda q: (-shown[q], q.event))
    inside = [c for c in claims if window.covers(c.claim_date)]
    flagged = check(inside) if events else []  # once for the population, shared by its events
    window = replace(window, claims=sum(shown.values()))
    return [_view(per_event[q], flagged, q, window) for q in events]


def quantity_timeline(
    store: Any, name: str, *, since: str | None = None, until: str | None = None
) -> QuantityTimeline:
    """The statements of the quantity `name`, every event together, by claim date, in the
    window [since, until] (as `quantity_views` chooses it)."""
    quantity = parse_quantity(name)
    window = quantity_window(store, quantity, since, until)
    claims = window_claims(store, quantity, window, for_bands=False) if window.total_claims else []
    found = timeline(claims, quantity)
    window = replace(window, claims=sum(window.covers(c.claim_date) for c in found))
    return QuantityTimeline(window, statement_rows(merge_equal(found), window))


def timeline_rows(
    store: Any, name: str, *, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """The rows of `quantity_timeline`."""
    return quantity_timeline(store, name, since=since, until=until).rows


def quantity_list(store: Any) -> list[dict[str, Any]]:
    """One row per quantity and event, grouped by event (the most claimed event first),
    the most claimed quantity of each event first (see the module doc)."""
    return by_event([_listed(group) for group in store.quantity_groups()])


def _listed(group: dict[str, Any]) -> dict[str, Any]:
    event = event_label(group["event"], group["place"])
    quantity = Quantity(group["population"], group["category"], group["span"], event)
    return {
        "quantity": quantity.name,
        "population": quantity.population,
        "category": quantity.category,
        "span": quantity.span,
        "event": event,
        "places": group["place"] or "",
        **{
            key: group[key]
            for key in (
                "claims",
                "statements",
                "reports",
                "outlets",
                "claimants",
                "first_date",
                "last_date",
            )
        },
    }
