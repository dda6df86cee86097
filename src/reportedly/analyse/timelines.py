"""Timelines: every stored figure as a claim point, and a quantity's series per claimant.

A `Claim` is one figure in one article with what an analyst needs to place it:
its quantity, claimant, relay, claim date and interval. The claimant is the
figure's `source_entity`; a figure in the article's own voice has none (OWN_VOICE,
never the publishing outlet, which states it but does not claim it), and one a
source the article does not name holds has UNNAMED. The claim date
is `stated_on`, else the article's publication date (`date_from` says which).
A figure held by a denial or a refusal ("denied that 50 were killed") is no claim
and has no point. The relay is who passed the claim on: the attributions that hold the
claimant's (the lawmaker who said the agency found...), or the relay links of
the attribution's chain when the store keeps them.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from reportedly.analyse.events import link_events
from reportedly.analyse.quantities import Quantity
from reportedly.extract.lexicon import bundled_lexicon
from reportedly.extract.populations import article_populations, span_of

NOT_CLAIMED = {"denied", "refused"}  # modalities whose content is no claim of the source
OWN_VOICE = "(own voice)"  # a figure the article states itself
UNNAMED = "(unnamed source)"  # a figure an anonymous source claims ("officials said")


@lru_cache(maxsize=65_536)
def claimant_key(name: str) -> str:
    """How claimant names are compared: case, a leading "the" and spacing do not matter."""
    words = name.casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure as a point on a timeline (slots: an export holds a window of thousands)."""

    figure_id: int
    article_id: int
    position: int
    quantity: Quantity
    claimant: str
    relay: str | None  # "Lee Seong-kweun", or "Lee Seong-kweun -> Reuters"
    claim_date: str | None  # ISO date
    date_from: str  # "stated_on" or "published"
    text: str
    low: int | float | None
    high: int | float | None
    point: int | float | None
    qualifier: str
    subject: str | None
    period: str | None
    part_of: int | None  # the figure id this one is a breakdown of
    outlet: str | None
    published: str | None
    cluster_id: int  # the article's syndication cluster (its own id when not clustered)
    own_voice: bool
    recalled: bool = False  # an earlier claim the article recalls (claim_date is its date)
    speaks_for: str | None = None  # the body a spokesperson claimant speaks for
    attribution: int | None = None  # position of the attribution that holds the figure
    place: str | None = None  # where the counted thing happened
    event_kind: str | None = None  # earthquake, strike, war... (the quantity names the event)

    @property
    def value(self) -> int | float | None:
        """The single value of the claim: `point`, else the finite end of the interval."""
        return next((v for v in (self.point, self.low, self.high) if v is not None), None)

    @property
    def claimant_key(self) -> str:
        return claimant_key(self.claimant)

    @property
    def voice_key(self) -> str:
        """Who is really speaking: a spokesperson is the body she speaks for."""
        return claimant_key(self.speaks_for or self.claimant)

    def to_row(self) -> dict[str, Any]:
        """A flat dict of the claim, with the quantity spelled out."""
        row = {name: getattr(self, name) for name in _ROW_FIELDS}
        return {
            "quantity": self.quantity.name,
            "population": self.quantity.population,
            "category": self.quantity.category,
            "span": self.quantity.span,
            "event": self.quantity.event,
            **row,
        }


_ROW_FIELDS = tuple(f.name for f in fields(Claim) if f.name != "quantity")


def relay_of(attribution: dict[str, Any] | None, by_position: dict[int, dict[str, Any]]) -> str:
    """Who passed on the claim held by `attribution`, outermost last, as "a -> b"."""
    if attribution is None:
        return ""
    chain = attribution.get("chain")
    if chain:
        return " -> ".join(link["name"] for link in chain if link.get("role") in ("relay", "wire"))
    names: list[str] = []
    seen: set[int] = set()
    parent = attribution.get("parent")
    while isinstance(parent, int) and parent in by_position and parent not in seen:
        seen.add(parent)
        holder = by_position[parent]
        name = holder.get("source_entity") or holder.get("source")
        if name and name not in names:
            names.append(name)
        parent = holder.get("parent")
    return " -> ".join(names)


