"""People stage: entities within an article, then one record per person across articles.

Per-article interface: ``extract_entities(doc, article) -> list[EntityMention]``.

Cross-article interface (run over the stored records of the whole corpus):
- ``resolve_people(entities, statements=None) -> Resolution`` (``people``,
  ``person_of[(article, local_id)]``); statements optionally support typo merges
- ``link_statements(statements, published) -> list[StatementGroup]``
- ``near_duplicates([(article_id, text)]) -> list[(id, id, jaccard)]``
- ``outlet_profiles(articles, statements, people) -> list[OutletProfile]``
"""

from __future__ import annotations

from chorus.people.extract import extract_entities
from chorus.people.profiles import ArticleProfile, OutletProfile, outlet_profiles
from chorus.people.provenance import (
    StatementGroup,
    StatementReport,
    link_statements,
    near_duplicates,
)
from chorus.people.resolve import Resolution, is_description, resolve_people

__all__ = [
    "ArticleProfile",
    "OutletProfile",
    "Resolution",
    "StatementGroup",
    "StatementReport",
    "extract_entities",
    "is_description",
    "link_statements",
    "near_duplicates",
    "outlet_profiles",
    "resolve_people",
]
