"""The figures component on the real model: which numbers are figures, and what they hold."""

from __future__ import annotations

import pytest

from reportedly.extract.pipeline import make_doc
from reportedly.model import Article

pytestmark = pytest.mark.model


def _figures(nlp, text: str, published: str | None = "2025-03-12"):
    return nlp(make_doc(nlp, Article(text=text, published=published)))._.figures


def _one(nlp, text: str):
    figures = _figures(nlp, text)
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 45 people were killed in the floods.", ("At least 45", 45, None, "at_least")),
        ("The blast wounded dozens of shoppers.", ("dozens", 24, None, "at_least")),
        ("Hundreds of families fled the town.", ("Hundreds", 200, None, "at_least")),
        ("Several hundred protesters were arrested.", ("Several hundred", 200, 999, "range")),
        (
            "Tens of thousands of residents were evacuated.",
            ("Tens of thousands", 20000, None, "at_least"),
        ),
        ("Thousands of troops were deployed to the border.", ("Thousands", 2000, None, "at_least")),
        ("Millions of people have been displaced.", ("Millions", 2000000, None, "at_least")),
        (
            "A couple thousand soldiers arrived on Friday.",
            ("A couple thousand", 2000, 2000, "approx"),
        ),
        ("Several soldiers were wounded.", ("Several", 2, 9, "range")),
        ("Between 100 and 200 fighters were killed.", ("Between 100 and 200", 100, 200, "range")),
        ("The navy said 12, 000 sailors were deployed.", ("12, 000", 12000, 12000, "exact")),
        (
            "Nearly 1.5 million refugees crossed the border.",
            ("Nearly 1.5 million", 1500000, 1500000, "approx"),
        ),
        ("A dozen journalists were detained.", ("A dozen", 12, 12, "exact")),
    ],
)
def test_interval_of_a_figure(nlp, text: str, expected: tuple) -> None:
    figure = _one(nlp, text)
    assert (figure.text, figure.low, figure.high, figure.qualifier) == expected
    assert text[figure.start : figure.end] == figure.text


@pytest.mark.parametrize(
    "text",
    [
        "A nearly three-minute video was posted online.",  # duration
        "A 20-year-old student was among the crowd.",  # age
        "A man aged 45 spoke to the crowd.",  # age
        "The bridge was built in 1998.",  # year
        "The talks ended on 14 March.",  # date
        "The repairs will cost $2 million.",  # money
        "Prices rose 30 percent last year.",  # percentage
        "About 30% of voters stayed home.",  # percentage
        "It was the 56th meeting of the council.",  # ordinal
        "The details are on page 12 of the report.",  # page number
        "The rules are set out in section 4.",  # section number
        "For tickets, call 555-0199.",  # phone number
        "A magnitude 6.4 earthquake struck the coast.",  # magnitude
        "The convoy travelled 44 kilometres.",  # distance
        "The fire burned 300 hectares of forest.",  # area
        "The siege lasted 12 days.",  # count of days
        "He waited 20 minutes before leaving.",  # time
        "The ship carried 600 tonnes of grain.",  # weight
        "Nearly two thirds of homes were damaged.",  # fraction
        "Four in 10 adults are overweight.",  # ratio
        "The council adopted resolution 2720.",  # reference
        "Several powerful aftershocks followed.",  # not a count of people or arms
    ],
)
def test_not_a_figure(nlp, text: str) -> None:
    assert _figures(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Three people have died after the storm.", "killed"),
        ("Close to 500 children are dead.", "killed"),
        ("The war has caused 4,700 casualties.", "casualties"),
        ("More than 200 children were killed or injured.", "casualties"),
        ("Militants killed or wounded 85 soldiers.", "casualties"),
        ("About 70 residents sustained injuries.", "injured"),
        ("Rebels took 30 soldiers prisoner.", "captured"),
        ("Kyiv holds about 1,000 prisoners of war.", "captured"),
        ("At least 16 fishermen are missing.", "missing"),
        ("The country has sent 10,000 troops to the front.", "deployed"),
        ("About 8,000 soldiers are stationed in the region.", "deployed"),
        ("More than 2 million people have had to flee their homes.", "displaced"),
        ("The storm left thousands of families homeless.", "displaced"),
        ("Police arrested 23 protesters.", "detained"),
        ("The village is home to about 50,000 people.", "other"),
        ("Air defences shot down 28 drones.", "other"),
    ],
)
def test_category_from_the_words_around(nlp, text: str, category: str) -> None:
    assert _one(nlp, text).category == category


