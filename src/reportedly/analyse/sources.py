"""Source profiles: who claims what across the store, through whom, and how reliable they are.

A claim's claimant is the first link of its relay chain ("who said it first"),
else its source; `through` are the relays and wires after it. A profile counts
a claimant's own claims apart from the claims it relayed (`relayed`: those
whose chain names it as a relay, such as a lawmaker passing on an agency's
briefing; its own attribution that only wraps such a relayed claim, "Lee said
the agency found C", is counted there and not as its own), its figures, its
first and last dates (publication dates), the outlets that carried them, the
relays they came through, and the reliability grade the user gave it
(Admiralty A-F, default F). Reads the entities across articles that
`analyse.entities.resolve_entities` wrote.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

VIA_ROLES = ("relay", "wire")


def claimant_id(claim: dict[str, Any]) -> int | None:
    """The entity who said it first: the chain's claimant, else the attribution's source."""
    chain = claim.get("chain") or []
    if chain and chain[0]["role"] == "claimant":
        return chain[0]["entity_id"]
    return claim.get("entity_id")


def through_whom(claim: dict[str, Any]) -> list[str]:
    """The relays and wires a claim came through, in order (canonical names when known)."""
    return [
        link["canonical"] or link["name"] for link in claim["chain"] if link["role"] in VIA_ROLES
    ]


def _relayed(claims: list[dict[str, Any]]) -> dict[int, set[tuple[int, str]]]:
    """For each entity, the claims (article id, content) its chain link relays."""
    relayed: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for claim in claims:
        for link in claim["chain"][1:]:
            entity = link.get("entity_id")
            if link["role"] in VIA_ROLES and entity is not None and entity != claimant_id(claim):
                relayed[entity].add((claim["article_id"], claim["content"]))
    return relayed


def _wraps(claim: dict[str, Any], passed_on: set[tuple[int, str]]) -> bool:
    """Whether this claim only carries a claim its source relays: its content holds it."""
    content = claim.get("content") or ""
    return any(
        article == claim["article_id"] and inner in content and inner != content
        for article, inner in passed_on
    )


def _dates(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(r["published"] for r in rows if r.get("published"))


def source_profiles(store: Any) -> list[dict[str, Any]]:
    """One row per claimant with a claim or a figure, the most-cited first."""
    entities = {row["id"]: row for row in store.canonical_entities()}
    claims: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for claim in store.chained_claims():
        entity = claimant_id(claim)
        if entity is not None:
            claims[entity].append(claim)
    figures: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for figure in store.claimed_figures():
        if figure["entity_id"] is not None:
            figures[figure["entity_id"]].append(figure)
    relayed = _relayed(store.chained_claims())
    rows = []
    for entity_id in claims.keys() | figures.keys():
        entity = entities.get(entity_id)
        if entity is None:
            continue  # stored (or merged away) by a writer between the reads above
        passed_on = relayed.get(entity_id, set())
        said = [c for c in claims[entity_id] if not _wraps(c, passed_on)]
        counted = figures[entity_id]
        dates = _dates(said + counted)
        relays = {name for c in said for name in through_whom(c)} - {entity["name"]}
        rows.append(
            {
                "id": entity_id,
                "name": entity["name"],
                "type": entity["type"],
                "aliases": entity["aliases"],
                "reliability": entity["reliability"],
                "claims": len(said),
                "relayed": len(passed_on),
                "figures": len(counted),
                "first_seen": dates[0] if dates else None,
                "last_seen": dates[-1] if dates else None,
                "outlets": sorted({r["outlet"] for r in said + counted if r.get("outlet")}),
                "relays": sorted(relays),
            }
        )
    rows.sort(key=lambda r: (-r["claims"], -r["figures"], r["name"].lower()))
    return rows


def find_entities(store: Any, name: str) -> list[dict[str, Any]]:
    """Entities named `name` (canonical name or alias, any case), else containing it."""
    wanted = name.casefold()
    rows = store.canonical_entities()
    exact = [r for r in rows if wanted in {n.casefold() for n in (r["name"], *r["aliases"])}]
    return exact or [r for r in rows if wanted in r["name"].casefold()]


def source_history(store: Any, name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The claims (with `through`) and the figures of the entities named `name`, by date."""
    ids = {row["id"] for row in find_entities(store, name)}
    claims = [
        {**claim, "through": through_whom(claim)}
        for claim in store.chained_claims()
        if claimant_id(claim) in ids
    ]
    figures = [f for f in store.claimed_figures() if f["entity_id"] in ids]
    return claims, figures
