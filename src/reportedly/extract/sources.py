"""Resolve the words naming a source to the real-world entity they refer to.

A source span is resolved, in this order:
1. a named entity inside it (a person before an organisation before a place;
   a place only when it is the head, not a possessive such as "Russia's");
2. a role with a person named for it in the article ("the region's governor"
   when the article also says "Governor Oleh Kiper");
3. a pronoun or a definite description ("he", "it", "the agency", "the
   minister") to the latest earlier source of the right kind; a relative
   pronoun ("the minister, who said") as its antecedent;
otherwise None: anonymous ("officials", "witnesses") and unresolvable sources
are left unresolved, never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from reportedly.extract.entities import EntityIndex, EntityWords, _key
from reportedly.extract.knowledge import Knowledge
from reportedly.extract.quotes import Quote
from reportedly.model import Attribution, Entity

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
ORG_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their"}
SPEAKER_PRONOUNS = {"i", "we", "our", "us", "my"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
DEFINITE = {"the", "this", "that"}
SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass
class SourceResolver:
    """Resolves sources in text order, remembering the sources seen so far."""

    doc: Doc
    index: EntityIndex
    words: EntityWords
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    knowledge: Knowledge | None = None
    history: list[Entity | None] = field(default_factory=list)
    resolved: list[tuple[Span, Entity | None]] = field(default_factory=list)
    # built on first use: word (by `_key`) -> its token positions; role word -> the
    # (offset, person) of its uses that name a person
    _positions: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _role_names: dict[str, list[tuple[int, Entity]]] = field(default_factory=dict, repr=False)
    # name word (by `_key`) -> the positions in `entities` of the entities whose name has
    # it, for the first `_words_indexed` entities (the list only grows)
    _name_words: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _words_indexed: int = field(default=0, repr=False)

    def resolve(self, span: Span, quote_speaker: Entity | None = None) -> Entity | None:
        entity = self._resolve(span, quote_speaker)
        self.history.append(entity)
        self.resolved.append((span, entity))
        return entity

    def _resolve(self, span: Span, quote_speaker: Entity | None) -> Entity | None:
        head = span.root
        lower = head.lower_
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = head.head.head  # "the minister, who said": the minister
            return self._resolve(self.doc[antecedent.left_edge.i : antecedent.i + 1], quote_speaker)
        if head.pos_ == "PRON":
            if lower in PERSON_PRONOUNS:
                return self._person_antecedent(span)
            if lower in ORG_PRONOUNS:
                return self._latest(lambda e: e.type != "person")
            if lower in GROUP_PRONOUNS:
                last = self.history[-1] if self.history else None
                return last if last is not None and last.type != "person" else None
            if lower in SPEAKER_PRONOUNS:
                return quote_speaker or self._publisher(span)
            return None
        key = _key(lower)
        if key in self.words.documents:
            author = self._author(span)
            if author is not None:
                return self._resolve(author, quote_speaker)  # "a statement from the ministry"
            if span[0].lower_ in DEFINITE:
                return self._document_author(span)  # "the statement" after "said in a statement"
        if key in self.words.collectives:
            return self._collective(span)
        known = self._known_body(span) or self._government(span)
        if known is not None:
            return known
        named = self._named(span)
        if named is not None:
            return named
        if key in self.words.roles:
            return (
                self._trailing_name(span)
                or self._titled_person(span)
                or self._definite(span, "person")
            )
        if key in self.words.org_nouns:
            return (
                self._definite(span, "organisation")
                or self._same_head(span)
                or self._described(span)
            )
        if self._is_name(head):
            return self._proper_name(span)
        return None

    def named_later(self) -> dict[int, Entity]:
        """Sources the article names only after describing them: "a monitor said C."
        then "Iraq Body Count said ..."; "its vice president
        said C." then "Riek Machar said ...". An unresolved singular description
        (indefinite, or with a possessive pronoun) takes the next source when that
        source is a name of the same kind, first mentioned there, in the same or the
        next paragraph, with no description of its own ("X, a resident, said").
        Returns the descriptions' start offsets and the entities they take."""
        text = self.doc.text
        found: dict[int, Entity] = {}
        for i, (span, entity) in enumerate(self.resolved[:-1]):
            kind = self._introduces(span) if entity is None else None
            if kind is None:
                continue
            following, named = self.resolved[i + 1]
            if named is None or following.start_char < span.end_char:
                continue
            if text.count("\n", span.end_char, following.start_char) > 1:
                continue
            if kind != "any" and self._is_person(named) != (kind == "person"):
                continue
            if following.root.pos_ != "PROPN" or self._described_after(following):
                continue
            if min((s for s, _ in named.mentions), default=following.start_char) < span.start_char:
                continue  # a name the article already used is not being introduced
            found[span.start_char] = named
        return found

    def _is_person(self, entity: Entity) -> bool:
        """A person, also one NER took for an organisation: two to four capitalised
        words, none of them an organisation word, not a known body."""
        if entity.type != "organisation":
            return entity.type == "person"
        words = entity.name.split()
        known = self.knowledge is not None and self.knowledge.body(entity.name) is not None
        org_words = self.words.org_nouns | set(self.words.org_kinds)
        return (
            2 <= len(words) <= 4
            and all(w[:1].isupper() for w in words)
            and not any(_key(w) in org_words for w in words)
            and not known
        )

    def _introduces(self, span: Span) -> str | None:
        """The kind of source an introducing description stands for ("a monitor",
        "its spokesman", "a report"), or None."""
        head = span.root
        first = span[0]
        indefinite = first.lower_ in ("a", "an")
        possessive = first.dep_ == "poss" and first.pos_ == "PRON"
        if not (indefinite or possessive) or head.tag_ != "NN":
            return None
        key = _key(head.text)
        person = key in self.words.roles or key in self.words.person_nouns
        body = key in self.words.org_nouns or key in self.words.documents
        if person and body:
            return "any"  # "a monitor": a person or a body
        return "person" if person else "organisation" if body else None

    def _described_after(self, span: Span) -> bool:
        """ "Jane Roe, a resident, said": the name carries a description of its own."""
        return any(c.dep_ == "appos" for c in span.root.children)

    def _person_antecedent(self, span: Span) -> Entity | None:
        """ "he", "she": the latest person the article made a subject or a source in
        this sentence or the two before ("John Tse played a video ... , he said"),
        not a name that only modifies a noun ("the Kwai Chung police station");
        else the latest person source."""
        sent = span.sent
        first = sent.start
        for _ in range(2):
            if first > 0:
                first = self.doc[first - 1].sent.start
        window = self.doc[first].idx
        sources = {(s.start_char, s.end_char) for s, e in self.resolved if e is not None}
        for start, end, entity in reversed(self.index.before(span.start_char)):
            if start < window:
                break
            if entity.type != "person":
                continue
            mention = self.doc.char_span(start, end, alignment_mode="expand")
            if mention is None:
                continue
            if mention.root.dep_ in SUBJECTS or any(s <= start and end <= e for s, e in sources):
                return entity
        return self._latest(lambda e: e.type == "person")

    def _document_author(self, span: Span) -> Entity | None:
        """ "the statement said" after "X said in a statement": X; else None."""
        noun = span.root.lower_
        for source, entity in reversed(self.resolved):
            if entity is None or entity.type == "person" or source.start > span.start:
                continue
            if any(t.lower_ == noun for t in source.sent):
                return entity
        return None

    def _collective(self, span: Span) -> Entity | None:
        """ "Azerbaijani authorities", "Taliban authorities": the body or country
        named as a modifier; a bare "authorities" is anonymous."""
        head = span.root
        for token in head.lefts:
            if token.dep_ not in ("amod", "compound", "poss", "nmod") or token.i < span.start:
                continue
            name = self.doc[token.left_edge.i : token.i + 1]
            if name[0].lower_ == "the":
                name = name[1:]
            found = self._named(name) if len(name) else None
            if found is not None and found.type != "person":
                if self.knowledge is not None and (country := self.knowledge.country(found.name)):
                    return self._known(country.name, "country", span)
                return found
            if self.knowledge is not None and (country := self.knowledge.country(name.text)):
                return self._known(country.name, "country", span)
        return None

    def _known_body(self, span: Span) -> Entity | None:
        """A span that is a known body's name or alias as a whole: "the U.N. human
        rights office" is that office, not the UN; "Russia's Defence Ministry"."""
        if self.knowledge is None or len(span) < 2:
            return None
        body = self.knowledge.body(span.text)
        if body is None or body.country:
            return None
        return self._known(body.name, body.type, span)

    def _government(self, span: Span) -> Entity | None:
        """ "Seoul said", "Moscow has not acknowledged": a capital speaking is its
        country's government."""
        words = [t for t in span if t.pos_ == "PROPN"]
        if self.knowledge is None or len(words) != len(span) or span.root.pos_ != "PROPN":
            return None
        country = self.knowledge.capital(span.text)
        return self._known(country.name, "country", span) if country is not None else None

    def _known(self, name: str, kind: str, span: Span) -> Entity:
        for entity in self.entities:
            if entity.name == name:
                return entity
        return self._add(Entity(name=name, type=kind), span)

    def _same_head(self, span: Span) -> Entity | None:
        """ "police" after "Hong Kong police": the latest source whose name has this
        head noun (a bare or definite mention, nothing to tell it apart)."""
        words = [t for t in span if not (t.dep_ == "det" and t.i == span.start)]
        if len(words) != 1:
            return None
        noun = span.root.lower_
        for _, entity in reversed(self.resolved):
            if entity is not None and (
                noun in entity.name.lower().split() or self._known_as(entity, noun)
            ):
                return entity
        return None

    def _author(self, span: Span) -> Span | None:
        """Who a document comes from: "a statement from X", "a report by X", "X's report"."""
        head = span.root
        for child in head.children:
            if child.dep_ == "poss" and span.start <= child.i < span.end:
                return span.doc[child.left_edge.i : child.i + 1]
            if child.dep_ == "compound" and child.pos_ == "PROPN" and span.start <= child.i:
                return span.doc[child.left_edge.i : child.i + 1]  # "the Bloomberg reporting"
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                objects = [o for o in child.children if o.dep_ == "pobj"]
                if objects and objects[0].i < span.end:
                    return span.doc[objects[0].left_edge.i : objects[0].i + 1]
        return None

    def _named(self, span: Span) -> Entity | None:
        """A named entity in the span: a person first; a place only as the head."""
        mentions = [
            m
            for m in self.index.overlapping(span.start_char, span.end_char)
            if not _common_noun(self.doc.char_span(m[0], m[1], "expand"))
        ]
        head = span.root
        titled = _key(head.text) in self.words.titles | self.words.roles
        people = head.tag_ == "NNS" and _key(head.text) not in self.words.org_nouns
        role = head.tag_ == "NN" and _key(head.text) in self.words.roles
        mentions.sort(key=lambda m: not m[0] <= head.idx < m[1])  # the head's own name first
        for wanted in ("person", None):
            for start, end, entity in mentions:
                if wanted == "person" and entity.type != "person":
                    continue
                at_head = start <= head.idx < end
                apposed = start > head.idx and self._apposed(start, end)
                if entity.type in ("country", "group", "place") and not at_head:
                    continue  # "Russia's defense ministry", "Ukrainian officials": a modifier
                if people and not at_head and start < head.idx:
                    continue  # "Karabakh officials", "Taliban fighters": unnamed members
                if role and not at_head and entity.type != "person" and not apposed:
                    continue  # "a Taliban spokesman": a person the article does not name
                member_of = people and entity.type not in ("country", "group", "place", "person")
                if (
                    member_of and head.nbor(1).lower_ == "from"
                    if head.i + 1 < len(self.doc)
                    else False
                ):
                    return entity  # "troops from Operation Barkhane" speak for it
                named_role = (  # "Chairman and CEO Ann Roe", not "the commissioner for X"
                    titled
                    and entity.type == "person"
                    and not any(
                        t.dep_ == "prep" for t in self.doc[head.i : head.i + 1 + 8] if t.idx < start
                    )
                )
                if start > head.idx and not at_head and not named_role and not apposed:
                    continue  # "the commissioner for Borno state": where, not who
                if entity.type != "person" and not at_head and head.pos_ == "PROPN":
                    continue  # "Taliban Minister ... Sharafuddin Muslim": the name is the head
                return entity
        return None

    def _is_name(self, token: Token) -> bool:
        """A proper noun, also one opening a sentence that the article capitalises
        elsewhere too ("Zelenskyy urged ..." after "... Zelenskyy said")."""
        if token.pos_ == "PROPN":
            return True
        if token.tag_ == "NNS":
            return False  # "Rome: Survivors of the wreck said": a plural common noun
        if token.is_title and not token.is_sent_start:
            return True
        return token.is_title and any(
            t.text == token.text and not t.is_sent_start for t in self.doc if t.i != token.i
        )

    def _publisher(self, span: Span) -> Entity | None:
        """ "We believe C" in the article's own voice (a statement, a briefing
        transcript): the organisation that published it, from the outlet."""
        outlet = self.doc._.outlet
        if not outlet or any(q.open_mark < span.start_char < q.close_mark for q in self.quotes):
            return None
        name = re.split(r"[,(;]", outlet)[0].strip()
        for entity in self.entities:
            if entity.name == name:
                return entity
        entity = Entity(
            name=name, type=self.words.org_kinds.get(name.split()[-1].lower(), "organisation")
        )
        self.entities.append(entity)
        return entity

    def _apposed(self, start: int, end: int) -> bool:
        """Whether a mention after the head renames it: "the mayor, Ihor Terekhov"."""
        mention = self.doc.char_span(start, end, alignment_mode="expand")
        return mention is not None and "appos" in (mention.root.dep_, mention.root.head.dep_)

    def _trailing_name(self, span: Span) -> Entity | None:
        """A role whose span ends in a name the parser hung below it: "Deputy Minister
        for Disaster Management Mawlawi Sharafuddin Muslim" -> a person."""
        run: list[Token] = []
        for token in reversed(span):
            if token.pos_ != "PROPN" or token.i <= span.root.i:
                break
            run.insert(0, token)
        names = [t for t in run if _key(t.text) not in self.words.titles]
        if len(names) < 2 or any(t.ent_type_ in ("GPE", "LOC", "NORP", "ORG") for t in names):
            return None
        words = {_key(t.text) for t in names}
        for entity in self.entities:
            if entity.type == "person" and words & {_key(w) for w in entity.name.split()}:
                return entity
        return self._add(Entity(name=" ".join(t.text for t in names), type="person"), span)

    def _proper_name(self, span: Span) -> Entity:
        """A proper-noun source NER missed: the head with the name words compounded
        onto it ("... Minister Mawlawi Sharafuddin Muslim" -> "Sharafuddin Muslim"),
        joined to a known entity sharing a word, else an entity of its own."""
        head = span.root
        run = [head]
        for left in reversed(list(head.lefts)):
            if left.i != run[0].i - 1 or left.dep_ not in ("compound", "flat"):
                break
            if _key(left.text) in self.words.titles or not (left.pos_ == "PROPN" or left.is_title):
                break
            run.insert(0, left)
        # the first person sharing a word, else the first entity: "Kong" is Kong Wing-cheung
        # before Hong Kong
        sharing = self._sharing_a_word({_key(t.text) for t in run})
        if sharing:
            people = [i for i in sharing if self.entities[i].type == "person"]
            return self.entities[min(people or sharing)]
        titled = any(
            _key(t.text) in self.words.titles or _key(t.text) in self.words.roles
            for t in span
            if t.i < run[0].i
        )
        kind = "person" if titled else "organisation"  # "police spokesman Resila Onyango"
        return self._add(Entity(name=" ".join(t.text for t in run), type=kind), span)

    def _sharing_a_word(self, words: set[str]) -> set[int]:
        """The positions in `entities` of the entities whose name has one of `words`."""
        for position in range(self._words_indexed, len(self.entities)):
            for word in {_key(w) for w in self.entities[position].name.split()}:
                self._name_words.setdefault(word, []).append(position)
        self._words_indexed = len(self.entities)
        return {i for word in words for i in self._name_words.get(word, ())}

    def _described(self, span: Span) -> Entity | None:
        """An organisation named by a description with something to tell it apart
        ("Russia's defense ministry", "police in Nigeria"); a bare "the army" is None."""
        if span[0].lower_ in ("a", "an"):
            return None  # "a war monitor" names no one (perhaps someone named later)
        words = [t for t in span if not (t.dep_ == "det" and t.i == span.start)]
        if len(words) < 2:
            return None
        name = span.doc[words[0].i : span.end].text
        kind = self.words.org_kinds.get(span.root.lower_, "organisation")
        for entity in self.entities:
            if entity.name.lower() == name.lower():
                return entity
        return self._add(Entity(name=name, type=kind), span)

    def _places(self, span: Span) -> list:
        return [
            m
            for m in self.index.overlapping(span.start_char, span.end_char)
            if m[2].type in ("country", "group", "place")
        ]

    def _add(self, entity: Entity, span: Span) -> Entity:
        entity.mentions.append((span.start_char, span.end_char))
        self.entities.append(entity)
        return entity

    def _titled_person(self, span: Span) -> Entity | None:
        """A person the article names with this role: "Governor X", "the mayor, X",
        "X, a provincial minister"; the nearest after the source, else the last before."""
        named = self._persons_named_by(_key(span.root.text))
        after = bisect_right(named, span.start_char, key=lambda pair: pair[0])
        if after < len(named):
            return named[after][1]
        return named[-1][1] if named else None

    def _persons_named_by(self, role: str) -> list[tuple[int, Entity]]:
        """(offset, person) of each use of the role word that names a person, in text
        order; found once per role word, so that many sources stay linear."""
        if not self._positions:
            for token in self.doc:
                self._positions.setdefault(_key(token.text), []).append(token.i)
        if role not in self._role_names:
            uses = (self.doc[i] for i in self._positions.get(role, ()))
            self._role_names[role] = [
                (token.idx, found)
                for token in uses
                if (found := self._named_beside(token)) is not None
            ]
        return self._role_names[role]

    def _named_beside(self, role: Token) -> Entity | None:
        """The person a role word names: right after it ("Governor X", "the mayor, X")
        or just before it ("X, a provincial minister")."""
        doc = role.doc
        after = role.i + 1
        if after < len(doc) and doc[after].text == ",":
            after += 1
        starts = {doc[after].idx} if after < len(doc) else set()
        ends: set[int] = set()
        left = role.i - 1
        while left > 0 and doc[left].pos_ in ("ADJ", "DET", "NOUN", "PROPN"):
            left -= 1  # back over "a provincial", to the comma after the name
        if left > 0 and doc[left].text == ",":
            ends.add(doc[left - 1].idx + len(doc[left - 1]))
        for start, end, entity in self.index.overlapping(max(role.idx - 200, 0), role.idx + 200):
            if entity.type == "person" and (start in starts or end in ends):
                return entity
        return None

    def _definite(self, span: Span, kind: str) -> Entity | None:
        """ "the agency", "the minister": the latest source (else mention) of that kind."""
        if span[0].lower_ not in DEFINITE:
            return None
        if len(span) > 3:  # "the human rights group": a description knowledge lists
            description = span[1:].text.lower()
            return self._latest(lambda e: self._known_as(e, description))
        if kind == "person":
            return self._latest(lambda e: e.type == "person")
        noun = span.root.lower_
        wanted = self.words.org_kinds.get(noun)

        def fits(entity: Entity) -> bool:
            # "the agency" may be the NIS (a government body), not the UN; "the army"
            # only an armed force; "the group" only a name with "group" in it
            if entity.type in ("person", "group", "place", "country"):
                return False
            named = noun in entity.name.lower().split()
            return (
                named
                or (wanted is not None and entity.type == wanted)
                or self._known_as(entity, noun)
            )

        return self._latest(fits) or self._nearest(span, "organisation", fits)

    def _known_as(self, entity: Entity, noun: str) -> bool:
        """Whether knowledge says a description with this noun may name the entity:
        the NIS is "the agency", Amnesty International "the group"."""
        body = self.knowledge.body(entity.name) if self.knowledge is not None else None
        return body is not None and noun in body.nouns

    def _latest(self, accept: Callable[[Entity], bool]) -> Entity | None:
        for entity in reversed(self.history[-6:]):
            if entity is not None and accept(entity):
                return entity
        return None

    def _nearest(
        self, span: Span, kind: str, fits: Callable[[Entity], bool] | None = None
    ) -> Entity | None:
        """The nearest mention before the span of a person, or of a fitting organisation."""
        for _, _, entity in reversed(self.index.before(span.start_char)):
            if kind == "person" and entity.type == "person":
                return entity
            if kind == "organisation" and fits is not None and fits(entity):
                return entity
        return None


