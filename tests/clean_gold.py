"""Cleaning checked against gold files in the seeds' format (``boilerplate``,
``body_must_keep``, ``title`` and optional ``published``/``outlet``/``genre``): shared by the
clean tests of the seeds, the example corpus and our own test pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from chorus.clean import clean_document, line_keys
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
    """Problems of cleaned articles against gold files (boilerplate, must-keep, metadata).
    A boilerplate string counts only outside the must-keep sentences (a caption can be a
    substring of a body sentence)."""
    problems = []
    for name, gold in golds.items():
        article = articles[name]
        body = article.text
        for keep in gold["body_must_keep"]:
            if keep not in body:
                problems.append(f"{name}: lost body sentence {keep[:60]!r}")
            body = body.replace(keep, "\x00")
        for residue in gold["boilerplate"]:
            if residue in body:
                problems.append(f"{name}: residue left {residue[:60]!r}")
        if article.title != gold["title"]:
            problems.append(f"{name}: title {article.title!r} != {gold['title']!r}")
        for field in ("published", "outlet"):
            if gold.get(field) and getattr(article, field) != gold[field]:
                problems.append(f"{name}: {field} {getattr(article, field)!r} != {gold[field]!r}")
        if gold.get("genre") and article.genre != gold["genre"]:
            problems.append(f"{name}: genre {article.genre!r} != {gold['genre']!r}")
        assert_runs_verbatim(article)
    return problems
