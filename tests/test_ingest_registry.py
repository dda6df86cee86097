"""Which reader reads what, and read_data's guarantees."""

import pytest

from reportedly.errors import ReadFailure
from reportedly.ingest.feed import read_feed
from reportedly.ingest.html import read_html
from reportedly.ingest.jsonl import read_json_or_lines
from reportedly.ingest.registry import read_data, sniff
from reportedly.ingest.text import read_text
from reportedly.model import Article


@pytest.mark.parametrize(
    ("text", "reader"),
    [
        ('  {"text": "x"}', read_json_or_lines),
        ('[{"text": "x"}]', read_json_or_lines),
        ('<?xml version="1.0"?>\n<rss version="2.0">', read_feed),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', read_feed),
        ("<rdf:RDF xmlns:rdf=''>", read_feed),
        ("<!DOCTYPE html><html><body>", read_html),
        ("<p>A fragment</p>", read_html),
        ("---\ntitle: x\n---\nText", read_text),
        ("Just words.", read_text),
    ],
)
def test_sniff(text, reader):
    assert sniff(text) is reader


def test_a_reader_that_raises_gives_a_failure_with_the_error():
    def fragile(text, origin):
        yield Article(text=text, origin=origin)
        raise ValueError("parser gave up")

    assert list(read_data(b"Some text.", "f.txt", fragile)) == [
        Article(text="Some text.", origin="f.txt"),
        ReadFailure("f.txt", "could not be read: ValueError: parser gave up"),
    ]
