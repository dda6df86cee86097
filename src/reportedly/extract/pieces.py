"""Long texts in pieces: cut at paragraph boundaries, and the pieces' reports joined.

spaCy needs about a gigabyte per 100,000 characters it parses at once, and a
piece is the unit at which an article's time limit is checked, so a text longer
than `PIECE_CHARS` is extracted in pieces: each ends at the last paragraph break
before the limit ("\n\n"), else at the last line break, else after the last
sentence-like end (`.`, `!`, `?` or `;`, and any closing marks, before a space),
else at the last space, and is cut at the limit only when it has none.
`join_reports` puts the pieces' records back into one Report with every offset
counted from the start of the whole text, every index (`parent`, `attribution`,
`part_of`) counted in the whole list, and the entities of the same name merged.
An attribution or a figure never spans two pieces; a short name in one piece
does not join the full name in another.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reportedly.limits import PIECE_CHARS
from reportedly.model import Article, Attribution, Entity, Report

_LINE_BREAKS = ("\n\n", "\n")
_SENTENCE_END = re.compile(r"[.!?;][\"'”’)\]]*\s")


def piece_bounds(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each piece of `text`, in order, each at most `size` characters."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _piece_end(text, start, start + size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _piece_end(text: str, start: int, limit: int) -> int:
    """Where the piece that starts at `start` ends, at most at `limit` (see the docstring)."""
    for mark in _LINE_BREAKS:
        found = text.rfind(mark, start + 1, limit)
        if found > start:
            return found + len(mark)
    sentence_ends = [match.end() for match in _SENTENCE_END.finditer(text, start + 1, limit)]
    if sentence_ends:
        return sentence_ends[-1]
    found = text.rfind(" ", start + 1, limit)
    return found + 1 if found > start else limit


_ATTRIBUTION_OFFSETS = ("source_start", "source_end", "cue_start", "cue_end",
                        "content_start", "content_end")  # fmt: skip
_FIGURE_OFFSETS = ("start", "end", "subject_start", "subject_end")


def _shifted(record: Any, offsets: tuple[str, ...], by: int, **bases: int) -> Any:
    """`record` with its `offsets` moved by `by` and each index field moved by its base."""
    changes = {name: getattr(record, name) for name in (*offsets, *bases)}
    moves = {**dict.fromkeys(offsets, by), **bases}
    return replace(record, **{k: v if v is None else v + moves[k] for k, v in changes.items()})


def _shifted_attribution(record: Attribution, by: int, base: int) -> Attribution:
    shifted = _shifted(record, _ATTRIBUTION_OFFSETS, by, parent=base)
    shifted.chain = [_shifted(link, ("start", "end"), by) for link in record.chain]
    shifted.content_parts = [(start + by, end + by) for start, end in record.content_parts]
    return shifted


def join_reports(article: Article, parts: list[tuple[int, Report]]) -> Report:
    """One Report of `article` from the reports of its pieces, each with its start offset."""
    if len(parts) == 1 and parts[0][0] == 0:
        return replace(parts[0][1], article=article)
    joined = Report(article=article, extractor=parts[0][1].extractor)
    by_name: dict[tuple[str, str], Entity] = {}
    for by, report in parts:
        attribution_base, figure_base = len(joined.attributions), len(joined.figures)
        joined.attributions += [
            _shifted_attribution(a, by, attribution_base) for a in report.attributions
        ]
        joined.figures += [
            _shifted(f, _FIGURE_OFFSETS, by, attribution=attribution_base, part_of=figure_base)
            for f in report.figures
        ]
        for entity in report.entities:
            mentions = [(start + by, end + by) for start, end in entity.mentions]
            known = by_name.get((entity.name, entity.type))
            if known is None:
                by_name[(entity.name, entity.type)] = replace(
                    entity, aliases=list(entity.aliases), mentions=mentions
                )
                joined.entities.append(by_name[(entity.name, entity.type)])
            else:
                known.aliases += [a for a in entity.aliases if a not in known.aliases]
                known.mentions += mentions
    return joined
