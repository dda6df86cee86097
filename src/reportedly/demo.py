"""The bundled demo articles, and the first views an analyst wants of a store.

`DEMO_DIR` holds short example articles written for this project on real,
sourced claims (North Korean troops in Kursk, 2024-2025; the 2014 Chibok
abduction), with several claimants, relays, qualifiers, claim dates and two
syndicated copies of one story. `figures_by_claimant` is the first table
`reportedly demo` prints after ingesting them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

DEMO_DIR = Path(str(files("reportedly") / "data" / "demo"))
OWN_VOICE = "(article)"  # the claimant of a figure the article states in its own voice


def demo_articles() -> list[Path]:
    """The demo article files, in date order."""
    return sorted(DEMO_DIR.glob("*.txt"))


def figures_by_claimant(store: Any, limit: int | None = None) -> list[dict[str, Any]]:
    """Every figure, grouped by claimant and ordered by claim date.

    `claimant` is the figure's `source_entity` (or OWN_VOICE); `claim_date` its
    `stated_on` date, else the article's publication date.
    """
    rows = [
        {
            **row,
            "claimant": row.get("source_entity") or OWN_VOICE,
            "claim_date": row.get("stated_on") or row.get("published"),
        }
        for row in store.figures(limit=limit)
    ]
    rows.sort(
        key=lambda r: (r["claimant"] == OWN_VOICE, r["claimant"].lower(), r["claim_date"] or "")
    )
    return rows
