"""Extraction time grows with the text, not faster: adversarial inputs, made four times longer.

Each input is parsed by spaCy alone, then only reportedly's components are
timed on it: the process's CPU time, not the clock's, and the best of five runs,
so a busy machine (other processes taking the cores) does not decide. Made
four times longer, a linear rule takes about four times as long, a quadratic
one sixteen times, a cubic one sixty-four: the bound of eight tells them apart
with room for noise. Each input is parsed the way extraction parses it
(`make_doc`, so with the cap on sentence length) and fits in one piece. A chain
of "X said that Y said that..." nests every speaker in the one before; cut into
sentences of at most `MAX_SENTENCE_TOKENS` tokens, its contents and relay chains
grow with the text, not with its square.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from reportedly.extract.pipeline import COMPONENTS, make_doc
from reportedly.model import Article

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


def component_seconds(nlp, text: str) -> float:
    """The best CPU time of reportedly's components on the parsed text."""
    with nlp.select_pipes(disable=list(COMPONENTS)):
        doc = nlp(make_doc(nlp, Article(text=text)))
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for name in COMPONENTS:
            nlp.get_pipe(name)(doc)
        best = min(best, time.process_time() - start)
        assert doc._.failure is None
    return best


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (unbalanced_quotes, 50),
        (nested_parentheses, 50),
        (titled_sources, 50),
        (hyphenated_words, 600),
        (said_that_chain, 200),
    ],
)
def test_four_times_the_text_takes_at_most_eight_times_as_long(
    nlp, make: Callable[[int], str], n: int
):
    small = component_seconds(nlp, make(n))
    large = component_seconds(nlp, make(4 * n))
    assert large / small < GROWTH_BOUND, (small, large)
