"""A person record is a person; an alias is a name; page furniture names nobody in the story.

Pages and sentences written for these tests. The per-article checks parse with spaCy (skipped
without a model); the cross-article checks build ``EntityMention`` records by hand.
"""

from __future__ import annotations

import pytest

from chorus.clean import clean_document
from chorus.people import resolve_people
from chorus.records import EntityMention, RawDocument, stable_id


@pytest.fixture(scope="module")
def nlp():
    from chorus.nlp import ModelNotFound, load_nlp

    try:
        return load_nlp()
    except ModelNotFound:
        pytest.skip("no spaCy English model installed")


def _entities(nlp, text: str) -> list[EntityMention]:
    from chorus.people import extract_entities

    article = clean_document(RawDocument(source="t", text=text, format="text"))
    return extract_entities(nlp(article.text), article)


def _people(entities: list[EntityMention]) -> dict[str, EntityMention]:
    return {e.name: e for e in entities if e.kind == "person"}


def test_headline_casing_and_bare_titles_make_no_person(nlp) -> None:
    text = (
        "Harbour Chief Says \u2018We Will Not Give In\u2019 As Council Will Defend Pier\n\n"
        "Chairman of the Harbour Board Admiral Jane Roe told reporters on Tuesday that the "
        "council would defend the old pier against any attempt to close it.\n\n"
        "\u201cWe will not give in,\u201d Roe said, adding that the Secretary General of the "
        "port union agreed with her.\n"
    )
    people = _people(_entities(nlp, text))
    assert "Jane Roe" in people
    assert not {"Chairman", "General", "Secretary General", "Defend Pier", "Council"} & set(people)
    assert all(" " in name or name == "Roe" for name in people), people


def test_common_nouns_places_and_groups_are_not_people(nlp) -> None:
    text = (
        "The council fears a hard Border with the north after the vote, and a no-deal Exit "
        "would make it worse, councillor Ann Lee said on Monday.\n\n"
        "Harbour Remainers are worried that the Border will close. Lee said the army had "
        "planned to storm Velmora within days, and the first assault on Velmora failed.\n"
    )
    people = _people(_entities(nlp, text))
    assert "Ann Lee" in people
    assert not {"Border", "Exit", "Harbour Remainers", "Remainers", "Velmora"} & set(people)


def test_a_name_in_apposition_to_a_thing_is_no_person(nlp) -> None:
    text = (
        "The clerk said she had consulted Hartley Rowe, the parliamentary rule book, and "
        "found that the motion could not be brought back in the same session.\n\n"
        "The Speaker, Tom Hale, agreed with the clerk and ruled the motion out of order.\n"
    )
    people = _people(_entities(nlp, text))
    assert "Tom Hale" in people
    assert "Hartley Rowe" not in people


def test_a_leader_is_a_person_and_the_party_he_leads_is_not(nlp) -> None:
    text = (
        "Protests followed the burning of a copy of the charter in Portvale by Maltes "
        "Paludin, leader of the far-right party Hard Right.\n"
    )
    people = _people(_entities(nlp, text))
    assert "Maltes Paludin" in people
    assert "Hard Right" not in people  # the party the person leads


def test_an_unknown_title_before_a_full_name_becomes_a_role(nlp) -> None:
    text = (
        "The government will work with whoever leads the coalition, Harbourmaster Leo "
        "Maddock has said.\n\n"
        "Leo Maddock also denied that he was under pressure from the other ports.\n\n"
        "Mr Maddock said the talks would go on.\n"
    )
    people = _people(_entities(nlp, text))
    assert "Leo Maddock" in people and "Harbourmaster Leo Maddock" not in people
    assert "Harbourmaster" in people["Leo Maddock"].roles


def test_a_role_is_a_description_never_a_sentence(nlp) -> None:
    text = (
        "Admiral Tom Hale, who told the committee last month that the strait was the most "
        "dangerous place on earth, said on Friday the navy was ready.\n\n"
        "Zhu Lanying, a spokeswoman for the council, which is often described as the "
        "cabinet, said the drills would go on.\n"
    )
    people = _people(_entities(nlp, text))
    assert not [r for r in people["Tom Hale"].roles if "told" in r]
    assert people["Zhu Lanying"].roles == ["spokeswoman for the council"]


