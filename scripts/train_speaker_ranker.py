"""Train the speaker ranker on PolNeAR TRAIN (never on dev).

For every statement the rules find whose content matches a gold attribution, each candidate
source (``chorus.attribution.ranker.candidates``) is labelled by whether it overlaps the gold
Source span (statements the ranker leaves alone at run time are left out: layout and
"according to" speakers, relays, words reported inside another statement); a logistic
regression over ``ranker.features`` learns which candidate is the source. The margin by which
a candidate must beat the rules' choice is picked on out-of-fold scores of train (document
folds): the one that fixes the most speakers net of those it breaks.

Needs the ``train`` extra (scikit-learn); from the repository root:

    python scripts/train_speaker_ranker.py [--data ../shared/polnear/train] \\
        [--cache /tmp/polnear_train.spacy] [--out src/chorus/data/models/speaker_ranker.json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from polnear_training import (
    DEFAULT_DATA,
    MODELS,
    best_gold,
    folds,
    parsed_docs,
    read_split,
    weights_of,
)
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from chorus.attribution import evaluate as ev
from chorus.attribution import ranker
from chorus.attribution.extract import Extractor
from chorus.syntax import noun_phrase

MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
REGULARISATION = 0.3


@dataclass
class Group:
    """The candidates of one statement: feature names, labels, which one the rules chose."""

    doc: str
    names: list[list[str]]
    labels: list[int]
    chosen: int


def groups_of(name: str, text: str, doc, golds: list[dict]) -> list[Group]:
    extractor = Extractor(doc)
    indirect = extractor.indirect()
    items = indirect + extractor.direct(indirect)
    found = []
    for item in items:
        if item.speaker is None or item.how in ranker.FIXED_RULES:
            continue
        if ranker.reported_inside(item, items):
            continue  # relayed words: the product keeps the inner speaker (see ranker)
        where = ranker.anchors(doc, item, extractor.sentences)
        gold = best_gold(item.start, item.end, golds) if where is not None else None
        if gold is None or "according" in ev._joined(text, gold["cue"]).lower():
            continue  # no gold, or a relay the product reports as "via", not as the speaker
        candidates = ranker.candidates(doc, item, where, extractor)
        labels = [int(ev._overlap(*noun_phrase(c.token), gold["source"]) > 0) for c in candidates]
        if not any(labels):
            continue  # the source is not among the candidates: nothing to learn
        names = [ranker.features(c, item, where, extractor) for c in candidates]
        chosen = next(i for i, c in enumerate(candidates) if c.chosen)
        found.append(Group(name, names, labels, chosen))
    return found


def net_fixes(groups: list[Group], scores: list[np.ndarray], margin: float) -> tuple[int, int]:
    """(speakers fixed, speakers broken) when the rules' choice is replaced at ``margin``."""
    fixed = broken = 0
    for group, score in zip(groups, scores, strict=True):
        best = int(np.argmax(score))
        if best == group.chosen or score[best] - score[group.chosen] <= margin:
            continue
        fixed += group.labels[best] and not group.labels[group.chosen]
        broken += group.labels[group.chosen] and not group.labels[best]
    return fixed, broken


def fit(groups: list[Group], vectorizer: DictVectorizer) -> LogisticRegression:
    rows = [dict.fromkeys(names, 1) for g in groups for names in g.names]
    labels = [label for g in groups for label in g.labels]
    model = LogisticRegression(C=REGULARISATION, max_iter=3000)
    return model.fit(vectorizer.transform(rows), labels)


def scores_of(model, vectorizer, groups: list[Group]) -> list[np.ndarray]:
    return [
        model.predict_proba(vectorizer.transform([dict.fromkeys(n, 1) for n in g.names]))[:, 1]
        for g in groups
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--cache", default=None, help="DocBin of the parses (created if absent)")
    parser.add_argument("--out", default=str(MODELS / ranker.MODEL_FILE))
    args = parser.parse_args()
    texts, gold = read_split(args.data)
    docs = parsed_docs(texts, args.cache)
    groups = []
    for name, doc in zip(sorted(texts), docs, strict=True):
        golds = [g for g in gold[name] if g["ALL"]]
        groups.extend(groups_of(name, texts[name], doc, golds))
    vectorizer = DictVectorizer().fit([dict.fromkeys(n, 1) for g in groups for n in g.names])
    fold_of = folds(list(texts))
    out_of_fold: list[np.ndarray] = [np.zeros(0)] * len(groups)
    for k in sorted(set(fold_of.values())):
        train = [g for g in groups if fold_of[g.doc] != k]
        held = [i for i, g in enumerate(groups) if fold_of[g.doc] == k]
        model = fit(train, vectorizer)
        held_scores = scores_of(model, vectorizer, [groups[i] for i in held])
        for i, score in zip(held, held_scores, strict=True):
            out_of_fold[i] = score
    wrong = sum(not g.labels[g.chosen] for g in groups)
    print(f"{len(groups)} statements with the source among the candidates; rules wrong on {wrong}")
    curve = []
    for margin in MARGINS:
        fixed, broken = net_fixes(groups, out_of_fold, margin)
        print(f"margin {margin:.2f}: fixed {fixed}, broken {broken}, net {fixed - broken}")
        curve.append((fixed - broken, -margin, fixed, broken))
    net, neg_margin, fixed, broken = max(curve)
    model = fit(groups, vectorizer)
    weights = weights_of(vectorizer, model)
    payload = {
        "about": "chorus speaker ranker: logistic regression over candidate sources, trained "
        "on PolNeAR train by scripts/train_speaker_ranker.py",
        "bias": round(float(model.intercept_[0]), 4),
        "margin": -neg_margin,
        "train_out_of_fold": {
            "statements": len(groups),
            "rules_wrong": wrong,
            "fixed": fixed,
            "broken": broken,
        },
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} weights, margin {-neg_margin:.2f}")


if __name__ == "__main__":
    main()
