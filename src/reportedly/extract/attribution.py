"""Attributions: who said what, found from cue words, the parse and quote marks.

For each cue (a reporting verb of the `cues` lexicon, or "according to") the
component finds the *frame* around it:

- content after the cue: the verb's clause complement ("X said (that) C",
  "X told reporters C"), its object for verbs whose object is what is said
  ("X disclosed C"), or a quotation that opens right after it ("X said: “C”");
- content before the cue: "C, X said", "“C,” said X", "C, according to X";
- the source: the verb's subject, inherited through "..., adding that C" and
  "was quoted as saying", or the object of "according to".

A quotation that makes up a whole paragraph right after a paragraph ending in
an attribution continues that speaker. The kind is read off the quote marks in
the content: all quoted is direct, partly quoted is mixed. Sources are resolved
to entities by `sources.SourceResolver`; an attribution found inside another's
content points to it through `parent`.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from reportedly.extract.component import LexiconComponent
from reportedly.extract.entities import EntityIndex, EntityWords, _key
from reportedly.extract.knowledge import Knowledge, country_records
from reportedly.extract.labels import signed_quotes, transcript_turns
from reportedly.extract.layout import Layout, label_pattern, non_prose
from reportedly.extract.quotes import Quote, find_quotes, has_quote_mark
from reportedly.extract.relays import add_relay_chains
from reportedly.extract.sources import RELATIVE_PRONOUNS, SourceResolver
from reportedly.extract.trees import finite_verb_from, first_outside, next_comma
from reportedly.limits import MAX_NESTING
from reportedly.model import Attribution

COMPLEMENTS = {"ccomp"}
QUESTION_WORDS = {"whether", "if"}
FINITE = {"VBD", "VBZ", "VBP", "MD"}  # tags of a finite verb: a clause, not a fragment
CLAUSE_LINKS = {"ccomp", "parataxis", "dep", "xcomp"}  # how "C, X said" ties C to the cue
OBJECTS = {"dobj", "attr", "oprd"}
CONVERSATIONAL = {"i", "you"}  # and "we" inside a quotation
WRITER = {"i", "we"}  # outside quotations: the article's own voice
INHERIT_SUBJECT = {"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp", "dep"}
STRIP_LEAD = {"that", ",", ":", "—", "–", "-", ";"}
MIN_STANDALONE_QUOTE_WORDS = 4
NEGATING_DETERMINERS = {"neither", "no", "none", "nobody"}  # a subject that says nothing


@dataclass
class Frame:
    """A cue with its source and content, as character ranges."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: Span | None
    modality: str
    kind: str | None = None  # known from the layout (a speaker label's turn is direct)
    parts: tuple[tuple[int, int], ...] = ()  # a content around a parenthetical cue


@dataclass(frozen=True)
class CueEntry:
    lemma: str
    modality: str
    object_content: bool
    speaker_only: bool  # "the study found" yes, "the rate shows" no
    infinitive_content: bool  # "claimed to have killed 300": the to-clause is the claim
    directive: bool  # "urged X to do Y": the addressee and the to-clause are the content
    naming: bool  # "called X a hoax": the object and what it is called
    prep_content: frozenset[str]  # "called for a ceasefire": the preposition's object
    quote_only: bool  # "she continued: “C”": a cue only next to a quotation
    object_prep: frozenset[str]  # "accused X of fraud": the object and the preposition
    not_objects: frozenset[str]  # "claimed the lives of 40": an object that is no report


