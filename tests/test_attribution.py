"""Attribution component: sentence -> expected records, with the negatives that trip
quote extractors (scare quotes, titles in quotes, non-reporting 'said')."""

from __future__ import annotations

import pytest

from reportedly.extract.quotes import find_quotes
from reportedly.model import Article


def attributions(nlp, text: str):
    from reportedly.extract.pipeline import make_doc

    doc = nlp(make_doc(nlp, Article(text=text)))
    return doc._.attributions


@pytest.mark.parametrize(
    ("text", "source", "cue", "content", "kind"),
    [
        # an object's relative clause after a comma is the writer's, not the claim
        (
            "Critics cited the audit, which found missing funds in three offices.",
            "Critics",
            "cited",
            "the audit",
            "indirect",
        ),
        # naming: the object with what it is called
        (
            "The union called the new contract a betrayal of its members.",
            "The union",
            "called",
            "the new contract a betrayal of its members",
            "indirect",
        ),
        (
            "The council member called on the utility to refund its customers.",
            "The council member",
            "called",
            "the utility to refund its customers",
            "indirect",
        ),
        (
            "Residents called for a second crossing over the river.",
            "Residents",
            "called",
            "a second crossing over the river",
            "indirect",
        ),
        # "continued" reports only next to a quotation
        (
            "The host continued: “Nobody in this room trusts these numbers.”",
            "The host",
            "continued",
            "Nobody in this room trusts these numbers.",
            "direct",
        ),
        (
            "Neighbours worry that the new road will flood their gardens.",
            "Neighbours",
            "worry",
            "the new road will flood their gardens",
            "indirect",
        ),
        # "according to X" mid-sentence: the clause before it, not the fragment after
        (
            "Rents rose by 12 percent, according to the city's housing office, twice the "
            "rise in wages.",
            "the city's housing office",
            "according to",
            "Rents rose by 12 percent",
            "indirect",
        ),
        # whom and of what
        (
            "The mayor accused the contractor of hiding the cost overruns.",
            "The mayor",
            "accused",
            "the contractor of hiding the cost overruns",
            "indirect",
        ),
        # "that" is stripped as a complementizer, never from "That's"
        (
            "“That's the whole budget,” the treasurer said.",
            "the treasurer",
            "said",
            "That's the whole budget,",
            "direct",
        ),
        # a reported clause goes on after a colon that introduces its details
        (
            "She noted that three things are happening at once: prices rise, rates fall "
            "and wages stall.",
            "She",
            "noted",
            "three things are happening at once: prices rise, rates fall and wages stall",
            "indirect",
        ),
        # "that," before an inserted phrase is still the complementizer
        (
            "The agency noted that, under the treaty, the strait stays open.",
            "The agency",
            "noted",
            "under the treaty, the strait stays open",
            "indirect",
        ),
        # a cue word inside a quoted phrase is part of the content
        (
            'The envoy wrote that her team was "assessing the damage and responding to calls."',
            "The envoy",
            "wrote",
            'her team was "assessing the damage and responding to calls',
            "mixed",
        ),
        # an estimate put at a number: the object and what it is put at
        (
            "Rescuers put the number of missing at about 70.",
            "Rescuers",
            "put",
            "the number of missing at about 70",
            "indirect",
        ),
        # a directive: whom it is addressed to and what they should do
        (
            "Several mayors urged the state to reopen the rail line by June.",
            "Several mayors",
            "urged",
            "the state to reopen the rail line by June",
            "indirect",
        ),
        # the parser takes the reported clause for an adverbial one after "after X"
        (
            "The coach said after the match he would not resign over the defeat.",
            "The coach",
            "said",
            "he would not resign over the defeat",
            "indirect",
        ),
        # a dateline with a horizontal bar is not part of the content
        (
            "BOSTON ― The new budget leaves schools short, teachers said on Friday.",
            "teachers",
            "said",
            "The new budget leaves schools short",
            "indirect",
        ),
        # speech acts beyond "say": a vow's infinitive, a complaint's clause, a question's object
        (
            "The senator vowed to block the nomination before the recess.",
            "The senator",
            "vowed",
            "to block the nomination before the recess",
            "indirect",
        ),
        (
            "The governor complained that the state had received no federal help.",
            "The governor",
            "complained",
            "the state had received no federal help",
            "indirect",
        ),
        (
            "Critics questioned the cost of the new bridge.",
            "Critics",
            "questioned",
            "the cost of the new bridge",
            "indirect",
        ),
        (
            "The ministry said that 40 drones were shot down overnight.",
            "The ministry",
            "said",
            "40 drones were shot down overnight",
            "indirect",
        ),
        (
            "About 500 soldiers were captured, the general staff said on Monday.",
            "the general staff",
            "said",
            "About 500 soldiers were captured",
            "indirect",
        ),
        (
            "“We will not give up the town,” the mayor told reporters.",
            "the mayor",
            "told",
            "We will not give up the town,",
            "direct",
        ),
        (
            "The governor said: “Nobody was hurt in the blast.”",
            "The governor",
            "said",
            "Nobody was hurt in the blast.",
            "direct",
        ),
        (
            "Dozens of homes were flattened, according to local police.",
            "local police",
            "according to",
            "Dozens of homes were flattened",
            "indirect",
        ),
        (
            "According to the United Nations, 1,200 families fled the valley.",
            "the United Nations",
            "According to",
            "1,200 families fled the valley",
            "indirect",
        ),
        (
            "The army said the attack caused “serious losses” among the rebels.",
            "The army",
            "said",
            "the attack caused “serious losses” among the rebels",
            "mixed",
        ),
        (
            "Officials denied that any prisoners had been harmed.",
            "Officials",
            "denied",
            "any prisoners had been harmed",
            "indirect",
        ),
        (
            "Witnesses told the BBC that soldiers opened fire on the crowd.",
            "Witnesses",
            "told",
            "soldiers opened fire on the crowd",
            "indirect",
        ),
        (
            "The army claimed to have killed 300 militants.",
            "The army",
            "claimed",
            "to have killed 300 militants",
            "indirect",
        ),
        (
            "The study found that 12 people had died in custody.",
            "The study",
            "found",
            "12 people had died in custody",
            "indirect",
        ),
        (
            "The minister was quoted as saying that the border would stay closed.",
            "The minister",
            "saying",
            "the border would stay closed",
            "indirect",
        ),
        (
            "Two villages were shelled overnight, it was reported by state television.",
            "state television",
            "reported",
            "Two villages were shelled overnight",
            "indirect",
        ),
        (
            "The ministry's statement that no civilians were hurt was disputed.",
            "The ministry",
            "statement",
            "no civilians were hurt",
            "indirect",
        ),
        (
            "The governor said: “We have lost contact with two towns.\n"
            "“Rescue teams cannot reach them before Friday.”",
            "The governor",
            "said",
            "We have lost contact with two towns.\n“Rescue teams cannot reach them before Friday.",
            "direct",
        ),
    ],
)
def test_attribution_frames(nlp, text, source, cue, content, kind):
    found = attributions(nlp, text)
    assert len(found) == 1, found
    record = found[0]
    assert (record.source, record.cue, record.content, record.kind) == (source, cue, content, kind)
    assert text[record.content_start : record.content_end] == record.content
    assert text[record.cue_start : record.cue_end] == record.cue


