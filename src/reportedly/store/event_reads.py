"""The store's reads of one population's kept event state (store/event_keys.py): the
small per-population tables whole, and the keys and claim days of the figures asked.

What the labels are made of is reportedly.analyse.events `event_index`; these reads
only fetch rows, by the population's primary keys and the figures' ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from reportedly.store.event_keys import fill_kinds
from reportedly.store.schema import (
    event_days,
    event_fills,
    event_keys,
    event_places,
    event_theatres,
    figures,
)

ID_CHUNK = 1_000  # figure ids per IN (...) list


@dataclass(frozen=True)
class EventState:
    """What labels a population's events across articles."""

    places: list[dict[str, Any]]  # `event_places` rows: kind, place_key, place, n, first_*
    fills: dict[str, str]  # {place key: the linked kind a place with no kind takes there}
    theatres: dict[tuple[str, str], str]  # {(linked kind, place key): theatre}
    points: int  # the population's claims


class EventReads:
    """Reads of the kept event state; mixed into Store, which provides `engine`."""

    engine: Engine

    def event_state(self, population: str) -> EventState:
        """The population's place names, filled kinds and theatres (few rows: one per
        distinct place name, not per figure)."""
        p, f, t, d = event_places, event_fills, event_theatres, event_days
        with self.engine.connect() as conn:
            points = conn.scalar(select(func.sum(d.c.n)).where(d.c.population == population))
            places = conn.execute(select(p).where(p.c.population == population)).mappings()
            fills = conn.execute(select(f).where(f.c.population == population))
            theatres = conn.execute(
                select(t.c.kind, t.c.place_key, t.c.theatre).where(t.c.population == population)
            )
            return EventState(
                places=[dict(row) for row in places],
                fills=fill_kinds(fills),
                theatres={(row.kind, row.place_key): row.theatre for row in theatres},
                points=points or 0,
            )

    def event_points(
        self, population: str, figure_ids: Iterable[int] | None = None
    ) -> list[tuple[int, str, str, bool, str | None]]:
        """(figure_id, kind, place_key, to_fill, claim_day) of the figures asked that are
        claims of the population, or of all its claims (`figure_ids` None: one scan of
        the population, for when most are asked)."""
        k = event_keys
        stmt = (
            select(k.c.figure_id, k.c.kind, k.c.place_key, k.c.to_fill, figures.c.claim_day)
            .join(figures, figures.c.id == k.c.figure_id)
            .where(k.c.population == population)
        )
        with self.engine.connect() as conn:
            if figure_ids is None:
                return [tuple(row) for row in conn.execute(stmt)]
            ids = sorted(set(figure_ids))
            found = []
            for start in range(0, len(ids), ID_CHUNK):
                chunk = k.c.figure_id.in_(ids[start : start + ID_CHUNK])
                found.extend(tuple(row) for row in conn.execute(stmt.where(chunk)))
            return found

    def event_days(
        self, population: str, kinds: Iterable[str], place_keys: Iterable[str]
    ) -> list[tuple[str, str, bool, str]]:
        """(kind, place_key, to_fill, claim_day) of the population's cells of those kinds
        and place keys, one per distinct claim day ('' for none)."""
        d = event_days
        stmt = select(d.c.kind, d.c.place_key, d.c.to_fill, d.c.claim_day).where(
            d.c.population == population,
            d.c.kind.in_(sorted(set(kinds))),
            d.c.place_key.in_(sorted(set(place_keys))),
        )
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(stmt)]