class AttributionComponent(LexiconComponent):
    """Writes `doc._.attributions` (needs the parser, NER and `doc._.entities`)."""

    EXTENSION = "attributions"
    LEXICONS = ("cues", "entity_words", "bodies", "layout")

    def compile(self) -> None:
        cues = [e for e in self.lexicons["cues"] if "type" in e]
        self.verbs = {
            e["lemma"]: CueEntry(
                e["lemma"],
                e["modality"],
                bool(e.get("object_content")),
                bool(e.get("speaker_only")),
                bool(e.get("infinitive_content")),
                bool(e.get("directive")),
                bool(e.get("naming")),
                frozenset(e.get("prep_content", ())),
                bool(e.get("quote_only")),
                frozenset(e.get("object_prep", ())),
                frozenset(e.get("not_objects", ())),
            )
            for e in cues
            if e["type"] == "verb"
        }
        self.phrases = [(e["words"], e["modality"]) for e in cues if e["type"] == "phrase"]
        self.nouns = {e["lemma"]: e["modality"] for e in cues if e["type"] == "noun"}
        self.recipients = {e["lemma"] for e in cues if e["type"] == "recipient"}
        self.refusals = {e["lemma"] for e in cues if e["type"] == "refusal"}
        self.hedges = [(e["words"], e["probability"]) for e in cues if e["type"] == "hedge"]
        self.entity_words = EntityWords.from_lexicon(self.lexicons["entity_words"])
        self.knowledge = Knowledge(self.lexicons["bodies"], list(country_records()))
        self.line_labels = label_pattern(
            e["label"] for e in self.lexicons["layout"] if "label" in e
        )

    # -- finding frames ----------------------------------------------------
    def find(self, doc: Doc) -> list[Attribution]:
        text = doc.text  # Doc.text is rebuilt on every access: read it once
        quotes = find_quotes(text)
        frames: list[Frame] = []
        for sent in doc.sents:
            for token in sent:
                frame = (
                    self._verb_frame(token, sent, quotes, text)
                    or self._phrase_frame(token, sent, text)
                    or self._noun_frame(token)
                )
                if frame is not None and frame.content[1] - frame.content[0] > 1:
                    frames.append(frame)
        frames.extend(_label_frames(doc, text, quotes, {f.content for f in frames}))
        layout = non_prose(doc, self.line_labels)
        frames = [
            f for f in frames if not layout.furniture(f.cue[0]) and not _from_furniture(f, layout)
        ]
        frames.sort(key=lambda f: f.cue[0])
        records = self._records(doc, text, frames, quotes)
        records.extend(self._continued_quotes(text, records, quotes))
        _join_resumed_quotes(doc, text, records, quotes)
        records.sort(key=lambda a: a.cue_start or 0)
        _set_parents(records)
        records = _within_nesting(records)
        add_relay_chains(doc, records, text)
        return records

    def _verb_frame(self, v: Token, sent: Span, quotes: list[Quote], text: str) -> Frame | None:
        entry = self.verbs.get(v.lemma_.lower())
        if entry is None or v.pos_ not in ("VERB", "AUX") or v.dep_ in ("amod", "compound"):
            return None
        if v.pos_ == "AUX" and v.lemma_ != "say":
            return None
        if self._negated(v, entry):
            return None  # "did not say where", "claimed the lives of": nothing is reported
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in self.refusals:
            entry = replace(entry, modality="refused")  # "declined to say": no claim made
        source = self._subject(v)
        if source is None or (
            source[0].lower_ in NEGATING_DETERMINERS
            and not source[1:2].text[:1].isdigit()
            and self._can_speak(source)
        ):
            return None  # "neither government acknowledged", "no official confirmed"

        pronoun = source.text.lower()
        quoted = any(q.open_mark < v.idx < q.close_mark for q in quotes)
        if (entry.modality == "believed" and pronoun in CONVERSATIONAL) or (
            quoted and pronoun in CONVERSATIONAL | {"we"}
        ):
            # "I think", "you believe": talk, not a claim someone reports; inside a
            # quotation, "I said", "we told them" are the quoted speaker's own words
            return None
        if entry.speaker_only and not self._can_speak(source):
            return None  # "the high casualty rate shows that": evidence, not a source
        cue = (v.idx, v.idx + len(v))
        if entry.quote_only:
            # "the host continued: “C”": a verb that reports only next to a quotation
            content = self._quote_after(v, sent, quotes, text) or _inside(
                _quote_ending_before(text, min(v.idx, source.start_char), quotes)
            )
            if content is None:
                return None
            return Frame(cue, content, source, entry.modality)
        parts = _parenthetical(v, sent, source, text)
        if parts:
            return Frame(cue, (parts[0][0], parts[-1][1]), source, entry.modality, parts=parts)
        content = None
        if not _quotes_before(v, source, quotes):
            content = self._content_after(
                v, entry, source, own_voice=pronoun in WRITER and not quoted
            )
        if content is None and v.dep_ not in ("relcl", "csubj"):
            # "everything X says is a lie": a cue inside a relative clause or a subject
            # reports what the clause is about, not the words around it
            content = self._quote_after(v, sent, quotes, text) or self._content_before(
                v, sent, source, quotes, text
            )
        if content is None:
            return None
        return Frame(cue, content, source, entry.modality)

    def _negated(self, v: Token, entry: CueEntry) -> bool:
        """A cue that reports nothing: negated ("has not confirmed") or idiomatic
        ("claimed the lives of")."""
        if any(child.dep_ == "neg" for child in v.children):
            return True
        return any(
            child.dep_ == "dobj" and child.lemma_.lower() in entry.not_objects
            for child in v.children
        )

    def _subject(self, v: Token) -> Span | None:
        """The verb's subject, inherited from the verb it depends on when it has none.

        Passive subjects are not sources ("the toll is expected to rise"), except
        in "X was quoted as saying"; a relative "who" stands for its antecedent.
        """
        node = v
        through_as = False
        for _ in range(5):
            agent = self._agent(node)
            if agent is not None:
                return agent
            if through_as:
                objects = [c for c in node.children if c.dep_ == "dobj"]
                if objects:
                    return self._source_span(objects[0])  # "cited Y as saying C": Y
            for child in node.children:
                if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node.lemma_ == "quote"):
                    if child.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                        return v.doc[child.i : child.i + 1]  # "who": resolved to its antecedent
                    preceding = self._preceding_name(v) if child.i < v.i else None
                    if preceding is not None and child.i < preceding.start:
                        return preceding  # the parser took a noun of the content for the subject
                    return self._source_span(child)
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in node.children):
                return None
            if node is v and v.dep_ == "conj":
                preceding = self._preceding_name(v)
                if preceding is not None:
                    return preceding
            if node is v and (v.dep_ == "conj" or (v.dep_ == "advcl" and v.tag_ == "VBG")):
                reporting = self._reporting_verb_above(v)
                if reporting is not None:
                    # "X said that A sent troops, and warned that C" / ", warning that C":
                    # the parser hangs the cue on the reported verb; it goes with "said"
                    node = reporting
                    continue
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                return self._source_span(node.head)
            if node is not v and node.pos_ in ("NOUN", "PROPN") and v.tag_ == "VBG":
                # "reports from the weekend indicating that C": the noun, up to the cue
                span = self._source_span(node)
                return span.doc[span.start : min(span.end, v.i)]
            if node.dep_ not in INHERIT_SUBJECT or node.head is node:
                return None
            through_as = through_as or node.lower_ == "as"
            node = node.head
        return None

    def _reporting_verb_above(self, v: Token) -> Token | None:
        """The cue verb whose reported clause `v` hangs on, if `v`'s head is that clause."""
        reported = v.head
        if (
            reported.lemma_.lower() not in self.verbs
            and reported.dep_ == "ccomp"
            and reported.head.lemma_.lower() in self.verbs
        ):
            return reported.head
        return None

    def _agent(self, v: Token) -> Span | None:
        """ "C, it was reported by X" / "X reported by Y that C": the passive's agent,
        when what it reported is a clause (not "a video posted by X")."""
        expletive = any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in v.children)
        if not (expletive or any(c.dep_ == "ccomp" for c in v.children)):
            return None
        for child in v.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self._source_span(objects[0])
        return None

    def _titled(self, head: Token, conj: Token) -> bool:
        """ "Chairman and CEO Ann Roe": two titles of one named person."""
        titles = self.entity_words.titles | self.entity_words.roles
        return _key(head.text) in titles and any(_key(t.text) in titles for t in conj.lefts)

    def _describes_a_person(self, noun: Token) -> bool:
        """A role or person noun, which a named apposition renames: "the mayor, X"."""
        words = self.entity_words
        return noun.lower_ in words.roles or noun.lemma_.lower() in words.person_nouns

    def _can_speak(self, source: Span) -> bool:
        """Someone or a document: a name, a pronoun, a role, an organisation, a report."""
        head = source.root
        key = head.lemma_.lower()
        words = self.entity_words
        return (
            head.pos_ in ("PROPN", "PRON")
            or bool(head.ent_type_)
            or key in words.roles
            or key in words.org_nouns
            or key in words.documents
            or key in words.person_nouns
        )

    def _preceding_name(self, v: Token) -> Span | None:
        """ "C, South Korea's spy agency informed lawmakers": the name just before a
        cue the parser failed to attach, when a comma closes the content before it."""
        doc = v.doc
        end = v.i
        while end > 0 and doc[end - 1].pos_ in ("ADV", "AUX"):
            end -= 1  # "C, the agency also said", "C, the agency has said"
        if end == 0 or doc[end - 1].pos_ not in ("PROPN", "NOUN"):
            return None
        start = end - 1
        while start > 0 and (
            doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART")
            or doc[start - 1].tag_ == "POS"
            or (doc[start - 1].text in "-–" and not doc[start - 1].whitespace_)
        ):
            start -= 1  # back over "South Korea's spy", "Secretary-"
        if start == 0 or doc[start - 1].text not in {",", "”", '"', "''"} or end - start > 8:
            return None
        return doc[start:end]

    def _source_span(self, head: Token) -> Span:
        """The words naming a source: the head, its left modifiers, "of" phrases, a
        role's named apposition ("the mayor, Ihor Terekhov"); not relative clauses."""
        doc = head.doc
        start = head.i
        for left in head.lefts:
            if left.dep_ not in ("punct", "cc", "prep") and not left.is_punct:
                start = min(start, left.left_edge.i)
        end = head.i + 1
        for right in head.rights:
            keep = (
                (
                    right.dep_ == "prep"
                    and right.lower_ in ("of", "for", "to", "in", "at", "from", "by")
                    and any(c.dep_ == "pobj" for c in right.children)
                )
                or right.dep_ in ("compound", "flat", "nummod")
                or (right.dep_ == "appos" and self._describes_a_person(head))
                or (right.dep_ == "appos" and right.pos_ == "PROPN" and right.left_edge.i == end)
                or (right.dep_ == "conj" and right.pos_ == "PROPN" and self._titled(head, right))
            )
            if keep:
                end = max(end, right.right_edge.i + 1)
            elif right.dep_ not in ("punct", "cc"):
                break  # a comma may stand before a role's named apposition
        while end - 1 > start and doc[end - 1].is_punct:
            end -= 1
        return doc[start:end]

    def _content_after(
        self, v: Token, entry: CueEntry, source: Span, own_voice: bool = False
    ) -> tuple[int, int] | None:
        comps = [
            c
            for c in v.rights
            if (c.dep_ in COMPLEMENTS or _unmarked_clause(c))
            and not any(m.dep_ == "mark" and m.lower_ in QUESTION_WORDS for m in c.children)
            and not (v.dep_ == "relcl" and not _has_subject(c))
        ]  # "asked whether C" is a question, not a claim; "all X says [is a lie]" no clause
        if entry.infinitive_content:
            # "claimed to have killed 300"; not a bare "to abide" ("by which it promised to abide")
            comps += [c for c in v.rights if c.dep_ == "xcomp" and len(list(c.subtree)) > 2]
        objects = [c for c in v.rights if c.dep_ in OBJECTS and c.lower_ not in self.recipients]
        if not comps and not own_voice:  # "We call on all sides to ...": the writer's appeal
            framed = self._framed_object(v, entry)
            if framed is not None:
                return _char_range(v.doc, *framed)
        if comps:
            # an object before the clause is who it is told to ("told the BBC that C");
            # one after it is a piece of the clause the parser split off
            first = min(c.left_edge.i for c in comps)
            comps += [c for c in objects if c.i > first]
        elif entry.object_content and not own_voice:
            comps = objects  # what is said: "disclosed evidence of C"
        comps = [c for c in comps if not (source.start <= c.i < source.end)]
        if not comps:
            return None
        start = min(_clause_start(c) for c in comps)
        end = max(c.right_edge.i for c in comps)
        for right in v.rights:
            if right.i > end and right.dep_ == "conj" and right.pos_ not in ("VERB", "AUX"):
                end = right.right_edge.i  # "C1, and 150 others injured": an elliptic C2
        if entry.object_content and not any(c.dep_ in COMPLEMENTS for c in comps):
            # "attributed X to Y", "identified X as Y": the object and what follows it
            for right in v.rights:
                if (
                    right.i > end
                    and right.dep_ in ("prep", "advcl", "oprd")
                    and right.lower_ != "in"
                ):
                    end = right.right_edge.i
        end = self._content_end(
            v.doc, start, end, objects_only=not any(c.dep_ in COMPLEMENTS for c in comps)
        )
        doc = v.doc
        rest = doc[end + 1 : v.sent.end]
        if len(rest) > 2 and rest[0].text == ":" and not any("\n" in t.text for t in rest):
            end = rest.end - 1  # "noted that three things happen at once: A, B and C"
        return _char_range(doc, start, end + 1)

    def _content_end(self, doc: Doc, start: int, end: int, objects_only: bool) -> int:
        """Where the content stops: before a second cue joined to the reported verb ("said
        he would act and warned against C": the warning is a record of its own), and,
        for an object, before a relative clause set off by a comma ("cited the report,
        which ...")."""
        for token in doc[start + 1 : end + 1]:
            joined_cue = (
                token.dep_ == "conj"
                and token.head.dep_ == "ccomp"  # joined to the reported verb itself
                and token.pos_ == "VERB"
                and not has_quote_mark(doc[start : token.i].text)  # not in a quoted phrase
                and token.lemma_.lower() in self.verbs
                and not any(c.dep_.startswith("nsubj") for c in token.children)
            )
            relative = (
                objects_only and token.dep_ == "relcl" and doc[token.left_edge.i - 1].text == ","
            )
            if joined_cue or relative:
                stop = token.left_edge.i if relative else token.i
                while stop > start + 1 and (doc[stop - 1].dep_ == "cc" or doc[stop - 1].is_punct):
                    stop -= 1
                return min(end, stop - 1)
        return end

    def _framed_object(self, v: Token, entry: CueEntry) -> tuple[int, int] | None:
        """Token range [start, end) of the content of a cue that frames its object:

        - directive: "urged all aid groups to help", "called on the mayor to resign";
        - naming: "called the charges baseless", "labeled the vote a sham" (the object
          with what it is called; "called a meeting" names nothing and is no content);
        - prep_content: "called for a ceasefire" (the object of the preposition);
        - object_prep: "accused the firm of fraud" (the object and the preposition).
        """
        objects = [c for c in v.rights if c.dep_ == "dobj"]
        for prep in v.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "upon") and entry.directive:
                objects += [c for c in prep.children if c.dep_ == "pobj"]
        if entry.directive and objects:
            todo = [c for c in v.rights if c.dep_ == "xcomp" and c.i > objects[0].i]
            if todo:
                return objects[0].left_edge.i, todo[-1].right_edge.i + 1
        if entry.naming and objects:
            obj = objects[0]
            called = [
                c for c in v.rights if c.dep_ in ("oprd", "xcomp", "ccomp", "attr") and c.i > obj.i
            ] + [c for c in obj.rights if c.dep_ in ("dobj", "attr", "appos")]
            if called:
                return obj.left_edge.i, max(c.right_edge.i for c in called) + 1
        for prep in v.rights:
            if prep.lower_ in entry.prep_content and prep.dep_ in ("prep", "dative"):
                pobjs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                if pobjs and not objects:
                    return pobjs[0].left_edge.i, prep.right_edge.i + 1
        for prep in v.rights:
            if (
                objects
                and prep.lower_ in entry.object_prep
                and prep.i == objects[0].right_edge.i + 1  # right after the object
            ):
                return objects[0].left_edge.i, prep.right_edge.i + 1  # "accused X of fraud"
        return None

    def _quote_after(
        self, v: Token, sent: Span, quotes: list[Quote], text: str
    ) -> tuple[int, int] | None:
        """ "X said: “C”", "X replied, “C”": a quotation opening just after the cue."""
        end_of_cue = v.idx + len(v)
        for quote in quotes:
            if quote.open_mark < end_of_cue:
                continue
            between = text[end_of_cue : quote.open_mark]
            near = quote.open_mark < sent.end_char + 2 and len(between) < 60
            if near and (between.rstrip().endswith((",", ":")) or not between.strip()):
                return (quote.start, quote.end)
            break
        return None

    def _content_before(
        self, v: Token, sent: Span, source: Span, quotes: list[Quote], text: str
    ) -> tuple[int, int] | None:
        """ "C, X said" / "“C,” said X": the content ends where the cue group begins."""
        doc = v.doc
        group_start = min(v.i, source.start)
        while group_start > sent.start and (
            doc[group_start - 1].dep_ in ("advmod", "aux", "auxpass")
            or (doc[group_start - 1].dep_ == "nsubjpass" and doc[group_start - 1].lower_ == "it")
        ):
            group_start -= 1  # "C, he also said", "C, she has said", "C, it was reported"
        boundary = group_start - 1
        if boundary < sent.start:
            return _inside(_quote_ending_before(text, v.idx, quotes))
        mark = doc[boundary]
        if mark.text not in {",", "”", '"', "’", "—", "–"} and not (
            mark.is_punct and has_quote_mark(mark.text)
        ):
            return None
        quote = _quote_ending_before(text, doc[group_start].idx, quotes)
        if quote is not None:
            lead = text[sent.start_char : quote.open_mark]
            if len(lead.split()) > 2 and "\n" not in lead:
                return (sent.start_char, quote.close_mark + 1)  # "Using it ''is wrong,'' X said"
            return _inside(quote)
        if boundary - sent.start < 2 or not _reports_a_clause_before(v, group_start):
            return None
        return _in_paragraph(text, _char_range(doc, sent.start, boundary))

    def _noun_frame(self, token: Token) -> Frame | None:
        """ "the ministry's statement that C", "a claim by X that C"."""
        modality = self.nouns.get(token.lemma_.lower())
        if modality is None or token.pos_ != "NOUN":
            return None
        clauses = [
            c
            for c in token.rights
            if c.dep_ in ("acl", "ccomp", "relcl")
            and any(m.lower_ == "that" for m in c.lefts)
            and not any(m.dep_ in ("nsubj", "dobj") and m.lower_ == "that" for m in c.lefts)
        ]
        sources = [c for c in token.lefts if c.dep_ == "poss"] or [
            o
            for p in token.rights
            if p.dep_ == "prep" and p.lower_ in ("by", "from", "of")
            for o in p.children
            if o.dep_ == "pobj"
        ]
        if not clauses or not sources:
            return None
        clause = clauses[0]
        content = _char_range(token.doc, clause.left_edge.i, clause.right_edge.i + 1)
        source = self._source_span(sources[0])
        return Frame((token.idx, token.idx + len(token)), content, source, modality)

    def _phrase_frame(self, token: Token, sent: Span, text: str) -> Frame | None:
        """ "according to X, C" and "C, according to X"."""
        for words, modality in self.phrases:
            if words[0] != "according" or token.lower_ != "according":
                continue
            nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            if nxt is None or nxt.lower_ != "to":
                continue
            objs = [c for c in nxt.children if c.dep_ == "pobj"]
            if not objs:
                return None
            source = self._source_span(objs[0])
            phrase_end = max(objs[0].right_edge.i + 1, source.end)
            before = (
                _in_paragraph(text, _char_range(token.doc, sent.start, token.i))
                if token.i - sent.start > 2
                else None
            )
            after = (
                _char_range(token.doc, phrase_end, sent.end) if sent.end - phrase_end > 2 else None
            )
            clause_after = any(t.tag_ in FINITE for t in token.doc[phrase_end : sent.end])
            content = (
                before
                if before
                and (not after or not clause_after or before[1] - before[0] > after[1] - after[0])
                else after
            )  # "C, according to X, twice last year's rate": a fragment after is no content
            if content is None:
                return None
            return Frame((token.idx, nxt.idx + len(nxt)), content, source, modality)
        return None

    # -- records -----------------------------------------------------------
    def _records(
        self, doc: Doc, text: str, frames: list[Frame], quotes: list[Quote]
    ) -> list[Attribution]:
        entities = doc._.entities if doc._.entities is not None else []
        resolver = SourceResolver(
            doc, EntityIndex(entities), self.entity_words, entities, quotes, self.knowledge
        )
        records: list[Attribution] = []
        speakers: list = []  # the resolved Entity of each record
        seen: set[tuple[int, int]] = set()
        said: set[tuple[int, int, int | None]] = set()  # (content, source) already reported
        for frame in frames:
            start, end = _trim(text, *frame.content)
            if end - start < 2 or frame.cue in seen:
                continue
            seen.add(frame.cue)
            parts = [_trim(text, *part) for part in frame.parts]
            if parts:
                start, end = parts[0][0], parts[-1][1]
                kind = "mixed" if any(has_quote_mark(text[a:b]) for a, b in parts) else "indirect"
            else:
                kind, start, end = _kind(text, start, end, quotes)
                kind = frame.kind or kind
            source_start = frame.source.start_char if frame.source is not None else None
            if (start, end, source_start) in said:
                continue  # "“C,” Lee said, citing the briefing": one claim, not two
            said.add((start, end, source_start))
            speaker = _speaker_of(records, speakers, frame.cue[0])
            entity = resolver.resolve(frame.source, speaker) if frame.source is not None else None
            speakers.append(entity)
            source = frame.source
            records.append(
                Attribution(
                    source=source.text if source is not None else None,
                    source_entity=entity.name if entity else None,
                    cue=text[frame.cue[0] : frame.cue[1]],
                    content=" ".join(text[a:b] for a, b in parts) if parts else text[start:end],
                    kind=kind,
                    source_start=source.start_char if source is not None else None,
                    source_end=source.end_char if source is not None else None,
                    cue_start=frame.cue[0],
                    cue_end=frame.cue[1],
                    content_start=start,
                    content_end=end,
                    modality=frame.modality,
                    probability=self._probability(text[start:end]),
                    content_parts=parts,
                )
            )
        later = resolver.named_later()
        for i, record in enumerate(records):
            if record.source_start in later and record.source_entity is None:
                record.source_entity = later[record.source_start].name
                speakers[i] = later[record.source_start]
        return records

    def _probability(self, content: str) -> float | None:
        lower = f" {content.lower()} "
        best = None
        for words, probability in sorted(self.hedges, key=lambda h: -len(h[0])):
            if f" {' '.join(words)} " in lower:
                best = probability
                break
        return best

    def _continued_quotes(
        self, text: str, records: list[Attribution], quotes: list[Quote]
    ) -> list[Attribution]:
        """A whole-paragraph quotation after a paragraph with an attribution continues it."""
        out = []
        for quote in quotes:
            if any(_overlaps(r, quote.start, quote.end) for r in records):
                continue
            if len(text[quote.start : quote.end].split()) < MIN_STANDALONE_QUOTE_WORDS:
                continue
            para_start = text.rfind("\n", 0, quote.open_mark) + 1
            para_end = text.find("\n", quote.close_mark)
            para_end = len(text) if para_end < 0 else para_end
            if (
                text[para_start : quote.open_mark].strip()
                or text[quote.close_mark + 1 : para_end].strip()
            ):
                continue
            prev_end = len(text[:para_start].rstrip())  # over blank lines between paragraphs
            prev_start = text.rfind("\n", 0, prev_end) + 1
            previous = [
                r
                for r in records
                if r.cue_start is not None and prev_start <= r.cue_start < para_start
            ]
            if not previous:
                continue
            last = previous[-1]
            out.append(
                Attribution(
                    **{
                        **last.to_dict(),
                        "content": text[quote.start : quote.end],
                        "kind": "direct",
                        "content_start": quote.start,
                        "content_end": quote.end,
                        "confidence": 0.6,
                        "parent": None,
                    }
                )
            )
        return out


