"""Attribution constructions of real news pages: clause shapes the parser gets half right,
borrowed terms, reports that did not happen, relays and speakers. One invented text per
construction (the ``nlp`` fixture is the shared one of conftest.py)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from chorus.attribution import article_for_text, attribute, extract_statements
from chorus.records import Statement
from chorus.syntax import noun_phrase


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


def test_a_reporting_verb_set_off_by_commas_inside_a_clause_reports_the_clause(nlp) -> None:
    text = (
        "Harbour master Tove Lind has run the port for a decade.\n\n"
        "Most of the delays, she said, came from the old cranes on the north pier."
    )
    statement = only(extract_statements(text, nlp), "old cranes")
    assert statement.kind == "indirect"
    assert statement.speaker == "Tove Lind"
    assert statement.text.startswith("Most of the delays")


def test_a_reporting_verb_set_off_by_commas_before_a_quotation_introduces_it(nlp) -> None:
    text = (
        "Harbour master Tove Lind met the crews.\n\n"
        "In the three years since the storm, Lind said, “far too many ships have waited outside "
        "the port.”"
    )
    statement = only(extract_statements(text, nlp), "ships")
    assert statement.kind == "direct"
    assert statement.text == "far too many ships have waited outside the port."
    assert statement.speaker == "Tove Lind"


def test_a_relative_clause_of_who_says_is_a_statement_of_the_person_it_hangs_on(nlp) -> None:
    text = "Senator Ada Bell, who says the old pier is too small for the ferries, voted against it."
    statement = only(extract_statements(text, nlp), "old pier")
    assert statement.text == "the old pier is too small for the ferries"
    assert statement.speaker == "Ada Bell"


def test_a_relative_clause_that_reports_its_own_antecedent_is_a_statement(nlp) -> None:
    text = (
        "Harbour master Tove Lind met the crews.\n\n"
        "The plan adds a second pier, which Lind said will open to ferries in May."
    )
    statement = only(extract_statements(text, nlp), "open to ferries")
    assert statement.text == "which Lind said will open to ferries in May"
    assert statement.speaker == "Tove Lind"


def test_a_quotation_in_a_conjunct_of_a_verbs_complement_is_its_subjects(nlp) -> None:
    text = (
        "The council met on Monday.\n\n"
        "Ann Lee faulted the mayor for skipping meetings and “hiding from the voters” all year."
    )
    statement = only(extract_statements(text, nlp), "hiding from the voters")
    assert statement.kind == "mixed"
    assert statement.speaker == "Ann Lee"


def test_as_with_a_second_speaker_after_a_report_is_a_time_not_a_source(nlp) -> None:
    text = (
        "Mayor Ann Lee spoke at the harbour.\n\n"
        "“Apparently a young man is having some problems,” Lee said as the heckler yelled: "
        "“Go home!”"
    )
    statements = extract_statements(text, nlp)
    first = only(statements, "young man")
    assert first.kind == "direct"
    assert first.speaker == "Ann Lee"


def test_a_surname_read_as_a_month_still_speaks(nlp) -> None:
    text = (
        "Prime Minister Ada May met the union leaders on Friday.\n\n"
        "Late on Tuesday, May announced new rules for the port had been agreed by both sides."
    )
    statement = only(extract_statements(text, nlp), "new rules for the port")
    assert statement.speaker == "Ada May"


# ---------------------------------------------------------------- not statements


def test_that_said_opening_a_sentence_reports_nothing(nlp) -> None:
    text = (
        "The mayor won the vote in the north.\n\n"
        "That said, a loss in the south would hurt her badly. "
        "This being said, the council still opposes the pier."
    )
    assert extract_statements(text, nlp) == []


def test_a_thing_called_by_a_quoted_name_says_nothing(nlp) -> None:
    text = (
        "The harbour board hired a consultancy called “Blue Pier Partners” last spring. "
        "The troupe is staging a comedy called “Sons of the Mayor” at the old theatre."
    )
    assert extract_statements(text, nlp) == []


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


# ---------------------------------------------------------------- speakers


def test_a_role_description_stands_for_the_main_person_named_without_a_role(nlp) -> None:
    text = (
        "Greta Holm lost the vote on the harbour plan by eleven votes on Tuesday.\n\n"
        "“We will come back with a better plan,” Holm said after the count.\n\n"
        "The prime minister also confirmed that the council would vote again in June."
    )
    statement = only(extract_statements(text, nlp), "vote again in June")
    assert statement.speaker == "Greta Holm"
    assert statement.speaker_mention == "The prime minister"


def test_a_role_description_opening_the_story_is_the_person_named_next(nlp) -> None:
    text = (
        "The commission president told the radio that he was doing everything to save the "
        "treaty.\n"
        "“We can still sign it,” Aldo Renzi said on Friday."
    )
    statement = only(extract_statements(text, nlp), "save the treaty")
    assert statement.speaker == "Aldo Renzi"


def test_the_body_named_in_a_description_must_agree_with_the_person(nlp) -> None:
    text = (
        "Carla Ferri met Lund Prime Minister Per Wahl in the morning.\n\n"
        "“It was a good meeting,” Ferri said. “We will meet again,” Ferri added.\n\n"
        "The Commission president said he had asked Wahl to send a proposal."
    )
    statements = extract_statements(text, nlp)
    statement = next(s for s in statements if s.speaker_mention == "The Commission president")
    assert statement.speaker == "Carla Ferri"


def parsed(nlp, rows: str) -> Doc:
    """A Doc with the parse a real page got (the parser's error reproduced by hand): one
    token a line, ``word head dep pos tag lemma ent`` (``_`` for no entity, ``+`` after the
    word for a following space)."""
    words, spaces, heads, deps, pos, tags, lemmas, ents = ([] for _ in range(8))
    for line in rows.strip().splitlines():
        word, head, dep, tag_pos, tag, lemma, ent = line.split()
        words.append(word.rstrip("+") if word != "+" else word)
        spaces.append(word.endswith("+") and word != "+")
        heads.append(int(head))
        deps.append(dep)
        pos.append(tag_pos)
        tags.append(tag)
        lemmas.append(lemma)
        ents.append("O" if ent == "_" else ent)
    return Doc(
        nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
        lemmas=lemmas, ents=ents,
    )  # fmt: skip


def statements_of(doc: Doc) -> list[Statement]:
    return attribute(doc, article_for_text(doc.text), [], keep_all=True)


def test_a_name_before_its_role_is_the_speaker_when_both_are_parsed_as_subjects(nlp) -> None:
    doc = parsed(
        nlp,
        """
        Rita+ 1 compound PROPN NNP Rita B-PERSON
        Moss 6 nsubj PROPN NNP Moss I-PERSON
        ,+ 1 punct PUNCT , , _
        spokesperson+ 6 nsubj NOUN NN spokesperson _
        for+ 3 prep ADP IN for _
        Bettor+ 4 pobj PROPN NNP Bettor B-ORG
        said 6 ROOT VERB VBD say _
        :+ 6 punct PUNCT : : _
        “ 6 punct PUNCT `` " _
        Bets+ 11 nsubj NOUN NNS bet _
        are+ 11 aux AUX VBP be _
        rising 6 ccomp VERB VBG rise _
        . 6 punct PUNCT . . _
        ” 6 punct PUNCT '' " _
        """,
    )
    statement = only(statements_of(doc), "Bets are rising")
    assert statement.speaker_mention == "Rita Moss"


def test_a_pronoun_takes_the_only_person_of_its_sentence_when_the_subject_is_lost(nlp) -> None:
    # "Tom Reed spoke. After years of fighting inflation, Roth, in a speech, turned to jobs,
    # which she said “have cooled.”" with Roth parsed as an apposition of "inflation"
    doc = parsed(
        nlp,
        """
        Tom+ 1 compound PROPN NNP Tom B-PERSON
        Reed+ 2 nsubj PROPN NNP Reed I-PERSON
        spoke 2 ROOT VERB VBD speak _
        .+ 2 punct PUNCT . . _
        After+ 16 prep ADP IN after _
        years+ 4 pobj NOUN NNS year _
        of+ 5 prep ADP IN of _
        fighting+ 6 pcomp VERB VBG fight _
        inflation 7 dobj NOUN NN inflation _
        ,+ 8 punct PUNCT , , _
        Roth 8 appos PROPN NNP Roth B-PERSON
        ,+ 8 punct PUNCT , , _
        in+ 7 prep ADP IN in _
        a+ 14 det DET DT a _
        speech 12 pobj NOUN NN speech _
        ,+ 16 punct PUNCT , , _
        turned+ 16 ROOT VERB VBD turn _
        to+ 16 prep ADP IN to _
        jobs 17 pobj NOUN NNS job _
        ,+ 18 punct PUNCT , , _
        which+ 25 nsubj PRON WDT which _
        she+ 22 nsubj PRON PRP she _
        said+ 18 relcl VERB VBD say _
        “ 25 punct PUNCT `` " _
        have+ 25 aux AUX VBP have _
        cooled 22 ccomp VERB VBN cool _
        . 16 punct PUNCT . . _
        ” 16 punct PUNCT '' " _
        """,
    )
    statement = only(statements_of(doc), "have cooled")
    assert statement.speaker == "Roth"


# ---------------------------------------------------------------- relays


def test_cited_as_saying_is_the_speaker_with_the_citing_outlet_as_relay(nlp) -> None:
    text = "A senior official was cited by the Evening Ledger as saying that the talks had stalled."
    statement = only(extract_statements(text, nlp), "talks had stalled")
    assert statement.speaker_mention == "A senior official"
    assert statement.via == "Evening Ledger"


def test_a_statement_reported_inside_another_is_relayed_by_its_reporter(nlp) -> None:
    text = "Kim said he had heard reports that the mine would close, said the official."
    statements = extract_statements(text, nlp)
    inner = next(s for s in statements if s.speaker == "Kim")
    assert inner.via is not None and "official" in inner.via


def test_with_a_participle_is_a_statement_of_its_own_not_a_relayed_one(nlp) -> None:
    text = (
        "Other candidates, notably Ann Voss, have said that they would cut taxes, with Per Lund "
        "saying he wants a referendum."
    )
    statements = extract_statements(text, nlp)
    assert all(s.via is None for s in statements), [(s.text, s.via) for s in statements]


def test_according_to_after_a_quotation_relays_it(nlp) -> None:
    text = (
        "However, Kim replied, “Look, a truce is welcome. Still, sooner or later, we must settle "
        "this,” according to the official."
    )
    statements = extract_statements(text, nlp)
    statement = only(statements, "a truce is welcome")
    assert statement.speaker == "Kim"
    assert statement.via is not None and "official" in statement.via
    assert not any(s.speaker_mention == "the official" for s in statements)


def test_a_medium_described_without_its_name_is_the_outlet_named_before(nlp) -> None:
    text = (
        "Ivo Lind gave an interview to the Daily Meridian on Friday. “The decision is now up to "
        "the council,” the paper quoted him as saying."
    )
    statement = only(extract_statements(text, nlp), "decision is now up to")
    assert statement.speaker == "Ivo Lind"
    assert statement.via == "Daily Meridian"


def test_a_counted_group_is_the_group_that_speaks(nlp) -> None:
    text = "More than half of the analysts said they expected a crisis this year."
    statement = only(extract_statements(text, nlp), "expected a crisis")
    assert statement.speaker_mention == "the analysts"


# ---------------------------------------------------------------- clause extent


def test_a_hyphenated_word_split_by_the_parser_stays_in_the_statement(nlp) -> None:
    text = "In reply, Mr Holt said he would not re-open the talks with the union."
    statement = only(extract_statements(text, nlp), "he would not re")
    assert statement.text.endswith("re-open the talks with the union")


def test_a_contrasting_clause_after_the_complement_continues_the_statement(nlp) -> None:
    text = (
        "Chair Ann Lee said Wednesday that the bank is trying to bring prices down without "
        "causing damage, but the aggressive hikes could tip the economy into recession."
    )
    statement = only(extract_statements(text, nlp), "bring prices down")
    assert statement.text.endswith("tip the economy into recession")


def test_a_contrasting_clause_that_reports_someone_else_is_a_statement_of_its_own(nlp) -> None:
    statements = extract_statements(
        "Lee said the plan was ready, but critics said it would fail.", nlp
    )
    assert only(statements, "plan was ready").text == "the plan was ready"
    assert only(statements, "would fail").speaker_mention == "critics"


def test_the_that_clause_of_a_speech_noun_is_its_owners_statement(nlp) -> None:
    statements = extract_statements(
        "New figures back claims by market analysts that the lender had paused its rate rises.",
        nlp,
    )
    statement = only(statements, "paused its rate rises")
    assert statement.speaker_mention == "market analysts"
    assert statement.cue == "claims"


def test_a_possessive_owner_of_a_speech_noun_speaks(nlp) -> None:
    text = "Ann Lee met the unions.\n\nShe repeated her view that the port must stay open."
    statement = only(extract_statements(text, nlp), "port must stay open")
    assert statement.speaker == "Ann Lee"


def test_a_speech_noun_without_an_owner_is_no_statement(nlp) -> None:
    statements = extract_statements("He rejected the claim that he had lied to the board.", nlp)
    assert not any(s.cue == "claim" for s in statements), texts(statements)


# ---------------------------------------------------------------- countries, groups, wires


def test_a_country_as_speaker_is_its_government(nlp) -> None:
    statement = only(
        extract_statements("Turkey declared last week it had objections to the bid.", nlp),
        "objections",
    )
    assert statement.speaker == "Turkish government"
    assert statement.speaker_mention == "Turkey"


def test_a_capital_as_speaker_is_its_government(nlp) -> None:
    text = "Ministers pressed Lee to sign, with Berlin saying the delay had gone on far too long."
    statements = extract_statements(text, nlp)
    statement = next(s for s in statements if s.speaker_mention == "Berlin")
    assert statement.speaker == "German government"


def test_what_a_speaker_cites_as_reasons_is_a_statement(nlp) -> None:
    text = (
        "Economists at the bank cut their growth forecast last month.\n\n"
        "They cited lower stock prices and higher rates."
    )
    statement = only(extract_statements(text, nlp), "lower stock prices")
    assert statement.cue == "cited"
    assert statement.speaker == "Economists"


def test_an_unquoted_passage_after_a_colon_runs_to_the_end_of_its_paragraph(nlp) -> None:
    text = (
        "According to the Daily Meridian, the chief executive warned, saying: The storm is "
        "coming. We do not know how big it will be.\n\nShares fell."
    )
    statement = only(extract_statements(text, nlp), "The storm is coming")
    assert statement.text.endswith("how big it will be")
    assert statement.via == "Daily Meridian"


def test_a_group_led_by_a_named_person_speaks_through_them(nlp) -> None:
    text = (
        "“Recent data made us rethink our call,” bank economists, led by Mia Stone, wrote in a "
        "note to clients."
    )
    assert only(extract_statements(text, nlp), "rethink our call").speaker == "Mia Stone"


def test_a_group_named_by_its_members_speaks_through_the_first_named(nlp) -> None:
    text = (
        "The vote is close.\n\nOther candidates, notably Kari Holm and Ola Berg, have said "
        "that they are ready to back the harbour plan."
    )
    statement = only(extract_statements(text, nlp), "ready to back")
    assert statement.speaker_mention == "Other candidates"
    assert statement.speaker == "Kari Holm"


def test_wire_copy_pasted_after_the_pages_own_entries_is_relayed_by_the_wire(nlp) -> None:
    text = (
        "March 3, 2023 – Lee Park said on Friday the bank would wait.\n"
        "March 5, 2023 – (Lumen) — Economists at the bank changed their call.\n"
        "“The data made us reassess our view,” they wrote."
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "reassess our view").via == "Lumen"
    assert only(statements, "bank would wait").via is None


def test_the_pages_own_wire_dateline_is_no_relay(nlp) -> None:
    text = "OSLO (Lumen) - The minister said on Friday that the port would close."
    assert only(extract_statements(text, nlp), "port would close").via is None


def test_a_paragraph_between_a_wires_credit_and_its_citation_is_relayed_by_it(nlp) -> None:
    """A blog pasting a wire's copy whole: the credit opens the paragraph and a citation of the
    same wire (written another way) closes it, so every statement in it is relayed by the wire;
    the blogger's own paragraph after it is not."""
    text = (
        "Opinion: the port deal is a trap\n\n"
        "OSLO, 4 May (LPN) – The port will close for a month, Mayor Kari Lund said at a "
        "council meeting. Lund also said that the ferries would keep running. “We will not "
        "leave the islands alone,” she said (L.P.N. – ‘Lund: port to close for a month’ "
        "04.05.2025).\n\n"
        "I think the mayor said the closure would be short because she fears the vote."
    )
    statements = extract_statements(text, nlp)
    for fragment in ("port will close", "ferries would keep running", "islands alone"):
        assert only(statements, fragment).via == "LPN", fragment
    assert only(statements, "closure would be short").via is None
    # the citation's headline is a title: neither a quotation nor a report of its own
    assert not [s for s in statements if "Lund:" in s.text or "to close for" in s.text]


def test_the_headline_in_a_wires_citation_reports_nothing(nlp) -> None:
    text = (
        "OSLO, 4 May (LPN) – The port will close for a month, Mayor Kari Lund said at a "
        "council meeting (LPN – ‘Mayor Lund, Governor Berg agree on closure of the port’ "
        "04.05.2025)."
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "port will close").via == "LPN"
    assert not [s for s in statements if "closure of the port" in s.text]


def test_a_credit_without_its_wires_citation_is_the_pages_dateline(nlp) -> None:
    text = (
        "OSLO, 4 May (LPN) – The port will close for a month, Mayor Kari Lund said at a "
        "council meeting (Harbour Times – ‘Port to close’ 04.05.2025)."
    )
    statement = only(extract_statements(text, nlp), "port will close")
    assert statement.via is None
    assert statement.text.startswith("The port")  # the dateline places it, it is not said


def test_a_wire_named_with_full_stops_after_its_description_is_the_relay(nlp) -> None:
    """ "the state news agency L.P.N." ending a sentence: the parser hangs the name on the
    sentence as punctuation; the relay is still the agency's name, not "state news agency"."""
    text = (
        "“No ship will leave the harbour,” she told the dock workers, in remarks carried by "
        "the state news agency L.P.N. The line was repeated across the region."
    )
    assert "L.P.N." in (only(extract_statements(text, nlp), "No ship").via or "")


def test_remarks_reported_by_an_agency_in_the_next_sentence_are_relayed_by_it(nlp) -> None:
    text = (
        "“This will not be just a thousand sailors,” Lund said. Her comments, reported by the "
        "state news agency Lumen, are stirring talk of a wider closure.\n\n"
        "“The port stays open,” Berg said. Her office later confirmed the date."
    )
    statements = extract_statements(text, nlp)
    assert "Lumen" in (only(statements, "thousand sailors").via or "")
    assert only(statements, "port stays open").via is None


def test_an_outlet_that_has_learned_what_was_said_relays_it(nlp) -> None:
    text = (
        "The port will close for a month, Mayor Kari Lund said at a council meeting, the "
        "Harbour Times has learned."
    )
    assert only(extract_statements(text, nlp), "port will close").via == "Harbour Times"


def test_an_embedded_post_signed_by_an_outlet_relays_its_statement(nlp) -> None:
    text = (
        "Staff expect borrowing costs to climb before winter, according to notes of the "
        "spring meeting. https://t.co/abc — Lumen News (@LumenNews) April 13, 2023"
    )
    assert only(extract_statements(text, nlp), "borrowing costs").via == "Lumen News"


def test_the_source_of_a_later_sentence_is_the_person_described_before(nlp) -> None:
    text = (
        "A senior official said the talks were tense. According to the source, Kim then claimed "
        "that there was no plan."
    )
    statement = only(extract_statements(text, nlp), "there was no plan")
    assert statement.speaker == "Kim"
    assert statement.via == "senior official"


def test_the_writers_own_voice_is_no_one_named_later(nlp) -> None:
    text = (
        "As I predicted in January, the bank would admit that the plan had failed.\n\n"
        "Lee Park said on Friday that it had."
    )
    statements = extract_statements(text, nlp)
    assert not any(s.speaker_mention == "I" and s.speaker for s in statements), [
        (s.text, s.speaker_mention, s.speaker) for s in statements
    ]


def test_a_fronted_clause_ending_in_a_quotation_is_relayed_by_the_agency_reporting_it(nlp) -> None:
    text = (
        "BERLIN: The council is “playing with fire,” the harbour office said Monday, following a "
        "vow by Mayor Ann Lee to close the port, the Lumen agency reported."
    )
    statements = extract_statements(text, nlp)
    statement = only(statements, "playing with fire")
    assert statement.text == "The council is “playing with fire,”"
    assert statement.kind == "mixed"
    assert statement.via == "Lumen agency"
    assert not any("following a vow" in s.text for s in statements), texts(statements)


def test_a_spokesman_reporting_his_own_side_is_no_relay(nlp) -> None:
    text = (
        "Foreign Minister Ivo Sand spoke to reporters on Sunday. He added that Norvia demanded "
        "each of its neighbours “stop funding the smugglers.”"
    )
    statements = extract_statements(text, nlp)
    assert all(s.via is None for s in statements), [(s.text, s.speaker, s.via) for s in statements]


def test_a_dateline_credit_after_a_headline_is_the_pages_own(nlp) -> None:
    text = (
        "Lee vows no troops will cross the river\n\nJune 3, 2025 | 5:40 PM\n\n"
        "VARNO, 3 June (Lumen) – President Ann Lee said on Tuesday that her army would not "
        "cross the river."
    )
    assert all(s.via is None for s in extract_statements(text, nlp))


def test_a_relay_named_after_its_description_is_that_outlet(nlp) -> None:
    text = (
        "The Daily Meridian interviewed several analysts on Monday.\n\n"
        "“We will not go to war,” Lee told soldiers, according to the state news agency Nova."
    )
    assert only(extract_statements(text, nlp), "not go to war").via == "Nova"


def test_a_relay_inside_what_was_said_does_not_relay_the_statement(nlp) -> None:
    text = (
        "The Daily Meridian covered the visit.\n\n"
        "Her remarks, reported by the official wire service Nova, are “stirring talk of a wider "
        "war,” the Meridian’s Ann Lee writes."
    )
    statement = only(extract_statements(text, nlp), "stirring talk")
    assert statement.speaker == "Ann Lee"
    assert statement.via is None


def test_a_relay_closing_a_reported_clause_is_not_part_of_it(nlp) -> None:
    text = "Mayor Olav Brink said he would not run again, the Evening Courier reported on Thursday."
    statement = only(extract_statements(text, nlp), "run again")
    assert statement.text == "he would not run again"
    assert statement.via == "Evening Courier"


def test_a_relay_named_with_the_speakers_is_their_relay(nlp) -> None:
    text = "Some analysts quoted by the Evening Herald think the new plan is meant to calm markets."
    assert only(extract_statements(text, nlp), "calm markets").via == "Evening Herald"


def test_quoted_without_an_agent_keeps_the_relay_named_just_before(nlp) -> None:
    text = (
        "“We will not budge on the tariffs,” Moreau told farmers in Lyon, according to the "
        "regional broadcaster Vox Alpes.\n\n"
        "“The talks are over for now, and nobody has invited us back,” Moreau was quoted as "
        "saying.\n\n"
        "“Prices will fall by spring,” Dupont said. “Nobody doubts it,” Dupont was quoted as "
        "saying."
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "talks are over").via == "Vox Alpes"
    assert only(statements, "Nobody doubts it").via is None  # nobody relayed Dupont before


def test_a_share_of_people_in_a_poll_speaks(nlp) -> None:
    """ "Some 22 percent said ...": a percentage is a group of respondents, not a date or an
    amount of money."""
    text = (
        "Only half of the union members said they would back the deal. Some 22 percent said "
        "they would back the rival offer."
    )
    statement = only(extract_statements(text, nlp), "rival offer")
    assert statement.speaker_mention == "Some 22 percent"


@pytest.mark.parametrize(
    "text",
    [
        "It was, he said, one of the hardest defeats of his career.",
        "Mr. Okafor spoke of regrets. It was, he said, one of the hardest defeats of his career.",
    ],
)
def test_an_aside_inside_a_copular_clause_reports_the_clause(nlp, text: str) -> None:
    """ "It was, he said, one of ...": the parser hangs the aside on the complement ("one") or
    on the verb before it; either way the clause goes on after it, so it is an aside."""
    statement = only(extract_statements(text, nlp), "hardest defeats")
    assert statement.speaker_mention == "he"
    assert statement.text.startswith("It was")


def test_a_fronted_clause_does_not_take_the_but_clause_after_its_verb(nlp) -> None:
    """ "A, said X, but B": A is said; stretching it over B would hold the verb itself."""
    text = (
        "Rival candidate Ellen Park also lacks in the charm department, said Dorsey, but her "
        "record makes up for it."
    )
    statement = only(extract_statements(text, nlp), "charm department")
    assert statement.speaker_mention == "Dorsey"


def test_a_clause_with_a_gerund_subject_is_what_was_said(nlp) -> None:
    """The parser hangs "allowing" on "said" as its complement and the clause's own verb
    below it: the whole clause is the statement."""
    text = (
        "He said allowing it could bring hundreds of jobs to the northern valleys where there "
        "are big gas fields."
    )
    statement = only(extract_statements(text, nlp), "hundreds of jobs")
    assert statement.text.startswith("allowing it")
    assert statement.speaker_mention == "He"


def test_a_speaker_mention_never_runs_back_across_a_closing_mark(nlp) -> None:
    """The parser made the quotation's last word a modifier of the name after it; the mention
    starts after the closing mark (a quotation held whole inside a name stays)."""
    doc = parsed(
        nlp,
        """
        “ 6 punct PUNCT `` " _
        Fine 5 amod ADJ JJ fine _
        , 5 punct PUNCT , , _
        ”+ 5 punct PUNCT '' " _
        Gene+ 5 compound PROPN NNP Gene B-PERSON
        Sperling+ 6 nsubj PROPN NNP Sperling I-PERSON
        said 6 ROOT VERB VBD say _
        . 6 punct PUNCT . . _
        """,
    )
    start, end = noun_phrase(doc[5])
    assert doc.text[start:end] == "Gene Sperling"
    held = parsed(
        nlp,
        """
        her+ 4 poss PRON PRP$ her _
        “ 4 punct PUNCT `` " _
        clawback 4 compound NOUN NN clawback _
        ”+ 4 punct PUNCT '' " _
        plan 4 ROOT NOUN NN plan _
        """,
    )
    start, end = noun_phrase(held[4])
    assert held.text[start:end] == "her “clawback” plan"


def test_the_speaker_before_a_phrase_set_off_by_commas_says_the_quotation(nlp) -> None:
    """With no subject in the parse, the noun right before the verb is taken; when that noun
    is the object inside a phrase set off by commas ("Lee, asked about arrests under Park,
    had said"), the speaker is the noun before the phrase."""
    doc = parsed(
        nlp,
        """
        Lee 2 nsubj PROPN NNP Lee B-PERSON
        ,+ 0 punct PUNCT , , _
        asked+ 9 advcl VERB VBD ask _
        about+ 2 prep ADP IN about _
        arrests+ 3 pobj NOUN NNS arrest _
        under+ 4 prep ADP IN under _
        Park 5 pobj PROPN NNP Park B-PERSON
        ,+ 9 punct PUNCT , , _
        had+ 9 aux AUX VBD have _
        said 9 ROOT VERB VBN say _
        ,+ 9 punct PUNCT , , _
        “ 9 punct PUNCT `` " _
        We+ 13 nsubj PRON PRP we _
        jail+ 9 ccomp VERB VBP jail _
        people+ 13 dobj NOUN NNS people _
        too 13 advmod ADV RB too _
        . 9 punct PUNCT . . _
        ” 9 punct PUNCT '' " _
        """,
    )
    statement = only(statements_of(doc), "jail people")
    assert statement.speaker_mention == "Lee"


def test_a_reporting_word_inside_a_quotation_is_not_its_cue(nlp) -> None:
    """ "Sole said Lee is “telling ...”" parsed with "telling" as a reporting verb whose clause
    is the quotation: the word is part of Sole's quoted words, and "said" is the cue."""
    doc = parsed(
        nlp,
        """
        Though+ 2 mark SCONJ IN though _
        not+ 2 neg PART RB not _
        all+ 5 nsubj PRON NN all _
        Lee+ 4 nsubj PROPN NNP Lee B-PERSON
        says+ 2 relcl VERB VBZ say _
        is+ 9 ccomp AUX VBZ be _
        false 5 acomp ADJ JJ false _
        ,+ 9 punct PUNCT , , _
        Sole+ 9 nsubj PROPN NNP Sole B-PERSON
        said+ 9 ROOT VERB VBD say _
        Lee+ 13 nsubj PROPN NNP Lee B-PERSON
        is+ 13 aux AUX VBZ be _
        " 13 punct PUNCT `` " _
        telling+ 9 ccomp VERB VBG tell _
        his+ 15 poss PRON PRP$ his _
        voters+ 13 dobj NOUN NNS voter _
        what+ 20 dobj PRON WP what _
        they+ 18 nsubj PRON PRP they _
        want+ 21 csubj VERB VBP want _
        to+ 20 aux PART TO to _
        hear+ 18 xcomp VERB VB hear _
        is+ 13 ccomp AUX VBZ be _
        fine 21 acomp ADJ JJ fine _
        . 9 punct PUNCT . . _
        " 24 ROOT PUNCT `` " _
        """,
    )
    statement = only(statements_of(doc), "telling his voters")
    assert (statement.speaker_mention, statement.cue) == ("Sole", "said")


def test_a_name_in_apposition_to_a_word_of_the_quotation_is_the_speaker(nlp) -> None:
    """The parser made the name after the quotation an apposition of the addressee inside it
    (“..., Mr. Lee,” Ana Pell, mayor of Tern, told him): the name outside the marks speaks."""
    doc = parsed(
        nlp,
        """
        “ 15 punct PUNCT `` " _
        Good+ 2 amod ADJ JJ good _
        speech 15 ccomp NOUN NN speech _
        ,+ 5 punct PUNCT , , _
        Mr.+ 5 compound PROPN NNP Mr. B-PERSON
        Lee 15 nsubj PROPN NNP Lee I-PERSON
        , 5 punct PUNCT , , _
        ”+ 5 punct PUNCT '' " _
        Ana+ 9 compound PROPN NNP Ana B-PERSON
        Pell 5 appos PROPN NNP Pell I-PERSON
        ,+ 9 punct PUNCT , , _
        mayor+ 9 appos NOUN NN mayor _
        of+ 11 prep ADP IN of _
        Tern 12 pobj PROPN NNP Tern B-GPE
        ,+ 15 punct PUNCT , , _
        told+ 15 ROOT VERB VBD tell _
        him 15 dobj PRON PRP he _
        . 15 punct PUNCT . . _
        """,
    )
    statement = only(statements_of(doc), "Good speech")
    assert statement.speaker_mention == "Ana Pell"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The mayor was tired. She hoped, she said, that the council would drop the plan.", "she"),
        (
            "At times last winter, people close to the mayor said, the mere mention of the ferry "
            "plan could make her furious.",
            "people",
        ),
    ],
)
def test_an_aside_at_the_edge_of_the_clause_it_interrupts_reports_the_sentence(
    nlp, text: str, speaker: str
) -> None:
    """The parser hangs the aside on the clause after it ("that the council would ...") or
    gives it the sentence's opening phrase ("At times last winter"): still an aside."""
    statement = only(extract_statements(text, nlp), "plan")
    assert statement.speaker_mention.split()[-1].lower() == speaker.lower()
    assert statement.text.startswith(text.split(". ")[-1][:10])


