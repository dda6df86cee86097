"""Entities named in one article: one record per real-world entity, with its aliases.

Mentions come from spaCy's NER. Within an article they are grouped so that a
short form joins the full name it shortens ("Lee" joins "Rep. Lee Seong-kweun",
"Zelenskyy" joins "Volodymyr Zelenskyy"), an acronym declared in brackets or
matching a name's initials joins that name ("NIS"), and titles, articles and
possessive prefixes are not part of a canonical name. Each entity keeps the
character offsets of its mentions, so other components can ask which entity a
span of text names (`EntityIndex`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from reportedly.extract.component import LexiconComponent
from reportedly.extract.knowledge import Knowledge, country_records
from reportedly.extract.layout import label_pattern, non_prose
from reportedly.model import Entity

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country",
    "NORP": "group",
    "LOC": "place",
    "FAC": "place",
}
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass
class EntityWords:
    """The word lists of `entity_words.jsonl`, by use."""

    titles: frozenset[str]
    roles: frozenset[str]
    org_nouns: frozenset[str]
    org_kinds: dict[str, str]
    documents: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    collectives: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, entries: list[dict]) -> EntityWords:
        entries = [e for e in entries if "type" in e]

        def words(kind: str) -> frozenset[str]:
            return frozenset(e["word"] for e in entries if e["type"] == kind)

        return cls(
            titles=words("title"),
            roles=words("role"),
            org_nouns=words("org_noun"),
            org_kinds={e["word"]: e["kind"] for e in entries if e["type"] == "org_kind"},
            documents=words("document"),
            person_nouns=words("person_noun"),
            collectives=words("collective"),
            place_prepositions=words("place_preposition"),
        )


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip()) if w]


def _key(word: str) -> str:
    return word.lower().strip(".,")


def initials(name: str) -> str:
    """ "National Intelligence Service" -> "NIS" (small words skipped)."""
    skip = {"of", "the", "and", "for", "to", "on", "in", "de"}
    return "".join(
        w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w.lower() not in skip
    ).upper()


class EntityTable:
    """Groups an article's NER mentions into entities."""

    def __init__(self, words: EntityWords, knowledge: Knowledge | None = None) -> None:
        self.words = words
        self.knowledge = knowledge
        self.entities: list[Entity] = []

    def clean_name(self, span: Span) -> str:
        """The canonical form of a mention: no leading article, title or possessive."""
        tokens = [t for t in span if not t.is_punct or t.text in "-.&"]
        while tokens and (tokens[0].lower_ in {"the", "a", "an"} or tokens[0].tag_ == "POS"):
            tokens = tokens[1:]
        if self.label(span) == "PERSON":
            while len(tokens) > 1 and _key(tokens[0].text) in self.words.titles:
                tokens = tokens[1:]
        while tokens and tokens[-1].tag_ == "POS":
            tokens = tokens[:-1]
        if not tokens:
            return ""
        text = span.doc[tokens[0].i : tokens[-1].i + 1].text
        return _POSSESSIVE.sub("", text) if text.endswith(("’s", "'s")) else text

    def entity_type(self, label: str, name: str) -> str:
        base = LABEL_TYPES.get(label, "organisation")
        if base != "organisation":
            return base
        for word in reversed(_words(name.lower())):
            if word in self.words.org_kinds:
                return self.words.org_kinds[word]
        return base

    def label(self, span: Span) -> str:
        """NER's label, corrected to PERSON for a name a title or role introduces
        ("Governor Oleh Kiper", "the mayor, Ihor Terekhov"), and from PERSON to a
        place for a known country or capital, or a name after "in", "at", "near"
        ("clashes in Tuen Mun"); a lower-case "person" ("fled into the bush") is none."""
        if span.label_ in ("PERSON", "ORG", "GPE") and self.knowledge is not None:
            if self.knowledge.country(span.text):
                return "GPE"
            if self.knowledge.capital(span.text):
                return "LOC"  # a city; speaking, it is its country's government
        if span.label_ == "PERSON":
            if all(t.is_lower for t in span):
                return ""
            head = span.root.head
            if span.root.dep_ == "pobj" and head.lower_ in self.words.place_prepositions:
                return "LOC"
        if span.label_ in ("ORG", "GPE", "NORP") and all(t.pos_ == "PROPN" for t in span):
            before = span.doc[span.start - 1] if span.start > 0 else None
            titled = (
                before is not None and _key(before.text) in self.words.titles | self.words.roles
            )
            if titled and (before.is_title or len(span) > 1):  # "Governor X", "spokesman Ana Ruiz"
                return "PERSON"
            if span.root.dep_ == "appos" and _key(span.root.head.text) in self.words.roles:
                return "PERSON"
        return span.label_

    def add(self, span: Span) -> None:
        label = self.label(span)
        name = self.clean_name(span)
        if not name or label not in LABEL_TYPES:
            return
        mention = (span.start_char, span.end_char)
        body = self.knowledge.body(name) if self.knowledge else None
        if body is not None and label == "PERSON" and name.isupper():
            body = None  # a person's initials are no acronym of a body
        if body is not None and body.country and label != "GPE":
            body = None  # "Ukrainian soldiers": a demonym names the country only as a source
        written = name
        if body is not None:  # "U.N." and "United Nations", "the Taliban": one known body
            name, label = body.name, "GPE" if body.country else "ORG"
        entity = self.find(name, label)
        if entity is None:
            kind = body.type if body is not None else self.entity_type(label, name)
            entity = Entity(name=name, type=kind)
            entity.aliases = [written] if written != name else []
            self.entities.append(entity)
        elif len(name) > len(entity.name) and label == "PERSON":
            entity.aliases.append(entity.name)
            entity.name = name
        elif name != entity.name and name not in entity.aliases:
            entity.aliases.append(name)
        if written not in (entity.name, *entity.aliases):
            entity.aliases.append(written)
        entity.mentions.append(mention)

    def find(self, name: str, label: str) -> Entity | None:
        """The entity a new mention belongs to, if one is already known."""
        words = {_key(w) for w in _words(name)}
        upper = name.replace(".", "")
        surname = len(words) == 1 and label in ("PERSON", "ORG", "GPE", "NORP")
        for entity in reversed(self.entities):
            names = [entity.name, *entity.aliases]
            if name in names:
                return entity
            if surname and entity.type == "person" and _key(entity.name.split()[-1]) in words:
                return entity  # "Shmyhal" after "Denys Shmyhal", whatever NER calls it
            if label == "PERSON" and entity.type == "person":
                known = {_key(w) for w in _words(entity.name)}
                if words <= known or known <= words:
                    return entity
            acronym = label in ("ORG", "GPE") and upper.isupper() and len(upper) >= 2
            if acronym and any(initials(n) == upper for n in names):
                return entity
        return None

    def declare_acronyms(self, doc: Doc, text: str) -> None:
        """ "National Intelligence Service (NIS)": NIS becomes an alias and a mention."""
        for match in re.finditer(r"\(([A-Z][A-Z.&]{1,9})\)", text):
            acronym = match.group(1)
            before = doc.char_span(0, match.start(), alignment_mode="contract")
            if before is None:
                continue
            for ent in reversed(before.ents):
                if ent.end_char < match.start() - 3:
                    break
                entity = self.entity_at(ent.start_char, ent.end_char)
                if entity is not None:
                    if acronym not in entity.aliases:
                        entity.aliases.append(acronym)
                    break

    def entity_at(self, start: int, end: int) -> Entity | None:
        for entity in self.entities:
            if any(s < end and start < e for s, e in entity.mentions):
                return entity
        return None


