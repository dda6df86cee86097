"""Relay chains: the path of each claim, from who said it first to the wire that carried it.

`add_relay_chains(doc, records)` (run at the end of the attribution component)
gives each attribution its `chain` of `RelayLink`s, claimant first:

- the claimant: the attribution's own source, unless a relay cue in its sentence
  names an earlier one ("Lee said, citing the agency's briefing": the agency is
  the claimant and Lee a relay);
- relays: the sources of the attributions whose content holds this one
  ("lawmaker Lee told reporters the NIS had found ..." -> NIS, then Lee), with
  the role `wire` when that source is a news agency ("..., Yonhap reported");
- the wires the article credits as a whole: a dateline ("SEOUL (Reuters) -"),
  an agency in brackets ("(AFP)"), "via Yonhap", a credit line ("Source: Voice
  of America").

The outlet that published the article is not in the text: the store appends it
from the article's metadata. `article_identity(text, outlet)` gives the outlet,
the credited wires and the dateline place for the store and the command line.
Wire names, relay cues and credit labels are data: `lexicons/relays.jsonl`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from reportedly.extract.lexicon import bundled_lexicon
from reportedly.model import Attribution, Entity, RelayLink

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

RELAY_WINDOW = 60  # characters after a relay cue where its claimant is looked for
DATELINE_SPAN = 300  # characters at the start of the text where a dateline may stand
PLACE_TYPES = ("country", "group", "place")
_LEADING_THE = re.compile(r"^(the)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class RelayWords:
    """The `relays` lexicon, by use: wire forms -> canonical name, relay cues, credit labels."""

    wires: dict[str, str]
    relay_cues: tuple[str, ...]
    credit_labels: tuple[str, ...]
    org_nouns: frozenset[str]

    def wire_name(self, name: str | None) -> str | None:
        """The canonical wire service `name` refers to ("the Associated Press", "AFP"), or None."""
        if not name:
            return None
        cleaned = _LEADING_THE.sub("", name.strip())
        return self.wires.get(cleaned) or self.wires.get(cleaned.lower())


@cache
def relay_words() -> RelayWords:
    entries = [e for e in bundled_lexicon("relays") if "type" in e]
    wires: dict[str, str] = {}
    for entry in entries:
        if entry["type"] == "wire":
            for form in entry["forms"]:
                wires[form] = entry["name"]
                if not form.isupper():  # acronyms match only as written ("AP", not "ap")
                    wires[form.lower()] = entry["name"]
    org_nouns = frozenset(
        e["word"] for e in bundled_lexicon("entity_words") if e.get("type") == "org_noun"
    )
    return RelayWords(
        wires=wires,
        relay_cues=tuple(e["words"] for e in entries if e["type"] == "relay_cue"),
        credit_labels=tuple(e["words"] for e in entries if e["type"] == "credit_label"),
        org_nouns=org_nouns,
    )


@dataclass
class ArticleIdentity:
    """Who published an article and which wires it credits (dateline, credit line, "via X")."""

    outlet: str | None = None
    wires: list[RelayLink] = field(default_factory=list)
    dateline: str | None = None  # the place of a dateline: "SEOUL"


def _wire_pattern(words: RelayWords) -> str:
    forms = sorted((f for f in words.wires if not f.islower()), key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


def article_identity(text: str, outlet: str | None = None) -> ArticleIdentity:
    """The outlet (from metadata) and the wires an article's text credits, in text order."""
    words = relay_words()
    wire = _wire_pattern(words)
    identity = ArticleIdentity(outlet=outlet)
    found: list[tuple[int, int, str]] = []
    dateline = re.search(
        rf"^\s*(?:([A-Z][A-Z .,'’-]*[A-Z])\s*)?\((?P<wire>{wire})\)\s*[-—–:]", text[:DATELINE_SPAN]
    )
    if dateline:
        identity.dateline = dateline.group(1)
        found.append((dateline.start("wire"), dateline.end("wire"), dateline.group("wire")))
    for match in re.finditer(rf"\((?P<wire>{wire})\)|\bvia (?:the )?(?P<via>{wire})\b", text):
        group = "wire" if match.group("wire") else "via"
        found.append((match.start(group), match.end(group), match.group(group)))
    labels = "|".join(re.escape(label) for label in words.credit_labels)
    credit = rf"^[ \t]*(?:{labels})[ \t]*:[ \t]*(?P<name>[^\n]{{2,80}}?)[ \t.]*$"
    for match in re.finditer(credit, text, flags=re.IGNORECASE | re.MULTILINE):
        found.append((match.start("name"), match.end("name"), match.group("name")))
    for match in re.finditer(rf"^[ \t]*[-—–][ \t]*(?P<wire>{wire})[ \t.]*$", text, re.MULTILINE):
        found.append((match.start("wire"), match.end("wire"), match.group("wire")))
    seen: set[str] = set()
    for start, end, name in sorted(found):
        canonical = words.wire_name(name) or name.strip()
        if canonical not in seen:
            seen.add(canonical)
            identity.wires.append(
                RelayLink(name=name, role="wire", entity=canonical, start=start, end=end)
            )
    return identity


