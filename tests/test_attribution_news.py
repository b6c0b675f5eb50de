"""Attribution constructions of real news pages: clause shapes the parser gets half right,
borrowed terms, reports that did not happen, relays and speakers. One invented text per
construction (the ``nlp`` fixture is the shared one of conftest.py)."""

from __future__ import annotations

from chorus.attribution import extract_statements
from chorus.records import Statement


def only(statements: list[Statement], fragment: str) -> Statement:
    found = [s for s in statements if fragment in s.text]
    assert len(found) == 1, [(s.text, s.speaker, s.via) for s in statements]
    return found[0]


def texts(statements: list[Statement]) -> list[str]:
    return [s.text for s in statements]


# ---------------------------------------------------------------- clause shapes


def test_a_clause_before_the_speaker_holding_a_quoted_word_is_a_mixed_statement(nlp) -> None:
    text = (
        "The harbour board will “honour” its pledge to the ferry crews about the new pier, "
        "Chair Ilse Brandt said, ending weeks of doubt."
    )
    statement = only(extract_statements(text, nlp), "pledge to the ferry crews")
    assert statement.kind == "mixed"
    assert statement.speaker == "Ilse Brandt"
    assert "honour" in statement.text


def test_a_clause_opening_with_a_quoted_phrase_keeps_its_opening_mark(nlp) -> None:
    text = "He said “no strike” must be ruled out before the talks and a fair wage must be agreed."
    statements = extract_statements(text, nlp)
    statement = only(statements, "ruled out")
    assert statement.kind == "mixed"
    assert statement.text.startswith("“no strike”")
    assert all(s.text != "no strike" for s in statements), texts(statements)


def test_a_surname_read_as_a_month_still_speaks(nlp) -> None:
    text = (
        "Prime Minister Ada May met the union leaders on Friday.\n\n"
        "Late on Tuesday, May announced new rules for the port had been agreed by both sides."
    )
    statement = only(extract_statements(text, nlp), "new rules for the port")
    assert statement.speaker == "Ada May"


# ---------------------------------------------------------------- not statements


def test_a_borrowed_term_in_running_text_is_not_a_statement(nlp) -> None:
    text = (
        "“The budget is balanced for the first time in a decade,” the treasurer said. The plan "
        "marks an upgrade on the “steady pace” of spending that the council saw in spring."
    )
    statements = extract_statements(text, nlp)
    assert "steady pace" not in texts(statements)
    assert only(statements, "budget is balanced").speaker_mention == "the treasurer"


def test_a_passive_report_with_no_agent_has_no_speaker(nlp) -> None:
    text = 'A pay deal between the union and the rail board has been agreed on a "technical level".'
    statements = extract_statements(text, nlp)
    assert all(s.speaker_mention is None for s in statements), [
        (s.text, s.speaker_mention) for s in statements
    ]


def test_a_report_asked_about_is_not_a_statement(nlp) -> None:
    text = (
        "Asked if the bank maintained a bias towards higher rates, Governor Lena Roth smiled "
        "and left the room."
    )
    statements = extract_statements(text, nlp)
    assert not any("bias towards higher rates" in s.text for s in statements), texts(statements)


def test_a_supposed_report_is_not_a_statement(nlp) -> None:
    text = (
        "The city will take countermeasures should the ferry company insist on raising the "
        "fares again."
    )
    statements = extract_statements(text, nlp)
    assert not any(s.speaker_mention == "the ferry company" for s in statements), texts(statements)


def test_a_fact_that_suggests_something_is_not_a_speaker(nlp) -> None:
    text = (
        "He was encouraged by the recent fall in prices, which could suggest that the new "
        "policy is working."
    )
    statements = extract_statements(text, nlp)
    assert not any(s.speaker_mention == "which" for s in statements), [
        (s.text, s.speaker_mention) for s in statements
    ]
    assert not any((s.speaker or "").endswith("fall") for s in statements)


def test_the_object_of_a_causing_verb_is_who_signals(nlp) -> None:
    text = "Officials said weak hiring might lead the bank to signal a cut in rates."
    statements = extract_statements(text, nlp)
    assert not any(s.speaker_mention == "weak hiring" for s in statements), [
        (s.text, s.speaker_mention) for s in statements
    ]


def test_a_party_that_indicates_a_view_speaks(nlp) -> None:
    text = "The Green Reform Party indicated they would back the budget in the final vote."
    statement = only(extract_statements(text, nlp), "back the budget")
    assert statement.speaker is not None and "Green Reform Party" in statement.speaker
