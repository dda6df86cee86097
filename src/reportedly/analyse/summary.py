"""One row per quantity: how many claims, reports, outlets and independent claimants.

`claims` counts figures in articles (copies included); `statements` equal
claims folded into one; `reports` syndication clusters; `claimants`
independent claimants (claimant keys, never outlets). `latest_*` are the band
of the quantity's last claim date (see bands).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from reportedly.analyse.bands import bands
from reportedly.analyse.quantities import Quantity
from reportedly.analyse.syndication import merge_equal
from reportedly.analyse.timelines import Claim


def quantity_rows(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """One row per quantity, grouped by event (the most-claimed event first), the
    most-claimed quantity of each event first."""
    grouped: dict[Quantity, list[Claim]] = defaultdict(list)
    for claim in claims:
        grouped[claim.quantity].append(claim)
    rows: list[dict[str, Any]] = []
    for quantity, found in grouped.items():
        statements = merge_equal(found)
        dates = sorted(c.claim_date for c in found if c.claim_date)
        band = (bands(statements) or [None])[-1]
        rows.append(
            {
                "quantity": quantity.name,
                "population": quantity.population,
                "category": quantity.category,
                "span": quantity.span,
                "event": quantity.event,
                "places": "; ".join(sorted({c.place for c in found if c.place})),
                "claims": len(found),
                "statements": len(statements),
                "reports": len({c.cluster_id for c in found}),
                "outlets": len({c.outlet for c in found if c.outlet}),
                "claimants": len({c.claimant_key for c in found}),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "latest_conservative": band and band.conservative,
                "latest_low": band and band.low,
                "latest_best": band and band.best,
                "latest_high": band and band.high,
                "latest_disagreement": band and round(band.disagreement, 3),
            }
        )
    return by_event(rows)


def by_event(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quantity rows grouped by event (the most claimed event first), the most claimed
    quantity of each event first; rows without an event last."""
    per_event: Counter[str] = Counter()
    for row in rows:
        per_event[row["event"]] += row["claims"]
    return sorted(
        rows,
        key=lambda r: (
            not r["event"],
            -per_event[r["event"]],
            r["event"],
            -r["claimants"],
            -r["statements"],
            r["quantity"],
        ),
    )
