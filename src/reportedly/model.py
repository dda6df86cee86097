"""The records reportedly produces, and their one JSON shape.

Every record that points into an article carries character offsets into
`Article.text` (`start` inclusive, `end` exclusive), so each can be traced to the
exact characters it came from. The JSON shape of `Attribution` and `Figure` is
the prediction shape of the evaluation format (`source`, `source_entity`, `cue`,
`content`, `kind`; `text`, `low`, `high`, `qualifier`, `category`, `subject`,
`source_entity`) plus offsets and the extra fields documented in docs/data-model.md.
The CLI, the store, the exports and the scorer all use `to_dict`/`from_dict`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal

Kind = Literal["direct", "indirect", "mixed"]
Qualifier = Literal["exact", "approx", "at_least", "more_than", "at_most", "up_to", "range"]
Category = Literal[
    "killed", "injured", "casualties", "captured", "missing",
    "deployed", "displaced", "detained", "other",
]  # fmt: skip

KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "approx",
    "at_least",
    "more_than",
    "at_most",
    "up_to",
    "range",
)
CATEGORIES: tuple[str, ...] = (
    "killed", "injured", "casualties", "captured", "missing",
    "deployed", "displaced", "detained", "other",
)  # fmt: skip


def content_hash(text: str) -> str:
    """The identity of an article: sha256 of its NFC-normalised, whitespace-folded text."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


class _Record:
    """Shared JSON conversion: dataclass fields to a dict and back, unknown keys ignored."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Article(_Record):
    """One news article as read from an input, before extraction."""

    text: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, "YYYY-MM-DD"
    origin: str | None = None  # where it was read from: "path:line", a URL, "-"
    meta: dict[str, Any] = field(default_factory=dict)  # input keys the reader did not know

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def label(self) -> str:
        """How messages name the article: where it was read, else its id or title or hash."""
        return self.origin or self.id or self.title or f"#{self.content_hash[:12]}"

    @property
    def published_date(self) -> date | None:
        if not self.published:
            return None
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return None


RELAY_ROLES: tuple[str, ...] = ("claimant", "relay", "wire", "outlet")


@dataclass
class RelayLink(_Record):
    """One step on the path of a claim, from who said it first to who published it.

    `role` is claimant, relay, wire or outlet; `entity` the canonical name within
    the article (None when anonymous); `start`/`end` the offsets of the words
    naming it (None for links from the article's metadata, such as the outlet).
    """

    name: str
    role: str  # claimant | relay | wire | outlet
    entity: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Attribution(_Record):
    """Someone's statement, belief or knowledge as the article reports it.

    `parent` is the index (in `Report.attributions`) of the attribution whose
    content holds this one, for nested chains; `modality` is how the source holds
    the content (said, claimed, believed, estimated, denied...), and `probability`
    is set for calibrated hedges such as "highly likely".
    """

    source: str | None
    cue: str
    content: str
    kind: Kind
    source_entity: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None
    modality: str = "said"
    probability: float | None = None
    parent: int | None = None
    confidence: float = 1.0
    chain: list[RelayLink] = field(default_factory=list)  # claimant first, outlet last
    # content in pieces, a quotation broken by its cue ("“Q1,” X said. “Q2”") or a
    # sentence around a parenthetical cue ("C1, he said, C2"): the pieces' character
    # ranges; `content` joins them with a space and content_start/end span them all
    content_parts: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        record = super().from_dict(data)
        record.chain = [
            link if isinstance(link, RelayLink) else RelayLink.from_dict(link)
            for link in record.chain or []
        ]
        record.content_parts = [(start, end) for start, end in record.content_parts or []]
        return record


@dataclass
class Figure(_Record):
    """A count stated in the article, as an interval with its qualifier.

    `low`/`high` are the interval the wording admits (None is an open end),
    `point` the ACLED-style single value. `attribution` is the index of the
    attribution whose content holds the figure (None: the article's own voice);
    `part_of` the index of the figure this one is a breakdown of.
    """

    text: str
    low: int | float | None
    high: int | float | None
    qualifier: Qualifier
    category: Category = "other"
    subject: str | None = None
    source_entity: str | None = None
    start: int | None = None
    end: int | None = None
    point: int | float | None = None
    subject_start: int | None = None
    subject_end: int | None = None
    attribution: int | None = None
    stated_on: str | None = None  # ISO date the claim was made: 2024-12-16, 2024-12, 2024
    stated_precision: str | None = None  # day, week, month, year
    period: str | None = None  # what span the count covers, as written
    part_of: int | None = None
    recalled: bool = False  # the article recalls a claim made before (stated_on is that date)
    place: str | None = None  # where the counted thing happened, as written
    place_start: int | None = None  # offsets of the words that name the place
    place_end: int | None = None
    place_from: str | None = None  # the evidence: clause, sentence, dateline, lead
    event: str | None = None  # the event kind: earthquake, strike, shipwreck, war...


@dataclass
class Entity(_Record):
    """A person, organisation or place named in the article, with its canonical name."""

    name: str
    type: str  # person, organisation, government body, armed force, media outlet, country, ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        ent = super().from_dict(data)
        ent.mentions = [tuple(m) for m in ent.mentions]  # type: ignore[misc]
        return ent


@dataclass
class Report:
    """What extraction found in one article."""

    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # The extractor version that made these records (reportedly.extract.version); None for
    # records that did not come from the pipeline. Stored with the article, not in to_dict.
    extractor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The prediction line of the evaluation format (with extra keys)."""
        return {
            "id": self.article.id,
            "attributions": [a.to_dict() for a in self.attributions],
            "figures": [f.to_dict() for f in self.figures],
            "entities": [e.to_dict() for e in self.entities],
        }

    def top_level(self) -> Report:
        """The report with only its outermost attributions, for univocal annotation
        (one relation per span, as in PolNeAR): a nested record is dropped, and a
        figure inside it points to the outermost record that holds it (its
        `source_entity`, the nested claimant, stays)."""
        kept = [i for i, a in enumerate(self.attributions) if a.parent is None]
        new_index = {old: new for new, old in enumerate(kept)}

        def outermost(index: int | None) -> int | None:
            seen: set[int] = set()
            while index is not None and index not in new_index and index not in seen:
                seen.add(index)
                index = self.attributions[index].parent
            return new_index.get(index) if index is not None else None

        return Report(
            article=self.article,
            attributions=[replace(self.attributions[i]) for i in kept],
            figures=[replace(f, attribution=outermost(f.attribution)) for f in self.figures],
            entities=list(self.entities),
            extractor=self.extractor,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any], article: Article) -> Report:
        return cls(
            article=article,
            attributions=[Attribution.from_dict(a) for a in data.get("attributions", [])],
            figures=[Figure.from_dict(f) for f in data.get("figures", [])],
            entities=[Entity.from_dict(e) for e in data.get("entities", [])],
        )
