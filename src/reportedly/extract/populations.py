"""Populations: who a figure counts, as a normalised key ("North Korean troops in
Kursk" -> "north korean soldiers"), and the span of a count (a total or a window).

The store computes both for each figure when it writes an article (they are
columns of `figures`, indexed), and the analysis reads them back; this module is
their one home. Pure Python: importing it loads no spaCy.

Population normalisation, without a parser: the subject is cut at its first
preposition or relative word, determiners and possessives are dropped, the head
noun (the last word) is lemmatised and mapped to its group (troops, soldiers,
servicemen -> soldier), and only capitalised modifiers (nationalities, groups,
places: "North Korean", "Chibok") are kept. A subject that names no population
("casualties", "deaths", "others", none at all) borrows one from the figure it
is a breakdown of, else from the figure before it in the article, else from the
article's most frequent population. A bare head ("soldiers") takes the
modifiers the article gives that head elsewhere ("North Korean soldiers").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

UNSPECIFIED = "unspecified"  # the population of a figure whose subject names none

# Head nouns of one group: the lemma on the left is read as the one on the right.
GROUPS: dict[str, str] = {
    "troop": "soldier",
    "serviceman": "soldier",
    "servicemember": "soldier",
    "serviceperson": "soldier",
    "fighter": "soldier",
    "combatant": "soldier",
    "personnel": "soldier",
    "military": "soldier",
    "people": "person",
    "individual": "person",
    "schoolgirl": "girl",
}
# Words naming what happened, not who: a subject made of them names no population.
CATEGORY_NOUNS: frozenset[str] = frozenset(
    [
        "casualty",
        "death",
        "fatality",
        "injury",
        "loss",
        "toll",
        "dead",
        "wounded",
        "injured",
        "killed",
        "missing",
        "captured",
        "other",
        "more",
        "those",
        "these",
        "them",
        "they",
        "one",
        "victim",
    ]
)
# Words that end the noun phrase: what follows describes where or which, not who.
_CUT = re.compile(r"\b(?:in|on|at|from|of|near|inside|across|who|which|that|with|for)\b.*$", re.I)
_DROP = frozenset(
    [
        "the",
        "a",
        "an",
        "their",
        "his",
        "her",
        "its",
        "our",
        "your",
        "my",
        "some",
        "all",
        "about",
        "nearly",
        "those",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children"}


def lemma(word: str) -> str:
    """The singular of an English noun, by rule (enough for the heads of counted nouns)."""
    word = word.lower()
    for singular, plural in _IRREGULAR_PLURALS.items():
        if word == plural or (word.endswith(plural) and word[: -len(plural)].isalpha()):
            return word[: -len(plural)] + singular
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(noun: str) -> str:
    """The plural of a lemma made by `lemma`."""
    for singular, irregular in _IRREGULAR_PLURALS.items():
        if noun.endswith(singular):
            return noun[: -len(singular)] + irregular
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("ch", "sh", "ss", "x")):
        return noun + "es"
    return noun + "s"


@dataclass(frozen=True)
class Population:
    """A normalised subject: capitalised modifiers (lower-cased) and the group's head lemma."""

    modifiers: tuple[str, ...]
    head: str

    @property
    def name(self) -> str:
        return " ".join((*self.modifiers, plural(self.head)))


def parse_population(subject: str | None) -> Population | None:
    """The population a subject names, or None ("casualties", "others", no subject)."""
    if not subject:
        return None
    words = _WORD.findall(_CUT.sub("", subject))
    words = [w.removesuffix("'s") for w in words if w.lower() not in _DROP]
    if not words:
        return None
    head = lemma(words[-1])
    head = GROUPS.get(head, head)
    if head in CATEGORY_NOUNS or words[-1].lower() in CATEGORY_NOUNS:
        return None
    modifiers = tuple(w.lower() for w in words[:-1] if w[:1].isupper())
    return Population(modifiers, head)


def _fuller(
    population: Population | None, modified: list[tuple[Population, int]]
) -> Population | None:
    """A bare head ("soldiers") with the modifiers the article most often gives it."""
    if population is None or population.modifiers:
        return population
    return next((p for p, _ in modified if p.head == population.head), population)


def article_populations(figures: Sequence[dict[str, Any]]) -> list[str]:
    """The population name of each figure row of one article, in order (see the module doc)."""
    own = [parse_population(f.get("subject")) for f in figures]
    modified = Counter(p for p in own if p is not None and p.modifiers).most_common()
    own = [_fuller(p, modified) for p in own]
    frequent = Counter(p for p in own if p is not None).most_common(1)
    names: list[str] = []
    for i, (figure, population) in enumerate(zip(figures, own, strict=True)):
        if population is None:
            parent = figure.get("part_of")
            if isinstance(parent, int) and 0 <= parent < i:
                names.append(names[parent])
                continue
            if i > 0:
                names.append(names[i - 1])
                continue
            if frequent:
                population = frequent[0][0]
        names.append(population.name if population is not None else UNSPECIFIED)
    return names


_CUMULATIVE_PERIOD = re.compile(
    r"\b(?:so far|to date|in total|total|since|altogether|overall|all told|until now)\b", re.I
)


def span_of(period: str | None) -> str:
    """`total` for a count to date (no period, "so far", "since October"), else `window`."""
    if not period or _CUMULATIVE_PERIOD.search(period):
        return "total"
    return "window"
