"""Syndication: copies of a story are one report; figures count once per independent claimant."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from analysis_data import copy_of, figure, said, store_of
from reportedly import sketches
from reportedly.analyse.quantities import parse_quantity
from reportedly.analyse.summary import quantity_rows
from reportedly.analyse.syndication import cluster_articles, clusters_of, corroborate, merge_equal
from reportedly.analyse.timelines import load_claims, timeline

KILLED = parse_quantity("freedonian soldiers killed")


def originals() -> list:
    return [
        said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [figure(300, "killed")]),
        said(
            "Intelligence Service",
            "2025-01-12",
            "Eastern Dispatch",
            [figure(310, "killed", qualifier="approx")],
        ),
        said(
            "Red Cross",
            "2025-01-15",
            "Capital Review",
            [figure(290, "killed", qualifier="approx")],
            story="Aid groups asked for access.",
        ),
    ]


def syndicated_store(store_url: str):
    reports = originals()
    copies = [copy_of(reports[0], outlet) for outlet in ("Lakeside Courier", "Northern Times")]
    copies.append(copy_of(reports[1], "Valley Post"))
    return store_of(store_url, [*reports, *copies])


def test_copies_under_other_outlet_names_share_a_cluster(store_url: str) -> None:
    store = syndicated_store(store_url)
    assert store.cluster_ids() == {1: 1, 2: 2, 3: 3, 4: 1, 5: 1, 6: 2}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_copies_stored_in_any_order_are_clustered_as_the_batch_clustering_does(
    tmp_path: Path, seed: int
) -> None:
    reports = originals()
    copies = [copy_of(reports[0], outlet) for outlet in ("Lakeside Courier", "Northern Times")]
    copies.append(copy_of(reports[2], "Valley Post"))
    mixed = [*reports, *copies]
    random.Random(seed).shuffle(mixed)
    store = store_of(tmp_path, mixed)
    stored = clusters_of(store)
    assert stored == cluster_articles(store.article_texts())
    by_text = {text: stored[article_id] for article_id, text in store.article_texts()}
    wire = {by_text[r.article.text] for r in (reports[0], *copies[:2])}
    assert len(wire) == 1 and len(set(stored.values())) == 3  # three stories
    assert wire == {min(i for i, t in store.article_texts() if by_text[t] in wire)}


def test_the_stored_bands_have_the_shape_datasketch_chooses() -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=sketches.THRESHOLD, num_perm=sketches.NUM_PERM)
    assert (lsh.b, lsh.r) == (sketches.BANDS, sketches.ROWS)


def test_different_stories_stay_apart() -> None:
    texts = [(1, "The river rose overnight and flooded the lower town."), (2, "Talks resumed.")]
    assert cluster_articles(texts) == {1: 1, 2: 2}


def test_each_figure_is_counted_once_per_independent_claimant(store_url: str) -> None:
    store = syndicated_store(store_url)
    claims = load_claims(store)
    row = next(r for r in quantity_rows(claims) if r["quantity"] == KILLED.name)
    assert (row["claims"], row["statements"], row["reports"], row["outlets"]) == (6, 3, 3, 6)
    assert row["claimants"] == 3
    graded = corroborate(merge_equal(timeline(claims, KILLED)))
    assert [len(g.statement.claims) for g in graded] == [3, 2, 1]  # copies fold into one
    assert [g.statement.reports for g in graded] == [1, 1, 1]
    assert [g.independent_claimants for g in graded] == [3, 3, 3]  # not 6 outlets
    assert [g.credibility for g in graded] == [1, 1, 1]


def test_outlets_repeating_one_claimant_do_not_corroborate_it(store_url: str) -> None:
    reports = [said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [figure(300, "killed")])]
    reports += [copy_of(reports[0], f"Outlet {n}") for n in range(4)]
    claims = load_claims(store_of(store_url, reports))
    (graded,) = corroborate(merge_equal(claims))
    assert graded.independent_claimants == 1
    assert graded.credibility == 6  # cannot be judged: nobody else said it


def test_a_lone_contradicting_claimant_makes_a_claim_doubtful(store_url: str) -> None:
    reports = [
        said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [figure(300, "killed")]),
        said(
            "Rebel Command", "2025-01-11", "Capital Review", [figure(3000, "killed")], story="x y z"
        ),
    ]
    graded = corroborate(merge_equal(load_claims(store_of(store_url, reports))))
    assert [(g.statement.claimant, g.credibility) for g in graded] == [
        ("Ministry of Defence", 4),
        ("Rebel Command", 4),
    ]


def test_a_spokeswoman_and_her_ministry_are_one_claimant(store_url: str) -> None:
    ministry = said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [figure(300, "killed")])
    voice = said("Ana Lind", "2025-01-11", "Capital Review", [figure(300, "killed")], story="q r")
    voice.attributions[0].source = "Ministry of Defence spokeswoman Ana Lind"
    other = said(
        "Rebel Command", "2025-01-12", "Northern Times", [figure(300, "killed")], story="s"
    )
    claims = load_claims(store_of(store_url, [ministry, voice, other]))
    graded = corroborate(merge_equal(claims))
    assert [(g.statement.claimant, g.independent_claimants) for g in graded] == [
        ("Ministry of Defence", 2),  # with Rebel Command; not with its own spokeswoman
        ("Ana Lind", 2),
        ("Rebel Command", 2),  # the ministry and its spokeswoman count once
    ]


def test_an_own_voice_headline_over_its_lead_is_one_report(store_url: str) -> None:
    report = said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [figure(300, "killed")])
    report.figures.append(figure(300, "killed", attribution=None))  # the headline repeats it
    claims = load_claims(store_of(store_url, [report]))
    assert {c.own_voice for c in claims} == {True, False}
    assert [g.independent_claimants for g in corroborate(merge_equal(claims))] == [1, 1]


def test_an_article_that_bridges_two_clusters_relabels_the_higher_one(tmp_path: Path) -> None:
    def text(first: int, last: int) -> str:
        return " ".join(f"token{i}" for i in range(first, last))

    store = store_of(
        tmp_path,
        [
            said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [], story=text(0, 200)),
            said("Ministry of Defence", "2025-01-10", "Valley Post", [], story=text(60, 260)),
        ],
    )
    assert clusters_of(store) == {1: 1, 2: 2}  # the two halves are not alike enough
    bridge = said("Ministry of Defence", "2025-01-10", "Capital Review", [], story=text(30, 230))
    store.add(bridge)
    assert clusters_of(store) == {1: 1, 2: 1, 3: 1}
    assert clusters_of(store) == cluster_articles(store.article_texts())


def test_statements_not_shown_corroborate_those_shown_and_are_left_out(store_url: str) -> None:
    reports = [
        said("Ministry of Defence", "2025-01-10", "Harbor Ledger", [figure(300, "killed")]),
        said("Rebel Command", "2025-01-12", "Capital Review", [figure(300, "killed")], story="b"),
        said("Red Cross", "2025-01-20", "Northern Times", [figure(900, "killed")], story="c"),
    ]
    statements = merge_equal(load_claims(store_of(store_url, reports)))
    every = corroborate(statements)
    shown = corroborate(statements, only=[1, 2])
    assert [g.statement.claimant for g in shown] == ["Rebel Command", "Red Cross"]
    assert shown == every[1:]
    assert shown[0].agreeing == ("Ministry of Defence",)  # the one left out still counts
