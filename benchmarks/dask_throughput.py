"""Throughput of extraction on a local Dask cluster of 1 and 2 workers, against the bare
spaCy model's `nlp.pipe` in this process, on the same texts.

    python benchmarks/dask_throughput.py [--articles 200] [--batch-size 16] [--rounds 3]

The articles are throughput.py's (the demo's paragraphs, shuffled with a fixed seed). Both
clusters start before the first round and the workers load the pipeline then, so the
rounds time extraction alone (the start-up is printed apart). Each round runs the bare
model, one worker and two workers, in an order that rotates, so a busy spell of a shared
machine weighs on all three. Prints each one's median articles/s with its range, the
ratios within each round (one worker against the bare model; two workers against one), and
the load average before and after, to say how quiet the machine was.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from distributed import LocalCluster
from throughput import rate, synthetic

from reportedly.extract.dask_run import extract_on_dask
from reportedly.extract.pipeline import load_model
from reportedly.model import Article


def on_cluster(address: str, articles: list[Article], batch_size: int) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in extract_on_dask(articles, scheduler=address, batch_size=batch_size))
    assert count == len(articles)
    return len(articles) / (time.perf_counter() - start)


def spread(values: list[float], unit: str = "") -> str:
    return f"{statistics.median(values):.2f}{unit} (median; {min(values):.2f} to {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = synthetic(args.articles)
    load_before = os.getloadavg()[0]
    bare = load_model()
    rate(bare, articles[:20], 1, args.batch_size)  # warm up
    started = time.perf_counter()
    clusters = [
        LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0")
        for n in (1, 2)
    ]
    try:
        for cluster in clusters:  # the plugin loads the pipeline in every worker
            on_cluster(cluster.scheduler_address, articles[:4], args.batch_size)
        start_up = time.perf_counter() - started
        ways: dict[str, Callable[[], float]] = {
            "bare model": lambda: rate(bare, articles, 1, args.batch_size),
            "1 worker": lambda: on_cluster(
                clusters[0].scheduler_address, articles, args.batch_size
            ),
            "2 workers": lambda: on_cluster(
                clusters[1].scheduler_address, articles, args.batch_size
            ),
        }
        names = list(ways)
        rates: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(args.rounds):
            for name in names[round_ % 3 :] + names[: round_ % 3]:
                rates[name].append(ways[name]())
    finally:
        for cluster in clusters:
            cluster.close()
    load_after = os.getloadavg()[0]
    print(
        f"{len(articles)} articles, batch_size={args.batch_size}, {args.rounds} rounds; "
        f"clusters started and pipelines loaded in {start_up:.1f} s"
    )
    for name in names:
        print(f"{name:<11} {spread(rates[name], ' articles/s')}")
    one = [w / b for w, b in zip(rates["1 worker"], rates["bare model"], strict=True)]
    two = [w / o for w, o in zip(rates["2 workers"], rates["1 worker"], strict=True)]
    print(f"1 worker / bare model   {spread(one, 'x')}")
    print(f"2 workers / 1 worker    {spread(two, 'x')}")
    print(f"load average (1 min)    {load_before:.2f} before, {load_after:.2f} after, 2 cores")


if __name__ == "__main__":
    main()
