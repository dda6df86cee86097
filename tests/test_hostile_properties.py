"""Properties over generated input: no reader raises, and the API's records always hold.

Hypothesis generates texts, bytes and JSON records (lone surrogates, control
characters, deep nesting, huge numbers included); every reader must answer
with Articles and ReadFailures only, and `analyze` must return records whose
offsets lie inside the text and point at the words they name.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportedly import analyze
from reportedly.errors import ReadFailure
from reportedly.ingest.feed import read_feed
from reportedly.ingest.html import read_html
from reportedly.ingest.jsonl import read_json, read_json_or_lines, read_jsonl
from reportedly.ingest.registry import read_data
from reportedly.ingest.text import read_text
from reportedly.model import Article

READERS = (read_text, read_jsonl, read_json, read_json_or_lines, read_feed, read_html)
NEWS_WORDS = st.sampled_from(
    ["said", "told", "the", "ministry", "at least", "300", "people", "were", "killed", "“",
     "”", '"', "(", ")", ",", ".", "\n\n", "according to", "officials", "Governor", "Ana",
     "Reyes", "on Monday", "about", "two", "thousand", "-", "that", "\x1b[2J", "\ud800"]
)  # fmt: skip
NEWSY = st.lists(NEWS_WORDS, max_size=60).map(" ".join)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
RECORDS = st.dictionaries(
    st.sampled_from(["text", "title", "date", "outlet", "url", "id", "meta", "extra"]),
    JSON_VALUES | NEWSY,
)


def lines_of(records: list[dict]) -> str:
    return "\n".join(json.dumps(r, allow_nan=True) for r in records)


def check_items(items: list) -> None:
    for item in items:
        assert isinstance(item, Article | ReadFailure)
        if isinstance(item, Article):
            assert item.text.strip()
            item.text.encode("utf-8")  # no lone surrogate left
            json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
        else:
            assert item.origin and item.reason


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text() | NEWSY, reader=st.sampled_from(READERS))
def test_no_reader_raises_on_any_text(text, reader):
    check_items(list(read_data(text.encode("utf-8", "surrogatepass"), "in.txt", reader)))


@settings(max_examples=80, deadline=None)
@given(data=st.binary())
def test_sniffed_bytes_never_raise(data):
    check_items(list(read_data(data, "-")))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS, min_size=1, max_size=5))
def test_json_lines_of_any_records_give_one_item_per_line(records):
    items = list(read_data(lines_of(records).encode("utf-8", "surrogatepass"), "in.jsonl",
                           read_jsonl))  # fmt: skip
    check_items(items)
    assert len(items) == len([line for line in lines_of(records).split("\n") if line.strip()])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=NEWSY.filter(str.strip))
def test_analyze_records_point_into_the_text(text):
    report = analyze(text)
    assert report.article.text == text.replace("\ud800", "\ufffd")
    text = report.article.text
    size = len(text)
    for a in report.attributions:
        for part in ("source", "cue", "content"):
            start, end = getattr(a, f"{part}_start"), getattr(a, f"{part}_end")
            if start is None:
                continue
            assert 0 <= start <= end <= size
            if part != "content" or not a.content_parts:
                assert text[start:end] == getattr(a, part)
        for start, end in a.content_parts:
            assert 0 <= start <= end <= size
        assert a.parent is None or 0 <= a.parent < len(report.attributions)
    for f in report.figures:
        assert 0 <= f.start <= f.end <= size
        assert text[f.start : f.end] == f.text
        if f.low is not None and f.high is not None:
            assert f.low <= f.high
    for e in report.entities:
        for start, end in e.mentions:
            assert 0 <= start < end <= size
