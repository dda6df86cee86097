"""The REST API's response shapes, for its OpenAPI schema: reportedly.model's one JSON shape.

The claim and figure rows are made from the record dataclasses themselves (their
fields, with the columns a listing adds: id, article_id, position, the article's
title, outlet and date), so the schema cannot drift from the records. The views
of the application layer (quantities, sources, search) are described by name
and type, and may carry more keys than listed (the timeline rows do).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from reportedly.model import Article, Attribution, Entity, Figure

T = TypeVar("T")
Number = int | float


class Open(BaseModel):
    """A record that may carry more keys than its schema lists."""

    model_config = ConfigDict(extra="allow")


def _record_model(name: str, record: type, **extra: Any) -> type[BaseModel]:
    """A model of `record`'s fields (all present in every response) plus `extra`."""
    hints = get_type_hints(record)
    found = {f.name: (hints[f.name], ...) for f in fields(record)}
    return create_model(name, __base__=Open, **found, **extra)


_LISTED = {
    "id": (int, ...),
    "article_id": (int, ...),
    "position": (int, ...),
    "article_title": (str | None, None),
    "outlet": (str | None, None),
    "published": (str | None, None),
}
Claim = _record_model("Claim", Attribution, **_LISTED)
FigureRow = _record_model("Figure", Figure, **_LISTED, claimant_entity=(str | None, None))
ArticleRecord = _record_model("Article", Article)
EntityRecord = _record_model("ArticleEntity", Entity)


class Page(BaseModel, Generic[T]):
    """One page of a listing: at most `limit` items from `offset`; `next` is the URL of
    the next page (None on the last)."""

    items: list[T]
    limit: int
    offset: int
    next: str | None


class ArticleRow(BaseModel):
    id: int
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    origin: str | None
    content_hash: str
    ingested_at: str
    claims: int
    figures: int


class Report(BaseModel):
    """A stored article and all its records, in order (what `show -f json` prints)."""

    article: ArticleRecord  # type: ignore[valid-type]
    id: str | None  # the article's id in its input (the evaluation format's key)
    attributions: list[_record_model("Attribution", Attribution)]  # type: ignore[valid-type]
    figures: list[_record_model("ArticleFigure", Figure)]  # type: ignore[valid-type]
    entities: list[EntityRecord]  # type: ignore[valid-type]


class CanonicalEntity(BaseModel):
    id: int
    name: str
    type: str
    aliases: list[str]
    reliability: str


class EntityEdit(BaseModel):
    """One entry of the audit trail: a merge, a split or a grade, when and by whom it was
    made (`made_by`: the name given at login, "api (HOST)" for a bearer token, "cli (USER)"
    from the command line; None for an edit recorded before who was kept)."""

    id: int
    action: str
    name: str
    other: str
    made_at: str
    made_by: str | None


class QuantityRow(Open):
    quantity: str
    population: str
    category: str
    span: str | None
    event: str | None
    places: str
    claims: int
    statements: int
    reports: int
    outlets: int
    claimants: int
    first_date: str | None
    last_date: str | None


class TimelineRow(Open):
    quantity: str
    claimant: str | None
    claim_date: str | None
    text: str
    low: Number | None
    high: Number | None
    article_ids: list[int]
    outlets: list[str | None]
    reports: int
    independent_claimants: int
    credibility: int
    credibility_label: str


class Band(BaseModel):
    date: str
    conservative: float | None
    low: Number | None
    best: float | None
    high: Number | None
    disagreement: float
    claimants: list[str]


class Flag(BaseModel):
    check: str
    message: str


class QuantityEvent(BaseModel):
    """One event of a quantity: its timeline, bands per date and the checks' flags."""

    quantity: str
    rows: list[TimelineRow]
    bands: list[Band]
    flags: list[Flag]


class QuantityWindow(BaseModel):
    """The claim dates shown (ISO days, inclusive; null: open) and the quantity's whole
    range and claims, with the windows before and after that hold claims."""

    since: str | None
    until: str | None
    first_date: str | None
    last_date: str | None
    total_claims: int
    claims: int
    earlier: list[str] | None = Field(description="[since, until] of the window before")
    later: list[str] | None = Field(description="[since, until] of the window after")


class QuantityView(BaseModel):
    name: str
    window: QuantityWindow
    events: list[QuantityEvent]


class SourceProfile(Open):
    id: int
    name: str
    type: str
    aliases: list[str]
    reliability: str
    claims: int
    relayed: int
    figures: int
    first_seen: str | None
    last_seen: str | None
    outlets: list[str | None]
    relays: list[str | None]


class SourceClaim(Open):
    id: int
    article_id: int
    source: str | None
    cue: str
    content: str
    kind: str
    published: str | None
    outlet: str | None
    through: list[str]


class SourceFigure(Open):
    id: int
    article_id: int
    text: str
    low: Number | None
    high: Number | None
    category: str
    stated_on: str | None
    published: str | None


class SourceHistory(BaseModel):
    """A claimant: the entities of that name, their own claims, the claims they relayed for
    others (each with its `claimant`) and their figures (each with its `quantity`) over
    time."""

    entities: list[CanonicalEntity]
    claims: list[SourceClaim]
    relayed: list[SourceClaim]
    figures: list[SourceFigure]


class SearchHit(Open):
    type: str
    article_id: int
    id: int | None
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    start: int | None
    end: int | None


class SearchPage(Page[SearchHit]):
    """A page of hits; `total` counts them all (None: more than 10,000), the facets count
    the first `faceted` hits (at most 1,000)."""

    total: int | None
    facets: dict[str, list[tuple[str, int]]]
    faceted: int


class Status(BaseModel):
    version: str
    writable: bool
    can_write: bool
    csrf: str | None


class Problem(BaseModel):
    """An error: one line saying what is wrong."""

    detail: Any
