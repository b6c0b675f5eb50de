"""Attribution engine: one short self-written text per construction."""

from __future__ import annotations

import pytest

from chorus.attribution import article_for_text, attribute, entities_of, extract_statements
from chorus.attribution.quotes import find_quotes
from chorus.records import Article, OffsetMap, Statement

nlp_module = pytest.importorskip("chorus.nlp")


@pytest.fixture(scope="module")
def nlp():
    try:
        return nlp_module.load_nlp()
    except nlp_module.ModelNotFound:
        pytest.skip("no spaCy English model installed")


def only(statements: list[Statement], fragment: str) -> Statement:
    found = [s for s in statements if fragment in s.text]
    assert len(found) == 1, [(s.text, s.speaker) for s in statements]
    return found[0]


# ---------------------------------------------------------------- quotation marks


@pytest.mark.parametrize(
    "text, inner",
    [
        ("She said “we stay” today.", "we stay"),
        ("She said «we stay» today.", "we stay"),
        ("She said „we stay“ today.", "we stay"),
        ("She said ``we stay'' today.", "we stay"),
        ("She said ''we stay'' today.", "we stay"),
        ('She said "we stay" today.', "we stay"),
        ("She said ‘we stay’ today.", "we stay"),
    ],
)
def test_every_quote_style_is_found(text: str, inner: str) -> None:
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [inner]


def test_apostrophes_inside_a_single_quote_do_not_close_it() -> None:
    text = "‘I don’t know what they’re planning,’ said Karen White."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["I don’t know what they’re planning,"]


def test_a_guillemet_used_as_a_bullet_is_not_a_quote() -> None:
    assert find_quotes("» Read more about the floods\n\nThe river rose quickly.") == []


def test_multi_paragraph_quote_is_split_per_paragraph() -> None:
    text = "“First part of the answer goes here.\n\n“Second part ends here.”"
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        "First part of the answer goes here.",
        "Second part ends here.",
    ]
    assert quotes[0].continued and quotes[1].continuation


# ---------------------------------------------------------------- direct quotes


def test_pronoun_after_a_quote_resolves_to_the_named_person(nlp) -> None:
    text = (
        "Norvish Prime Minister Elin Dahl visited the port on Monday.\n\n"
        "“We will not send troops,” she said."
    )
    statement = only(extract_statements(text, nlp), "We will not send troops")
    assert statement.kind == "direct"
    assert statement.speaker == "Elin Dahl"
    assert statement.speaker_mention == "she"
    assert statement.cue == "said"


def test_quote_split_by_its_attribution_gives_two_statements(nlp) -> None:
    text = "“The budget is empty,” Finance Minister Olga Brandt said, “and nobody will admit it.”"
    statements = extract_statements(text, nlp)
    first = only(statements, "The budget is empty")
    second = only(statements, "nobody will admit it")
    assert first.speaker == second.speaker == "Olga Brandt"


def test_multi_paragraph_quote_keeps_one_speaker(nlp) -> None:
    text = (
        "Maria Lopez, a farmer, spoke to reporters on Tuesday.\n\n"
        "“The harvest was poor this year and the prices keep falling every month.\n\n"
        "“We cannot go on like this for another season,” she said."
    )
    statements = extract_statements(text, nlp)
    first = only(statements, "The harvest was poor")
    second = only(statements, "We cannot go on")
    assert first.speaker == second.speaker == "Maria Lopez"


def test_dash_attribution_after_a_quote(nlp) -> None:
    text = "“We will rebuild every school in this county.” -Commissioner Jane Roe"
    statement = only(extract_statements(text, nlp), "rebuild every school")
    assert statement.speaker_mention == "Commissioner Jane Roe"
    assert statement.speaker is not None and statement.speaker.endswith("Roe")


def test_dash_signature_on_the_line_after_a_quote_paragraph(nlp) -> None:
    text = (
        "Quotes of the week.\n\n"
        "“The harbour will stay open all winter, whatever the council says.”\n\n"
        "-Commissioner Jane Roe, Springfield.\n\n"
        "The council votes on Friday."
    )
    statement = only(extract_statements(text, nlp), "harbour will stay open")
    assert statement.speaker_mention == "Commissioner Jane Roe"
    assert statement.speaker == "Jane Roe"


