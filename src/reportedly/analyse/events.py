"""Events: which figures, across articles, count the same incident.

`link_events` labels each figure's (article, event kind, place, claim date):

- figures of one kind (lexicon `event_kinds`) and one place are one event while
  their claim dates stay within the kind's window of each other (an earthquake
  30 days, a strike 3); a later one starts a new event, labelled with its first
  month ("earthquake in Chile (2025-04)");
- open-ended kinds (a war, an epidemic) have no window: a war's cumulative
  losses stay one series across months;
- for kinds with linked places (a war), the places one article names for the
  kind are one theatre, named by the place named most often;
- a figure with a kind and no place takes the place its article gives most often
  for that kind; with a place and no kind it takes the article's most frequent
  kind at that place, else the linked kind fought there (a war), else it is
  keyed by the place alone ("in Gaziantep");
  with neither it has no event ("").

`event_index(store, population).labels_of(figure_ids)` gives the labels that
linking the whole population gives, for any of its figures: what a quantity's
view read a date window at a time places its claims with.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reportedly.extract.lexicon import bundled_lexicon
from reportedly.store.dates import first_day

Point = tuple[int, str | None, str | None, str | None]  # article id, kind, place, claim date


def _kinds() -> dict[str, dict]:
    return {
        e["kind"]: e for e in bundled_lexicon("event_kinds") if "kind" in e and "lemma" not in e
    }


def event_label(kind: str | None, place: str | None) -> str:
    """ "earthquake in Gaziantep", "war", "in Gaziantep", or "" with neither."""
    if kind and place:
        return f"{kind} in {place}"
    return kind or (f"in {place}" if place else "")


def _key(place: str | None) -> str:
    return " ".join((place or "").casefold().split())


def link_events(points: Sequence[Point]) -> list[str]:
    """The event label of each point (see the module doc)."""
    kinds = _kinds()
    points = _completed(points, {k for k, e in kinds.items() if e.get("linked_places")})
    theatre = _theatres(points, kinds)
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, kind, place, _) in enumerate(points):
        key = (kind or "", theatre.get((kind or "", _key(place)), _key(place)))
        groups[key].append(i)
        if place:
            names[key][place] += 1
    labels = [""] * len(points)
    for key, members in groups.items():
        kind = key[0]
        place = names[key].most_common(1)[0][0] if names[key] else None
        label = event_label(kind, place)
        window = kinds.get(kind, {}).get("window_days") if kind else None
        runs = _runs(members, points, window)
        for run in runs:
            start = (points[run[0]][3] or "")[:7]
            for i in run:
                labels[i] = f"{label} ({start})" if len(runs) > 1 and start else label
    return labels


def _completed(points: Sequence[Point], linked: set[str]) -> list[Point]:
    """Fill a missing place (or kind) from what the same article says most often; a
    place with no kind in its article takes the linked kind (a war) fought there."""
    places: dict[tuple[int, str], Counter] = defaultdict(Counter)
    kinds: dict[tuple[int, str], Counter] = defaultdict(Counter)
    theatres: dict[str, Counter] = defaultdict(Counter)
    for article, kind, place, _ in points:
        if kind and place:
            places[article, kind][place] += 1
            kinds[article, _key(place)][kind] += 1
            if kind in linked:
                theatres[_key(place)][kind] += 1
    done: list[Point] = []
    for article, kind, place, day in points:
        if kind and not place and places[article, kind]:
            place = places[article, kind].most_common(1)[0][0]
        elif place and not kind:
            known = kinds[article, _key(place)] or theatres[_key(place)]
            kind = known.most_common(1)[0][0] if known else None
        done.append((article, kind, place, day))
    return done


def _theatres(points: Sequence[Point], kinds: dict[str, dict]) -> dict[tuple[str, str], str]:
    """For kinds with linked places: each place key -> one key of its theatre."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    per_article: dict[tuple[int, str], list[str]] = defaultdict(list)
    for article, kind, place, _ in points:
        if kind and place and kinds.get(kind, {}).get("linked_places"):
            per_article[article, kind].append(_key(place))
    for (_, kind), places in per_article.items():
        first = root((kind, places[0]))
        for other in places[1:]:
            parent[root((kind, other))] = first
    return {node: root(node)[1] for node in parent}


def _runs(members: list[int], points: Sequence[Point], window: int | None) -> list[list[int]]:
    """Members split where claim dates are more than `window` days apart (None: never)."""
    if window is None:
        return [members]
    runs: list[list[int]] = []
    for i in sorted(members, key=lambda i: points[i][3] or ""):
        if runs and _within(points[runs[-1][-1]][3], points[i][3], window):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _within(earlier: str | None, later: str | None, days: int) -> bool:
    """Whether two ISO dates (day, month or year precision) are at most `days` apart."""
    a, b = first_day(earlier), first_day(later)
    return a is None or b is None or (b - a).days <= days


@dataclass(frozen=True)
class EventIndex:
    """The event label of every claim of one population: {figure id: label}."""

    labels: dict[int, str]

    def labels_of(self, figure_ids: Iterable[int]) -> dict[int, str]:
        """{figure id: label} of those figures (a figure that is no claim: absent)."""
        return {i: self.labels[i] for i in figure_ids if i in self.labels}


def event_index(store: Any, population: str) -> EventIndex:
    """The event labels of one population's claims, as linking them all at once gives them:
    the population's light points (figure id, article, kind, place, claim day) read in SQL
    (`Store.population_points`), `link_events` run over them once."""
    points = store.population_points(population)
    labels = link_events([(article, kind, place, day) for _, article, kind, place, day in points])
    return EventIndex({point[0]: label for point, label in zip(points, labels, strict=True)})
