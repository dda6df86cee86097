"""JSON Lines and JSON: the evaluation input line, bad lines named by number."""

import json
from pathlib import Path

from reportedly.errors import ReadFailure
from reportedly.ingest.jsonl import read_json, read_json_or_lines, read_jsonl
from reportedly.model import Article

DATA = Path(__file__).parent / "data" / "ingest"


def test_input_lines_become_articles_and_gold_is_dropped():
    text = (DATA / "articles.jsonl").read_text(encoding="utf-8")
    first, second = read_jsonl(text, "a.jsonl")
    assert first.id == "w1"
    assert first.origin == "a.jsonl:1"
    assert (first.title, first.outlet, first.published) == (
        "First estimate",
        "Example Wire",
        "2024-12-19",
    )
    assert first.url == "https://wire.example.org/1219"
    assert first.meta == {"licence": "CC0", "desk": "Asia"}
    # the blank line 2 is skipped; numbers are the file's own lines
    assert second.origin == "a.jsonl:3"
    assert second.id == "7"
    assert second.published == "2025-01-13"


def test_text_is_kept_exactly_so_offsets_stay_valid():
    [article] = read_jsonl('{"id": "s", "text": "  padded\\r\\ntext  "}', "s.jsonl")
    assert article.text == "  padded\r\ntext  "


def test_bad_lines_are_failures_and_the_rest_is_read():
    lines = "\n".join(
        [
            '{"id": "a", "text": "Fine."}',
            '{"id": "b", "text": ',
            '["not", "an", "object"]',
            '{"id": "c"}',
            '{"id": "d", "text": "   "}',
            '{"id": "e", "text": 42}',
            '{"id": "f", "text": "Also fine."}',
        ]
    )
    items = list(read_jsonl(lines, "b.jsonl"))
    assert [item.id for item in items if isinstance(item, Article)] == ["a", "f"]
    failures = {item.origin: item.reason for item in items if isinstance(item, ReadFailure)}
    assert failures["b.jsonl:2"].startswith("invalid JSON: Expecting value")
    assert failures["b.jsonl:3"] == "expected a JSON object, got array"
    assert failures["b.jsonl:4"] == "no 'text' key"
    assert failures["b.jsonl:5"] == "'text' is empty"
    assert failures["b.jsonl:6"] == "'text' is a number, not a string"


def test_json_list_items_are_named_by_index():
    text = (DATA / "articles.json").read_text(encoding="utf-8")
    first, second = read_json(text, "l.json")
    assert (first.origin, first.published) == ("l.json[0]", "2014-04-17")
    assert (second.origin, second.outlet) == ("l.json[1]", "The Example Herald")


def test_json_object_and_bad_json():
    [article] = read_json('{"text": "One article.", "meta": {"lang": "en"}}', "o.json")
    assert (article.origin, article.id, article.meta) == ("o.json", None, {"lang": "en"})
    [failure] = read_json('{"text": "cut', "bad.json")
    assert failure.origin == "bad.json"
    assert failure.reason.startswith("invalid JSON: Unterminated string")
    assert list(read_json("[]", "e.json")) == [ReadFailure("e.json", "empty JSON list")]


def test_article_to_dict_round_trips_through_a_line():
    original = Article(text="Body.", id="x", title="T", published="2024-01-02", meta={"k": 1})
    original.origin = "elsewhere"
    [read] = read_jsonl(json.dumps(original.to_dict()), "r.jsonl")
    assert read.to_dict() == {**original.to_dict(), "origin": "r.jsonl:1"}


def test_sniffed_json_or_lines():
    [one] = read_json_or_lines('{"text": "A single object."}', "-")
    assert one.origin == "-"
    lines = list(read_json_or_lines('{"text": "One."}\n{"text": "Two."}\n', "-"))
    assert [item.origin for item in lines] == ["-:1", "-:2"]