@pytest.mark.parametrize(
    "text",
    [
        "Asked whether she would run again, Mayor Ana Pell smiled and left the hall.",
        '"We will see," the mayor said when asked about the ferry contract.',
    ],
)
def test_a_question_put_to_someone_is_not_their_statement(nlp, text: str) -> None:
    """ "(When) asked whether ...": the question is put to the subject; it is not what they
    said (the verb has no subject of its own)."""
    statements = extract_statements(text, nlp)
    assert not [s for s in statements if "run again" in s.text or "ferry contract" in s.text]


def test_maintaining_a_lead_is_no_statement_but_maintaining_that_is(nlp) -> None:
    text = (
        "Ana Pell maintains a wide lead over her rival among harbour voters. Her rival "
        "maintains that the polls are wrong."
    )
    statements = extract_statements(text, nlp)
    assert [s.text for s in statements] == ["that the polls are wrong"]


def test_a_statement_never_ends_on_a_dangling_conjunction(nlp) -> None:
    """The parser hung ", and" on the first clause when the second is a report of its own:
    the first statement ends at its last word, not at "and"."""
    text = "The members said they would back the offer, and 61% of dockers say the pay is low."
    statement = only(extract_statements(text, nlp), "back the offer")
    assert statement.text == "they would back the offer"


