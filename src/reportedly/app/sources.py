"""Source profiles and one source's history, as records (what `sources` shows).

A profile (per entity across articles with a claim or a figure): claims (its
own, see `store.source_reads`), relayed, figures, first and last seen
(publication dates), the outlets that carried them, the relays they came
through, its reliability grade (Admiralty A-F, default F). The counts are
kept on write (store/entity_counts.py); the outlets and relays are read for
the listed entities only, a page at a time. The entities across articles are
the ones the store keeps current on write; reads never rebuild them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportedly.analyse.quantities import Quantity
from reportedly.analyse.sources import through_whom

PROFILE_PAGE = 200  # profiles read at a time: their outlets and relays are read per page


def source_profiles(
    store: Any, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The profiles, the most-cited first (claims, then figures, then name); a page of
    `limit` rows from `offset` (all with no limit)."""
    return list(iter_source_profiles(store, limit=limit, offset=offset))


def iter_source_profiles(
    store: Any, *, limit: int | None = None, offset: int = 0
) -> Iterator[dict[str, Any]]:
    """`source_profiles` read PROFILE_PAGE at a time (constant memory however many)."""
    left = limit
    while left is None or left > 0:
        size = PROFILE_PAGE if left is None else min(PROFILE_PAGE, left)
        rows = store.source_counts(limit=size, offset=offset)
        yield from _profiled(store, rows)
        if len(rows) < size:
            return
        offset += size
        left = None if left is None else left - size


def _profiled(store: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The counted rows with the outlets and relays of their entities."""
    ids = [row["id"] for row in rows]
    outlets = store.source_outlets(ids) if ids else {}
    relays = store.source_relays(ids) if ids else {}
    return [
        {
            **row,
            "outlets": outlets.get(row["id"], []),
            "relays": [r for r in relays.get(row["id"], []) if r != row["name"]],
        }
        for row in rows
    ]


def source_history(
    store: Any, name: str, *, limit: int | None = None, offset: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The entities named `name` (name or alias, any case, else containing it), their own
    claims (each with `through`) and the figures they claim (each with `quantity`, the
    name of the quantity it measures, or None), both by publication date:
    `limit` of each from `offset`, read as a page from the store (all with no limit)."""
    found = store.entities_named(name)
    ids = [row["id"] for row in found]
    if not ids:
        return [], [], []
    page = {"limit": limit, "offset": offset}
    claims = [
        {**claim, "through": through_whom(claim)} for claim in store.source_claims(ids, **page)
    ]
    figures = [{**row, "quantity": _quantity(row)} for row in store.source_figures(ids, **page)]
    return found, claims, figures


def _quantity(figure: dict[str, Any]) -> str | None:
    """The name of the quantity a figure measures (its page: /quantities/NAME), every event
    of it; None for a figure without a quantity key."""
    if figure["population"] is None:
        return None
    return Quantity(figure["population"], figure["category"], figure["span"] or "total").name


def source_relayed(
    store: Any, entities: list[dict[str, Any]], *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The claims the entities `source_history` found relayed for another claimant, by
    publication date, each with `claimant` (who made it first, as the chain names it)
    and `through` (every relay and wire it came through): `limit` from `offset`, read as
    a page from the store (all with no limit)."""
    ids = [row["id"] for row in entities]
    if not ids:
        return []
    return [
        {**claim, "claimant": _first_claimant(claim), "through": through_whom(claim)}
        for claim in store.source_relayed(ids, limit=limit, offset=offset)
    ]


def _first_claimant(claim: dict[str, Any]) -> str | None:
    """Who made a relayed claim: the chain's claimant link (its entity's name when known),
    else the claim's own claimant entity."""
    for link in claim["chain"]:
        if link["role"] == "claimant":
            return link["canonical"] or link["name"]
    return claim["source_entity"]


def source_totals(store: Any, entities: list[dict[str, Any]]) -> dict[str, Any]:
    """For the entities `source_history` found: how many own claims, relayed claims and
    figures they have in all (`claims`, `relayed`, `figures`) and the outlets that
    carried them (`outlets`), read from the counts kept on write, so a page of a large
    history can say what it is part of."""
    ids = [row["id"] for row in entities]
    outlets = sorted({o for found in store.source_outlets(ids).values() for o in found})
    return {**store.source_totals(ids), "outlets": outlets}
