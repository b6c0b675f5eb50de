"""The Spark engine: the same per-article work as the local engine, run in Spark partitions.

For corpora that outgrow one machine (``chorus build --engine spark``). The steps:

1. ingest on the driver: every input file is read once and its documents staged as one
   Parquet file (``OUT/parquet/_inputs``) in small row groups; duplicates (same text) are
   left out, and each document carries the repeated-line key it was stored with, if it was
   (same id and source), so pass 2 skips it when its repeated lines are unchanged, exactly
   as the local engine does. Stored articles of these files that are not among their
   documents now are removed first (and, with ``prune``, those of files no longer among the
   inputs). Only the record ids are held in driver memory.
2. pass 1 as a Spark aggregation: every document's distinct line fingerprints are counted
   across the corpus; the (few) fingerprints seen in several documents are broadcast.
3. pass 2: ``mapPartitions`` runs ``chorus.pipeline.process_documents`` over each partition,
   ``PARSE_BATCH`` documents at a time (one batched parse), with the spaCy pipeline loaded
   once per Python worker (``chorus.nlp.load_nlp`` caches per process and Spark reuses its
   workers), and converts the records to rows with the store's own conversion.
4. results are written as Parquet, one dataset per per-article table under ``OUT/parquet/``
   (articles, entities, statements, forecasts, event_mentions, errors), holding the articles
   analysed by this run, then loaded into ``OUT/chorus.duckdb`` in one transaction; the
   articles earlier runs stored are added to the datasets (``complete_datasets``), so they
   always hold the whole corpus. The cross-article stage then runs over the database
   (``chorus.engines.corpus.link_corpus``) or, on a cluster, in Spark SQL over the datasets
   (``chorus.engines.spark_link``); both give the local engine's results.

On a cluster (``--master`` or ``SPARK_MASTER``) ``OUT`` must be on storage every executor can
read and write (NFS, or a mounted object store), and every executor needs chorus and the spaCy
model installed in the Python it runs (``PYSPARK_PYTHON``). See ``docs/scale.md``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from chorus.engines.local import REPEATED_MIN_ARTICLES, BuildSummary, LineCounts
from chorus.ingest import iter_input_files, read_file
from chorus.nlp import load_nlp
from chorus.pipeline import PARSE_BATCH, Budget, in_batches, process_documents, repeated_key
from chorus.records import PIPELINE_VERSION, InputError, RawDocument
from chorus.store import Store, record_row
from chorus.store.schema import PER_ARTICLE_TABLES, TABLES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DataType, StructType

ProgressHook = Callable[[str, int, int | None], None]

#: The per-article tables written as Parquet, in load order, with the result field feeding each.
RESULT_TABLES: dict[str, str] = {
    "articles": "article",
    "entities": "entities",
    "statements": "statements",
    "forecasts": "forecasts",
    "event_mentions": "events",
}
ERRORS_TABLE = "errors"
PARQUET_DIR = "parquet"
STAGING_NAME = "_inputs"
#: Documents per staged row group; Spark partitions are made of whole row groups.
STAGING_ROW_GROUP = 32
#: Aim for partitions of about this many documents (more, smaller ones balance better).
DOCS_PER_PARTITION = 200
DEFAULT_MASTER = "local[*]"
#: JVM heap of the driver (in local mode, also the executor). The JVM only moves Arrow
#: batches and Parquet; the NLP runs in Python workers. A larger heap is grown into, not
#: needed: 512 MB kept its resident size flat from 1,000 to 10,000 articles.
DRIVER_MEMORY = "512m"

_STAGING_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("text", pa.string()),
        ("format", pa.string()),
        ("meta", pa.string()),  # JSON object
        ("encoding", pa.string()),
        ("repairs", pa.string()),  # JSON list
        ("stored_key", pa.string()),  # repeated-line key it is stored with (same source), or null
    ]
)


# -- schema: Spark types derived from the DuckDB schema (itself derived from the records) -----


def _split_top_level(inner: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:i].strip())
            start = i + 1
    parts.append(inner[start:].strip())
    return [p for p in parts if p]


def spark_type(sql_type: str) -> DataType:
    """The Spark type of a DuckDB column type used by the store (JSON travels as a string)."""
    from pyspark.sql import types as T

    sql_type = sql_type.strip()
    if sql_type.endswith("[]"):
        return T.ArrayType(spark_type(sql_type[:-2]))
    if sql_type.upper().startswith("STRUCT(") and sql_type.endswith(")"):
        struct_fields = []
        for part in _split_top_level(sql_type[len("STRUCT(") : -1]):
            name, _, field_type = part.partition(" ")
            struct_fields.append(T.StructField(name.strip('"'), spark_type(field_type)))
        return T.StructType(struct_fields)
    scalars = {
        "VARCHAR": T.StringType(),
        "JSON": T.StringType(),
        "INTEGER": T.IntegerType(),
        "BIGINT": T.LongType(),
        "DOUBLE": T.DoubleType(),
        "BOOLEAN": T.BooleanType(),
        "TIMESTAMP": T.TimestampType(),
    }
    try:
        return scalars[sql_type.upper()]
    except KeyError:
        raise ValueError(f"no Spark type for store column type {sql_type!r}") from None


def record_columns(table: str) -> list[tuple[str, str]]:
    """The columns of ``table`` that its record fills (not those later stages add)."""
    spec = TABLES[table]
    assert spec.record is not None, table
    names = {f.name for f in fields(spec.record)}
    return [(name, sql_type) for name, sql_type in spec.columns if name in names]


def spark_schema(table: str) -> StructType:
    from pyspark.sql import types as T

    return T.StructType(
        [T.StructField(name, spark_type(sql)) for name, sql in record_columns(table)]
    )


# -- work done in the executors -----------------------------------------------------------


def _raw_document(row: Any) -> RawDocument:
    return RawDocument(
        source=row["source"],
        text=row["text"],
        format=row["format"],
        meta=json.loads(row["meta"] or "{}"),
        encoding=row["encoding"],
        repairs=json.loads(row.get("repairs") or "[]"),
    )


#: Line fingerprints are unsigned 64-bit; Spark's LongType is signed, so they travel shifted.
_SIGN = 1 << 63


def fingerprint_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Pass 1 over one partition (``mapInArrow``): each document's distinct line fingerprints.

    It runs in the same kind of Python worker as pass 2 (an Arrow map), so Spark reuses those
    workers for the analysis instead of keeping a second idle set alive.
    """
    for batch in batches:
        fingerprints: list[int] = []
        for row in batch.to_pylist():
            counts = LineCounts()
            counts.add(_raw_document(row))
            fingerprints.extend(key - _SIGN for key in counts.counts)
        yield pa.RecordBatch.from_pydict({"fingerprint": pa.array(fingerprints, pa.int64())})


