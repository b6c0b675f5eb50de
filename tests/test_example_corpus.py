"""The bundled example corpus (``chorus.data.example``): files, gold annotations, promises.

These tests need no spaCy model: they check that the corpus is well-formed and that every gold
string points at real text, so a system scored against the gold is scored against the article.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

ARTICLE_SUFFIXES = (".txt", ".html", ".jsonl")
GOLD_KEYS = {
    "doc",
    "title",
    "outlet",
    "published",
    "genre",
    "boilerplate",
    "body_must_keep",
    "people",
    "quotes",
    "forecasts",
    "events",
}
_INVISIBLE = {"script", "style", "head", "noscript", "template"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "li", "ul", "section", "article", "header", "footer"}


class _VisibleText(HTMLParser):
    """Visible text of a page: text nodes outside script/style/head, blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS or tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _example_dir() -> Path:
    return Path(str(resources.files("chorus.data.example")))


def _articles() -> list[Path]:
    return sorted(p for p in _example_dir().iterdir() if p.suffix in ARTICLE_SUFFIXES)


def _article_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _VisibleText()
        parser.feed(raw)
        parser.close()
        return "".join(parser.parts)
    if path.suffix == ".jsonl":
        records = [json.loads(line) for line in raw.splitlines() if line.strip()]
        assert len(records) == 1, "the .jsonl example holds exactly one article"
        return records[0]["text"]
    return raw


def _gold(path: Path) -> dict:
    gold_path = _example_dir() / "gold" / f"{path.stem}.json"
    return json.loads(gold_path.read_text(encoding="utf-8"))


def _all_gold() -> dict[str, dict]:
    return {p.name: _gold(p) for p in _articles()}


def _gold_strings(gold: dict) -> list[tuple[str, str]]:
    """Every (field, string) in a gold file that must occur verbatim in the article."""
    out: list[tuple[str, str]] = []
    out += [("boilerplate", s) for s in gold["boilerplate"]]
    out += [("body_must_keep", s) for s in gold["body_must_keep"]]
    for person in gold["people"]:
        out += [("alias", a) for a in person["aliases"]]
    for quote in gold["quotes"]:
        out.append(("quote content", quote["content"]))
        if quote["speaker_mention"] is not None:
            out.append(("speaker_mention", quote["speaker_mention"]))
    out += [("forecast text", f["text"]) for f in gold["forecasts"]]
    out += [("event text", e["text"]) for e in gold["events"]]
    return out


def test_corpus_has_the_promised_files() -> None:
    articles = _articles()
    assert len(articles) >= 8
    suffixes = [p.suffix for p in articles]
    assert suffixes.count(".html") == 1
    assert suffixes.count(".jsonl") == 1
    assert (_example_dir() / "__init__.py").exists()
    assert (_example_dir() / "README.md").exists()


def test_every_article_has_gold_and_every_gold_has_an_article() -> None:
    stems = {p.stem for p in _articles()}
    golds = {p.stem for p in (_example_dir() / "gold").glob("*.json")}
    assert stems == golds


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_gold_is_well_formed(path: Path) -> None:
    gold = _gold(path)
    assert set(gold) == GOLD_KEYS
    assert gold["doc"] == path.name
    assert gold["genre"] in {"news", "opinion"}
    for quote in gold["quotes"]:
        assert quote["kind"] in {"direct", "indirect"}
        assert set(quote) == {"content", "speaker", "speaker_mention", "kind", "via"}
    for forecast in gold["forecasts"]:
        assert forecast["direction"] in {"yes", "no", "uncertain"}
        assert forecast["event"] and forecast["probability_words"]
    for event in gold["events"]:
        assert event["date"] is None or len(event["date"]) in (4, 7, 10)
    names = [p["name"] for p in gold["people"]]
    assert len(names) == len(set(names)), "a person is listed twice"


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_every_gold_string_is_in_the_article(path: Path) -> None:
    text = _article_text(path)
    gold = _gold(path)
    missing = [(field, s) for field, s in _gold_strings(gold) if s not in text]
    assert not missing, missing
    if path.suffix != ".jsonl":
        assert gold["title"] in text
    if path.suffix == ".html":
        # written without entities, so every gold string also has offsets in the page source
        source = path.read_text(encoding="utf-8")
        assert [s for _, s in _gold_strings(gold) if s not in source] == []