@pytest.mark.parametrize(
    "text",
    [
        # scare quotes and titles in quotes are not attributions
        "The so-called “special operation” entered its third year.",
        "She starred in the film “Winter on Fire” in 2015.",
        # numbers in quotes, no speaker
        "The sign read “300” in red paint.",
        # 'said' as an adjective, not a reporting verb
        "The said company was fined twice.",
        # a passive with no source named
        "The death toll is expected to rise further.",
        # an action, not a statement
        "The president posted a video on Sunday.",
        "The video, posted online by the ministry, showed a burning tank.",
        # evidence is not a source: "shows", "found" need someone or a document
        "The high casualty rate shows how poorly the troops were trained.",
        # a negated cue reports nothing
        "The police did not say where the information came from.",
        # "continued" with no quotation next to it reports nothing
        "The river continued to rise through the night.",
        # putting things somewhere reports nothing
        "She put the keys on the table at ten.",
        # calling a meeting or the police names nothing
        "The chair called a meeting for Monday.",
        "A neighbour called the police after midnight.",
        # an appeal in the writer's own voice is the article's, not a report
        "We call on all parties to return to the talks.",
        # a question is not a claim
        "The reporter asked whether the port would reopen this week.",
        # a bare "to abide" in a relative clause says nothing
        "These are the rules by which the council has promised to abide.",
    ],
)
def test_not_attributions(nlp, text):
    assert attributions(nlp, text) == []


