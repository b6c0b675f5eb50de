"""The per-article work: a pure function from one input record to output records.

``process_document`` is the work on one document, ``process_documents`` the same on a few
with one batched parse: what every engine maps over the corpus (process pool, Spark
partitions). They take picklable input and return picklable output, load the spaCy pipeline
once per process, and never touch the store. Whatever goes wrong with one document (an
exception, a recursion too deep, its time budget spent) comes back as one ``InputError``.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

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
#: Documents parsed in one ``nlp.pipe`` batch by ``process_documents`` (and so handed to a
#: worker together by the engines).
PARSE_BATCH = 16
#: Seconds one document may take to clean and analyse (``docs/robustness.md``).
DEFAULT_TIME_BUDGET = 60.0


@dataclass(frozen=True)
class Budget:
    """What one document may cost: ``seconds`` to clean and analyse (``None``: no limit) and
    ``max_chars`` of cleaned body analysed (the rest is stored, not analysed, and noted)."""

    seconds: float | None = DEFAULT_TIME_BUDGET
    max_chars: int = MAX_ANALYSED_CHARS


class OverBudget(Exception):
    """Raised inside a document's work when its time budget is spent."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` in the block once ``seconds`` have passed.

    A real-time timer signal interrupts Python code, regular expressions and spaCy between
    its calls; it needs the main thread of a process with SIGALRM (every engine's workers,
    and the build's own process), elsewhere the block runs without a limit.
    """
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def repeated_key(repeated: frozenset[str]) -> str:
    """A fingerprint of the repeated-line set an article is cleaned with."""
    return stable_id(*sorted(repeated)) if repeated else ""


Keyed = TypeVar("Keyed", Statement, Forecast, EventMention)
Item = TypeVar("Item")


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


def analyse_article(
    article: Article, nlp: Language, max_chars: int = MAX_ANALYSED_CHARS
) -> ArticleResult:
    """Parse the cleaned body once and run every per-article stage on that parse."""
    return analyse_parse(article, nlp(article.text[:max_chars]))


def analyse_parse(article: Article, doc: Doc) -> ArticleResult:
    """Every per-article stage on the parse of the article's (analysed part of the) body."""
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
    budget: Budget | None = None,
) -> ArticleResult | InputError:
    """Clean one raw document and analyse it within its budget; bad input (or any failure)
    becomes an ``InputError`` record."""
    budget = budget or Budget()
    repeated = frozenset(repeated)
    stage = "clean"
    try:
        nlp = load_nlp(model) if analyse else None  # loaded once per process, off the clock
        with time_limit(budget.seconds):
            article = _cleaned(raw, repeated)
            if nlp is None:
                return ArticleResult(article=article, notes=_notes(raw, article, None))
            stage = "analyse"
            # Strings and lexemes a document adds to the shared vocabulary are freed when it is
            # done (the records hold plain strings), so a long-lived worker's memory stays flat.
            with nlp.memory_zone():
                result = analyse_article(article, nlp, budget.max_chars)
    except Exception as exc:  # one article's failure must not stop the batch
        return _failure(raw, stage, exc, budget)
    result.notes = _notes(raw, article, budget.max_chars)
    return result


def process_documents(
    jobs: Sequence[tuple[RawDocument, Iterable[str]]],
    model: str | None = None,
    analyse: bool = True,
    budget: Budget | None = None,
) -> list[ArticleResult | InputError]:
    """``process_document`` over a few documents, their bodies parsed in one ``nlp.pipe``
    batch: spaCy's parser and entity recogniser cost about a fifth less per document in a
    batch than one call at a time (``docs/scale.md``).

    Each document keeps its own result, its own error and its own time budget: the batch's
    parse may take the budgets of its documents together, each document's stages its own
    budget; a batch whose parse fails or overruns is done again one document at a time, so
    only the document at fault is lost. Results come back in the order of ``jobs``.
    """
    budget = budget or Budget()
    if not analyse or len(jobs) < 2:
        return [process_document(raw, repeated, model, analyse, budget) for raw, repeated in jobs]
    nlp = load_nlp(model)
    cleaned: list[Article | InputError] = []
    for raw, repeated in jobs:
        try:
            with time_limit(budget.seconds):
                cleaned.append(_cleaned(raw, frozenset(repeated)))
        except Exception as exc:
            cleaned.append(_failure(raw, "clean", exc, budget))
    articles = [a for a in cleaned if isinstance(a, Article)]
    parse_seconds = None if budget.seconds is None else budget.seconds * len(articles)
    results: dict[int, ArticleResult | InputError] = {}
    parses: Iterator[Doc] | None = None
    with nlp.memory_zone():  # as in process_document: the batch's strings are freed after it
        try:
            with time_limit(parse_seconds):
                texts = [a.text[: budget.max_chars] for a in articles]
                parses = iter(list(nlp.pipe(texts, batch_size=max(1, len(texts)))))
        except Exception:  # RecursionError, OverBudget ...: the document at fault is found below
            parses = None
        for index, ((raw, _), article) in enumerate(zip(jobs, cleaned, strict=True)):
            if parses is not None and isinstance(article, Article):
                results[index] = _analysed(raw, article, next(parses), budget)
    if parses is None:  # one document at a time, each within its own budget
        return [
            article
            if isinstance(article, InputError)
            else process_document(raw, repeated, model, analyse, budget)
            for (raw, repeated), article in zip(jobs, cleaned, strict=True)
        ]
    return [results.get(i, article) for i, article in enumerate(cleaned)]


def in_batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive items in lists of ``size`` (the last may be shorter)."""
    rest = iter(items)
    while batch := list(islice(rest, size)):
        yield batch


def _cleaned(raw: RawDocument, repeated: frozenset[str]) -> Article:
    return dataclasses.replace(clean_document(raw, repeated), repeated_key=repeated_key(repeated))


def _analysed(
    raw: RawDocument, article: Article, doc: Doc, budget: Budget
) -> ArticleResult | InputError:
    """The stages on one parsed article of a batch, within the article's own budget."""
    try:
        with time_limit(budget.seconds):
            result = analyse_parse(article, doc)
    except Exception as exc:
        return _failure(raw, "analyse", exc, budget)
    result.notes = _notes(raw, article, budget.max_chars)
    return result


def _failure(raw: RawDocument, stage: str, exc: Exception, budget: Budget) -> InputError:
    """What went wrong with one document, as the record stored against it."""
    if isinstance(exc, CleaningError):
        return InputError(source=raw.source, reason=exc.reason, detail=str(exc), stage="clean")
    if isinstance(exc, OverBudget):
        detail = f"not finished within its budget of {budget.seconds:g} s; not stored"
        return InputError(raw.source, "time-budget", detail, stage=stage)
    if isinstance(exc, RecursionError):
        detail = "nested too deeply to process (RecursionError)"
        return InputError(raw.source, "too-deep", detail, stage=stage)
    reason = "analysis" if stage == "analyse" else "clean-failed"
    return InputError(raw.source, reason, f"{exc.__class__.__name__}: {exc}", stage=stage)


def _notes(raw: RawDocument, article: Article, max_chars: int | None) -> list[InputError]:
    """Non-fatal notes stored with an article: repaired bytes, analysis cut at the budget."""
    notes = [
        InputError(raw.source, "repaired", repair, stage="ingest", fatal=False)
        for repair in raw.repairs
    ]
    if max_chars is not None and len(article.text) > max_chars:
        detail = f"only the first {max_chars:,} of {len(article.text):,} characters analysed"
        notes.append(InputError(raw.source, "truncated", detail, stage="analyse", fatal=False))
    return notes
