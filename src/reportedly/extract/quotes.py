"""Find quoted passages in raw text: curly or straight marks, over sentences and paragraphs.

News copy is messy: curly and straight marks mix, a quote may run over several
paragraphs (each reopened with a mark, the earlier ones left unclosed), and a
mark may lose its pair. `find_quotes` pairs what it can and drops a mark that
has no pair, so one broken quote costs that quote, never the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb", '"': '"'}
CLOSERS = {"\u201d", "\u00bb", '"'}
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"


@dataclass(frozen=True)
class Quote:
    """A quoted passage: `start`/`end` delimit the words inside the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark


# Two-character marks some copy uses for double quotes: ''like this'' and ``like this''.
PAIRED_APOSTROPHES = {"''": "''", "``": "''"}
INTERESTING = re.compile("[" + re.escape("".join({*OPENERS, *CLOSERS, "'", "`", "\n"})) + "]")


def _is_opening_straight(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{—–-:/" or i == 0


def _mark(text: str, i: int) -> str:
    """The double quotation mark starting at `i` ("" if none): one character or two."""
    pair = text[i : i + 2]
    if pair in PAIRED_APOSTROPHES:
        return pair
    ch = text[i]
    return ch if ch in OPENERS or ch in CLOSERS else ""


def find_quotes(text: str) -> list[Quote]:
    """Double-mark quotations in `text`, in order; unpaired marks are dropped."""
    quotes: list[Quote] = []
    open_at: int | None = None
    opened = expected = ""
    i = 0
    while True:
        found = INTERESTING.search(text, i)  # skip plain text: only marks and breaks matter
        if found is None:
            break
        i = found.start()
        ch, mark = text[i], _mark(text, i)
        if open_at is None:
            straight = mark in ('"', "''")
            if mark in (*OPENERS, *PAIRED_APOSTROPHES) and (
                not straight or _is_opening_straight(text, i, len(mark))
            ):
                open_at, opened = i, mark
                expected = OPENERS.get(mark) or PAIRED_APOSTROPHES[mark]
                i += len(mark)
                continue
        elif mark and (mark == expected or (mark in CLOSERS and mark != '"' and expected != '"')):
            if len(mark) == len(expected):
                quotes.append(Quote(open_at + len(opened), i, open_at, i + len(mark) - 1))
                open_at = None
                i += len(mark)
                continue
        elif ch == "\n":
            # A quote running into the next paragraph is reopened there (the
            # reopening mark is skipped); otherwise the mark had no pair: drop it.
            j = i
            while j < len(text) and text[j] in "\n \t":
                j += 1
            if j < len(text) and _mark(text, j) == opened:
                i = j + len(opened)
                continue
            open_at = None
        i += 1
    return [_trim(text, q) for q in quotes if q.end > q.start]


def _trim(text: str, quote: Quote) -> Quote:
    start, end = quote.start, quote.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(start, end, quote.open_mark, quote.close_mark)


def has_quote_mark(text: str) -> bool:
    """True when `text` holds a double or single quotation mark (not an apostrophe)."""
    if any(pair in text for pair in PAIRED_APOSTROPHES):
        return True
    for i, ch in enumerate(text):
        if ch in OPENERS or ch in CLOSERS or ch == SINGLE_OPEN:
            return True
        closing = ch == SINGLE_CLOSE and (i + 1 == len(text) or not text[i + 1].isalpha())
        if closing and SINGLE_OPEN in text[:i]:
            return True  # a closing single mark with its opener, not a possessive "soldiers’"
    return False
