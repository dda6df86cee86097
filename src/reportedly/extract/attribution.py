"""Attributions: source, cue, content and kind, with character offsets."""

from __future__ import annotations

from spacy.tokens import Doc

from reportedly.extract.component import LexiconComponent
from reportedly.model import Attribution


class AttributionComponent(LexiconComponent):
    """Writes `doc._.attributions`."""

    EXTENSION = "attributions"

    def find(self, doc: Doc) -> list[Attribution]:
        return []
