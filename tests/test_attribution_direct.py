"""Direct quotations and their cues: verbs that only ever introduce a quotation, scraped
spacing and mistyped marks, one-word quotations, speakers written after the verb. One
invented text per construction."""

from __future__ import annotations

import pytest

from chorus.attribution import extract_statements
from chorus.attribution.extract import Extractor
from chorus.nlp import parser_view
from chorus.records import Statement

# the ``nlp`` fixture is the shared one of conftest.py


def only(statements: list[Statement], fragment: str) -> Statement:
    found = [s for s in statements if fragment in s.text]
    assert len(found) == 1, [(s.text, s.speaker_mention) for s in statements]
    return found[0]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The ferry sailed late.\n\n“The harbour stays open all winter,” she concluded.", "she"),
        ("The ferry sailed late.\n\n“The harbour stays open all winter,” Ana Pell posted.", "Pell"),
        ("The ferry sailed late.\n\n“The harbour stays open all winter,” the sign read.", "sign"),
        (
            "The ferry sailed late.\n\nThe crowd chanted, “Keep the harbour open all winter.”",
            "crowd",
        ),
        ("The ferry sailed late.\n\n“The harbour plan is a joke,” Ana Pell scoffed.", "Pell"),
        ("The ferry sailed late.\n\n“Who shut the harbour?” Ana Pell questioned.", "Pell"),
    ],
)
def test_a_verb_that_only_introduces_quotations_gives_the_quote_its_speaker(
    nlp, text: str, speaker: str
) -> None:
    statement = only(extract_statements(text, nlp), "harbour")
    assert statement.kind == "direct"
    assert speaker in (statement.speaker_mention or "")


def test_a_quote_only_verb_names_no_statement_without_a_quotation(nlp) -> None:
    text = (
        "Ana Pell read the harbour report twice. She posted a photo of the new pier.\n\n"
        "The meeting concluded the long session on the ferry timetable."
    )
    assert extract_statements(text, nlp) == []


def test_a_quotation_in_the_object_of_a_verb_of_blame_or_praise_is_its_subjects(nlp) -> None:
    text = (
        "Mayor Ann Lee spoke on Monday.\n\n"
        "Lee blasted the council for its “reckless spending” on the harbour."
    )
    statement = only(extract_statements(text, nlp), "reckless spending")
    assert statement.kind == "mixed"
    assert statement.speaker == "Ann Lee"


def test_a_verb_of_blame_or_praise_without_a_quotation_names_no_statement(nlp) -> None:
    text = (
        "Mayor Ann Lee spoke on Monday.\n\n"
        "Lee blamed the storm for the delay. Then she praised the harbour crews."
    )
    assert extract_statements(text, nlp) == []


def test_words_on_a_shirt_are_not_a_quotation_of_the_shirt(nlp) -> None:
    text = "The ferry sailed late.\n\nThe fans wore shirts that read “Harbour forever, pier never.”"
    mentions = [s.speaker_mention for s in extract_statements(text, nlp)]
    assert all("shirt" not in (m or "") for m in mentions), mentions


def test_a_no_break_space_after_the_closing_mark_keeps_the_inverted_cue(nlp) -> None:
    text = (
        "The ferry sailed late.\n\n"
        "“The harbour stays open all winter,”\u00a0added Ana Pell.\u00a0“The pier is safe.”"
    )
    statements = extract_statements(text, nlp)
    for fragment in ("harbour", "pier is safe"):
        statement = only(statements, fragment)
        assert statement.speaker_mention == "Ana Pell"
        assert text[statement.start : statement.end] == statement.text  # offsets unchanged


def test_the_parser_view_keeps_every_offset() -> None:
    text = "Ana\u00a0Pell said\u202fno.\u2007Fine."
    seen = parser_view(text)
    assert len(seen) == len(text) and "\u00a0" not in seen and seen.split() == [
        "Ana", "Pell", "said", "no.", "Fine."
    ]  # fmt: skip


def test_guillemets_frame_a_quotation_like_curly_marks(nlp) -> None:
    assert parser_view("«Non,» dit-il „ja“") == "“Non,” dit-il “ja“"
    text = (
        "The poll came out.\n\n«People remember the floods of 1994,» said Ivo Marsh, who "
        "runs the survey. «The river is the one thing that could turn them.»"
    )
    statements = extract_statements(text, nlp)
    first = only(statements, "floods of 1994")
    assert (first.speaker_mention, first.cue) == ("Ivo Marsh", "said")
    assert only(statements, "river is the one thing").speaker == "Ivo Marsh"


def test_every_parse_of_the_loaded_pipeline_reads_the_parser_view(nlp) -> None:
    text = "“The quay stays shut,”\u00a0added Lee."
    doc = nlp(text)
    assert [t.text for t in doc][-3:] == ["added", "Lee", "."]
    assert not any(t.is_space for t in doc)  # the no-break space is no token of its own
    assert len(doc.text) == len(text)


