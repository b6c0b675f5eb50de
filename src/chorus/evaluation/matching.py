"""One-to-one matching of predictions to gold items, and the figures built on it.

A prediction is credited for at most one gold item and a gold item is found by at most one
prediction: candidate pairs are taken best score first (character Jaccard of the two spans),
so a long prediction covering two gold quotes finds one of them, and two copies of one
prediction find one gold item and leave one false positive.

Content rule (quotes, forecasts, events): the two spans overlap by at least half the shorter
one, and the prediction holds at least 60% of the gold's words while being at most about three
times as long (the real-news scorer's content rule, ``content_hit``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from chorus.evaluation.names import text_words

#: Share of the gold's words a matching prediction holds.
CONTENT_MIN_SHARE = 0.6
#: A matching prediction has at most this many times the gold's distinct words (plus slack).
CONTENT_MAX_FACTOR = 3
CONTENT_SLACK_WORDS = 10

Span = tuple[int, int]


def content_hit(predicted: str | None, gold: str | None) -> bool:
    """The prediction's text holds most of the gold's words and is not much longer."""
    gold_words = text_words(gold)
    have = set(text_words(predicted))
    if not gold_words:
        return False
    held = sum(word in have for word in gold_words)
    longest = CONTENT_MAX_FACTOR * len(set(gold_words)) + CONTENT_SLACK_WORDS
    return held >= CONTENT_MIN_SHARE * len(gold_words) and len(have) <= longest


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_jaccard(a: Span, b: Span) -> float:
    shared = overlap(a, b)
    union = max(a[1], b[1]) - min(a[0], b[0])
    return shared / union if union > 0 else 0.0


def spans_match(predicted: Span, gold: Span) -> bool:
    """Overlap of at least half the shorter span (and of one character at least)."""
    shared = overlap(predicted, gold)
    shorter = min(predicted[1] - predicted[0], gold[1] - gold[0])
    return shared > 0 and 2 * shared >= shorter


def one_to_one(
    predicted: Sequence[Any], gold: Sequence[Any], score: Callable[[Any, Any], float | None]
) -> dict[int, int]:
    """{gold index: predicted index}, best-scored pairs first; ``score`` is None for a pair
    that does not match. Ties go to the earlier gold item, then the earlier prediction."""
    pairs = []
    for g, gold_item in enumerate(gold):
        for p, predicted_item in enumerate(predicted):
            value = score(predicted_item, gold_item)
            if value is not None:
                pairs.append((-value, g, p))
    pairs.sort()
    found: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in pairs:
        if g not in found and p not in used:
            found[g] = p
            used.add(p)
    return found


@dataclass
class Tally:
    """Counts behind one precision/recall pair: ``right`` of ``predicted`` predictions are
    correct, ``found`` of ``gold`` gold items are found correctly (equal under one-to-one
    matching, kept apart for rules that credit a prediction more than once)."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.found += other.found
        self.right += other.right

    def figures(self) -> dict[str, Any]:
        precision = ratio(self.right, self.predicted)
        recall = ratio(self.found, self.gold)
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.found,
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
        }


def ratio(part: int, whole: int) -> float | None:
    """``part / whole`` to four places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