def _parenthetical(v: Token, sent: Span, source: Span, text: str) -> tuple[tuple[int, int], ...]:
    """ "C1, he said, C2": a cue set off by commas inside the sentence it reports; the
    content is the sentence on both sides (no quotation next to the commas, which
    the quotation frames read)."""
    doc = v.doc
    if v.dep_ == "relcl":
        return ()  # "X, who told reporters that C, left"
    first = min(v.i, source.start)
    while first > sent.start and doc[first - 1].dep_ in ("advmod", "aux"):
        first -= 1  # "C1, he also said, C2"
    last = max(v.i, source.end - 1)
    stop = next_comma(doc, last + 1, sent.end)  # "he said in an interview", "she told..."
    if first_outside(v, last + 1, stop) < stop:
        return ()
    last = max(last, stop - 1)
    before, after = first - 1, last + 1
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i < after for c in v.rights):
        return ()  # the cue has its own content between the commas
    if (
        before <= sent.start
        or after + 2 >= sent.end
        or doc[before].text != ","
        or doc[after].text != ","
        or has_quote_mark(doc[before - 1].text + doc[after + 1].text)
    ):
        return ()
    if finite_verb_from(doc, after + 1) >= sent.end:
        return ()  # "C, X estimated on Tuesday, according to a lawmaker": no clause after
    one = _char_range(doc, sent.start, before)
    two = _char_range(doc, after + 1, sent.end)
    if "\n" in text[one[0] : two[1]]:
        return ()
    return (one, two)


