"""Resolve the words naming a source to the real-world entity they refer to.

A source span is resolved, in this order:
1. a named entity inside it (a person before an organisation before a place;
   a place only when it is the head, not a possessive such as "Russia's");
2. a role with a person named for it in the article ("the region's governor"
   when the article also says "Governor Oleh Kiper");
3. a pronoun or a definite description ("he", "it", "the agency", "the
   minister") to the latest earlier source of the right kind;
otherwise None: anonymous ("officials", "witnesses") and unresolvable sources
are left unresolved, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from reportedly.extract.entities import EntityIndex, EntityWords, _key
from reportedly.model import Entity

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
ORG_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their"}
SPEAKER_PRONOUNS = {"i", "we", "our", "us", "my"}


@dataclass
class SourceResolver:
    """Resolves sources in text order, remembering the sources seen so far."""

    doc: Doc
    index: EntityIndex
    words: EntityWords
    history: list[Entity | None] = field(default_factory=list)

    def resolve(self, span: Span, quote_speaker: Entity | None = None) -> Entity | None:
        entity = self._resolve(span, quote_speaker)
        self.history.append(entity)
        return entity

    def _resolve(self, span: Span, quote_speaker: Entity | None) -> Entity | None:
        head = span.root
        lower = head.lower_
        if len(span) == 1 or (head.pos_ == "PRON"):
            if lower in PERSON_PRONOUNS:
                return self._latest(lambda e: e.type == "person") or self._nearest(span, "person")
            if lower in ORG_PRONOUNS:
                return self._latest(lambda e: e.type != "person")
            if lower in GROUP_PRONOUNS:
                last = self.history[-1] if self.history else None
                return last if last is not None and last.type != "person" else None
            if lower in SPEAKER_PRONOUNS:
                return quote_speaker
        named = self._named(span)
        if named is not None:
            return named
        if _key(lower) in self.words.roles:
            return self._titled_person(span) or self._definite(span, "person")
        if _key(lower) in self.words.org_nouns:
            return self._definite(span, "organisation")
        return None

    def _named(self, span: Span) -> Entity | None:
        mentions = self.index.overlapping(span.start_char, span.end_char)
        if not mentions:
            return None
        head = span.root
        for wanted in ("person", None):
            for start, end, entity in mentions:
                if wanted == "person" and entity.type != "person":
                    continue
                if entity.type in ("country", "group", "place"):
                    # "Russia's defense ministry", "Ukrainian officials": a modifier, not the source
                    if not (start <= head.idx < end):
                        continue
                return entity
        return None

    def _titled_person(self, span: Span) -> Entity | None:
        """A person the article names with this role: "Governor X", "the mayor, X"."""
        role = _key(span.root.text)
        best = None
        for sent_token in self.doc:
            if _key(sent_token.text) != role:
                continue
            window = self.doc[sent_token.i + 1 : sent_token.i + 5]
            for start, end, entity in self.index.overlapping(window.start_char, window.end_char):
                if entity.type == "person":
                    best = entity
                    if start > span.start_char:
                        return best
                    break
        return best

    def _definite(self, span: Span, kind: str) -> Entity | None:
        if span[0].lower_ not in {"the", "this", "that"} and span[0].tag_ != "PRP$":
            return None
        if kind == "person":
            return self._latest(lambda e: e.type == "person")
        return self._latest(lambda e: e.type not in ("person", "group", "place"))

    def _latest(self, accept) -> Entity | None:  # noqa: ANN001
        for entity in reversed(self.history[-6:]):
            if entity is not None and accept(entity):
                return entity
        return None

    def _nearest(self, span: Span, kind: str) -> Entity | None:
        for _, _, entity in reversed(self.index.before(span.start_char)):
            if entity.type == kind:
                return entity
        return None
