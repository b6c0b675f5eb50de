"""Attribution stage: every quote and reported statement with cue, speaker and relay.

Interfaces:
- ``attribute(doc, article, entities) -> list[Statement]`` (original offsets), for the pipeline;
- ``extract_statements(text, nlp=None) -> list[Statement]``, for library users;
- the spaCy component ``"chorus_attribution"`` (``nlp.add_pipe("chorus_attribution")``), which
  sets ``doc._.statements``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chorus.attribution.extract import find_statements
from chorus.records import Article, EntityMention, OffsetMap, Statement, stable_id

__all__ = ["attribute", "extract_statements", "article_for_text"]


def attribute(doc: Doc, article: Article, entities: list[EntityMention]) -> list[Statement]:
    """Statements of one parsed article; ``doc`` is the parse of ``article.text``."""
    return find_statements(doc, article, entities)


def article_for_text(text: str, source: str = "<text>") -> Article:
    """An Article whose cleaned body is the text itself (identity offsets)."""
    return Article(
        id=stable_id(text),
        source=source,
        original=text,
        text=text,
        offsets=OffsetMap([(0, 0, len(text))]),
    )


def _entities(doc: Doc, article: Article) -> list[EntityMention]:
    try:
        from chorus.people import extract_entities
    except ImportError:  # the people stage is optional for library users
        return []
    try:
        return extract_entities(doc, article)
    except Exception:  # a failing people stage must not lose the statements
        return []


def extract_statements(text: str, nlp: Language | None = None) -> list[Statement]:
    """Statements of a plain text (offsets into ``text``)."""
    if nlp is None:
        from chorus.nlp import load_nlp

        nlp = load_nlp()
    doc = nlp(text)
    if doc.has_extension("statements") and doc._.statements is not None:
        return list(doc._.statements)
    article = article_for_text(text)
    return attribute(doc, article, _entities(doc, article))


if not Doc.has_extension("statements"):
    Doc.set_extension("statements", default=None)


@Language.component("chorus_attribution")
def chorus_attribution(doc: Doc) -> Doc:
    """spaCy component: ``doc._.statements`` = the statements of the Doc's text."""
    article = article_for_text(doc.text)
    doc._.statements = attribute(doc, article, _entities(doc, article))
    return doc
