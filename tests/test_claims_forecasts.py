"""Forecast extraction on sentences written for these tests."""

from __future__ import annotations

import pytest

from chorus.attribution import article_for_text
from chorus.claims import extract_forecasts
from chorus.claims.wep import direction_of, lookup
from chorus.records import Statement


def _forecasts(nlp, text: str, statements: list[Statement] | None = None):
    article = article_for_text(text, source="t")
    return extract_forecasts(nlp(text), article, statements or [])


def _only(nlp, text: str):
    found = _forecasts(nlp, text)
    assert len(found) >= 1, text
    return found[0]


def test_scale_unlikely_and_inevitably():
    assert lookup("unlikely").probability < 0.35
    assert lookup("inevitably").probability > 0.85
    assert direction_of(0.5) == "uncertain"


@pytest.mark.parametrize(
    "text, direction",
    [
        ("I don't think the governor will send the guard to the capital.", "no"),
        ("The governor is unlikely ever to send the guard to the capital.", "no"),
        ("The rebels have zero chance of victory in the valley.", "no"),
        ("Analysts say the mayor has no real choice.", "yes"),
        ("Many doubt it, but others are confident that the city never will.", "no"),
        ("Their tanks will inevitably be in the valley by the spring.", "yes"),
        ("The council could approve the plan next month.", "uncertain"),
        ("The committee won't approve the budget.", "no"),
        ("No soldier will cross the river.", "no"),
        ("This won't be just a few hundred volunteers.", "yes"),
        ("The minister is not going to resign.", "no"),
    ],
)
def test_direction_with_negation_and_scope(nlp, text, direction):
    assert _only(nlp, text).direction == direction


def test_probabilities_follow_the_scale(nlp):
    unlikely = _only(nlp, "The governor is unlikely to send the guard.")
    inevitable = _only(nlp, "The guard will inevitably be sent to the capital.")
    assert unlikely.probability < 0.35
    assert inevitable.probability > 0.85
    assert "inevitably" in inevitable.hedge


def test_not_convinced_is_doubt_not_denial(nlp):
    found = _only(nlp, "The envoy, who isn't totally convinced that the army will attack, left.")
    assert found.direction == "uncertain"


def test_conditionals(nlp):
    would_if = _only(nlp, "The recruits would switch sides if they were ordered to attack.")
    inverted = _only(nlp, "Should he resign, the generals would take over the capital.")
    concessive = _only(nlp, "Even if the party wins the vote, it won't be safe.")
    assert would_if.conditional and would_if.direction == "yes"
    assert inverted.conditional
    assert not concessive.conditional and concessive.direction == "no"


def test_no_forecast_in_past_modal_or_question(nlp):
    assert _forecasts(nlp, "The mayor might have decided to leave the city.") == []
    assert _forecasts(nlp, "Who could that be?") == []


def test_speaker_from_statement_or_author(nlp):
    text = 'The minister said: "The bridge will be finished by spring." The bridge may open late.'
    start = text.index("The bridge will")
    end = text.index('spring."') + len("spring.")
    statement = Statement(
        id="s1",
        article="a",
        source="t",
        start=start,
        end=end,
        text=text[start:end],
        kind="direct",
        speaker="The minister",
    )
    found = _forecasts(nlp, text, [statement])
    by_speaker = {f.speaker: f for f in found}
    assert by_speaker["The minister"].statement == "s1"
    assert by_speaker["author"].direction == "uncertain"
    for f in found:
        assert text[f.start : f.end] == f.text


def test_event_phrase_has_subject_verb_object(nlp):
    found = _only(nlp, "The governor will send the national guard to the capital.")
    assert found.event.lower().startswith("governor send")
    assert "capital" in found.event
