"""The limits that keep hostile input from costing a batch, with their defaults.

One home for every limit, so the stages and the front ends agree on them (and
importing it costs nothing):

| limit                 | default    | where it acts                             | option         |
|-----------------------|------------|-------------------------------------------|----------------|
| `MAX_CHARS`           | 10,000,000 | a longer text is a failure, not extracted | `--max-chars`  |
| `PIECE_CHARS`         | 25,000     | a longer text is extracted in pieces      | `piece_chars=` |
| `MAX_SENTENCE_TOKENS` | 250        | a longer run of tokens is cut in two      |                |
| `MAX_NESTING`         | 8          | a claim nested deeper is not kept         |                |
| `TIME_LIMIT`          | 20 s       | the whole extraction of one article       | `--time-limit` |
| `MAX_COUNT`           | 10**15     | a larger number is not kept as a count    |                |
| `MAX_ROW_ID`          | 2**31 - 1  | a larger id names no record (a 404 or 422) |               |

`PIECE_CHARS` is also spaCy's `nlp.max_length` in reportedly's pipeline: spaCy is
never handed more at once. The longest sentence of the development sets has 96
tokens and the longest run between paragraph starts 194, so the cap on sentences
leaves ordinary articles alone while it bounds the rules that work per sentence.
"""

from __future__ import annotations

MAX_CHARS = 10_000_000  # about 2,000 pages
PIECE_CHARS = 25_000  # a few seconds of spaCy's parse, a quarter of a gigabyte
MAX_SENTENCE_TOKENS = 250
MAX_NESTING = 8  # records above a claim: in "A said B told C that ..." B's has one
TIME_LIMIT = 20.0  # with start-up and storing, a loaded machine is done within 60 s
MAX_COUNT = 10**15  # above any count of people or things; exact in a float and in SQL BIGINT
MAX_ROW_ID = 2**31 - 1  # the largest id a store holds: PostgreSQL's integer column
