"""Lines of page furniture: the parts of an article's text that are not prose.

Extracted text keeps headings, subheads, photo captions, "Read also" link lines,
credit lines and bylines between its paragraphs. No record may take a source or
a cue from such a line, nor run across one. A line is furniture when it

- opens with a label of `lexicons/layout.jsonl` followed by a colon, a dash or a
  capitalised word ("Read also: ...", "Photo: ...", "By Jane Roe"), or carries a
  caption credit ("... Photo: Jane Roe/Agency");
  (at most `LABELLED_WORDS` words);
- or is short (at most `HEADING_WORDS` words), holds no sentence end and ends
  without closing punctuation: a heading, a subhead, a caption that only names
  people; unless it continues a hard-wrapped sentence.

`non_prose(doc, labels)` computes the lines once per Doc and keeps them, as
(start, end) pairs, on `doc._.layout`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc

HEADING_WORDS = 12
LABELLED_WORDS = 40
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")
_CLOSING = tuple(".!?\"”’'):;…")
_CREDIT = re.compile(r"\b(?:photo|image|picture|credit)s?\s*:", re.IGNORECASE)


def label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    """Lines opening with a label: "Read also: ...", "Photo - ...", "By Jane Roe"."""
    words = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{words})\b\s*(?::|[-–—]|(?-i:(?=[A-Z])))", re.IGNORECASE)


def non_prose_lines(text: str, labels: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of every line of `text` that is not prose. A short line without
    closing punctuation is prose when it continues a sentence: hard-wrapped text,
    where the line before is open or the next line starts in lower case."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line), line.strip()))
        offset += len(line) + 1
    lines = []
    for i, (start, end, line) in enumerate(spans):
        words = len(line.split())
        before_open = (
            i > 0 and not spans[i - 1][2].endswith(_CLOSING) and lines[-1:] != [spans[i - 1][:2]]
        )
        after_lower = i + 1 < len(spans) and spans[i + 1][2][0].islower()
        heading = (
            words <= HEADING_WORDS
            and not line.endswith(_CLOSING)
            and not _SENTENCE_END.search(line)
            and not before_open
            and not after_lower
        )
        labelled = words <= LABELLED_WORDS and (labels.match(line) or _CREDIT.search(line))
        if heading or labelled:
            lines.append((start, end))
    return lines


class Layout:
    """Which characters of an article lie in non-prose lines."""

    def __init__(self, lines: list[tuple[int, int]]) -> None:
        self.lines = lines
        self._starts = [s for s, _ in lines]

    def furniture(self, offset: int) -> bool:
        """Whether the character at `offset` lies in a non-prose line."""
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and self.lines[i][0] <= offset < self.lines[i][1]


def non_prose(doc: Doc, labels: re.Pattern[str]) -> Layout:
    """The Doc's non-prose lines, computed on first use and kept on `doc._.layout`."""
    if doc._.layout is None:
        doc._.layout = non_prose_lines(doc.text, labels)
    return Layout([tuple(line) for line in doc._.layout])
