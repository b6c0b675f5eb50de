"""People stage: entities within an article, then one record per person across articles.

Per-article interface: ``extract_entities(doc, article) -> list[EntityMention]``.

Cross-article interface (run over the stored records of the whole corpus by the people
step, ``chorus.linking.steps.people``):
- ``resolve_people(entities, statements=None) -> Resolution`` (``people``,
  ``person_of[(article, local_id)]``); statements optionally support typo merges
"""

from __future__ import annotations

from chorus.people.extract import extract_entities
from chorus.people.resolve import Resolution, is_description, resolve_people

__all__ = [
    "Resolution",
    "extract_entities",
    "is_description",
    "resolve_people",
]
