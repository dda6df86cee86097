"""Checks that flag, never hide: figures that cannot all be right as stated.

- `cumulative_drop`: one claimant's total of a tally (killed, injured,
  casualties, captured, missing) goes down: a later claim's interval lies wholly
  below an earlier claim's.
- `killed_exceeds_casualties`: the same claimant, on the same date, for the
  same population, says more were killed than were killed or injured.
- `parts_exceed_whole`: the breakdowns of a figure (`part_of`) add up to more
  than the figure.
- `sum_mismatch`: a claimant's killed + injured, stated on one date for one
  population, is inconsistent with its casualties of that date.

`relations` lists where a claimant states how the categories relate on one
date (killed + injured = casualties), with the missing term derived.
Approximate figures get `syndication.TOLERANCE` either side before a flag.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportedly.analyse.quantities import TALLY_CATEGORIES
from reportedly.analyse.syndication import Statement, bounds, merge_equal
from reportedly.analyse.timelines import Claim


@dataclass(frozen=True)
class Flag:
    """One inconsistency: which check, in words, and the claims involved."""

    check: str
    message: str
    claims: tuple[Claim, ...]

    @property
    def article_ids(self) -> list[int]:
        return sorted({c.article_id for c in self.claims})


def number(value: float | None) -> str:
    """A count as written in messages: "4,700", "2,700.5"; empty for None."""
    if value is None:
        return ""
    return f"{round(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def _interval(claim: Claim) -> str:
    low, high = number(claim.low), number(claim.high)
    return low if claim.low == claim.high else f"{low}..{high}"


def cumulative_drops(statements: Sequence[Statement]) -> list[Flag]:
    """A later total of one claimant lying wholly below an earlier one.

    Only tallies, and only attributed claims: an outlet's own voice often
    recaps an older figure of someone else.
    """
    runs: dict[tuple[object, str], list[Claim]] = defaultdict(list)
    for s in statements:
        q = s.quantity
        if (
            q.span == "total"
            and q.category in TALLY_CATEGORIES
            and s.claim_date
            and not s.first.own_voice
        ):
            runs[(q, s.first.claimant_key)].append(s.first)
    flags: list[Flag] = []
    for run in runs.values():
        run.sort(key=lambda c: c.claim_date or "")
        highest: Claim | None = None
        for claim in run:
            if (
                highest is not None
                and claim.claim_date != highest.claim_date
                and bounds(claim)[1] < bounds(highest)[0]
            ):
                flags.append(
                    Flag(
                        "cumulative_drop",
                        f"{claim.claimant}: {claim.quantity.name} fell from "
                        f"{_interval(highest)} ({highest.claim_date}) to "
                        f"{_interval(claim)} ({claim.claim_date})",
                        (highest, claim),
                    )
                )
            if highest is None or bounds(claim)[0] > bounds(highest)[0]:
                highest = claim
    return flags


SAME_DAY_CATEGORIES = frozenset({"killed", "injured", "casualties"})  # what one date's totals
# of one claimant are compared by (`killed_exceeds_casualties`, `sum_mismatch`)


def _same_day_groups(
    statements: Sequence[Statement],
) -> dict[tuple[str, str, str], dict[str, Claim]]:
    """{(claimant key, date, population): {category: claim}} for totals with a date."""
    groups: dict[tuple[str, str, str], dict[str, Claim]] = defaultdict(dict)
    for s in statements:
        if s.quantity.span == "total" and s.claim_date:
            key = (s.first.claimant_key, s.claim_date, s.quantity.population)
            groups[key].setdefault(s.quantity.category, s.first)
    return groups


def killed_exceeding_casualties(statements: Sequence[Statement]) -> list[Flag]:
    """Killed > casualties from the same claimant, date and population."""
    flags: list[Flag] = []
    for found in _same_day_groups(statements).values():
        killed, casualties = found.get("killed"), found.get("casualties")
        if killed and casualties and bounds(killed)[0] > bounds(casualties)[1]:
            flags.append(
                Flag(
                    "killed_exceeds_casualties",
                    f"{killed.claimant} on {killed.claim_date}: {_interval(killed)} killed but "
                    f"{_interval(casualties)} casualties ({killed.quantity.population})",
                    (killed, casualties),
                )
            )
    return flags


def parts_exceeding_whole(claims: Sequence[Claim]) -> list[Flag]:
    """Breakdowns (`part_of`) whose lowest values add up to more than the whole allows."""
    by_id = {c.figure_id: c for c in claims}
    parts: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.part_of in by_id:
            parts[claim.part_of].append(claim)
    flags: list[Flag] = []
    for whole_id, found in parts.items():
        whole = by_id[whole_id]
        total = sum(bounds(c)[0] for c in found)
        if total > bounds(whole)[1]:
            flags.append(
                Flag(
                    "parts_exceed_whole",
                    f"{whole.claimant}: parts {' + '.join(_interval(c) for c in found)} exceed "
                    f"{_interval(whole)} ({whole.text!r}, article {whole.article_id})",
                    (whole, *found),
                )
            )
    return flags


@dataclass(frozen=True)
class Relation:
    """killed + injured = casualties as one claimant states it on one date."""

    claimant: str
    claim_date: str
    population: str
    killed: Claim | None
    injured: Claim | None
    casualties: Claim | None

    @property
    def derived(self) -> tuple[str, float, float] | None:
        """The missing term's category and interval, when exactly one term is missing."""
        terms = {"killed": self.killed, "injured": self.injured, "casualties": self.casualties}
        missing = [k for k, v in terms.items() if v is None]
        if len(missing) != 1:
            return None
        (k_low, k_high), (i_low, i_high), (c_low, c_high) = (
            bounds(v) if v is not None else (0.0, 0.0) for v in terms.values()
        )
        if missing[0] == "casualties":
            low, high = k_low + i_low, k_high + i_high
        else:
            other_low, other_high = (i_low, i_high) if missing[0] == "killed" else (k_low, k_high)
            low, high = max(c_low - other_high, 0.0), max(c_high - other_low, 0.0)
        return missing[0], round(low), round(high) if high != float("inf") else high

    @property
    def adds_up(self) -> bool | None:
        """Whether killed + injured can equal casualties (None unless all three are stated)."""
        if self.killed is None or self.injured is None or self.casualties is None:
            return None
        (k_low, k_high), (i_low, i_high) = bounds(self.killed), bounds(self.injured)
        c_low, c_high = bounds(self.casualties)
        return k_low + i_low <= c_high and c_low <= k_high + i_high


