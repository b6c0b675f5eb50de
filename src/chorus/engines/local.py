"""The local engine: a process pool over all cores, streaming results into DuckDB in batches.

Two streaming passes over the inputs keep memory flat however large the corpus:
1. count line fingerprints (8-byte hashes) across the corpus, so the cleaner can drop lines
   repeated across articles (site chrome) — only the counts are kept;
2. clean and analyse each document in a worker process (``chorus.pipeline.process_document``),
   with at most ``workers * IN_FLIGHT_PER_WORKER`` documents in flight, writing results in
   batches of ``batch_size`` (one transaction each) through a streaming ``Store``, which keeps
   DuckDB's cache from growing with the database.
Articles already stored by the same pipeline version are skipped, so an interrupted build
resumes and a re-run is idempotent.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from chorus.clean import line_keys
from chorus.ingest import read_inputs
from chorus.nlp import load_nlp
from chorus.pipeline import process_document
from chorus.records import ArticleResult, InputError, RawDocument
from chorus.store import Store

IN_FLIGHT_PER_WORKER = 4
REPEATED_MIN_ARTICLES = 2

ProgressHook = Callable[[str, int, int | None], None]


@dataclass
class BuildSummary:
    """What a build did, for the CLI summary and the exit status."""

    out_dir: str
    inputs: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def _line_hash(key: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


class LineCounts:
    """How many documents of the corpus contain each normalised line (by 8-byte hash)."""

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()

    def add(self, raw: RawDocument) -> None:
        self.counts.update({_line_hash(k) for k in line_keys(raw)})

    def repeated_in(self, raw: RawDocument) -> frozenset[str]:
        """The lines of ``raw`` that also occur in other documents of the corpus."""
        return frozenset(
            k for k in line_keys(raw) if self.counts.get(_line_hash(k), 0) >= REPEATED_MIN_ARTICLES
        )


def count_lines(
    paths: Sequence[str | Path], on_error: Callable[[InputError], None]
) -> tuple[LineCounts, int]:
    """Pass 1: line fingerprints of every readable document; errors reported once, here."""
    counts = LineCounts()
    seen: set[str] = set()
    n = 0
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            on_error(item)
            continue
        n += 1
        if item.id in seen:  # the same text twice counts once
            continue
        seen.add(item.id)
        counts.add(item)
    return counts, n


def _init_worker(model: str | None, analyse: bool) -> None:
    if analyse:
        load_nlp(model)


def _work(args: tuple[RawDocument, frozenset[str], str | None, bool]) -> ArticleResult | InputError:
    raw, repeated, model, analyse = args
    return process_document(raw, repeated, model=model, analyse=analyse)


def _documents(
    paths: Sequence[str | Path], counts: LineCounts, skip: set[str], summary: BuildSummary
) -> Iterator[tuple[RawDocument, frozenset[str]]]:
    seen: set[str] = set()
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            continue  # already recorded in pass 1
        if item.id in skip or item.id in seen:
            summary.skipped += 1
            continue
        seen.add(item.id)
        yield item, counts.repeated_in(item)


def worker_pool(workers: int, model: str | None, analyse: bool = True) -> ProcessPoolExecutor:
    """A spawn process pool whose workers start loading the spaCy pipeline at once.

    One no-op task per worker makes every worker start (and run the initializer that loads
    the model) now, so the loading overlaps pass 1 on the main process instead of delaying the
    first results.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(model, analyse),
    )
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def _ready() -> None:
    """The warm-up task: the initializer has done the work by the time this runs."""


def map_documents(
    jobs: Iterable[tuple[RawDocument, frozenset[str]]],
    workers: int,
    model: str | None,
    analyse: bool = True,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Run the per-article function over jobs, in-process or in a bounded process pool (the
    one given, or one made and shut down here)."""
    if workers <= 1:
        for raw, repeated in jobs:
            yield _work((raw, repeated, model, analyse))
        return
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(worker_pool(workers, model, analyse))
        pending: set[Future] = set()
        limit = workers * IN_FLIGHT_PER_WORKER
        for raw, repeated in jobs:
            pending.add(pool.submit(_work, (raw, repeated, model, analyse)))
            if len(pending) >= limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        for fut in pending:
            yield fut.result()


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    workers: int | None = None,
    model: str | None = None,
    batch_size: int = 50,
    analyse: bool = True,
    progress: ProgressHook | None = None,
) -> BuildSummary:
    """Ingest, clean and analyse every input into ``out_dir/chorus.duckdb`` (per-article part)."""
    workers = workers or os.cpu_count() or 1
    summary = BuildSummary(out_dir=str(out_dir))
    tick = progress or (lambda stage, done, total: None)
    with Store(out_dir, streaming=True) as store, ExitStack() as stack:
        pool = stack.enter_context(worker_pool(workers, model, analyse)) if workers > 1 else None
        errors: list[InputError] = []

        def on_error(err: InputError) -> None:
            errors.append(err)

        counts, total = count_lines(paths, on_error)
        summary.inputs = total + len(errors)
        store.write_errors(errors)
        summary.errors.extend(errors)
        summary.failed += len(errors)
        tick("scan", total, total)

        skip = store.stored_article_ids()
        batch: list[ArticleResult] = []
        failed_batch: list[InputError] = []
        jobs = _documents(paths, counts, skip, summary)
        for done, result in enumerate(map_documents(jobs, workers, model, analyse, pool), 1):
            if isinstance(result, InputError):
                failed_batch.append(result)
                summary.errors.append(result)
                summary.failed += 1
            else:
                batch.append(result)
                summary.stored += 1
            if len(batch) >= batch_size:
                store.write_results(batch)
                batch = []
            if len(failed_batch) >= batch_size:
                store.write_errors(failed_batch)
                failed_batch = []
            tick("analyse", done + summary.skipped, total)
        store.write_results(batch)
        store.write_errors(failed_batch)
    return summary
