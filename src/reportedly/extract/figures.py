"""Figures: counts as intervals with qualifier, category, subject, claimant and date."""

from __future__ import annotations

from spacy.tokens import Doc

from reportedly.extract.component import LexiconComponent
from reportedly.model import Figure


class FigureComponent(LexiconComponent):
    """Writes `doc._.figures` (placeholder until the figures issue lands)."""

    EXTENSION = "figures"

    def find(self, doc: Doc) -> list[Figure]:
        return []
