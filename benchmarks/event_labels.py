"""The event labels of a quantity's figures: read from the kept keys, or recomputed.

    python benchmarks/event_labels.py STORE [--population P] [--runs 3]
    python benchmarks/event_labels.py --add POOL_DIR [--runs 4] [--copies 2]

The first form times, on a store of benchmarks/reads.py (its `--keep` folder holds
`store-<size>.db`), for the population with the most figures (or P):

- `labels_of 200`: `event_index(store, p).labels_of(ids)` for 200 random figures of it;
- `labels_of all`: the same for every figure of the population;
- `link_events`: the points of every figure of the population read from the store
  (`population_figures`, `article_attributions`, as `build_claims` reads them), then
  `link_events` over them: what a view cost before the keys; `link_events alone` is the
  second part.

The second form adds the pool's reports (`--copies` distinct copies of each) to a new
SQLite store with the event keys kept and without (`index_events` and `unindex_events`
replaced by no-ops), and prints the CPU ms an article of each.

Each measurement runs in a fresh interpreter (`--child`), which prints its CPU seconds
(user + system of that process) and peak resident MB; runs alternate (ABBA), and the
load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MODES = ("labels_of 200", "labels_of all", "link_events")
CHECK = "check"  # a child that compares the two: every label read equals link_events' own
ADDS = ("kept", "without")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def largest_population(db: str) -> str:
    from sqlalchemy import func, select

    from reportedly.store import open_store
    from reportedly.store.schema import event_keys

    k = event_keys
    stmt = select(k.c.population).group_by(k.c.population).order_by(func.count().desc())
    with open_store(db, read_only=True) as store, store.engine.connect() as conn:
        return conn.scalars(stmt.limit(1)).one()


def read_points(store: Any, population: str) -> list[tuple[Any, ...]]:
    """The points `link_events` labels: the population's claims, in article and position
    order, read as `build_claims` reads them (a figure a denial holds is no claim)."""
    from reportedly.analyse.timelines import NOT_CLAIMED

    figures = sorted(
        store.population_figures(population), key=lambda f: (f["article_id"], f["position"])
    )
    holding = {(f["article_id"], f["attribution"]) for f in figures if f["attribution"] is not None}
    held = {
        (a["article_id"], a["position"]): a["modality"]
        for a in store.article_attributions({f["article_id"] for f in figures}, holding)
    }
    return [
        (f["article_id"], f["event"], f["place"], (f["stated_on"] or f["published"] or "")[:10])
        for f in figures
        if held.get((f["article_id"], f["attribution"])) not in NOT_CLAIMED
    ]


def child(mode: str, db: str, population: str) -> dict[str, float]:
    from sqlalchemy import select

    from reportedly.analyse.events import event_index, link_events
    from reportedly.store import open_store
    from reportedly.store.schema import event_keys

    with open_store(db, read_only=True) as store:
        found: dict[str, float] = {}
        if mode == CHECK:
            figures = sorted(
                store.population_figures(population), key=lambda f: (f["article_id"], f["position"])
            )
            points = read_points(store, population)
            read = event_index(store, population).labels_of(f["id"] for f in figures)
            ordered = [read[i] for i in sorted(read, key=_position_of(figures))]
            return {"equal": float(ordered == link_events(points)), "labels": len(read)}
        if mode == "link_events":
            start = _cpu()
            points = read_points(store, population)
            middle = _cpu()
            labels = link_events(points)
            found["link_events alone"] = _cpu() - middle
        else:
            with store.engine.connect() as conn:
                stmt = select(event_keys.c.figure_id).where(event_keys.c.population == population)
                ids = list(conn.scalars(stmt))
            if mode == "labels_of 200":
                ids = random.Random(0).sample(ids, 200)
            start = _cpu()
            labels = list(event_index(store, population).labels_of(ids).values())
        found[mode] = _cpu() - start
        found["labels"] = len(labels)
        found["peak_mb"] = _peak_mb()
        return found


def _position_of(figures: list[dict[str, Any]]) -> Any:
    where = {f["id"]: (f["article_id"], f["position"]) for f in figures}
    return lambda figure_id: where[figure_id]


def add_child(mode: str, pool_dir: str, copies: int) -> dict[str, float]:
    import reportedly.store.store as store_module
    from reportedly.model import Article, Report
    from reportedly.store import open_store

    if mode == "without":
        store_module.index_events = lambda conn, article_id, removed=None: None
        store_module.unindex_events = lambda conn, article_id: {}
    pool = pickle.loads((Path(pool_dir) / "pool.pickle").read_bytes())
    reports = [
        Report(
            Article(**{**r.article.__dict__, "text": f"{r.article.text}\nCopy {n}."}),
            r.attributions,
            r.figures,
            r.entities,
            r.extractor,
        )
        for n in range(copies)
        for r in pool
    ]
    with tempfile.TemporaryDirectory() as folder, open_store(f"{folder}/add.db") as store:
        start = _cpu()
        for report in reports:
            store.add(report)
        return {mode: (_cpu() - start) * 1e3 / len(reports), "peak_mb": _peak_mb()}


def run(argv: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *argv], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def alternated(modes: tuple[str, ...], runs: int, argv: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {mode: [] for mode in modes}
    for n in range(runs):
        for mode in modes if n % 2 == 0 else tuple(reversed(modes)):
            found[mode].append(run([mode, *argv]))
    return found


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        mode, *rest = sys.argv[2:]
        if mode in ADDS:
            print(json.dumps(add_child(mode, rest[0], int(rest[1]))))
        else:
            print(json.dumps(child(mode, rest[0], rest[1])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?", help="a store of benchmarks/reads.py")
    parser.add_argument("--population")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--add", metavar="POOL_DIR", help="time Store.add with and without")
    parser.add_argument("--copies", type=int, default=2)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}", flush=True)
    started = time.perf_counter()
    if args.add:
        found = alternated(ADDS, args.runs, [args.add, str(args.copies)])
        for mode, rows in found.items():
            ms = [r[mode] for r in rows]
            runs = ", ".join(f"{m:.2f}" for m in ms)
            print(f"  Store.add, event keys {mode:<8} CPU ms an article: median "
                  f"{statistics.median(ms):.2f} (runs {runs})")  # fmt: skip
    else:
        population = args.population or largest_population(args.store)
        found = alternated(MODES, args.runs, [args.store, population])
        checked = run([CHECK, args.store, population])
        print(f"  population {population!r}: {found['labels_of all'][0]['labels']} figures; "
              f"labels read equal link_events': {bool(checked['equal'])}")  # fmt: skip
        for rows in found.values():
            for key in [k for k in rows[0] if k not in ("labels", "peak_mb")]:
                cpus = [r[key] for r in rows]
                print(f"  {key:<20} CPU s median {statistics.median(cpus):7.3f} "
                      f"(runs {', '.join(f'{c:.3f}' for c in cpus)}), peak "
                      f"{max(r['peak_mb'] for r in rows):.0f} MB")  # fmt: skip
    print(f"load average at end: {os.getloadavg()} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