_ASIDE_WITH_ADJUNCT = """
She+ 3 nsubj PRON PRP she _
could+ 3 aux AUX MD could _
not+ 3 neg PART RB not _
sell+ 3 ROOT VERB VB sell _
a+ 6 det DET DT a _
single+ 6 amod ADJ JJ single _
boat 3 dobj NOUN NN boat _
,+ 9 punct PUNCT , , _
she+ 9 nsubj PRON PRP she _
said 3 parataxis VERB VBD say _
,+ 9 punct PUNCT , , _
on+ 9 prep ADP IN on _
condition+ 11 pobj NOUN NN condition _
of+ 12 prep ADP IN of _
anonymity+ 13 pobj NOUN NN anonymity _
to+ 16 aux PART TO to _
talk+ 9 xcomp VERB VB talk _
openly 16 advmod ADV RB openly _
. 3 punct PUNCT . . _
"""
_INVERTED_CONJUNCT = """
In+ 9 prep ADP IN in _
nearby+ 2 amod ADJ JJ nearby _
Tern 0 pobj PROPN NNP Tern B-GPE
,+ 9 punct PUNCT , , _
the+ 7 det DET DT the _
old+ 7 amod ADJ JJ old _
ferry+ 7 compound NOUN NN ferry _
yard+ 9 nsubj NOUN NN yard _
is+ 9 aux AUX VBZ be _
holding+ 9 ROOT VERB VBG hold _
on 9 prt ADP RP on _
,+ 9 punct PUNCT , , _
but+ 9 cc CCONJ CC but _
it+ 15 nsubj PRON PRP it _
is+ 15 aux AUX VBZ be _
losing+ 9 conj VERB VBG lose _
money 15 dobj NOUN NN money _
,+ 15 punct PUNCT , , _
said+ 9 conj VERB VBD say _
the+ 21 det DET DT the _
yard+ 21 compound NOUN NN yard _
owner 18 nsubj NOUN NN owner _
,+ 21 punct PUNCT , , _
Jon+ 24 compound PROPN NNP Jon B-PERSON
Farrow 21 appos PROPN NNP Farrow I-PERSON
. 18 punct PUNCT . . _
"""


