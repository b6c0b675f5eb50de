"""Timeline stage: dated events, relative dates resolved against the publication date.

Per-article interface: ``extract_events(doc, article, statements) -> list[EventMention]``.
Merged across articles by the cross-article events step (``chorus.linking.steps.events``).
"""

from __future__ import annotations

from spacy.tokens import Doc

from chorus.records import Article, EventMention, Statement
from chorus.timeline.dates import TimeExpression, find_expressions, reference_date
from chorus.timeline.events import extract_event_mentions

__all__ = ["TimeExpression", "extract_events", "find_expressions", "reference_date"]


def extract_events(doc: Doc, article: Article, statements: list[Statement]) -> list[EventMention]:
    """Sentences of the article reporting a dated event (original offsets)."""
    return extract_event_mentions(doc, article)
