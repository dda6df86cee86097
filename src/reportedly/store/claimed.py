"""Which stored figures are claims, and who claims them, spelled once in SQL.

A figure held by a denial or a refusal ("the army denied that 50 were killed") is no
claim of its holder (`NOT_CLAIMED`). A figure's claimant key is its entity's name across
articles, else its own `source_entity`, else OWN_VOICE (the article states it itself) or
UNNAMED (a source the article does not name holds it), lower-cased without a leading
"the" (how `analyse.timelines.claimant_key` compares names, but for spacing). Its claim
day is `figures.claim_day` (migration 12: `stated_on`, else the article's publication
date, cut to a day: the rule of store/dates.py, kept on write by store/event_keys.py).

`CLAIMED_FROM` joins a figure to its article, its holding attribution (`holder`) and its
entity; `CLAIMED` keeps the claims of such a join. The quantity counts, the quantity
view's reads and the event keys use them, so a claim means the same to each.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal

from reportedly.store.schema import articles, attributions, canonical_entities, figures

NOT_CLAIMED = ("denied", "refused")  # modalities whose content is no claim of the source
OWN_VOICE = "(own voice)"  # the claimant of a figure the article states itself
UNNAMED = "(unnamed source)"  # the claimant of a figure an unnamed source holds

holder = attributions.alias("holder")
CLAIMED_FROM = (
    figures.join(articles, figures.c.article_id == articles.c.id)
    .outerjoin(
        holder,
        and_(
            holder.c.article_id == figures.c.article_id,
            holder.c.position == figures.c.attribution,
        ),
    )
    .outerjoin(canonical_entities, canonical_entities.c.id == figures.c.entity_id)
)
CLAIMED = func.coalesce(holder.c.modality, "").not_in(NOT_CLAIMED)
CLAIM_DAY = figures.c.claim_day


def claimant_key(entity_name: Any = canonical_entities.c.name) -> Any:
    """The claimant key of a figure of `CLAIMED_FROM`: its entity's name (`entity_name`, to
    key it by another name), else its own name, else who holds it."""
    name = func.lower(
        func.trim(
            func.coalesce(
                entity_name,
                figures.c.source_entity,
                case((holder.c.id.is_(None), literal(OWN_VOICE)), else_=literal(UNNAMED)),
            )
        )
    )
    return case((name.like("the %"), func.substr(name, 5)), else_=name)
