"""The library entry point: ``chorus.build(paths, out)`` runs a whole build.

It ingests, cleans and analyses every input with the chosen engine (a local process pool or
Spark), runs the cross-article stage, and writes the dossier; the ``chorus build`` command is
a thin layer over it. Settings live in one dataclass, ``BuildConfig``; keyword arguments
override single settings::

    import chorus
    summary = chorus.build(["articles/"], "out", workers=2, prune=True)
    summary.ok, summary.stored, summary.errors

Raises ``chorus.store.DatabaseBusy`` when another process holds the database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chorus.engines.local import FLUSH_SECONDS, BuildSummary, ProgressHook
from chorus.pipeline import DEFAULT_TIME_BUDGET, MAX_ANALYSED_CHARS, Budget
from chorus.store import Store
from chorus.store.access import DEFAULT_WRITER_WAIT

ENGINES = ("local", "spark")
#: Where the cross-article stage of a Spark build runs: Spark SQL on a cluster and DuckDB in
#: local mode (auto), or as named.
CROSS_ARTICLE = ("auto", "duckdb", "spark")


@dataclass(frozen=True)
class BuildConfig:
    """Every setting of a build (documented in ``docs/robustness.md`` and ``chorus build
    --help``)."""

    workers: int | None = None  # worker processes (default: all cores)
    model: str | None = None  # spaCy pipeline package (default: chorus.nlp's choice)
    engine: str = "local"  # local | spark
    master: str | None = None  # Spark master URL
    cross_article: str = "auto"  # auto | duckdb | spark
    question: str | None = None  # a question to gather stances on
    dossier: bool = True  # write OUT/dossier.html
    prune: bool = False  # remove what was stored from files that are no longer inputs
    analyse: bool = True  # False: ingest and clean only
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds per document (None: no limit)
    max_chars: int = MAX_ANALYSED_CHARS  # cleaned characters analysed per document
    max_bytes: int | None = None  # largest document read (default: chorus.ingest's)
    batch_size: int = 50  # results written per transaction at most
    flush_seconds: float = FLUSH_SECONDS  # longest a finished result waits to be written
    lock_wait: float = DEFAULT_WRITER_WAIT  # seconds to wait for a busy database

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.cross_article not in CROSS_ARTICLE:
            raise ValueError(f"cross_article must be one of {', '.join(CROSS_ARTICLE)}")
        if self.time_budget is not None and self.time_budget <= 0:
            raise ValueError("time_budget must be positive (or None for no limit)")
        if self.max_chars <= 0:
            raise ValueError("max_chars must be positive")

    @property
    def budget(self) -> Budget:
        return Budget(seconds=self.time_budget, max_chars=self.max_chars)


def build(
    paths: Sequence[str | Path],
    out: str | Path,
    config: BuildConfig | None = None,
    progress: ProgressHook | None = None,
    **settings: object,
) -> BuildSummary:
    """Build ``out/chorus.duckdb`` (and ``out/dossier.html``) from ``paths``: files, folders
    or glob patterns. ``settings`` override fields of ``config``; see ``BuildConfig``."""
    config = dataclasses.replace(config or BuildConfig(), **settings)
    out = Path(out)
    summary, linked = _per_article(list(paths), out, config, progress)
    from chorus.engines.corpus import link_corpus

    with Store(out, wait=config.lock_wait) as store:
        if not linked:
            link_corpus(store, question=config.question, progress=progress)
        from chorus.report.dossier import write_reports

        # derived figures and the dossier; a view that cannot be drawn is reported, never raised
        summary.report_lines = write_reports(store, out, dossier=config.dossier).summary_lines()
    return summary


def _per_article(
    paths: list[str | Path], out: Path, config: BuildConfig, progress: ProgressHook | None
) -> tuple[BuildSummary, bool]:
    """The per-article part with the configured engine; ``True`` when the Spark engine also
    ran the cross-article stage."""
    if config.engine == "local":
        from chorus.engines.local import build as local_build

        summary = local_build(
            paths,
            out,
            workers=config.workers,
            model=config.model,
            batch_size=config.batch_size,
            analyse=config.analyse,
            progress=progress,
            budget=config.budget,
            prune=config.prune,
            max_bytes=config.max_bytes,
            flush_seconds=config.flush_seconds,
            lock_wait=config.lock_wait,
        )
        return summary, False
    from chorus.engines import spark, spark_link

    session = spark.spark_session(config.master)
    try:
        summary = spark.build(
            paths,
            out,
            model=config.model,
            master=config.master,
            progress=progress,
            analyse=config.analyse,
            budget=config.budget,
            prune=config.prune,
            max_bytes=config.max_bytes,
        )
        if not spark_link.links_in_spark(config.master, config.cross_article):
            return summary, False
        with Store(out, wait=config.lock_wait) as store:
            parquet = out / spark.PARQUET_DIR
            spark_link.link_corpus_spark(store, parquet, session, config.question, progress)
        return summary, True
    finally:
        session.stop()
