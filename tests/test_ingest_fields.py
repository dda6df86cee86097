"""Input keys to Article fields: aliases, first value wins, the rest kept in meta."""

from reportedly.ingest.fields import article_from_fields


def test_known_keys_aliases_and_meta():
    article = article_from_fields(
        {"date": "2014-04-21", "published": "2014-04-22", "source": "Herald", "id": 3,
         "title": None, "url": "", "tags": ["a"], "figures": [1], "attributions": []},
        "Text.",
        "f.txt",
    )  # fmt: skip
    assert article.published == "2014-04-21"
    assert article.meta == {"published": "2014-04-22", "url": "", "tags": ["a"]}
    assert (article.outlet, article.id, article.title) == ("Herald", "3", None)


def test_structured_value_for_a_string_field_goes_to_meta():
    article = article_from_fields({"title": {"en": "Title"}}, "Text.", "f.json")
    assert article.title is None
    assert article.meta == {"title": {"en": "Title"}}
