"""Claim dates: date words resolved against the publication date; periods as written."""

from __future__ import annotations

from datetime import date

import pytest

from reportedly.extract.dates import resolve_date
from reportedly.extract.pipeline import make_doc
from reportedly.model import Article

WEDNESDAY = date(2025, 3, 12)


@pytest.mark.parametrize(
    ("expression", "iso", "precision"),
    [
        ("Monday", "2025-03-10", "day"),
        ("on Monday", "2025-03-10", "day"),
        ("Wednesday", "2025-03-12", "day"),  # the publication day itself
        ("last Wednesday", "2025-03-05", "day"),
        ("Thursday", "2025-03-06", "day"),  # never after publication
        ("Tuesday morning", "2025-03-11", "day"),
        ("yesterday", "2025-03-11", "day"),
        ("today", "2025-03-12", "day"),
        ("last week", "2025-03-03", "week"),
        ("earlier this week", "2025-03-10", "week"),
        ("last month", "2025-02", "month"),
        ("this month", "2025-03", "month"),
        ("last year", "2024", "year"),
        ("three days ago", "2025-03-09", "day"),
        ("a week ago", "2025-03-03", "week"),
        ("earlier this year", "2025", "year"),
        ("in December", "2024-12", "month"),
        ("on December 16", "2024-12-16", "day"),  # the year that is not after publication
        ("16 December", "2024-12-16", "day"),
        ("March 2", "2025-03-02", "day"),
        ("October 25th", "2024-10-25", "day"),
        ("in April", "2024-04", "month"),
        ("in February", "2025-02", "month"),
        ("January 5, 2023", "2023-01-05", "day"),
        ("5 January 2023", "2023-01-05", "day"),
        ("April 2024", "2024-04", "month"),
        ("in 2022", "2022", "year"),
        ("on the 26th", "2025-02-26", "day"),
    ],
)
def test_resolve_date(expression: str, iso: str, precision: str) -> None:
    found = resolve_date(expression, WEDNESDAY)
    assert found is not None
    assert (found.iso, found.precision) == (iso, precision)


@pytest.mark.parametrize(
    "expression", ["on Monday", "last week", "on December 16", "in April", "yesterday"]
)
def test_relative_dates_need_a_publication_date(expression: str) -> None:
    assert resolve_date(expression, None) is None


def test_absolute_dates_need_no_publication_date() -> None:
    found = resolve_date("on 3 June 2021", None)
    assert found is not None and found.iso == "2021-06-03"


@pytest.mark.parametrize("expression", ["recently", "the night", "later", "February 30"])
def test_unknown_dates_are_not_guessed(expression: str) -> None:
    assert resolve_date(expression, WEDNESDAY) is None


def _figures(nlp, text: str, published: str | None = "2025-03-12"):
    doc = nlp(make_doc(nlp, Article(text=text, published=published)))
    return doc._.figures


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("The governor said on Monday that 14 villagers were killed.", "2025-03-10", "day"),
        ("The army said Tuesday it had detained 30 suspects.", "2025-03-11", "day"),
        ("At least 40 people died in the floods, officials said last week.", "2025-03-03", "week"),
        ("On December 16, the ministry said 200 soldiers had been captured.", "2024-12-16", "day"),
    ],
)
def test_claim_date_comes_from_the_cue(nlp, text: str, iso: str, precision: str) -> None:
    (figure,) = _figures(nlp, text)
    assert figure.source_entity is None or figure.attribution is not None
    assert (figure.stated_on, figure.stated_precision) == (iso, precision)


@pytest.mark.model
def test_claim_date_unknown_without_date_words(nlp) -> None:
    (figure,) = _figures(nlp, "The governor said that 14 villagers were killed.")
    assert figure.attribution is not None
    assert figure.stated_on is None


@pytest.mark.model
def test_date_inside_the_content_is_not_the_claim_date(nlp) -> None:
    (figure,) = _figures(nlp, "The mayor said 12 people were killed on Sunday.")
    assert figure.stated_on is None


@pytest.mark.model
def test_own_voice_figure_is_stated_on_publication(nlp) -> None:
    (figure,) = _figures(nlp, "The storm killed nine fishermen.")
    assert figure.attribution is None
    assert (figure.stated_on, figure.stated_precision) == ("2025-03-12", "day")
    (figure,) = _figures(nlp, "The storm killed nine fishermen.", published=None)
    assert figure.stated_on is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("More than 3,000 people have fled in the past week.", "in the past week"),
        ("Since October, 450 civilians have been killed.", "Since October"),
        ("In 2024, 90 aid workers were killed.", "In 2024"),
        ("The rebels have captured 60 soldiers so far.", "so far"),
    ],
)
def test_period_as_written(nlp, text: str, period: str) -> None:
    (figure,) = _figures(nlp, text)
    assert figure.period == period


@pytest.mark.model
def test_event_date_is_not_a_period(nlp) -> None:
    (figure,) = _figures(nlp, "On Tuesday, 11 miners were killed.")
    assert figure.period is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "dates", "recalled"),
    [
        (
            "In May the charity had put the toll at 310. On Monday it said 420 people had died.",
            ["2024-05", "2025-03-10"],
            [True, False],
        ),
        ("The army had previously said that 25 soldiers were killed.", [None], [True]),
        ("Last month the governor said 60 people were missing.", ["2025-02"], [False]),
    ],
)
def test_a_recalled_figure_keeps_the_earlier_claim_date(nlp, text, dates, recalled) -> None:
    figures = _figures(nlp, text)
    assert [f.stated_on for f in figures] == dates
    assert [f.recalled for f in figures] == recalled
