"""The export writes figures a window of claim dates at a time, on SQLite and PostgreSQL.

A generated store (two months of claims from five claimants, copies, a spokesperson
known as her ministry's voice only from an article weeks before her other claims, a
breakdown recalled from weeks before its whole, a figure with no date) is exported with
windows of one claim date and with one window: the files are the same, byte for byte,
and the figures and quantities are those the population's every claim gives at once
(the reference: every figure of a population placed together, its events linked among
them, the quantities table counted over them)."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from analysis_data import copy_of, figure, population_claims, said, store_of
from reportedly.analyse.bands import bands
from reportedly.analyse.export import COLUMNS, figure_rows
from reportedly.analyse.summary import by_event
from reportedly.analyse.syndication import merge_equal
from reportedly.analyse.timelines import Claim
from reportedly.app.exports import export_store
from reportedly.model import Report
from reportedly.store import Store

CLAIMANTS = ("Ministry", "Rebels", "Governor", "Red Cross", None)  # None: the outlet's own voice
OUTLETS = ("Harbor Ledger", "Northern Times", "Capital Review", "Valley Post")
TABLES = ("claims", "figures", "entities", "quantities")


def spoken(claimant: str, words: str, published: str, found: list, story: str) -> Report:
    """A report whose claimant is named in `words` ("Ministry spokeswoman Ana Ruiz")."""
    report = said(claimant, published, "Valley Post", found, story=story)
    report.attributions[0].source = words
    return report


def generated() -> list[Report]:
    rng = random.Random(11)
    reports: list[Report] = []
    for i in range(90):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(60))
        killed = 100 + (day - date(2025, 1, 1)).days * 4 + rng.choice([0, 0, 3, 40])
        found = [figure(killed, "killed", qualifier=rng.choice(["exact", "approx"]))]
        if rng.random() < 0.5:
            found.append(figure(killed * 2, "injured"))
        report = said(rng.choice(CLAIMANTS), day.isoformat(), rng.choice(OUTLETS), found,
                      story=f"s{i}")  # fmt: skip
        reports.append(report)
        if rng.random() < 0.2:
            reports.append(copy_of(report, "Eastern Dispatch"))
    villagers = "villagers"  # the spokeswoman's: her words name her body once, in January
    reports += [
        spoken("Ana Ruiz", "Ministry spokeswoman Ana Ruiz", "2025-01-03",
               [figure(10, "killed", villagers)], "v1"),
        said("Ministry", "2025-02-20", "Harbor Ledger", [figure(40, "killed", villagers)],
             story="v2"),
        spoken("Ana Ruiz", "Ana Ruiz", "2025-02-21", [figure(40, "killed", villagers)], "v3"),
        said("Governor", "2025-02-25", "Capital Review",
             [figure(900, "casualties"),
              figure(300, "killed", part_of=0, stated_on="2025-01-05"),  # recalled, a part
              figure(120, "injured", stated_on="2024-12-20")],  # recalled long before
             story="p1"),
        said("Rebels", None, "Valley Post", [figure(55, "killed")], story="undated"),  # type: ignore[arg-type]
    ]  # fmt: skip
    return reports


def exported(store: Store, folder: Path, chunk: int) -> dict[str, bytes]:
    export_store(store, folder, "jsonl", chunk=chunk)
    return {table: (folder / f"{table}.jsonl").read_bytes() for table in TABLES}


def rows_of(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode().splitlines()]


def as_written(rows: list[dict[str, Any]], table: str) -> list[dict[str, Any]]:
    """Rows as the jsonl file holds them: the table's columns, through JSON."""
    names = [c.name for c in COLUMNS[table]]
    return [json.loads(json.dumps({name: row.get(name) for name in names})) for row in rows]


def quantities_of(claims: list[Claim]) -> list[dict[str, Any]]:
    """The quantities table's rows counted over every claim at once (the reference)."""
    grouped: dict[Any, list[Claim]] = defaultdict(list)
    for claim in claims:
        grouped[claim.quantity].append(claim)
    rows = []
    for quantity, found in grouped.items():
        statements = merge_equal(found)
        dates = sorted(c.claim_date for c in found if c.claim_date)
        band = (bands(statements) or [None])[-1]
        rows.append(
            {
                "quantity": quantity.name, "population": quantity.population,
                "category": quantity.category, "span": quantity.span, "event": quantity.event,
                "places": "; ".join(sorted({c.place for c in found if c.place})),
                "claims": len(found), "statements": len(statements),
                "reports": len({c.cluster_id for c in found}),
                "outlets": len({c.outlet for c in found if c.outlet}),
                "claimants": len({c.claimant_key for c in found}),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "latest_conservative": band and band.conservative,
                "latest_low": band and band.low, "latest_best": band and band.best,
                "latest_high": band and band.high,
                "latest_disagreement": band and round(band.disagreement, 3),
            }
        )  # fmt: skip
    return rows


def test_windows_of_one_date_export_what_one_window_does(store_url: str, tmp_path: Path) -> None:
    with store_of(store_url, generated()) as store:
        whole = exported(store, tmp_path / "whole", 10**9)
        windowed = exported(store, tmp_path / "windows", 1)
        assert windowed == whole
        figures, quantities = [], []
        for population in store.populations():
            claims = population_claims(store, population)
            figures += figure_rows(merge_equal(claims))
            quantities += quantities_of(claims)
    by_id = sorted(rows_of(windowed["figures"]), key=lambda row: row["figure_id"])
    assert by_id == sorted(as_written(figures, "figures"), key=lambda row: row["figure_id"])
    assert rows_of(windowed["quantities"]) == as_written(by_event(quantities), "quantities")

    rows = {(r["text"], r["claim_date"]): r for r in by_id}
    assert rows["300", "2025-01-05"]["part_of"] == rows["900", "2025-02-25"]["figure_id"]
    assert rows["120", "2024-12-20"]["part_of"] is None  # dated weeks before its article
    ministry = rows["40", "2025-02-20"]  # Ana Ruiz, the next day, is the ministry's voice
    assert (ministry["independent_claimants"], ministry["credibility"]) == (1, 6)
    assert rows["55", None]["credibility"] == 6  # undated: written last
    soldiers = [r for r in rows_of(windowed["figures"]) if r["population"] == "freedonian soldiers"]
    assert soldiers[-1]["claim_date"] is None
    assert any(r["independent_claimants"] > 2 for r in by_id)  # agreement across windows
