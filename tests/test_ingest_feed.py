"""RSS and Atom feeds: one article per entry."""

from pathlib import Path

from reportedly.errors import ReadFailure
from reportedly.ingest.feed import read_feed

DATA = Path(__file__).parent / "data" / "ingest"


def test_rss_entries_with_content_summary_and_none():
    text = (DATA / "feed.rss").read_text(encoding="utf-8")
    first, second, third = read_feed(text, "feed.rss")
    assert first.text == (
        "Parents of the schoolgirls said on Monday that 234 girls were missing.\n"
        "Officials had given a figure of 130."
    )
    assert first.title == "Parents give a higher count of missing schoolgirls"
    assert first.outlet == "The Example Herald: World"
    assert first.url == "https://news.example.org/2014/04/21/chibok-count"
    assert first.id == "https://news.example.org/?p=421"
    assert first.published == "2014-04-21"
    assert first.origin == "feed.rss[0]"
    assert first.meta["tags"] == ["Nigeria"]
    assert second.text == "Police now say 276 students were taken from the school."
    assert (second.id, second.published) == (None, "2014-05-20")
    assert third == ReadFailure("feed.rss[2]", "feed entry has no text")


def test_atom_entry_keeps_the_written_date():
    text = (DATA / "feed.atom").read_text(encoding="utf-8")
    [entry] = read_feed(text, "feed.atom")
    assert entry.outlet == "Example Wire"
    assert entry.id == "urn:example:wire:1219"
    assert entry.url == "https://wire.example.org/1219"
    assert entry.published == "2024-12-19"
    assert entry.text.startswith("About 100 North Korean soldiers")


def test_xml_that_is_not_a_feed_and_an_empty_feed():
    assert list(read_feed("<?xml version='1.0'?><notes><n>x</n></notes>", "n.xml")) == [
        ReadFailure("n.xml", "not an RSS or Atom feed")
    ]
    empty = '<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert list(read_feed(empty, "q.rss")) == [ReadFailure("q.rss", "feed has no entries")]


def test_text_that_looks_like_a_path_or_url_is_not_fetched():
    assert list(read_feed("https://example.invalid/feed", "u.xml")) == [
        ReadFailure("u.xml", "not an RSS or Atom feed")
    ]