@pytest.mark.parametrize(
    ("rows", "opening", "speaker"),
    [
        (_ASIDE_WITH_ADJUNCT, "She could not sell a single boat", "she"),
        (_INVERTED_CONJUNCT, "In nearby Tern, the old ferry yard is holding on", "the yard owner"),
    ],
)
def test_a_trailing_aside_the_parser_gave_more_than_its_verb(
    nlp, rows: str, opening: str, speaker: str
) -> None:
    """ "A, she said, on condition of anonymity to talk": what follows the aside's comma is an
    adjunct of saying; "A, said the yard owner" parsed as a conjunct of A, subject after it."""
    statement = next(s for s in statements_of(parsed(nlp, rows)) if s.cue == "said")
    assert statement.text.startswith(opening)
    assert statement.speaker_mention == speaker


def test_an_aside_whose_verb_the_parser_gave_the_rest_of_the_sentence(nlp) -> None:
    text = "Nor does the mayor have any plans, aides say, to seek help from the harbour board."
    statement = next(s for s in extract_statements(text, nlp) if "to seek help" in s.text)
    assert statement.speaker_mention == "aides"
    assert statement.kind == "indirect"


_CLAUSE_HUNG_ON_CLOSING_VERB = """
Owners+ 18 dep NOUN NNS owner _
who+ 3 nsubj PRON WP who _
do+ 3 aux AUX VBP do _
take+ 0 relcl VERB VB take _
on+ 3 prt ADP RP on _
boat+ 7 compound NOUN NN boat _
debt+ 7 compound NOUN NN debt _
struggle 3 dobj NOUN NN struggle _
,+ 0 punct PUNCT , , _
even+ 10 advmod ADV RB even _
in+ 0 prep ADP IN in _
a+ 15 det DET DT a _
" 15 punct PUNCT `` " _
good 15 amod ADJ JJ good _
"+ 15 punct PUNCT '' " _
season 10 pobj NOUN NN season _
,+ 18 punct PUNCT , , _
she+ 18 nsubj PRON PRP she _
said 18 ROOT VERB VBD say _
. 18 punct PUNCT . . _
"""


