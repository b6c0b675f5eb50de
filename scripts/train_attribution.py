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
from pathlib import Path

import numpy as np
from polnear_training import DEFAULT_DATA, MODELS, folds, parsed_docs, read_split, weights_of
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from chorus.attribution import article_for_text, entities_of, ranker
from chorus.attribution import evaluate as ev
from chorus.attribution.extract import Models, explain_statements

REGULARISATION = 0.3


def candidates(texts, gold, docs, speaker_model: dict | None):
    """(doc name, prediction record, features, label) for every statement with a speaker."""
    rows = []
    models = Models(confidence=None, ranker=speaker_model)
    for name, doc in zip(sorted(texts), docs, strict=True):
        article = article_for_text(texts[name], name)
        entities = entities_of(doc, article)
        explained = explain_statements(doc, article, entities, keep_all=True, models=models)
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
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--cache", default=None, help="DocBin of the parses (created if absent)")
    parser.add_argument("--out", default=str(MODELS / "attribution_confidence.json"))
    parser.add_argument(
        "--ranker", default=None, help="speaker ranker JSON to use (default: the shipped one)"
    )
    args = parser.parse_args()
    texts, gold = read_split(args.data)
    speaker_model = (
        json.loads(Path(args.ranker).read_text(encoding="utf-8"))
        if args.ranker
        else ranker.load_model()
    )
    rows = candidates(texts, gold, parsed_docs(texts, args.cache), speaker_model)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row[2], 1) for row in rows])
    labels = np.array([row[3] for row in rows])
    fold_of = folds(list(texts))
    out_of_fold = np.zeros(len(rows))
    for k in sorted(set(fold_of.values())):
        held = np.array([fold_of[row[0]] == k for row in rows])
        fold = LogisticRegression(C=REGULARISATION, max_iter=3000)
        fold.fit(matrix[~held], labels[~held])
        out_of_fold[held] = fold.predict_proba(matrix[held])[:, 1]
    curve = []
    for threshold in np.arange(0.0, 0.61, 0.05):
        figures = f1_at(texts, gold, rows, out_of_fold, threshold)
        print(f"threshold {threshold:.2f}: {figures}")
        curve.append((float(threshold), figures, sum(figures.values()) / 3))
    # the curve is flat near its top: keep the lowest threshold within 0.001 of the best mean,
    # so that no more statements are dropped than the figures justify
    top = max(mean for _, _, mean in curve)
    best = next((t, figures) for t, figures, mean in curve if mean >= top - 0.001)
    model = LogisticRegression(C=REGULARISATION, max_iter=3000).fit(matrix, labels)
    weights = weights_of(vectorizer, model)
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