def _label_frames(
    doc: Doc, text: str, quotes: list[Quote], claimed: set[tuple[int, int]]
) -> list[Frame]:
    """Frames of speaker labels (see `labels`) whose content no cue claims already."""
    frames = []
    for label in signed_quotes(text, quotes) + transcript_turns(text):
        source = doc.char_span(*label.source, alignment_mode="expand")
        if label.content in claimed or source is None:
            continue
        frames.append(Frame(label.cue, label.content, source, "said", kind="direct"))
    return frames


def _join_resumed_quotes(
    doc: Doc, text: str, records: list[Attribution], quotes: list[Quote]
) -> None:
    """ "“Q1,” X said. “Q2”" and "“Q1,” X said, “Q2”": one quotation broken by its cue.

    A direct record's quotation joins the quotation on the other side of its
    source and cue, when only the sentence of the cue stands between the two
    (so not across a paragraph or another sentence) and no other record claims
    either; `content_parts` keeps the pieces' offsets.
    """
    cues = sorted(r.cue_start for r in records if r.cue_start is not None)
    taken = {(r.content_start, r.content_end) for r in records}
    for record in records:
        if record.kind != "direct" or record.cue_start is None or record.content_parts:
            continue
        bounds = (record.content_start, record.content_end)
        index = next((i for i, q in enumerate(quotes) if (q.start, q.end) == bounds), None)
        if index is None:
            continue
        group = [record.cue_start, record.cue_end]
        if record.source_start is not None:
            group = [min(group[0], record.source_start), max(group[1], record.source_end)]
        quote = quotes[index]
        if quote.close_mark < group[0] and index + 1 < len(quotes):
            first, second = quote, quotes[index + 1]
        elif quote.open_mark > group[1] and index > 0:
            first, second = quotes[index - 1], quote
        else:
            continue
        if (first.start, first.end) in taken and first is not quote:
            continue
        if (second.start, second.end) in taken and second is not quote:
            continue
        if not (first.close_mark < group[0] and group[1] <= second.open_mark):
            continue
        sent = doc.char_span(record.cue_start, record.cue_end, alignment_mode="expand")
        if sent is None:
            continue
        sent = sent.sent
        if (
            "\n" in text[first.close_mark : second.open_mark]
            or first.close_mark < sent.start_char - 2
            or text[sent.end_char : second.open_mark].strip()
            or sum(first.close_mark < c < second.open_mark for c in cues) != 1
        ):
            continue
        record.content_parts = [(first.start, first.end), (second.start, second.end)]
        record.content = f"{text[first.start : first.end]} {text[second.start : second.end]}"
        record.content_start, record.content_end = first.start, second.end
        taken.add((first.start, first.end))
        taken.add((second.start, second.end))


