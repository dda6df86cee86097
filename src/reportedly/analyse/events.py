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

`link_events` computes the labels of a list of points at once (the batch reference,
for anywhere no store is at hand). `event_index(store, population)` gives the same
labels, over the population's points, for any figures of it, from the event keys kept
on write (reportedly.store.event_keys): it reads the population's few rows per place
name and the keys of the figures asked, never every figure of the population.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from reportedly.store.dates import first_day
from reportedly.store.event_keys import Point, event_kinds, linked_kinds, place_key, same_article

Group = tuple[str, str]  # (kind, place key or the theatre's)
SCAN_SHARE = 8  # asked for an eighth of a population or more, its keys are read in one scan


def event_label(kind: str | None, place: str | None) -> str:
    """ "earthquake in Gaziantep", "war", "in Gaziantep", or "" with neither."""
    if kind and place:
        return f"{kind} in {place}"
    return kind or (f"in {place}" if place else "")


def link_events(points: Sequence[Point]) -> list[str]:
    """The event label of each point (see the module doc); a tie of counts goes to what
    comes first in `points`."""
    kinds = event_kinds()
    points = _completed(points)
    theatre = _theatres(points)
    names: dict[Group, Counter] = defaultdict(Counter)
    groups: dict[Group, list[int]] = defaultdict(list)
    for i, (_, kind, place, _) in enumerate(points):
        key = (kind or "", theatre.get((kind or "", place_key(place)), place_key(place)))
        groups[key].append(i)
        if place:
            names[key][place] += 1
    labels = [""] * len(points)
    for key, members in groups.items():
        kind = key[0]
        place = names[key].most_common(1)[0][0] if names[key] else None
        label = event_label(kind, place)
        window = kinds.get(kind, {}).get("window_days") if kind else None
        starts = run_starts((points[i][3] or "" for i in members), window)
        for i in members:
            start = starts[points[i][3] or ""]
            labels[i] = f"{label} ({start})" if start else label
    return labels


def _completed(points: Sequence[Point]) -> list[Point]:
    """Fill a missing place (or kind) from what the same article says most often; a
    place with no kind in its article takes the linked kind (a war) fought there."""
    theatres: dict[str, Counter] = defaultdict(Counter)
    for _, kind, place, _ in points:
        if kind and place and kind in linked_kinds():
            theatres[place_key(place)][kind] += 1
    done: list[Point] = []
    for article, kind, place, day in same_article(points):
        if place and not kind and theatres[place_key(place)]:
            kind = theatres[place_key(place)].most_common(1)[0][0]
        done.append((article, kind, place, day))
    return done


def _theatres(points: Sequence[Point]) -> dict[tuple[str, str], str]:
    """For kinds with linked places: each place key -> one key of its theatre."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    per_article: dict[tuple[int, str], list[str]] = defaultdict(list)
    for article, kind, place, _ in points:
        if kind and place and kind in linked_kinds():
            per_article[article, kind].append(place_key(place))
    for (_, kind), places in per_article.items():
        first = root((kind, places[0]))
        for other in places[1:]:
            parent[root((kind, other))] = first
    return {node: root(node)[1] for node in parent}


def run_starts(days: Iterable[str], window: int | None) -> dict[str, str]:
    """{claim day: the first month of its run}, where the days (ISO, '' for none) split
    into runs at gaps of more than `window` days; '' for every day when they make one run
    (or `window` is None: an open-ended kind never splits)."""
    ordered = sorted(set(days))
    if window is None:
        return dict.fromkeys(ordered, "")
    runs: list[list[str]] = []
    for day in ordered:
        if runs and _within(runs[-1][-1], day, window):
            runs[-1].append(day)
        else:
            runs.append([day])
    if len(runs) == 1:
        return dict.fromkeys(ordered, "")
    return {day: run[0][:7] for run in runs for day in run}


def _within(earlier: str | None, later: str | None, days: int) -> bool:
    """Whether two ISO dates (day, month or year precision) are at most `days` apart."""
    a, b = first_day(earlier), first_day(later)
    return a is None or b is None or (b - a).days <= days


class EventIndex:
    """The event labels of one population's figures, read from the kept event keys: what
    `link_events` gives over every point of the population (in article and position
    order, which breaks its ties)."""

    def __init__(self, store: Any, population: str) -> None:
        self._store = store
        self.population = population
        state = store.event_state(population)
        self._fills = state.fills
        self._theatres = state.theatres
        self._points = state.points
        self._members: dict[Group, set[str]] = defaultdict(set)  # a theatre's place keys
        for (kind, key), theatre in self._theatres.items():
            self._members[kind, theatre].add(key)
        named: dict[tuple[Group, str], list[Any]] = {}  # (group, name): [n, first point]
        for row in state.places:
            group = self._group(row["kind"], row["place_key"], row["kind"] == "")
            first = (row["first_article"], row["first_position"])
            found = named.setdefault((group, row["place"]), [0, first])
            found[0] += row["n"]
            found[1] = min(found[1], first)
        best: dict[Group, tuple[int, tuple[int, int], str]] = {}
        for (group, name), (n, first) in named.items():
            rank = (-n, first, name)
            if group not in best or rank < best[group]:
                best[group] = rank
        self._places = {group: rank[2] for group, rank in best.items()}
        self._starts: dict[Group, dict[str, str]] = {}

    def _group(self, kind: str, key: str, to_fill: bool) -> Group:
        kind = self._fills.get(key, "") if to_fill else kind
        return kind, self._theatres.get((kind, key), key)

    def labels_of(self, figure_ids: Iterable[int]) -> dict[int, str]:
        """{figure id: event label} for the figures asked that are claims of the
        population (a figure held by a denial, or of another population, is left out)."""
        ids = set(figure_ids)
        if len(ids) * SCAN_SHARE >= self._points:  # most of them: one scan of the population
            points = [p for p in self._store.event_points(self.population) if p[0] in ids]
        else:
            points = self._store.event_points(self.population, ids)
        grouped = {cell: self._group(*cell) for cell in {p[1:4] for p in points}}
        self._read_days({g for g in grouped.values() if self._window(g) is not None})
        labels = {}
        for figure_id, kind, key, to_fill, day in points:
            group = grouped[kind, key, to_fill]
            label = event_label(group[0], self._places.get(group))
            start = self._starts.get(group, {}).get(day or "", "")
            labels[figure_id] = f"{label} ({start})" if start else label
        return labels

    @staticmethod
    def _window(group: Group) -> int | None:
        return event_kinds().get(group[0], {}).get("window_days") if group[0] else None

    def _read_days(self, groups: set[Group]) -> None:
        """The runs of the groups asked whose kind has a window, from their claim days."""
        wanted = groups - self._starts.keys()
        if not wanted:
            return
        keys = {key for g in wanted for key in self._members.get(g, {g[1]})}
        days: dict[Group, set[str]] = defaultdict(set)
        kinds = {g[0] for g in wanted} | {""}
        for kind, key, to_fill, day in self._store.event_days(self.population, kinds, keys):
            group = self._group(kind, key, to_fill)
            if group in wanted:
                days[group].add(day)
        for group in wanted:
            self._starts[group] = run_starts(days[group], self._window(group))


def event_index(store: Any, population: str) -> EventIndex:
    """The event labels of one population's figures, from the store's kept keys."""
    return EventIndex(store, population)
