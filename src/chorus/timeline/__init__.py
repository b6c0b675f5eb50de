"""Timeline stage: dated events, relative dates resolved against publication date.

Per-article interface: ``extract_events(doc, article, statements) -> list[EventMention]``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from chorus.records import Article, EventMention, Statement


def extract_events(doc: Doc, article: Article, statements: list[Statement]) -> list[EventMention]:
    return []
