"""The quantity view: what `figures --quantity` and `quantities` show, as records.

`quantity_views(store, name)` reads the figures of the quantity's population
by index (every category and span: the checks compare killed with casualties),
places them as claims, links their events among themselves (`link_events` runs
on that population only, so its cost is bounded by the population, not by the
store), and returns one `QuantityView` per event of the named quantity: the
timeline rows (statements, equal claims in syndicated copies folded, with their
independent corroboration), the bands per date and the flags of the checks.

`quantity_list(store)` counts claims, statements, reports, outlets and
claimants per quantity in the database (`Store.quantity_groups`); its event is
the one extraction gave each figure (kind and place), not linked across
articles, so a place named in one article and left out in another are two rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportedly.analyse.bands import bands
from reportedly.analyse.checks import Flag, check
from reportedly.analyse.events import event_label
from reportedly.analyse.quantities import Quantity, parse_quantity
from reportedly.analyse.summary import by_event
from reportedly.analyse.syndication import CREDIBILITY, Statement, corroborate, merge_equal
from reportedly.analyse.timelines import Claim, build_claims, timeline


@dataclass(frozen=True)
class QuantityView:
    """One quantity (one event) as the analyst reads it."""

    quantity: Quantity
    rows: list[dict[str, Any]]  # one per statement, by claim date
    bands: list[dict[str, Any]]  # one per claim date
    flags: list[dict[str, str]]  # {"check", "message"}
    statements: list[Statement]  # what the rows were made from (for a plot)


def population_claims(store: Any, population: str) -> list[Claim]:
    """Every figure of one population as a Claim, events linked within the population."""
    figures = store.population_figures(population)
    if not figures:
        return []
    attributions = store.population_attributions(population)
    clusters = {f["article_id"]: f["cluster_id"] for f in figures}
    return build_claims(figures, attributions, clusters)


def statement_rows(statements: list[Statement]) -> list[dict[str, Any]]:
    """Timeline rows: each statement's first claim, its articles, reports and grade."""
    rows = []
    for found in corroborate(statements):
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


def _view(found: list[Claim], flagged: list[Flag], quantity: Quantity) -> QuantityView:
    """The view of one quantity (one event) from its claims, by claim date."""
    statements = merge_equal(found)
    flags = [
        {"check": f.check, "message": f.message}
        for f in flagged
        if any(c.quantity == quantity for c in f.claims)
    ]
    return QuantityView(
        quantity=quantity,
        rows=statement_rows(statements),
        bands=[b.__dict__ for b in bands(statements)],
        flags=flags,
        statements=statements,
    )


def quantity_views(store: Any, name: str) -> list[QuantityView]:
    """One view per event of the quantity `name` ("north korean soldiers killed", with
    "[event]" for one event), the most claimed first; [] when no figure measures it.
    A name that gives no category is a ValueError."""
    quantity = parse_quantity(name)
    claims = population_claims(store, quantity.population)
    per_event: dict[Quantity, list[Claim]] = {}
    for claim in timeline(claims, quantity):  # by date: each event's claims stay in order
        per_event.setdefault(claim.quantity, []).append(claim)
    events = sorted(per_event, key=lambda q: (-len(per_event[q]), q.event))
    flagged = check(claims) if events else []  # once for the population, shared by its events
    return [_view(per_event[q], flagged, q) for q in events]


def timeline_rows(store: Any, name: str) -> list[dict[str, Any]]:
    """The statements of the quantity `name`, every event together, by claim date."""
    quantity = parse_quantity(name)
    claims = population_claims(store, quantity.population)
    return statement_rows(merge_equal(timeline(claims, quantity)))


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
