"""Throughput of extraction: the bare spaCy model and the full pipeline in this process,
and the full pipeline on a local Dask cluster of 1 and of 2 workers, on the same texts.

    python benchmarks/dask_throughput.py [--articles 256] [--batch-size 16] [--rounds 3]

The articles are throughput.py's (the demo's paragraphs, shuffled with a fixed seed).
BLAS and OpenMP run one thread in this process, as Dask's nanny sets for its workers, so
no arm gets a second core for its matrix products. Both clusters start before the first
round and the workers load the pipeline then, so the rounds time extraction alone (the
start-up is printed apart). Each round runs the four arms in an order that rotates, so a
busy spell of a shared machine weighs on all of them.

For each arm it prints the median articles/s (wall clock) with its range, and the CPU
seconds per article of every process the arm uses (this one's, and each worker's, read in
the worker), which a loaded machine disturbs less than the wall clock. Then the ratios
within each round that split the gap between a worker and the bare model in two: the full
pipeline against the bare model (reportedly's components), one worker against the full
pipeline in process (Dask's overhead), one worker against the bare model (the
done-criterion, at least 0.85) and two workers against one (at least 1.7); and the load
average before and after, to say how quiet the machine was.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # before numpy loads: one BLAS thread, as in the workers

import argparse  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from distributed import Client  # noqa: E402
from throughput import load_line, spread, synthetic  # noqa: E402

from reportedly.extract.dask_run import (  # noqa: E402
    PipelinePlugin,
    local_cluster,
    outcome_report,
    run_batches,
)
from reportedly.extract.pipeline import (  # noqa: E402
    extract_reports,
    load_model,
    load_pipeline,
    make_doc,
)
from reportedly.model import Article  # noqa: E402

# the two parts of the gap (components, Dask), then the done-criteria (>= 0.85, >= 1.7)
RATIOS = [
    ("full pipeline", "bare model"),
    ("1 worker", "full pipeline"),
    ("1 worker", "bare model"),
    ("2 workers", "1 worker"),
]


@dataclass
class Timing:
    rate: float  # articles per wall-clock second
    cpu: float  # CPU seconds per article, every process of the arm


def in_process(run: Callable[[], int], count: int) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    assert run() == count
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Timing(count / wall, cpu / count)


def bare_run(nlp, articles: list[Article], batch_size: int) -> int:
    docs = (make_doc(nlp, a) for a in articles)
    return sum(1 for _ in nlp.pipe(docs, batch_size=batch_size))


def full_run(articles: list[Article], batch_size: int) -> int:
    return sum(1 for _ in extract_reports(articles, load_pipeline(), batch_size=batch_size))


def on_cluster(client: Client, articles: list[Article], batch_size: int) -> Timing:
    """The rate of a run on the cluster (as `extract_on_dask` makes it, over a client
    already connected), and the CPU seconds per article of the client and of every worker
    (each read in its own process)."""
    workers = client.run(time.process_time)
    wall, cpu = time.perf_counter(), time.process_time()
    outcomes = run_batches(client, articles, batch_size=batch_size)
    count = sum(1 for article, outcome in outcomes if outcome_report(article, outcome))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = client.run(time.process_time)
    assert count == len(articles)
    cpu += sum(after[w] - workers[w] for w in workers)
    return Timing(count / wall, cpu / count)


def ratio(rounds: list[dict[str, Timing]], top: str, bottom: str) -> list[float]:
    return [r[top].rate / r[bottom].rate for r in rounds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=256)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles, size = synthetic(args.articles), args.batch_size
    load_before = os.getloadavg()
    bare = load_model()
    bare_run(bare, articles[:20], size)  # warm both up
    full_run(articles[:20], size)
    started = time.perf_counter()
    clusters = [local_cluster(n) for n in (1, 2)]
    clients = [Client(cluster) for cluster in clusters]
    try:
        for client in clients:
            client.register_plugin(PipelinePlugin())
        for client in clients:  # the plugin loads the pipeline in every worker
            on_cluster(client, articles[: 2 * size], size)
        start_up = time.perf_counter() - started
        arms: dict[str, Callable[[], Timing]] = {
            "bare model": lambda: in_process(lambda: bare_run(bare, articles, size), len(articles)),
            "full pipeline": lambda: in_process(lambda: full_run(articles, size), len(articles)),
            "1 worker": lambda: on_cluster(clients[0], articles, size),
            "2 workers": lambda: on_cluster(clients[1], articles, size),
        }
        names = list(arms)
        rounds: list[dict[str, Timing]] = []
        for round_ in range(args.rounds):
            turn = round_ % len(names)
            rounds.append({name: arms[name]() for name in names[turn:] + names[:turn]})
    finally:
        for client, cluster in zip(clients, clusters, strict=True):
            client.close()
            cluster.close()
    print(
        f"{len(articles)} articles, batch_size={size}, {args.rounds} rounds; clusters started "
        f"and pipelines loaded in {start_up:.1f} s"
    )
    for name in names:
        rates = [r[name].rate for r in rounds]
        cpu = [1000 * r[name].cpu for r in rounds]
        print(f"{name:<14} {spread(rates, ' articles/s')}; {spread(cpu, ' CPU ms', 0)}/article")
    for top, bottom in RATIOS:
        print(f"{top + ' / ' + bottom:<27} {spread(ratio(rounds, top, bottom), 'x')}")
    print(load_line(load_before))


if __name__ == "__main__":
    main()
