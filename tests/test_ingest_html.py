"""HTML pages: main text and metadata via trafilatura."""

from pathlib import Path

from reportedly.errors import ReadFailure
from reportedly.ingest.html import read_html

DATA = Path(__file__).parent / "data" / "ingest"


def test_main_text_and_metadata():
    [article] = read_html((DATA / "article.html").read_text(encoding="utf-8"), "a.html")
    assert "234 girls were missing" in article.text
    assert "wrote down every name" in article.text
    for boilerplate in ("Sport", "Reader comment", "All rights reserved", "tracking"):
        assert boilerplate not in article.text
    assert article.title == "Parents give a higher count of missing schoolgirls"
    assert article.outlet == "The Example Herald"
    assert article.published == "2014-04-21"
    assert article.url == "https://news.example.org/2014/04/21/chibok-count"
    assert article.origin == "a.html"
    assert article.id is None


def test_broken_markup_still_gives_text():
    [article] = read_html((DATA / "broken.html").read_text(encoding="utf-8"), "b.html")
    assert "about 300 soldiers had been killed" in article.text
    assert article.title == "Unclosed tags everywhere"


def test_page_without_main_text_is_a_failure():
    for text in [(DATA / "menu.html").read_text(encoding="utf-8"), "<html></html>", "<<<>"]:
        assert list(read_html(text, "m.html")) == [ReadFailure("m.html", "no article text found")]