def test_a_clause_the_parser_hung_on_a_closing_verb_is_what_was_said(nlp) -> None:
    """ "A, she said." with A parsed as a loose dependent of "said", not its complement."""
    statement = next(
        s for s in statements_of(parsed(nlp, _CLAUSE_HUNG_ON_CLOSING_VERB)) if s.cue == "said"
    )
    assert statement.text.startswith("Owners who do take on boat debt struggle")
    assert statement.speaker_mention == "she"


@pytest.mark.parametrize(
    "text",
    [
        "In a speech to the harbour board last July, he said.",
        "But even after the harbour trade cooled, the borrowing continued.",
    ],
)
def test_an_adjunct_before_a_closing_verb_is_not_what_was_said(nlp, text: str) -> None:
    assert extract_statements(text, nlp) == []


_DATELINE_SUBJECT = """
OSLO 11 nsubj PROPN NNP OSLO B-GPE
,+ 0 punct PUNCT , , _
May+ 0 npadvmod PROPN NNP May B-DATE
3+ 2 nummod NUM CD 3 I-DATE
( 5 punct PUNCT -LRB- ( _
Lumen 2 appos PROPN NNP Lumen B-ORG
)+ 0 punct PUNCT -RRB- ) _
—+ 0 punct PUNCT : — _
Former+ 10 amod ADJ JJ former _
Kari+ 10 compound PROPN NNP Kari B-PERSON
Holm+ 0 appos PROPN NNP Holm I-PERSON
told+ 11 ROOT VERB VBD tell _
the+ 13 det DET DT the _
board+ 11 dobj NOUN NN board _
that+ 17 mark SCONJ IN that _
the+ 16 det DET DT the _
plan+ 17 nsubj NOUN NN plan _
failed 11 ccomp VERB VBD fail _
. 11 punct PUNCT . . _
"""
_DATELINE_AND_SECOND_SUBJECT = """
OSLO 12 nsubj PROPN NNP OSLO B-GPE
,+ 0 punct PUNCT , , _
May+ 0 appos PROPN NNP May B-DATE
3+ 2 nummod NUM CD 3 I-DATE
( 5 punct PUNCT -LRB- ( _
Lumen 2 appos PROPN NNP Lumen B-ORG
)+ 5 punct PUNCT -RRB- ) _
—+ 0 punct PUNCT : — _
A+ 9 det DET DT a _
spokesman+ 12 nsubj NOUN NN spokesman _
for+ 9 prep ADP IN for _
Holm+ 10 pobj PROPN NNP Holm B-PERSON
called+ 12 ROOT VERB VBD call _
the+ 14 det DET DT the _
report+ 12 dobj NOUN NN report _
“ 16 punct PUNCT `` " _
false+ 12 oprd ADJ JJ false _
. 12 punct PUNCT . . _
” 12 punct PUNCT '' " _
"""
_DAY_SUBJECT = """
Saturday+ 7 nsubj PROPN NNP Saturday B-DATE
at+ 0 prep ADP IN at _
the+ 4 det DET DT the _
harbour+ 4 compound NOUN NN harbour _
convention+ 1 pobj NOUN NN convention _
Ana+ 6 compound PROPN NNP Ana B-PERSON
Pell+ 4 appos PROPN NNP Pell I-PERSON
said+ 7 ROOT VERB VBD say _
the+ 9 det DET DT the _
pier+ 10 nsubj NOUN NN pier _
was+ 7 ccomp AUX VBD be _
a+ 12 det DET DT a _
failure 10 attr NOUN NN failure _
. 7 punct PUNCT . . _
"""
_CLITIC_SUBJECT = """
The+ 1 det DET DT the _
bill+ 2 nsubj NOUN NN bill _
needs+ 2 ROOT VERB VBZ need _
members+ 2 dobj NOUN NNS member _
who 7 nsubj PRON WP who _
’ve+ 7 nsubj NOUN NNS ’ve _
already+ 7 advmod ADV RB already _
said+ 3 relcl VERB VBD say _
they+ 9 nsubj PRON PRP they _
oppose+ 7 ccomp VERB VBP oppose _
it 9 dobj PRON PRP it _
. 2 punct PUNCT . . _
"""
_THING_AND_PERSON_SUBJECT = """
Lind+ 2 nsubj PROPN NNP Lind B-PERSON
has+ 2 aux AUX VBZ have _
won+ 2 ROOT VERB VBN win _
a+ 4 det DET DT a _
seat+ 7 nsubj NOUN NN seat _
and+ 4 cc CCONJ CC and _
Reyes+ 4 conj PROPN NNP Reyes B-PERSON
said+ 2 ccomp VERB VBD say _
they+ 10 nsubj PRON PRP they _
should+ 10 aux AUX MD should _
quit 7 ccomp VERB VB quit _
. 2 punct PUNCT . . _
"""