def relations(statements: Sequence[Statement]) -> list[Relation]:
    """Each claimant-date-population with casualties and a part, or killed and injured."""
    found: list[Relation] = []
    for (_, day, population), by_category in _same_day_groups(statements).items():
        killed, injured = by_category.get("killed"), by_category.get("injured")
        casualties = by_category.get("casualties")
        if sum(x is not None for x in (killed, injured, casualties)) >= 2:
            claimant = next(c for c in (killed, injured, casualties) if c is not None).claimant
            found.append(Relation(claimant, day, population, killed, injured, casualties))
    return sorted(found, key=lambda r: (r.claim_date, r.claimant, r.population))


def sum_mismatches(statements: Sequence[Statement]) -> list[Flag]:
    """Relations where killed + injured cannot equal the casualties stated with them."""
    return [
        Flag(
            "sum_mismatch",
            f"{r.claimant} on {r.claim_date}: {_interval(r.killed)} killed + "
            f"{_interval(r.injured)} injured != {_interval(r.casualties)} casualties",
            (r.killed, r.injured, r.casualties),
        )
        for r in relations(statements)
        if r.adds_up is False and r.killed and r.injured and r.casualties
    ]


def check(claims: Iterable[Claim]) -> list[Flag]:
    """Every check over the claims; equal claims (syndicated copies) are checked once."""
    claims = list(claims)
    statements = merge_equal(claims)
    return [
        *cumulative_drops(statements),
        *killed_exceeding_casualties(statements),
        *parts_exceeding_whole([s.first for s in statements]),
        *sum_mismatches(statements),
    ]
