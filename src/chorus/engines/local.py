"""The local engine: a process pool over all cores, streaming results into DuckDB as they finish.

Two streaming passes over the inputs keep memory flat however large the corpus:
1. read every input file once: count line fingerprints (8-byte hashes) across the corpus, so
   the cleaner can drop lines repeated across articles (site chrome) — only the counts are
   kept — and note which documents each file holds now. Stored articles of these files that
   are not among them (an edited or broken file) are removed; with ``prune`` so is everything
   stored from files that are no longer inputs (``docs/robustness.md``);
2. clean and analyse the documents in worker processes, ``PARSE_BATCH`` to a task with one
   batched parse (``chorus.pipeline.process_documents``), each document within its own time
   and size budget, with at most ``workers * IN_FLIGHT_PER_WORKER`` tasks in flight,
   writing results as they finish: a batch is written when it holds
   ``batch_size`` results or ``flush_seconds`` have passed, and whatever is finished is written
   when the build stops, so a stopped build keeps its finished documents (those of the tasks
   that finished).
An article already stored by the same pipeline version from the same source with the same
repeated-line set is skipped, so an interrupted build resumes and a re-run is idempotent.
Workers die with the build (``_die_with_parent``); a worker that dies on a document (killed,
out of memory, crashed) costs that document only: it is recorded and the pool is replaced.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from chorus.clean import line_keys
from chorus.ingest import iter_input_files, read_file, read_inputs
from chorus.nlp import load_nlp
from chorus.pipeline import (
    PARSE_BATCH,
    Budget,
    in_batches,
    process_document,
    process_documents,
    repeated_key,
)
from chorus.records import ArticleResult, InputError, RawDocument
from chorus.store import Store

#: Tasks (of up to ``PARSE_BATCH`` documents) queued per worker.
IN_FLIGHT_PER_WORKER = 2
REPEATED_MIN_ARTICLES = 2
#: Longest a finished result waits in memory before it is written (seconds).
FLUSH_SECONDS = 1.0

ProgressHook = Callable[[str, int, int | None], None]
Job = tuple[RawDocument, frozenset[str]]


@dataclass
class BuildSummary:
    """What a build did, for the CLI summary and the exit status."""

    out_dir: str
    inputs: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    replaced: int = 0  # stored articles removed because their file changed
    pruned: int = 0  # stored articles removed because their file is no longer an input
    errors: list[InputError] = field(default_factory=list)
    report_lines: list[str] = field(default_factory=list)  # the report step: dossier, views

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def record_errors(self, errors: Iterable[InputError]) -> None:
        for error in errors:
            self.errors.append(error)
            self.failed += error.fatal


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


@dataclass
class Scan:
    """Pass 1: the corpus statistic, the input files, each document's id and source now
    (first source of each distinct text), and the inputs that could not be read."""

    counts: LineCounts = field(default_factory=LineCounts)
    files: list[str] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    readable: int = 0


def scan_inputs(
    paths: Sequence[str | Path], max_bytes: int | None = None, exclude: Sequence[Path] = ()
) -> Scan:
    """Pass 1 over every input file (see the module docstring)."""
    scan = Scan()
    for item in iter_input_files(paths, exclude):
        scan.files.append(item.source)
        for doc in read_file(item, max_bytes):
            if isinstance(doc, InputError):
                scan.errors.append(doc)
                continue
            scan.readable += 1
            if doc.id in scan.documents:  # the same text twice counts once
                continue
            try:
                scan.counts.add(doc)
            except Exception as exc:  # noqa: BLE001 - one document, one error row
                detail = f"{exc.__class__.__name__}: {exc}"
                scan.errors.append(InputError(doc.source, "clean-failed", detail, "clean"))
                continue
            scan.documents[doc.id] = doc.source
    return scan


def _die_with_parent(parent: int) -> None:
    """End this worker when the build process ends, however it ends (SIGKILL included):
    the kernel signals it on Linux; elsewhere a thread watches the parent's pid."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="chorus-parent-watch", daemon=True).start()


