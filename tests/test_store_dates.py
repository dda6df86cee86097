"""The since/until filters: periods as YYYY, YYYY-MM or YYYY-MM-DD, both ends inclusive."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportedly.model import Article, Report
from reportedly.store import Store, open_store
from stores import STORES, fresh_store

PUBLISHED = [
    "2023-12-31",
    "2024-01-01",
    "2024-02-29",
    "2024-02-29T23:59:00",
    "2024-03-01",
    "2024-12-31",
    "2025-01-13",
    "2025-01-13T08:30:00+09:00",
    "2025-06-30",
    None,
]


@pytest.fixture(scope="module", params=STORES)
def dated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("dates")
    with fresh_store(request, folder) as url, open_store(url) as store:
        for i, published in enumerate(PUBLISHED):
            store.add(Report(article=Article(text=f"Article {i}.", published=published)))
        yield store


def period(day: date, precision: str) -> str:
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}", "day": day.isoformat()}[precision]


def in_period(published: str, value: str) -> bool:
    return published[: len(value)] == value


days = st.dates(min_value=date(2023, 11, 1), max_value=date(2025, 8, 1))
precisions = st.sampled_from(["year", "month", "day"])


@given(since_day=days, since_precision=precisions, until_day=days, until_precision=precisions)
def test_date_filters_keep_exactly_the_articles_in_the_periods(
    dated: Store, since_day: date, since_precision: str, until_day: date, until_precision: str
) -> None:
    since, until = period(since_day, since_precision), period(until_day, until_precision)
    expected = [
        i + 1
        for i, published in enumerate(PUBLISHED)
        if published is not None
        and published[:10] >= since
        and (published[:10] <= until or in_period(published, until))
    ]
    assert [r["id"] for r in dated.articles(since=since, until=until)] == expected


@pytest.mark.parametrize(
    ("until", "last"),
    [("2024-02", "2024-02-29T23:59:00"), ("2025-01-13", "2025-01-13T08:30:00+09:00")],
)
def test_until_covers_the_whole_last_period(dated: Store, until: str, last: str) -> None:
    assert dated.articles(until=until)[-1]["published"] == last


def test_undated_articles_are_left_out_only_when_filtering(dated: Store) -> None:
    assert len(dated.articles()) == len(PUBLISHED)
    assert len(dated.articles(since="2000")) == len(PUBLISHED) - 1


@pytest.mark.parametrize("bad", ["13/01/2025", "2025-13", "2025-02-30", "25", "last week"])
def test_a_bad_date_is_a_clear_error(dated: Store, bad: str) -> None:
    with pytest.raises(ValueError, match=rf"since: expected a date .*{bad}"):
        dated.claims(since=bad)