def test_an_opening_mark_typed_as_the_closing_one_still_closes(nlp) -> None:
    text = (
        "The ferry sailed late.\n\n"
        "“The harbour stays open,“ said Ana Pell, a pilot with the port. “The pier is safe.”"
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "harbour").text == "The harbour stays open,"
    assert only(statements, "pier is safe").speaker_mention == "Ana Pell"


def test_a_one_word_answer_with_its_verb_is_a_statement(nlp) -> None:
    text = (
        "The ferry sailed late.\n\n"
        '"Ferries," said Tam Brody, a local pilot. "Ferries for the whole coast, all year."'
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "Ferries,").speaker_mention == "Tam Brody"
    assert only(statements, "whole coast").speaker_mention == "Tam Brody"


def test_a_programme_title_before_the_speaker_is_still_no_statement(nlp) -> None:
    text = "The ferry sailed late.\n\nOn the show “Harbour Hour,” Tam Brody said the pier was safe."
    texts = [s.text for s in extract_statements(text, nlp)]
    assert "Harbour Hour," not in texts and "Harbour Hour" not in texts


def test_a_speaker_named_by_age_after_the_verb(nlp) -> None:
    text = "The ferry sailed late.\n\n“The harbour stays open all winter,” said the 61-year-old."
    statement = only(extract_statements(text, nlp), "harbour")
    assert statement.speaker_mention == "the 61-year-old"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Councillors spent the night on the budget. Treasurer Mila Okafor agreed. “We are "
            "running out of time to find the money for the ferry.”",
            "Mila Okafor",
        ),
        (
            "The vote was close. Lena Brandt concurred. “Nobody has read the ferry contract "
            "yet, and we should.”",
            "Lena Brandt",
        ),
    ],
)
def test_a_short_sentence_naming_who_agreed_introduces_the_next_quotation(
    nlp, text: str, speaker: str
) -> None:
    statement = only(extract_statements(text, nlp), "ferry")
    assert statement.kind == "direct"
    assert speaker in (statement.speaker_mention or "")


def test_a_lead_sentence_that_says_what_was_said_is_no_lead_for_the_next_quotation(nlp) -> None:
    text = (
        "The vote was close. Lena Brandt agreed with the harbour plan. “Nobody has read the "
        "ferry contract yet, and we should.”"
    )
    statements = [s for s in extract_statements(text, nlp) if "ferry" in s.text]
    assert all(s.speaker_mention != "Lena Brandt" for s in statements)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“The pier will hold another century,” Ana Pell said at the quay.\n\n"
            "“It will fall into the sea before the vote,” Omar Reyes shot back with a grin.",
            "Omar Reyes",
        ),
        (
            "After the engineer praised the old pier at the hearing, Omar Reyes fired back, "
            "“I think the pier will fall into the sea before anyone votes on it.”",
            "Omar Reyes",
        ),
    ],
)
def test_a_verb_framing_a_quotation_like_speech_is_its_cue_whatever_the_verb(
    nlp, text: str, speaker: str
) -> None:
    """No lexicon lists every verb of a retort; the frame ("“...,” X Ved", "X Ved, “...”")
    says the quotation is the subject's, so the last speaker does not inherit it."""
    statement = only(extract_statements(text, nlp), "fall into the sea")
    assert statement.kind == "direct"
    assert statement.speaker == speaker


def test_a_framing_verb_after_a_glued_quotation_is_the_next_sentences(nlp) -> None:
    """A scrape that lost the break after a quotation ("fishermen!”Former mayor ...") glues
    the next sentence's subject and verb to it: they are not its frame."""
    text = (
        "On Friday, Ana Pell posted a photo of herself eating chowder at the pier. "
        "“Happy Harbour Day!,” she wrote. “The best chowder is made at the Pell Grill. "
        "I love fishermen!”Former mayor Omar Reyes broke down exactly what was wrong with the post."
    )
    statement = only(extract_statements(text, nlp), "best chowder")
    assert statement.speaker_mention == "she"


def test_a_title_like_quotation_right_after_its_verb_is_said(nlp) -> None:
    """Short capitalised words are a title ("the show “Harbour Live”") unless a reporting
    verb writes them right after it: a chant, a one-word answer."""
    text = "The ferry sailed at last.\n\nOn the quay, the crowd chanted “Harbour! Harbour!”"
    statement = only(extract_statements(text, nlp), "Harbour!")
    assert statement.kind == "direct"
    assert statement.speaker_mention == "the crowd"