#: Documents analysed between two output batches of a task (bounds a worker's buffer).
OUTPUT_BATCH_DOCUMENTS = 16


def tagged_schema() -> StructType:
    """Pass 2's output: the table a row belongs to and one struct column per table, only the
    one named by ``table`` filled. One typed frame carries every table's rows, so the Python
    work runs once and the six Parquet writes select from it inside the JVM."""
    from pyspark.sql import types as T

    tables = [*RESULT_TABLES, ERRORS_TABLE]
    return T.StructType(
        [T.StructField("table", T.StringType(), nullable=False)]
        + [T.StructField(t, spark_schema(t)) for t in tables]
    )


def _tagged_rows(result: Any) -> list[dict[str, Any]]:
    if isinstance(result, InputError):
        return [{"table": ERRORS_TABLE, ERRORS_TABLE: record_row(result, ERRORS_TABLE)}]
    rows = []
    for table, attribute in RESULT_TABLES.items():
        value = getattr(result, attribute)
        for record in value if isinstance(value, list) else [value]:
            rows.append({"table": table, table: record_row(record, table)})
    for note in result.notes:
        rows.append({"table": ERRORS_TABLE, ERRORS_TABLE: record_row(note, ERRORS_TABLE)})
    return rows


def analyse_batches(
    batches: Iterator[pa.RecordBatch],
    repeated_counts: Any,
    model: str | None,
    analyse: bool,
    arrow_schema: pa.Schema,
    on_document: Callable[[], None] = lambda: None,
    budget: Budget | None = None,
    on_skip: Callable[[], None] = lambda: None,
) -> Iterator[pa.RecordBatch]:
    """Pass 2 over one partition (``mapInArrow``): staged documents in, tagged rows out; a
    document stored with the same repeated lines is skipped."""
    if analyse:
        load_nlp(model)  # once per Python worker; later partitions find it cached
    counts = LineCounts()
    counts.counts = Counter(repeated_counts.value)
    rows: list[dict[str, Any]] = []
    documents = 0
    for jobs in in_batches(_jobs(batches, counts, on_skip), PARSE_BATCH if analyse else 1):
        for result in process_documents(jobs, model, analyse, budget):
            rows.extend(_tagged_rows(result))
            on_document()
            documents += 1
            if documents % OUTPUT_BATCH_DOCUMENTS == 0 and rows:
                yield pa.RecordBatch.from_pylist(rows, schema=arrow_schema)
                rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=arrow_schema)


