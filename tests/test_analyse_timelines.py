"""Timelines: claim points with claimant, relay, claim date and cluster."""

from __future__ import annotations

from analysis_data import copy_of, figure, said, store_of
from reportedly.analyse.quantities import Quantity
from reportedly.analyse.timelines import (
    OWN_VOICE,
    UNNAMED,
    claimant_key,
    load_claims,
    series,
    timeline,
)


def test_a_claim_carries_claimant_relay_date_and_article(store_url: str) -> None:
    report = said(
        "Intelligence Service",
        "2025-01-13",
        "Harbor Ledger",
        [figure(300, "killed", "Freedonian troops", stated_on="2025-01-12")],
        relay="lawmaker Pak",
    )
    (claim,) = load_claims(store_of(store_url, [report]))
    assert claim.quantity == Quantity("freedonian soldiers", "killed", "total")
    assert (claim.claimant, claim.relay) == ("Intelligence Service", "lawmaker Pak")
    assert (claim.claim_date, claim.date_from) == ("2025-01-12", "stated_on")
    assert (claim.article_id, claim.outlet, claim.cluster_id) == (1, "Harbor Ledger", 1)


def test_the_claim_date_falls_back_to_publication(store_url: str) -> None:
    report = said("Ministry", "2025-02-01", "Harbor Ledger", [figure(10, "injured")])
    (claim,) = load_claims(store_of(store_url, [report]))
    assert (claim.claim_date, claim.date_from) == ("2025-02-01", "published")


def test_own_voice_figures_are_never_credited_to_the_outlet(store_url: str) -> None:
    original = said(None, "2025-01-10", "Harbor Ledger", [figure(40, "killed", attribution=None)])
    store = store_of(store_url, [original, copy_of(original, "Northern Times")])
    claims = load_claims(store)
    assert [(c.claimant, c.own_voice, c.outlet) for c in claims] == [
        (OWN_VOICE, True, "Harbor Ledger"),
        (OWN_VOICE, True, "Northern Times"),
    ]


def test_a_figure_an_unnamed_source_claims_is_not_the_outlets(store_url: str) -> None:
    report = said("Officials", "2025-01-10", "Harbor Ledger", [figure(40, "killed")])
    report.attributions[0].source_entity = report.figures[0].source_entity = None  # anonymous
    (claim,) = load_claims(store_of(store_url, [report]))
    assert (claim.claimant, claim.own_voice) == (UNNAMED, False)


def test_series_group_a_quantity_by_claimant_in_date_order(store_url: str) -> None:
    reports = [
        said("The Ministry", "2025-03-01", "A", [figure(500, "killed")]),
        said("Rebels", "2025-02-01", "B", [figure(900, "killed")], story="b"),
        said("ministry", "2025-01-01", "C", [figure(100, "killed")], story="c"),
        said("Rebels", "2025-01-05", "D", [figure(7, "injured")], story="d"),
    ]
    claims = timeline(
        load_claims(store_of(store_url, reports)), Quantity("freedonian soldiers", "killed")
    )
    found = {name: [c.low for c in run] for name, run in series(claims).items()}
    assert found == {"ministry": [100, 500], "Rebels": [900]}
    assert claimant_key("The  Ministry") == claimant_key("ministry")


def test_a_denied_figure_is_no_claim_of_the_denier(store_url: str) -> None:
    denied = said("Army", "2025-02-01", "Harbor Ledger", [figure(50, "killed")])
    denied.attributions[0].modality = "denied"
    claimed = said("Rebels", "2025-02-02", "Capital Review", [figure(50, "killed")], story="a b")
    claims = load_claims(store_of(store_url, [denied, claimed]))
    assert [c.claimant for c in claims] == ["Rebels"]
