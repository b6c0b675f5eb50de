"""The per-article work: a pure function from one input record to output records.

``process_document`` is what every engine maps over the corpus (process pool, Spark
partitions). It takes picklable input and returns picklable output, loads the spaCy pipeline
once per process, and never touches the store.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from chorus.attribution import attribute
from chorus.claims import extract_forecasts
from chorus.clean import CleaningError, clean_document
from chorus.nlp import load_nlp
from chorus.people import extract_entities
from chorus.records import Article, ArticleResult, InputError, RawDocument
from chorus.timeline import extract_events

#: spaCy refuses texts over nlp.max_length; articles longer than this are analysed in part.
MAX_ANALYSED_CHARS = 200_000


def analyse_article(article: Article, nlp: Language) -> ArticleResult:
    """Parse the cleaned body once and run every per-article stage on that parse."""
    doc = nlp(article.text[:MAX_ANALYSED_CHARS])
    entities = extract_entities(doc, article)
    statements = attribute(doc, article, entities)
    forecasts = extract_forecasts(doc, article, statements, entities=entities)
    events = extract_events(doc, article, statements)
    return ArticleResult(
        article=article,
        entities=entities,
        statements=statements,
        forecasts=forecasts,
        events=events,
    )


def process_document(
    raw: RawDocument,
    repeated: Iterable[str] = frozenset(),
    model: str | None = None,
    analyse: bool = True,
) -> ArticleResult | InputError:
    """Clean one raw document and analyse it; bad input becomes an ``InputError`` record."""
    try:
        article = clean_document(raw, frozenset(repeated))
    except CleaningError as exc:
        return InputError(source=raw.source, reason=exc.reason, detail=str(exc), stage="clean")
    if not analyse:
        return ArticleResult(article=article)
    nlp = load_nlp(model)
    try:
        # Strings and lexemes a document adds to the shared vocabulary are freed when it is
        # done (the records hold plain strings), so a long-lived worker's memory stays flat.
        with nlp.memory_zone():
            return analyse_article(article, nlp)
    except Exception as exc:  # one article's failure must not stop the batch
        return InputError(
            source=raw.source,
            reason="analysis",
            detail=f"{exc.__class__.__name__}: {exc}",
            stage="analyse",
        )