def test_nested_attribution_points_to_its_parent(nlp):
    text = "Lee said the agency told lawmakers that 300 soldiers had died."
    found = attributions(nlp, text)
    outer = next(a for a in found if a.cue == "said")
    inner = next(a for a in found if a.cue == "told")
    assert inner.content == "300 soldiers had died"
    assert found.index(outer) == inner.parent
    assert outer.parent is None


def test_cited_as_saying_gives_the_cited_source_nested(nlp):
    found = attributions(nlp, "The paper cited a senior officer as saying that 40 men deserted.")
    inner = next(a for a in found if a.cue == "saying")
    assert (inner.source, inner.content) == ("a senior officer", "40 men deserted")
    assert found[inner.parent].source == "The paper"


def test_sources_resolve_to_entities_within_the_article(nlp):
    text = (
        "South Korea's National Intelligence Service (NIS) briefed a committee on Monday. "
        "The agency said that 300 soldiers had died. "
        "Rep. Lee Seong-kweun said the soldiers lacked training. "
        "Lee added that the NIS expects more deployments."
    )
    found = attributions(nlp, text)
    by_source = {a.source: a.source_entity for a in found}
    assert by_source["The agency"] == "National Intelligence Service"
    assert by_source["Lee"] == "Lee Seong-kweun"
    assert by_source["Rep. Lee Seong-kweun"] == "Lee Seong-kweun"


def test_anonymous_sources_stay_unresolved(nlp):
    found = attributions(nlp, "Witnesses said the bridge collapsed within minutes.")
    assert [a.source_entity for a in found] == [None]


def test_a_broken_quote_costs_that_quote_not_the_article(nlp):
    text = "He said “the town is lost.\nThe ministry said 12 soldiers were wounded."
    found = attributions(nlp, text)
    assert any(a.content == "12 soldiers were wounded" for a in found)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said “yes” and “no”.", ["yes", "no"]),
        ('"A b," he said. "C d."', ["A b,", "C d."]),
        ("“First paragraph.\n“Second one,” she said.", ["First paragraph.\n“Second one,"]),
        ("An “unclosed quote here.\nNext paragraph.", []),
        ('Straight 5" pipe and "real quote" here', ["real quote"]),
        ("''Not reform,'' he said. ''More tinkering.''", ["Not reform,", "More tinkering."]),
        ("He said ``yes'' twice.", ["yes"]),
        ("The soldiers' and the officers' pay", []),
    ],
)
def test_find_quotes(text, quoted):
    assert [text[q.start : q.end] for q in find_quotes(text)] == quoted


def test_component_lexicon_round_trips_to_disk(nlp, tmp_path):
    component = nlp.get_pipe("reportedly_attributions")
    component.to_disk(tmp_path)
    cues = (tmp_path / "cues.jsonl").read_text(encoding="utf-8")
    assert '"lemma": "say"' in cues
    before = dict(component.verbs)
    component.from_disk(tmp_path)
    assert component.verbs == before


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        # a place after the role is where, not who, even when NER calls it a person
        (
            "The police commissioner for Borno state told reporters that 329 students "
            "had been in the school.",
            [None],
        ),
        # a role resolves to the person the article names for it, before or after
        (
            "The region's governor said a missile hit the port. "
            "Governor Oleh Kiper said there was also damage.",
            ["Oleh Kiper", "Oleh Kiper"],
        ),
        (
            "Maulana Abdul Wasey, a provincial minister, visited the valley. "
            "The minister said many families had begun burying their dead.",
            ["Maulana Abdul Wasey"],
        ),
        # an unnamed official stays unnamed, whatever person is mentioned nearby
        (
            'Some had fled into the bush with Musa. "We are still counting," the official said.',
            [None],
        ),
    ],
)
def test_roles_resolve_only_to_the_person_named_for_them(nlp, text, entities):
    assert [a.source_entity for a in attributions(nlp, text)] == entities


