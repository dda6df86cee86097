"""Figures: counts as intervals with qualifier, category, subject, claimant and date.

`FigureComponent` reads every number expression of a parsed Doc (`numbers`),
keeps those that count people, or weapons and objects the article is about, and
writes `doc._.figures` as `reportedly.model.Figure` records:

1. *Is it a count?* The number's head noun decides (its `nummod` head, or the
   noun after "of": "20 of his relatives", "hundreds of people"). A person or
   weapon noun (lexicon `counted_nouns`) is counted; an object noun when the
   article keeps returning to it; a measure (`measure_units`: minutes, years,
   kilometres, percent, pages...) never is, nor a DATE, TIME, MONEY, PERCENT,
   QUANTITY or ORDINAL entity, a ratio ("4 in 10"), a fraction or a re-mention
   ("the two soldiers"). A number with no noun ("injured over one hundred") or
   an unknown one counts when the words around give it a category.
2. *Category* from the words around (lexicon `figure_categories`): the counted
   noun ("casualties", "refugees"), the participle after it ("30 dead",
   "children killed or injured"), the verb it is the subject or object of
   ("have died", "sustained injuries", "were reported killed", "had to flee"),
   then its modifiers, then the noun's default (troops are deployed).
3. *Subject*: the counted noun phrase; "others", "more", "those" are read as
   the subject of the count before them.
4. *Claimant and date*: the innermost attribution whose content holds the
   figure gives `source_entity`; its cue's date words give `stated_on`
   (`dates.resolve_date`). A figure in the article's own voice is stated on the
   publication date. `period` is the span the count covers, as written.
5. *Breakdowns*: "4,700 casualties including 600 deaths", "10,000 of those"
   set `part_of` to the index of the larger figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from reportedly.extract import dates
from reportedly.extract.component import LexiconComponent
from reportedly.extract.events import ArticleEvents, EventFinder
from reportedly.extract.numbers import NumberParser, Quantity
from reportedly.extract.quotes import Quote, find_quotes
from reportedly.extract.sources import figure_claimant
from reportedly.model import Attribution, Figure

EXCLUDED_ENTITIES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
ANAPHORS = {
    "others",
    "other",
    "more",
    "those",
    "them",
    "these",
    "ones",
    "whom",
    "which",
    "additional",
}
REMENTION = {"the", "these", "those"}
CURRENCY = set("$£€¥₹₽₴")
NOUN_POS = {"NOUN", "PROPN", "PRON"}
PREDICATE_POS = {"VERB", "AUX", "ADJ"}
ARGUMENT_DEPS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "attr",
    "oprd",
    "dative",
    "npadvmod",
    "appos",
    "conj",
}
COUNT_PREPOSITIONS = {
    "as", "to", "at", "of", "including", "among", "with", "by", "past", "over", "above", "from",
}  # fmt: skip
STATE_PREPOSITIONS = {"as", "among"}  # "listed as missing", "among the dead and wounded"
OF_MODIFIERS = {"det", "poss", "case", "amod", "nummod", "compound", "quantmod", "advmod", "punct"}
PART_PREPOSITIONS = {"including", "among"}
MODIFIER_DEPS = {"amod", "acl", "relcl"}
CATEGORY_RANK = (
    "casualties", "killed", "injured", "captured", "missing",
    "detained", "displaced", "deployed", "other",
)  # fmt: skip
WEAK = "weak:"  # marks a category word used only when no other gives one ("shot")
TAKEN_DEPS = {"dobj", "prt", "oprd", "acomp", "prep", "pobj"}  # words a verb's meaning takes
WINDOW = 6  # tokens after a count searched for category words when the parse gives none
OBJECT_MIN_MENTIONS = 3  # an object count is a figure when the article names the noun this often


@dataclass
class _Candidate:
    """A number expression with what the parse says about it."""

    quantity: Quantity
    span: Span
    noun: Token | None
    via_of: bool
    anaphoric: bool
    kind: str | None = None  # person, weapon, object, or None when unknown
    category: str = "other"
    core: bool = False  # the category came from a word the count is an argument of
    subject: str | None = None
    subject_span: tuple[int, int] | None = None
    extra: dict = field(default_factory=dict)


class FigureComponent(LexiconComponent):
    """Writes `doc._.figures` (needs the parser, NER and `doc._.attributions`)."""

    EXTENSION = "figures"
    LEXICONS = (
        "qualifiers",
        "vague_quantities",
        "number_words",
        "figure_categories",
        "counted_nouns",
        "measure_units",
        "event_kinds",
    )

    def compile(self) -> None:
        self.parser = NumberParser(
            self.lexicons["qualifiers"],
            self.lexicons["vague_quantities"],
            self.lexicons["number_words"],
        )
        self.cues: dict[str, dict[str, str]] = {"noun": {}, "verb": {}, "adj": {}}
        self.pairs: dict[
            tuple[str, str], str
        ] = {}  # ("lose", "job"): the verb with a word it takes
        for entry in self.lexicons["figure_categories"]:
            if "lemma" not in entry:
                continue
            category = WEAK + entry["category"] if entry.get("weak") else entry["category"]
            if "with" in entry:
                self.pairs[entry["lemma"], entry["with"]] = category
            else:
                self.cues[entry["pos"]][entry["lemma"]] = category
        self.nouns = {
            e["lemma"]: (e["kind"], e.get("default"))
            for e in self.lexicons["counted_nouns"]
            if "lemma" in e
        }
        units = [e for e in self.lexicons["measure_units"] if "lemma" in e]
        self.units = {e["lemma"] for e in units}
        self.labels = {e["lemma"] for e in units if e.get("label")}
        self.events = EventFinder(self.lexicons["event_kinds"])

    # -- finding figures -----------------------------------------------------
    def find(self, doc: Doc) -> list[Figure]:
        text = doc.text  # Doc.text is rebuilt on every access
        quantities = self._without_ratios(text, self.parser.find(text))
        mentions = Counter(t.lemma_.lower() for t in doc if t.pos_ == "NOUN")
        accepted: list[_Candidate] = []
        said: set[tuple] = set()  # the values stated so far
        for quantity in quantities:
            cand = self._candidate(doc, text, quantity, said)
            said.add((quantity.low, quantity.high))
            if cand is None:
                continue
            self._classify(cand, accepted, mentions)
            if self._is_figure(cand, mentions):
                accepted.append(cand)
        attributions = list(doc._.attributions or [])
        if not accepted:
            return []
        quotes = find_quotes(text)
        article = self.events.article(doc)
        figures = [self._record(doc, c, attributions, quotes, article) for c in accepted]
        self._link_parts(accepted, figures)
        return figures

    @staticmethod
    def _without_ratios(text: str, quantities: list[Quantity]) -> list[Quantity]:
        """Drop proportions: "4 in 10", "one in five" (both numbers)."""
        drop: set[int] = set()
        for i in range(len(quantities) - 1):
            gap = text[quantities[i].end : quantities[i + 1].start].strip().lower()
            if gap == "in":
                drop.update((i, i + 1))
        return [q for i, q in enumerate(quantities) if i not in drop]

    def _candidate(self, doc: Doc, text: str, q: Quantity, said: set[tuple]) -> _Candidate | None:
        span = doc.char_span(q.number_start, q.number_end, alignment_mode="expand")
        if span is None or len(span) == 0 or self._excluded(doc, text, q, span, said):
            return None
        root = span.root
        noun, via_of = None, False
        if (
            root.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod")
            and root.head.pos_ in NOUN_POS
        ) and (root.head.i >= span.end or root.head.i < span.start):
            noun = root.head
        if noun is None:
            noun = _of_object(span)
            via_of = noun is not None
        anaphoric = False
        if noun is not None and noun.lower_ in ANAPHORS:
            anaphoric = True
        elif noun is None:
            anaphoric = any(
                t.lower_ in ANAPHORS and t.i >= span.end and t.i <= span.end + 1
                for t in doc[span.end : min(len(doc), span.end + 2)]
            )
        if noun is not None and self._lemma(noun) in self.units:
            return None
        return _Candidate(q, span, noun, via_of, anaphoric)

    def _excluded(self, doc: Doc, text: str, q: Quantity, span: Span, said: set[tuple]) -> bool:
        """Numbers that are not counts: measures, dates, money, labels, re-mentions
        ("the two soldiers" after two soldiers were counted), "one of the"."""
        if any(t.ent_type_ in EXCLUDED_ENTITIES for t in span):
            return True
        if any(isinstance(v, float) for v in (q.low, q.high)):
            return True  # a decimal without a scale word is a measure
        before = q.start - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        if before >= 0 and text[before] in CURRENCY:
            return True
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.text in ("-", "–") and span.end + 1 < len(doc):
            after = doc[span.end + 1]
        if after is not None and (self._lemma(after) in self.units or after.lower_ in self.units):
            return True
        prev = doc[span.start - 1] if span.start > 0 else None
        if (
            q.start == q.number_start
            and prev is not None
            and (
                (prev.lower_ in REMENTION and (q.low, q.high) in said)
                or self._lemma(prev) in self.labels
                or prev.lower_ in self.labels
            )
        ):
            return True
        if span[0].lower_ == "one" and after is not None:
            following = doc[span.end + 1] if span.end + 1 < len(doc) else None
            return after.lower_ in ("such", "another") or (
                after.lower_ == "of" and following is not None and following.lower_ == "the"
            )  # "one of the victims" names one person, it does not count them
        return False

    # -- what is counted and how -----------------------------------------------
    def _classify(self, cand: _Candidate, accepted: list[_Candidate], mentions: Counter) -> None:
        noun = cand.noun
        if cand.anaphoric:
            antecedent = _conjunct_head(noun) if noun is not None else None
            if antecedent is not None:
                cand.kind = self._kind(antecedent)
                cand.subject, cand.subject_span = _phrase(antecedent, cand.span)
            else:
                previous = self._antecedent(cand, accepted)
                if previous is not None:
                    cand.kind, cand.subject = previous.kind, previous.subject
                    cand.extra["antecedent"] = previous
                else:
                    person = self._person_before(cand.span)
                    if person is not None:
                        cand.kind = "person"
                        cand.subject, cand.subject_span = _phrase(person, cand.span)
                        cand.extra["antecedent_noun"] = person
        elif noun is not None:
            cand.kind = self._kind(noun) or ("person" if noun.ent_type_ == "NORP" else None)
            if cand.kind is None and cand.via_of and self._cue(noun):
                cand.kind = "person"  # "several of the injured", "dozens of the dead"
            cand.subject, cand.subject_span = _phrase(noun, cand.span)
        else:
            counted = self._totalled(cand.span)
            if counted is not None:  # "the number of infections rose to 130,000"
                cand.noun, cand.via_of = counted, True
                cand.kind = self._kind(counted) or "person"
                cand.subject, cand.subject_span = _phrase(counted, cand.span)
        if cand.kind in ("weapon", "object", "tally"):
            cand.category, cand.core = "other", True
            return
        cand.category, cand.core = self._category(cand)
        if cand.category == "other":
            default = self._default(cand)
            if default:
                cand.category = default

    def _is_figure(self, cand: _Candidate, mentions: Counter) -> bool:
        if cand.kind in ("person", "weapon", "tally"):
            return True
        if cand.kind == "object":
            return mentions[self._lemma(cand.noun)] >= OBJECT_MIN_MENTIONS if cand.noun else False
        if cand.noun is not None and not cand.anaphoric:
            return False  # an unknown noun: "several aftershocks", "two districts"
        return cand.category != "other" and cand.core

    def _totalled(self, span: Span) -> Token | None:
        """What a bare number counts when the clause names a total of it: "the number
        of patients in hospital increased to 2,100", "brought total deaths to 40"."""
        governor, _ = _governor(span.root)
        if governor is None:
            return None
        for child in governor.children:
            if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or child in span:
                continue
            words = _head_words(child)
            if self._kind(child) == "total":
                counted = [w for w in words[1:] if w.dep_ == "pobj" and w.pos_ in NOUN_POS]
                if counted and self._kind(counted[0]) in ("person", "tally"):
                    return counted[0]
            elif self._kind(child) == "tally" or (
                self._kind(child) == "person"
                and any(self._kind(w) == "total" for w in child.children)
            ):
                return child  # "infections have topped 40,000", "brought total deaths to 40"
        return None

    def _kind(self, noun: Token) -> str | None:
        entry = self._noun_entry(noun)
        return entry[0] if entry else None

    def _default(self, cand: _Candidate) -> str | None:
        antecedent = cand.extra.get("antecedent")
        if antecedent is not None:
            return antecedent.category if antecedent.category != "other" else None
        noun = cand.extra.get("antecedent_noun") or cand.noun
        if noun is None:
            return None
        entry = self._noun_entry(_conjunct_head(noun) or noun)
        return entry[1] if entry else None

    def _noun_entry(self, noun: Token) -> tuple[str, str | None] | None:
        lemma = self._lemma(noun)
        prev = noun.doc[noun.i - 1] if noun.i > 0 else None
        if prev is not None:
            pair = f"{self._lemma(prev)} {lemma}"
            if pair in self.nouns:
                return self.nouns[pair]
        return self.nouns.get(lemma) or self.nouns.get(noun.lower_)

    def _antecedent(self, cand: _Candidate, accepted: list[_Candidate]) -> _Candidate | None:
        """The count before an anaphoric one ("2,700 others"), same or previous sentence."""
        sent = cand.span.sent
        for previous in reversed(accepted):
            if previous.span.sent == sent or previous.span.sent.end == sent.start:
                if not previous.anaphoric or previous.subject:
                    return previous
            else:
                break
        return None

    def _person_before(self, span: Span) -> Token | None:
        """The nearest person noun before `span`, in its sentence or the one before."""
        sent = span.sent
        start = sent.start
        if start > 0:
            start = span.doc[start - 1].sent.start
        for token in reversed(span.doc[start : span.start]):
            if (
                token.pos_ == "NOUN"
                and self._kind(token) == "person"
                and token.lower_ not in ANAPHORS
            ):
                return token
        return None

    @staticmethod
    def _lemma(token: Token) -> str:
        return token.lemma_.lower()

    def _cue(self, token: Token) -> str | None:
        lemma = self._lemma(token)
        if token.pos_ in ("VERB", "AUX"):
            return (
                self._paired(token, lemma)
                or self.cues["verb"].get(lemma)
                or self.cues["adj"].get(token.lower_)
            )
        if token.pos_ == "ADJ":
            return (
                self.cues["adj"].get(token.lower_)
                or self.cues["adj"].get(lemma)
                or self.cues["verb"].get(lemma)
            )
        if token.pos_ in ("NOUN", "PROPN"):
            return self.cues["noun"].get(lemma) or self.cues["noun"].get(token.lower_)
        return None

    def _paired(self, verb: Token, lemma: str) -> str | None:
        """The verb with a word it takes: "lost their lives", "forced from their homes"."""
        if not self.pairs:
            return None
        for child in verb.children:
            if child.dep_ not in TAKEN_DEPS:
                continue
            for word in (child, *(g for g in child.children if g.dep_ == "pobj")):
                found = self.pairs.get((lemma, self._lemma(word)))
                if found:
                    return found
        return None

    def _category(self, cand: _Candidate) -> tuple[str, bool]:
        """The category from the words around, and whether they govern the count."""
        noun, root = cand.noun, cand.span.root
        anchor = noun if noun is not None and not cand.via_of else root
        if noun is not None:  # the counted noun: "casualties", "civilian deaths", "refugees"
            found = [
                self._cue(t) for t in (noun, *(c for c in noun.children if c.dep_ == "compound"))
            ]
            if any(found):
                return _combine(found), True
        for token in (
            (noun, root) if noun is not None else (root,)
        ):  # "34,000 injured", "children dead"
            found = self._adjacent_cues(token, cand.span, modifying=token is noun)
            if found:
                return _combine(found), True
        governor, core = _governor(anchor)
        if governor is not None:
            found = self._predicate_cues(governor, anchor, cand.span)
            if found:
                return _combine(found), core
        for token in (noun, root):  # modifiers: "drones launched", "more that are due to arrive"
            if token is None:
                continue
            found = [
                self._cue(t)
                for c in token.children
                if c.dep_ in MODIFIER_DEPS and c not in cand.span
                for t in c.subtree
                if t.pos_ in PREDICATE_POS
            ]
            if any(found):
                return _combine(found), True
        found = self._window_cues(cand.span)  # a parse gone astray: the clause's next words
        if found:
            return _combine(found), False
        return "other", False

    def _window_cues(self, span: Span) -> list[str | None]:
        """Category words in the rest of the count's clause, up to the next punctuation."""
        doc = span.doc
        found = []
        for token in doc[span.end : min(len(doc), span.end + WINDOW)]:
            if token.is_punct or token.sent != span.sent:
                break
            found.append(self._cue(token))
        return [f for f in found if f]

    def _adjacent_cues(self, token: Token, span: Span, modifying: bool) -> list[str | None]:
        """A participle or adjective right after the count: "30 dead", "killed or injured"."""
        doc = token.doc
        i = max(token.i, span.end - 1) + 1
        if i < len(doc) and doc[i].lower_ in ANAPHORS:
            i += 1
        if modifying and i < len(doc) and doc[i].head != token:
            return []
        found = []
        while (
            i < len(doc) and doc[i].pos_ in ("VERB", "ADJ") and doc[i].tag_ in ("VBN", "JJ", "VBD")
        ):
            cue = self._cue(doc[i])
            if cue is None:
                break
            found.append(cue)
            if i + 2 < len(doc) and doc[i + 1].lower_ in ("or", "and"):
                i += 2
            else:
                break
        return found

    def _predicate_cues(self, pred: Token, own: Token, span: Span) -> list[str | None]:
        """The predicate's own word and the words it takes: "sustained injuries", "had to flee"."""
        preds = [pred]
        if pred.pos_ == "ADJ" and pred.head.pos_ in ("VERB", "AUX") and pred.head is not pred:
            preds.append(pred.head)  # "the toll could be as high as 2,500"
        preds.extend(
            c for c in pred.children if c.dep_ == "xcomp" and c.lemma_ == "be"
        )  # "were believed to be among the dead"
        found: list[str | None] = []
        own_is_subject = own.dep_ in ("nsubj", "nsubjpass")
        if own.dep_ == "dobj" and pred.dep_ == "conj" and not _has_argument(pred.head, "dobj"):
            found.append(self._cue(pred.head))  # "killed or wounded 85 soldiers"
        for p in preds:
            found.append(self._cue(p))
            for child in p.children:
                if child == own or child in span:
                    continue
                if child.dep_ in ("xcomp", "oprd", "acomp") and child.pos_ in PREDICATE_POS:
                    found.append(self._cue(child))
                    found.extend(
                        self._cue(g) for g in child.children if g.dep_ in ("xcomp", "oprd")
                    )
                elif child.dep_ == "dobj" and own_is_subject:
                    found.append(self._cue(child))
                elif (
                    child.dep_ == "dobj" and own.dep_ == "pobj" and own.head.lower_ in ("at", "to")
                ):
                    found.extend(
                        self._cue(t) for t in _head_words(child)
                    )  # "put the death toll at 40", "estimated the number of dead at 61"
                elif child.dep_ in ("nsubj", "nsubjpass") and not own_is_subject:
                    found.extend(
                        self._cue(t) for t in _head_words(child)
                    )  # "the death toll", "the number of dead"
                elif child.dep_ == "conj" and child.pos_ == "VERB" and not _has_argument(child):
                    found.append(self._cue(child))  # "killed or wounded"
                elif child.dep_ == "prep" and child.lower_ in STATE_PREPOSITIONS:
                    found.extend(
                        self._cue(t) for t in child.subtree if t is not child
                    )  # "listed as missing", "among the dead and wounded"
        return [f for f in found if f]

    # -- records -----------------------------------------------------------------
    def _record(
        self,
        doc: Doc,
        cand: _Candidate,
        attributions: list[Attribution],
        quotes: list[Quote],
        article: ArticleEvents,
    ) -> Figure:
        q = cand.quantity
        index, claimant = figure_claimant(attributions, q.start, q.end, quotes)
        attribution = attributions[index] if index is not None else None
        stated, recalled = self._stated_on(doc, attribution)
        governor = _governor(cand.noun or cand.span.root)[0]
        own = [t for t in (governor, cand.noun, cand.span.root) if t is not None]
        above = list(governor.ancestors) if governor is not None else []
        period = dates.period_of(own, above, before=q.start)
        subject_start, subject_end = cand.subject_span or (None, None)
        sentence = cand.span.sent
        clause = doc[governor.left_edge.i : governor.right_edge.i + 1] if governor else sentence
        source = (
            (attribution.source_start, attribution.source_end)
            if attribution is not None and attribution.source_start is not None
            else ()
        )
        place = self.events.place(clause, sentence, q.start, source, article)
        return Figure(
            text=q.text,
            low=q.low,
            high=q.high,
            qualifier=q.qualifier,
            category=cand.category,
            subject=cand.subject,
            source_entity=claimant,
            start=q.start,
            end=q.end,
            point=q.point,
            subject_start=subject_start,
            subject_end=subject_end,
            attribution=index,
            stated_on=stated.iso if stated else None,
            stated_precision=stated.precision if stated else None,
            period=period.text if period is not None else None,
            recalled=recalled,
            place=place.name if place else None,
            place_start=place.start if place else None,
            place_end=place.end if place else None,
            place_from=place.evidence if place else None,
            event=self.events.kind(sentence, q.start, article),
        )

    @staticmethod
    def _stated_on(
        doc: Doc, attribution: Attribution | None
    ) -> tuple[dates.ClaimDate | None, bool]:
        """The claim's date, and whether the article recalls it from before."""
        published = doc._.published
        if attribution is None:
            return (dates.ClaimDate(published, "day") if published else None), False
        if attribution.cue_start is None:
            return None, False
        cue = doc.char_span(
            attribution.cue_start,
            attribution.cue_end or attribution.cue_start + 1,
            alignment_mode="expand",
        )
        if cue is None:
            return None, False
        content = (
            (attribution.content_start, attribution.content_end)
            if attribution.content_start is not None
            else None
        )
        expression = dates.claim_date_expression(cue[0], content)
        recalled = dates.is_recall(cue.root)
        if expression is None:
            return None, recalled
        return dates.resolve_date(expression.text, published), recalled

    @staticmethod
    def _link_parts(cands: list[_Candidate], figures: list[Figure]) -> None:
        """ "4,700 casualties including 600 deaths", "10,000 of those": the breakdown's whole."""
        by_token = {}
        for i, c in enumerate(cands):
            for t in (c.noun, c.span.root):
                if t is not None:
                    by_token.setdefault(t.i, i)
        for i, c in enumerate(cands):
            anchor = c.noun if c.noun is not None and not c.via_of else c.span.root
            if (
                c.via_of
                and c.noun is not None
                and c.noun.lower_ in ("those", "them", "whom", "which")
            ):
                earlier = [
                    j for j in range(i) if cands[j].span.sent.start >= c.span.sent.start - 80
                ]
                if earlier:
                    figures[i].part_of = earlier[-1]
                continue
            node = anchor
            for _ in range(3):
                if node.dep_ == "pobj" and node.head.lower_ in PART_PREPOSITIONS:
                    whole = by_token.get(node.head.head.i)
                    if whole is not None and whole != i:
                        figures[i].part_of = whole
                    break
                node = node.head


