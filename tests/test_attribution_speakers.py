"""Speakers and relays: descriptions resolved to the person they stand for, relays separated
from speakers, no statement from a circumstance. One invented text per construction."""

from __future__ import annotations

import pytest

from chorus.attribution import extract_statements
from chorus.records import Statement

# the ``nlp`` fixture is the shared one of conftest.py


def only(statements: list[Statement], fragment: str) -> Statement:
    found = [s for s in statements if fragment in s.text]
    assert len(found) == 1, [(s.text, s.speaker, s.via) for s in statements]
    return found[0]


# ---------------------------------------------------------------- descriptions


def test_a_title_written_before_the_name_identifies_a_later_description(nlp) -> None:
    text = (
        "Harbour Board Chair Marta Voss opened the meeting on Tuesday.\n\n"
        "The Chair said that the new pier would be finished by spring."
    )
    statement = only(extract_statements(text, nlp), "pier")
    assert statement.speaker == "Marta Voss"
    assert statement.speaker_mention == "The Chair"


def test_a_description_agrees_with_its_nationality(nlp) -> None:
    text = (
        "Norvish Prime Minister Elin Dahl met Calverian Prime Minister Tomas Ruud in Oslo.\n\n"
        "The Norvish leader said that the fishing quotas would stay as they are."
    )
    statement = only(extract_statements(text, nlp), "quotas")
    assert statement.speaker == "Elin Dahl"


def test_a_description_opening_the_story_is_the_person_named_next(nlp) -> None:
    text = (
        "The top army general said on Friday that the drills would end early.\n\n"
        "General Piet Marlow told reporters the troops would return home next week."
    )
    statement = only(extract_statements(text, nlp), "drills")
    assert statement.speaker == "Piet Marlow"


def test_an_unnamed_official_keeps_the_mention_and_no_canonical_name(nlp) -> None:
    text = "A senior ministry official said that the border crossing would reopen on Monday."
    statement = only(extract_statements(text, nlp), "border crossing")
    assert statement.speaker is None
    assert statement.speaker_mention is not None and "official" in statement.speaker_mention


def test_a_pronoun_takes_the_subject_not_a_possessive(nlp) -> None:
    text = (
        "Council leader Rob Anders rejected a second vote on Lena Kraus's housing plan.\n\n"
        "He told the chamber: “The plan cannot come back in the same form.”"
    )
    statement = only(extract_statements(text, nlp), "same form")
    assert statement.speaker == "Rob Anders"


def test_adding_that_speaks_for_the_subject_of_the_reporting_verb(nlp) -> None:
    text = (
        "Ines Moreau said the river defences were holding, adding that the water level "
        "was expected to fall."
    )
    statements = extract_statements(text, nlp)
    first = only(statements, "defences")
    second = only(statements, "water level")
    assert first.speaker == second.speaker == "Ines Moreau"
    assert "adding" not in first.text


# ---------------------------------------------------------------- relays


def test_a_trailing_agency_report_is_the_relay(nlp) -> None:
    text = (
        "“We will not sign this deal,” Foreign Minister Ada Kern said on Monday, the Lumen "
        "news agency reported."
    )
    statements = extract_statements(text, nlp)
    statement = only(statements, "sign this deal")
    assert statement.speaker == "Ada Kern"
    assert statement.via is not None and "Lumen" in statement.via
    assert all(s.speaker is None or "Lumen" not in s.speaker for s in statements)


def test_a_reported_clause_relays_the_named_speaker(nlp) -> None:
    text = "Mayor Olav Brink said he would not run again, the Evening Courier reported on Thursday."
    statements = extract_statements(text, nlp)
    statement = only(statements, "run again")
    assert statement.speaker == "Olav Brink"
    assert statement.via is not None and "Courier" in statement.via
    assert not any(s.speaker and "Courier" in s.speaker for s in statements)


def test_citing_makes_the_cited_source_the_speaker(nlp) -> None:
    text = (
        "The vote will be held in March, the Daily Meridian reported on Wednesday, citing "
        "the leadership of the Green Union."
    )
    statement = only(extract_statements(text, nlp), "vote will be held")
    assert statement.speaker is not None and "Green Union" in statement.speaker
    assert statement.via is not None and "Meridian" in statement.via


def test_according_to_an_outlet_is_the_relay_of_the_named_speaker(nlp) -> None:
    text = "According to the Weekly Ledger, Minister Tove Salo said that the tax would rise."
    statement = only(extract_statements(text, nlp), "tax would rise")
    assert statement.speaker == "Tove Salo"
    assert statement.via is not None and "Ledger" in statement.via


def test_a_pronoun_or_a_document_is_never_a_relay(nlp) -> None:
    text = (
        "Ruth Olden chaired the talks.\n\n"
        "According to a report, she said that the talks had stalled."
    )
    statements = extract_statements(text, nlp)
    assert all(s.via is None for s in statements), [(s.text, s.via) for s in statements]


def test_a_report_published_by_a_body_is_relayed_by_that_body(nlp) -> None:
    text = (
        "Dock fees to double.\n\n"
        "Harbour fees will double by spring, dock owners say, according to a study released "
        "last week by the Institute for Coastal Studies."
    )
    statement = only(extract_statements(text, nlp), "fees will double")
    assert statement.via == "Institute for Coastal Studies"


def test_as_with_a_belief_is_a_reason_not_a_relay(nlp) -> None:
    text = "Jon Hale told the radio that he would stay as he believed the plan could still work."
    statements = extract_statements(text, nlp)
    assert all(s.via is None for s in statements), [(s.text, s.via) for s in statements]


