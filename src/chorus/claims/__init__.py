"""Claims stage: forecasts with event, direction and estimative probability; stance.

Per-article interface: ``extract_forecasts(doc, article, statements) -> list[Forecast]``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from chorus.records import Article, Forecast, Statement


def extract_forecasts(doc: Doc, article: Article, statements: list[Statement]) -> list[Forecast]:
    return []
