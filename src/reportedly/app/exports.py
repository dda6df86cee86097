"""Exports as the application runs them: the four tables streamed from the store.

`export_store(store, out_dir, fmt)` writes claims, figures, entities and
quantities (columns: `analyse.export.COLUMNS`) and returns the paths. Nothing
is held whole: claims and entities are read a keyset page at a time; figures
one population at a time (their corroboration and events are a population's
business), so memory is bounded by the largest population, not by the store;
the quantities (one row per quantity) are gathered on the way. Figures are
written population by population, each in claim-date order. Export reads only:
the syndication clusters and entities are the ones the store keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from reportedly.analyse.export import claim_rows, figure_rows, write_table
from reportedly.analyse.summary import by_event, quantity_rows
from reportedly.app.quantities import population_claims
from reportedly.errors import ExportError


def _claims(store: Any) -> Iterator[dict[str, Any]]:
    """Claim rows with their relays, an article at a time."""
    for _, rows in groupby(store.iter_claims(), key=lambda row: row["article_id"]):
        yield from claim_rows(list(rows))


def _figures(store: Any, quantities: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Figure rows, a population at a time; each population's quantity rows go to
    `quantities` on the way."""
    for population in store.populations():
        claims = population_claims(store, population)
        quantities.extend(quantity_rows(claims))
        yield from figure_rows(claims)


def export_store(store: Any, out_dir: Path, fmt: str) -> list[Path]:
    """Write the four tables to `out_dir/<table>.<fmt>`; returns the paths written.

    A file that cannot be written (full disk, no permission) is an ExportError."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    quantities: list[dict[str, Any]] = []
    return [
        write_table(_claims(store), "claims", out_dir, fmt),
        write_table(_figures(store, quantities), "figures", out_dir, fmt),
        write_table(store.iter_entities(), "entities", out_dir, fmt),
        write_table(by_event(quantities), "quantities", out_dir, fmt),
    ]
