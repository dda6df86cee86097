"""A page of a claimant's history is the same slice of it whichever way it is read: for a
claimant in most articles the store walks the articles in date order (`_first_articles`),
for the others it sorts the claimant's rows; both must give the rows of the full history,
undated articles and articles of one day included."""

from __future__ import annotations

import random

from analysis_data import figure, said, store_of

DAYS = ["2025-01-03", "2025-01-01", "2025-01-02", "2025-01-02", "2025-01-05", "2025-01-04"]


def test_pages_of_a_prolific_and_a_rare_claimant_are_slices_of_their_history(
    store_url: str,
) -> None:
    rng = random.Random(7)
    reports = []
    for n in range(24):
        published = DAYS[n % len(DAYS)] if n % 5 else None  # some undated, several a day
        claimant = "Defence Ministry" if n % 6 else "Rebel Command"
        relay = "lawmaker Pak" if n % 4 else None  # in most articles: his pages walk
        figures = [figure(10 + n, rng.choice(["killed", "injured"]))]
        report = said(claimant, published or "2025-01-01", f"Outlet {n % 3}", figures,
                      story=f"story {n}", relay=relay)  # fmt: skip
        report.article.published = published
        reports.append(report)
    store = store_of(store_url, reports)
    for name in ("Defence Ministry", "Rebel Command", "lawmaker Pak"):
        ids = [row["id"] for row in store.entities_named(name)]
        own, relayed = store.source_claims(ids), store.source_relayed(ids)
        assert own or relayed
        for limit in (1, 3, 7):
            for offset in range(0, 26, limit):
                assert (
                    store.source_claims(ids, limit=limit, offset=offset)
                    == (own[offset : offset + limit])
                ), (name, limit, offset)
                assert (
                    store.source_relayed(ids, limit=limit, offset=offset)
                    == (relayed[offset : offset + limit])
                ), (name, limit, offset)
