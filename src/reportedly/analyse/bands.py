"""Bands: for each date of a quantity's timeline, the range of what credible claimants say.

At each date on which a claim was made, every credible claimant's latest
statement of the quantity on or before that date (and at most `max_age_days`
old; of one claimant's statements on one day, the highest) is in the band.
Each statement gives a value (its `point`, else the finite end of its
interval). Then, following the conventions of the conflict datasets:

- `conservative`: the lowest value (ACLED's rule: the lowest credible figure);
- `low`, `best`, `high`: UCDP's fields -- the lowest lower bound, the median
  value, the highest upper bound (an open upper bound counts as its value);
- `disagreement`: (highest value - lowest value) / highest value, 0 when all
  claimants agree, near 1 when they are orders of magnitude apart.

Which claimants are credible is the caller's choice (`credible`, a predicate on
the claimant name; by default all). Equal claims count once (see syndication).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

from reportedly.analyse.syndication import Statement, days_between

MAX_AGE_DAYS = 45


@dataclass(frozen=True)
class Band:
    """What the credible claimants say about one quantity as of one date."""

    date: str
    conservative: float
    low: float
    best: float
    high: float
    disagreement: float
    claimants: tuple[str, ...]


def _value(statement: Statement) -> float | None:
    value = statement.first.value
    return None if value is None else float(value)


def interval_end(bound: int | float | None, value: float) -> float:
    """An interval end, or the statement's value where the interval is open."""
    return value if bound is None else float(bound)


def bands(
    statements: Sequence[Statement],
    credible: Callable[[str], bool] = lambda _claimant: True,
    max_age_days: int = MAX_AGE_DAYS,
) -> list[Band]:
    """One band per claim date of the statements (all of one quantity), in date order.

    One pass in date order: each claimant's latest statement so far is kept, and a
    date's band is made of those no older than `max_age_days`."""
    dated = sorted(
        (s for s in statements if s.claim_date and credible(s.claimant) and _value(s) is not None),
        key=lambda s: (s.claim_date or "", _value(s)),
    )
    found: list[Band] = []
    latest: dict[str, Statement] = {}  # claimant key -> its last statement on or before `day`
    seen = 0
    for day in sorted({s.claim_date for s in dated if s.claim_date}):
        while seen < len(dated) and (dated[seen].claim_date or "") <= day:
            statement = dated[seen]
            if days_between(statement.claim_date, day) is not None:
                latest[statement.first.claimant_key] = statement  # by date, then value
            seen += 1
        current = [
            s for s in latest.values() if (days_between(s.claim_date, day) or 0) <= max_age_days
        ]
        found.append(band_of(day, current))
    return found


def band_of(day: str, current: Sequence[Statement]) -> Band:
    """The band of `day` from each credible claimant's latest statement (at least one)."""
    values = [_value(s) or 0.0 for s in current]
    lows = [interval_end(s.first.low, v) for s, v in zip(current, values, strict=True)]
    highs = [interval_end(s.first.high, v) for s, v in zip(current, values, strict=True)]
    top = max(values)
    return Band(
        date=day,
        conservative=min(values),
        low=min(lows),
        best=float(median(values)),
        high=max(highs),
        disagreement=(top - min(values)) / top if top else 0.0,
        claimants=tuple(sorted(s.claimant for s in current)),
    )
