"""The evaluation rules themselves (no spaCy model): names, one-to-one matching, the real-news
scorer on a story folder written here, and the seeds-format scorers on records written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shared_corpora import require_shared

from chorus.attribution.evaluate import score_quotes
from chorus.claims.evaluate import score_events, score_forecasts, speaker_matches
from chorus.evaluation.gold import AnnotatedDoc, gold_inputs, input_stem
from chorus.evaluation.matching import content_hit, one_to_one, spans_match
from chorus.evaluation.names import same_name, same_relay
from chorus.evaluation.news import doc_key, score_export
from chorus.people.evaluate import score_people
from chorus.records import Article, EventMention, Forecast, OffsetMap, Person, Statement

# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Pavel Danek", "Irina Danek", False),  # another given name: another person
        ("Danek", "Pavel Danek", True),
        ("Kastrov", "Mikhail Kostrov", True),  # a one-letter typo is a spelling variant
        ("Defence Minister Pavel Danek", "Pavel Danek", True),  # titles do not count
        ("Marta Veles", "Martha Veles", True),
        ("Oleg Tamarin", "Aleksandr Bremov", False),
        (None, "Aleksandr Bremov", False),
    ],
)
def test_same_name(predicted, gold, same):
    assert same_name(predicted, gold) is same
    assert speaker_matches(gold, predicted) is same


def test_a_gold_alias_names_its_person():
    assert not same_name("the Varnian leader", "Aleksandr Bremov")
    assert same_name("the Varnian leader", "Aleksandr Bremov", ["the Varnian leader"])
    assert not same_name("the minister", "Aleksandr Bremov", ["the Varnian leader"])


def test_nobody_matches_only_nobody():
    assert speaker_matches(None, "author") and speaker_matches("author", None)
    assert not speaker_matches(None, "Pavel Danek")
    assert not speaker_matches("author", "Pavel Danek")


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("the news agency NTA", "Continental Press news agency", False),  # "agency" is no name
        ("the state news agency NTA", "NTA", True),
        ("N.T.A.", "NTA", True),
        ("the Herald", "The Kestrian Herald", True),
        ("Irina Danek", "Pavel Danek", False),
        (None, None, True),
        ("NTA", None, False),
        (None, "NTA", False),
    ],
)
def test_same_relay(predicted, gold, same):
    assert same_relay(predicted, gold) is same


# ---------------------------------------------------------------- matching


def test_content_hit_wants_most_gold_words_and_no_huge_span():
    gold = "the reserve brigades will move north before the harvest"
    assert content_hit("reserve brigades will move north before the harvest,", gold)
    assert not content_hit("the reserve brigades", gold)
    padded = gold + " " + " ".join(f"word{i}" for i in range(40))
    assert not content_hit(padded, gold)


def test_spans_match_on_half_the_shorter_span():
    assert spans_match((0, 10), (5, 30))
    assert not spans_match((0, 10), (6, 30))
    assert not spans_match((0, 10), (10, 20))


def test_one_prediction_is_credited_once():
    gold = [(0, 10), (0, 10)]  # the same quote listed twice

    def score(predicted, wanted):
        return 1.0 if predicted == wanted else None

    assert one_to_one([(0, 10)], gold, score) == {0: 0}
    assert one_to_one([(0, 10), (0, 10)], gold, score) == {0: 0, 1: 1}


def test_best_pairs_are_taken_first():
    def score(predicted, wanted):
        return {("a", "x"): 0.9, ("a", "y"): 0.95, ("b", "x"): 0.5}.get((predicted, wanted))

    assert one_to_one(["a", "b"], ["x", "y"], score) == {1: 0, 0: 1}


# ---------------------------------------------------------------- seeds-format scorers

ORIGINAL = (
    "Varnia says no troops will cross\n\n"
    "VARNO – “Our soldiers stay home,” Pavel Danek said on Monday, 2 June 2025.\n\n"
    "Irina Danek said the reserve would be called up before the harvest.\n\n"
    "Share this page\n"
)


def _span(fragment: str) -> tuple[int, int]:
    start = ORIGINAL.index(fragment)
    return start, start + len(fragment)


def _statement(fragment: str, speaker: str | None, kind: str = "direct", via=None) -> Statement:
    start, end = _span(fragment)
    return Statement(
        id=fragment[:8], article="a1", source="s.txt", start=start, end=end, text=fragment,
        kind=kind, speaker=speaker, via=via,
    )  # fmt: skip


def _doc(**records) -> AnnotatedDoc:
    article = Article(
        id="a1", source="s.txt", original=ORIGINAL, text=ORIGINAL,
        offsets=OffsetMap([(0, 0, len(ORIGINAL))]),
    )  # fmt: skip
    gold = {
        "people": [
            {"name": "Pavel Danek", "aliases": ["Pavel Danek"]},
            {"name": "Irina Danek", "aliases": ["Irina Danek"]},
        ],
        "quotes": [
            {"content": "Our soldiers stay home", "speaker": "Pavel Danek",
             "speaker_mention": "Pavel Danek", "kind": "direct", "via": "NTA"},
            {"content": "the reserve would be called up before the harvest",
             "speaker": "Irina Danek", "speaker_mention": "Irina Danek", "kind": "indirect",
             "via": None},
        ],
        "forecasts": [
            {"text": "the reserve would be called up before the harvest",
             "speaker": "Irina Danek", "direction": "yes"},
        ],
        "events": [{"text": "Pavel Danek said on Monday, 2 June 2025", "date": "2025-06-02"}],
        "boilerplate": ["Share this page"],
    }  # fmt: skip
    return AnnotatedDoc(name="s", gold=gold, article=article, **records)


def test_quotes_one_to_one_with_speaker_and_relay():
    doc = _doc(
        statements=[
            _statement("Our soldiers stay home", "Pavel Danek", via="the state agency NTA"),
            _statement("Our soldiers stay home", "Pavel Danek"),  # a copy: a false positive
            _statement(
                "the reserve would be called up before the harvest", "Pavel Danek", "indirect"
            ),  # found, but the other Danek said it
        ]
    )
    result = score_quotes([doc])
    assert result["all"]["found"] == 2 and result["all"]["predicted"] == 3
    assert result["all"]["precision"] == round(2 / 3, 4)
    assert result["all"]["speaker_recall"] == 0.5
    assert result["all"]["speaker_precision"] == round(1 / 3, 4)
    assert result["via"] == {"gold": 1, "predicted": 1, "precision": 1.0, "recall": 1.0}
    assert [m["gold_speaker"] for m in result["misses"]] == ["Irina Danek"]
    assert len(result["false_positives"]) == 1


def test_gold_the_text_lacks_still_counts():
    doc = _doc(statements=[_statement("Our soldiers stay home", "Pavel Danek")])
    doc.gold["quotes"].append(
        {"content": "words nowhere in the article", "speaker": None, "kind": "indirect"}
    )
    assert score_quotes([doc])["all"]["gold"] == 3
    doc.article = None  # the input failed: every gold item is a miss
    assert score_quotes([doc])["all"]["found"] == 0
    assert score_quotes([doc])["all"]["gold"] == 3


def test_gold_strings_found_through_the_cleaned_body():
    original = "<p>A &amp; B will win</p>"
    article = Article(
        id="h", source="h.html", original=original, text="A & B will win",
        offsets=OffsetMap([(0, 3, 2), (3, 10, 11)]),
    )  # fmt: skip
    doc = AnnotatedDoc(name="h", gold={}, article=article)
    assert doc.locate_all(["A & B will win", "B will", "C"]) == [(3, 21), (11, 17), None]


def test_statements_in_boilerplate_are_counted():
    doc = _doc(statements=[_statement("Share this page", None, "indirect")])
    doc.gold["boilerplate"] = ["Share this page\n"]  # short lines are not checked
    assert score_quotes([doc])["boilerplate_statements"] == 0
    doc.gold["boilerplate"] = ["Irina Danek said the reserve would be called up"]
    doc.statements = [_statement("the reserve would be called up", "Irina Danek", "indirect")]
    assert score_quotes([doc])["boilerplate_statements"] == 1


def _forecast(fragment: str, speaker: str | None, direction: str) -> Forecast:
    start, end = _span(fragment)
    return Forecast(
        id=fragment[:6], article="a1", source="s.txt", start=start, end=end, text=fragment,
        speaker=speaker, event="e", direction=direction, hedge=None, probability=None,
    )  # fmt: skip


def test_forecasts_precision_and_recall():
    wanted = "the reserve would be called up before the harvest"
    doc = _doc(
        forecasts=[
            _forecast(wanted, "Irina Danek", "yes"),
            _forecast(wanted, "Irina Danek", "yes"),  # credited once only
            _forecast("Our soldiers stay home", "Pavel Danek", "no"),  # not a gold forecast
        ]
    )
    result = score_forecasts([doc])
    assert result["forecast_recall_speaker_direction"] == 1.0
    assert result["forecast_precision"] == round(1 / 3, 4)
    doc.forecasts = [_forecast(wanted, "Pavel Danek", "yes")]
    result = score_forecasts([doc])
    assert result["forecast_recall_direction"] == 1.0
    assert result["forecast_recall_speaker_direction"] == 0.0


def _event(fragment: str, date: str | None, precision: str | None) -> EventMention:
    start, end = _span(fragment)
    return EventMention(
        id=fragment[:6], article="a1", start=start, end=end, text=fragment, date=date,
        precision=precision, summary=fragment,
    )  # fmt: skip


def test_event_dates_one_to_one():
    said = "Pavel Danek said on Monday, 2 June 2025"
    doc = _doc(events=[_event(said, "2025-06-02", "day"), _event(said, "2025-06-02", "day")])
    result = score_events([doc])
    assert result["event_date_recall"] == 1.0
    assert result["event_date_precision"] == 0.5  # the second copy is credited for nothing
    doc.events = [_event(said, "2025-06", "month")]
    assert score_events([doc])["event_date_recall"] == 0.0


def test_people_count_junk_records_and_aliases():
    doc = _doc()
    people = [
        Person(id="1", name="Pavel Danek", kind="person", aliases=["Pavel Danek", "Danek"]),
        Person(
            id="2", name="Irina Danek", kind="person",
            aliases=["Irina Danek", "Varnia says no troops will cross VARNO Irina Danek"],
        ),
        Person(id="3", name="ministry", kind="person", aliases=["ministry"]),
        Person(id="4", name="NTA", kind="outlet", aliases=["NTA"]),  # not a person record
    ]  # fmt: skip
    result = score_people([doc], people)
    assert result["person_records"] == 3
    assert result["people_precision"] == round(2 / 3, 4)
    assert result["alias_precision"] == round(3 / 5, 4)
    assert result["junk_records"] == ["ministry"]
    assert result["people_recall"] == 1.0 and result["false_merges"] == []
    merged = Person(id="5", name="Danek", kind="person", aliases=["Pavel Danek", "Irina Danek"])
    assert score_people([doc], [merged])["false_merges"] == [
        ("Danek", ["Irina Danek", "Pavel Danek"])
    ]


def test_gold_inputs_take_any_article_format(tmp_path: Path):
    (tmp_path / "gold").mkdir()
    for stem in ("a", "b", "c"):
        (tmp_path / "gold" / f"{stem}.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("{}\n", encoding="utf-8")
    inputs, errors = gold_inputs(tmp_path / "gold", tmp_path)
    assert {k: p.name for k, p in inputs.items()} == {"a": "a.html", "b": "b.jsonl"}
    assert [e.reason for e in errors] == ["no-input"]
    assert input_stem(str(tmp_path / "b.jsonl") + "#1") == "b"


def test_real_news_layout_gold_is_read_too(tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold" / "001.json").write_text("{}", encoding="utf-8")
    (tmp_path / "texts" / "001.txt").write_text("x", encoding="utf-8")
    inputs, errors = gold_inputs(tmp_path / "gold", tmp_path)
    assert inputs == {"001": tmp_path / "texts" / "001.txt"} and errors == []
    doc = _doc()
    doc.gold = {
        "entities": [
            {"name": "Pavel Danek", "kind": "person", "mentions": ["Pavel Danek", "Danek"]},
            {"name": "NTA", "kind": "outlet", "mentions": ["NTA"]},
        ]
    }
    people = [Person(id="1", name="Pavel Danek", kind="person", aliases=["Danek"])]
    result = score_people([doc], people)
    assert result["gold_people"] == 1 and result["alias_recall"] == 0.5
    assert score_forecasts([doc])["gold_forecasts"] == 0  # no forecasts list: not scored


# ---------------------------------------------------------------- real-news scorer

STORY_TEXTS = {
    "001": (
        "Port Selva strike: union says talks could resume\n"
        "By Lena Ortmann | 14 March 2031\n"
        "Dockworkers' leader Mara Quint said on Friday that the strike would go on until "
        "the ministry made a written offer. “We are not going back for promises,” Quint "
        "told the Harbour Gazette. Transport minister Ilya Brody is likely to table a new "
        "offer next week, according to the Selva Courier. A union official, who asked not "
        "to be named, said pickets would spread to the grain terminal.\n"
    ),
    "002": (
        "Minister: offer is final\n"
        "Ilya Brody insisted the offer on the table was final. “There is no more money,” "
        "Mr Brody said, adding that the ports would reopen within days. Analysts expect the "
        "dispute to drag on into the summer.\n"
    ),
}


def _story(root: Path) -> Path:
    story = root / "port-strike"
    (story / "texts").mkdir(parents=True)
    (story / "gold").mkdir()
    for stem, text in STORY_TEXTS.items():
        (story / "texts" / f"{stem}.txt").write_text(text, encoding="utf-8")
    (story / "sources.tsv").write_text(
        "file\turl\tdate\tquery\n001.txt\thttps://x.example/a\t2031-03-14\tq\n"
        "002.txt\thttps://x.example/b\t2030-01\tq\n",
        encoding="utf-8",
    )
    gold = {
        "001": {
            "doc": "001.txt",
            "quotes": [
                {"content": "the strike would go on until the ministry made a written offer",
                 "speaker": "Mara Quint", "speaker_mention": "Dockworkers' leader Mara Quint",
                 "kind": "indirect", "via": None},
                {"content": "We are not going back for promises", "speaker": "Mara Quint",
                 "speaker_mention": "Quint", "kind": "direct", "via": None},
                {"content": "Transport minister Ilya Brody is likely to table a new offer "
                 "next week",
                 "speaker": None, "speaker_mention": None, "kind": "indirect",
                 "via": "Selva Courier"},
                {"content": "pickets would spread to the grain terminal",
                 "speaker": "unnamed union official", "speaker_mention": "A union official",
                 "kind": "indirect", "via": None},
            ],
            "forecasts": [
                {"text": "Ilya Brody is likely to table a new offer next week", "speaker": "author",
                 "event": "new offer", "direction": "yes"},
                {"text": "pickets would spread to the grain terminal",
                 "speaker": "unnamed union official", "event": "strike spreads",
                 "direction": "yes"},
            ],
            "entities": [
                {"name": "Mara Quint", "kind": "person",
                 "mentions": ["Mara Quint", "Quint", "Dockworkers' leader Mara Quint"]},
                {"name": "Ilya Brody", "kind": "person",
                 "mentions": ["Transport minister Ilya Brody"]},
                {"name": "Selva Courier", "kind": "outlet", "mentions": ["the Selva Courier"]},
            ],
        },
        "002": {
            "doc": "002.txt",
            "quotes": [
                {"content": "the offer on the table was final", "speaker": "Ilya Brody",
                 "speaker_mention": "Ilya Brody", "kind": "indirect", "via": None},
                {"content": "There is no more money", "speaker": "Ilya Brody",
                 "speaker_mention": "Mr Brody", "kind": "direct", "via": None},
            ],
            "forecasts": [
                {"text": "the ports would reopen within days", "speaker": "Ilya Brody",
                 "event": "ports reopen", "direction": "yes"},
            ],
            "entities": [
                {"name": "Ilya Brody", "kind": "person",
                 "mentions": ["Ilya Brody", "Mr Brody"]},
            ],
        },
    }  # fmt: skip
    for stem, item in gold.items():
        (story / "gold" / f"{stem}.json").write_text(json.dumps(item), encoding="utf-8")
    return story


def _write_export(folder: Path, story: Path) -> None:
    first = str(story / "texts" / "001.txt")
    rows = {
        "articles": [
            {"id": "A", "source": first, "published": "2031-03-14"},
            {"id": "B", "source": "texts/002.txt", "published": "2031-02-01"},  # short source
        ],
        "statements": [
            {"source": first, "text": "the strike would go on until the ministry made a "
             "written offer", "speaker": "Mara Quint", "speaker_mention": "Mara Quint"},
            {"source": first, "text": "We are not going back for promises,",
             "speaker": "Ilya Brody", "speaker_mention": "Quint"},
            {"source": first, "text": "Ilya Brody is likely to table a new offer next week",
             "speaker": None, "via": "the Selva Courier"},
            {"source": first, "text": "pickets would spread to the grain terminal",
             "speaker": None, "speaker_mention": "A union official"},
            {"source": first, "text": "Share this story", "speaker": "Lena Ortmann",
             "via": "Harbour Gazette"},
            {"source": "texts/002.txt", "text": "There is no more money",
             "speaker": "Brody", "speaker_mention": "Mr Brody"},
        ],
        "forecasts": [
            {"source": first, "text": "Ilya Brody is likely to table a new offer next week",
             "speaker": "author", "direction": "yes"},
            {"source": first, "text": "pickets would spread to the grain terminal",
             "speaker": "union official", "direction": "uncertain"},
            {"source": "texts/002.txt", "text": "the ports would reopen within days",
             "speaker": "Ilya Brody", "direction": "yes"},
        ],
        "people": [
            {"name": "Mara Quint", "kind": "person", "articles": ["A"],
             "aliases": ["Mara Quint", "Quint", "Mara Quint told the Harbour Gazette"]},
            {"name": "Ilya Brody", "kind": "person", "articles": ["A", "B"],
             "aliases": ["Ilya Brody", "Mr Brody", "Transport minister Ilya Brody"]},
            {"name": "Brody", "kind": "person", "articles": ["B"], "aliases": ["Brody"]},
            {"name": "Lena Ortmann", "kind": "person", "articles": ["A"], "aliases": []},
            {"name": "Selva Courier", "kind": "outlet", "articles": ["A"], "aliases": []},
        ],
    }  # fmt: skip
    folder.mkdir()
    for table, items in rows.items():
        lines = [json.dumps(item) for item in items]
        (folder / f"{table}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_doc_key_from_long_and_short_sources():
    gold = ["port-strike/texts/001", "port-strike/texts/002"]
    assert doc_key("/data/port-strike/texts/001.txt", gold) == "port-strike/texts/001"
    assert doc_key("texts/002.txt", gold) == "port-strike/texts/002"
    assert doc_key("002.txt", gold) == "port-strike/texts/002"
    assert doc_key("elsewhere/texts/002.txt", gold) == "elsewhere/texts/002"


def test_news_figures_on_a_written_story(tmp_path: Path):
    story = _story(tmp_path / "stories")
    _write_export(tmp_path / "export", story)
    result = score_export(tmp_path / "export", [tmp_path / "stories"])
    assert set(result) == {"port-strike", "ALL"}
    figures = result["ALL"]
    assert figures["quotes"] == 6
    assert figures["recall_found"] == round(5 / 6, 4)
    assert figures["recall_speaker"] == round(4 / 6, 4)  # Brody is not Quint
    assert figures["precision"] == round(5 / 6, 4)
    assert figures["via_recall"] == 1.0 and figures["via_precision"] == 0.5
    assert figures["forecast_recall_direction"] == round(2 / 3, 4)
    assert figures["forecast_recall_speaker_direction"] == round(1 / 3, 4)  # "author" is named
    assert figures["article_dates"] == 1  # 002's year is not in its text
    assert figures["article_date_recall"] == 1.0
    assert figures["person_records"] == 4 and figures["people_precision"] == 0.75
    assert figures["alias_precision"] == round(6 / 7, 4)
    assert figures["people_split"] == 1


def test_news_figures_equal_the_shared_scorer(tmp_path: Path):
    scorer = require_shared("tools", "score_news.py")
    story = _story(tmp_path / "stories")
    _write_export(tmp_path / "export", story)
    tool = subprocess.run(
        [sys.executable, str(scorer), str(tmp_path / "export"), str(story), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert score_export(tmp_path / "export", [story]) == json.loads(tool.stdout)