@pytest.mark.parametrize(
    ("rows", "fragment", "speaker"),
    [
        (_DATELINE_SUBJECT, "plan failed", "Holm"),
        (_DATELINE_AND_SECOND_SUBJECT, "report", "spokesman"),
        (_DAY_SUBJECT, "pier was", "Pell"),
        (_CLITIC_SUBJECT, "they oppose", "who"),
        (_THING_AND_PERSON_SUBJECT, "should quit", "Reyes"),
    ],
)
def test_a_subject_the_parser_slipped_on_gives_way_to_the_speaker_behind_it(
    nlp, rows: str, fragment: str, speaker: str
) -> None:
    """A dateline's place parsed as the subject, with the name after its dash in apposition or
    as a second subject of the verb; a day parsed as the subject, the speaker named inside its
    phrase; a contraction split from its pronoun ("who’ve"); a thing
    coordinated with a person."""
    statement = next(s for s in statements_of(parsed(nlp, rows)) if fragment in s.text)
    assert (statement.speaker_mention or "").split()[-1] == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "The crowd cheered loudly.\n\nAna Pell was joined on stage by the mayor and joked, "
            "“Harbour people, you are being ridiculous.”",
            "being ridiculous",
            "Ana Pell",
        ),
        (
            "The talks went on all night.\n\nTom Reyes was quick to add that the pier would "
            "stay open all winter.",
            "stay open all winter",
            "Tom Reyes",
        ),
    ],
)
def test_a_report_hung_on_a_passive_or_an_adjective_speaks_for_its_subject(
    nlp, text: str, fragment: str, speaker: str
) -> None:
    statement = next(s for s in extract_statements(text, nlp) if fragment in s.text)
    assert statement.speaker_mention == speaker


