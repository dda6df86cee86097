"""Readers: turn files, feeds, URLs and stdin into `Article` records.

    read_inputs(["news/", "feed.xml", "-", "https://..."]) -> Article | ReadFailure, ...

One module per input kind (text, html, jsonl, feed, url); `registry` says which
reads what, `dispatch` walks the inputs. A bad input gives a ReadFailure naming
it (`path`, `path:line`, `path[index]`, the URL or `-`) and the reason; the rest
of the batch is still read. See docs/ingest.md.
"""

from reportedly.ingest.dispatch import expected_articles, read_inputs

__all__ = ["expected_articles", "read_inputs"]