def build_claims(
    figures: Sequence[dict[str, Any]],
    attributions: Iterable[dict[str, Any]],
    clusters: Mapping[int, int | None],
    events: Mapping[int, str] | None = None,
    bodies: Mapping[str, str] | None = None,
) -> list[Claim]:
    """Claims from figure rows and attribution rows as `Store.figures()`/`claims()` give them
    (rows that carry their stored `population` and `span` keep them: a subset of an
    article's figures, such as `Store.population_figures` reads, is placed as a whole).

    `events` ({figure id: event label}, as `analyse.events.event_index` gives them for a
    population) labels the claims of a part of their population, such as a date window;
    None links the events of the claims given among themselves (`link_events`). `bodies`
    ({claimant key: body}, as `speakers` finds them over a whole population) says who
    speaks for whom; None finds it among the claims and attributions given."""
    holders: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for a in attributions:
        holders[a["article_id"]][a["position"]] = a
    by_article: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        by_article[f["article_id"]].append(f)
    placed: list[dict[str, Any]] = []  # each claim's fields, made a Claim once labelled
    for article_id, rows in by_article.items():
        rows.sort(key=lambda r: r["position"])
        ids = {r["position"]: r["id"] for r in rows}
        cluster = clusters.get(article_id) or article_id
        for row, population in zip(rows, _populations(rows), strict=True):
            held_by = holders[article_id].get(row["attribution"])
            if held_by is not None and held_by.get("modality") in NOT_CLAIMED:
                continue  # "the army denied that 50 were killed": not the army's claim
            own_voice = held_by is None
            named = row.get("claimant_entity") or row.get("source_entity")  # entity first
            placed.append(
                {
                    "figure_id": row["id"],
                    "article_id": article_id,
                    "position": row["position"],
                    "quantity": (
                        population,
                        row["category"],
                        row.get("span") or span_of(row.get("period")),
                    ),
                    "claimant": named or (OWN_VOICE if own_voice else UNNAMED),
                    "relay": relay_of(held_by, holders[article_id]) or None,
                    "claim_date": claim_date_of(row),
                    "date_from": "stated_on" if row.get("stated_on") else "published",
                    "text": row["text"],
                    "low": row["low"],
                    "high": row["high"],
                    "point": row.get("point"),
                    "qualifier": row["qualifier"],
                    "subject": row.get("subject"),
                    "period": row.get("period"),
                    "part_of": ids.get(row["part_of"]) if row.get("part_of") is not None else None,
                    "outlet": row.get("outlet"),
                    "published": row.get("published"),
                    "cluster_id": cluster,
                    "own_voice": own_voice,
                    "recalled": bool(row.get("recalled")),
                    "place": row.get("place"),
                    "event_kind": row.get("event"),
                    "attribution": row.get("attribution"),
                }
            )
    if events is None:
        labels = link_events(
            [(p["article_id"], p["event_kind"], p["place"], p["claim_date"]) for p in placed]
        )
    else:
        labels = [events.get(p["figure_id"], "") for p in placed]
    if bodies is None:
        bodies = speakers(
            (p["claimant"] for p in placed if not p["own_voice"]),
            (
                (row["source_entity"], row.get("source") or "")
                for rows in holders.values()
                for row in rows.values()
                if row.get("source_entity")
            ),
        )
    claims = []
    for p, label in zip(placed, labels, strict=True):
        for name in _SHARED:  # copies of a story repeat them: one string each, not one a claim
            if isinstance(p[name], str):
                p[name] = sys.intern(p[name])
        p["quantity"] = _quantity(*p["quantity"], label)
        claims.append(Claim(**p, speaks_for=bodies.get(claimant_key(p["claimant"]))))
    claims.sort(key=lambda c: (c.claim_date or "", c.article_id, c.position))
    return claims


