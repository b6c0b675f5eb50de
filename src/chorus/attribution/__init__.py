"""Attribution stage: every quote and reported statement with cue, speaker and relay.

Interface: ``attribute(doc, article, entities) -> list[Statement]`` (original offsets).
"""

from __future__ import annotations

from spacy.tokens import Doc

from chorus.records import Article, EntityMention, Statement


def attribute(doc: Doc, article: Article, entities: list[EntityMention]) -> list[Statement]:
    return []
