"""Claims stage: forecasts with event, direction and estimative probability; stance; Brier.

Per-article interface: ``extract_forecasts(doc, article, statements) -> list[Forecast]``.
Cross-article: ``stance(question, statements, forecasts, articles) -> StanceReport`` and
``brier_scores(forecasts, outcomes) -> list[ForecasterScore]``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from chorus.claims.forecasts import extract_forecasts_with_entities
from chorus.claims.stance import (
    EvidenceItem,
    ForecasterScore,
    Outcome,
    ScoredForecast,
    StancePoint,
    StanceReport,
    VoiceStance,
    brier_scores,
    format_stance,
    stance,
)
from chorus.claims.wep import direction_of
from chorus.records import Article, EntityMention, Forecast, Statement

__all__ = [
    "EvidenceItem",
    "ForecasterScore",
    "Outcome",
    "ScoredForecast",
    "StancePoint",
    "StanceReport",
    "VoiceStance",
    "brier_scores",
    "direction_of",
    "format_stance",
    "extract_forecasts",
    "stance",
]


def extract_forecasts(
    doc: Doc,
    article: Article,
    statements: list[Statement],
    entities: list[EntityMention] | None = None,
) -> list[Forecast]:
    """Forecasts of one parsed article; ``entities`` (optional) name pronoun subjects."""
    return extract_forecasts_with_entities(doc, article, statements, entities)
