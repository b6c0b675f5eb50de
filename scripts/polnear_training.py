"""Shared by the training scripts: PolNeAR train read and parsed once (optionally cached as a
DocBin), gold matching of found statements, and the document folds of cross-validation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from spacy.tokens import DocBin

from chorus.attribution import evaluate as ev
from chorus.evaluation.corpora import shared_path
from chorus.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src/chorus/data/models"
DEFAULT_DATA = shared_path("polnear", "train")


def read_split(data: str | Path) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    """Texts and gold of a split; refuses dev (dev is for measuring, not for fitting)."""
    if Path(data).name == "dev":
        raise SystemExit("dev is for measuring, not for fitting")
    return ev.read_brat(data)


def parsed_docs(texts: dict[str, str], cache: str | None) -> list:
    """Parses of the texts in name order (read from / written to ``cache`` when given)."""
    nlp = load_nlp()
    names = sorted(texts)
    if cache and os.path.exists(cache):
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe((texts[n] for n in names), batch_size=16))
    if cache:
        store = DocBin()
        for doc in docs:
            store.add(doc)
        store.to_disk(cache)
    return docs


def best_gold(start: int, end: int, golds: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The gold attribution whose content best matches ``[start, end)`` (scorer's rule)."""
    best, best_score = None, 0.0
    for gold in golds:
        score = ev._jaccard_if_match({"start": start, "end": end}, gold)
        if score is not None and score > best_score:
            best, best_score = gold, score
    return best


def folds(names: list[str], k: int = 5) -> dict[str, int]:
    """A fold number for each document (documents, not statements, are held out)."""
    return {name: i % k for i, name in enumerate(sorted(names))}


def weights_of(vectorizer: Any, model: Any) -> dict[str, float]:
    """The non-zero weights of a fitted logistic regression, by feature name (rounded)."""
    return {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
