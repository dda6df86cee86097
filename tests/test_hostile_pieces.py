"""Long texts in bounded work: pieces, sentence starts, spaCy's limit, the article clock.

A text longer than a piece is cut where a reader would cut it (a paragraph, a
line, a sentence, a space) and never past the piece size; a run of tokens with
no sentence start is cut before spaCy parses it, and ordinary prose is not; the
time limit covers the whole article, spaCy's parse of every piece included; a
claim nested past `MAX_NESTING` is not kept.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from reportedly.errors import ReadFailure
from reportedly.extract import extract_reports
from reportedly.extract.boundaries import mark_sentence_starts
from reportedly.extract.pieces import piece_bounds
from reportedly.limits import MAX_NESTING, PIECE_CHARS
from reportedly.model import Article

SENTENCE = "The ferry operator said 12 crossings were cancelled on Friday."


@given(st.text(alphabet=st.sampled_from("ab .;!?\n”’)"), max_size=400), st.integers(1, 60))
def test_pieces_cover_the_text_in_order_and_none_is_over_the_size(text, size):
    bounds = piece_bounds(text, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(bounds):
        assert end == start
    assert all(0 < end - start <= size for start, end in bounds if text)


def test_a_paragraph_without_line_breaks_is_cut_after_a_sentence():
    text = " ".join([SENTENCE] * 10)
    bounds = piece_bounds(text, 150)
    assert len(bounds) > 1
    for start, end in bounds[:-1]:
        assert text[start:end].endswith("Friday. ")


def test_a_line_break_is_preferred_to_a_sentence_end_and_a_space_to_a_hard_cut():
    assert piece_bounds("One. Two.\nThree four five", 20) == [(0, 10), (10, 25)]
    assert piece_bounds("alpha beta gamma delta", 12) == [(0, 11), (11, 22)]
    assert piece_bounds("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_a_long_run_without_a_sentence_start_is_cut_after_its_last_sentence_end(nlp):
    doc = nlp.make_doc("; ".join(["one two three"] * 40))  # 159 tokens, no line break
    mark_sentence_starts(doc, max_tokens=50)
    starts = [t.i for t in doc if t.is_sent_start and t.i > 0]
    assert starts and all(doc[i - 1].text == ";" for i in starts)
    assert all(b - a <= 50 for a, b in zip([0, *starts], [*starts, len(doc)], strict=True))


def test_a_run_with_no_sentence_end_at_all_is_cut_at_the_limit(nlp):
    doc = nlp.make_doc(" ".join(f"Speaker{i} said that" for i in range(100)))
    mark_sentence_starts(doc, max_tokens=120)
    assert [t.i for t in doc if t.is_sent_start and t.i > 0] == [120, 240]


def test_ordinary_prose_gets_no_sentence_start_from_the_cap(nlp):
    text = "\n\n".join(" ".join([SENTENCE] * 4) for _ in range(30))
    capped, uncapped = nlp.make_doc(text), nlp.make_doc(text)
    mark_sentence_starts(capped)
    mark_sentence_starts(uncapped, max_tokens=len(uncapped) + 1)
    assert [t.is_sent_start for t in capped] == [t.is_sent_start for t in uncapped]


def test_spacy_is_never_handed_more_than_a_piece(nlp):
    assert nlp.max_length == PIECE_CHARS
    text = "\n\n".join([SENTENCE] * (PIECE_CHARS // len(SENTENCE) + 20))
    [report] = extract_reports(
        [Article(text=text)], nlp, piece_chars=10 * PIECE_CHARS, time_limit=None
    )
    assert len(report.attributions) == text.count(SENTENCE)
    assert all(text[a.cue_start : a.cue_end] == a.cue for a in report.attributions)


def test_the_time_limit_counts_spacys_parse_of_every_piece(nlp):
    """Each piece's components take milliseconds; 400 pieces together take longer than
    the limit, and the article fails instead of running to its end."""
    text = "\n\n".join([SENTENCE] * 400)
    failures: list[ReadFailure] = []
    reports = extract_reports(
        [Article(text=text, origin="long.txt"), Article(text=SENTENCE)],
        nlp,
        piece_chars=len(SENTENCE) + 2,
        time_limit=0.5,
        on_failure=failures.append,
    )
    [report] = list(reports)
    assert report.article.text == SENTENCE  # the batch went on
    assert [str(f) for f in failures] == ["long.txt: took longer than the time limit of 0.5 s"]


def test_a_claim_nested_past_the_limit_is_not_kept_and_chains_stay_short(nlp):
    text = " ".join(f"Speaker{i} said that" for i in range(3 * MAX_NESTING)) + " 30 died."
    [report] = extract_reports([Article(text=text)], nlp)
    records = report.attributions
    assert len(records) == MAX_NESTING + 1
    depth = {None: -1}
    for index, record in enumerate(records):  # parents come first in this chain
        depth[index] = depth[record.parent] + 1
    assert max(depth.values()) == MAX_NESTING
    assert max(len(r.chain) for r in records) == MAX_NESTING + 1