def _init_worker(model: str | None, analyse: bool, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build handles Ctrl+C, not each worker
    if analyse:
        load_nlp(model)


Args = tuple[RawDocument, frozenset[str], str | None, bool, Budget | None]


def _work(args: Args) -> ArticleResult | InputError:
    raw, repeated, model, analyse, budget = args
    return process_document(raw, repeated, model=model, analyse=analyse, budget=budget)


def _work_batch(batch: list[Args]) -> list[ArticleResult | InputError]:
    """A few documents of one worker, parsed together (``process_documents``)."""
    _, _, model, analyse, budget = batch[0]
    jobs = [(raw, repeated) for raw, repeated, *_ in batch]
    return process_documents(jobs, model=model, analyse=analyse, budget=budget)


def _documents(
    paths: Sequence[str | Path],
    scan: Scan,
    stored: dict[str, tuple[str, str | None]],
    summary: BuildSummary,
    max_bytes: int | None = None,
    exclude: Sequence[Path] = (),
) -> Iterator[Job]:
    """Pass 2: the documents to analyse, with their repeated lines; a document stored from
    the same source with the same repeated lines is skipped."""
    seen: set[str] = set()
    for item in read_inputs(paths, max_bytes, exclude):
        if isinstance(item, InputError):
            continue  # already recorded in pass 1
        first = scan.documents.get(item.id)
        if first != item.source or item.id in seen:
            summary.skipped += first is not None  # a duplicate text (pass 1 took another)
            continue
        seen.add(item.id)
        repeated = scan.counts.repeated_in(item)
        if stored.get(item.id) == (item.source, repeated_key(repeated)):
            summary.skipped += 1
            continue
        yield item, repeated


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
        initargs=(model, analyse, os.getpid()),
    )
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def _ready() -> None:
    """The warm-up task: the initializer has done the work by the time this runs."""


def _worker_died(raw: RawDocument) -> InputError:
    detail = "the worker process died on this document (killed, out of memory or crashed)"
    return InputError(raw.source, "worker-died", detail, stage="analyse")


