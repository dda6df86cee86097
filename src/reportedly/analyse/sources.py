"""How a claim's relay chain names its people: who said it first, and through whom.

A claim's claimant is the first link of its relay chain ("who said it first"),
else its source; `through` are the relays and wires after it. The source
profiles built on these rules are counted in SQL (`store.source_reads`,
`app.sources`); these are the same rules over one claim read as a record.
"""

from __future__ import annotations

from typing import Any

from reportedly.store.source_reads import VIA_ROLES


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


def find_entities(store: Any, name: str) -> list[dict[str, Any]]:
    """Entities named `name` (canonical name or alias, any case), else containing it."""
    return store.entities_named(name)
