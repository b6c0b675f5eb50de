"""People stage: entities within an article, then one record per person across articles.

Per-article interface: ``extract_entities(doc, article) -> list[EntityMention]``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from chorus.records import Article, EntityMention


def extract_entities(doc: Doc, article: Article) -> list[EntityMention]:
    return []
