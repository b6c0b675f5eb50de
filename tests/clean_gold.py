"""Cleaning checked against gold files in the seeds' format (``boilerplate``,
``body_must_keep``, ``title`` and optional ``published``/``outlet``/``genre``): shared by the
clean tests of the seeds, the example corpus and our own test pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from chorus.clean import clean_document, line_keys
from chorus.clean.evaluate import check_cleaning
from chorus.ingest import read_inputs
from chorus.records import Article, RawDocument


def assert_runs_verbatim(article: Article) -> None:
    for clean_start, original_start, length in article.offsets.segments:
        assert (
            article.text[clean_start : clean_start + length]
            == article.original[original_start : original_start + length]
        )


def repeated_lines(raws: list[RawDocument]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for raw in raws:
        counts.update(line_keys(raw))
    return frozenset(key for key, count in counts.items() if count >= 2)


def clean_corpus(paths: list[Path]) -> dict[str, Article]:
    """{file name: cleaned article}, chrome repeated across the files counted as the build does."""
    raws = [item for item in read_inputs(paths) if isinstance(item, RawDocument)]
    repeated = repeated_lines(raws)
    return {Path(raw.source.split("#")[0]).name: clean_document(raw, repeated) for raw in raws}


def check_against_gold(articles: dict[str, Article], golds: dict[str, dict]) -> list[str]:
    """Problems of cleaned articles against gold files (boilerplate, must-keep, metadata)."""
    problems = []
    for name, gold in golds.items():
        article = articles[name]
        check = check_cleaning(article.text, gold)
        problems += [f"{name}: lost body sentence {keep[:60]!r}" for keep in check.body_lost]
        problems += [f"{name}: residue left {left[:60]!r}" for left in check.residue_left]
        if article.title != gold["title"]:
            problems.append(f"{name}: title {article.title!r} != {gold['title']!r}")
        for field in ("published", "outlet"):
            if gold.get(field) and getattr(article, field) != gold[field]:
                problems.append(f"{name}: {field} {getattr(article, field)!r} != {gold[field]!r}")
        if gold.get("genre") and article.genre != gold["genre"]:
            problems.append(f"{name}: genre {article.genre!r} != {gold['genre']!r}")
        assert_runs_verbatim(article)
    return problems