def test_counts_without_a_noun(nlp) -> None:
    figures = _figures(nlp, "The shelling killed nine civilians and injured over one hundred.")
    assert [(f.text, f.category) for f in figures] == [
        ("nine", "killed"),
        ("over one hundred", "injured"),
    ]
    figures = _figures(nlp, "Four were killed and 12 were wounded.")
    assert [(f.low, f.category) for f in figures] == [(4, "killed"), (12, "injured")]


def test_others_take_the_subject_of_the_clause_before(nlp) -> None:
    text = "At least 300 conscripts have died, while roughly 2,000 others were wounded."
    killed, wounded = _figures(nlp, text)
    assert (killed.subject, killed.category) == ("conscripts", "killed")
    assert (wounded.subject, wounded.category) == ("conscripts", "injured")
    assert (wounded.low, wounded.qualifier) == (2000, "approx")


def test_subject_is_the_counted_noun_phrase(nlp) -> None:
    figure = _one(nlp, "The attack killed 14 Ukrainian border guards.")
    assert figure.subject == "Ukrainian border guards"
    assert figure.subject_start is not None
    assert (
        ("The attack killed 14 Ukrainian border guards."[figure.subject_start : figure.subject_end])
        == "Ukrainian border guards"
    )


def test_of_phrases_name_the_subject(nlp) -> None:
    figure = _one(nlp, "The quake killed 20 of his relatives.")
    assert (figure.low, figure.subject, figure.category) == (20, "his relatives", "killed")


def test_ranges_of_drones_and_missiles(nlp) -> None:
    figures = _figures(
        nlp, "The air force said it downed 30 out of 35 drones and two of three missiles."
    )
    assert [f.low for f in figures] == [30, 35, 2, 3]
    assert {f.category for f in figures} == {"other"}


def test_breakdown_is_linked(nlp) -> None:
    figures = _figures(nlp, "The fighting caused 4,700 casualties including 600 deaths.")
    assert [(f.low, f.category) for f in figures] == [(4700, "casualties"), (600, "killed")]
    assert figures[1].part_of == 0
    assert figures[0].part_of is None


def test_of_those_is_a_breakdown(nlp) -> None:
    text = "There have been 9,000 civilian casualties, with over 3,000 of those killed."
    _whole, part = _figures(nlp, text)
    assert part.part_of == 0 and part.category == "killed"


def test_objects_count_when_the_article_is_about_them(nlp) -> None:
    about = "Rockets hit two trucks. The trucks were carrying aid. Both trucks burned."
    assert [f.low for f in _figures(nlp, about)] == [2]
    passing = "Rockets hit two trucks near the market."
    assert _figures(nlp, passing) == []


def test_claimant_is_the_innermost_attribution(nlp) -> None:
    text = "Governor Maria Lopez said the floods had killed 17 people."
    doc = nlp(make_doc(nlp, Article(text=text, published="2025-03-12")))
    (figure,) = doc._.figures
    assert figure.attribution is not None
    attribution = doc._.attributions[figure.attribution]
    assert attribution.content_start <= figure.start < figure.end <= attribution.content_end
    assert figure.source_entity == attribution.source_entity
    assert figure.source_entity is not None and "Lopez" in figure.source_entity


def test_own_voice_has_no_claimant(nlp) -> None:
    figure = _one(nlp, "The storm killed nine fishermen.")
    assert figure.attribution is None and figure.source_entity is None


def test_point_value(nlp) -> None:
    assert _one(nlp, "Dozens of migrants drowned.").point == 12
    assert _one(nlp, "Hundreds of people were injured.").point == 100
    assert _one(nlp, "At least 45 people were killed.").point == 45


def test_records_round_trip_through_json(nlp) -> None:
    from reportedly.model import Figure

    figure = _one(nlp, "At least 45 people were killed.")
    assert Figure.from_dict(figure.to_dict()) == figure


def test_a_toll_put_at_a_number_is_a_figure_of_its_claimant(nlp) -> None:
    figure = _one(nlp, "The Health Ministry put the death toll at more than 40 on Sunday.")
    assert (figure.text, figure.low, figure.high, figure.category) == (
        "more than 40",
        40,
        None,
        "killed",
    )
    assert figure.source_entity == "Health Ministry"