class ChainBuilder:
    """Builds the chains of one article's attributions."""

    def __init__(self, doc: Doc, records: list[Attribution], text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.records = records
        self.words = relay_words()
        self.entities: list[Entity] = list(doc._.entities or [])
        self.types = {e.name: e.type for e in self.entities}
        self.article_wires = article_identity(self.text).wires
        self._sentences: dict[int, tuple[int, list[tuple[int, int]]]] = {}  # see _relay_cues

    def chain(self, index: int) -> list[RelayLink]:
        record = self.records[index]
        links: list[RelayLink] = []
        earlier = self._relayed_claimant(record)
        if earlier is not None:
            links.append(earlier)
        own = self._source_link(record, "relay" if earlier else "claimant")
        if own is not None:
            links.append(own)
        seen = {index}
        parent = record.parent
        while parent is not None and parent not in seen and 0 <= parent < len(self.records):
            seen.add(parent)
            link = self._source_link(self.records[parent], "relay")
            if link is not None:
                links.append(link)
            parent = self.records[parent].parent
        links.extend(
            RelayLink(w.name, w.role, w.entity, w.start, w.end) for w in self.article_wires
        )
        return _without_repeats(links)

    def _source_link(self, record: Attribution, role: str) -> RelayLink | None:
        if not record.source:
            return None
        wire = self.words.wire_name(record.source_entity) or self.words.wire_name(record.source)
        if wire is not None and role == "relay":
            return RelayLink(record.source, "wire", wire, record.source_start, record.source_end)
        return RelayLink(
            record.source, role, record.source_entity, record.source_start, record.source_end
        )

    def _relayed_claimant(self, record: Attribution) -> RelayLink | None:
        """ "X said, citing Y" / "X told reporters after a briefing by Y": Y, the claimant."""
        if record.cue_start is None:
            return None
        span = self.doc.char_span(record.cue_start, record.cue_end, alignment_mode="expand")
        if span is None:
            return None
        sent = span[0].sent
        relay_clause, cues = self._relay_cues(sent)
        for at, match_start in cues:
            inside = record.content_start is not None and (
                record.content_start <= at < (record.content_end or 0)
            )
            if match_start >= relay_clause:
                inside = False  # "300 were killed, citing a briefing by Y": the speaker's
            if not inside:
                link = self._claimant_after(at, min(at + RELAY_WINDOW, sent.end_char))
                if link is not None:
                    return link
        return None

    def _relay_cues(self, sent: Span) -> tuple[int, list[tuple[int, int]]]:
        """Where a relay clause set off by a comma starts in the sentence ("..., citing"),
        else past its end: such a clause tells where the speaker had it from; and the
        relay cues of the sentence, by lexicon order then text order: (the offset in the
        text after the cue, the offset of the cue in the sentence). Found once a sentence."""
        known = self._sentences.get(sent.start_char)
        if known is not None:
            return known
        lower = self.text[sent.start_char : sent.end_char].lower()
        clauses = [
            match.start()
            for cue in self.words.relay_cues
            for match in re.finditer(rf",\s*{re.escape(cue)}\b", lower)
        ]
        cues = [
            (sent.start_char + match.end(), match.start())
            for cue in self.words.relay_cues
            for match in re.finditer(rf"\b{re.escape(cue)}\b", lower)
        ]
        self._sentences[sent.start_char] = min(clauses, default=len(lower) + 1), cues
        return self._sentences[sent.start_char]

    def _claimant_after(self, start: int, end: int) -> RelayLink | None:
        """The entity a relay cue introduces: a named one, else "the agency" resolved back."""
        words = self.doc.char_span(start, end, alignment_mode="contract")
        if words is None or not len(words):
            return None
        phrase = words
        for token in words:
            stop = token.pos_ in ("VERB", "ADP", "SCONJ") and token.i > words.start
            if token.is_punct or stop:
                phrase = self.doc[words.start : token.i]
                break
        if not len(phrase):
            return None
        named = [
            (s, e, ent)
            for ent in self.entities
            for s, e in ent.mentions
            if s < phrase.end_char and phrase.start_char < e
        ]
        named.sort(key=lambda m: (m[2].type in PLACE_TYPES, m[0]))
        if named and named[0][2].type not in PLACE_TYPES:
            s, e, ent = named[0]
            return RelayLink(self.text[s:e], "claimant", ent.name, s, e)
        nouns = [t for t in phrase if t.lower_ in self.words.org_nouns]
        if not nouns:
            return None
        before = sorted(
            (
                (s, ent)
                for ent in self.entities
                for s, e in ent.mentions
                if e <= phrase.start_char and ent.type not in ("person", *PLACE_TYPES)
            ),
            key=lambda pair: pair[0],
        )
        entity = before[-1][1].name if before else None
        name_span = self.doc[phrase.start : nouns[0].i + 1]
        return RelayLink(
            name_span.text, "claimant", entity, name_span.start_char, name_span.end_char
        )


def _without_repeats(links: list[RelayLink]) -> list[RelayLink]:
    """The chain with a link dropped when it names the same entity as the one before it."""
    out: list[RelayLink] = []
    for link in links:
        key = link.entity or link.name
        if out and (out[-1].entity or out[-1].name) == key:
            continue
        if link.role == "wire" and any((o.entity or o.name) == key for o in out):
            continue
        out.append(link)
    return out


def add_relay_chains(doc: Doc, records: list[Attribution], text: str | None = None) -> None:
    """Set each attribution's `chain` (claimant first), from its parents and the article's
    wires; `text` is `doc.text` when the caller has it already."""
    builder = ChainBuilder(doc, records, text)
    for index, record in enumerate(records):
        record.chain = builder.chain(index)
