"""Speaker labels: quotations that name their speaker by layout, not by a verb.

Two shapes carry an attribution without a reporting verb:

- a signed quotation, a quote followed by a dash and a name, as in round-ups of
  readers' comments and epigraphs: "“We were never asked.” ― Ana Ruiz";
- a turn of a transcript that the article quotes, a paragraph opening with a
  quote mark and a speaker's name in capitals before a colon:
  '"MODERATOR: Will you run again?'.

A transcript that *is* the article (a briefing published as is, "SPOKESPERSON:
As you're aware, ...") is the article's own voice, so an unquoted label is not
an attribution. The dash or the colon is the cue; the source is resolved to an
entity like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportedly.extract.quotes import Quote

DASHES = "―—–"
NAME_WORD = r"[A-Z][\w.'’-]*"
# "” ― Ana Ruiz", "”— Dr. Lee Park, 54": a name of up to five words after the dash,
# then the end of the line or of the sentence
SIGNATURE = re.compile(
    rf"[ \t\u00a0]*(?P<cue>[{DASHES}]|--)[ \t\u00a0]*"
    rf"(?P<name>{NAME_WORD}(?:[ \u00a0]{NAME_WORD}){{0,4}})"
    r"(?=[ \t\u00a0]*(?:[,.;(]|$))",
    re.MULTILINE,
)
# '"WALLACE: Let us start', '“SEN. ORTIZ: No.': a quoted paragraph opening with a
# speaker's name in capitals and a colon
TURN = re.compile(
    r"^[ \t]*[\"“](?P<name>[A-Z][A-Z.'’ -]{1,40}[A-Z.])(?P<cue>:)[ \t]+(?P<content>\S[^\n]*)$",
    re.MULTILINE,
)
CLOSING_MARKS = '"”'


@dataclass(frozen=True)
class Label:
    """A speaker label: character ranges of its source, cue and content."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]


def signed_quotes(text: str, quotes: list[Quote]) -> list[Label]:
    """Quotations followed by a dash and their speaker's name."""
    labels = []
    for quote in quotes:
        match = SIGNATURE.match(text, quote.close_mark + 1)
        if match is None:
            continue
        start, end = match.span("name")
        last = text[start:end].split()[-1]
        if last.endswith(".") and len(last) > 3:
            end -= 1  # the sentence's period, not an abbreviation's ("Jr.")
        labels.append(Label((start, end), match.span("cue"), (quote.start, quote.end)))
    return labels


def transcript_turns(text: str) -> list[Label]:
    """Turns of a transcript quoted paragraph by paragraph."""
    labels = []
    for match in TURN.finditer(text):
        start, end = match.span("content")
        while end > start and (text[end - 1] in CLOSING_MARKS or text[end - 1].isspace()):
            end -= 1
        if end - start > 1:
            labels.append(Label(match.span("name"), match.span("cue"), (start, end)))
    return labels
