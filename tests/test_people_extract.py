"""Entity extraction within one article, on texts written for these tests."""

from __future__ import annotations

import pytest

from chorus.records import Article, OffsetMap, stable_id

TEXT = (
    "Belarusian President Alexander Lukashenko said on Tuesday that his army would stay home. "
    "Mr Lukashenko’s remarks were carried by the state news agency BelTA.\n\n"
    "Andrei Sannikov, a former deputy trade minister who left in 2011, said the Belarusian "
    "leader was bluffing. Sannikov added that Lukashenko feared his own soldiers.\n\n"
    "Foreign policy analyst Marta Kowalczyk told Reuters that the talks had stalled. "
    "Kowalczyk said Minsk would wait."
)


@pytest.fixture(scope="module")
def nlp():
    from chorus.nlp import ModelNotFound, load_nlp

    try:
        return load_nlp()
    except ModelNotFound:
        pytest.skip("no spaCy English model installed")


def make_article(text: str, prefix: str = "") -> Article:
    """An article whose original text carries a removed prefix (offsets must map back)."""
    original = prefix + text
    return Article(
        id=stable_id(original),
        source="test",
        original=original,
        text=text,
        offsets=OffsetMap([(0, len(prefix), len(text))]),
    )


@pytest.fixture(scope="module")
def entities(nlp):
    from chorus.people import extract_entities

    article = make_article(TEXT, prefix="Oops! Something went wrong.\n\n")
    return article, extract_entities(nlp(article.text), article)


def by_name(entities, name):
    found = [e for e in entities if e.name == name]
    assert found, f"{name} not in {[e.name for e in entities]}"
    return found[0]


def test_title_possessive_and_surname_cluster_under_the_full_name(entities):
    article, found = entities
    leader = by_name(found, "Alexander Lukashenko")
    assert leader.kind == "person"
    assert leader.local_id == stable_id(article.id, "Alexander Lukashenko")
    surfaces = [surface for _s, _e, surface in leader.mentions]
    assert "Belarusian President Alexander Lukashenko" in surfaces
    assert "Mr Lukashenko" in surfaces
    assert "Lukashenko" in surfaces
    assert "Belarusian President" in leader.roles


def test_description_with_matching_role_becomes_a_mention(entities):
    _article, found = entities
    leader = by_name(found, "Alexander Lukashenko")
    assert "the Belarusian leader" in [surface for _s, _e, surface in leader.mentions]


def test_mentions_use_original_offsets(entities):
    article, found = entities
    for item in found:
        for start, end, surface in item.mentions:
            assert article.original[start:end] == surface


def test_appositive_and_premodifier_roles(entities):
    _article, found = entities
    sannikov = by_name(found, "Andrei Sannikov")
    assert any(
        r.startswith("former deputy trade minister who left in 2011") for r in sannikov.roles
    )
    assert "Sannikov" in [surface for _s, _e, surface in sannikov.mentions]
    analyst = by_name(found, "Marta Kowalczyk")
    assert "Foreign policy analyst" in analyst.roles


def test_outlets_are_recognised(entities):
    _article, found = entities
    kinds = {e.name: e.kind for e in found}
    assert kinds.get("BelTA") == "outlet"
    assert kinds.get("Reuters") == "outlet"


def test_places_are_not_people(entities):
    _article, found = entities
    assert not [e for e in found if e.name in {"Minsk", "Belarus"} and e.kind == "person"]


def test_one_letter_typo_merges_within_an_article(nlp):
    from chorus.people import extract_entities

    text = (
        "Exiled politician Valery Kavaleuski said the army would refuse to fight. "
        "Kavaleuski has long argued this. Lavaleuski added that protests would follow."
    )
    article = make_article(text)
    people = [e for e in extract_entities(nlp(text), article) if e.kind == "person"]
    assert [p.name for p in people] == ["Valery Kavaleuski"]
    assert "Lavaleuski" in [surface for _s, _e, surface in people[0].mentions]


def test_two_people_sharing_a_surname_stay_apart_within_an_article(nlp):
    from chorus.people import extract_entities

    text = (
        "Anna Novak, a lawyer, said the case was weak. Her brother Tomas Novak, a police "
        "officer, said nothing. Tomas Novak later resigned."
    )
    article = make_article(text)
    people = {e.name for e in extract_entities(nlp(text), article) if e.kind == "person"}
    assert {"Anna Novak", "Tomas Novak"} <= people