def _jobs(
    batches: Iterable[pa.RecordBatch], counts: LineCounts, on_skip: Callable[[], None]
) -> Iterator[tuple[RawDocument, frozenset[str]]]:
    """The partition's staged documents with their repeated lines, less those stored with the
    same repeated lines."""
    for batch in batches:
        for row in batch.to_pylist():
            raw = _raw_document(row)
            repeated = counts.repeated_in(raw)
            if row.get("stored_key") is not None and row["stored_key"] == repeated_key(repeated):
                on_skip()
                continue
            yield raw, repeated


# -- driver ---------------------------------------------------------------------------------


def _stage_inputs(
    paths: Sequence[str | Path],
    staging: Path,
    store: Store,
    summary: BuildSummary,
    prune: bool = False,
    max_bytes: int | None = None,
) -> tuple[int, list[InputError]]:
    """Stream the inputs into one Parquet file, after making the store agree with them (see
    the module docstring); returns (documents staged, ingest errors)."""
    staging.parent.mkdir(parents=True, exist_ok=True)
    stored = store.stored_documents()
    errors: list[InputError] = []
    files: list[str] = []
    documents: dict[str, str] = {}
    readable = 0
    buffer: list[dict[str, Any]] = []
    with pq.ParquetWriter(staging, _STAGING_SCHEMA) as writer:
        for input_file in iter_input_files(paths, exclude=[staging.parents[2]]):
            files.append(input_file.source)
            for item in read_file(input_file, max_bytes):
                if isinstance(item, InputError):
                    errors.append(item)
                    continue
                readable += 1
                if item.id in documents:  # the same text twice counts once
                    summary.skipped += 1
                    continue
                documents[item.id] = item.source
                was = stored.get(item.id)
                buffer.append(
                    {
                        "id": item.id,
                        "source": item.source,
                        "text": item.text,
                        "format": item.format,
                        "meta": json.dumps(item.meta, ensure_ascii=False),
                        "encoding": item.encoding,
                        "repairs": json.dumps(item.repairs, ensure_ascii=False),
                        "stored_key": was[1] if was and was[0] == item.source else None,
                    }
                )
                if len(buffer) >= STAGING_ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(buffer, schema=_STAGING_SCHEMA))
                    buffer = []
        if buffer:
            writer.write_table(pa.Table.from_pylist(buffer, schema=_STAGING_SCHEMA))
    summary.replaced = store.forget_stale(files, documents.items())
    if prune:
        summary.pruned = store.prune(files)
    summary.inputs = readable + len(errors)
    return len(documents), errors


def is_local_master(master: str) -> bool:
    return master.startswith("local")