def _quotes_before(v: Token, source: Span, quotes: list[Quote]) -> bool:
    """ "“C,” X told Y, after ...": the parse ties a quotation that ends right before
    the source and the cue to the cue; that quotation is the content."""
    start = min(v.i, source.start)
    return any(
        c.dep_ in ("ccomp", "parataxis")
        and c.i < start
        and any(q.start <= c.idx < q.end and q.close_mark < v.doc[start].idx for q in quotes)
        for c in v.lefts
    )


def _from_furniture(frame: Frame, layout: Layout) -> bool:
    """A source in a heading or caption line: "Subhead\nX said" glued by the parser."""
    return frame.source is not None and layout.furniture(frame.source.start_char)


def _has_subject(token: Token) -> bool:
    """A clause with a subject before its verb (the parser may hang it on an auxiliary)."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in token.subtree if t.i < token.i
    )


def _unmarked_clause(token: Token) -> bool:
    """ "said after the debate she would not run": a reported clause the parser
    took for an adverbial one (it has a subject and no "if", "when", "because")."""
    return (
        token.dep_ == "advcl"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        and not any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT") for c in token.children)
    )


def _clause_start(token: Token) -> int:
    """Where a complement begins; an unmarked clause begins at its subject, leaving
    out what the parser hung on it before ("said [after the match] he would")."""
    if _unmarked_clause(token):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subjects[0].left_edge.i
    return token.left_edge.i


def _in_paragraph(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The end of `span` that lies in the paragraph where it ends (a sentence the
    parser ran over a paragraph break keeps only its part next to the cue)."""
    start, end = span
    start = max(start, text.rfind("\n", start, end) + 1)
    return (start, end) if end - start > 1 else None


