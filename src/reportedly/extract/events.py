"""Where and in what event: the place a figure counts and the kind of event it belongs to.

`EventFinder` is built from the `event_kinds` lexicon. For one figure it gives:

- the *place* of the counted thing, from the nearest evidence, in this order:
  a place named in the figure's own clause ("killed 40 in Antakya"), in its
  sentence, in the article's dateline ("KABUL, Afghanistan (AP) —"), or in
  its lead (first sentence); with the offsets of the words that name it and
  which of the four it came from;
- the *event kind*: what happened (earthquake, strike, shelling, shipwreck,
  war, epidemic...), from the nearest event word of the figure's sentence,
  else from the article's lead, else the kind the article names most often,
  when it names it at least twice.

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
MIN_ARTICLE_MENTIONS = 2  # the article's own kind, when neither sentence nor lead names one
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


@dataclass(frozen=True)
class ArticleEvents:
    """What one article says about places and events, found once per Doc."""

    places: tuple[Place, ...]  # every place named, in text order (evidence unset)
    kinds: tuple[tuple[int, str], ...]  # (offset, kind) of every event word
    dateline: Place | None
    lead: Place | None
    kind: str | None  # the lead's event kind, else the article's most frequent


class EventFinder:
    """Places and event kinds of figures; one per pipeline, from the `event_kinds` lexicon."""

    def __init__(self, lexicon: list[dict[str, Any]]) -> None:
        self.kinds = {e["lemma"]: e["kind"] for e in lexicon if "lemma" in e}
        self.pos = {e["lemma"]: set(e["pos"]) for e in lexicon if "pos" in e}
        self.last_words = {k.split()[-1] for k in self.kinds if " " in k}  # of "air strike"
        self.words = {k for k in self.kinds if " " not in k} | self.last_words

    def article(self, doc: Doc) -> ArticleEvents:
        """The article's places, event words, dateline, lead place and event kind."""
        places = tuple(_places(doc))
        kinds = tuple((t.idx, k) for t in doc if (k := self._token_kind(t)) is not None)
        dateline = _dateline(doc)
        lead = _lead(doc, dateline)
        lead_place = lead_kind = None
        if lead is not None:
            span = (lead.start_char, lead.end_char)
            lead_place = _nearest(places, span, lead.start_char, ())
            lead_kind = _nearest_kind(kinds, span, lead.start_char)
        if lead_kind is None and kinds:  # a kind named once in passing is no evidence
            kind, mentions = Counter(k for _, k in kinds).most_common(1)[0]
            lead_kind = kind if mentions >= MIN_ARTICLE_MENTIONS else None
        return ArticleEvents(
            places,
            kinds,
            dateline,
            Place(lead_place.name, lead_place.start, lead_place.end, "lead")
            if lead_place
            else None,
            lead_kind,
        )

    @staticmethod
    def place(
        clause: Span,
        sentence: Span,
        at: int,
        excluded: tuple[int, int] | tuple[()],
        article: ArticleEvents,
    ) -> Place | None:
        """The place of a count at offset `at`: clause, sentence, dateline, then lead."""
        for span, evidence in ((clause, "clause"), (sentence, "sentence")):
            found = _nearest(article.places, (span.start_char, span.end_char), at, excluded)
            if found is not None:
                return Place(found.name, found.start, found.end, evidence)
        return article.dateline or article.lead

    @staticmethod
    def kind(sentence: Span, at: int, article: ArticleEvents) -> str | None:
        """The event kind nearest the count in its sentence, else the article's."""
        span = (sentence.start_char, sentence.end_char)
        return _nearest_kind(article.kinds, span, at) or article.kind

    def _token_kind(self, token: Token) -> str | None:
        if token.pos_ not in ("NOUN", "VERB", "PROPN"):
            return None
        lemma = token.lemma_.lower()
        if lemma not in self.words and token.lower_ not in self.words:
            return None
        if token.i > 0 and lemma in self.last_words:
            pair = self.kinds.get(f"{token.doc[token.i - 1].lemma_.lower()} {lemma}")
            if pair is not None:
                return pair
        if lemma in self.pos and token.pos_ not in self.pos[lemma]:
            return None
        return self.kinds.get(lemma) or self.kinds.get(token.lower_)


def _nearest_kind(kinds: tuple[tuple[int, str], ...], span: tuple[int, int], at: int) -> str | None:
    inside = [(abs(offset - at), kind) for offset, kind in kinds if span[0] <= offset < span[1]]
    return min(inside)[1] if inside else None


def _places(doc: Doc) -> list[Place]:
    """Place entities, and proper nouns after a locative preposition that the model
    left untyped ("killed 12 in Kursk"): places by their use."""
    spans = [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]
    for token in doc:
        if (
            token.pos_ == "PROPN"
            and token.dep_ == "pobj"
            and token.head.lower_ in LOCATIVE
            and token.ent_type_ not in NOT_PLACES | PLACE_LABELS
        ):
            start = token.i
            while start > 0 and doc[start - 1].dep_ == "compound":
                start -= 1
            spans.append(doc[start : token.i + 1])
    places = [_trimmed(span) for span in spans]
    return sorted(
        (Place(p.text, p.start_char, p.end_char, "") for p in places), key=lambda p: p.start
    )


def _nearest(
    places: tuple[Place, ...],
    span: tuple[int, int],
    at: int,
    excluded: tuple[int, int] | tuple[()],
) -> Place | None:
    """The place inside `span`, outside `excluded`, nearest to offset `at`."""
    best: tuple[int, Place] | None = None
    for place in places:
        if not span[0] <= place.start < span[1]:
            continue
        if excluded and excluded[0] <= place.start < excluded[1]:
            continue
        distance = abs(place.start - at)
        if best is None or distance < best[0]:
            best = (distance, place)
    return best[1] if best else None


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
    """The first sentence after the dateline (read off the sentence starts, without
    building every sentence of the article)."""
    after = dateline.end + 2 if dateline is not None else 0
    start = None
    for token in doc:
        if start is not None and token.is_sent_start:
            return doc[start : token.i]
        if start is None and not token.is_space and token.idx + len(token) > after:
            start = token.i
    return doc[start:] if start is not None else None
