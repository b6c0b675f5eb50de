"""Cleaning against gold in the seeds' format: ``boilerplate`` (lines or substrings a cleaned
body must not hold) and ``body_must_keep`` (article sentences it must keep intact).

Two figures, each the side of the other: ``boilerplate_removed`` is the recall of residue
removal; ``body_kept`` is the share of article sentences the cleaner did not remove (its
precision: a cleaner that removes too much loses them). A residue string counts only outside
the must-keep sentences (a caption can be a substring of a body sentence).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from chorus.records import Article


class AnnotatedArticle(Protocol):
    name: str
    gold: dict[str, Any]
    article: Article | None


@dataclass
class CleaningCheck:
    """What one cleaned article left of its gold residue and lost of its gold body."""

    residue_left: list[str]
    body_lost: list[str]


def check_cleaning(body: str, gold: dict[str, Any]) -> CleaningCheck:
    """The gold residue still in ``body`` (the cleaned text) and the gold sentences not in it."""
    lost = [keep for keep in gold.get("body_must_keep", []) if keep not in body]
    for keep in gold.get("body_must_keep", []):
        body = body.replace(keep, "\x00")
    left = [residue for residue in gold.get("boilerplate", []) if residue in body]
    return CleaningCheck(left, lost)


def score_cleaning(docs: Iterable[AnnotatedArticle]) -> dict[str, Any]:
    """``boilerplate_removed`` and ``body_kept`` over annotated articles (a failed input
    keeps no body and removes no residue)."""
    residue = removed = sentences = kept = 0
    left: list[list[str]] = []
    lost: list[list[str]] = []
    for doc in docs:
        gold_residue = doc.gold.get("boilerplate", [])
        gold_body = doc.gold.get("body_must_keep", [])
        check = (
            check_cleaning(doc.article.text, doc.gold)
            if doc.article is not None
            else CleaningCheck(list(gold_residue), list(gold_body))
        )
        residue += len(gold_residue)
        removed += len(gold_residue) - len(check.residue_left)
        sentences += len(gold_body)
        kept += len(gold_body) - len(check.body_lost)
        left += [[doc.name, text] for text in check.residue_left]
        lost += [[doc.name, text] for text in check.body_lost]
    return {
        "gold_boilerplate": residue,
        "boilerplate_removed": removed / residue if residue else None,
        "gold_body_sentences": sentences,
        "body_kept": kept / sentences if sentences else None,
        "boilerplate_left": left,
        "body_lost": lost,
    }
