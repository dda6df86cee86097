"""One stored article for a front end: its Report and the entity of each record's claimant.

`stored_article(store, id)` is what the article page shows: the text and records as
extracted (`Store.article`) and, per attribution and figure position, the name of
the entity across articles its claimant belongs to now (after entity merges and
splits; `Store.article_claimants`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportedly.model import Report


@dataclass(frozen=True)
class StoredArticle:
    """An article's Report and its claimants' entities, by record position."""

    report: Report
    claim_entities: dict[int, str]
    figure_entities: dict[int, str]


def stored_article(store: Any, article_id: int) -> StoredArticle | None:
    """The article `article_id` with its claimants' entities, or None if it is not stored."""
    report = store.article(article_id)
    if report is None:
        return None
    claimants = store.article_claimants(article_id)
    return StoredArticle(report, claimants["claims"], claimants["figures"])
