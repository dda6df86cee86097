"""Who claims it: claimants of attributions and figures, one table per class of error.

Every sentence is written for these tests. Each table pairs a text with the
`source_entity` of its attributions in text order (None: anonymous or unnamed),
and negatives sit beside positives: an anonymous antecedent stays null, two
people with one surname stay two.
"""

from __future__ import annotations

import pytest

from reportedly.extract.knowledge import Knowledge, country_records, form_key
from reportedly.extract.layout import label_pattern, non_prose_lines
from reportedly.extract.lexicon import bundled_lexicon
from reportedly.extract.pipeline import make_doc
from reportedly.model import Article


def analyse(nlp, text: str, outlet: str | None = None):
    doc = nlp(make_doc(nlp, Article(text=text, outlet=outlet)))
    return doc._.attributions, doc._.figures, doc._.entities


def claimants(nlp, text: str) -> list[str | None]:
    return [a.source_entity for a in analyse(nlp, text)[0]]


def figure_claimants(nlp, text: str) -> dict[str, str | None]:
    return {f.text: f.source_entity for f in analyse(nlp, text)[1]}


# 1. descriptions and pronouns, also resolved to a name that comes later
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Interior Ministry said in a statement that 40 protesters were held.\n"
            "The statement said five officers were hurt.",
            ["Interior Ministry", "Interior Ministry"],
        ),
        (
            "A war monitor said at least 12 civilians died in the raid.\n"
            "Iraq Body Count said the toll could rise.",
            ["Iraq Body Count", "Iraq Body Count"],
        ),
        (
            "A provincial health official said 19 people were wounded.\n"
            "Amina Diallo said most of them were children.",
            ["Amina Diallo", "Amina Diallo"],
        ),
        (  # the next source describes itself: not the official named later
            "A provincial health official said 19 people were wounded.\n"
            "Amina Diallo, a nurse, said most of them were children.",
            [None, "Amina Diallo"],
        ),
        (  # an anonymous official and no name after: stays null
            "A provincial health official said 19 people were wounded.\n"
            "Officials said the road was closed.",
            [None, None],
        ),
        (
            "Harbour police said 31 people were detained. Police said two officers were hurt.",
            ["Harbour police", "Harbour police"],
        ),
    ],
)
def test_descriptions_find_their_named_antecedent(nlp, text, expected):
    assert claimants(nlp, text) == expected


# 2. pronouns go to their real antecedent, not the most prominent name
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chief Inspector Ravi Menon showed footage of the clashes outside the Tuen Mun "
            "police station. Nine officers were hurt, he said.",
            ["Ravi Menon"],
        ),
        (
            "Governor Alma Reyes said the flood reached Dagami overnight.\n"
            "“We have counted 60 dead so far,” she said.",
            ["Alma Reyes", "Alma Reyes"],
        ),
        (  # an anonymous antecedent: "he" is the unnamed witness, not the governor
            "A witness said he saw three trucks burn.",
            [None],
        ),
    ],
)
def test_pronouns_take_the_subject_or_source_nearby(nlp, text, expected):
    assert claimants(nlp, text) == expected


def test_two_people_with_one_surname_stay_two(nlp):
    text = (
        "Senator Ruth Okafor said the bill would pass. "
        "Daniel Okafor, her brother, said it would fail."
    )
    found = claimants(nlp, text)
    assert found == ["Ruth Okafor", "Daniel Okafor"]


# 3. abbreviations and variants: one canonical name; a part is not the whole
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.N. said 400 families had fled.", ["United Nations"]),
        (
            "The U.N. human rights office said it had recorded 51 deaths.",
            ["Office of the United Nations High Commissioner for Human Rights"],
        ),
        (
            "The UN refugee agency said 8,000 people crossed the border.",
            ["Office of the United Nations High Commissioner for Refugees"],
        ),
        (
            "The International Organisation for Migration said 90 people were missing.",
            ["International Organization for Migration"],
        ),
    ],
)
def test_known_bodies_have_one_canonical_name(nlp, text, expected):
    assert claimants(nlp, text) == expected


# 4. a capital speaking is its country's government
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul said the North had moved 2,000 more troops to the border.", ["South Korea"]),
        ("Kyiv said it had downed 14 drones overnight.", ["Ukraine"]),
        ("Officials in Kyiv said 14 drones were downed.", [None]),  # a place, not a speaker
    ],
)
def test_capitals_as_governments(nlp, text, expected):
    assert claimants(nlp, text) == expected


# 5. demonyms, places and members are not claimants of their own
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenian authorities said 12 soldiers were killed.", ["Armenia"]),
        ("Armenian officials said 12 soldiers were killed.", [None]),
        ("Rome: Survivors of the capsized boat said that 30 people drowned.", [None]),
        ("A Taliban spokesman said the group would investigate.", [None]),
        ("Troops from Operation Serval said they had captured 11 fighters.", ["Operation Serval"]),
    ],
)
def test_modifiers_and_members(nlp, text, expected):
    assert claimants(nlp, text) == expected