class EntityIndex:
    """Which entity a span of the article names, by character offsets."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        pairs = sorted((s, e, i) for i, ent in enumerate(entities) for s, e in ent.mentions)
        self._starts = [p[0] for p in pairs]
        self._pairs = pairs
        self._longest = max((e - s for s, e, _ in pairs), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions overlapping [start, end), in text order (only the mentions that
        start within the longest mention's length before `start` can)."""
        out = []
        lo = bisect_right(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end)
        for s, e, i in self._pairs[lo:hi]:
            if s < end and start < e:
                out.append((s, e, self.entities[i]))
        return out

    def before(self, offset: int) -> list[tuple[int, int, Entity]]:
        """Mentions ending before `offset`, nearest last."""
        return [(s, e, self.entities[i]) for s, e, i in self._pairs if e <= offset]


class EntityComponent(LexiconComponent):
    """Writes `doc._.entities`: the article's entities with canonical names."""

    EXTENSION = "entities"

    LEXICONS = ("entity_words", "bodies", "layout")

    def compile(self) -> None:
        self.words = EntityWords.from_lexicon(self.lexicons["entity_words"])
        self.knowledge = Knowledge(self.lexicons["bodies"], list(country_records()))
        self.line_labels = label_pattern(
            e["label"] for e in self.lexicons["layout"] if "label" in e
        )

    def find(self, doc: Doc) -> list[Entity]:
        table = EntityTable(self.words, self.knowledge)
        layout = non_prose(doc, self.line_labels)
        for ent in doc.ents:
            if not layout.furniture(ent.start_char):  # a caption naming two people is no name
                table.add(ent)
        text = doc.text  # Doc.text is rebuilt on every access
        table.declare_acronyms(doc, text)
        self._add_acronym_mentions(text, table)
        return table.entities

    @staticmethod
    def _add_acronym_mentions(text: str, table: EntityTable) -> None:
        """Mentions of a known acronym that NER missed or labelled otherwise."""
        for entity in table.entities:
            for alias in entity.aliases:
                if not alias.isupper():
                    continue
                for match in re.finditer(rf"\b{re.escape(alias)}\b", text):
                    span = (match.start(), match.end())
                    if span not in entity.mentions:
                        entity.mentions.append(span)
            entity.mentions.sort()
