"""HTML fragments (feed entry bodies) to plain text: one paragraph a line, scripts dropped."""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.etree import ParserError

_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip
_DROPPED = ("script", "style", "noscript", "template")


def strip_markup(fragment: str) -> str:
    """The text of an HTML fragment, block elements on lines of their own."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except ParserError:  # e.g. a fragment that is only a comment
        return ""
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