def test_the_dateline_names_no_entity_of_the_story(nlp) -> None:
    text = (
        "Ferry pier to close\n\n"
        "PORTVALE, 4 May (Harbour Wire) \u2013 The harbour council voted to close the ferry "
        "pier, its chair Ann Lee said at a meeting on Tuesday.\n"
    )
    names = {e.name for e in _entities(nlp, text)}
    assert "Ann Lee" in names
    assert not {"Harbour Wire", "PORTVALE"} & names


def test_bylines_and_picture_credits_name_their_people_with_the_credit_as_role(nlp) -> None:
    text = (
        "Ferry pier to close after storm damage\n\n"
        "By Jane Roe Portvale Post Portvale Post\n\n"
        "AP Photo/Sam Ives\n\n"
        "The harbour council voted on Tuesday to close the pier after engineers found "
        "cracks in the pilings, its chair Ann Lee said.\n\n"
        "Fishermen said they would appeal the decision in court next month.\n\n"
        "(Reporting by Tom Hale and Eva Marsh; editing by Liam Oakes)\n"
    )
    people = _people(_entities(nlp, text))
    roles = {name: people[name].roles for name in people}
    assert roles["Jane Roe"] == ["author"]
    assert roles["Sam Ives"] == ["photographer"]
    assert roles["Tom Hale"] == ["reporter"] and roles["Eva Marsh"] == ["reporter"]
    assert roles["Liam Oakes"] == ["editor"]
    assert "Portvale Post" not in people


def _person(article: str, name: str, surfaces: list[str], roles=()) -> EntityMention:
    mentions, at = [], 0
    for surface in surfaces:
        mentions.append((at, at + len(surface), surface))
        at += len(surface) + 10
    return EntityMention(
        article=article,
        local_id=stable_id(article, name),
        name=name,
        kind="person",
        mentions=mentions,
        roles=list(roles),
    )


def test_a_short_given_name_is_the_same_person() -> None:
    resolution = resolve_people(
        [
            _person("a1", "Phil Davenport", ["Adm. Phil Davenport", "Davenport"]),
            _person("a2", "Philip Davenport", ["Admiral Philip Davenport", "Davenport"]),
        ]
    )
    people = [p for p in resolution.people if p.kind == "person"]
    assert len(people) == 1
    assert {"Phil Davenport", "Philip Davenport"} <= set(people[0].aliases)


def test_a_family_name_written_first_joins_the_full_name_elsewhere() -> None:
    resolution = resolve_people(
        [
            _person("a1", "Zhao Minghua", ["Chinese leader Zhao Minghua", "Zhao", "Zhao"]),
            _person("a2", "Zhao", ["Zhao"]),
        ]
    )
    people = [p for p in resolution.people if p.kind == "person"]
    assert [p.name for p in people] == ["Zhao Minghua"]
    assert sorted(people[0].articles) == ["a1", "a2"]


def test_aliases_are_names_and_titles_are_roles() -> None:
    resolution = resolve_people(
        [
            _person(
                "a1",
                "Pavel Danko",
                ["Varnian Defence Minister Pavel Danko", "Mr Danko", "Danko"],
                roles=["Varnian Defence Minister"],
            ),
            _person(
                "a2",
                "Pavel Danko",
                ["Pavel Danko", "the defence minister"],
                roles=["defence minister"],
            ),
        ]
    )
    (person,) = [p for p in resolution.people if p.kind == "person"]
    assert person.aliases == ["Pavel Danko", "Mr Danko", "Danko", "the defence minister"]
    assert "Varnian Defence Minister" in person.roles


def test_role_nouns_before_a_name_are_titles() -> None:
    from chorus.people import names

    assert names.split_title(["Spokeswoman", "Haley", "Morris"]) == (
        ["Spokeswoman"],
        ["Haley", "Morris"],
    )
    assert names.split_title(["Presidents", "Obama"]) == (["Presidents"], ["Obama"])
    assert names.split_title(["Leader"]) == ([], ["Leader"])  # a lone word stays a word
