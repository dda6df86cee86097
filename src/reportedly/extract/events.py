"""Where and in what event: the place a figure counts and the kind of event it belongs to.

`EventFinder` is built from the `event_kinds` lexicon. For one figure it gives:

- the *place* of the counted thing, from the nearest evidence, in this order:
  a place named in the figure's own clause ("killed 40 in Antakya"), in its
  sentence, in the article's dateline ("KABUL, Afghanistan (AP) —"), or in
  its lead (first sentence); with the offsets of the words that name it and
  which of the four it came from;
- the *event kind*: what happened (earthquake, strike, shelling, shipwreck,
  war, epidemic...), from the nearest event word of the figure's sentence,
  else from the article's lead, else the kind the article names most often.

Places are the model's GPE, LOC and FAC entities. A place inside the figure's
claimant ("the Syrian Observatory") is not where the count happened.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "near", "off", "outside", "at", "on", "across", "around", "inside"}
NOT_PLACES = {"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "CARDINAL"}
_DATELINE = re.compile(r"\A\s*([A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*[A-Z][A-Za-z.' -]{1,40})?"
                       r"\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--|-|:)\s")  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A place name as written, its offsets, and the evidence it came from."""

    name: str
    start: int
    end: int
    evidence: str  # clause, sentence, dateline, lead


class EventFinder:
    """Places and event kinds of figures; one per pipeline, from the `event_kinds` lexicon."""

    def __init__(self, lexicon: list[dict[str, Any]]) -> None:
        self.kinds = {e["lemma"]: e["kind"] for e in lexicon if "lemma" in e}

    def article(self, doc: Doc) -> tuple[Place | None, Place | None, str | None]:
        """The article's dateline place, lead place and event kind (found once)."""
        dateline = _dateline(doc)
        lead = _lead(doc, dateline)
        lead_place = _nearest_place(lead, lead.start_char, ()) if lead is not None else None
        kind = (self._kind_in(lead, lead.start_char) if lead is not None else None) or (
            self._most_frequent_kind(doc)
        )
        if dateline is not None:
            dateline = Place(dateline.name, dateline.start, dateline.end, "dateline")
        if lead_place is not None:
            lead_place = Place(lead_place.name, lead_place.start, lead_place.end, "lead")
        return dateline, lead_place, kind

    def place(
        self,
        clause: Span,
        sentence: Span,
        at: int,
        excluded: tuple[int, int] | tuple[()],
        article: tuple[Place | None, Place | None, str | None],
    ) -> Place | None:
        """The place of a count at offset `at`: clause, sentence, dateline, then lead."""
        for span, evidence in ((clause, "clause"), (sentence, "sentence")):
            found = _nearest_place(span, at, excluded)
            if found is not None:
                return Place(found.name, found.start, found.end, evidence)
        return article[0] or article[1]

    def kind(self, sentence: Span, at: int, article_kind: str | None) -> str | None:
        """The event kind nearest the count in its sentence, else the lead's."""
        return self._kind_in(sentence, at) or article_kind

    def _most_frequent_kind(self, doc: Doc) -> str | None:
        counts = Counter(k for k in map(self._token_kind, doc) if k is not None)
        return counts.most_common(1)[0][0] if counts else None

    def _kind_in(self, span: Span, at: int) -> str | None:
        best: tuple[int, str] | None = None
        for token in span:
            kind = self._token_kind(token)
            if kind is not None:
                distance = abs(token.idx - at)
                if best is None or distance < best[0]:
                    best = (distance, kind)
        return best[1] if best else None

    def _token_kind(self, token: Token) -> str | None:
        if token.pos_ not in ("NOUN", "VERB", "PROPN"):
            return None
        lemma = token.lemma_.lower()
        if token.i > 0:
            pair = self.kinds.get(f"{token.doc[token.i - 1].lemma_.lower()} {lemma}")
            if pair is not None:
                return pair
        return self.kinds.get(lemma) or self.kinds.get(token.lower_)


def _places(span: Span) -> list[Span]:
    """Place entities, and proper nouns after a locative preposition that the model
    left untyped ("killed 12 in Kursk"): places by their use."""
    found = [ent for ent in span.ents if ent.label_ in PLACE_LABELS]
    for token in span:
        if (
            token.pos_ == "PROPN"
            and token.dep_ == "pobj"
            and token.head.lower_ in LOCATIVE
            and token.ent_type_ not in NOT_PLACES | PLACE_LABELS
        ):
            start = token.i
            while start > span.start and token.doc[start - 1].dep_ == "compound":
                start -= 1
            found.append(token.doc[start : token.i + 1])
    return found


def _nearest_place(span: Span, at: int, excluded: tuple[int, int] | tuple[()]) -> Place | None:
    best: tuple[int, Span] | None = None
    for ent in _places(span):
        if excluded and excluded[0] <= ent.start_char < excluded[1]:
            continue
        distance = abs(ent.start_char - at)
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    ent = _trimmed(best[1])
    return Place(ent.text, ent.start_char, ent.end_char, "")


def _trimmed(ent: Span) -> Span:
    """The place name without a leading "the" or a trailing "'s"."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and end - start > 1:
        start += 1
    if ent.doc[end - 1].text in ("'s", "’s") and end - start > 1:
        end -= 1
    return ent.doc[start:end]


def _dateline(doc: Doc) -> Place | None:
    """ "KABUL, Afghanistan (AP) —", "Rome:": the place an article opens with."""
    match = _DATELINE.match(doc.text[:120])
    if match is None:
        return None
    name = match.group(1).strip()
    if not name or len(name.split()) > 4:
        return None
    start = match.start(1) + match.group(1).index(name)
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    if span is None or not any(t.ent_type_ in PLACE_LABELS for t in span):
        return None  # "Update:", "BREAKING —": not a place
    return Place(name.title() if name.isupper() else name, start, start + len(name), "dateline")


def _lead(doc: Doc, dateline: Place | None) -> Span | None:
    """The first sentence after the dateline."""
    for sent in doc.sents:
        if sent.text.strip() and (dateline is None or sent.end_char > dateline.end + 2):
            return sent
    return None