def test_speaker_introduced_on_the_line_before(nlp) -> None:
    text = (
        "The council met on Monday night.\n\nAnd from Chairwoman Roe:\n\n"
        "“The committee will vote on the proposal next week and we expect it to pass.”"
    )
    statement = only(extract_statements(text, nlp), "committee will vote")
    assert statement.speaker is not None and statement.speaker.endswith("Roe")


def test_lead_naming_the_speaker_gives_the_following_quote_paragraphs(nlp) -> None:
    text = (
        "Transport expert Ivo Marsh spoke about the new tram line on Coast Radio.\n\n"
        "“The city intends to build the line along the river to save money.”\n\n"
        "“These trams will not carry enough people in the rush hour.”"
    )
    statements = extract_statements(text, nlp)
    assert only(statements, "intends to build").speaker == "Ivo Marsh"
    assert only(statements, "rush hour").speaker == "Ivo Marsh"


def test_scare_quote_without_speaker_is_not_a_statement(nlp) -> None:
    assert extract_statements("The so-called “peace plan” was rejected.", nlp) == []


def test_relay_quoted_as_saying(nlp) -> None:
    text = (
        "“We agreed on new rules for the fishing fleet,” the Lumen news agency "
        "quoted Hanna Ostrova as saying."
    )
    statement = only(extract_statements(text, nlp), "We agreed")
    assert statement.speaker is not None and statement.speaker.endswith("Ostrova")
    assert statement.via is not None and "Lumen" in statement.via


# ---------------------------------------------------------------- indirect speech


def test_said_that_clause(nlp) -> None:
    statement = only(
        extract_statements("John Smith said that the bridge would reopen in May.", nlp),
        "bridge",
    )
    assert statement.kind == "indirect"
    assert statement.text == "that the bridge would reopen in May"
    assert statement.speaker == "John Smith"


def test_told_the_times_that(nlp) -> None:
    text = "Mayor Anna Kovacs told the Times that the repairs were finished."
    statement = only(extract_statements(text, nlp), "repairs")
    assert statement.speaker == "Anna Kovacs"
    assert statement.cue == "told"


def test_claimed_without_citing_evidence_that(nlp) -> None:
    text = "Senator Paul Grant claimed without citing any evidence that the vote had been rigged."
    statement = only(extract_statements(text, nlp), "rigged")
    assert statement.text.startswith("that the vote")
    assert statement.speaker == "Paul Grant"


def test_according_to(nlp) -> None:
    text = "According to the Interior Ministry, three people were arrested overnight."
    statement = only(extract_statements(text, nlp), "arrested")
    assert statement.speaker_mention == "the Interior Ministry"
    assert statement.cue == "According to"


def test_colon_introduction_of_an_organisation(nlp) -> None:
    text = "The Health Ministry said in a post on its website: the clinics will open on Friday."
    statement = only(extract_statements(text, nlp), "clinics")
    assert statement.text == "the clinics will open on Friday"
    assert statement.speaker == "Health Ministry"


def test_mixed_quote(nlp) -> None:
    text = "Peter Olsen said the new tax was “a disaster for farmers” and would be repealed."
    statements = extract_statements(text, nlp)
    assert len(statements) == 1
    assert statements[0].kind == "mixed"
    assert "a disaster for farmers" in statements[0].text


def test_as_outlet_reports_is_a_statement_of_the_outlet(nlp) -> None:
    """The rule makes the outlet the speaker; the confidence model (trained on PolNeAR, where
    "as X reports" is often no attribution) scores it below the output floor, so it is only
    kept on request."""
    text = "Meanwhile, the harbour council keeps delaying the vote, as the Coast Courier reports."
    doc = nlp(text)
    article = article_for_text(text)
    kept = attribute(doc, article, entities_of(doc, article, True), keep_all=True)
    statement = only(kept, "delaying the vote")
    assert statement.speaker is not None and "Courier" in statement.speaker
    assert statement.confidence < 0.5


# ---------------------------------------------------------------- speaker resolution


def test_description_resolves_to_the_entity_with_that_title(nlp) -> None:
    text = (
        "Norvish President Anton Varga met Tomas Ruud in the capital.\n\n"
        "The Norvish leader said the two countries would hold joint drills."
    )
    statement = only(extract_statements(text, nlp), "joint drills")
    assert statement.speaker == "Anton Varga"
    assert statement.speaker_mention == "The Norvish leader"


