"""Read latency and memory of the read commands and of the Python API, by store size.

    python benchmarks/reads.py [--sizes 1000,10000,100000] [--runs 5] [--timeout 120]
                               [--keep DIR] [--reuse] [--only NAME,...]

Each store holds `size` distinct articles. Extraction runs once, on a pool of
synthetic articles (the demo's paragraphs, shuffled with a fixed seed; kept in
DIR/pool.pickle); the store is then filled by writing rows directly, in one
transaction per FILL_CHUNK articles (by `COPY` on PostgreSQL, as `Store.add`
writes records, with the id sequences moved past the ids given): copies of the
pool's reports, each made distinct (a numbered closing line, its own date and
outlet, half its claimants renamed from a pool of people and bodies), with the
derived state the write path keeps (quantity keys, one entity per distinct name,
each article its own syndication cluster, the counts per entity and per quantity
group, the event keys), then ANALYZE. So a 100,000-article store takes minutes;
`--fill` prints how long each step took.

Every read command then runs `--runs` times as a CLI subprocess, and every API
call `--runs` times in one fresh interpreter; the script prints median and 95th
percentile wall time, median and 95th percentile CPU time (user + system: what a
shared, loaded machine changes least) and peak resident memory. A CLI row's memory is the
child's peak RSS (from its rusage; this parent imports no reportedly, so the
forked child starts small); an API row's is the peak RSS of its interpreter,
imports included. A command past `--timeout` seconds is stopped and printed as
such. `--version` is the first row: the cost of starting the CLI, which every
other CLI row includes. The fill and the API calls run in child processes
(`--fill`, `--api`), so that this process stays small.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

POOL = 120
FILL_CHUNK = 5_000


def store_shape(size: int) -> tuple[list[str], int]:
    """The outlets and the number of claimant variants of a store of `size` articles: both
    grow with the store (104 outlets and 400 variants up to 10,000 articles, then one
    outlet per 100 articles and one variant per 25), so that a large store has about as
    many outlets and entities as a real corpus of its size, not those of a small one."""
    outlets = max(104, size // 100)
    return [f"Outlet {n:04d}" for n in range(outlets)], max(400, size // 25)


def extracted_pool(folder: Path, count: int) -> list:
    """Reports of `count` synthetic articles, extracted once by the full pipeline (cached)."""
    import pickle

    cache = folder / "pool.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from throughput import synthetic

    from reportedly.extract.pipeline import build_pipeline, extract_reports, load_model

    pool = list(extract_reports(synthetic(count), build_pipeline(load_model())))
    cache.write_bytes(pickle.dumps(pool))
    return pool


def fill(path: str, size: int, pool: list) -> dict[str, float]:
    """Write `size` distinct articles made from `pool` into a new store at `path` (a SQLite
    path or a database URL); returns the wall seconds each step took."""
    import random

    from fill_rows import RowMaker, fill_event_keys, fill_quantity_counts

    from reportedly.store import open_store
    from reportedly.store.bulk import insert_rows
    from reportedly.store.entity_counts import recount
    from reportedly.store.schema import (
        articles,
        attributions,
        canonical_entities,
        entities,
        figures,
        relay_links,
    )

    rng = random.Random(size)
    maker = RowMaker(pool, *store_shape(size))
    tables = (canonical_entities, articles, attributions, figures, entities, relay_links)
    took: dict[str, float] = {}
    start = time.perf_counter()

    def done(step: str) -> None:
        nonlocal start
        took[step], start = time.perf_counter() - start, time.perf_counter()

    with open_store(path) as store:
        for first in range(0, size, FILL_CHUNK):
            rows = maker.rows(range(first, min(size, first + FILL_CHUNK)), rng)
            with store.engine.begin() as conn:
                for table in tables:
                    insert_rows(conn, table, rows[table.name])  # COPY on PostgreSQL
        if store.engine.dialect.name == "postgresql":  # ids were given: sequences past them
            with store.engine.begin() as conn:
                for table in tables:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
        done("rows")
        with store.engine.begin() as conn:
            recount(conn)  # the counts per entity the write path keeps
        done("entity counts")
        with store.engine.begin() as conn:
            fill_event_keys(conn)  # before the counts: they read the claim days
            done("event keys")
            fill_quantity_counts(conn)
        done("quantity counts")
        store.analyze()
        done("ANALYZE")
    return took


def api_calls(quantity: str | None, source: str | None, out: str) -> dict[str, str]:
    """The Python API calls timed in-process: name -> expression over `store` and `api`."""
    calls = {
        "store.articles(limit=50)": "store.articles(limit=50)",
        "store.claims(limit=50)": "store.claims(limit=50)",
        "store.figures(category='killed', limit=50)": "store.figures(category='killed', limit=50)",
        "api.quantity_list(store)": "api.quantity_list(store)",
        "api.source_profiles(store, limit=50)": "api.source_profiles(store, limit=50)",
        "api.export(store, DIR, 'csv')": f"api.export(store, Path({out!r}), 'csv')",
    }
    if quantity:
        calls["api.quantity_views(store, Q)"] = f"api.quantity_views(store, {quantity!r})"
    if source:
        calls["store.claims(source=S, limit=50)"] = f"store.claims(source={source!r}, limit=50)"
        calls["api.source_history(store, S)"] = f"api.source_history(store, {source!r})"
    return calls


def run_api(path: str, expression: str, runs: int) -> None:
    """Time `expression` `runs` times in this interpreter; print wall and CPU times and peak
    RSS as JSON."""
    import resource

    from reportedly import api

    store = api.open_store(path)
    times, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        eval(expression, {"api": api, "store": store, "Path": Path})  # the script's own calls
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"times": times, "cpus": cpus, "peak": peak}))


def commands(quantity: str | None, source: str | None, out: str) -> list[list[str]]:
    cmds = [
        ["--version"],
        ["stats"],
        ["articles"],
        ["articles", "--since", "2025-06-01"],
        ["show", "1"],
        ["claims"],
        ["claims", "--format", "jsonl"],
        ["claims", "--text", "killed"],
        ["figures"],
        ["figures", "--category", "killed"],
        ["quantities"],
        ["sources"],
        ["entities", "list"],
        ["export", "--format", "csv", "--out", out],
    ]
    if quantity:
        cmds.append(["figures", "--quantity", quantity])
    if source:
        cmds.append(["claims", "--source", source])
        cmds.append(["sources", source])
    return cmds


def run_once(argv: list[str], timeout: float) -> tuple[float | None, float, int]:
    """Wall seconds (None past the timeout), CPU seconds and peak RSS in MB of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            return time.perf_counter() - start, cpu, usage.ru_maxrss // 1024
        if time.perf_counter() > deadline:
            proc.kill()
            _, _, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024
        time.sleep(0.01)