def _followed_by(token: Token, word: str) -> bool:
    return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == word


def _common_noun(mention: Span | None) -> bool:
    """NER's mistakes on common nouns: "Seismologists" opening a sentence."""
    if mention is None:
        return True
    return all(
        t.tag_ in ("NN", "NNS")
        and not (t.is_upper and len(t) > 1)  # "UNICEF believes": an acronym is a name
        and (t.is_sent_start or t.is_lower or t.tag_ == "NNS")
        for t in mention
    )  # "Survivors of the shipwreck said": a plural common noun is never a name


NON_REFERRING = {"everything", "something", "nothing", "anything", "all"}


def figure_claimant(
    attributions: list[Attribution], start: int, end: int, quotes: list[Quote]
) -> tuple[int | None, str | None]:
    """Who claims the figure at [start, end): the attribution holding it and its claimant.

    The innermost attribution whose content holds the figure, passing over one whose
    source names no one ("everything indicates that ...") to the report around it;
    a figure in a quote no attribution holds belongs to the body the quote names as
    reporting inside it ("IOM has received reports of 400 deaths ..., IOM believes");
    a figure in the article's own voice has no claimant, never the publishing outlet.
    """
    index = _innermost(attributions, start, end)
    while index is not None and _names_no_one(attributions[index]):
        index = attributions[index].parent
    if index is not None:
        return index, attributions[index].source_entity
    quote = next((q for q in quotes if q.start <= start and end <= q.end), None)
    if quote is None:
        return None, None
    for record in attributions:
        inside = record.cue_start is not None and quote.start <= record.cue_start < quote.end
        if inside and record.source_entity is not None:
            return None, record.source_entity
    return None, None


def _names_no_one(record: Attribution) -> bool:
    return record.source_entity is None and (record.source or "").lower() in NON_REFERRING


def _innermost(attributions: list[Attribution], start: int, end: int) -> int | None:
    """The attribution with the smallest content span holding [start, end)."""
    best: tuple[int, int] | None = None
    for i, a in enumerate(attributions):
        if a.content_start is None or a.content_end is None:
            continue
        if a.content_start <= start and end <= a.content_end:
            width = a.content_end - a.content_start
            if best is None or width < best[0]:
                best = (width, i)
    return best[1] if best else None
