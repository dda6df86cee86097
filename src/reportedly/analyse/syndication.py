"""Syndication and corroboration: one report however many outlets print it.

Three steps:

1. `cluster_articles` groups near-duplicate articles (a wire story and its
   copies) by MinHash over word 5-gram shingles with LSH (reportedly.sketches,
   datasketch): two articles whose estimated Jaccard similarity is at least
   `threshold` (0.6) share a cluster, and clusters are closed under that
   relation. A cluster's id is its lowest article id. The store keeps the same
   clusters current as articles are stored (reportedly.store.syndication_index;
   `cluster_articles` is its batch reference); `clusters_of` reads them.
2. `merge_equal` folds equal claims -- same quantity, claimant, interval and
   claim date -- into one `Statement`, whichever articles carry it.
3. `corroborate` grades each statement from *independent claimants* only
   (other claimant keys, never other outlets): a claimant agrees when its
   nearest statement of the same quantity within `window_days` has an interval
   consistent with this one (approximate values get `tolerance` either side),
   and contradicts otherwise. The credibility is the Admiralty scale's 1-6:

   | grade | meaning | rule |
   |---|---|---|
   | 1 | confirmed | 2 or more independent claimants agree, none contradicts |
   | 2 | probably true | agreeing claimants outnumber contradicting ones |
   | 3 | possibly true | some agree, as many or more contradict |
   | 4 | doubtful | none agrees, one contradicts |
   | 5 | improbable | none agrees, two or more contradict |
   | 6 | cannot be judged | no other claimant stated this quantity in the window |
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportedly.analyse.quantities import Quantity
from reportedly.analyse.timelines import Claim
from reportedly.sketches import NUM_PERM, THRESHOLD, minhash
from reportedly.store.dates import first_day

WINDOW_DAYS = 14
TOLERANCE = 0.1

day_of = lru_cache(maxsize=65_536)(first_day)  # a view asks the same few dates over again

CREDIBILITY: dict[int, str] = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


def cluster_articles(
    texts: Iterable[tuple[int, str]], threshold: float = THRESHOLD
) -> dict[int, int]:
    """{article id: cluster id} for (id, text) pairs; a cluster id is its lowest article id."""
    from datasketch import MinHashLSH  # not at import: it brings scipy (see sketches)

    sketches = {article_id: minhash(text) for article_id, text in texts}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = {article_id: article_id for article_id in sketches}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for article_id in sorted(sketches):
        sketch = sketches[article_id]
        for other in lsh.query(sketch):
            if sketch.jaccard(sketches[other]) >= threshold:
                a, b = root(article_id), root(other)
                parent[max(a, b)] = min(a, b)
        lsh.insert(article_id, sketch)
    return {article_id: root(article_id) for article_id in sketches}


def clusters_of(store: Any) -> dict[int, int]:
    """The stored cluster ids ({article id: cluster id}; kept current at write), an
    article without one (a store not migrated yet) being its own cluster."""
    return {a: a if c is None else c for a, c in store.cluster_ids().items()}


@dataclass(frozen=True)
class Statement:
    """Equal claims folded into one: what one claimant said once, however often reported."""

    claims: tuple[Claim, ...]

    @property
    def first(self) -> Claim:
        return self.claims[0]

    @property
    def quantity(self) -> Quantity:
        return self.first.quantity

    @property
    def claimant(self) -> str:
        return self.first.claimant

    @property
    def claim_date(self) -> str | None:
        return self.first.claim_date

    @property
    def article_ids(self) -> list[int]:
        return sorted({c.article_id for c in self.claims})

    @property
    def reports(self) -> int:
        """Independent reports carrying the statement: syndication clusters, not copies."""
        return len({c.cluster_id for c in self.claims})

    @property
    def outlets(self) -> list[str]:
        return sorted({c.outlet for c in self.claims if c.outlet})


def _equal_key(claim: Claim) -> tuple[Any, ...]:
    return (claim.quantity, claim.claimant_key, claim.low, claim.high, claim.claim_date)


def merge_equal(claims: Iterable[Claim]) -> list[Statement]:
    """Equal claims (quantity, claimant, interval, claim date) as statements, by date."""
    grouped: dict[tuple[Any, ...], list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.article_id, c.position)):
        grouped.setdefault(_equal_key(claim), []).append(claim)
    statements = [Statement(tuple(group)) for group in grouped.values()]
    statements.sort(key=lambda s: (s.claim_date or "", s.first.claimant_key, s.first.article_id))
    return statements


def bounds(claim: Claim, tolerance: float = TOLERANCE) -> tuple[float, float]:
    """The interval a claim admits, widened by `tolerance` when it is approximate."""
    low = float(claim.low) if claim.low is not None else 0.0
    high = float(claim.high) if claim.high is not None else float("inf")
    if claim.qualifier == "approx":
        low, high = low * (1 - tolerance), high * (1 + tolerance)
    return low, high


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals (low, high) share a value."""
    return a[0] <= b[1] and b[0] <= a[1]