def test_a_thing_that_is_sure_to_do_something_says_nothing(nlp) -> None:
    text = "The vote is close.\n\nIt is safe to say the harbour plan will pass in May."
    assert not any(s.speaker_mention == "It" for s in extract_statements(text, nlp))


def test_whom_a_question_was_put_to_is_not_what_was_asked(nlp) -> None:
    text = (
        "The hall was loud.\n\n“Did you know the pier was sold?” Tom Reyes asked the senator. "
        "Later he asked Ana Pell to explain the sale."
    )
    statements = extract_statements(text, nlp)
    assert not any(s.text in ("the senator", "senator") for s in statements)
    assert any(s.text.startswith("Ana Pell to explain") for s in statements)


def test_telling_someone_to_do_something_is_a_statement_telling_them_is_not(nlp) -> None:
    text = (
        "The pipes are old.\n\nFor a month now, the council has told families not to drink "
        "water from the harbour wells. The mayor told reporters on Monday."
    )
    statements = extract_statements(text, nlp)
    instruction = next(s for s in statements if "not to drink" in s.text)
    assert instruction.speaker_mention == "the council"
    assert instruction.cue == "has told"
    assert not any("reporters" in s.text for s in statements)


def test_a_present_tense_verb_the_parser_read_as_a_noun_still_frames_the_quotation(nlp) -> None:
    doc = parsed(
        nlp,
        """
        “ 2 punct PUNCT `` " _
        We+ 2 nsubj PRON PRP we _
        patrol+ 2 ROOT VERB VBP patrol _
        every+ 4 det DET DT every _
        coast+ 2 dobj NOUN NN coast _
        ,+ 2 punct PUNCT , , _
        ” 2 punct PUNCT '' " _
        the+ 9 det DET DT the _
        Danes+ 9 compound PROPN NNPS Dane B-NORP
        state+ 4 appos NOUN NN state _
        in+ 9 prep ADP IN in _
        the+ 12 det DET DT the _
        report+ 10 pobj NOUN NN report _
        . 2 punct PUNCT . . _
        """,
    )
    statement = only(statements_of(doc), "patrol every coast")
    assert (statement.speaker_mention, statement.cue) == ("the Danes", "state")
    assert statement.kind == "direct"