def first_names(db: str) -> tuple[str | None, str | None, float]:
    """The most claimed quantity key's name, a claimant (the first by name: the same on
    every database) for the commands that take one, and the store's size in MB."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db if "://" in db else f"sqlite:///file:{db}?mode=ro&uri=true")
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT population, category FROM figures WHERE population != 'unspecified' "
                "AND span = 'total' GROUP BY population, category ORDER BY count(*) DESC LIMIT 1"
            )
        ).first()
        source = conn.execute(
            text(
                "SELECT source_entity FROM attributions WHERE source_entity IS NOT NULL "
                "ORDER BY source_entity LIMIT 1"
            )
        ).first()
        megabytes = (
            conn.scalar(text("SELECT pg_database_size(current_database())")) / 1e6
            if engine.dialect.name == "postgresql"
            else Path(db).stat().st_size / 1e6
        )
    engine.dispose()
    return (f"{row[0]} {row[1]}" if row else None), (source[0] if source else None), megabytes


def summary(
    label: str, times: list[float], cpus: list[float], peak: int, limit: float | None
) -> str:
    if limit is not None:
        return f"  {label:<46} {'> ' + str(int(limit)):>8} {'':>6} {'':>8} {'':>7} {peak:>7}"
    times, cpus = sorted(times), sorted(cpus)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    cpu95 = cpus[min(len(cpus) - 1, round(0.95 * (len(cpus) - 1)))]
    return (
        f"  {label:<46} {statistics.median(times):>8.2f} {p95:>6.2f} "
        f"{statistics.median(cpus):>8.2f} {cpu95:>7.2f} {peak:>7}"
    )


HEADER = f"{'wall s':>8} {'p95':>6} {'CPU s':>8} {'CPU p95':>7} {'peak MB':>7}"


def bench_store(db: str, folder: Path, size: int, args: argparse.Namespace) -> None:
    exe = str(Path(sys.executable).with_name("reportedly"))
    argv = [sys.executable, __file__, "--names", db]
    quantity, source, mb = json.loads(subprocess.run(argv, capture_output=True, check=True).stdout)
    print(f"\n{size} articles, {mb:.0f} MB ({mb * 1e3 / size:.1f} KB an article)")
    print(f"  {'command (CLI subprocess, medians)':<46} {HEADER}")
    only = set(args.only.split(",")) if args.only else None
    for cmd in commands(quantity, source, str(folder / f"export-{size}")):
        label = " ".join(cmd[:3]) if cmd[0] != "export" else "export --format csv"
        if only and cmd[0] not in only:
            continue
        times: list[float] = []
        cpus: list[float] = []
        peak = 0
        timed_out = None
        for _ in range(args.runs):
            store = [] if cmd == ["--version"] else ["--db", db]
            seconds, cpu, rss = run_once([exe, *cmd, *store], args.timeout)
            peak = max(peak, rss)
            if seconds is None:
                timed_out = args.timeout
                break
            times.append(seconds)
            cpus.append(cpu)
        print(summary(label, times, cpus, peak, timed_out), flush=True)
    if only and "api" not in only:
        return
    print(f"  {'Python API call (in-process, medians)':<46} {HEADER}")
    for label, expression in api_calls(quantity, source, str(folder / f"api-{size}")).items():
        argv = [sys.executable, __file__, "--api", db, expression, str(args.runs)]
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=args.timeout * args.runs
            )
        except subprocess.TimeoutExpired:
            print(summary(label, [], [], 0, args.timeout * args.runs), flush=True)
            continue
        if done.returncode != 0:
            print(f"  {label:<50} failed: {done.stderr.strip().splitlines()[-1:]}", flush=True)
            continue
        found = json.loads(done.stdout.strip().splitlines()[-1])
        print(summary(label, found["times"], found["cpus"], found["peak"], None), flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--names"]:
        print(json.dumps(first_names(sys.argv[2])))
        return
    if sys.argv[1:2] == ["--fill"]:
        path, size, folder = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        took = fill(path, size, extracted_pool(folder, POOL))
        steps = ", ".join(f"{step} {seconds:.0f}" for step, seconds in took.items())
        print(f"filled {size} articles in {sum(took.values()):.0f} s ({steps})", flush=True)
        return
    if sys.argv[1:2] == ["--api"]:
        run_api(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--keep", help="folder for the stores (kept); default: a temporary one")
    parser.add_argument("--reuse", action="store_true", help="use stores already in --keep")
    parser.add_argument("--only", help="only these commands (first words, and 'api'), by comma")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="stores on a PostgreSQL server started in DIR/postgresql (the tests' kind)",
    )
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="reportedly-reads-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = start_postgresql(folder / "postgresql") if args.postgresql else None
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            db, filled = store_of(server, folder, size, args.reuse)
            if not filled:
                argv = [sys.executable, __file__, "--fill", db, str(size), str(folder)]
                subprocess.run(argv, check=True)
            bench_store(db, folder, size, args)
    finally:
        if server is not None:
            server.stop()


def start_postgresql(folder: Path) -> Any:
    """A PostgreSQL server of the tests' kind (tests/postgres.py) in `folder`; a folder
    left by an earlier run is started again (its databases kept for --reuse)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from postgres import PostgresServer, _as_server_user, find_binaries

    if not (folder / "data").exists():
        return PostgresServer.start(folder)
    server = PostgresServer(folder, find_binaries(), _as_server_user())
    server.launch()  # with the tests' settings (no fsync), as when it was made
    return server


def store_of(server: Any, folder: Path, size: int, reuse: bool) -> tuple[str, bool]:
    """The store of `size` articles (a file in `folder`, or a database on `server`) and
    whether it is filled already (kept from an earlier run, with `reuse`); else it is
    made anew, empty."""
    if server is not None:
        return new_database(server, size, reuse)
    path = folder / f"store-{size}.db"
    if reuse and path.exists():
        return str(path), True
    path.unlink(missing_ok=True)
    return str(path), False


def new_database(server: Any, size: int, reuse: bool) -> tuple[str, bool]:
    """The URL of database `reads_<size>` on `server` and whether it is kept (`reuse`)."""
    from sqlalchemy import create_engine

    name = f"reads_{size}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.exec_driver_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").first()
        if exists and not reuse:
            conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        if not exists or not reuse:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return server.url(name), bool(exists and reuse)


if __name__ == "__main__":
    main()