def _reports_a_clause_before(v: Token, group_start: int) -> bool:
    """ "C, X said": the parse links the cue to a clause before it, not just to an
    opening adverbial ("Last month, the agency warned of C")."""
    if any(c.dep_ in CLAUSE_LINKS and c.i < group_start for c in v.lefts):
        return True
    # or the cue hangs (through an apposition, say) on a word of the content before it
    return any(a.i < group_start for a in v.ancestors)


def _quote_ending_before(text: str, offset: int, quotes: list[Quote]) -> Quote | None:
    """The quotation closing just before `offset` (only commas or dashes between). The
    quotations are in text order and do not overlap, so only the last one closing before
    `offset` can be it: the marks of any later one would stand between."""
    last = bisect_left(quotes, offset, key=lambda quote: quote.close_mark) - 1
    if last < 0 or text[quotes[last].close_mark + 1 : offset].strip(" ,—–"):
        return None
    return quotes[last]


def _inside(quote: Quote | None) -> tuple[int, int] | None:
    """The words inside a quotation's marks, as a content range."""
    return (quote.start, quote.end) if quote is not None else None


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Characters of tokens [start, end)."""
    last = doc[end - 1]
    return (doc[start].idx, last.idx + len(last))


# "KYIV, Ukraine (AP) — ", "SEOUL, Jan 13 (Reuters) - ", "WASHINGTON — " opening a paragraph
DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{2,}(?:,[ A-Za-z0-9.]{2,30})?\s*(?:\([^()\n]{1,40}\))?\s*[—–―-]{1,2}\s+"
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a dateline, a leading "that" and surrounding punctuation/space (quote marks stay)."""
    if start == 0 or text[start - 1] == "\n":
        dateline = DATELINE.match(text, start, end)
        if dateline:
            start = dateline.end()
    changed = True
    while changed and start < end:
        changed = False
        head = text[start:end].lstrip()
        start = end - len(head)
        for lead in STRIP_LEAD:
            if head.lower().startswith(lead) and (
                not lead.isalpha()
                or (
                    len(head) > len(lead)
                    and not head[len(lead)].isalnum()
                    and head[len(lead)] not in "'’"
                )
            ):
                start += len(lead)
                changed = True
                break
    newline = text.find("\n", start, end)
    if newline > start:
        end = newline
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-(."):
        end -= 1
    return start, end


def _kind(text: str, start: int, end: int, quotes: list[Quote]) -> tuple[str, int, int]:
    """direct / mixed / indirect, with the content narrowed to a direct quote's words.

    Content that is one whole quotation (give or take its marks and a final
    period) is direct; content inside a longer quotation is a nested, indirect
    record; content holding quote marks is mixed.
    """
    for quote in quotes:
        # content opening with the quotation and not running past it is the quotation,
        # even when the parse cut it at a sentence or paragraph inside it
        if quote.open_mark - 1 <= start <= quote.start + 1 and end <= quote.close_mark + 3:
            return "direct", quote.start, quote.end
    if has_quote_mark(text[start:end]):
        return "mixed", start, end
    return "indirect", start, end


def _speaker_of(records: list[Attribution], speakers: list, offset: int):
    """The entity quoted at `offset`: "we" inside Ryder's quote is Ryder's side."""
    for record, speaker in zip(reversed(records), reversed(speakers), strict=True):
        if _overlaps(record, offset, offset + 1):
            return speaker
    return None


def _overlaps(record: Attribution, start: int, end: int) -> bool:
    return (
        record.content_start is not None
        and record.content_end is not None
        and record.content_start < end
        and start < record.content_end
    )


def _within_nesting(records: list[Attribution]) -> list[Attribution]:
    """The records with at most `MAX_NESTING` others above them (their parents set again
    over the list that is left). Reports nest a claim two or three deep; a chain of
    "X said that Y said that..." would otherwise give each speaker a content and a
    relay chain holding all the speakers after and before it."""
    kept = [r for i, r in enumerate(records) if _depth(records, i) <= MAX_NESTING]
    if len(kept) < len(records):
        _set_parents(kept)
    return kept


def _depth(records: list[Attribution], index: int) -> int:
    """How many records stand above `records[index]`, counted up to MAX_NESTING + 1."""
    seen, depth = {index}, 0
    parent = records[index].parent
    while parent is not None and parent not in seen and depth <= MAX_NESTING:
        seen.add(parent)
        depth += 1
        parent = records[parent].parent
    return depth


def _set_parents(records: list[Attribution]) -> None:
    """Nested attributions: the innermost other record whose content holds the cue (of
    equally wide ones, the first). One sweep in text order: the contents open at a cue
    are the only candidates, so the work grows with the depth of nesting, not with the
    number of records."""
    contents = sorted(
        (r.content_start, r.content_end, j)
        for j, r in enumerate(records)
        if r.content_start is not None and r.content_end is not None
    )
    cues = sorted((r.cue_start, i) for i, r in enumerate(records) if r.cue_start is not None)
    open_contents: list[tuple[int, int, int]] = []  # a heap of (end, start, index)
    opened = 0
    for record in records:
        record.parent = None
    for cue_start, i in cues:
        while opened < len(contents) and contents[opened][0] <= cue_start:
            start, end, j = contents[opened]
            heapq.heappush(open_contents, (end, start, j))
            opened += 1
        while open_contents and open_contents[0][0] < cue_start:
            heapq.heappop(open_contents)  # ended before this cue, and before every later one
        cue_end = records[i].cue_end
        holding = [
            (end - start, j)
            for end, start, j in open_contents
            if j != i and cue_end is not None and cue_end <= end
        ]
        records[i].parent = min(holding)[1] if holding else None