# 6. page structure is not prose
def test_heading_and_caption_lines_are_not_prose():
    labels = label_pattern(e["label"] for e in bundled_lexicon("layout") if "label" in e)
    text = (
        "Flood toll rises in the delta\n"
        "Rescuers said 40 people had died by Sunday.\n"
        "Read also: Earlier storms in the region\n"
        "Boats at the harbour on Monday. Photo: Lena Fox/Agency.\n"
        "Lena Fox Omar Haddad\n"
        "By now the water had receded in the town,\n"
        "and residents began to return.\n"
        "By Jane Roe"
    )
    lines = [text[s:e] for s, e in non_prose_lines(text, labels)]
    assert lines == [
        "Flood toll rises in the delta",
        "Read also: Earlier storms in the region",
        "Boats at the harbour on Monday. Photo: Lena Fox/Agency.",
        "Lena Fox Omar Haddad",
        "By Jane Roe",
    ]


def test_no_source_from_a_heading_nor_a_caption_merging_two_names(nlp):
    text = (
        "Capital confirms first case of the virus\n"
        "The country has confirmed its first case, its health minister said on Sunday.\n"
        "Nadia Karimi Farid Sultani\n"
        "From left: Nadia Karimi and Farid Sultani.\n"
        "Karimi said the patient had arrived from abroad."
    )
    records, _, entities = analyse(nlp, text)
    assert all(r.source_start > text.index("\nThe country") for r in records)
    assert "Nadia Karimi Farid Sultani" not in {e.name for e in entities}


# 7. figure claimants
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # inside a direct quote: its speaker
            "“We have found 80 bodies so far,” Governor Alma Reyes said.",
            {"80": "Alma Reyes"},
        ),
        (  # inside a nested report: the innermost named claimant
            "Lawmaker Kim Jae-won said the National Intelligence Service had told him that 300 "
            "soldiers were killed.",
            {"300": "National Intelligence Service"},
        ),
        (  # passing over a source that names no one
            "“Everything indicates that we could count more than 500 deaths,” President "
            "Elena Costa said.",
            {"more than 500": "Elena Costa"},
        ),
        (  # the article's own voice: no claimant, never the outlet
            "At least 25 people were killed in the storm on Friday.",
            {"At least 25": None},
        ),
        (  # a quote with no cue: the body reporting inside it
            "The agency issued a statement on Monday.\n"
            '"This month, UNICEF has received reports of 120 children missing after the '
            'floods. UNICEF believes the real number is higher."',
            {"120": "United Nations Children's Fund"},
        ),
    ],
)
def test_figure_claimants(nlp, text, expected):
    found = figure_claimants(nlp, text)
    assert {k: found.get(k) for k in expected} == expected


def test_an_own_voice_figure_is_not_the_outlets(nlp):
    text = "At least 25 people were killed in the storm on Friday."
    (figure,) = analyse(nlp, text, outlet="Harbor Ledger")[1]
    assert figure.source_entity is None


# 8. relay against claimant
def test_citing_makes_the_cited_body_the_claimant_and_the_speaker_a_relay(nlp):
    text = (
        "Lawmaker Kim Jae-won said 300 soldiers were killed, citing a briefing by the "
        "National Intelligence Service."
    )
    (record,) = analyse(nlp, text)[0]
    assert [(link.role, link.entity) for link in record.chain][:2] == [
        ("claimant", "National Intelligence Service"),
        ("relay", "Kim Jae-won"),
    ]


# 9. entity types from knowledge and context
@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Clashes broke out in Tuen Mun on Monday, police said.", "Tuen Mun", "place"),
        ("Seoul said the talks would resume.", "Seoul", "place"),
        ("The IAEA said inspectors had left.", "International Atomic Energy Agency", None),
        ("Boko Haram said it held the girls.", "Boko Haram", "armed force"),
    ],
)
def test_entity_types_from_knowledge_and_context(nlp, text, name, kind):
    entities = {e.name: e.type for e in analyse(nlp, text)[2]}
    assert name in entities
    assert kind is None or entities[name] == kind


def test_a_lower_case_word_is_no_person(nlp):
    text = "Villagers fled into the bush, a local chief said."
    assert all(e.name != "bush" for e in analyse(nlp, text)[2])


# 10. one body under two names (knowledge, also across articles)
def test_knowledge_joins_a_body_under_its_names():
    knowledge = Knowledge(bundled_lexicon("bodies"), list(country_records()))
    pairs = [
        ("South Korea's spy agency", "NIS"),
        ("Ukraine's military intelligence", "GUR"),
        ("U.N.", "United Nations"),
        ("Médecins Sans Frontières", "Doctors Without Borders"),
    ]
    for one, other in pairs:
        assert knowledge.body(one) == knowledge.body(other) is not None
    assert knowledge.body("who") is None  # acronyms only in capitals
    assert knowledge.country("Azerbaijani").name == "Azerbaijan"
    assert knowledge.capital("Washington").name == "United States"
    assert form_key("the Ministry of Defence") == form_key("Ministry of Defense")


def test_a_participle_after_the_reported_clause_goes_with_the_reporter(nlp):
    text = (
        "Airwars said drones had hit the depot on three nights, "
        "adding that dozens had been injured."
    )
    records, figures, _ = analyse(nlp, text)
    assert [(r.cue, r.source_entity) for r in records] == [
        ("said", "Airwars"),
        ("adding", "Airwars"),
    ]
    assert {f.text: f.source_entity for f in figures}["dozens"] == ("Airwars")
