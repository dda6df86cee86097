"""Sentence starts set on a Doc before spaCy parses it; the parser keeps them.

Two rules: a line break before a capital, a digit or a quote mark starts a
sentence, so a headline without a full stop is not parsed as the subject of the
lead below it; and no run of tokens without a sentence start is longer than
`MAX_SENTENCE_TOKENS`: a longer one is cut after its last `.`, `!`, `?` or `;`,
else at the limit. The second rule never acts on ordinary prose (whose sentence
ends come far more often) and keeps every rule that works within a sentence --
nested "X said that" contents, relay chains, clause searches -- bounded by the
cap instead of growing with the square of the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportedly.limits import MAX_SENTENCE_TOKENS

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SENTENCE_ENDS = frozenset(".!?;")
_OPENING_QUOTES = "\"“‘'"


def mark_sentence_starts(doc: Doc, max_tokens: int = MAX_SENTENCE_TOKENS) -> None:
    """Set `is_sent_start` on the tokens that the two rules above make sentence starts."""
    run_start = 0  # the token that starts the current run
    last_end = None  # the token after the run's last sentence end
    for token in doc[1:]:
        previous = doc[token.i - 1]
        first = token.text[0]
        if "\n" in previous.text_with_ws and (
            first.isupper() or first.isdigit() or first in _OPENING_QUOTES
        ):
            token.is_sent_start = True
            run_start, last_end = token.i, None
            continue
        if previous.text in _SENTENCE_ENDS:
            last_end = token.i
        if token.i - run_start >= max_tokens:
            cut = last_end if last_end is not None and last_end > run_start else token.i
            doc[cut].is_sent_start = True
            run_start, last_end = cut, None
