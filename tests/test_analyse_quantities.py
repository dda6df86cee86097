"""Quantities: population normalisation, quantity names, spans, borrowed populations."""

from __future__ import annotations

import pytest

from reportedly.analyse.quantities import Quantity, parse_quantity
from reportedly.extract.populations import (
    UNSPECIFIED,
    article_populations,
    lemma,
    parse_population,
    span_of,
)


@pytest.mark.parametrize(
    ("subject", "population"),
    [
        ("North Korean soldiers", "north korean soldiers"),
        ("North Korean troops in Kursk", "north korean soldiers"),
        ("the North Korean servicemen who were sent", "north korean soldiers"),
        ("wounded Freedonian fighters", "freedonian soldiers"),
        ("their daughters", "daughters"),
        ("civilians", "civilians"),
        ("people", "people"),
        ("casualties", None),
        ("deaths", None),
        ("others", None),
        (None, None),
    ],
)
def test_subjects_normalise_to_populations(subject: str | None, population: str | None) -> None:
    found = parse_population(subject)
    assert (found.name if found else None) == population


@pytest.mark.parametrize(
    ("word", "singular"),
    [("troops", "troop"), ("casualties", "casualty"), ("servicemen", "serviceman"),
     ("people", "person"), ("children", "child"), ("witnesses", "witness"), ("bus", "bus")],
)  # fmt: skip
def test_lemma(word: str, singular: str) -> None:
    assert lemma(word) == singular


def test_quantity_names_parse_any_wording_of_the_same_thing() -> None:
    expected = Quantity("north korean soldiers", "killed")
    assert parse_quantity("north korean soldiers killed") == expected
    assert parse_quantity("North Korean troops dead") == expected
    assert parse_quantity("North Korean troops casualties") != expected
    assert parse_quantity("north korean soldiers killed per period").span == "window"
    assert expected.name == "north korean soldiers killed"


def test_a_quantity_name_without_a_category_is_refused() -> None:
    with pytest.raises(ValueError, match="names no category"):
        parse_quantity("north korean soldiers")


@pytest.mark.parametrize(
    ("period", "span"),
    [(None, "total"), ("so far", "total"), ("since October", "total"),
     ("in the past week", "window"), ("in three days of combat", "window")],
)  # fmt: skip
def test_span_keeps_weekly_figures_apart_from_totals(period: str | None, span: str) -> None:
    assert span_of(period) == span


def test_figures_without_a_population_borrow_one_from_the_article() -> None:
    rows = [
        {"subject": "casualties", "part_of": None},  # first: the article's most frequent
        {"subject": "Freedonian soldiers", "part_of": None},
        {"subject": "deaths", "part_of": 0},  # a breakdown: its whole's population
        {"subject": None, "part_of": None},  # the figure before it
        {"subject": "soldiers", "part_of": None},  # a bare head: the article's modifiers
        {"subject": "Freedonian soldiers", "part_of": None},
    ]
    assert article_populations(rows) == ["freedonian soldiers"] * 6
    assert article_populations([{"subject": "deaths", "part_of": None}]) == [UNSPECIFIED]