def test_one_claim_with_two_cues_is_one_record(nlp):
    text = '"The rate shows how poorly the troops were trained," Lee said, citing the briefing.'
    found = attributions(nlp, text)
    assert [(a.cue, a.kind) for a in found] == [("said", "direct")]


def test_a_document_source_resolves_to_its_author(nlp):
    text = "A report by the World Health Organization found that 3,000 clinics had closed."
    (record,) = attributions(nlp, text)
    assert record.source == "A report by the World Health Organization"
    assert record.source_entity == "World Health Organization"


def test_a_dateline_is_not_part_of_the_content(nlp):
    text = "KYIV, Ukraine (AP) — Russia fired 120 missiles overnight, officials said Sunday."
    (record,) = attributions(nlp, text)
    assert record.content == "Russia fired 120 missiles overnight"


def test_a_surname_joins_the_full_name_whatever_ner_calls_it(nlp):
    text = (
        "Prime Minister Denys Shmyhal said the attack was one of the largest. "
        '"This was a deliberate attack on civilians," Shmyhal said.'
    )
    assert [a.source_entity for a in attributions(nlp, text)] == ["Denys Shmyhal"] * 2


def test_a_vocative_is_not_the_source(nlp):
    text = "Mr President, the Secretary-General has reported that 10,000 civilians have died."
    (record,) = attributions(nlp, text)
    assert record.source == "the Secretary-General"


def test_a_clause_the_parser_splits_stays_one_content(nlp):
    text = (
        "The district chief told reporters at least 40 people were killed, "
        "and 150 others injured in two villages."
    )
    (record,) = attributions(nlp, text)
    assert record.content.startswith("at least 40 people were killed")
    assert record.content.endswith("150 others injured in two villages")


def test_we_in_the_articles_own_voice_is_its_publisher(nlp):
    from reportedly.extract.pipeline import make_doc

    text = (
        "We believe that about 10,000 soldiers have been sent to train in Russia. "
        'A colonel said: "We believe the training will take weeks."'
    )
    article = Article(text=text, outlet="U.S. Department of Defense, briefing transcript")
    doc = nlp(make_doc(nlp, article))
    own, quoted = doc._.attributions[0], doc._.attributions[-1]
    assert (own.source, own.source_entity) == ("We", "U.S. Department of Defense")
    assert doc._.figures[0].source_entity == "U.S. Department of Defense"
    assert quoted.source == "A colonel"  # "we believe" inside his quote is talk, not a record
    assert len(doc._.attributions) == 2


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        # a person noun, a place, a comma, then the name
        (
            "A nurse at the district hospital, Ana Beltran, tells reporters the wards are full.",
            "Ana Beltran",
        ),
        # the parser hangs the name below the title
        (
            "Deputy Minister for Rural Affairs Tomas Ferreira Lima told a news conference "
            "that six villages were cut off.",
            "Tomas Ferreira Lima",
        ),
    ],
)
def test_a_role_with_its_name_resolves_to_the_person(nlp, text, entity):
    (record,) = attributions(nlp, text)
    assert entity in (record.source_entity or "")


def test_a_second_cue_after_and_keeps_the_first_cues_source(nlp):
    text = (
        "The ministry said that the rebels had moved 400 fighters to the border, "
        "and warned that an offensive could begin within days."
    )
    found = {a.cue: a.source for a in attributions(nlp, text)}
    assert found == {"said": "The ministry", "warned": "The ministry"}