def spark_session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session for chorus: small memory footprint and quiet logs in local mode."""
    from pyspark.sql import SparkSession

    master = master or os.environ.get("SPARK_MASTER") or DEFAULT_MASTER
    # Executors' Python must be the one chorus is installed in (the venv), unless configured.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    settings = {
        "spark.app.name": "chorus",
        "spark.driver.memory": os.environ.get("CHORUS_SPARK_DRIVER_MEMORY", DRIVER_MEMORY),
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",
        "spark.sql.shuffle.partitions": "8",
        # The cross-article plans reuse cached frames in several branches; printed in full
        # (for the event log and UI) their text multiplies and can fill a small heap.
        "spark.sql.maxPlanStringLength": "65536",
    }
    if is_local_master(master):
        settings.update(
            {
                "spark.ui.enabled": "false",
                "spark.driver.host": "127.0.0.1",
                "spark.driver.bindAddress": "127.0.0.1",
            }
        )
    settings.update(conf or {})
    builder = SparkSession.builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _watch_progress(
    accumulator: Any, total: int, tick: ProgressHook, done: threading.Event
) -> threading.Thread:
    """Report analysed documents while a Spark job runs (accumulators update per task)."""

    def run() -> None:
        while not done.wait(0.5):
            tick("analyse", min(int(accumulator.value), total), total)

    thread = threading.Thread(target=run, name="chorus-spark-progress", daemon=True)
    thread.start()
    return thread


def _parquet_files(directory: Path) -> list[str]:
    return sorted(str(p) for p in directory.glob("*.parquet"))


def _load_into_store(store: Store, parquet_dir: Path) -> int:
    """Replace the articles of this run in DuckDB with the Parquet rows, in one transaction."""
    article_files = _parquet_files(parquet_dir / "articles")
    if not article_files:
        return 0
    stamp = datetime.now(UTC).replace(tzinfo=None)
    store.execute("BEGIN TRANSACTION")
    try:
        store.execute(
            "CREATE OR REPLACE TEMP TABLE _chorus_loaded AS SELECT id, source FROM read_parquet(?)",
            [article_files],
        )
        store.execute(
            "CREATE OR REPLACE TEMP TABLE _chorus_replaced AS SELECT id FROM articles "
            "WHERE id IN (SELECT id FROM _chorus_loaded) "
            "OR source IN (SELECT source FROM _chorus_loaded)"
        )
        store.execute("DELETE FROM articles WHERE id IN (SELECT id FROM _chorus_replaced)")
        for table in PER_ARTICLE_TABLES:
            store.execute(
                f'DELETE FROM "{table}" WHERE article IN (SELECT id FROM _chorus_replaced)'
            )
        store.execute("DELETE FROM errors WHERE source IN (SELECT source FROM _chorus_loaded)")
        for table in RESULT_TABLES:
            files = _parquet_files(parquet_dir / table)
            if not files:
                continue
            names = [f'"{c}"' for c, _ in record_columns(table)]
            extra_names, extra_values, params = [], [], []
            if table == "articles":
                extra_names = ['"pipeline_version"', '"stored_at"']
                extra_values = ["?", "?"]
                params = [PIPELINE_VERSION, stamp]
            params.append(files)
            store.execute(
                f'INSERT INTO "{table}" ({", ".join(names + extra_names)}) '
                f"SELECT {', '.join(names + extra_values)} FROM read_parquet(?)",
                params,
            )
        loaded = store.execute("SELECT count(*) FROM _chorus_loaded").fetchone()[0]
        store.execute("DROP TABLE _chorus_loaded")
        store.execute("DROP TABLE _chorus_replaced")
        store.execute("COMMIT")
    except BaseException:
        store.execute("ROLLBACK")
        raise
    return loaded


#: The rows of articles stored by earlier runs, added to this run's datasets.
STORED_PART = "stored.parquet"


def complete_datasets(store: Store, parquet_dir: Path) -> int:
    """Add the articles earlier runs stored to this run's Parquet datasets, so that they hold
    the whole corpus (the cross-article stage reads them); returns how many were added."""
    store.execute("CREATE OR REPLACE TEMP TABLE _chorus_run (id VARCHAR)")
    run_files = [f for f in _parquet_files(parquet_dir / "articles") if not f.endswith(STORED_PART)]
    if run_files:
        store.execute("INSERT INTO _chorus_run SELECT id FROM read_parquet(?)", [run_files])
    added = store.execute(
        "SELECT count(*) FROM articles WHERE id NOT IN (SELECT id FROM _chorus_run)"
    ).fetchone()[0]
    for table in RESULT_TABLES:
        target = parquet_dir / table / STORED_PART
        target.unlink(missing_ok=True)
        if not added:
            continue
        key = "id" if table == "articles" else "article"
        columns = ", ".join(
            f'"{name}"::VARCHAR AS "{name}"' if sql_type == "JSON" else f'"{name}"'
            for name, sql_type in record_columns(table)
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        quoted = str(target).replace("'", "''")
        store.execute(
            f'COPY (SELECT {columns} FROM "{table}" '
            f"WHERE {key} NOT IN (SELECT id FROM _chorus_run)) TO '{quoted}' (FORMAT parquet)"
        )
    store.execute("DROP TABLE _chorus_run")
    return added


def _read_errors(directory: Path) -> list[InputError]:
    files = _parquet_files(directory)
    if not files:
        return []
    table = pq.ParquetDataset(files).read()
    return [InputError(**row) for row in table.to_pylist()]


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    model: str | None = None,
    master: str | None = None,
    progress: ProgressHook | None = None,
    analyse: bool = True,
    partitions: int | None = None,
    conf: dict[str, str] | None = None,
    budget: Budget | None = None,
    prune: bool = False,
    max_bytes: int | None = None,
) -> BuildSummary:
    """Ingest, clean and analyse every input with Spark into ``out_dir`` (per-article part).

    Same contract as ``chorus.engines.local.build``: articles already stored are skipped,
    an edited file replaces its earlier version, bad inputs are recorded in ``errors``, each
    document keeps to its ``budget``, the summary counts what happened.
    """
    out = Path(out_dir)
    parquet_dir = out / PARQUET_DIR
    staging = parquet_dir / STAGING_NAME / "inputs.parquet"
    summary = BuildSummary(out_dir=str(out))
    tick = progress or (lambda stage, done, total: None)

    with Store(out) as store:
        to_analyse, ingest_errors = _stage_inputs(paths, staging, store, summary, prune, max_bytes)
    tick("scan", summary.inputs, summary.inputs)

    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import to_arrow_schema

    created_here = SparkSession.getActiveSession() is None  # never stop a caller's session
    spark = spark_session(master, conf)
    try:
        sc = spark.sparkContext
        wanted = partitions or max(
            sc.defaultParallelism * 2, math.ceil(to_analyse / DOCS_PER_PARTITION)
        )
        # Splits of about size/wanted bytes, made of whole row groups: no shuffle of the texts.
        split_bytes = max(16 * 1024, staging.stat().st_size // max(wanted, 1) + 1)
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(split_bytes))
        spark.conf.set("spark.sql.files.openCostInBytes", str(split_bytes))
        staged = spark.read.parquet(str(staging))

        # Pass 1: how many documents contain each line fingerprint; keep the repeated ones.
        repeated = (
            staged.mapInArrow(fingerprint_batches, "fingerprint long")
            .groupBy("fingerprint")
            .count()
            .where(f"count >= {REPEATED_MIN_ARTICLES}")
            .collect()
        )
        repeated_counts = sc.broadcast({row[0] + _SIGN: row[1] for row in repeated})

        # Pass 2: the per-article work, once, in one Python worker per task (Arrow batches in
        # and out); its typed rows are kept on disk for the six writes, which run in the JVM.
        analysed = sc.accumulator(0)
        unchanged = sc.accumulator(0)
        schema = tagged_schema()
        arrow_schema = to_arrow_schema(schema)

        def analyse_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            return analyse_batches(
                batches,
                repeated_counts,
                model,
                analyse,
                arrow_schema,
                on_document=lambda: analysed.add(1),
                budget=budget,
                on_skip=lambda: unchanged.add(1),
            )

        tagged = staged.mapInArrow(analyse_partition, schema).persist(StorageLevel.DISK_ONLY)
        finished = threading.Event()
        watcher = _watch_progress(analysed, to_analyse, tick, finished)
        try:
            found = spark.createDataFrame(
                [record_row(e, ERRORS_TABLE) for e in ingest_errors], spark_schema(ERRORS_TABLE)
            )
            for table in [*RESULT_TABLES, ERRORS_TABLE]:
                frame = tagged.where(tagged["table"] == table).select(f"`{table}`.*")
                if table == ERRORS_TABLE:
                    frame = found.unionByName(frame)
                frame.write.mode("overwrite").parquet(str(parquet_dir / table))
        finally:
            finished.set()
            watcher.join()
            tagged.unpersist()
            repeated_counts.destroy()
        tick("analyse", to_analyse, to_analyse)
    finally:
        if created_here:
            spark.stop()
        shutil.rmtree(staging.parent, ignore_errors=True)

    summary.skipped += int(unchanged.value)
    errors = _read_errors(parquet_dir / ERRORS_TABLE)  # ingest errors first, as locally
    with Store(out) as store:
        summary.stored = _load_into_store(store, parquet_dir)
        store.write_errors(errors)  # after the articles: their notes stay with them
        complete_datasets(store, parquet_dir)
    tick("load", summary.stored, summary.stored)
    summary.record_errors(errors)
    return summary
