"""Attribution stage: every quote and reported statement with cue, speaker and relay.

Interfaces:
- ``attribute(doc, article, entities) -> list[Statement]`` (original offsets), for the pipeline;
- ``extract_statements(text, nlp=None) -> list[Statement]``, for library users;
- the spaCy component ``"chorus_attribution"``, a factory configured like spaCy's own
  components (``nlp.add_pipe("chorus_attribution", config={"keep_all": True})``), which sets
  ``doc._.statements``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chorus.attribution.extract import OUTPUT_FLOOR, find_statements
from chorus.people import extract_entities
from chorus.records import Article, EntityMention, OffsetMap, Statement, stable_id

__all__ = ["attribute", "extract_statements", "article_for_text", "entities_of"]


def attribute(
    doc: Doc,
    article: Article,
    entities: list[EntityMention],
    keep_all: bool = False,
    floor: float = OUTPUT_FLOOR,
) -> list[Statement]:
    """Statements of one parsed article; ``doc`` is the parse of ``article.text``.

    Statements the confidence model scores below ``floor`` are left out unless ``keep_all``.
    """
    return find_statements(doc, article, entities, keep_all=keep_all, floor=floor)


def article_for_text(text: str, source: str = "<text>") -> Article:
    """An Article whose cleaned body is the text itself (identity offsets)."""
    return Article(
        id=stable_id(text),
        source=source,
        original=text,
        text=text,
        offsets=OffsetMap([(0, 0, len(text))]),
    )


def entities_of(doc: Doc, article: Article, with_entities: bool = True) -> list[EntityMention]:
    """The people stage's entities of a parsed article, as the pipeline gives them to
    ``attribute``; ``with_entities=False`` is the explicit path without them (speakers are
    then grouped from the parse's names alone). A failure of the people stage is raised."""
    return extract_entities(doc, article) if with_entities else []


def extract_statements(
    text: str, nlp: Language | None = None, with_entities: bool = True
) -> list[Statement]:
    """Statements of a plain text (offsets into ``text``)."""
    if nlp is None:
        from chorus.nlp import load_nlp

        nlp = load_nlp()
    doc = nlp(text)
    if doc.has_extension("statements") and doc._.statements is not None:
        return list(doc._.statements)
    article = article_for_text(text)
    return attribute(doc, article, entities_of(doc, article, with_entities))


if not Doc.has_extension("statements"):
    Doc.set_extension("statements", default=None)


class AttributionComponent:
    """spaCy component: ``doc._.statements`` = the statements of the Doc's text."""

    def __init__(self, keep_all: bool, with_entities: bool, confidence_floor: float):
        self.keep_all = keep_all
        self.with_entities = with_entities
        self.confidence_floor = confidence_floor

    def __call__(self, doc: Doc) -> Doc:
        article = article_for_text(doc.text)
        entities = entities_of(doc, article, self.with_entities)
        doc._.statements = attribute(
            doc, article, entities, keep_all=self.keep_all, floor=self.confidence_floor
        )
        return doc


@Language.factory(
    "chorus_attribution",
    default_config={"keep_all": False, "with_entities": True, "confidence_floor": OUTPUT_FLOOR},
)
def make_attribution(
    nlp: Language, name: str, keep_all: bool, with_entities: bool, confidence_floor: float
) -> AttributionComponent:
    """The factory behind ``nlp.add_pipe("chorus_attribution", config={...})``."""
    return AttributionComponent(keep_all, with_entities, confidence_floor)