def test_a_description_resolves_only_to_a_fitting_organisation(nlp):
    text = (
        "Thousands of people have fled, according to the United Nations. "
        "About 150 fighters were captured, the army said. "
        "South Korea's National Intelligence Service briefed lawmakers on Monday. "
        "The agency said 300 soldiers had died."
    )
    found = {a.source: a.source_entity for a in attributions(nlp, text)}
    assert found["the army"] is None  # the UN is no army
    assert found["The agency"] == "National Intelligence Service"


def test_a_participle_cue_after_a_document_takes_it_as_source(nlp):
    text = "We have read reports from local media suggesting that troops have crossed the river."
    found = [a for a in attributions(nlp, text) if a.cue == "suggesting"]
    assert [(a.source, a.content) for a in found] == [
        ("reports from local media", "troops have crossed the river")
    ]


def test_a_name_after_a_lowercase_role_is_a_person_pronouns_can_follow(nlp):
    text = (
        '"The search continues," police spokesman Resila Onyango told reporters. '
        "She added that 12 people were still unaccounted for."
    )
    assert [a.source_entity for a in attributions(nlp, text)] == ["Resila Onyango"] * 2


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("''The vote will fail,'' the senator told me.", "the senator", "The vote will fail,"),
        ("''The budget is short,'' said Ms. Ortega.", "Ms. Ortega", "The budget is short,"),
        ("``Turnout was low,'' the clerk said on Friday.", "the clerk", "Turnout was low,"),
    ],
)
def test_quotes_in_paired_apostrophes_are_direct_content(nlp, text, source, content):
    found = attributions(nlp, text)
    assert [(a.source, a.content, a.kind) for a in found] == [(source, content, "direct")]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # the cue between two sentences of one quotation
        (
            "“The bridge is closed,” the mayor said. “Crews will need a week to repair it.”",
            ["The bridge is closed,", "Crews will need a week to repair it."],
        ),
        # the cue inside one sentence of the quotation, quote after it
        (
            "“We are ready,” she said, “and we will hold the line until spring.”",
            ["We are ready,", "and we will hold the line until spring."],
        ),
    ],
)
def test_a_quotation_broken_by_its_cue_is_one_record_in_pieces(nlp, text, pieces):
    found = attributions(nlp, text)
    assert len(found) == 1, found
    record = found[0]
    assert [text[s:e] for s, e in record.content_parts] == pieces
    assert record.content == " ".join(pieces)
    assert record.kind == "direct"
    assert (record.content_start, record.content_end) == (
        record.content_parts[0][0],
        record.content_parts[-1][1],
    )


@pytest.mark.parametrize(
    "text",
    [
        # a new paragraph starts a new statement
        "“The bridge is closed,” the mayor said.\n“Crews will need a week to repair it.”",
        # the second quotation has a speaker of its own
        "“The bridge is closed,” the mayor said. “It is open,” the engineer replied.",
    ],
)
def test_quotations_are_not_joined_across_paragraphs_or_speakers(nlp, text):
    assert all(not a.content_parts for a in attributions(nlp, text))


def test_a_second_cue_joined_to_the_reported_clause_is_its_own_record(nlp):
    text = (
        "The minister said the country would leave the pact by March and suggested "
        "that it would also quit the council."
    )
    found = attributions(nlp, text)
    assert [(a.cue, a.content) for a in found] == [
        ("said", "the country would leave the pact by March"),
        ("suggested", "it would also quit the council"),
    ]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "Though the first vote went smoothly, he said, the second would be far harder.",
            ["Though the first vote went smoothly", "the second would be far harder"],
        ),
        (
            "To see the whole story, the curator said in an interview, visit the east wing.",
            ["To see the whole story", "visit the east wing"],
        ),
    ],
)
def test_a_parenthetical_cue_reports_the_sentence_around_it(nlp, text, pieces):
    found = attributions(nlp, text)
    assert len(found) == 1, found
    assert [text[s:e] for s, e in found[0].content_parts] == pieces
    assert found[0].content == " ".join(pieces)
    assert found[0].kind == "indirect"


