"""Ingest overheads: the whole `reportedly ingest` path, and the store's write path alone.

    python benchmarks/ingest.py [--articles 200] [--rounds 2] [--src A --src B ...]

Writes `--articles` synthetic articles (paragraphs of the bundled demo articles,
shuffled with a fixed seed) to one JSONL file, then for each source tree given
with `--src` (default: the one importing this script) runs, alternating the trees
round by round (ABBA):

- `ingest`: `reportedly ingest FILE --db NEW` in a child process: wall seconds,
  the child's CPU seconds, articles/s;
- `rerun`: the same command again on the filled store (every input already
  stored): wall and CPU seconds, which should not include loading the model;
- `add`: `Store.add` alone for reports extracted once beforehand (no extraction):
  milliseconds per article (wall), in a child process; on a tree that sketches articles
  it includes the first sketch's import of datasketch (and scipy, about 1.4 s).

Prints one line per run and the median per tree and measure.
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
from importlib.resources import files
from pathlib import Path

ADD_CHILD = """
import pickle, sys, time
from reportedly.store import open_store
reports = pickle.load(open(sys.argv[1], "rb"))
store = open_store(sys.argv[2])
start = time.perf_counter()
for report in reports:
    store.add(report)
print((time.perf_counter() - start) / len(reports) * 1000)
"""


def write_articles(path: Path, count: int, seed: int = 11) -> None:
    from reportedly.ingest import read_inputs
    from reportedly.model import Article

    folder = files("reportedly").joinpath("data", "demo")
    sources = [a for a in read_inputs([str(folder)]) if isinstance(a, Article)]
    paragraphs = [p for a in sources for p in a.text.split("\n") if p.strip()]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            base = sources[i % len(sources)]
            text = "\n".join(rng.sample(paragraphs, rng.randint(6, min(14, len(paragraphs)))))
            row = {"id": f"bench-{i}", "text": text, "date": base.published, "outlet": base.outlet}
            handle.write(json.dumps(row) + "\n")


def child(src: str, args: list[str]) -> tuple[float, float, str]:
    """Run a child Python with `src` first on the path: (wall seconds, CPU seconds)."""
    env = {**os.environ, "PYTHONPATH": src}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{src}: {' '.join(args)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def extracted(path: Path, out: Path) -> None:
    """Extract the articles once and pickle the reports (for the `add` measure)."""
    from reportedly.extract import extract_reports
    from reportedly.ingest import read_inputs
    from reportedly.model import Article

    articles = [a for a in read_inputs([str(path)]) if isinstance(a, Article)]
    out.write_bytes(pickle.dumps(list(extract_reports(articles))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--src", action="append", help="a source tree (repeat to compare)")
    args = parser.parse_args()
    trees = args.src or [str(Path(__file__).resolve().parents[1] / "src")]
    ingest = ["-c", "from reportedly.cli import app; app()", "ingest"]
    results: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="reportedly-ingest-") as tmp:
        data = Path(tmp) / "articles.jsonl"
        write_articles(data, args.articles)
        reports = Path(tmp) / "reports.pickle"
        extracted(data, reports)
        for round_number in range(args.rounds):
            order = trees if round_number % 2 == 0 else trees[::-1]
            for tree in order:
                db = str(Path(tmp) / f"r{round_number}-{trees.index(tree)}.db")
                wall, cpu, _ = child(tree, [*ingest, str(data), "--db", db])
                rerun_wall, rerun_cpu, _ = child(tree, [*ingest, str(data), "--db", db])
                _, _, per = child(tree, ["-c", ADD_CHILD, str(reports), db + ".add"])
                rows = {
                    "ingest wall s": wall,
                    "ingest cpu s": cpu,
                    "articles/s": args.articles / wall,
                    "rerun wall s": rerun_wall,
                    "rerun cpu s": rerun_cpu,
                    "add ms/article": float(per),
                }
                for measure, value in rows.items():
                    results.setdefault((tree, measure), []).append(value)
                shown = ", ".join(f"{k} {v:.2f}" for k, v in rows.items())
                print(f"round {round_number} {tree}: {shown}", flush=True)
    print("\nmedians:")
    for (tree, measure), values in results.items():
        print(f"  {tree:40} {measure:16} {statistics.median(values):8.2f}")


if __name__ == "__main__":
    main()
