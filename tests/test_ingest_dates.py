"""Date normalisation to ISO YYYY-MM-DD."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportedly.ingest.dates import iso_date


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("21 April 2014", "2014-04-21"),
        ("Mon, 21 Apr 2014 09:30:00 +0100", "2014-04-21"),
        ("2014-04-15T23:30:00-05:00", "2014-04-15"),  # the writer's date, not UTC's
        ("Jan 13, 2025", "2025-01-13"),
        (date(2024, 12, 19), "2024-12-19"),
        (datetime(2024, 12, 19, 23, 59), "2024-12-19"),
        ("April 2014", None),  # no day: not a complete date
        ("2014", None),
        ("21 April", None),  # no year
        ("not a date", None),
        ("", None),
        (20140421, None),
        (None, None),
    ],
)
def test_iso_date(written, iso):
    assert iso_date(written) == iso


@given(st.text())
def test_never_raises_and_gives_iso_or_none(text):
    result = iso_date(text)
    assert result is None or date.fromisoformat(result).isoformat() == result
