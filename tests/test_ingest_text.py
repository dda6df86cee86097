"""Plain text and Markdown: front matter, text, dates."""

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reportedly.errors import ReadFailure
from reportedly.ingest.text import parse_front_matter, read_text

DATA = Path(__file__).parent / "data" / "ingest"


def test_front_matter_fields_become_article_fields():
    text = (DATA / "article.txt").read_text(encoding="utf-8")
    [article] = read_text(text, "article.txt")
    assert article.title == "Parents give a higher count of missing schoolgirls"
    assert article.published == "2014-04-21"
    assert article.outlet == "The Example Herald"
    assert article.url == "https://news.example.org/2014/04/21/chibok-count"
    assert article.id == "herald-0421"
    assert article.meta == {"section": "World"}
    assert article.origin == "article.txt"
    assert article.text.startswith("Parents of the schoolgirls")
    assert article.text.endswith("more than 100 students taken.")


def test_text_without_front_matter_is_all_text():
    text = (DATA / "plain.md").read_text(encoding="utf-8")
    [article] = read_text(text, "plain.md")
    assert article.text == text.strip()
    assert (article.title, article.published, article.meta) == (None, None, {})


def test_aliases_quotes_and_unparseable_date():
    text = "---\nsource: \"Example Wire\"\npublished: sometime soon\nTitle: 'Quoted'\n---\nBody."
    [article] = read_text(text, "x.txt")
    assert article.outlet == "Example Wire"
    assert article.title == "Quoted"
    assert article.published is None
    assert article.meta == {"published": "sometime soon"}


def test_unclosed_or_malformed_block_is_not_front_matter():
    unclosed = "---\ntitle: A\nBody without a closing fence."
    malformed = "---\ntitle: A\nthis line is prose\n---\nBody."
    assert parse_front_matter(unclosed) == ({}, unclosed)
    assert parse_front_matter(malformed) == ({}, malformed)


def test_front_matter_without_text_is_a_failure():
    assert list(read_text("---\ntitle: Only a title\n---\n\n  \n", "x.md")) == [
        ReadFailure("x.md", "no text after the front matter")
    ]


@given(st.text())
def test_parser_never_raises_and_returns_a_suffix(text):
    fields, body = parse_front_matter(text)
    assert text.endswith(body)
    if not fields:
        assert body == text or text.split("\n")[0].rstrip() == "---"


_keys = st.from_regex(r"[a-z_][a-z0-9_.-]{0,12}", fullmatch=True)
_values = (
    st.text(st.characters(blacklist_characters="\n\r"), max_size=30)
    .map(str.strip)
    .filter(lambda v: not (len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'"))
)


@given(st.dictionaries(_keys, _values, min_size=1, max_size=6), st.text())
def test_written_front_matter_round_trips(fields, body):
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    assert parse_front_matter(f"---\n{lines}---\n{body}") == (fields, body)
