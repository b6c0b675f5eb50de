"""People stage: entities within an article, then one record per person across articles.

Per-article interface: ``extract_entities(doc, article) -> list[EntityMention]``.
"""

from __future__ import annotations

from chorus.people.extract import extract_entities

__all__ = ["extract_entities"]
