"""The article page's highlighting (reportedly.web.highlight): whatever the text and the
spans, the HTML is well formed, holds no tag but our marks, and reads back as the text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from reportedly.web.highlight import Span, highlight

PIECES = st.sampled_from([*"ab <>&\"'/=;\n\x00\u2028é", "<script>", "&amp;", "</mark>"])
HOSTILE = st.lists(PIECES, max_size=30).map("".join) | st.text()
KINDS = st.sampled_from(["source", "cue", "content", "figure", 'x" onclick="alert(1)'])


class Tags(HTMLParser):
    """Checks that tags nest and close; collects them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.seen: list[tuple[str, dict[str, str | None]]] = []
        self.crossed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.seen.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.crossed = True


def spans_for(size: int) -> st.SearchStrategy[list[Span]]:
    offsets = st.integers(min_value=-2, max_value=size + 2)
    span = st.builds(
        Span,
        offsets,
        offsets,
        KINDS,
        st.none() | st.sampled_from(["claim-0", "figure-1", "<b>"]),
        st.none() | st.sampled_from(["claim-0", "claim-1"]),
    )
    return st.lists(span, max_size=12)


@given(st.data())
def test_any_spans_over_any_text_are_well_formed_and_read_back_as_the_text(data) -> None:
    text = data.draw(HOSTILE)
    spans = data.draw(spans_for(len(text)))
    out = str(highlight(text, spans))
    parser = Tags()
    parser.feed(out)
    parser.close()
    assert not parser.crossed and parser.stack == []
    assert {tag for tag, _ in parser.seen} <= {"mark"}
    assert all(set(attrs) <= {"class", "data-record", "id"} for _, attrs in parser.seen)
    kept = [s for s in spans if max(0, s.start) < min(len(text), s.end)]
    ids = [attrs["id"] for _, attrs in parser.seen if "id" in attrs]
    assert sorted(ids) == sorted(s.anchor for s in kept if s.anchor)  # on one piece each
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == text


def test_crossing_spans_are_split_and_nested_ones_nest() -> None:
    text = "Officials said 40 people died"
    out = highlight(
        text,
        [
            Span(0, 14, "source", "claim-0", anchor="claim-0"),
            Span(10, 22, "figure", "figure-0"),
            Span(15, 17, "content"),
        ],
    )
    assert str(out) == (
        '<mark class="source" data-record="claim-0" id="claim-0">Officials '
        '<mark class="figure" data-record="figure-0">said</mark></mark>'
        '<mark class="figure" data-record="figure-0"> <mark class="content">40</mark> peop</mark>'
        "le died"
    )


def test_the_text_is_escaped_and_never_markup() -> None:
    out = str(highlight('<img src=x onerror="alert(1)">', [Span(0, 4, "cue")]))
    assert "<img" not in out and out.startswith('<mark class="cue">&lt;img</mark>')
