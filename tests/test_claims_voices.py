"""Whose forecast it is (``chorus.claims.voices``), on sentences written for these tests.

The people stage runs for real (its entities name the voices); statements are given by hand
where a rule reads them, so each test exercises the claims rule and not attribution's.
"""

from __future__ import annotations

from chorus.attribution import article_for_text
from chorus.claims import extract_forecasts
from chorus.people import extract_entities
from chorus.records import EntityMention, Statement


def _forecasts(nlp, text: str, statements: list[Statement] | None = None):
    article = article_for_text(text, source="t")
    doc = nlp(text)
    return extract_forecasts(doc, article, statements or [], extract_entities(doc, article))


def _about(found, words: str):
    hits = [f for f in found if words in f.text]
    assert hits, [f.text for f in found]
    return hits[0]


def _statement(text: str, content: str, **fields) -> Statement:
    start = text.index(content)
    end = start + len(content)
    return Statement(
        id=fields.pop("id", "s1"),
        article="a",
        source="t",
        start=start,
        end=end,
        text=content,
        kind=fields.pop("kind", "indirect"),
        **fields,
    )


def test_a_holder_named_inside_a_statement_is_the_forecaster(nlp):
    text = "Union leader Mara Quint said on Tuesday that Tomas Brehl expects the strike will end."
    content = "Tomas Brehl expects the strike will end"
    said = _statement(text, content, speaker="Mara Quint", speaker_mention="Mara Quint")
    found = _about(_forecasts(nlp, text, [said]), "strike")
    assert (found.voice, found.speaker) == ("holder", "Tomas Brehl")
    assert found.statement == "s1"  # still read from that statement
    assert found.speaker_local_id is not None


def test_the_speaker_holding_a_belief_stays_the_speaker(nlp):
    text = "Union leader Mara Quint said on Tuesday that she expects the strike will end soon."
    content = "she expects the strike will end soon"
    said = _statement(text, content, speaker="Mara Quint", speaker_mention="Mara Quint")
    found = _about(_forecasts(nlp, text, [said]), "strike")
    assert (found.voice, found.speaker) == ("speaker", "Mara Quint")


def test_according_to_names_the_author_of_a_document(nlp):
    text = (
        "The night ferry is due to sail again on Monday, according to a statement from the "
        "Selm Ferry Company."
    )
    found = _about(_forecasts(nlp, text), "ferry")
    assert found.voice == "holder"
    assert "Selm Ferry Company" in (found.speaker or "")


def test_a_colon_headline_names_its_speaker(nlp):
    text = (
        "Quint: Dockers Will Not Return Before Easter\n\n"
        "Union leader Mara Quint spoke to members in Selm on Sunday evening."
    )
    found = _about(_forecasts(nlp, text), "Dockers")
    assert (found.voice, found.speaker) == ("holder", "Mara Quint")
    assert found.direction == "no"


def test_a_topic_before_a_colon_is_no_speaker(nlp):
    text = "Budget: the harbour council will vote on the levy next week.\n"
    found = _about(_forecasts(nlp, text), "vote")
    assert found.voice == "author" and found.speaker is None


def test_a_poll_after_a_headline_dash_is_its_voice(nlp):
    text = "Chance of a dock strike holds at one-in-three as talks drag - Selm Gazette poll\n"
    found = _about(_forecasts(nlp, text), "strike")
    assert found.voice == "holder" and "poll" in found.speaker_mention


def test_a_speech_verb_set_into_the_clause_names_the_holder(nlp):
    text = "The harbour levy, analysts at the Selm Institute say, will be scrapped within a year."
    found = _about(_forecasts(nlp, text), "scrapped")
    assert found.voice == "holder" and "analysts" in found.speaker_mention
    assert found.speaker is None  # unnamed: no canonical name is made up


def test_an_unnamed_expectation_continues_the_holder_before_it(nlp):
    text = (
        "The Selm Port Authority expects a recovery next year. Cargo traffic is projected "
        "to double by 2028."
    )
    found = _forecasts(nlp, text)
    projected = _about(found, "double")
    assert _about(found, "recovery").speaker == "Selm Port Authority"
    assert (projected.voice, projected.speaker) == ("holder", "Selm Port Authority")


