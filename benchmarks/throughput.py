"""Throughput: the full reportedly pipeline against the bare spaCy model, same texts.

    python benchmarks/throughput.py [--articles 400] [--n-process 1] [--batch-size 16]
                                    [--rounds 5]

Articles are made by shuffling the paragraphs of the bundled demo articles
(seeded, so runs compare). The bare model and the full pipeline run in turn,
`--rounds` times each: on a shared machine one run can be 30% slower than the
next, and a slow spell then hits both of a round. Prints the best articles/s of
each and the share of the bare model's throughput the pipeline keeps: the median
over the rounds of the full pipeline's rate over the bare model's in that round.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from importlib.resources import files

from reportedly.extract.pipeline import build_pipeline, load_model, make_doc
from reportedly.ingest import read_inputs
from reportedly.model import Article


def demo_articles() -> list[Article]:
    folder = files("reportedly").joinpath("data", "demo")
    return [a for a in read_inputs([str(folder)]) if isinstance(a, Article)]


def synthetic(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of 6-14 paragraphs drawn from the demo articles."""
    rng = random.Random(seed)
    sources = demo_articles()
    paragraphs = [p for a in sources for p in a.text.split("\n") if p.strip()]
    out = []
    for i in range(count):
        base = sources[i % len(sources)]
        text = "\n".join(rng.sample(paragraphs, rng.randint(6, min(14, len(paragraphs)))))
        out.append(Article(text=text, id=f"bench-{i}", published=base.published))
    return out


def spread(values: list[float], unit: str = "", digits: int = 2) -> str:
    """The median of `values` with their range."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:.{digits}f}{unit} (median; {low:.{digits}f} to {high:.{digits}f})"


def load_line(before: tuple[float, float, float]) -> str:
    """The load averages at `before` (an `os.getloadavg()`) and now, and the cores."""
    now = os.getloadavg()
    return (
        f"load average (1, 5, 15 min) {' '.join(f'{x:.2f}' for x in before)} before, "
        f"{' '.join(f'{x:.2f}' for x in now)} after; {os.cpu_count()} cores"
    )


def rate(nlp, articles: list[Article], n_process: int, batch_size: int) -> float:
    docs = (make_doc(nlp, a) for a in articles)
    start = time.perf_counter()
    for _ in nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
        pass
    return len(articles) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    articles = synthetic(args.articles)
    chars = sum(len(a.text) for a in articles)
    bare = load_model()
    full = build_pipeline(load_model())
    rate(full, articles[:20], 1, args.batch_size)  # warm both up
    rate(bare, articles[:20], 1, args.batch_size)
    rounds = []
    for _ in range(args.rounds):  # in turn, so a slow spell of the machine hits both
        bare_rate = rate(bare, articles, args.n_process, args.batch_size)
        full_rate = rate(full, articles, args.n_process, args.batch_size)
        rounds.append((bare_rate, full_rate))
    ratios = sorted(f / b for b, f in rounds)
    print(f"{len(articles)} articles, {chars / len(articles):.0f} characters each on average")
    print(f"n_process={args.n_process} batch_size={args.batch_size} rounds={args.rounds}")
    print(f"bare spaCy model   {max(b for b, _ in rounds):8.1f} articles/s (best round)")
    print(f"full pipeline      {max(f for _, f in rounds):8.1f} articles/s (best round)")
    print(
        f"pipeline keeps     {statistics.median(ratios):8.1%} of the bare model's throughput"
        f" (median of the rounds; {ratios[0]:.0%} to {ratios[-1]:.0%})"
    )


if __name__ == "__main__":
    main()
