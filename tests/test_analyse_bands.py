"""Bands: conservative, low / best / high and disagreement per date."""

from __future__ import annotations

import pytest

from analysis_data import figure, said, store_of
from reportedly.analyse.bands import bands
from reportedly.analyse.syndication import merge_equal
from reportedly.analyse.timelines import load_claims


def test_each_date_bands_the_latest_statement_of_each_claimant(store_url: str) -> None:
    reports = [
        said("Ministry", "2025-01-01", "A", [figure(100, "killed")]),
        said(
            "Rebels",
            "2025-01-03",
            "B",
            [figure(400, "killed", high=None, qualifier="at_least")],
            story="b",
        ),
        said(
            "Monitors",
            "2025-01-05",
            "C",
            [figure(200, "killed", high=300, qualifier="range")],
            story="c",
        ),
        said("Ministry", "2025-01-06", "D", [figure(150, "killed")], story="d"),
        said("Rebels", "2025-06-01", "E", [figure(800, "killed")], story="e"),
    ]
    found = bands(merge_equal(load_claims(store_of(store_url, reports))))
    assert [b.date for b in found] == [
        "2025-01-01",
        "2025-01-03",
        "2025-01-05",
        "2025-01-06",
        "2025-06-01",
    ]
    day = found[3]
    assert day.claimants == ("Ministry", "Monitors", "Rebels")
    assert (day.conservative, day.low, day.best, day.high) == (150, 150, 200, 400)
    assert day.disagreement == pytest.approx((400 - 150) / 400)
    assert found[0].disagreement == 0
    assert found[-1].claimants == ("Rebels",)  # older statements have aged out


def test_only_credible_claimants_are_banded(store_url: str) -> None:
    reports = [
        said("Ministry", "2025-01-01", "A", [figure(100, "killed")]),
        said("Rebels", "2025-01-01", "B", [figure(900, "killed")], story="b"),
    ]
    statements = merge_equal(load_claims(store_of(store_url, reports)))
    (band,) = bands(statements, credible=lambda claimant: claimant != "Rebels")
    assert (band.conservative, band.high, band.claimants) == (100, 100, ("Ministry",))
