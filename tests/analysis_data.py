"""Hand-built reports for the analysis tests (no spaCy): claims about a made-up war.

`said(...)` builds an article in which one claimant states figures; `copy_of`
republishes it under another outlet with a wire line added, as syndication does.
`population_claims` reads every claim of one population at once, events linked among
them: the reference the bounded reads (a quantity's window, the export's) are held to.
"""

from __future__ import annotations

from pathlib import Path

from reportedly.analyse.timelines import Claim, build_claims, voice_words
from reportedly.model import Article, Attribution, Figure, Report
from reportedly.store import Store, open_store


def figure(
    value: int,
    category: str,
    subject: str | None = "Freedonian soldiers",
    *,
    qualifier: str = "exact",
    high: int | str | None = "same",
    stated_on: str | None = None,
    period: str | None = None,
    part_of: int | None = None,
    attribution: int | None = 0,
    source_entity: str | None = None,
) -> Figure:
    return Figure(
        text=str(value),
        low=value,
        high=value if high == "same" else high,  # type: ignore[arg-type]
        qualifier=qualifier,
        category=category,
        subject=subject,
        source_entity=source_entity,
        point=value,
        attribution=attribution,
        stated_on=stated_on,
        period=period,
        part_of=part_of,
    )


def said(
    claimant: str | None,
    published: str,
    outlet: str,
    figures: list[Figure],
    *,
    story: str = "",
    relay: str | None = None,
) -> Report:
    """An article by `outlet` in which `claimant` (through `relay`, if any) states `figures`."""
    words = ", ".join(f"{f.text} {f.subject or 'of them'} {f.category}" for f in figures)
    text = (
        f"{claimant or 'Officials'} said on {published} that {words} in the fighting near the "
        f"border river, in a statement that {outlet} could not verify independently. {story}"
        " The ministry gave no further details about the units involved or the dates of the "
        "clashes, and the other side did not respond to requests for comment on Tuesday."
    )
    attributions = [Attribution(claimant, "said", words, "indirect", source_entity=claimant)]
    if relay is not None:
        attributions[0].parent = 1
        attributions.append(Attribution(relay, "told", words, "indirect", source_entity=relay))
    for f in figures:
        if f.attribution is not None and claimant is not None:
            f.source_entity = claimant
    return Report(
        Article(text=text, title=f"{outlet}: {words}", outlet=outlet, published=published),
        attributions=attributions if claimant else [],
        figures=figures,
    )


def copy_of(report: Report, outlet: str, published: str | None = None) -> Report:
    """The same story republished by another outlet, with a wire line at the end."""
    article = report.article
    text = f"{article.text} This story was distributed by a wire service to {outlet}."
    return Report(
        Article(
            text=text, title=article.title, outlet=outlet, published=published or article.published
        ),
        attributions=[Attribution.from_dict(a.to_dict()) for a in report.attributions],
        figures=[Figure.from_dict(f.to_dict()) for f in report.figures],
    )


def store_of(db: str | Path, reports: list[Report]) -> Store:
    """A store holding `reports`: at `db` (a path or URL: the `store_url` fixture), or in
    the folder `db` (a test's `tmp_path`: a SQLite file there)."""
    store = open_store(str(db / "analysis.db") if isinstance(db, Path) else db)
    for report in reports:
        store.add(report)
    return store


def population_claims(store: Store, population: str) -> list[Claim]:
    """Every figure of one population as a Claim, its events linked over them all, who
    speaks for whom found over all its articles."""
    figures = store.population_figures(population)
    holding = {(f["article_id"], f["attribution"]) for f in figures if f["attribution"] is not None}
    article_ids = {f["article_id"] for f in figures}
    attributions = store.article_attributions(article_ids, holding, voice_words())
    return build_claims(figures, attributions, {f["article_id"]: f["cluster_id"] for f in figures})