def test_honorific_and_surname_resolve_to_the_full_name(nlp) -> None:
    text = (
        "Peter Novak, a retired judge, lives in the mountains.\n\n"
        "Mr Novak said the court was not ready for the reform."
    )
    statement = only(extract_statements(text, nlp), "not ready")
    assert statement.speaker == "Peter Novak"


def test_unknown_generic_source_has_no_speaker(nlp) -> None:
    text = "Some analysts said the drills were a signal to the neighbours."
    statement = only(extract_statements(text, nlp), "signal")
    assert statement.speaker is None
    assert statement.speaker_mention == "Some analysts"


def test_confidence_is_lower_for_a_distant_pronoun(nlp) -> None:
    near = "Olga Brandt spoke on Monday. “We are ready,” she said."
    far = (
        "Olga Brandt spoke on Monday. "
        + "The town had a long winter and the roads were closed for weeks. " * 6
        + "\n\n“We are ready,” she said."
    )
    close = only(extract_statements(near, nlp), "We are ready")
    distant = only(extract_statements(far, nlp), "We are ready")
    assert 0.0 <= distant.confidence <= close.confidence <= 1.0


# ---------------------------------------------------------------- offsets and interfaces


def test_offsets_point_into_the_original_text(nlp) -> None:
    original = "MENU | HOME\nJohn Smith said that the bridge would reopen in May.\nShare this"
    body_start = original.index("John")
    body = original[body_start : original.index("\nShare")]
    article = Article(
        id="a1",
        source="x.txt",
        original=original,
        text=body,
        offsets=OffsetMap([(0, body_start, len(body))]),
    )
    statements = attribute(nlp(body), article, [])
    statement = only(statements, "bridge")
    assert original[statement.start : statement.end] == statement.text
    assert original[statement.speaker_start : statement.speaker_end] == "John Smith"
    assert original[statement.cue_start : statement.cue_end] == "said"


def test_statement_ids_are_stable(nlp) -> None:
    text = "John Smith said that the bridge would reopen in May."
    first = extract_statements(text, nlp)
    second = extract_statements(text, nlp)
    assert [s.id for s in first] == [s.id for s in second]
    assert first[0].article == article_for_text(text).id


def test_spacy_component_sets_statements(nlp) -> None:
    import spacy

    pipeline = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    pipeline.add_pipe("chorus_attribution")
    doc = pipeline("John Smith said that the bridge would reopen in May.")
    assert [s.speaker for s in doc._.statements] == ["John Smith"]


def test_spacy_component_settings_come_from_its_config(nlp) -> None:
    import spacy

    pipeline = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    config = {"keep_all": True, "with_entities": False, "confidence_floor": 0.9}
    pipeline.add_pipe("chorus_attribution", config=config)
    assert pipeline.get_pipe_config("chorus_attribution") == {
        "factory": "chorus_attribution",
        **config,
    }
    component = pipeline.get_pipe("chorus_attribution")
    assert (component.keep_all, component.with_entities) == (True, False)
    text = "Maria Lenz said that the ferry would run again. It was a mild spring."
    assert any(s.speaker == "Maria Lenz" for s in pipeline(text)._.statements)


def test_confidence_floor_of_the_component_filters_statements(nlp) -> None:
    import spacy

    text = "John Smith said that the bridge would reopen in May."
    strict = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    strict.add_pipe("chorus_attribution", config={"confidence_floor": 1.01})
    assert strict(text)._.statements == []  # no model score reaches 1.01
    lenient = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    lenient.add_pipe("chorus_attribution", config={"confidence_floor": 1.01, "keep_all": True})
    assert [s.speaker for s in lenient(text)._.statements] == ["John Smith"]


def test_a_failing_people_stage_surfaces(nlp, monkeypatch) -> None:
    import chorus.attribution as attribution

    def broken(doc, article):
        raise RuntimeError("people stage broke")

    monkeypatch.setattr(attribution, "extract_entities", broken)
    with pytest.raises(RuntimeError, match="people stage broke"):
        extract_statements("John Smith said that the bridge would reopen in May.", nlp)
    statements = extract_statements(
        "John Smith said that the bridge would reopen in May.", nlp, with_entities=False
    )
    assert [s.speaker for s in statements] == ["John Smith"]
