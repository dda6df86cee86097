"""Exports as the application runs them: the four tables streamed from the store.

`export_store(store, out_dir, fmt)` writes claims, figures, entities and
quantities (columns: `analyse.export.COLUMNS`) and returns the paths. Nothing
is held whole: claims and entities are read a keyset page at a time; figures
population by population, each a window of claim dates at a time, in claim-date
order (the figures without a claim date last):

- a population's dates are cut into windows of about `CHUNK_FIGURES` figures (its
  figures per claim day, counted in SQL on the claim-day index);
- a figure is corroborated by the statements of its quantity within
  `syndication.WINDOW_DAYS` of it, so the statements of the last `WINDOW_DAYS`
  before a window are kept from the windows before and the windows starting up to
  `WINDOW_DAYS` after it read ahead (a window a read): every figure is read and placed
  once, and only a window's own statements are graded and written;
- events are labelled as in the whole population (`analyse.events.event_index`), who
  speaks for whom is found once over the population (its claimant names and the
  attributions worded as another's voice, `timelines.speakers`), and a breakdown's
  `part_of` is its whole's figure id wherever the whole is dated (`Store.wholes_of`),
  so no row depends on which window holds it;
- the quantities table is gathered as the windows pass (`analyse.summary.QuantityTally`:
  distinct counts in a temporary file, each claimant's latest statement per quantity).

So memory is bounded by a window and its margins, not by a population or the store.
Export reads only: the syndication clusters and entities are the ones the store keeps.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

from reportedly.analyse.events import EventIndex, event_index
from reportedly.analyse.export import claim_rows, figure_rows, write_table
from reportedly.analyse.summary import QuantityTally
from reportedly.analyse.syndication import WINDOW_DAYS, Statement, day_of, merge_equal
from reportedly.analyse.timelines import UNNAMED, Claim, speakers, voice_words
from reportedly.app.quantities import placed_claims
from reportedly.errors import ExportError

CHUNK_FIGURES = 5_000  # a population's figures per window of claim dates, about
MARGIN = timedelta(days=WINDOW_DAYS)


def _claims(store: Any) -> Iterator[dict[str, Any]]:
    """Claim rows with their relays, an article at a time."""
    for _, rows in groupby(store.iter_claims(), key=lambda row: row["article_id"]):
        yield from claim_rows(list(rows))


def _windows(
    claim_days: Sequence[tuple[str | None, int]], chunk: int
) -> tuple[dict[date, list[str]], list[list[date]], list[str | None]]:
    """The stored claim days by date, the dates in windows of at least `chunk` figures
    (the last one of fewer), and the claim days that are no date (None among them)."""
    days: dict[date, list[str]] = defaultdict(list)
    counts: Counter[date] = Counter()
    undated: list[str | None] = []
    for day, n in claim_days:
        found = day_of(day)
        if day is None or found is None:
            undated.append(day)
        else:
            days[found].append(day)
            counts[found] += n
    windows: list[list[date]] = [[]]
    held = 0
    for found in sorted(days):
        if held >= chunk:
            windows.append([])
            held = 0
        windows[-1].append(found)
        held += counts[found]
    return days, [w for w in windows if w], undated


class _Population:
    """What every window of one population reads the same way."""

    def __init__(self, store: Any, population: str, piece: int) -> None:
        self.store, self.population, self.piece = store, population, piece
        self.events: EventIndex = event_index(store, population)
        names = (name or UNNAMED for name in store.claimant_names(population))
        self.bodies = speakers(names, store.voice_worded(population, voice_words()))

    def statements(self, days: list[str | None]) -> list[Statement]:
        """The statements of the population's figures claimed on `days` (stored claim
        days; None: none), placed as claims `piece` figures at a time (a day can hold tens
        of thousands: only the claims are kept, not the rows they are made from)."""
        ids = self.store.population_figure_ids(self.population, days)
        claims: list[Claim] = []
        for start in range(0, len(ids), self.piece):
            rows = self.store.population_figures(
                self.population, ids=ids[start : start + self.piece]
            )
            claims += self._wholes(rows, placed_claims(self.store, rows, self.events, self.bodies))
        return merge_equal(claims)

    def _wholes(self, rows: list[dict[str, Any]], claims: list[Claim]) -> list[Claim]:
        """The claims with the `part_of` of a breakdown whose whole was not read with it
        (dated on another day) looked up in the store."""
        read = {(f["article_id"], f["position"]) for f in rows}
        parts = [
            f["id"]
            for f in rows
            if f["part_of"] is not None and (f["article_id"], f["part_of"]) not in read
        ]
        wholes = self.store.wholes_of(parts) if parts else {}
        return [
            replace(c, part_of=wholes[c.figure_id]) if c.figure_id in wholes else c for c in claims
        ]


def _dated(statement: Statement) -> date:
    return day_of(statement.claim_date)  # type: ignore[return-value]


def population_rows(
    store: Any, population: str, tally: QuantityTally, chunk: int = CHUNK_FIGURES
) -> Iterator[dict[str, Any]]:
    """The figures rows of one population, a window of claim dates at a time (see the
    module doc); its statements go to `tally` on the way."""
    days, windows, undated = _windows(store.claim_days(population), chunk)
    read = _Population(store, population, chunk)
    ahead = 0  # windows[:ahead] are read
    held: list[Statement] = []  # the statements of the windows read that a window may need
    for window in windows:
        first, last = window[0], window[-1]
        while ahead < len(windows) and windows[ahead][0] <= last + MARGIN:  # a window a read
            held += read.statements([day for found in windows[ahead] for day in days[found]])
            ahead += 1
        held = held[bisect_left(held, first - MARGIN, key=_dated) :]
        shown = range(bisect_left(held, first, key=_dated), bisect_right(held, last, key=_dated))
        tally.add(held[i] for i in shown)
        yield from figure_rows(held, only=shown)
    if undated:
        statements = read.statements(undated)
        tally.add(statements)
        yield from figure_rows(statements)


def _figures(store: Any, tally: QuantityTally, chunk: int) -> Iterator[dict[str, Any]]:
    """Figure rows, a population at a time."""
    for population in store.populations():
        yield from population_rows(store, population, tally, chunk)


def export_store(store: Any, out_dir: Path, fmt: str, chunk: int = CHUNK_FIGURES) -> list[Path]:
    """Write the four tables to `out_dir/<table>.<fmt>`; returns the paths written.
    `chunk`: a population's figures per window of claim dates, about.

    A file that cannot be written (full disk, no permission) is an ExportError."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    with closing(QuantityTally()) as tally:
        return [
            write_table(_claims(store), "claims", out_dir, fmt),
            write_table(_figures(store, tally, chunk), "figures", out_dir, fmt),
            write_table(store.iter_entities(), "entities", out_dir, fmt),
            write_table(tally.rows(), "quantities", out_dir, fmt),
        ]
