"""End to end: `reportedly ingest` in one process against the same on Dask workers.

    python benchmarks/dask_ingest.py [--articles 200] [--rounds 2]

Writes `--articles` synthetic articles (throughput.py's) to one JSONL file, then each
round runs, in an order that rotates from round to round, `reportedly ingest FILE --db
NEW.db` in a child process four ways:

- `in process`: `-j 1`, the default;
- `--workers 2`: the command starts its own local cluster of two workers (start-up and
  the workers' pipeline loading included, as a user sees it);
- `scheduler, 1 worker` and `scheduler, 2 workers`: `--scheduler ADDRESS` of a cluster of
  one or two workers started once beforehand, whose pipelines are loaded (the steady
  state of a long-running cluster).

For each it prints the median articles/s (wall clock, the whole command) with its range,
and CPU seconds per article: the child's and its children's (the workers of
`--workers 2`), plus the pre-started workers' own (read in each worker). Then the load
average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from distributed import Client
from throughput import load_line, spread, synthetic

from reportedly.extract.dask_run import PipelinePlugin, local_cluster

CLI = "from reportedly.cli import app; app()"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest(inputs: Path, folder: Path, options: list[str], count: int) -> tuple[float, float]:
    """(articles/s, CPU s) of one `reportedly ingest` into a new store."""
    db = tempfile.mktemp(suffix=".db", dir=folder)
    cpu, wall = children_cpu(), time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CLI, "ingest", str(inputs), "--db", db, *options],
        capture_output=True,
        text=True,
    )
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if result.returncode != 0 or not result.stdout.startswith(f"stored {count},"):
        raise SystemExit(f"ingest {' '.join(options)} failed: {result.stdout}{result.stderr}")
    return count / wall, cpu


def on(client: Client, run: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    """A run against `client`'s cluster, with its workers' CPU seconds added."""
    before = client.run(time.process_time)
    rate, cpu = run()
    after = client.run(time.process_time)
    return rate, cpu + sum(after[w] - before[w] for w in before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = folder / "articles.jsonl"
        with inputs.open("w", encoding="utf-8") as out:
            for article in synthetic(args.articles):
                out.write(json.dumps({"id": article.id, "text": article.text}) + "\n")
        clusters = [local_cluster(n) for n in (1, 2)]
        clients = [Client(cluster) for cluster in clusters]
        try:
            for client in clients:
                client.register_plugin(PipelinePlugin())  # each worker loads the pipeline
            count = args.articles

            def command(*options: str) -> Callable[[], tuple[float, float]]:
                return lambda: ingest(inputs, folder, list(options), count)

            arms: dict[str, Callable[[], tuple[float, float]]] = {
                "in process": command("-j", "1"),
                "--workers 2": command("--workers", "2"),
                "scheduler, 1 worker": lambda: on(
                    clients[0], command("--scheduler", clusters[0].scheduler_address)
                ),
                "scheduler, 2 workers": lambda: on(
                    clients[1], command("--scheduler", clusters[1].scheduler_address)
                ),
            }
            names = list(arms)
            results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
            for round_ in range(args.rounds):
                turn = round_ % len(names)
                for name in names[turn:] + names[:turn]:
                    results[name].append(arms[name]())
        finally:
            for client, cluster in zip(clients, clusters, strict=True):
                client.close()
                cluster.close()
    print(f"{args.articles} articles into a new SQLite store, {args.rounds} rounds")
    for name in names:
        rates = [rate for rate, _ in results[name]]
        cpu = [1000 * cpu / args.articles for _, cpu in results[name]]
        print(f"{name:<21} {spread(rates, ' articles/s')}; {spread(cpu, ' CPU ms', 0)}/article")
    print(load_line(load_before))


if __name__ == "__main__":
    main()
