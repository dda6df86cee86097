"""When a claim was made and what span a count covers.

`resolve_date(expression, published)` turns a date expression as news writes it
("on Monday", "last week", "on December 16", "in April", "yesterday",
"October 25th") into a `ClaimDate` (a date and its precision: day, week,
month, year), reading relative words against the article's publication date.
An expression it cannot place gives None: never a guess. Weeks are given by
their Monday, months by their first day, years by January 1.

`is_recall(cue)` tells a claim the article recalls from before ("in April the
agency had put the toll at 600", "had previously said") from one made anew.
`claim_date_expression(cue, content)` finds the date words that govern a
reporting verb ("informed lawmakers on Monday", "said Tuesday"), and
`period_of(tokens)` the span a count covers ("in the past week", "since
October", "so far").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from reportedly.extract.trees import ents_within

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
DATE_LABELS = {"DATE", "TIME"}
# Prepositions that open the span a count covers, and words that make such a span.
PERIOD_PREPOSITIONS = {
    "since",
    "during",
    "over",
    "in",
    "throughout",
    "within",
    "across",
    "between",
    "from",
}
PERIOD_NOUNS = {"day", "night", "week", "weekend", "month", "year", "decade", "start", "beginning",
                "outbreak", "period", "hour", "morning", "season"}  # fmt: skip
PERIOD_ADVERBS = ("so far", "to date", "in total", "overall")
RECALL_ADVERBS = {"previously", "earlier", "initially", "originally", "once", "formerly"}
_LONGEST_ADVERB = max(map(len, PERIOD_ADVERBS))

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+{_DAY}\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?({_MONTH})\b\.?(?:,?\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?(?:\s+(\d{{4}}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_AGO = re.compile(r"\b(\d+|[a-z]+)\s+(day|week|month|year)s?\s+ago\b")
_ORDINAL_DAY = re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b")


@dataclass(frozen=True)
class ClaimDate:
    """A date with the precision the text gives it: day, week, month or year."""

    date: date
    precision: str

    @property
    def iso(self) -> str:
        """The date to its precision: "2024-12-16" (day, and a week by its Monday),
        "2024-12" (month), "2024" (year); never a first of the month it does not know."""
        if self.precision == "month":
            return self.date.isoformat()[:7]
        if self.precision == "year":
            return self.date.isoformat()[:4]
        return self.date.isoformat()


def resolve_date(expression: str, published: date | None) -> ClaimDate | None:
    """The date `expression` names, read against `published`; None when unknown."""
    text = " ".join(expression.lower().replace("’", "'").split())
    absolute = _absolute(text)
    if absolute is not None:
        return absolute
    if published is None:
        return None
    return _relative(text, published)


def _absolute(text: str) -> ClaimDate | None:
    """Dates that name their year: "16 December 2024", "2024-12-16", "April 2024"."""
    if m := _ISO.search(text):
        return _safe_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        m = pattern.search(text)
        if m and m.group(3):
            return _safe_day(int(m.group(3)), MONTHS[m.group(month_group)], int(m.group(day_group)))
    m = _MONTH_YEAR.search(text)
    if m and m.group(2):
        return ClaimDate(date(int(m.group(2)), MONTHS[m.group(1)], 1), "month")
    relative = any(w in text for w in ("last", "this", "next", "ago")) or _MONTH_YEAR.search(text)
    m = None if relative else _YEAR.search(text)
    return ClaimDate(date(int(m.group(1)), 1, 1), "year") if m else None


def _relative(text: str, published: date) -> ClaimDate | None:
    """Dates read against the publication date: weekdays, "last week", "December 16"."""
    words = set(re.findall(r"[a-z]+", text))
    if "yesterday" in words:
        days = 2 if "before" in words else 1
        return ClaimDate(published - timedelta(days=days), "day")
    if words & {"today", "tonight"} or re.search(r"\bthis (morning|afternoon|evening)\b", text):
        return ClaimDate(published, "day")
    if m := _AGO.search(text):
        count = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS.get(m.group(1))
        if count is not None:
            return _ago(published, count, m.group(2))
    for unit in ("week", "month", "year"):
        if re.search(rf"\b(last|past|previous) {unit}\b", text):
            return _unit_start(published, unit, -1)
        if re.search(rf"\b(this|earlier this) {unit}\b", text):
            return _unit_start(published, unit, 0)
    for name, weekday in WEEKDAYS.items():
        if name in words:
            back = (published.weekday() - weekday) % 7
            if back == 0 and "last" in words:
                back = 7
            return ClaimDate(published - timedelta(days=back), "day")
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        if m := pattern.search(text):
            month, day = MONTHS[m.group(month_group)], int(m.group(day_group))
            found = _safe_day(published.year, month, day)
            if found and found.date > published:
                found = _safe_day(published.year - 1, month, day)
            return found
    if m := _MONTH_YEAR.search(text):
        month = MONTHS[m.group(1)]
        year = published.year if month <= published.month else published.year - 1
        return ClaimDate(date(year, month, 1), "month")
    if m := _ORDINAL_DAY.search(text):
        day = int(m.group(1))
        year, month = published.year, published.month
        if day > published.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return _safe_day(year, month, day)
    return None


def _safe_day(year: int, month: int, day: int) -> ClaimDate | None:
    try:
        return ClaimDate(date(year, month, day), "day")
    except ValueError:
        return None


def _unit_start(published: date, unit: str, offset: int) -> ClaimDate:
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
        return ClaimDate(monday, "week")
    if unit == "month":
        year, month = published.year, published.month + offset
        if month < 1:
            year, month = year - 1, 12
        return ClaimDate(date(year, month, 1), "month")
    return ClaimDate(date(published.year + offset, 1, 1), "year")


def _ago(published: date, count: int, unit: str) -> ClaimDate:
    if unit == "day":
        return ClaimDate(published - timedelta(days=count), "day")
    if unit == "week":
        then = published - timedelta(weeks=count)
        return ClaimDate(then - timedelta(days=then.weekday()), "week")
    if unit == "month":
        months = published.year * 12 + published.month - 1 - count
        return ClaimDate(date(months // 12, months % 12 + 1, 1), "month")
    return ClaimDate(date(published.year - count, 1, 1), "year")


# -- date expressions in the parse -----------------------------------------------
def claim_date_expression(cue: Token, content: tuple[int, int] | None = None) -> Span | None:
    """The date words attached to a reporting verb, outside its content.

    "informed lawmakers on Monday", "said Tuesday", "On Monday, X said": a DATE
    or TIME entity in the cue's own clause (its subtree, or the sentence before
    the cue when the cue is the clause root), not inside the reported content.
    """
    doc = cue.doc
    sent = cue.sent
    for ent in ents_within(sent):
        if ent.label_ not in DATE_LABELS:
            continue
        if content and content[0] <= ent.start_char < content[1]:
            continue
        if _governed_by(ent.root, cue):
            return doc[ent.start : ent.end]
    return None


def is_recall(cue: Token) -> bool:
    """A reporting verb in the past perfect ("had said", "had put") or with an adverb
    of an earlier time ("previously said", "initially reported"): the claim was made
    before the article, which recalls it."""
    verb = cue.head if cue.dep_ in ("aux", "prt") else cue
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("had", "'d") and verb.tag_ == "VBN":
            return True
        if child.dep_ == "advmod" and child.lower_ in RECALL_ADVERBS:
            return True
    return False


def _governed_by(token: Token, cue: Token) -> bool:
    """Whether `token` hangs off `cue` through modifiers only (not a clause of its own)."""
    node = token
    for _ in range(4):
        if node.head is node:
            return False
        if node.head == cue:
            return node.dep_ in ("npadvmod", "prep", "advmod", "tmod", "obl", "nmod", "dep")
        if node.dep_ not in ("pobj", "prep", "compound", "amod", "npadvmod", "nummod"):
            return False
        node = node.head
    return False


def period_of(own: Iterable[Token], above: Iterable[Token] = (), before: int = 0) -> Span | None:
    """The span a count covers ("since October", "in the past week").

    First a phrase attached to the count's own words (its verb, noun, number),
    then one attached to a clause above it that is written before the count
    (offset `before`): "Since May, 300 people have died, the agency said".
    """
    for anchor in own:
        for child in anchor.children:
            span = _period_phrase(child)
            if span is not None:
                return span
    for anchor in above:
        for child in anchor.children:
            span = _period_phrase(child)
            if span is not None and span.end_char <= before:
                return span
    return None


def _period_phrase(child: Token, depth: int = 0) -> Span | None:
    doc = child.doc
    first, last = child.left_edge, child.right_edge  # of its subtree, at no cost
    if child.dep_ == "prep" and child.lower_ in PERIOD_PREPOSITIONS:
        for obj in (t for t in child.children if t.dep_ == "pobj"):
            dated = obj.ent_type_ in DATE_LABELS
            timed = obj.lemma_.lower() in PERIOD_NOUNS and (
                child.lower_ != "in" or _has_past(child.subtree)
            )
            if dated or timed:
                return doc[first.i : last.i + 1]
            if depth < 1:
                for grandchild in obj.children:
                    inner = _period_phrase(grandchild, depth + 1)
                    if inner is not None:
                        return inner
    if child.dep_ not in ("advmod", "prep", "npadvmod"):
        return None
    if last.idx + len(last) - first.idx > _LONGEST_ADVERB:
        return None  # too long to be one: the text of a long subtree is never built
    if doc[first.i : last.i + 1].text.lower() in PERIOD_ADVERBS:
        return doc[first.i : last.i + 1]
    return None


def _has_past(words: Iterable[Token]) -> bool:
    return any(t.lower_ in ("past", "last", "recent", "previous", "first") for t in words)
