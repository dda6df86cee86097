"""Source profiles and one source's history, as records (what `sources` shows).

A profile (per entity across articles with a claim or a figure): claims (its
own, see `store.source_reads`), relayed, figures, first and last seen
(publication dates), the outlets that carried them, the relays they came
through, its reliability grade (Admiralty A-F, default F). The counts are
grouped in the database; the outlets and relays are read for the listed
entities only. The entities across articles are the ones the store keeps
current on write; reads never rebuild them.
"""

from __future__ import annotations

from typing import Any

from reportedly.analyse.sources import through_whom


def source_profiles(
    store: Any, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The profiles, the most-cited first (claims, then figures, then name); a page of
    `limit` rows from `offset` (all with no limit)."""
    rows = store.source_counts(limit=limit, offset=offset)
    ids = [row["id"] for row in rows]
    outlets = store.source_outlets(ids) if ids else {}
    relays = store.source_relays(ids) if ids else {}
    return [
        {
            **row,
            "outlets": outlets.get(row["id"], []),
            "relays": [r for r in relays.get(row["id"], []) if r != row["name"]],
        }
        for row in rows
    ]


def source_history(
    store: Any, name: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The entities named `name` (name or alias, any case, else containing it), their own
    claims (each with `through`) and the figures they claim, both by publication date."""
    found = store.entities_named(name)
    ids = [row["id"] for row in found]
    if not ids:
        return [], [], []
    claims = [{**claim, "through": through_whom(claim)} for claim in store.source_claims(ids)]
    return found, claims, store.source_figures(ids)
