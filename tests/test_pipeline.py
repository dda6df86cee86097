"""The pipeline as a spaCy user meets it: records survive serialisation and multiprocessing."""

from __future__ import annotations

from spacy.tokens import Doc, DocBin

from reportedly.model import Article

ARTICLES = [
    Article(
        text="The ministry said on Monday that 40 drones were shot down overnight.",
        id="drones",
        published="2025-01-13",
    ),
    Article(
        text="About 120 families fled the valley, according to the regional council.",
        id="valley",
        published="2025-02-03",
    ),
]


def test_records_survive_doc_to_bytes_and_docbin(nlp):
    from reportedly.extract.pipeline import make_doc

    doc = nlp(make_doc(nlp, ARTICLES[0]))
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.published == doc._.published
    assert again._.attributions == doc._.attributions
    assert again._.figures == doc._.figures
    assert again._.entities == doc._.entities
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (loaded,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert list(loaded._.attributions) == doc._.attributions
