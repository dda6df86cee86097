"""Quantities: which figures measure the same thing, so that only like is compared with like.

A quantity is a population (the normalised subject: "North Korean troops in
Kursk" -> "north korean soldiers"), a category (killed, casualties...), a
span: `total` (a count to date, the default) or `window` (a count over a stated
period such as "in the past week", which is never compared with a total), and
the event it counts ("earthquake in Gaziantep"), so that two earthquakes in two
countries never share a timeline.

The event is linked across articles by `events.link_events`.

Populations and spans are computed when a figure is stored; their home is
`reportedly.extract.populations`.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportedly.extract.populations import UNSPECIFIED, parse_population
from reportedly.model import CATEGORIES

TALLY_CATEGORIES: tuple[str, ...] = ("killed", "injured", "casualties", "captured", "missing")
"""Categories whose totals only grow: a drop in one claimant's total is flagged."""

# Category words a quantity name may use, and the category each means.
CATEGORY_WORDS: dict[str, str] = {
    **{c: c for c in CATEGORIES},
    "dead": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "wounded": "injured",
    "injuries": "injured",
    "losses": "casualties",
    "prisoners": "captured",
}


@dataclass(frozen=True, order=True)
class Quantity:
    """What a figure measures: population, category, span (total or window) and event."""

    population: str
    category: str
    span: str = "total"
    event: str = ""  # "earthquake in Gaziantep", "war in Kursk"; "" when unknown

    @property
    def name(self) -> str:
        """The quantity as one string: "people killed per period [earthquake in Izmir]"."""
        suffix = " per period" if self.span == "window" else ""
        event = f" [{self.event}]" if self.event else ""
        return f"{self.population} {self.category}{suffix}{event}"

    def covers(self, other: Quantity) -> bool:
        """Whether `other` is this quantity; a quantity named without an event covers
        every event of its population, category and span."""
        return (self.population, self.category, self.span) == (
            other.population,
            other.category,
            other.span,
        ) and (not self.event or self.event == other.event)


def parse_quantity(name: str) -> Quantity:
    """The quantity a name gives: "North Korean troops killed", "soldiers dead per period",
    "people killed [earthquake in Izmir]" (an event in brackets, as `Quantity.name` writes it).

    The category is the last category word ("killed", "dead", "casualties"...);
    the words before it are the population, normalised like a subject.
    """
    text = " ".join(name.split())
    event = ""
    if text.endswith("]") and "[" in text:
        text, _, event = text[:-1].rpartition("[")
        text, event = text.strip(), event.strip()
    span = "total"
    if text.lower().endswith(" per period"):
        text, span = text[: -len(" per period")], "window"
    words = text.split()
    for i in range(len(words) - 1, -1, -1):
        category = CATEGORY_WORDS.get(words[i].lower())
        if category is not None:
            rest = " ".join(words[:i] + words[i + 1 :])
            population = _population_from_name(rest)
            return Quantity(population, category, span, event)
    raise ValueError(
        f"{name!r} names no category: end it with one of {', '.join(CATEGORIES)} "
        "(or dead, deaths, wounded, losses)"
    )


def _population_from_name(words: str) -> str:
    """A population typed by a user: any case, so every modifier is kept."""
    found = parse_population(" ".join(w.capitalize() for w in words.split()))
    return found.name if found is not None else UNSPECIFIED
