"""Numbers as written in English news, parsed to intervals with their qualifier.

`NumberParser.find(text)` returns every number expression of a text as a
`Quantity`: the characters it spans (qualifier included), the interval the
wording admits (`low`/`high`, None for an open end), the FORMAT.md qualifier
and an ACLED-style `point`. It reads

- digits with separators and decimals, with a scale word: "2,700", "12, 000",
  "1.5 million";
- number words: "two", "three hundred and forty-two", "a dozen", "half a million";
- ranges: "between 100 and 200", "10,000 to 12,000", "10,000-12,000", "two or three";
- vague quantities: "dozens", "tens of thousands", "several hundred", "a couple thousand";
- qualifiers before or after the number: "at least", "nearly", "up to", "or more".

A number over `MAX_COUNT` (`reportedly/limits.py`) is not kept: it is no count.

The words are data (lexicons `qualifiers`, `vague_quantities`, `number_words`).
The parser knows nothing of what is counted: whether a number is a figure is
decided by the figures component from the parse around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from reportedly.extract.lexicon import bundled_lexicon
from reportedly.limits import MAX_COUNT

Number = int | float
OPEN_QUALIFIERS = ("at_least", "more_than")
# Characters that glue a number to a word or code ("F-16", "$5", "#3", "1/2"):
_BEFORE = r"(?<![\w$£€¥#/.,:+])(?<![A-Za-z]-)"
_AFTER = r"(?![\w])(?!,\d)(?!\.\d)"


@dataclass(frozen=True)
class Interval:
    """What a wording admits: [low, high] (None = open) with its qualifier and point."""

    low: Number | None
    high: Number | None
    qualifier: str
    point: Number | None


@dataclass(frozen=True)
class Quantity:
    """One number expression found in a text, with character offsets into it.

    `start`/`end` cover the qualifier and the number ("At least 300");
    `number_start`/`number_end` the number alone ("300"). `vague` is set for
    "dozens", "several hundred" and the like; `scaled` when a scale word is
    part of the number ("1.5 million", "two thousand").
    """

    text: str
    start: int
    end: int
    low: Number | None
    high: Number | None
    qualifier: str
    point: Number | None
    number_start: int
    number_end: int
    vague: bool = False
    scaled: bool = False


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    interval: Interval
    vague: bool
    scale: int  # the scale word's value, 1 without one


def _countable(value: Number | None) -> bool:
    return value is None or abs(value) <= MAX_COUNT


def _number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _alternation(phrases: list[str]) -> str:
    return "|".join(_phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True))


class NumberParser:
    """Finds and evaluates number expressions; built from three lexicons."""

    def __init__(
        self,
        qualifiers: list[dict[str, Any]],
        vague_quantities: list[dict[str, Any]],
        number_words: list[dict[str, Any]],
    ) -> None:
        words = [e for e in number_words if "word" in e]
        self.words = {e["word"]: (e["kind"], Decimal(e["value"])) for e in words}
        scales = [e["word"] for e in words if e["kind"] == "scale"]
        counting = [e["word"] for e in words if e["kind"] != "scale"]
        vague = [e for e in vague_quantities if "phrase" in e]
        self.plurals = {e["phrase"]: e for e in vague if e["kind"] == "plural"}
        self.multipliers = {e["phrase"]: e for e in vague if e["kind"] == "multiplier"}
        quals = [e for e in qualifiers if "phrase" in e]
        self.before = {
            " ".join(e["phrase"].lower().split()): e["qualifier"]
            for e in quals
            if e["position"] == "before"
        }
        self.after = {
            " ".join(e["phrase"].lower().split()): e["qualifier"]
            for e in quals
            if e["position"] == "after"
        }

        scale = _alternation(scales)
        word = _alternation(counting + scales)
        joiner = (
            r"(?:[\s-]+|"
            + "|".join(rf"(?<={re.escape(s)})\s+and\s+" for s in scales if s != "dozen")
            + ")"
        )
        grouped = r"\d{1,3}(?:,\d{3})+|\d{1,3},\s000(?:,\s?\d{3})*|\d+"  # "2,700", "12, 000"
        digits = rf"(?:{grouped})(?:\.\d+)?(?:\s+(?:{scale}))?"
        first = rf"(?:half\s+)?a\s+(?=(?:{scale})\b)|(?={_alternation(counting)}\b)"
        words_re = rf"(?:{first})(?:{word})(?:{joiner}(?:{word}))*"
        self._atom = re.compile(
            rf"{_BEFORE}(?:(?P<plural>{_alternation(list(self.plurals))})"
            rf"|(?P<mult>{_alternation(list(self.multipliers))})(?:(?:\s+of)?\s+(?P<mscale>{scale}))?"
            rf"|(?P<digits>{digits})|(?P<words>{words_re})){_AFTER}",
            re.IGNORECASE,
        )
        self._scale_suffix = re.compile(rf"\s+({scale})$", re.IGNORECASE)
        self._before_re = re.compile(
            rf"(?<![\w-])(?P<q>{_alternation(list(self.before))})\s+$", re.IGNORECASE
        )
        word_after = [p for p in self.after if p[0].isalpha()]
        mark_after = [p for p in self.after if not p[0].isalpha()]
        self._after_re = re.compile(
            rf"^(?:(?:\s+|-)(?P<w>{_alternation(word_after)})(?!\w)|(?P<m>{_alternation(mark_after)})(?![\w\d]))",
            re.IGNORECASE,
        )

    # -- public --------------------------------------------------------------
    def find(self, text: str) -> list[Quantity]:
        """Every number expression in `text`, in order, without overlaps."""
        atoms = [a for a in (self._evaluate(m) for m in self._atom.finditer(text)) if a is not None]
        out: list[Quantity] = []
        i = 0
        while i < len(atoms):
            atom = atoms[i]
            ranged = self._range(text, atom, atoms[i + 1]) if i + 1 < len(atoms) else None
            last = atoms[i + 1] if ranged is not None else atom
            start, end, interval = ranged or (atom.start, atom.end, atom.interval)
            i += 2 if ranged is not None else 1
            bounds = (out[-1].end if out else 0, atoms[i].start if i < len(atoms) else len(text))
            out.append(
                self._qualified(text, (start, end), interval, (atom.start, last.end), atom, bounds)
            )
        return [q for q in out if _countable(q.low) and _countable(q.high)]

    def parse(self, text: str) -> Quantity | None:
        """The one quantity that makes up all of `text` (spaces aside), else None."""
        found = self.find(text)
        if (
            len(found) == 1
            and not text[: found[0].start].strip()
            and not text[found[0].end :].strip()
        ):
            return found[0]
        return None

    # -- atoms ---------------------------------------------------------------
    def _evaluate(self, match: re.Match[str]) -> _Atom | None:
        start = match.start()
        if match.group("plural"):
            entry = self.plurals[_fold(match.group("plural"))]
            return _Atom(start, match.end(), _entry_interval(entry), True, 1)
        if match.group("mult"):
            entry = self.multipliers[_fold(match.group("mult"))]
            scale = (
                self.words[match.group("mscale").lower()][1]
                if match.group("mscale")
                else Decimal(1)
            )
            return _Atom(start, match.end(), _scaled(entry, scale), True, int(scale))
        if match.group("digits"):
            return self._digits(match.group("digits"), start)
        return self._words(match.group("words"), start)

    def _digits(self, text: str, start: int) -> _Atom | None:
        scale = Decimal(1)
        found = self._scale_suffix.search(text)
        digits = text
        if found:
            scale = self.words[found.group(1).lower()][1]
            digits = text[: found.start()]
        try:
            value = Decimal(re.sub(r"[,\s]", "", digits)) * scale
        except InvalidOperation:
            return None
        number = _number(value)
        return _Atom(
            start, start + len(text), Interval(number, number, "exact", number), False, int(scale)
        )

    def _words(self, text: str, start: int) -> _Atom | None:
        """Evaluate number words left to right, keeping the longest valid prefix."""
        total = current = Decimal(0)
        half = False
        prev: str | None = None
        group_scale = Decimal(0)  # the last thousand-or-above scale seen
        last_scale = Decimal(1)
        end = None
        for m in re.finditer(r"[A-Za-z]+", text):
            w = m.group().lower()
            if w == "and":
                continue
            if w == "half" and prev is None:
                half, prev = True, "half"
                continue
            if w == "a" and prev in (None, "half"):
                current, prev = Decimal(1), "a"
                continue
            kind, value = self.words[w]
            if (
                (kind == "unit" and prev in (None, "a", "scale"))
                or (kind == "unit" and prev == "ten" and value < 10)
            ) or (kind == "ten" and prev in (None, "scale")):
                current += value
            elif kind == "scale" and (
                prev in ("unit", "ten", "a")
                or (prev == "scale" and value >= 1000 and value > last_scale)
            ):
                if value < 1000:
                    current = current * value
                elif group_scale and value >= group_scale:
                    break
                else:
                    total += current * value
                    current = Decimal(0)
                    group_scale = value
                last_scale = value
            else:
                break
            prev = kind
            end = m.end()
        if end is None:
            return None
        value = (total + current) * (Decimal("0.5") if half else 1)
        if not value and prev != "unit":
            return None
        number = _number(value)
        scale = int(last_scale) if prev == "scale" else 1
        return _Atom(start, start + end, Interval(number, number, "exact", number), False, scale)

    # -- ranges and qualifiers -----------------------------------------------
    def _range(self, text: str, a: _Atom, b: _Atom) -> tuple[int, int, Interval] | None:
        if a.vague or b.vague or a.interval.low is None or b.interval.low is None:
            return None
        gap = text[a.end : b.start]
        before = text[max(0, a.start - 12) : a.start]
        start = a.start
        between = re.search(r"(?<!\w)between\s+$", before, re.IGNORECASE)
        if between and re.fullmatch(r"\s+and\s+", gap, re.IGNORECASE):
            start = a.start - (len(before) - between.start())
        elif not re.fullmatch(r"\s*[-–—]\s*|\s+(?:to|or)\s+", gap, re.IGNORECASE):
            return None
        elif (
            re.search(r"(?<!\w)(?:from|by)\s+$", before, re.IGNORECASE) and "or" not in gap.lower()
        ):
            return None  # "rose from 200 to 300", "rose by 19 to 559": a change, not a range
        low, high = a.interval.low, b.interval.low
        if a.scale == 1 and b.scale > 1 and low * b.scale <= high:
            low = _number(Decimal(str(low)) * b.scale)
        if not low < high:
            return None
        return start, b.end, Interval(low, high, "range", low)

    def _qualified(
        self,
        text: str,
        span: tuple[int, int],
        base: Interval,
        number: tuple[int, int],
        atom: _Atom,
        bounds: tuple[int, int],
    ) -> Quantity:
        """The quantity with the qualifier words around it, within `bounds` (the
        end of the previous quantity and the start of the next number)."""
        start, end = span
        qualifier = None
        window = text[max(bounds[0], start - 30) : start]
        before = self._before_re.search(window)
        if before:
            qualifier = self.before[_fold(before.group("q"))]
            start -= len(window) - before.start()
        after = self._after_re.match(text[end : end + 20])
        if after and end + after.end() <= bounds[1]:
            phrase = after.group("w") or after.group("m")
            qualifier = qualifier or self.after[_fold(phrase)]
            end += after.end()
        interval = qualify(base, qualifier)
        return Quantity(
            text=text[start:end],
            start=start,
            end=end,
            low=interval.low,
            high=interval.high,
            qualifier=interval.qualifier,
            point=interval.point,
            number_start=number[0],
            number_end=number[1],
            vague=atom.vague,
            scaled=atom.scale > 1,
        )


def qualify(base: Interval, qualifier: str | None) -> Interval:
    """Apply a qualifier word to the interval of the number it qualifies."""
    if qualifier is None or qualifier == "exact":
        return base
    exact = base.qualifier == "exact"
    if qualifier == "approx":
        return Interval(base.low, base.high, "approx", base.point) if exact else base
    if qualifier == "range":
        return base
    if qualifier in OPEN_QUALIFIERS:
        low = base.low if base.low is not None else base.high
        return Interval(low, None, qualifier, low if exact else base.point)
    high = base.high if base.high is not None else base.low
    return Interval(None, high, qualifier, high)


def _entry_interval(entry: dict[str, Any]) -> Interval:
    return Interval(entry["low"], entry["high"], entry["qualifier"], entry["point"])


def _scaled(entry: dict[str, Any], scale: Decimal) -> Interval:
    """A vague multiplier times a scale: "several hundred" is 200..999."""
    low = _number(Decimal(entry["low"]) * scale)
    high = entry["high"]
    if high is not None:
        top = (
            (Decimal(high) + 1) * scale - 1
            if entry["qualifier"] == "range" and scale > 1
            else Decimal(high) * scale
        )
        high = _number(top)
    return Interval(low, high, entry["qualifier"], _number(Decimal(entry["point"]) * scale))


def _fold(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@cache
def _bundled_parser() -> NumberParser:
    return NumberParser(
        bundled_lexicon("qualifiers"),
        bundled_lexicon("vague_quantities"),
        bundled_lexicon("number_words"),
    )


def find_quantities(text: str) -> list[Quantity]:
    """Every number expression in `text`, read with the bundled lexicons."""
    return _bundled_parser().find(text)


def parse_quantity(text: str) -> Quantity | None:
    """`text` read as one number expression ("at least 300"), or None."""
    return _bundled_parser().parse(text)
