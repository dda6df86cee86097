"""Checks: a total that goes down, killed > casualties, breakdowns that do not add up."""

from __future__ import annotations

from analysis_data import copy_of, figure, said, store_of
from reportedly.analyse.checks import check, relations
from reportedly.analyse.syndication import merge_equal
from reportedly.analyse.timelines import load_claims


def flags_of(store_url: str, reports: list) -> list[tuple[str, str]]:
    return [(f.check, f.message) for f in check(load_claims(store_of(store_url, reports)))]


def test_a_drop_in_a_cumulative_count_is_flagged(store_url: str) -> None:
    reports = [
        said("Ministry", "2025-01-01", "A", [figure(100, "killed")]),
        said("Ministry", "2025-02-01", "B", [figure(300, "killed")], story="b"),
        said("Ministry", "2025-03-01", "C", [figure(250, "killed")], story="c"),
    ]
    assert flags_of(store_url, reports) == [
        (
            "cumulative_drop",
            "Ministry: freedonian soldiers killed fell from 300 (2025-02-01) to 250 (2025-03-01)",
        )
    ]


def test_a_rising_series_and_a_weekly_figure_below_the_total_are_not_flagged(
    store_url: str,
) -> None:
    reports = [
        said("Ministry", "2025-01-01", "A", [figure(100, "killed")]),
        said("Ministry", "2025-02-01", "B", [figure(300, "killed", qualifier="approx")], story="b"),
        said(
            "Ministry",
            "2025-02-08",
            "C",
            [figure(40, "killed", period="in the past week")],
            story="c",
        ),
        said("Ministry", "2025-03-01", "D", [figure(290, "killed", qualifier="approx")], story="d"),
    ]
    assert flags_of(store_url, reports) == []


def test_killed_above_casualties_from_one_claimant_on_one_date_is_flagged(store_url: str) -> None:
    reports = [
        said("Ministry", "2025-01-01", "A", [figure(500, "killed"), figure(400, "casualties")]),
        said("Rebels", "2025-01-01", "B", [figure(900, "killed")], story="b"),  # another claimant
    ]
    assert flags_of(store_url, reports) == [
        (
            "killed_exceeds_casualties",
            "Ministry on 2025-01-01: 500 killed but 400 casualties (freedonian soldiers)",
        )
    ]


def test_syndicated_copies_of_a_bad_series_are_flagged_once(store_url: str) -> None:
    report = said("Ministry", "2025-01-01", "A", [figure(500, "killed"), figure(400, "casualties")])
    reports = [report, copy_of(report, "B"), copy_of(report, "C")]
    assert [c for c, _ in flags_of(store_url, reports)] == ["killed_exceeds_casualties"]


def test_breakdowns_larger_than_their_whole_are_flagged(store_url: str) -> None:
    parts = [
        figure(100, "casualties"),
        figure(80, "killed", part_of=0),
        figure(60, "injured", part_of=0),
    ]
    found = flags_of(store_url, [said("Ministry", "2025-01-01", "A", parts)])
    assert [c for c, _ in found] == ["parts_exceed_whole", "sum_mismatch"]
    assert found[1][1] == "Ministry on 2025-01-01: 80 killed + 60 injured != 100 casualties"


def test_killed_plus_injured_equal_to_casualties_is_a_relation(store_url: str) -> None:
    stated = [figure(4700, "casualties", qualifier="approx"), figure(600, "killed", part_of=0)]
    store = store_of(store_url, [said("Intelligence Service", "2025-04-30", "A", stated)])
    claims = load_claims(store)
    assert check(claims) == []
    (relation,) = relations(merge_equal(claims))
    assert (relation.claimant, relation.claim_date) == ("Intelligence Service", "2025-04-30")
    assert relation.derived == ("injured", 3630, 4570)  # about 4,700 less 600, within 10 %
    assert relation.adds_up is None
