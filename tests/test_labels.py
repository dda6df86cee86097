"""Speaker labels: signed quotations and quoted transcript turns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportedly.extract.labels import signed_quotes, transcript_turns
from reportedly.extract.quotes import find_quotes
from reportedly.model import Article


def spans(text: str, labels) -> list[tuple[str, str, str]]:
    return [(text[slice(*x.source)], text[slice(*x.cue)], text[slice(*x.content)]) for x in labels]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We were never asked.” ― Ana Ruiz\n", [("Ana Ruiz", "―", "We were never asked.")]),
        ("“Rents doubled.”— Dr. Lee Park, 54", [("Dr. Lee Park", "—", "Rents doubled.")]),
        ('"Keep going." -- Marta Diaz.', [("Marta Diaz", "--", "Keep going.")]),
        # a dash that goes on with the sentence is not a signature
        ("“Enough,” — the crowd shouted it twice.", []),
        ("He called it “a start” — Monday was the first day.", []),
    ],
)
def test_signed_quotes(text, expected):
    assert spans(text, signed_quotes(text, find_quotes(text))) == expected


def test_transcript_turns_need_a_quoted_paragraph():
    text = (
        'Part of the interview:\n\n"HOST: Will you run again?\n\n'
        '"SEN. ORTIZ: Not this year."\n\nANCHOR: This line is not quoted.'
    )
    assert spans(text, transcript_turns(text)) == [
        ("HOST", ":", "Will you run again?"),
        ("SEN. ORTIZ", ":", "Not this year."),
    ]


@given(st.text(alphabet=st.sampled_from(list('“”"―—-: \nABCab.,')), max_size=80))
def test_labels_are_ranges_of_the_text_in_order(text):
    for label in signed_quotes(text, find_quotes(text)) + transcript_turns(text):
        for start, end in (label.source, label.cue, label.content):
            assert 0 <= start < end <= len(text)
        assert label.cue[1] <= label.content[0] or label.content[1] <= label.cue[0]


def test_speaker_labels_become_direct_attributions(nlp):
    from reportedly.extract.pipeline import make_doc

    text = (
        "Readers wrote in after the vote.\n"
        "“The new bus routes skip our whole street.” ― Ana Ruiz\n\n"
        'From the broadcast:\n\n"HOST: Will the council approve the budget?\n\n'
        '"MAYOR: It will, and the schools get their money first."\n\n'
        "SPOKESPERSON: This briefing itself is not quoted."
    )
    found = nlp(make_doc(nlp, Article(text=text)))._.attributions
    assert [(a.source, a.cue, a.content, a.kind) for a in found] == [
        ("Ana Ruiz", "―", "The new bus routes skip our whole street.", "direct"),
        ("HOST", ":", "Will the council approve the budget?", "direct"),
        ("MAYOR", ":", "It will, and the schools get their money first", "direct"),
    ]
