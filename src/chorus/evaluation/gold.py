"""``chorus eval gold``: a folder annotated in the seeds' format, built and scored stage by stage.

The annotated inputs (every file whose stem has a ``gold/<stem>.json``, whatever its format:
plain text, HTML, JSON lines) are built exactly as ``chorus build`` builds them (per-article
stages, then the cross-article stage), and the stored records are scored: statements
(``attribution.evaluate``), forecasts and dated events (``claims.evaluate``), people
(``people.evaluate``) and article metadata. Gold strings are exact substrings of the input's
text and are found in the article's original text, so predictions and gold compare by offset.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chorus.evaluation.matching import content_hit, ratio, span_jaccard, spans_match
from chorus.records import Article, EventMention, Forecast, InputError, Person, Statement

if TYPE_CHECKING:
    from chorus.engines.local import BuildSummary

#: A gold item with its span in the original text (None: the text does not hold it).
Located = tuple[dict[str, Any], tuple[int, int] | None]
#: Input files of an annotated folder (see ``chorus.ingest``).
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json", ".warc", ".gz")


@dataclass
class AnnotatedDoc:
    """One annotated input with what the build stored for it (``article`` None: it failed)."""

    name: str
    gold: dict[str, Any]
    article: Article | None = None
    statements: list[Statement] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)

    def locate_all(self, strings: list[str]) -> list[tuple[int, int] | None]:
        """Original offsets of each gold string; a string listed twice takes its next
        occurrence each time. The original text is searched first, then the cleaned body
        (mapped back: a page whose source writes the string with entities). None when
        neither holds it, or the input failed."""
        if self.article is None:
            return [None] * len(strings)
        after: dict[tuple[str, bool], int] = {}
        spans: list[tuple[int, int] | None] = []
        for string in strings:
            spans.append(self._next(string, self.article.original, after, False))
            if spans[-1] is None:
                found = self._next(string, self.article.text, after, True)
                spans[-1] = self.article.to_original(*found) if found else None
        return spans

    @staticmethod
    def _next(
        string: str, text: str, after: dict[tuple[str, bool], int], cleaned: bool
    ) -> tuple[int, int] | None:
        start = text.find(string, after.get((string, cleaned), 0)) if string else -1
        if start < 0:
            return None
        after[(string, cleaned)] = start + 1
        return start, start + len(string)

    def located(self, items: list[dict[str, Any]], key: str) -> list[Located]:
        """Every gold item with the span of its ``key`` string (None when not found: the item
        still counts, as a miss)."""
        return list(zip(items, self.locate_all([item[key] for item in items]), strict=True))

    def content_score(self, key: str) -> Callable[[Any, Located], float | None]:
        """Scores a prediction (``start``/``end`` in the original text) against a located
        gold item: character Jaccard when the content rule holds, else None."""
        original = self.article.original if self.article else ""

        def score(predicted: Any, gold: Located) -> float | None:
            item, span = gold
            mine = (predicted.start, predicted.end)
            text = original[predicted.start : predicted.end]
            if span and spans_match(mine, span) and content_hit(text, item[key]):
                return span_jaccard(mine, span)
            return None

        return score


@dataclass
class AnnotatedBuild:
    """Every annotated document of a folder, the people resolved across them, and failures."""

    docs: list[AnnotatedDoc]
    people: list[Person]
    errors: list[InputError]


def gold_inputs(gold_dir: Path, texts_dir: Path) -> tuple[dict[str, Path], list[InputError]]:
    """{gold stem: input file}; a gold file without an input is an error. The inputs are
    looked for beside ``gold/``, or in ``texts/`` there (the real-news layout)."""
    inputs: dict[str, Path] = {}
    errors = []
    if (texts_dir / "texts").is_dir() and not any(
        p.suffix in INPUT_SUFFIXES for p in texts_dir.iterdir() if p.is_file()
    ):
        texts_dir = texts_dir / "texts"
    for gold_path in sorted(gold_dir.glob("*.json")):
        found = [
            p
            for p in sorted(texts_dir.glob(gold_path.stem + ".*"))
            if p.is_file() and p.suffix in INPUT_SUFFIXES and p.parent != gold_dir
        ]
        if found:
            inputs[gold_path.stem] = found[0]
        else:
            errors.append(InputError(str(gold_path), "no-input", "no input file has this stem"))
    return inputs, errors


def input_stem(source: str) -> str:
    """The file stem of a stored article's source (``path#N`` for a record of a JSON lines
    or WARC file)."""
    return Path(source.split("#", 1)[0]).stem


def build_inputs(
    paths: list[Path], out_dir: Path, workers: int | None = 1, question: str | None = None
) -> BuildSummary:
    """Build ``paths`` into ``out_dir`` as ``chorus build`` does (failures are stored), the
    cross-article stage included (and the stances on ``question`` when one is asked)."""
    from chorus.engines.corpus import link_corpus
    from chorus.engines.local import build
    from chorus.store import Store

    summary = build(paths, out_dir, workers=workers)
    with Store(out_dir) as store:
        link_corpus(store, question=question)
    return summary


def _by_article(records: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        grouped[record.article].append(record)
    return grouped


def read_build(db: Path, gold_dir: Path, inputs: dict[str, Path]) -> AnnotatedBuild:
    """The stored records of each annotated input."""
    from chorus.store import Store, record_from_row

    with Store(db, read_only=True) as store:
        articles = {input_stem(a.source): a for a in store.iter_articles()}
        statements = _by_article(store.statements())
        forecasts = _by_article(store.forecasts())
        events = _by_article(store.event_mentions())
        people = [record_from_row(Person, r) for r in store.rows("SELECT * FROM people")]
        errors = [e for e in store.errors() if input_stem(e.source) in inputs]
    docs = []
    for name in inputs:
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        article = articles.get(name)
        article_id = article.id if article else None
        docs.append(
            AnnotatedDoc(
                name=name,
                gold=gold,
                article=article,
                statements=statements.get(article_id, []),
                forecasts=forecasts.get(article_id, []),
                events=events.get(article_id, []),
            )
        )
    kept = {a.id for a in articles.values() if input_stem(a.source) in inputs}
    people = [p for p in people if kept.intersection(p.articles)]
    return AnnotatedBuild(docs=docs, people=people, errors=errors)


@contextmanager
def _build_dir(db: Path | None) -> Iterator[Path]:
    if db is not None:
        yield db
        return
    with tempfile.TemporaryDirectory(prefix="chorus-eval-") as scratch:
        yield Path(scratch)


def read_annotated(
    db: str | Path, gold_dir: str | Path, texts_dir: str | Path | None = None
) -> AnnotatedBuild:
    """The annotated documents of an existing build (``db``: its output folder)."""
    gold_dir = Path(gold_dir)
    texts_dir = Path(texts_dir) if texts_dir is not None else gold_dir.parent
    inputs, missing = gold_inputs(gold_dir, texts_dir)
    built = read_build(Path(db), gold_dir, inputs)
    built.errors = missing + built.errors
    return built


def annotated_build(
    gold_dir: str | Path,
    texts_dir: str | Path | None = None,
    db: str | Path | None = None,
    workers: int | None = 1,
) -> AnnotatedBuild:
    """Build the annotated inputs (into ``db``, or a scratch folder) and read them back."""
    gold_dir = Path(gold_dir)
    texts_dir = Path(texts_dir) if texts_dir is not None else gold_dir.parent
    inputs, _missing = gold_inputs(gold_dir, texts_dir)
    with _build_dir(Path(db) if db is not None else None) as out:
        build_inputs(list(inputs.values()), out, workers)
        return read_annotated(out, gold_dir, texts_dir)


def score_metadata(docs: list[AnnotatedDoc]) -> dict[str, Any]:
    """Article metadata against the gold (same value, spaces and case aside): a value the gold
    has is to be found; a value where the gold has none (the text does not reveal it) is wrong."""
    figures: dict[str, Any] = {}
    for key in ("published", "outlet", "genre", "title"):
        pairs = [
            (d.name, getattr(d.article, key) if d.article else None, d.gold[key])
            for d in docs
            if key in d.gold
        ]
        right = [name for name, have, want in pairs if have and want and _same_value(have, want)]
        figures[key] = {
            "gold": sum(bool(want) for _, _, want in pairs),
            "predicted": sum(bool(have) for _, have, _ in pairs),
            "right": len(right),
            "precision": ratio(len(right), sum(bool(have) for _, have, _ in pairs)),
            "recall": ratio(len(right), sum(bool(want) for _, _, want in pairs)),
            "wrong": [
                [name, have, want] for name, have, want in pairs if have and name not in right
            ],
        }
    return figures


def _same_value(predicted: str | None, gold: str) -> bool:
    return " ".join((predicted or "").split()).lower() == " ".join(gold.split()).lower()