def claim_date_of(row: Mapping[str, Any]) -> str | None:
    """A figure row's claim date: `stated_on` (2024-12-16, 2024-12, 2024), else its
    article's publication day."""
    return (row.get("stated_on") or row.get("published") or "")[:10] or None


_SHARED = (  # the text fields of a claim that the copies of a story repeat
    "claimant", "relay", "claim_date", "text", "qualifier", "subject", "period", "outlet",
    "published", "place", "event_kind",
)  # fmt: skip
_quantity = lru_cache(maxsize=4_096)(Quantity)  # one object per quantity, not one a claim


def _populations(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The stored population of each figure row of one article, else computed from them
    all (rows read without the key, such as `Store.figures()` gives)."""
    stored = [row.get("population") for row in rows]
    return article_populations(rows) if None in stored else stored  # type: ignore[return-value]


def voice_words() -> tuple[str, ...]:
    """The words that make a claimant another's voice (\"spokesman\"), lower-case."""
    return tuple(e["word"] for e in bundled_lexicon("entity_words") if e.get("type") == "voice")


def speakers(names: Iterable[str], worded: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{claimant key: body} for claimants who speak for another claimant: one of their
    attributions is worded with a voice word and names that other claimant ("Pentagon
    deputy press secretary Sabrina Singh", "a spokesman for the ministry"), as a whole
    (not inside a longer word); of several named, the longest name. `names`: the claimants
    (not the articles' own voice) of the claims; `worded`: (speaker, source words) of the
    attributions naming an entity, in order of reading (the first that names a body is
    the one). The words are cut where a name may start and end (word edges), so the cost
    is of the words, not of the names."""
    voices = voice_words()
    rank: dict[str, tuple[int, str]] = {}  # key -> (rank, name): the longest name first
    for i, name in enumerate(sorted(set(names), key=len, reverse=True)):
        rank.setdefault(claimant_key(name), (i, name))
    longest = max(map(len, rank), default=0)
    found: dict[str, str] = {}
    for speaker, source in dict.fromkeys((s, w.casefold()) for s, w in worded):  # each once
        if not any(v in source for v in voices):
            continue
        own = claimant_key(speaker)
        starts = [m.start() for m in _STARTS.finditer(source)]
        ends = [m.start() for m in _ENDS.finditer(source)]
        named = [
            rank[source[i:j]]
            for i in starts
            for j in ends[bisect_left(ends, i) : bisect_right(ends, i + longest)]
            if source[i:j] in rank and source[i:j] != own
        ]
        if named:
            found.setdefault(own, min(named)[1])
    return found


_STARTS = re.compile(r"(?<!\w)")  # where a whole name may start: no word character before
_ENDS = re.compile(r"(?!\w)")  # where it may end: no word character after


def load_claims(store: Any, clusters: Mapping[int, int | None] | None = None) -> list[Claim]:
    """Every figure of the store as a Claim, ordered by claim date.

    `clusters` ({article id: cluster id}) defaults to the ids recorded in the store.
    """
    if clusters is None:
        clusters = store.cluster_ids()
    return build_claims(store.figures(), store.claims(), clusters)


def timeline(claims: Iterable[Claim], quantity: Quantity) -> list[Claim]:
    """The claims of one quantity, ordered by claim date, then claimant."""
    found = [c for c in claims if quantity.covers(c.quantity)]
    return sorted(found, key=lambda c: (c.claim_date or "", c.claimant_key, c.article_id))


def series(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """The claims per claimant (first-seen name of each claimant key), each by date."""
    grouped: dict[str, list[Claim]] = {}
    names: dict[str, str] = {}
    for claim in sorted(claims, key=lambda c: (c.claim_date or "", c.article_id, c.position)):
        name = names.setdefault(claim.claimant_key, claim.claimant)
        grouped.setdefault(name, []).append(claim)
    return grouped
