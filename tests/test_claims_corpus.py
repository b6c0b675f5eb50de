"""Forecasts, stance and timeline over whole corpora: the real-news set (``realnews_db`` of
conftest; its forecast figures hold the floors of ``floors.py``) and the seeds, each built once
(slow). Found relative to the project root; skipped when ../shared is absent."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from chorus.claims import stance

pytestmark = pytest.mark.slow

#: Pieces the tokeniser makes of contractions: never a word of a label, hedge or summary.
TOKENISER_PIECES = re.compile(
    r"(?:^|\s)(?:wo|ca|sha|n't|n’t|'ll|’ll|'re|’re|'ve|’ve|'d|’d|'m|’m|'s|’s)(?=\s|$)"
)
#: Words before a date that make it a bound, which dates nothing ("by 2027", "until May").
BOUNDS = {"until", "till", "by", "from", "to", "through", "than"}
#: Words a label may add to the text's own: present-tense verbs and the negation.
LABEL_WORDS = {"is", "are", "does", "do", "not", "has", "have"}


def _rows(db: Path, sql: str) -> list[dict]:
    from chorus.store import Store

    with Store(db) as store:
        return store.rows(sql)


def _corpus_db(shared_dir: Path, factory, pattern: str) -> Path:
    texts = sorted(shared_dir.glob(pattern))
    from chorus.evaluation.gold import build_inputs

    if not texts:
        pytest.skip(f"{pattern} not present")
    out = factory.mktemp(pattern.split("/")[0])
    build_inputs(texts, out)
    return out


@pytest.fixture(scope="module")
def seeds_db(shared_dir, tmp_path_factory) -> Path:
    return _corpus_db(shared_dir, tmp_path_factory, "seeds/*.txt")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def _from_text(label: str, article_words: set[str]) -> list[str]:
    """Words of a label that are not the article's own, allowing the present tense a label
    puts its verb in ("invades" for "will invade", "waits" for "be waiting")."""
    foreign = []
    for word in _words(label):
        if word in LABEL_WORDS or word in article_words:
            continue
        stems = {word[:-1], word[:-2], word[:-3] + "y"} if len(word) > 3 else set()
        stems = {s.rstrip("e") for s in stems if len(s) >= 3}
        if not any(w.startswith(stem) for stem in stems for w in article_words):
            foreign.append(word)
    return foreign


def _check_corpus(db: Path) -> None:
    articles = {r["id"]: set(_words(r["original"])) for r in _rows(db, "SELECT * FROM articles")}
    forecasts = _rows(db, "SELECT * FROM forecasts")
    assert forecasts
    for f in forecasts:
        for text in (f["event"], f["hedge"] or ""):
            assert not TOKENISER_PIECES.search(text), (f["event"], f["hedge"])
            assert not _from_text(text, articles[f["article"]]), (text, f["text"])
        assert f["text"] and f["event"]
    mentions = _rows(db, "SELECT * FROM event_mentions")
    assert mentions
    for m in mentions:
        assert not TOKENISER_PIECES.search(m["summary"]), m["summary"]
        assert not _from_text(m["summary"], articles[m["article"]]), m["summary"]


def test_realnews_labels_hedges_and_summaries_are_the_articles_words(realnews_db):
    _check_corpus(realnews_db)


def test_seeds_labels_hedges_and_summaries_are_the_articles_words(seeds_db):
    _check_corpus(seeds_db)


def test_realnews_dates_only_where_the_text_gives_one(realnews_db):
    """Every dated event says which words date it, and those words are in the article."""
    originals = {r["id"]: r["original"] for r in _rows(realnews_db, "SELECT * FROM articles")}
    for m in _rows(realnews_db, "SELECT * FROM event_mentions WHERE date IS NOT NULL"):
        original = originals[m["article"]]
        evidence = original[m["expression_start"] : m["expression_end"]]
        assert evidence.strip() == m["expression"], m
        before = re.findall(
            r"[A-Za-z]+", original[max(0, m["expression_start"] - 12) : m["expression_start"]]
        )
        assert not before or before[-1].lower() not in BOUNDS, (
            before,
            m["expression"],
            m["summary"],
        )


def test_realnews_forecast_events_group_what_the_gold_calls_one_event(realnews_db, shared_dir):
    """Pairs of gold forecasts found (first prediction holding the gold text) whose gold
    event labels agree, once their "(qualifier)" is dropped, against pairs the forecast-events
    step put in one group: a development figure (pairwise precision and recall)."""
    sys.path.insert(0, str(shared_dir / "tools"))
    try:
        import score_news
    finally:
        sys.path.pop(0)
    gold = score_news.load_gold([str(shared_dir / "realnews")])
    predicted: dict[str, list[dict]] = {}
    for row in _rows(realnews_db, "SELECT * FROM forecasts"):
        predicted.setdefault(score_news.doc_key(row["source"], gold), []).append(row)
    groups = {g["id"]: g for g in _rows(realnews_db, "SELECT * FROM forecast_events")}
    for row in (r for rows in predicted.values() for r in rows if r["event_group"]):
        assert row["id"] in groups[row["event_group"]]["forecasts"]
    same = together = both = 0
    for story in {key.split("/")[0] for key in gold}:
        found = []
        for key, annotated in gold.items():
            for forecast in annotated["forecasts"] if key.startswith(story + "/") else []:
                hits = [
                    p
                    for p in predicted.get(key, [])
                    if score_news.content_hit(p["text"], forecast["text"])
                ]
                if hits:
                    found.append((re.sub(r"\s*\(.*?\)", "", forecast["event"]).lower(), hits[0]))
        for i, (event, first) in enumerate(found):
            for other_event, second in found[i + 1 :]:
                if first["id"] == second["id"]:
                    continue
                grouped = first["event_group"] is not None
                grouped = grouped and first["event_group"] == second["event_group"]
                same += event == other_event
                together += grouped
                both += grouped and event == other_event
    assert both / together >= 0.8  # precision 0.845 (development)
    assert both / same >= 0.2  # recall 0.237 (development; exact event keys alone: 0.047)


def test_seeds_stance_agrees_with_each_voice_s_forecasts(seeds_db):
    """On "Will Belarus send troops?" each voice's stance follows the directions of its
    forecasts on that question; the voice who finds the dispatch unlikely says no."""
    from chorus.store import Store

    with Store(seeds_db) as store:
        report = stance(
            "Will Belarus send troops?",
            store.statements(),
            store.forecasts(),
            list(store.iter_articles()),
        )
    answering = {e.id: e for e in report.evidence if e.answers}
    assert answering
    voiced = 0
    for voice in report.voices:
        directions = {answering[i].direction for i in voice.evidence if i in answering}
        if not directions:
            continue
        voiced += 1
        if len(directions) == 1:
            assert voice.stance == directions.pop(), voice
    assert voiced >= 3
    unlikely = [e for e in answering.values() if "unlikely to send" in e.text]
    assert unlikely
    by_name = {v.name: v for v in report.voices}
    assert all(by_name[e.speaker].stance == "no" for e in unlikely)
    assert json.dumps([v.name for v in report.voices])  # serialisable names