@pytest.mark.parametrize(
    ("text", "number", "low", "high", "category"),
    [
        ("The count of flu deaths passed 3,000 on Friday.", "passed 3,000", 3000, None, "killed"),
        ("Reported infections have topped 40,000.", "topped 40,000", 40000, None, "other"),
        ("The toll from the mudslide surpassed 120.", "surpassed 120", 120, None, "killed"),
        ("The real toll is closer to 900, a doctor said.", "closer to 900", 900, 900, "killed"),
        ("The death toll rose to 45 on Tuesday.", "45", 45, 45, "killed"),
        ("The latest deaths brought the total to 212.", "212", 212, 212, "killed"),
        ("The death toll in the province has reached 1,203.", "1,203", 1203, 1203, "killed"),
        ("Its toll has risen by 12 to 310.", "310", 310, 310, "killed"),
        ("The number of infections rose to 8,400.", "8,400", 8400, 8400, "other"),
        ("The number of people in hospital increased to 640 from 590.", "640", 640, 640, "other"),
        ("The number of people in hospital increased to 640 from 590.", "590", 590, 590, "other"),
        ("Five-hundred soldiers arrived in the city.", "Five-hundred", 500, 500, "deployed"),
        ("Rebels killed or wounded 85 soldiers.", "85", 85, 85, "casualties"),
        ("The two sides exchanged 90 soldiers on Sunday.", "90", 90, 90, "captured"),
        ("The storm claimed the lives of 14 fishermen.", "14", 14, 14, "killed"),
        ("Each year hundreds of migrants lose their lives.", "hundreds", 200, None, "killed"),
        ("About 2,000 people were forced from home.", "About 2,000", 2000, 2000, "displaced"),
        ("Nearly 900 villagers were moved to relief camps.", "Nearly 900", 900, 900, "displaced"),
        ("The gunman shot 12 people outside the school.", "12", 12, 12, "casualties"),
        ("The gunman shot and killed 12 people.", "12", 12, 12, "killed"),
        ("Police shot dead two men.", "two", 2, 2, "killed"),
        ("Up to 300 factory workers could lose their jobs.", "Up to 300", None, 300, "other"),
        ("The carmaker will cut about 6,000 jobs.", "about 6,000", 6000, 6000, "other"),
        ("Over 400 people who lost contact are sought.", "Over 400", 400, None, "missing"),
        ("They said more than 70 were listed as missing.", "more than 70", 70, None, "missing"),
        ("Several of the injured were in a serious condition.", "Several", 2, 9, "injured"),
        ("Six guards were thought to be among the wounded and dead.", "Six", 6, 6, "casualties"),
        ("The 31 survivors were taken to a hospital in the port.", "31", 31, 31, "other"),
    ],
)  # fmt: skip
def test_wording_of_real_news(nlp, text: str, number: str, low, high, category: str) -> None:
    figures = [f for f in _figures(nlp, text) if f.text == number]
    assert len(figures) == 1, [(f.text, f.category) for f in _figures(nlp, text)]
    assert (figures[0].low, figures[0].high, figures[0].category) == (low, high, category)


@pytest.mark.parametrize(
    "text",
    [
        "One of the victims was a retired teacher.",  # names one person, does not count
        "Two soldiers were captured in May. Later, the two soldiers were released.",
    ],
)
def test_one_of_the_and_re_mentions_count_once(nlp, text: str) -> None:
    assert len(_figures(nlp, text)) == (1 if "captured" in text else 0)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Rescuers said 40 people died after the town was shelled overnight.", "shelling"),
        # munitions are not an event; a kind named once in passing is no evidence
        ("The ministry said 40 soldiers had died since May.\n"
         "It said the army had been sent more artillery shells.", None),
        ("Officials said 40 soldiers had died since May.\n"
         "They said the men had faced drone attacks.", None),
        ("Officials said 40 soldiers had died since May.\n"
         "They said the attacks came at night. Another attack followed on Sunday.", "attack"),
    ],
)  # fmt: skip
def test_event_kind_needs_evidence(nlp, text: str, event: str | None) -> None:
    assert (_one(nlp, text).event or None) == event
