"""Forecast extraction on sentences written for these tests."""

from __future__ import annotations

import pytest

from chorus.attribution import article_for_text
from chorus.claims import extract_forecasts
from chorus.claims.wep import direction_of, lookup
from chorus.records import EntityMention, Statement


def _forecasts(nlp, text: str, statements=None, entities=None):
    article = article_for_text(text, source="t")
    return extract_forecasts(nlp(text), article, statements or [], entities)


def _only(nlp, text: str, **kwargs):
    found = _forecasts(nlp, text, **kwargs)
    assert len(found) >= 1, text
    return found[0]


def test_scale_unlikely_and_inevitably():
    assert lookup("unlikely").probability < 0.35
    assert lookup("inevitably").probability > 0.85
    assert direction_of(0.5) == "uncertain"
    assert direction_of(0.25, stated=True) == "uncertain"  # "a 25% chance" is hedged
    assert direction_of(1.0, stated=True) == "yes"


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
        # negation inside the proposition
        ("There will be no strike at the port this winter.", "no"),
        ("The new tariffs would do little to shrink the deficit.", "no"),
        ("The harbour authority could not reopen the docks before June.", "no"),
        ("The governor has ruled out a second referendum.", "no"),
        ("It is unlikely that the union will accept the offer.", "no"),
        ("A merger would be very unlikely before the spring.", "no"),
        # "not" over a certainty word leaves it open; a certainty word over "not" does not
        ("A walkout is not inevitable.", "uncertain"),
        ("The pact is almost certainly not going to survive the summer.", "no"),
        # a no-deal exit is a compound noun, not a negative subject
        ("A no-deal exit would hurt the farmers in the south.", "yes"),
        ("Officials are unsure whether the bank will lower rates in May.", "uncertain"),
    ],
)
def test_direction_with_negation_and_scope(nlp, text, direction):
    assert _only(nlp, text).direction == direction


@pytest.mark.parametrize(
    "text, probability, evidence",
    [
        ("Traders see a 35% chance of a rate cut in June.", 0.35, "35%"),
        ("There is a one-in-four chance the talks collapse this week.", 0.25, "one-in-four"),
        ("It is even money that the mayor will lose his seat.", 0.5, "even money"),
        ("Seventy percent the levy passes, thirty percent it won't.", 0.7, "Seventy percent"),
        ("Pollsters put the probability of a runoff at 30-40%.", 0.35, "30-40%"),
        ("The bookmakers have the challenger at 5/1 to win the title.", 0.167, "5/1"),
        ("Economists give a 60-40 chance of a slowdown next year.", 0.6, "60-40"),
    ],
)
def test_stated_figures_and_odds_are_the_probability(nlp, text, probability, evidence):
    found = _only(nlp, text)
    assert found.probability == pytest.approx(probability, abs=0.01)
    assert found.probability_text == evidence
    assert text[found.probability_start : found.probability_end] == evidence


def test_stated_figure_is_hedged_but_odds_on_reads_as_likely(nlp):
    figure = _only(nlp, "Analysts see a 35% chance of a recession next year.")
    assert (figure.direction, figure.probability_source) == ("uncertain", "stated")
    favourite = _only(nlp, "The incumbent is an odds-on favourite to keep the seat.")
    assert favourite.direction == "yes"


def test_a_figure_that_measures_a_thing_is_no_probability(nlp):
    found = _only(nlp, "Unemployment in the region will rise to 6.5% by the autumn.")
    assert found.probability_source == "words" and found.probability_text == "will"
    assert found.direction == "yes"


def test_words_stand_in_only_without_a_figure(nlp):
    found = _only(nlp, "A strike at the mine is likely, according to the union.")
    assert (found.probability_source, found.probability_text) == ("words", "likely")


def test_not_convinced_is_doubt_not_denial(nlp):
    found = _only(nlp, "The envoy, who isn't totally convinced that the army will attack, left.")
    assert found.direction == "uncertain"


def test_conditionals_keep_their_condition(nlp):
    would_if = _only(nlp, "The recruits would switch sides if they were ordered to attack.")
    inverted = _only(nlp, "Should he resign, the generals would take over the capital.")
    concessive = _only(nlp, "Even if the party wins the vote, it won't be safe.")
    assert would_if.conditional and would_if.direction == "yes"
    assert would_if.condition == "if they were ordered to attack"
    assert "if" not in would_if.event and would_if.event.startswith("recruits switch")
    assert inverted.conditional and inverted.condition.startswith("Should he resign")
    assert not concessive.conditional and concessive.direction == "no"


def test_no_forecast_in_past_modal_question_or_ability(nlp):
    assert _forecasts(nlp, "The mayor might have decided to leave the city.") == []
    assert _forecasts(nlp, "Who could that be?") == []
    assert _forecasts(nlp, "From the tower we can see the harbour.") == []
    assert _forecasts(nlp, "Nobody knows what it will take to fix the bridge.") == []


def test_speaker_from_statement_holder_or_author(nlp):
    text = (
        'The minister said: "The bridge will be finished by spring." '
        "The bridge may open late. Ferry operators expect a busy summer."
    )
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
        speaker_mention="The minister",
    )
    found = {f.voice: f for f in _forecasts(nlp, text, [statement])}
    assert found["speaker"].speaker == "The minister" and found["speaker"].statement == "s1"
    author = found["author"]
    assert author.speaker is None and author.direction == "uncertain"
    holder = found["holder"]  # unnamed: no speaker, but the words that name them
    assert holder.speaker is None and holder.speaker_mention == "Ferry operators"
    for f in found.values():
        assert text[f.start : f.end] == f.text


def test_event_is_a_readable_proposition_with_pronouns_resolved(nlp):
    text = (
        "Parliament in Varnia debated the accession treaty on Monday. "
        "It will ratify the treaty next month, officials said."
    )
    start = text.index("Varnia")
    entities = [
        EntityMention(
            article="a",
            local_id="e1",
            name="Varnian Parliament",
            kind="organisation",
            mentions=[(0, len("Parliament in Varnia"), "Parliament in Varnia")],
        )
    ]
    assert start > 0
    found = _only(nlp, text, entities=entities)
    assert found.event.startswith("Varnian Parliament ratifies the treaty")
    assert found.hedge == "will"


def test_event_and_hedge_keep_the_words_of_the_text(nlp):
    found = _only(nlp, "The port authority won't reopen the northern dock.")
    assert found.event == "port authority reopens the northern dock"
    assert found.hedge == "won't"
    assert " wo " not in f" {found.event} {found.hedge} " and "n't" not in found.event


def test_same_event_same_group(nlp):
    first = _only(nlp, "The council will approve the budget.")
    second = _only(nlp, "I doubt that the council will approve the budget.")
    assert first.event_group == second.event_group
    assert first.direction == "yes" and second.direction == "no"