class _Pool:
    """The build's process pool, replaced when a worker dies."""

    def __init__(
        self,
        workers: int,
        model: str | None,
        analyse: bool,
        pool: ProcessPoolExecutor | None = None,
    ) -> None:
        self.workers, self.model, self.analyse = workers, model, analyse
        self.pool = pool or worker_pool(workers, model, analyse)

    def replace(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = worker_pool(self.workers, self.model, self.analyse)

    def alone(self, args: Args) -> ArticleResult | InputError:
        """One document on its own: the one that breaks the pool is the one to blame."""
        try:
            return self.pool.submit(_work, args).result()
        except BrokenProcessPool:
            self.replace()
            return _worker_died(args[0])


def map_documents(
    jobs: Iterable[Job],
    workers: int,
    model: str | None,
    analyse: bool = True,
    pool: ProcessPoolExecutor | None = None,
    budget: Budget | None = None,
    idle_seconds: float | None = None,
) -> Iterator[ArticleResult | InputError | None]:
    """Run the per-article function over jobs, in-process or in a bounded process pool (the
    one given, or one made and shut down here), ``PARSE_BATCH`` documents to a task when they
    are analysed (one batched parse each) and one otherwise. With ``idle_seconds``, ``None``
    is yielded whenever that long passes without a result (the caller's moment to write)."""
    size = PARSE_BATCH if analyse else 1
    tasks = (
        [(raw, repeated, model, analyse, budget) for raw, repeated in batch]
        for batch in in_batches(jobs, size)
    )
    if workers <= 1:
        for task in tasks:
            yield from _work_batch(task)
        return
    owned = pool is None
    workers_pool = _Pool(workers, model, analyse, pool)
    pending: dict[Future, list[Args]] = {}
    limit = workers * IN_FLIGHT_PER_WORKER
    try:
        for task in tasks:
            pending[workers_pool.pool.submit(_work_batch, task)] = task
            while len(pending) >= limit:
                yield from _collect(pending, workers_pool, idle_seconds)
        while pending:
            yield from _collect(pending, workers_pool, idle_seconds)
    finally:
        if owned or workers_pool.pool is not pool or sys.exc_info()[0] is not None:
            workers_pool.pool.shutdown(wait=not pending, cancel_futures=True)


def _collect(
    pending: dict[Future, list[Args]], workers_pool: _Pool, idle_seconds: float | None
) -> Iterator[ArticleResult | InputError | None]:
    """Yield the results that finish next; after a worker died, retry each document that was
    in flight on its own, so only the one that kills a worker is lost."""
    done, _ = wait(pending, timeout=idle_seconds, return_when=FIRST_COMPLETED)
    if not done:
        yield None
        return
    broken: list[Args] = []
    for fut in done:
        task = pending.pop(fut)
        try:
            yield from fut.result()
        except BrokenProcessPool:
            broken.extend(task)
    if broken:
        for task in pending.values():
            broken.extend(task)
        pending.clear()
        workers_pool.replace()
        for args in broken:
            yield workers_pool.alone(args)


class ResultWriter:
    """Writes results as they finish: a batch at ``batch_size`` results or ``flush_seconds``,
    and whatever is held on ``flush`` (called when the build stops, however it stops)."""

    def __init__(
        self, store: Store, summary: BuildSummary, batch_size: int, flush_seconds: float
    ) -> None:
        self.store, self.summary = store, summary
        self.batch_size, self.flush_seconds = batch_size, flush_seconds
        self.results: list[ArticleResult] = []
        self.errors: list[InputError] = []
        self.last = time.monotonic()

    def add(self, result: ArticleResult | InputError | None) -> None:
        if isinstance(result, InputError):
            self.errors.append(result)
            self.summary.record_errors([result])
        elif result is not None:
            self.results.append(result)
        full = len(self.results) + len(self.errors) >= self.batch_size
        if full or time.monotonic() - self.last >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        results, errors = self.results, self.errors
        self.results, self.errors = [], []
        self.last = time.monotonic()
        failed = self.store.write_results(results)
        self.summary.stored += len(results) - len(failed)
        self.summary.record_errors(failed)
        self.store.write_errors(errors + failed)


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    workers: int | None = None,
    model: str | None = None,
    batch_size: int = 50,
    analyse: bool = True,
    progress: ProgressHook | None = None,
    budget: Budget | None = None,
    prune: bool = False,
    max_bytes: int | None = None,
    flush_seconds: float = FLUSH_SECONDS,
    lock_wait: float | None = None,
) -> BuildSummary:
    """Ingest, clean and analyse every input into ``out_dir/chorus.duckdb`` (per-article part).

    ``budget``: per-document time and size budget; ``prune``: remove what earlier builds
    stored from files that are not among ``paths``; ``max_bytes``: largest document read;
    ``lock_wait``: seconds to wait for another process holding the database."""
    workers = workers or os.cpu_count() or 1
    summary = BuildSummary(out_dir=str(out_dir))
    tick = progress or (lambda stage, done, total: None)
    with Store(out_dir, streaming=True, wait=lock_wait) as store:
        pool = worker_pool(workers, model, analyse) if workers > 1 else None
        writer = ResultWriter(store, summary, batch_size, flush_seconds)
        try:
            own = [Path(out_dir)]  # an output folder inside an input folder is not input
            scan = scan_inputs(paths, max_bytes, own)
            summary.inputs = scan.readable + len(scan.errors)
            summary.replaced = store.forget_stale(scan.files, scan.documents.items())
            if prune:
                summary.pruned = store.prune(scan.files)
            store.write_errors(scan.errors)
            summary.record_errors(scan.errors)
            tick("scan", scan.readable, scan.readable)

            stored = store.stored_documents()
            jobs = _documents(paths, scan, stored, summary, max_bytes, own)
            results = map_documents(
                jobs, workers, model, analyse, pool, budget, idle_seconds=flush_seconds
            )
            done = 0
            for result in results:
                writer.add(result)
                if result is not None:
                    done += 1
                    tick("analyse", done + summary.skipped, scan.readable)
        finally:
            try:
                writer.flush()  # a stopped build keeps every finished document
            finally:
                if pool is not None:
                    pool.shutdown(wait=sys.exc_info()[0] is None, cancel_futures=True)
    return summary