def _combine(found: list[str | None]) -> str:
    """One category from several cues: killed and injured together are casualties;
    otherwise what happened to the people outranks where they were sent."""
    cats = {f for f in found if f and not f.startswith(WEAK)}
    if not cats:
        cats = {f.removeprefix(WEAK) for f in found if f}
    if {"killed", "injured"} <= cats:
        return "casualties"
    return min(cats, key=CATEGORY_RANK.index, default="other")


def _of_object(span: Span) -> Token | None:
    """The noun after "of" / "out of": "20 of his relatives", "28 out of 32 drones"."""
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].lower_ == "out":
        i += 1
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    for token in doc[i + 1 : min(len(doc), i + 7)]:
        if token.pos_ in NOUN_POS and token.dep_ not in ("poss", "compound"):
            return token
        if token.dep_ == "pobj" and token.pos_ in ("VERB", "ADJ"):
            return token  # a participle or adjective as a noun: "of the injured"
        if token.dep_ not in OF_MODIFIERS and token.pos_ not in ("NUM", "ADJ", "DET"):
            return None
    return None


def _conjunct_head(token: Token) -> Token | None:
    """ "his village and several others": the noun "others" is coordinated with."""
    if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    return None


def _governor(token: Token) -> tuple[Token | None, bool]:
    """The predicate a count is an argument of, and whether it holds it directly."""
    node, core = token, True
    for _ in range(6):
        head = node.head
        if head is node:
            return None, core
        dep = node.dep_
        if dep == "pobj":
            if head.lower_ not in COUNT_PREPOSITIONS:
                core = False
            node = head
            continue
        if dep in ("prep", "conj", "appos", "advmod", "quantmod", "nummod", "amod"):
            if head.pos_ in PREDICATE_POS and dep != "conj":
                return head, core
            node = head
            continue
        if dep in ARGUMENT_DEPS or dep in ("acomp", "xcomp"):
            if head.pos_ in PREDICATE_POS:
                return head, core
            node = head
            continue
        return (head, core) if head.pos_ in PREDICATE_POS else (None, core)
    return None, core


def _has_argument(verb: Token, *deps: str) -> bool:
    return any(c.dep_ in (deps or ("nsubj", "nsubjpass", "dobj")) for c in verb.children)


def _head_words(noun: Token) -> list[Token]:
    """A noun with its compounds and its "of" object: "death toll", "number of dead"."""
    words = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words.extend(g for g in prep.children if g.dep_ == "pobj")
    return words


def _phrase(noun: Token, number: Span) -> tuple[str, tuple[int, int]]:
    """The counted noun phrase: the noun and its left modifiers after the number."""
    doc = noun.doc
    start = noun.i
    for left in noun.lefts:
        if (
            left.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and left.i >= number.end
        ) or (left.dep_ in ("amod", "compound", "poss") and left.i < number.start):
            start = min(start, left.left_edge.i)
    start = max(start, number.end) if number.start < noun.i else start
    while start < noun.i and (doc[start].is_punct or doc[start].dep_ in ("det", "predet")):
        start += 1
    span = doc[start : noun.i + 1]
    return span.text, (span.start_char, span.end_char)