# ---------------------------------------------------------------- no junk


@pytest.mark.parametrize(
    "text, junk",
    [
        ("Minister Karl Ott said on Sunday: “We are ready for talks.”", "on Sunday"),
        ("Ella Brandt told to the Tribune that she was leaving.", "to the Tribune"),
        ("Sven Lind asked him about it before the vote.", "him about it"),
    ],
)
def test_time_place_and_addressee_are_not_statements(nlp, text: str, junk: str) -> None:
    assert all(s.text != junk for s in extract_statements(text, nlp))


def test_a_programme_title_is_not_a_statement(nlp) -> None:
    text = "Senator Ivo Grant told “Good Morning Riverside” that the bill would pass."
    statements = extract_statements(text, nlp)
    assert all(s.text != "Good Morning Riverside" for s in statements)


def test_a_coordinated_that_clause_continues_the_statement(nlp) -> None:
    text = "Mayor Ben Holt said he did not expect a strike, but that if it came it would be short."
    statement = only(extract_statements(text, nlp), "did not expect")
    assert "would be short" in statement.text
    assert statement.speaker == "Ben Holt"


def test_the_statement_refers_back_to_its_authors(nlp) -> None:
    text = (
        "Mayor Ben Holt and Governor Ada Kern said in a joint statement that the bridge would "
        "close.\n\n"
        "The statement said repairs would take two years."
    )
    statement = only(extract_statements(text, nlp), "repairs")
    assert statement.speaker in ("Ben Holt", "Ada Kern")
    # a joint document: the mention names its authors, so each one is a voice of it
    assert "Ben Holt" in (statement.speaker_mention or "")


def test_a_document_speaking_is_the_mention_of_its_author(nlp) -> None:
    text = (
        "Governor Ada Kern released a statement on Thursday night about the bridge.\n\n"
        "“We stand with every family on the river,” the statement said."
    )
    statement = only(extract_statements(text, nlp), "every family")
    assert statement.speaker == "Ada Kern"
    assert statement.speaker_mention == "the statement"


def test_a_pronoun_with_nothing_before_it_takes_the_person_named_next(nlp) -> None:
    text = (
        "“The bridge will open in May,” he told reporters at the harbour.\n\n"
        "Governor Mats Lind then visited the building site."
    )
    statement = only(extract_statements(text, nlp), "bridge will open")
    assert statement.speaker == "Mats Lind"


def test_taking_the_opportunity_to_say_is_the_subject_speaking(nlp) -> None:
    text = "Nora Falk took the opportunity to say that the tunnel plan had failed."
    statement = only(extract_statements(text, nlp), "tunnel plan")
    assert statement.speaker == "Nora Falk"


def test_as_with_a_clause_of_its_own_is_a_report_not_a_relay(nlp) -> None:
    text = (
        "“We will close the road,” Mayor Eva Lind warned as she said the works would last a year."
    )
    statements = extract_statements(text, nlp)
    works = only(statements, "works would last")
    assert works.speaker == "Eva Lind"
    assert all(s.via is None for s in statements)


def test_a_pronoun_opening_a_sentence_takes_the_subject_of_the_sentence_before(nlp) -> None:
    text = (
        "The port is busy.\n\n“The pier is safe,” Ms Pell said. “It will stay open.”\n\n"
        "She added that the fleet was old.\n\n"
        "Harbour pilot Rita Moss was far less relaxed. She told the Courier that the pier "
        "was sinking.\n\n“Look at the cracks,” she said."
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "pier was sinking").speaker == "Rita Moss"
    assert only(statements, "Look at the cracks").speaker == "Rita Moss"
    assert only(statements, "fleet was old").speaker == "Pell"


def test_a_pronoun_opening_a_paragraph_takes_the_subject_that_closed_the_one_before(
    nlp,
) -> None:
    text = (
        "The port is busy.\n\n“The pier is safe,” Ms Pell said.\n\n"
        "Harbour pilot Rita Moss came to the meeting late.\n\nShe said the vote was fair."
    )
    assert only(extract_statements(text, nlp), "vote was fair").speaker == "Rita Moss"


def test_a_named_ministry_is_a_name_and_its_description_points_back_to_it(nlp) -> None:
    text = (
        "The ferry strike entered its third day, the state news agency Lumen reported.\n\n"
        'Norvia\'s Transport Ministry said the strike was "a reckless gamble" and that it had '
        "called in the union leaders.\n\n"
        '"We will keep the boats running," the ministry said in a statement.'
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "reckless gamble").speaker == "Transport Ministry"
    assert only(statements, "keep the boats running").speaker == "Transport Ministry"


def test_a_body_described_by_its_kind_is_never_a_body_of_another_kind(nlp) -> None:
    text = (
        "Tom Reyes of the Harbour Party lost the vote on Monday.\n\n"
        "The port's transport ministry said the ferries would run on time."
    )
    statement = only(extract_statements(text, nlp), "ferries would run")
    assert statement.speaker != "Harbour Party"


def test_a_pronoun_never_resolves_to_a_person_of_the_other_gender(nlp) -> None:
    text = (
        "The port is busy.\n\n“The pier is safe,” Tom Reyes said.\n\n"
        "The pilots' union, led by Rita Moss since May, disagrees.\n\n“It is sinking,” she said."
    )
    assert only(extract_statements(text, nlp), "It is sinking").speaker == "Rita Moss"