@pytest.mark.parametrize(
    "text",
    [
        "The ferry sailed at last.\n\nAna Pell told “Harbour Live” that the pier was safe.",
        "The ferry sailed at last.\n\nAna Pell hosts a weekly show called “Harbour Live.”",
    ],
)
def test_a_title_after_told_or_a_naming_participle_stays_a_title(nlp, text: str) -> None:
    assert not [s for s in extract_statements(text, nlp) if s.text.startswith("Harbour Live")]


def test_referring_to_someone_by_a_quoted_name_is_a_statement_of_the_subject(nlp) -> None:
    text = (
        "The ferry sailed at last.\n\nAna Pell refers to the mayor, her rival of many years, "
        "as “the ferryman,” while the mayor calls her “Ana.”"
    )
    statement = only(extract_statements(text, nlp), "ferryman")
    assert (statement.kind, statement.speaker_mention) == ("mixed", "Ana Pell")


def test_a_quotation_ending_its_sentence_is_not_framed_by_the_next_sentence(nlp) -> None:
    """“... to the board.” ends a sentence: the next sentence's "he said" frames its own words,
    so the quotation continues the speaker before it; a bare "Tove Lund said." still frames it."""
    text = (
        '"Maybe the harbour board will learn its lesson and leave us alone," Tove Lund said. '
        '"We are trying to show some patience to the board." The north pier, he said, was '
        '"where we have a real chance to win the vote."'
    )
    statement = only(extract_statements(text, nlp), "some patience")
    assert statement.speaker_mention == "Tove Lund"
    bare = '"We will fix the north pier before the winter storms." Tove Lund said.'
    assert only(extract_statements(bare, nlp), "north pier").speaker_mention == "Tove Lund"


def test_a_quoted_title_with_a_subtitle_is_no_statement(nlp) -> None:
    text = (
        "Ole Brask, whose 2009 book ''Harbour Kings: The Rise and Fall of the Pier Barons,'' "
        "drew a lawsuit from the mayor, called his publisher last spring."
    )
    assert not [s for s in extract_statements(text, nlp) if "Harbour Kings" in s.text]


def test_an_opening_mark_parsed_into_the_sentence_before_still_opens_its_own(nlp) -> None:
    """The parser hangs a quotation's opening mark on the sentence before it: the quotation's
    frame is its own sentence and the one after ("...!'' wrote a user")."""
    text = (
        "The reaction online was quick and angry. ''Anyone who leaves the gates open has no "
        "business lecturing us here!'' wrote a user calling himself Karl Karl."
    )
    statement = only(extract_statements(text, nlp), "gates open")
    assert statement.speaker_mention == "a user"


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            'The storm ended.\n\nRight after the storm, Lopez issued a statement, "Last night '
            'our town was hit hard. My thoughts go out to the families."',
            "hit hard",
            "Lopez",
        ),
        (
            '"Plenty of people told her to stop, and she ignored every one of them," '
            "remembered Roy Varga, the firm's former spokesman.",
            "Plenty of people",
            "Roy Varga",
        ),
        (
            'The charter is clear. Section 12 affirms: "No member shall send a person back to '
            'a place where his life would be at risk."',
            "No member",
            "Section",
        ),
    ],
)
def test_a_statement_noun_or_a_remembering_or_affirming_verb_introduces_a_quotation(
    nlp, text: str, fragment: str, speaker: str
) -> None:
    statement = only(extract_statements(text, nlp), fragment)
    assert statement.speaker_mention == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "The ferry sailed late. Ana Pell said,“Look, the harbour stays open all winter.”",
            "harbour stays open",
            "Ana Pell",
        ),
        (
            "The ferry sailed late. Ana Pell said:“The harbour stays open all winter.”",
            "harbour stays open",
            "Ana Pell",
        ),
        (
            "The ferry sailed late.\n\n“The harbour stays open all winter,”Ana Pell said.",
            "harbour stays open",
            "Ana Pell",
        ),
    ],
)
def test_a_quotation_mark_glued_to_the_words_around_it_keeps_its_cue(
    nlp, text: str, fragment: str, speaker: str
) -> None:
    statement = only(extract_statements(text, nlp), fragment)
    assert statement.kind == "direct"
    assert statement.speaker_mention == speaker
    assert statement.cue == "said"


def test_glued_marks_are_split_but_ordinary_words_keep_their_tokens(nlp) -> None:
    assert [t.text for t in nlp.tokenizer("said,“Look")] == ["said", ",", "“", "Look"]
    assert [t.text for t in nlp.tokenizer("over,”she")] == ["over", ",", "”", "she"]
    assert [t.text for t in nlp.tokenizer("a well-known “so-called” deal")] == [
        "a", "well", "-", "known", "“", "so", "-", "called", "”", "deal",
    ]  # fmt: skip