def test_no_boilerplate_entry_swallows_a_body_sentence() -> None:
    for name, gold in _all_gold().items():
        for keep in gold["body_must_keep"]:
            for residue in gold["boilerplate"]:
                assert keep not in residue, (name, residue)


def test_jsonl_record_has_the_export_fields() -> None:
    (path,) = [p for p in _articles() if p.suffix == ".jsonl"]
    record = json.loads(path.read_text(encoding="utf-8").strip())
    assert set(record) == {"url", "title", "date", "outlet", "text"}
    gold = _gold(path)
    assert record["title"] == gold["title"]
    assert record["date"] == gold["published"]


def test_two_distinct_people_share_a_surname() -> None:
    by_surname: dict[str, set[str]] = defaultdict(set)
    for gold in _all_gold().values():
        for person in gold["people"]:
            by_surname[person["name"].split()[-1]].add(person["name"])
    assert any(len(names) >= 2 for names in by_surname.values())


def test_one_quote_is_reported_by_three_outlets() -> None:
    docs_by_quote: dict[str, set[str]] = defaultdict(set)
    for name, gold in _all_gold().items():
        for quote in gold["quotes"]:
            docs_by_quote[quote["content"]].add(name)
    widest = max(docs_by_quote.items(), key=lambda item: len(item[1]))
    assert len(widest[1]) >= 3
    relayed = [
        q["via"]
        for gold in _all_gold().values()
        for q in gold["quotes"]
        if q["content"] == widest[0]
    ]
    assert any(relayed), "at least one outlet reports the shared quote through a relay"


def test_dates_genres_and_syndication() -> None:
    golds = list(_all_gold().values())
    assert any(g["published"] is None for g in golds)
    assert sum(g["genre"] == "opinion" for g in golds) >= 2
    assert any(e["date"] for g in golds for e in g["events"])
    titles = [g["title"] for g in golds]
    assert len(titles) != len(set(titles)), "two articles re-publish the same wire piece"


def test_markup_in_a_body_is_there_to_be_escaped() -> None:
    texts = [_article_text(p) for p in _articles()]
    assert any("<script>alert(1)</script>" in t and "<b>" in t for t in texts)


def test_speakers_named_as_people_are_listed_in_their_article() -> None:
    golds = _all_gold()
    persons = {p["name"] for gold in golds.values() for p in gold["people"]}
    for name, gold in golds.items():
        listed = {p["name"] for p in gold["people"]}
        for item in gold["quotes"] + gold["forecasts"]:
            if item["speaker"] in persons:
                assert item["speaker"] in listed, (name, item["speaker"])


def test_dates_are_iso_and_inside_the_story() -> None:
    for name, gold in _all_gold().items():
        dates = [gold["published"]] + [e["date"] for e in gold["events"]]
        for value in filter(None, dates):
            padded = value + "-01" * ((10 - len(value)) // 3)
            parsed = date.fromisoformat(padded)
            assert date(1990, 1, 1) <= parsed <= date(2025, 12, 31), (name, value)


def test_the_promised_mess_is_there() -> None:
    texts = {p.name: _article_text(p) for p in _articles()}
    corpus = "\n".join(texts.values())
    for residue in ("Oops!", "Read also:", "[FEATURE]", "You may also like", "Leave a Reply"):
        assert residue in corpus, residue
    assert "N.T.A." in corpus and "NTA" in corpus
    assert "«" in corpus and "»" in corpus
    assert "\u00a0" in corpus
    assert "\u201c" in corpus and '"' in corpus
    for text in texts.values():
        assert 300 <= len(text.split()) <= 800
