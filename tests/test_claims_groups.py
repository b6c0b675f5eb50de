"""The same forecast event across voices and articles (``chorus.claims.groups`` and the
``forecast-events`` step), and forecasters named by a holder resolved to people."""

from __future__ import annotations

import pytest

from chorus.attribution import article_for_text
from chorus.claims import groups
from chorus.engines.corpus import link_corpus
from chorus.linking.routine import run_linkage
from chorus.linking.steps import forecast_events
from chorus.records import ArticleResult, EntityMention, Forecast
from chorus.store import Store


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("U.S.", "US", True),
        ("the EU", "European Union", True),
        ("Fed", "Federal Reserve", True),
        ("BoV", "Bank of Varnia", True),
        ("Varnia", "Varnian government", False),
        ("Fed", "FedEx", False),
        ("Kestria", "Kestrian Senate", False),
        ("", "Kestria", False),
    ],
)
def test_one_name_written_two_ways(first, second, same):
    assert groups.same_name(first, second) is same
    assert groups.same_name(second, first) is same


def _sig(subject="", act="", obj="", subject_id=None):
    return {"subject": subject, "subject_id": subject_id, "act": act, "object": obj}


@pytest.mark.parametrize(
    "first, second, same",
    [
        (_sig("fed", "cut", "rate"), _sig("federal reserve", "cut", "rate"), True),
        (_sig("fed", "cut", "rate"), _sig("fed", "cut"), True),  # one says what, one does not
        (_sig("", "sign", "treaty"), _sig("kestria", "sign", "treaty"), True),  # "they" sign
        (_sig("", "sign", "treaty"), _sig("", "sign", "levy"), False),
        (_sig("", "sign"), _sig("kestria", "sign"), False),  # nothing in common but the act
        (_sig("kestria", "sign", "treaty"), _sig("varnia", "sign", "treaty"), False),
        (
            _sig("ruiz", "resign", subject_id="p1"),
            _sig("ana ruis", "resign", subject_id="p1"),
            True,
        ),
        (_sig("recession"), _sig("recession", obj="us"), True),  # nominal: "a US recession"
        (_sig("cut", obj="rate"), _sig("cut", obj="job"), False),  # rate cuts, job cuts
        (_sig("recession"), _sig("varnia", "enter", "recession"), False),
    ],
)
def test_same_event(first, second, same):
    assert groups.same_event(first, second) is same
    assert groups.same_event(second, first) is same


def _forecast(article: str, n: int, subject: str, act: str, obj: str, **fields) -> dict:
    return {
        "id": f"{article}-f{n}",
        "article": article,
        "start": n * 100,
        "event": fields.pop("event", f"{subject} {act} {obj}".strip()),
        "direction": fields.pop("direction", "yes"),
        "speaker": fields.pop("speaker", None),
        "speaker_mention": None,
        "voice": "author",
        "event_subject": subject or None,
        "event_subject_id": fields.pop("event_subject_id", None),
        "event_act": act or None,
        "event_object": obj or None,
    }


def test_the_step_groups_one_event_across_articles_and_voices():
    rows = [
        _forecast("a1", 1, "fed", "cut", "rate", speaker="Ana Ruiz"),
        _forecast("a2", 1, "federal reserve", "cut", "rate", speaker="Ott", direction="no"),
        _forecast("a2", 2, "fed", "raise", "rate"),
        _forecast("a3", 1, "", "", ""),  # says too little to group
    ]
    out = run_linkage(rows, forecast_events.linkage(forecast_events.Settings()))
    by_size = sorted(out, key=lambda g: -len(g["forecasts"]))
    assert by_size[0]["forecasts"] == ["a1-f1", "a2-f1"]
    assert by_size[0]["articles"] == ["a1", "a2"]
    assert by_size[0]["voices"] == ["Ana Ruiz", "Ott"]
    assert by_size[0]["directions"] == {"no": 1, "yes": 1}
    assert len(out) == 2  # the raise on its own; the vague one in no group


def _entity(article: str, local_id: str, name: str, start: int) -> EntityMention:
    return EntityMention(article, local_id, name, "person", [(start, start + len(name), name)])


def test_holders_and_event_subjects_get_person_ids_and_events_group(tmp_path):
    """Two articles: a holder's forecast (no statement) in each, about one person, spelled
    two ways; the people step names both and the step groups the two events."""
    results = []
    for number, (holder, subject) in enumerate(
        [("Ana Ruiz", "Pavel Danek"), ("Ana Ruiz", "Pavel Dannek")]
    ):
        text = f"{holder} expects that {subject} will resign before the vote in Selm."
        article = article_for_text(text, source=f"t{number}.txt")
        entities = [
            _entity(article.id, "h", holder, 0),
            _entity(article.id, "s", subject, text.index(subject)),
        ]
        forecast = Forecast(
            id=f"f{number}",
            article=article.id,
            source=article.source,
            start=text.index(subject),
            end=len(text) - 1,
            text=text[text.index(subject) : -1],
            speaker=holder,
            event=f"{subject} resigns",
            direction="yes",
            hedge="will",
            probability=0.9,
            voice="holder",
            speaker_local_id="h",
            event_subject=subject.lower(),
            event_act="resign",
            event_subject_local_id="s",
        )
        results.append(ArticleResult(article=article, entities=entities, forecasts=[forecast]))
    with Store(tmp_path) as store:
        store.write_results(results)
        link_corpus(store)
        rows = store.rows(
            "SELECT speaker, speaker_id, event_subject_id, event_group FROM forecasts ORDER BY id"
        )
        people = {p["name"]: p["id"] for p in store.rows("SELECT id, name FROM people")}
        grouped = store.rows("SELECT * FROM forecast_events")
    assert [r["speaker_id"] for r in rows] == [people["Ana Ruiz"]] * 2
    subject_ids = {r["event_subject_id"] for r in rows}
    assert len(subject_ids) == 1 and None not in subject_ids  # one person, two spellings
    assert rows[0]["event_group"] == rows[1]["event_group"] is not None
    assert len(grouped) == 1 and sorted(grouped[0]["forecasts"]) == ["f0", "f1"]
