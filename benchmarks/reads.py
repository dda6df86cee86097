"""Read latency and memory of the CLI's read commands on stores of growing size.

    python benchmarks/reads.py [--sizes 1000,10000] [--runs 3] [--timeout 120]
                               [--keep DIR] [--reuse]

Each store holds `size` distinct articles. Extraction is run once, on a small
pool of synthetic articles (the demo's paragraphs, shuffled with a fixed seed);
the store is then filled by writing copies of those reports directly, each copy
made distinct (a numbered closing line, its own date and outlet, claimants
renamed from a pool of people and bodies), so a 100,000-article store takes
minutes rather than hours. Every read command then runs `--runs` times as a
subprocess; the script prints its median and 95th-percentile wall time and its
peak resident memory (from the child's rusage). A command past `--timeout`
seconds is stopped and printed as such. `--version` is the first row: the cost
of starting the CLI, which every other row includes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from throughput import synthetic

from reportedly.extract.pipeline import build_pipeline, extract_reports, load_model
from reportedly.model import Report
from reportedly.store import open_store

POOL = 120
OUTLETS = [f"Outlet {chr(65 + i)}{chr(65 + j)}" for i in range(26) for j in range(4)]
CLAIMANT_POOL = 400


def extracted_pool(count: int) -> list[Report]:
    """Reports of `count` synthetic articles, extracted once by the full pipeline."""
    return list(extract_reports(synthetic(count), build_pipeline(load_model())))


def variant(report: Report, i: int, rng: random.Random) -> Report:
    """Copy `report` as a distinct article: a numbered line appended, date, outlet, claimants."""
    article = report.article
    text = f"{article.text}\nBulletin number {i}."
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
    renamed = {
        e.name: f"{e.name} {i % CLAIMANT_POOL}" for e in report.entities if rng.random() < 0.5
    }
    new_article = replace(
        article,
        text=text,
        id=f"bench-{i}",
        published=published,
        outlet=OUTLETS[i % len(OUTLETS)],
        title=f"Bulletin {i}",
    )
    return replace(
        report,
        article=new_article,
        attributions=[
            replace(a, source_entity=renamed.get(a.source_entity, a.source_entity))
            for a in report.attributions
        ],
        figures=[
            replace(f, source_entity=renamed.get(f.source_entity, f.source_entity))
            for f in report.figures
        ],
        entities=[replace(e, name=renamed.get(e.name, e.name)) for e in report.entities],
    )


def fill(path: Path, size: int, pool: list[Report]) -> float:
    rng = random.Random(size)
    start = time.perf_counter()
    with open_store(str(path)) as store:
        for i in range(size):
            store.add(variant(pool[i % len(pool)], i, rng))
    return time.perf_counter() - start


def commands(quantity: str | None, source: str | None, out: str) -> list[list[str]]:
    cmds = [
        ["--version"],
        ["articles"],
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
        cmds.append(["sources", source])
    return cmds


def run_once(argv: list[str], timeout: float) -> tuple[float | None, int]:
    """Wall seconds (None past the timeout) and peak RSS in MB of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return time.perf_counter() - start, usage.ru_maxrss // 1024
        if time.perf_counter() > deadline:
            proc.kill()
            _, _, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_maxrss // 1024
        time.sleep(0.02)


def first_names(path: Path) -> tuple[str | None, str | None]:
    """A quantity and a source of the store, for the commands that take one."""
    with open_store(str(path)) as store:
        rows = store.figures(limit=50)
    quantity = next(
        (f"{r['subject']} {r['category']}".lower() for r in rows if r.get("subject")), None
    )
    source = next((r["source_entity"] for r in rows if r.get("source_entity")), None)
    return quantity, source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--keep", help="folder for the stores (kept); default: a temporary one")
    parser.add_argument("--reuse", action="store_true", help="use stores already in --keep")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(args.keep or tempfile.mkdtemp(prefix="reportedly-reads-"))
    folder.mkdir(parents=True, exist_ok=True)
    exe = str(Path(sys.executable).with_name("reportedly"))
    pool: list[Report] | None = None
    for size in sizes:
        path = folder / f"store-{size}.db"
        if not (args.reuse and path.exists()):
            path.unlink(missing_ok=True)
            pool = pool or extracted_pool(POOL)
            seconds = fill(path, size, pool)
            print(f"filled {size} articles in {seconds:.0f} s", flush=True)
        mb = path.stat().st_size / 1e6
        print(f"\n{size} articles, {mb:.0f} MB ({mb * 1e3 / size:.1f} KB an article)")
        print(f"  {'command':<50} {'median s':>9} {'p95 s':>7} {'peak MB':>8}")
        quantity, source = first_names(path)
        for cmd in commands(quantity, source, str(folder / f"export-{size}")):
            times: list[float] = []
            peak = 0
            timed_out = False
            for _ in range(args.runs):
                db = [] if cmd == ["--version"] else ["--db", str(path)]
                seconds, rss = run_once([exe, *cmd, *db], args.timeout)
                peak = max(peak, rss)
                if seconds is None:
                    timed_out = True
                    break
                times.append(seconds)
            label = " ".join(cmd[:3]) if cmd[0] != "export" else "export --format csv"
            if timed_out:
                print(f"  {label:<50} {'> ' + str(int(args.timeout)):>9} {'':>7} {peak:>8}")
                continue
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"  {label:<50} {statistics.median(times):>9.2f} {p95:>7.2f} {peak:>8}")


if __name__ == "__main__":
    main()