def test_attribute_values_of_markup_left_in_the_text_are_no_quotations(nlp) -> None:
    text = (
        "The ferry sailed late.\n\n"
        '<post author="anapell" stamp="1449075600" post_id="672153025243426816">The harbour '
        "stays open all winter, and the new pier opens in May.</post>\n\n"
        "“We will keep every berth,” Ana Pell said."
    )
    statements = extract_statements(text, nlp)
    assert not any(s.text in ("anapell", "1449075600", "672153025243426816") for s in statements), [
        s.text for s in statements
    ]
    assert only(statements, "every berth").speaker_mention == "Ana Pell"


@pytest.mark.parametrize("verb", ["shot back", "fired back", "hit back", "chimed in"])
def test_a_verb_with_its_particle_reports_the_quotation_next_to_it(nlp, verb: str) -> None:
    text = f"The debate grew loud.\n\n“The harbour plan is a joke,” Ana Pell {verb}."
    statement = only(extract_statements(text, nlp), "harbour plan")
    assert statement.speaker_mention == "Ana Pell"
    assert statement.cue == verb


@pytest.mark.parametrize("verb", ["shot back", "fired back"])
def test_a_verb_with_a_particle_parsed_as_an_adverb_reports_its_clause(nlp, verb: str) -> None:
    text = f"The debate grew loud.\n\nAna Pell {verb} that the harbour plan was a joke."
    statement = only(extract_statements(text, nlp), "harbour plan")
    assert (statement.kind, statement.speaker_mention, statement.cue) == (
        "indirect", "Ana Pell", verb,
    )  # fmt: skip


def test_a_quotation_left_open_keeps_the_speaker_of_its_own_paragraph(nlp) -> None:
    text = (
        "The council met on the harbour.\n\n"
        "“We lost two berths this winter,” Tom Reyes said. “The pier is older than any of us "
        "and nobody has paid to mend it.\n\n"
        "“There is another side, the one nobody talks about,” Reyes said. “We need money.”"
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "older than any").speaker_mention == "Tom Reyes"
    assert only(statements, "another side").speaker_mention == "Reyes"


def test_an_inherited_speaker_named_again_before_the_quotation_points_at_that_mention(
    nlp,
) -> None:
    text = (
        "The council met on Monday.\n\n“We will win the vote,” said Nina Holt, the party "
        "whip. Holt added that the count would end on Friday. “They cannot stop us now.”"
    )
    statements = extract_statements(text, nlp)
    inherited = only(statements, "cannot stop us")
    assert inherited.speaker_mention == "Holt"
    assert text[inherited.speaker_start : inherited.speaker_end] == "Holt"
    assert inherited.speaker_start > text.index("Holt added") - 1
    assert only(statements, "win the vote").speaker_mention == "Nina Holt"


def test_a_speaker_named_again_with_a_clause_of_their_own_keeps_that_mention(nlp) -> None:
    text = (
        "Ferry fares rose again.\n\n“Fares are my worry,” says Ana Pell, 41, of Tern, who "
        "sells fish on the quay. Pell backs the mayor this year. “I have no car.”"
    )
    inherited = only(extract_statements(text, nlp), "no car")
    assert text[inherited.speaker_start : inherited.speaker_end] == "Pell"
    assert inherited.speaker_start == text.index("Pell backs")


def test_another_person_with_the_speakers_surname_is_not_their_later_mention(nlp) -> None:
    text = (
        "Ferry fares rose again.\n\n“Fares are my worry,” said Ana Pell on the quay. "
        "Tom Pell runs the ticket office with her. “I have no car.”"
    )
    extractor = Extractor(nlp(text))
    indirect = extractor.indirect()
    inherited = next(f for f in extractor.direct(indirect) if "no car" in text[f.start : f.end])
    assert [t.text for t in inherited.speaker.subtree] == ["Ana", "Pell"]


def test_a_quotation_after_words_quoted_inside_a_statement_continues_its_speaker(nlp) -> None:
    text = (
        "The harbour board met on Monday.\n\n"
        "“The fleet is fine,” said Tom Reyes. Because the boats are old, “we need a new "
        "fleet,” Ana Pell said of the board. “The pier comes next, and nobody has paid for it.”"
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "pier comes next").speaker_mention == "Ana Pell"
    assert only(statements, "new fleet").speaker_mention == "Ana Pell"


def test_words_quoted_mid_sentence_after_such_words_are_not_their_sequel(nlp) -> None:
    text = (
        "The harbour board met on Monday.\n\n"
        "Because the boats are old, “we need a new fleet,” Ana Pell said of the board. "
        "The plan has a name, “the long haul to a better harbour for all of us”, on its cover."
    )
    extractor = Extractor(nlp(text))
    indirect = extractor.indirect()
    named = next(f for f in extractor.direct(indirect) if "long haul" in text[f.start : f.end])
    assert named.how != "inherited"