def consistent(a: Claim, b: Claim, tolerance: float = TOLERANCE) -> bool:
    """Whether two claims' intervals overlap (approximate ones widened by `tolerance`)."""
    return overlap(bounds(a, tolerance), bounds(b, tolerance))


def days_between(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates of any precision (a month counts from its first day)."""
    first, second = day_of(a), day_of(b)
    if first is None or second is None:
        return None
    return abs((first - second).days)


@dataclass(frozen=True)
class Corroboration:
    """How the other independent claimants bear on one statement."""

    statement: Statement
    agreeing: tuple[str, ...]
    contradicting: tuple[str, ...]

    @property
    def independent_claimants(self) -> int:
        """Independent claimants who state a consistent value, the statement's own included."""
        return 1 + len(self.agreeing)

    @property
    def credibility(self) -> int:
        agree, contradict = len(self.agreeing), len(self.contradicting)
        if agree >= 2 and contradict == 0:
            return 1
        if agree > contradict:
            return 2
        if agree:
            return 3
        if contradict:
            return 4 if contradict == 1 else 5
        return 6


def corroborate(
    statements: Sequence[Statement],
    window_days: int = WINDOW_DAYS,
    tolerance: float = TOLERANCE,
    only: Collection[int] | None = None,
) -> list[Corroboration]:
    """Each statement with the independent claimants that agree with it or contradict it;
    with `only` (indices into `statements`, in order), those statements only, the others
    being read as their neighbours (such as the margins of a window of claim dates).

    Statements are grouped by quantity and sorted by claim date, so each one scans
    only the statements within `window_days` of it (bisect), never all pairs. Another
    statement is not independent of one when it is the same claimant (a spokesperson and
    her body are one) or an article's own voice repeating a claim the same article
    attributes (a headline over its lead); of each independent claimant, the nearest
    statement in days counts (the first read of equally near ones)."""
    graded = range(len(statements)) if only is None else only
    kept = None if only is None else set(only)
    days = [day_of(s.claim_date) for s in statements]
    ordinals = [None if day is None else day.toordinal() for day in days]
    by_quantity: dict[Quantity, list[int]] = {}
    for i, ordinal in enumerate(ordinals):
        if ordinal is not None:
            by_quantity.setdefault(statements[i].quantity, []).append(i)
    voices = [s.first.voice_key for s in statements]
    own = [s.first.own_voice for s in statements]
    articles = [frozenset(c.article_id for c in s.claims) for s in statements]
    admits = [bounds(s.first, tolerance) for s in statements]
    found: dict[int, Corroboration] = {}
    for members in by_quantity.values():
        members.sort(key=lambda i: ordinals[i])  # type: ignore[arg-type, return-value]
        days_of = [ordinals[i] for i in members]
        for i in members:
            if kept is not None and i not in kept:
                continue
            day, voice = ordinals[i], voices[i]
            lo = bisect_left(days_of, day - window_days)  # type: ignore[operator]
            hi = bisect_right(days_of, day + window_days)  # type: ignore[operator]
            nearest: dict[str, tuple[int, int]] = {}  # voice -> (gap, statement index)
            for j in members[lo:hi]:
                key = voices[j]
                if key == voice or ((own[i] or own[j]) and not articles[i].isdisjoint(articles[j])):
                    continue
                near = (abs(day - ordinals[j]), j)  # type: ignore[operator]
                if key not in nearest or near < nearest[key]:
                    nearest[key] = near
            agreeing, contradicting = [], []
            for _, j in nearest.values():
                agrees = overlap(admits[i], admits[j])
                (agreeing if agrees else contradicting).append(statements[j].claimant)
            found[i] = Corroboration(
                statements[i], tuple(sorted(agreeing)), tuple(sorted(contradicting))
            )
    return [found.get(i) or Corroboration(statements[i], (), ()) for i in graded]