def test_words_before_a_closing_quotation_make_a_mixed_content(nlp):
    text = "Raising the fuel tax ''is the wrong tool,'' said Ms. Ortega."
    found = attributions(nlp, text)
    assert [(a.source, a.content, a.kind) for a in found] == [
        ("Ms. Ortega", "Raising the fuel tax ''is the wrong tool,''", "mixed")
    ]


def test_a_quoted_paragraph_after_a_blank_line_continues_the_speaker(nlp):
    text = (
        "“The ferry will not run this winter,” the operator said.\n\n"
        "“We have no crew, no fuel contract and no insurance for the crossing.”"
    )
    found = attributions(nlp, text)
    assert [(a.source, a.content) for a in found] == [
        ("the operator", "The ferry will not run this winter,"),
        ("the operator", "We have no crew, no fuel contract and no insurance for the crossing."),
    ]


def test_the_quoted_speakers_own_cues_inside_the_quotation_are_not_records(nlp):
    text = "“We told the council the bridge was unsafe,” the engineer said."
    found = attributions(nlp, text)
    assert [(a.source, a.content) for a in found] == [
        ("the engineer", "We told the council the bridge was unsafe,")
    ]


def test_a_relative_pronoun_source_is_kept_and_resolved_to_its_antecedent(nlp):
    from reportedly.extract.pipeline import make_doc

    text = (
        "Defense Minister Rustem Umerov, who told reporters that 40 drones were downed, "
        "left for Brussels."
    )
    doc = nlp(make_doc(nlp, Article(text=text)))
    found = doc._.attributions
    assert [(a.source, a.source_entity, a.content) for a in found] == [
        ("who", "Rustem Umerov", "40 drones were downed")
    ]


def test_a_cue_inside_a_relative_clause_takes_no_words_around_it(nlp):
    text = "Whatever the governor says is a lie unless proven true, the poster claimed."
    assert [(a.cue, a.source) for a in attributions(nlp, text)] == [("claimed", "the poster")]


def test_a_quotation_before_the_cue_wins_over_a_clause_hung_after_it(nlp):
    text = (
        "“You should resign and repay the bonus,” the senator told the banker, after he "
        "admitted under questioning he had never been held accountable."
    )
    found = attributions(nlp, text)
    assert [(a.source, a.content, a.kind) for a in found] == [
        ("the senator", "You should resign and repay the bonus,", "direct")
    ]


def test_a_cue_with_according_to_after_it_keeps_its_own_content(nlp):
    text = (
        "Some 400 homes were flooded along the river, the regional water authority "
        "estimated on Sunday, according to a councillor."
    )
    by_cue = {a.cue: a for a in attributions(nlp, text)}
    estimated = by_cue["estimated"]
    assert (estimated.source, estimated.content, estimated.content_parts) == (
        "the regional water authority",
        "Some 400 homes were flooded along the river",
        [],
    )
    assert by_cue["according to"].source == "a councillor"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The ministry has not confirmed that 40 soldiers were killed.",
        "Neither government has acknowledged that troops were deployed.",
        "Neither Ankara nor Baku acknowledged the deployment of 300 troops.",
        "No official confirmed that the convoy was hit.",
        "The fever has claimed the lives of 45 nurses.",
    ],
)
def test_negated_and_refused_cues_make_no_claim(nlp, text: str) -> None:
    assert attributions(nlp, text) == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The army denied that 50 civilians were killed.", "denied"),
        ("The police confirmed that 20 protesters were arrested.", "confirmed"),
        ("The rebels claimed that 45 soldiers died.", "claimed"),
        ("No 10 confirmed that the meeting took place.", "confirmed"),
        ("The agency refused to confirm that 12 workers were detained.", "refused"),
        ("A spokesman declined to say how many soldiers had died.", "refused"),
    ],
)
def test_a_denial_or_a_refusal_is_a_record_with_its_modality(nlp, text: str, modality: str) -> None:
    (record,) = attributions(nlp, text)
    assert record.modality == modality
