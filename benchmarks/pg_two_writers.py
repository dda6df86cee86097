"""Two PostgreSQL writers at once: the per-population write locks (store/write_locks.py)
against one lock for the whole store.

    python benchmarks/pg_two_writers.py [--articles 150] [--rounds 2]

Starts a throwaway PostgreSQL server (tests/postgres.py: Debian's binaries), then per
round and per mode a fresh database, into which two processes (two connection pools)
each `Store.add` `--articles` generated articles: `different` (each writer its own
population), `same` (both one population), and `whole` (different populations, every
write holding the whole store's lock, as before the per-population locks). Prints each
run's wall time, the writers' CPU seconds and articles per second; the modes alternate
and their order rotates per round.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from analysis_data import figure, said
from postgres import PostgresServer
from reportedly.store import open_store
from reportedly.store import store as store_module

SUBJECTS = {
    "different": ("Freedonian soldiers", "Ruritanian villagers"),
    "same": ("Freedonian soldiers",) * 2,
}


def write(url: str, writer: int, subject: str, articles: int, whole: bool) -> None:
    if whole:  # every write holds the whole store (the lock before this change)
        real = store_module.hold
        store_module.hold = lambda conn, populations: real(conn, None)  # type: ignore[assignment]
    with open_store(url) as store:
        for n in range(articles):
            words = " ".join(f"w{writer}x{n}t{i}" for i in range(60))
            figures = [figure(n + 1, "killed", subject), figure(n + 2, "injured", subject)]
            store.add(
                said(
                    f"Claimant {writer}-{n % 7}",
                    f"2025-03-{n % 28 + 1:02d}",
                    f"Outlet {writer}",
                    figures,
                    story=words,
                )
            )


def run(server: PostgresServer, mode: str, articles: int) -> tuple[float, float]:
    subjects = SUBJECTS["same" if mode == "same" else "different"]
    with server.database() as url:
        open_store(url).close()  # migrated before the writers start
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        procs = [
            multiprocessing.Process(
                target=write, args=(url, w, subjects[w], articles, mode == "whole")
            )
            for w in range(2)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
            assert p.exitcode == 0, p.exitcode
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    modes = ["different", "whole", "same"]
    server = PostgresServer.start(Path(tempfile.mkdtemp(prefix="reportedly-pg-")))
    try:
        for r in range(args.rounds):
            for mode in modes[r % 3 :] + modes[: r % 3]:
                wall, cpu = run(server, mode, args.articles)
                rate = 2 * args.articles / wall
                print(
                    f"round {r} {mode:9} wall {wall:6.1f} s  writers' CPU {cpu:6.1f} s"
                    f"  {rate:5.1f} articles/s",
                    flush=True,
                )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