def test_an_unnamed_expectation_far_from_a_holder_stays_the_article_s(nlp):
    text = (
        "The Selm Port Authority expects a recovery next year.\n\n"
        "The harbour was built in 1890 and rebuilt twice after storms. Its old cranes were "
        "sold to a museum. Tourists come for the fish market and the ferries to the islands, "
        "which run every hour in the summer and twice a day in the winter. The town council "
        "meets in the old customs house, which also holds a small library.\n\n"
        "Cargo traffic is projected to double by 2028."
    )
    projected = _about(_forecasts(nlp, text), "double")
    assert (projected.voice, projected.speaker) == ("author", None)


SAID = "Mara Quint said the dockers were tired of waiting for an offer.\n\n"
QUOTED = "I think we can still win this, but not without help from the ferry crews."


def _quote_after_quint(nlp, between: str = ""):
    """The forecast in an unattributed quotation after a statement of Mara Quint's."""
    text = f'{SAID}{between}"{QUOTED}"'
    before = _statement(
        text,
        "the dockers were tired of waiting for an offer",
        speaker="Mara Quint",
        speaker_local_id="quint",
    )
    quoted = _statement(text, QUOTED, id="s2", kind="direct")
    return _about(_forecasts(nlp, text, [before, quoted]), "win")


def test_an_unattributed_quote_continues_the_speaker_before_it(nlp):
    found = _quote_after_quint(nlp)
    assert (found.voice, found.speaker, found.statement) == ("speaker", "Mara Quint", "s2")
    assert found.speaker_local_id == "quint"


def test_a_quote_after_another_quotation_is_not_continued(nlp):
    found = _quote_after_quint(nlp, between='"Nobody answers," one docker shouted.\n\n')
    assert found.speaker is None


def test_a_statement_of_two_speakers_is_a_forecast_of_each(nlp):
    text = (
        "Both the Selm Dockers Union and the Tarn Ferry Union said they would not accept "
        "the new levy."
    )
    found = _forecasts(nlp, text)
    entities = {
        e.name: e
        for e in extract_entities(nlp(text), article_for_text(text, source="t"))
        if e.kind == "organisation"
    }
    union = next(e for name, e in entities.items() if "Dockers" in name)
    start = text.index("the Selm Dockers Union")
    said = _statement(
        text,
        "they would not accept the new levy",
        speaker=union.name,
        speaker_mention="the Selm Dockers Union",
        speaker_start=start,
        speaker_end=start + len("the Selm Dockers Union"),
        speaker_local_id=union.local_id,
    )
    found = [f for f in _forecasts(nlp, text, [said]) if "levy" in f.text]
    speakers = sorted(f.speaker or "" for f in found)
    assert len(found) == 2 and any("Ferry" in s for s in speakers), speakers
    assert len({f.id for f in found}) == 2
    assert all(f.direction == "no" for f in found)


def test_a_belief_the_article_foresees_is_its_own_forecast(nlp):
    text = "Mayor Ott will hope that the council can pass the budget before the summer."
    found = _forecasts(nlp, text)
    assert found and all(f.voice == "author" and f.speaker is None for f in found)


def test_reports_without_a_source_are_an_unnamed_voice(nlp):
    text = "Shares in the harbour company fell amid reports that it is planning a sale."
    found = _about(_forecasts(nlp, text), "sale")
    assert found.voice == "holder" and found.speaker is None
    assert found.speaker_mention == "reports"


def test_a_person_named_at_the_end_of_a_misread_phrase_is_the_holder(nlp):
    text = "HOUSE of Selm Speaker Ines Calloway has ruled out another vote on the levy."
    article = article_for_text(text, source="t")
    entities = [  # as the people stage finds them; the parser heads the phrase by "HOUSE"
        EntityMention("a", "o1", "House of Selm", "organisation", [(0, 13, "HOUSE of Selm")]),
        EntityMention("a", "p1", "Ines Calloway", "person", [(22, 35, "Ines Calloway")]),
    ]
    found = _about(extract_forecasts(nlp(text), article, [], entities), "vote")
    assert (found.speaker, found.speaker_local_id) == ("Ines Calloway", "p1")
    assert found.direction == "no"


def test_a_definite_description_names_the_organisation_before_it(nlp):
    text = (
        "The Selm Harbour Council met on Monday to discuss the levy.\n\n"
        "The council expects a recovery in cargo traffic next year."
    )
    found = _about(_forecasts(nlp, text), "recovery")
    assert found.voice == "holder" and found.speaker == "Selm Harbour Council"


def test_no_reason_to_say_turns_the_forecast_around(nlp):
    text = "There is no reason to say the port will close this winter, the mayor added."
    found = _about(_forecasts(nlp, text), "close")
    assert found.direction == "no"
