"""Train the attribution confidence model on PolNeAR TRAIN (never on dev).

The rules of ``chorus.attribution.extract`` propose statements; this fits a logistic regression
over how each was found (``chorus.attribution.confidence.features``) to the probability that it
is a gold attribution with the right speaker, then picks the keep-threshold that maximises the
mean of DIRECT, SPEECH and ALL attribution F1 on out-of-fold predictions of train. Statements
are found as the product finds them: with the people stage's entities.

Needs the ``train`` extra (scikit-learn); from the repository root:

    pip install '.[train]'   # or: pip install 'scikit-learn>=1.5,<2'
    python scripts/train_attribution.py [--data ../shared/polnear/train] \\
        [--cache /tmp/polnear_train.spacy] \\
        [--out src/chorus/data/models/attribution_confidence.json]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from spacy.tokens import DocBin

from chorus.attribution import article_for_text, entities_of
from chorus.attribution import evaluate as ev
from chorus.attribution.extract import explain_statements
from chorus.evaluation.corpora import shared_path
from chorus.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src/chorus/data/models"
DEFAULT_DATA = shared_path("polnear", "train")


def parsed_docs(texts: dict[str, str], cache: str | None) -> list:
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


def candidates(texts, gold, docs):
    """(doc name, prediction record, features, label) for every statement with a speaker."""
    rows = []
    for name, doc in zip(sorted(texts), docs, strict=True):
        article = article_for_text(texts[name], name)
        entities = entities_of(doc, article)
        explained = explain_statements(doc, article, entities, keep_all=True)
        explained = [e for e in explained if e.statement.speaker_start is not None]
        records = ev.brat_predictions(name, texts[name], explained)
        golds = [g for g in gold[name] if g["ALL"]]
        hit, pieces = ev._greedy(records, golds, True)
        for i, (record, item) in enumerate(zip(records, explained, strict=True)):
            label = int(i in hit or i in pieces)
            rows.append((name, record, item.features, label))
    return rows


def f1_at(texts, gold, rows, probs, threshold) -> dict[str, float]:
    kept: dict[str, list] = {}
    for (name, record, _f, _l), p in zip(rows, probs, strict=True):
        if p >= threshold:
            kept.setdefault(name, []).append(record)
    scores = ev.score_brat(texts, gold, kept)
    return {k: scores[k]["attribution"]["f1"] for k in ("DIRECT", "SPEECH", "ALL")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(shared_path("polnear", "train")))
    parser.add_argument("--cache", default=None, help="DocBin of the parses (created if absent)")
    parser.add_argument("--out", default=str(DEFAULT_OUT / "attribution_confidence.json"))
    args = parser.parse_args()
    if Path(args.data).name == "dev":
        raise SystemExit("dev is for measuring, not for fitting")
    texts, gold = ev.read_brat(args.data)
    rows = candidates(texts, gold, parsed_docs(texts, args.cache))
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([{f: 1 for f in row[2]} for row in rows])
    labels = np.array([row[3] for row in rows])
    groups = [row[0] for row in rows]
    out_of_fold = np.zeros(len(rows))
    for train_idx, test_idx in GroupKFold(n_splits=5).split(matrix, labels, groups):
        fold = LogisticRegression(C=0.3, max_iter=2000)
        fold.fit(matrix[train_idx], labels[train_idx])
        out_of_fold[test_idx] = fold.predict_proba(matrix[test_idx])[:, 1]
    curve = []
    for threshold in np.arange(0.0, 0.61, 0.05):
        figures = f1_at(texts, gold, rows, out_of_fold, threshold)
        print(f"threshold {threshold:.2f}: {figures}")
        curve.append((float(threshold), figures, sum(figures.values()) / 3))
    # the curve is flat near its top: keep the lowest threshold within 0.001 of the best mean,
    # so that no more statements are dropped than the figures justify
    top = max(mean for _, _, mean in curve)
    best = next((t, figures) for t, figures, mean in curve if mean >= top - 0.001)
    model = LogisticRegression(C=0.3, max_iter=2000).fit(matrix, labels)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    payload = {
        "about": "chorus attribution confidence: logistic regression trained on PolNeAR train "
        "by scripts/train_attribution.py",
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": round(best[0], 2),
        "train_out_of_fold_f1": best[1],
        "candidates": len(rows),
        "positive": int(labels.sum()),
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} weights, threshold {best[0]:.2f}, {best[1]}")


if __name__ == "__main__":
    main()
