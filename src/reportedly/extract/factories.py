"""spaCy factory registrations for reportedly's components, all in one place.

Add them to any English pipeline that has a parser and NER:

    nlp.add_pipe("reportedly_entities")
    nlp.add_pipe("reportedly_attributions")
    nlp.add_pipe("reportedly_figures")
"""

from __future__ import annotations

from spacy.language import Language

from reportedly.extract.attribution import AttributionComponent
from reportedly.extract.entities import EntityComponent
from reportedly.extract.extensions import register_extensions
from reportedly.extract.figures import FigureComponent

register_extensions()


@Language.factory(
    "reportedly_entities",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.entities"],
)
def make_entity_component(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent(nlp, name)


@Language.factory(
    "reportedly_attributions",
    requires=["doc.ents", "doc.sents", "token.dep", "token.lemma", "doc._.entities"],
    assigns=["doc._.attributions"],
)
def make_attribution_component(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent(nlp, name)


@Language.factory(
    "reportedly_figures",
    requires=["doc.ents", "token.dep", "token.lemma", "doc._.attributions"],
    assigns=["doc._.figures"],
)
def make_figure_component(nlp: Language, name: str) -> FigureComponent:
    return FigureComponent(nlp, name)
