"""One row per quantity: how many claims, reports, outlets and independent claimants.

`claims` counts figures in articles (copies included); `statements` equal
claims folded into one; `reports` syndication clusters; `claimants`
independent claimants (claimant keys, never outlets). `latest_*` are the band
of the quantity's last claim date (see bands).

`QuantityTally` gathers the rows from statements given a batch at a time (the
export's windows of claim dates; each batch holds every claim of its statements):
the claims and statements are summed, the first and last dates kept; the distinct
reports, outlets, claimants and places are counted in a temporary file
(analyse/distinct.py), not in memory; and of each quantity only each claimant's latest
statement is kept, dropped once it is `MAX_AGE_DAYS` older than the quantity's latest
date so far (it can be in no later band), so what is held is bounded by the claimants
of the last weeks, not by the store. `quantity_rows(claims)` is one batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from reportedly.analyse.bands import MAX_AGE_DAYS, Band, band_of
from reportedly.analyse.distinct import DistinctValues
from reportedly.analyse.quantities import Quantity
from reportedly.analyse.syndication import Statement, day_of, days_between, merge_equal
from reportedly.analyse.timelines import Claim

SEEN_BATCH = 20_000  # distinct values gathered in memory before they go to the file
Latest = tuple[tuple[str, float, int, int], Statement]  # (its order among a claimant's, it)


@dataclass
class _Sums:
    """What one quantity's row is summed from, but for its distinct counts."""

    claims: int = 0
    statements: int = 0
    first_date: str | None = None
    last_date: str | None = None
    band_date: str | None = None  # the last claim date of a statement with a value
    latest: dict[str, Latest] = field(default_factory=dict)  # claimant key -> latest

    def add(self, statement: Statement) -> None:
        self.claims += len(statement.claims)
        self.statements += 1
        day, first = statement.claim_date, statement.first
        if not day:
            return
        self.first_date = min(self.first_date or day, day)
        self.last_date = max(self.last_date or day, day)
        if first.value is None:
            return
        self.band_date = max(self.band_date or day, day)
        if day_of(day) is None:
            return
        # as `bands` orders them: by date, then value, then as `merge_equal` reads them
        order = (day, float(first.value), first.article_id, first.position)
        held = self.latest.get(first.claimant_key)
        if held is None or order > held[0]:
            self.latest[first.claimant_key] = (order, statement)

    def forget_old(self) -> None:
        """Drop the latest statements too old for the band of any date to come."""
        self.latest = {key: held for key, held in self.latest.items() if self._current(held)}

    def _current(self, held: Latest) -> bool:
        gap = days_between(held[0][0], self.band_date)
        return gap is None or gap <= MAX_AGE_DAYS

    def band(self) -> Band | None:
        current = [held[1] for held in self.latest.values() if self._current(held)]
        return band_of(self.band_date, current) if current and self.band_date else None


class QuantityTally:
    """The quantities table gathered a batch of statements at a time (see the module doc)."""

    def __init__(self) -> None:
        self._ids: dict[Quantity, int] = {}
        self._sums: list[_Sums] = []
        self._seen = DistinctValues()

    def add(self, statements: Iterable[Statement]) -> None:
        """Count a batch of statements (every claim of each)."""
        seen: set[tuple[int, str, Any]] = set()
        touched: set[int] = set()
        for statement in statements:
            key = self._ids.setdefault(statement.quantity, len(self._ids))
            if key == len(self._sums):
                self._sums.append(_Sums())
            self._sums[key].add(statement)
            touched.add(key)
            for claim in statement.claims:
                seen.add((key, "report", claim.cluster_id))
                seen.add((key, "claimant", claim.claimant_key))
                if claim.outlet:
                    seen.add((key, "outlet", claim.outlet))
                if claim.place:
                    seen.add((key, "place", claim.place))
            if len(seen) >= SEEN_BATCH:
                self._seen.add(seen)
                seen.clear()
        self._seen.add(seen)
        for key in touched:
            self._sums[key].forget_old()

    def rows(self) -> list[dict[str, Any]]:
        """One row per quantity, grouped by event (see `by_event`)."""
        counts = self._seen.counts()
        places = self._seen.values("place")
        rows = []
        for quantity, key in self._ids.items():
            sums = self._sums[key]
            band = sums.band()
            rows.append(
                {
                    "quantity": quantity.name,
                    "population": quantity.population,
                    "category": quantity.category,
                    "span": quantity.span,
                    "event": quantity.event,
                    "places": "; ".join(places.get(key, [])),
                    "claims": sums.claims,
                    "statements": sums.statements,
                    "reports": counts.get((key, "report"), 0),
                    "outlets": counts.get((key, "outlet"), 0),
                    "claimants": counts.get((key, "claimant"), 0),
                    "first_date": sums.first_date,
                    "last_date": sums.last_date,
                    "latest_conservative": band and band.conservative,
                    "latest_low": band and band.low,
                    "latest_best": band and band.best,
                    "latest_high": band and band.high,
                    "latest_disagreement": band and round(band.disagreement, 3),
                }
            )
        return by_event(rows)

    def close(self) -> None:
        self._seen.close()


def quantity_rows(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """One row per quantity, grouped by event (the most-claimed event first), the
    most-claimed quantity of each event first."""
    with closing(QuantityTally()) as tally:
        tally.add(merge_equal(claims))
        return tally.rows()


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
