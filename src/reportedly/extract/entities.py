"""Entities named in one article, with canonical names and aliases."""

from __future__ import annotations

from spacy.tokens import Doc

from reportedly.extract.component import LexiconComponent
from reportedly.model import Entity


class EntityComponent(LexiconComponent):
    """Writes `doc._.entities`."""

    EXTENSION = "entities"

    def find(self, doc: Doc) -> list[Entity]:
        return []
