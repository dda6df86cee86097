"""The limits that keep hostile input from costing a batch, with their defaults.

One home for every limit, so the stages and the front ends agree on them (and
importing it costs nothing):

| limit         | default    | where it acts                              | option         |
|---------------|------------|--------------------------------------------|----------------|
| `MAX_CHARS`   | 10,000,000 | a longer text is a failure, not extracted  | `--max-chars`  |
| `PIECE_CHARS` | 100,000    | a longer text is extracted in pieces       |                |
| `TIME_LIMIT`  | 60 s       | reportedly's components on one piece       | `--time-limit` |
| `MAX_COUNT`   | 10**15     | a larger number is not kept as a count     |                |
"""

from __future__ import annotations

MAX_CHARS = 10_000_000  # about 2,000 pages
PIECE_CHARS = 100_000  # spaCy needs about 1 GB per 100,000 characters it parses at once
TIME_LIMIT = 60.0
MAX_COUNT = 10**15  # above any count of people or things; exact in a float and in SQL BIGINT
