"""Number expressions to intervals: the FORMAT.md table, ranges, words, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportedly.extract.numbers import find_quantities, parse_quantity
from reportedly.model import QUALIFIERS


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier"),
    [
        # one row per line of the FORMAT.md wording table
        ("300", 300, 300, "exact"),
        # verbs of passing a mark, and "closer to" / "in the N range"
        ("passed 3,000", 3000, None, "more_than"),
        ("surpassed 120", 120, None, "more_than"),
        ("exceeded 75", 75, None, "more_than"),
        ("topped 40,000", 40000, None, "more_than"),
        ("past 10,000", 10000, None, "more_than"),
        ("closer to 900", 900, 900, "approx"),
        ("1,500 range", 1500, 1500, "approx"),
        ("five-hundred", 500, 500, "exact"),
        ("two", 2, 2, "exact"),
        ("approximately 2,700", 2700, 2700, "approx"),
        ("about 40", 40, 40, "approx"),
        ("around 10,000", 10000, 10000, "approx"),
        ("some 300", 300, 300, "approx"),
        ("roughly 75", 75, 75, "approx"),
        ("an estimated 5,000", 5000, 5000, "approx"),
        ("nearly 1,000", 1000, 1000, "approx"),
        ("almost 90", 90, 90, "approx"),
        ("close to 8,000", 8000, 8000, "approx"),
        ("approaching 500", 500, 500, "approx"),
        ("at least 300", 300, None, "at_least"),
        ("a minimum of 12", 12, None, "at_least"),
        ("more than 10,000", 10000, None, "more_than"),
        ("over 60", 60, None, "more_than"),
        ("upwards of 400", 400, None, "more_than"),
        ("well over 2,000", 2000, None, "more_than"),
        ("in excess of 700", 700, None, "more_than"),
        ("up to 1,500", None, 1500, "up_to"),
        ("as many as 30", None, 30, "up_to"),
        ("as high as 2,500", None, 2500, "up_to"),
        ("fewer than 20", None, 20, "at_most"),
        ("less than 50", None, 50, "at_most"),
        ("at most 8", None, 8, "at_most"),
        ("no more than 5", None, 5, "at_most"),
        ("between 100 and 200", 100, 200, "range"),
        ("10,000 to 12,000", 10000, 12000, "range"),
        ("10,000-12,000", 10000, 12000, "range"),
        ("dozens", 24, None, "at_least"),
        ("hundreds", 200, None, "at_least"),
        ("several hundred", 200, 999, "range"),
        ("thousands", 2000, None, "at_least"),
        ("tens of thousands", 20000, None, "at_least"),
        ("millions", 2000000, None, "at_least"),
        ("a couple thousand", 2000, 2000, "approx"),
        ("several", 2, 9, "range"),
        # separators, decimals, scales and words
        ("12, 000", 12000, 12000, "exact"),
        ("1.5 million", 1500000, 1500000, "exact"),
        ("more than 5.7 million", 5700000, None, "more_than"),
        ("three hundred and forty two", 342, 342, "exact"),
        ("three hundred and forty-two", 342, 342, "exact"),
        ("a dozen", 12, 12, "exact"),
        ("two dozen", 24, 24, "exact"),
        ("half a million", 500000, 500000, "exact"),
        ("one hundred thousand", 100000, 100000, "exact"),
        ("twenty-one", 21, 21, "exact"),
        ("Over one hundred", 100, None, "more_than"),
        ("two or three", 2, 3, "range"),
        ("10 to 12 million", 10000000, 12000000, "range"),
        ("hundreds of thousands", 200000, None, "at_least"),
        ("several thousand", 2000, 9999, "range"),
        ("a few dozen", 24, 119, "range"),
        ("300 or more", 300, None, "at_least"),
        ("300-plus", 300, None, "more_than"),
        ("40-odd", 40, 40, "approx"),
        ("no fewer than 9", 9, None, "at_least"),
    ],
)
def test_wording_maps_to_interval(text: str, low, high, qualifier: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.low, quantity.high, quantity.qualifier) == (low, high, qualifier)
    assert quantity.text == text


@pytest.mark.parametrize(
    ("text", "point"),
    [("dozens", 12), ("hundreds", 100), ("several", 3), ("at least 300", 300), ("up to 40", 40),
     ("between 100 and 200", 100), ("several hundred", 300)],
)  # fmt: skip
def test_point_is_acled_style(text: str, point: int) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and quantity.point == point


def test_qualifier_is_part_of_the_text_and_number_offsets_are_not() -> None:
    text = "Officials said at least 300 soldiers died."
    (quantity,) = find_quantities(text)
    assert quantity.text == "at least 300"
    assert text[quantity.number_start : quantity.number_end] == "300"


@pytest.mark.parametrize(
    "text",
    [
        "F-16 jets",
        "the 56th meeting",
        "Su-34",
        "someone",
        "tension",
        "none",
        "a second time",
        "2,3",
    ],
)
def test_not_numbers(text: str) -> None:
    assert [q.text for q in find_quantities(text)] in ([], ["2"], ["3"])
    assert all(q.text not in ("16", "56", "34", "one", "ten") for q in find_quantities(text))


@pytest.mark.parametrize("text", ["The toll rose from 200 to 300.", "The toll rose by 200 to 300."])
def test_change_is_two_numbers_not_a_range(text: str) -> None:
    found = find_quantities(text)
    assert [(q.low, q.high) for q in found] == [(200, 200), (300, 300)]


def test_descending_pair_is_not_a_range() -> None:
    found = find_quantities("The score was 5-3.")
    assert [q.low for q in found] == [5, 3]


def test_several_expressions_in_one_text() -> None:
    found = find_quantities("It killed two people and injured dozens, and 1,200 fled.")
    assert [q.text for q in found] == ["two", "dozens", "1,200"]


def test_parse_rejects_text_with_more_than_a_number() -> None:
    assert parse_quantity("300 soldiers") is None
    assert parse_quantity("soldiers") is None


WORDS = st.sampled_from(
    ["at least", "about", "more than", "up to", "between", "and", "to", "-", "or", "hundreds", "of",
     "thousands", "several", "a", "dozen", "half", "three", "twenty", "hundred", "million", "1.5",
     "2,700", "12, 000", "10", "300", "people", "or more", "+", "plus", "$", "%", "-odd", "tens",
     "a couple"]
)  # fmt: skip


@given(st.lists(WORDS, max_size=12).map(" ".join))
def test_number_phrases_never_break_the_parser(text: str) -> None:
    _check_invariants(text)


@given(st.text(max_size=80))
def test_any_text_never_breaks_the_parser(text: str) -> None:
    _check_invariants(text)


def _check_invariants(text: str) -> None:
    previous_end = 0
    for q in find_quantities(text):
        assert 0 <= q.start <= q.number_start < q.number_end <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= previous_end  # no overlaps, in order
        previous_end = q.end
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        assert q.low is not None or q.high is not None
        assert q.qualifier in QUALIFIERS
