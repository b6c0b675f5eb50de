"""The per-article work: a pure function from one input record to output records.

``process_document`` is what every engine maps over the corpus (process pool, Spark
partitions). It takes picklable input and returns picklable output, loads the spaCy pipeline
once per process, and never touches the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TypeVar

from spacy.language import Language

from chorus.attribution import attribute
from chorus.claims import extract_forecasts
from chorus.clean import CleaningError, clean_document
from chorus.nlp import load_nlp
from chorus.people import extract_entities
from chorus.records import (
    Article,
    ArticleResult,
    EntityMention,
    EventMention,
    Forecast,
    InputError,
    RawDocument,
    Statement,
    stable_id,
)
from chorus.timeline import extract_events

#: spaCy refuses texts over nlp.max_length; articles longer than this are analysed in part.
MAX_ANALYSED_CHARS = 200_000

Keyed = TypeVar("Keyed", Statement, Forecast, EventMention)


def one_per_id(records: list[Keyed], rank: Callable[[Keyed], float] | None = None) -> list[Keyed]:
    """Records are keyed by id across the corpus (statement groups, events, the web views),
    so an article never stores two with one id: when two rules produce the same span (two
    cues claiming one statement), the higher ``rank`` is kept (the first on ties), in its
    place."""
    best: dict[str, Keyed] = {}
    for record in records:
        kept = best.get(record.id)
        if kept is None or (rank is not None and rank(record) > rank(kept)):
            best[record.id] = record
    return [r for r in records if best[r.id] is r]


def distinct_local_ids(entities: list[EntityMention]) -> list[EntityMention]:
    """A person and an organisation of the same name ("Brafman" tagged both ways) get
    distinct local ids, so (article, local id) names one entity."""
    seen: set[str] = set()
    distinct = []
    for entity in entities:
        number = 0
        while entity.local_id in seen:
            number += 1
            local_id = stable_id(entity.article, entity.name, entity.kind, str(number))
            entity = dataclasses.replace(entity, local_id=local_id)
        seen.add(entity.local_id)
        distinct.append(entity)
    return distinct


def analyse_article(article: Article, nlp: Language) -> ArticleResult:
    """Parse the cleaned body once and run every per-article stage on that parse."""
    doc = nlp(article.text[:MAX_ANALYSED_CHARS])
    entities = distinct_local_ids(extract_entities(doc, article))
    statements = one_per_id(attribute(doc, article, entities), rank=lambda s: s.confidence)
    forecasts = one_per_id(extract_forecasts(doc, article, statements, entities=entities))
    events = one_per_id(extract_events(doc, article, statements))
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
