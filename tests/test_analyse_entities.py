"""Entities across articles: spelling variants, acronyms, prefixes, titles, same surnames."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.analyse.entities import AliasFile, load_aliases, resolve
from reportedly.entity_names import parse_name
from reportedly.errors import ReadError


def mention(article: int, name: str, kind: str, *aliases: str) -> dict:
    return {"article_id": article, "name": name, "type": kind, "aliases": list(aliases)}


def groups(mentions: list[dict], aliases: AliasFile | None = None, edits=()) -> list[set[str]]:
    """The per-article names grouped by the entity they were given."""
    rows, assignment = resolve(mentions, aliases, edits)
    out: list[set[str]] = [set() for _ in rows]
    for (_, name), index in assignment.items():
        out[index].add(name)
    return sorted(out, key=sorted)


def test_three_spellings_of_one_person_are_one_entity() -> None:
    mentions = [
        mention(1, "Volodymyr Zelenskyy", "person", "Zelenskyy"),
        mention(2, "Volodymyr Zelensky", "person"),
        mention(3, "Zelensky", "person"),
    ]
    rows, _ = resolve(mentions)
    assert [r["name"] for r in rows] == ["Volodymyr Zelenskyy"]
    assert set(rows[0]["aliases"]) == {"Volodymyr Zelensky", "Zelensky", "Zelenskyy"}


def test_two_people_sharing_a_surname_stay_two_and_a_lone_surname_joins_neither() -> None:
    mentions = [
        mention(1, "John Kirby", "person", "Kirby"),
        mention(2, "Jane Kirby", "person"),
        mention(3, "Kirby", "person"),
    ]
    assert groups(mentions) == [{"Jane Kirby"}, {"John Kirby"}, {"Kirby"}]


def test_a_lone_surname_joins_the_person_named_in_its_own_article() -> None:
    mentions = [
        mention(1, "John Kirby", "person"),
        mention(2, "Jane Kirby", "person"),
        mention(2, "Kirby", "person"),
    ]
    assert groups(mentions) == [{"Jane Kirby", "Kirby"}, {"John Kirby"}]


def test_declared_acronyms_possessive_prefixes_and_word_order_join_an_organisation() -> None:
    mentions = [
        mention(1, "National Intelligence Service", "government body", "NIS"),
        mention(2, "NIS", "organisation"),
        mention(3, "South Korea's National Intelligence Service", "government body"),
        mention(4, "Ministry of Defence", "government body"),
        mention(5, "Defence Ministry", "government body"),
    ]
    rows, _ = resolve(mentions)
    assert [r["name"] for r in rows] == ["National Intelligence Service", "Ministry of Defence"]


def test_different_possessive_prefixes_and_bare_descriptions_do_not_merge() -> None:
    mentions = [
        mention(1, "Russia's defence ministry", "government body"),
        mention(2, "Britain's defence ministry", "government body"),
        mention(3, "the ministry", "government body"),
        mention(4, "the ministry", "government body"),
        mention(5, "Russia's defence ministry", "government body"),
    ]
    assert len(resolve(mentions)[0]) == 4


def test_persons_never_merge_with_organisations_or_places() -> None:
    mentions = [mention(1, "Jordan", "country"), mention(2, "Michael Jordan", "person")]
    assert len(resolve(mentions)[0]) == 2


def test_titles_are_not_part_of_a_person_name() -> None:
    assert parse_name("Rep. Lee Seong-kweun", "person").words == ("lee", "seong", "kweun")
    mentions = [
        mention(1, "President Emma Holt", "person"),
        mention(2, "Emma Holt", "person"),
    ]
    assert len(resolve(mentions)[0]) == 1


def test_alias_file_merges_forbids_and_grades(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text(
        '[[merge]]\nnames = ["Coastal Agency", "harbour watch"]\n\n'
        '[[forbid]]\nnames = ["Emma Holt", "Emma Holte"]\n\n'
        '[reliability]\n"Coastal Agency" = "b"\n',
        encoding="utf-8",
    )
    aliases = load_aliases(path)
    mentions = [
        mention(1, "Coastal Agency", "organisation"),
        mention(2, "harbour watch", "organisation"),
        mention(3, "Emma Holt", "person"),
        mention(4, "Emma Holte", "person"),
    ]
    assert len(resolve(mentions)[0]) == 3  # without the file, Holt and Holte match
    rows, _ = resolve(mentions, aliases)
    assert [(r["name"], r["reliability"]) for r in rows] == [
        ("Coastal Agency", "B"),
        ("Emma Holt", "F"),
        ("Emma Holte", "F"),
    ]


def test_the_latest_recorded_edit_on_a_pair_wins() -> None:
    mentions = [mention(1, "Emma Holt", "person"), mention(2, "Emma Holte", "person")]
    split = [("split", "Emma Holt", "Emma Holte")]
    assert len(resolve(mentions, edits=split)[0]) == 2
    remerged = [*split, ("merge", "Emma Holte", "Emma Holt")]
    rows, _ = resolve(mentions, edits=remerged)
    assert [r["name"] for r in rows] == ["Emma Holte"]  # a merge names the entity after A


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[merge]]\nnames = ['only one']\n", r"\[\[merge\]\] entry 1"),
        ("[reliability]\n'X' = 'G'\n", "grade must be one of A-F"),
        ("[[forbid]\n", "cannot read"),
    ],
)
def test_a_bad_alias_file_names_the_file_and_the_entry(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError, match=message) as info:
        load_aliases(path)
    assert str(path) in str(info.value)


def test_knowledge_joins_one_body_under_two_names_across_articles() -> None:
    found = groups(
        [
            mention(1, "Ukraine's military intelligence", "government body"),
            mention(2, "GUR", "organisation"),
            mention(3, "Russia's Federal Security Service", "government body"),
        ]
    )
    assert {"Ukraine's military intelligence", "GUR"} in found
    assert {"Russia's Federal Security Service"} in found
