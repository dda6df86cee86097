"""Extraction time grows with the text, not faster: adversarial inputs, made four times longer.

Each input is parsed by spaCy alone, then only reportedly's components are
timed on it (the best of three runs, so a busy machine does not decide). Made
four times longer, a linear rule takes about four times as long, a quadratic
one sixteen times, a cubic one sixty-four: the bound of eight tells them apart
with room for noise. A chain of "X said that Y said that..." is the one input
whose records grow faster than the text (each nested content holds the rest
of the sentence, each relay chain every speaker above it): there the time is
bounded by the size of what is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from reportedly.extract.pipeline import COMPONENTS

GROWTH_BOUND = 8.0  # for an input four times longer


def unbalanced_quotes(n: int) -> str:
    return "".join(f"“The harbour master said berth {i} was closed.\n\n" for i in range(n))


def nested_parentheses(n: int) -> str:
    return "The agency said " + "(officials say " * n + "nine boats sank" + ")" * n + "."


def said_that_chain(n: int) -> str:
    return " ".join(f"Speaker{i} said that" for i in range(n)) + " 30 houses burned."


def hyphenated_words(n: int) -> str:
    return "-".join(["harbour"] * n)


def titled_sources(n: int) -> str:
    return " ".join(
        f"The governor said {i} roads were shut. Governor Ilse Marren spoke." for i in range(n)
    )


def component_seconds(nlp, text: str) -> tuple[float, int]:
    """The best time of reportedly's components on the parsed text, and the size of
    their records (characters of content and links of relay chains)."""
    with nlp.select_pipes(disable=list(COMPONENTS)):
        doc = nlp(text)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for name in COMPONENTS:
            nlp.get_pipe(name)(doc)
        best = min(best, time.perf_counter() - start)
        assert doc._.failure is None
    written = sum(len(a.content) + len(a.chain) for a in doc._.attributions)
    return best, written + len(text)


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (unbalanced_quotes, 50),
        (nested_parentheses, 50),
        (titled_sources, 50),
        (hyphenated_words, 2500),
    ],
)
def test_four_times_the_text_takes_at_most_eight_times_as_long(
    nlp, make: Callable[[int], str], n: int
):
    small, _ = component_seconds(nlp, make(n))
    large, _ = component_seconds(nlp, make(4 * n))
    assert large / small < GROWTH_BOUND, (small, large)


def test_a_said_that_chain_takes_time_in_proportion_to_what_it_writes(nlp):
    small, small_written = component_seconds(nlp, said_that_chain(50))
    large, large_written = component_seconds(nlp, said_that_chain(200))
    per_unit = (large / large_written) / (small / small_written)
    assert per_unit < GROWTH_BOUND / 4, (small, small_written, large, large_written)
