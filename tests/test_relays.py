"""Relay chains: claimant first, then relays and wires; the article's outlet and wires."""

from __future__ import annotations

import pytest

from reportedly.extract.relays import article_identity, relay_words
from reportedly.model import Article, Attribution, RelayLink


def chains(nlp, text: str) -> dict[str, list[tuple[str, str]]]:
    """{attribution content: [(link entity or name, role), ...]} of one text."""
    from reportedly.extract import extract_reports

    report = next(extract_reports([Article(text=text)], nlp))
    return {
        a.content: [(link.entity or link.name, link.role) for link in a.chain]
        for a in report.attributions
    }


@pytest.mark.model
def test_a_nested_attribution_has_its_parent_source_as_relay(nlp) -> None:
    text = (
        "Lawmaker Jonas Hale told reporters the Coastal Defence Agency said 40 boats were damaged."
    )
    found = chains(nlp, text)
    assert found["40 boats were damaged"] == [
        ("Coastal Defence Agency", "claimant"),
        ("Jonas Hale", "relay"),
    ]
    outer = next(chain for content, chain in found.items() if content != "40 boats were damaged")
    assert outer == [("Jonas Hale", "claimant")]


@pytest.mark.model
def test_citing_makes_the_cited_entity_the_claimant_and_the_speaker_a_relay(nlp) -> None:
    text = (
        "The Coastal Defence Agency briefed the committee on Tuesday.\n\n"
        '"The harbour was hit three times," Jonas Hale said, citing the agency\'s briefing.'
    )
    found = chains(nlp, text)
    chain = found["The harbour was hit three times,"]
    assert chain[:2] == [("Coastal Defence Agency", "claimant"), ("Jonas Hale", "relay")]


@pytest.mark.model
def test_a_news_agency_that_reported_a_claim_is_a_wire_and_the_dateline_wire_is_last(nlp) -> None:
    text = (
        "OSLO (AFP) - Twelve boats sank near the harbour.\n\n"
        "Police chief Ida Lund said 12 boats sank, Yonhap reported."
    )
    found = chains(nlp, text)
    assert found["12 boats sank"] == [
        ("Ida Lund", "claimant"),
        ("Yonhap", "wire"),
        ("Agence France-Presse", "wire"),
    ]


@pytest.mark.model
def test_an_attribution_without_relays_has_only_its_claimant(nlp) -> None:
    found = chains(nlp, "Mayor Ilse Varga said the bridge would reopen in May.")
    assert list(found.values()) == [[("Ilse Varga", "claimant")]]


@pytest.mark.parametrize(
    ("text", "wires", "dateline"),
    [
        ("KYIV (AFP) — Shelling hit the city overnight.", ["Agence France-Presse"], "KYIV"),
        ("SEOUL (Reuters) - Talks resumed.", ["Reuters"], "SEOUL"),
        ("Talks resumed on Monday, via Yonhap.", ["Yonhap"], None),
        ("Talks resumed.\n\nSource: Voice of America", ["Voice of America"], None),
        ("Talks resumed.\n\nSource: Harbour Radio", ["Harbour Radio"], None),
        ("Talks resumed.\n— AP", ["Associated Press"], None),
        ("The National Intelligence Service (NIS) said talks resumed.", [], None),
        ("Officials said talks resumed via Telegram.", [], None),
    ],
)
def test_article_identity_reads_datelines_credit_lines_and_via(
    text: str, wires: list[str], dateline: str | None
) -> None:
    identity = article_identity(text, outlet="The Daily")
    assert identity.outlet == "The Daily"
    assert [w.entity for w in identity.wires] == wires
    assert all(w.role == "wire" for w in identity.wires)
    assert identity.dateline == dateline
    for wire in identity.wires:
        assert text[wire.start : wire.end] == wire.name


def test_wire_names_match_their_forms_but_not_lower_case_acronyms() -> None:
    words = relay_words()
    assert words.wire_name("the Associated Press") == "Associated Press"
    assert words.wire_name("AFP") == "Agence France-Presse"
    assert words.wire_name("yonhap news agency") == "Yonhap"
    assert words.wire_name("ap") is None
    assert words.wire_name("the ministry") is None


def test_a_chain_survives_the_json_shape() -> None:
    record = Attribution(
        source="Lee",
        cue="said",
        content="300 died",
        kind="indirect",
        chain=[RelayLink("the NIS", "claimant", "NIS", 0, 7), RelayLink("Lee", "relay", "Lee")],
    )
    assert Attribution.from_dict(record.to_dict()) == record
    assert set(record.to_dict()) >= {"source", "source_entity", "cue", "content", "kind"}
