"""Speaker ranker and the confidence model's evidence: our own sentences, hand-made weights."""

from __future__ import annotations

from chorus.attribution import article_for_text, confidence, extract_statements, ranker
from chorus.attribution.extract import Extractor, Models, explain_statements, own_name
from chorus.people import extract_entities


def found_items(doc):
    extractor = Extractor(doc)
    indirect = extractor.indirect()
    items = sorted(indirect + extractor.direct(indirect), key=lambda f: (f.start, f.end))
    return extractor, items


def item_with(items, fragment: str, text: str):
    """The one item whose content starts with ``fragment``."""
    matches = [f for f in items if text[f.start : f.end].startswith(fragment)]
    assert len(matches) == 1, [text[f.start : f.end] for f in items]
    return matches[0]


PRONOUN_TEXT = (
    "Ann Vik met the harbour board on Monday morning.\n\n"
    "Later she said the new budget for the ferries was fine."
)


def test_ranker_replaces_a_speaker_it_prefers_by_more_than_its_margin(nlp) -> None:
    doc = nlp(PRONOUN_TEXT)
    extractor, items = found_items(doc)
    item = item_with(items, "the new budget", PRONOUN_TEXT)
    assert item.speaker.lower_ == "she"
    model = {"bias": 0.0, "weights": {"ent=PERSON": 4.0}, "margin": 0.1}
    ranker.rerank(items, extractor, model)
    assert item.speaker.text == "Vik"


def test_ranker_keeps_the_rules_speaker_within_its_margin(nlp) -> None:
    doc = nlp(PRONOUN_TEXT)
    extractor, items = found_items(doc)
    item = item_with(items, "the new budget", PRONOUN_TEXT)
    ranker.rerank(items, extractor, {"bias": 0.0, "weights": {"ent=PERSON": 4.0}, "margin": 0.99})
    assert item.speaker.lower_ == "she"
    ranker.rerank(items, extractor, None)  # no model: nothing changes
    assert item.speaker.lower_ == "she"


def test_a_named_person_is_never_replaced_by_the_outlet_that_relays_them(nlp) -> None:
    text = "Mayor Ola Berg said the port would reopen in May, Nordpress reported on Friday."
    doc = nlp(text)
    extractor, items = found_items(doc)
    item = item_with(items, "the port would reopen", text)
    assert item.speaker.text == "Berg"
    outlet = next(t for t in doc if t.text == "Nordpress")
    assert not ranker.may_replace(item.speaker, outlet)
    model = {"bias": 0.0, "weights": {"dep=nsubj": 1.0, "ent=ORG": 4.0}, "margin": 0.0}
    ranker.rerank(items, extractor, model)
    assert item.speaker.text == "Berg"


def test_words_relayed_inside_another_statement_keep_their_own_speaker(nlp) -> None:
    text = (
        "Mara Lind, the council's spokeswoman, told reporters on Friday that Tom Ruck "
        'described the new tram line as "a costly mistake" during the budget debate.'
    )
    doc = nlp(text)
    extractor, items = found_items(doc)
    inner = item_with(items, "the new tram line as", text)
    assert ranker.reported_inside(inner, items)
    model = {"bias": 0.0, "weights": {"chosen": -5.0, "ent=PERSON": 2.0}, "margin": 0.0}
    speaker = inner.speaker.text
    ranker.rerank(items, extractor, model)
    assert inner.speaker.text == speaker
    statements = extract_statements(text, nlp)
    nested = [s for s in statements if "costly mistake" in s.text and s.via]
    assert [(s.speaker, s.via) for s in nested] == [("Tom Ruck", "Mara Lind")]


def test_own_name_is_not_a_relay() -> None:
    assert own_name("Lukas", "Anna Lukas")
    assert own_name("Anna Lukas", "Anna Lukas")
    assert not own_name("Nordpress", "Anna Lukas")
    assert not own_name(None, "Anna Lukas")


def test_confidence_features_say_how_a_statement_sits_among_the_others(nlp) -> None:
    text = (
        '"The bridge will close for two weeks," said Ivo Marsh, the city engineer. '
        '"Days ago, the mayor promised a second ferry," he added.'
    )
    doc = nlp(text)
    article = article_for_text(text)
    explained = explain_statements(doc, article, extract_entities(doc, article), keep_all=True)
    by_text = {e.statement.text: e.features for e in explained}
    opening = next(f for t, f in by_text.items() if t.startswith("The bridge"))
    assert "opens=quote" in opening or "opens=upper" in opening
    assert not any(f.startswith("inside_other") for f in opening)
    promise = [f for t, f in by_text.items() if t.startswith("a second ferry")]
    if promise:  # the promise nested inside Marsh's quotation, when the rules report it
        assert "speaker_in_quote" in promise[0] or any(
            f.startswith("inside_other") for f in promise[0]
        )


def test_a_passive_relay_cue_is_not_scored_as_a_passive_question(nlp) -> None:
    asked = nlp("The minister was asked whether the border would stay open.")
    quoted = nlp("The minister was quoted as saying that the border would stay open.")
    features_of = confidence._cue_features
    assert "cue_passive" in features_of([asked[3]])[1]
    assert "cue_passive_relay" in features_of([quoted[3]])[1]


def test_shipped_models_are_plain_weights() -> None:
    models = Models(confidence.load_model(), ranker.load_model())
    for model in (models.confidence, models.ranker):
        assert model is not None
        assert isinstance(model["bias"], float)
        assert all(isinstance(w, float) for w in model["weights"].values())
    assert 0.0 <= models.ranker["margin"] < 1.0


def test_the_ranker_never_trades_a_speaker_for_another_mention_of_the_same_name(nlp) -> None:
    doc = nlp("Ana Pell met Tom Pell at the quay. Pell said the pier was safe.")
    ana, tom, later = doc[1], doc[4], doc[9]
    assert [t.text for t in (ana, tom, later)] == ["Pell", "Pell", "Pell"]
    assert not ranker.may_replace(later, ana)  # the same person: the rules chose the mention
    assert ranker.may_replace(ana, tom)  # another person of that surname may win
