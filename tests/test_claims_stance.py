"""Stance on a question and Brier scores, on records written for these tests."""

from __future__ import annotations

import pickle

from chorus.claims import Outcome, brier_scores, stance
from chorus.records import Article, Forecast, OffsetMap, Statement


def _forecast(fid, article, speaker, event, probability, direction, conditional=False):
    return Forecast(
        id=fid,
        article=article,
        source=article,
        start=0,
        end=1,
        text=event,
        speaker=speaker,
        event=event,
        direction=direction,
        hedge=None,
        probability=probability,
        conditional=conditional,
    )


def _article(aid, outlet, published):
    return Article(
        id=aid,
        source=aid,
        original="x",
        text="x",
        offsets=OffsetMap(),
        outlet=outlet,
        published=published,
    )


FORECASTS = [
    _forecast("f1", "a1", "Ana Ruiz", "Varnia send its troops into Kestria", 0.25, "no"),
    _forecast("f2", "a2", "Ben Ott", "Varnian army will enter Kestria", 0.95, "yes"),
    _forecast("f3", "a2", "Ben Ott", "Varnian soldiers deployed to Kestria", 0.9, "yes"),
    _forecast("f4", "a1", "Ana Ruiz", "the harvest be late this year", 0.7, "yes"),
]
ARTICLES = [_article("a1", "Post", "2025-01-10"), _article("a2", "Herald", "2025-02-03")]
STATEMENTS = [
    Statement(
        id="s1",
        article="a1",
        source="a1",
        start=0,
        end=1,
        text="Varnian troops are massing near Kestria",
        kind="direct",
        speaker="Cleo Pax",
    )
]


def test_stance_gathers_relevant_items_per_voice_outlet_and_date():
    report = stance("Will Varnia send troops into Kestria?", STATEMENTS, FORECASTS, ARTICLES)
    ids = {e.id for e in report.evidence}
    assert {"f1", "f2", "f3", "s1"} <= ids and "f4" not in ids
    voices = {v.name: v for v in report.voices}
    assert voices["Ana Ruiz"].stance == "no"
    assert voices["Ben Ott"].stance == "yes" and set(voices["Ben Ott"].evidence) == {"f2", "f3"}
    outlets = {o.name: o.stance for o in report.outlets}
    assert outlets == {"Post": "no", "Herald": "yes"}
    assert [(p.date, p.yes, p.no) for p in report.timeline] == [
        ("2025-01-10", 0, 1),
        ("2025-02-03", 2, 0),
    ]
    assert pickle.loads(pickle.dumps(report)) == report


def test_brier_scores_per_forecaster():
    outcomes = {"Varnia sends troops into Kestria": ("yes", "2025-03-01")}
    scores = {s.speaker: s for s in brier_scores(FORECASTS, outcomes)}
    assert scores["Ben Ott"].count == 2
    assert abs(scores["Ben Ott"].brier - ((0.05**2 + 0.1**2) / 2)) < 1e-4
    assert abs(scores["Ana Ruiz"].brier - 0.75**2) < 1e-4
    assert scores["Ben Ott"].brier < scores["Ana Ruiz"].brier


def test_brier_skips_conditional_and_unmatched():
    conditional = _forecast("c1", "a1", "Dan", "Varnia send troops into Kestria", 0.8, "yes", True)
    outcomes = [Outcome("Varnia sends troops into Kestria", "no", None)]
    assert brier_scores([conditional], outcomes) == []
    assert brier_scores(FORECASTS[3:], outcomes) == []


def test_format_stance_accepts_report_or_payload():
    import dataclasses

    from chorus.claims import format_stance

    report = stance("Will Varnia send troops into Kestria?", STATEMENTS, FORECASTS, ARTICLES)
    text = format_stance(report)
    assert "Ben Ott: yes" in text and "Ana Ruiz: no" in text
    assert format_stance(dataclasses.asdict(report)) == text
