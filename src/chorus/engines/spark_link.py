"""The cross-article stage in Spark SQL, over the per-article Parquet datasets.

``link_corpus_spark`` gives the same tables as ``chorus.engines.corpus.link_corpus`` (tests
compare them row by row), computed where the data lies. Like that driver it knows no step: it
runs each step of ``chorus.linking.registry.STEPS`` that runs in Spark, a linkage through the
shared routine in Spark SQL (``chorus.engines.spark_sql.link_frame``: the same blocking as
joins and aggregations, the same Python deciding every comparison and building every group),
any other step through its own Spark plan. A step's plan may hand a dataset on to the steps
after it (the people step hands on the statements with their resolved speakers).

The results are written as Parquet under ``OUT/parquet/linked/`` and stored in DuckDB by each
step's own ``store``, as the local driver stores them. The steps with no Spark side (the
question) then run over the database, as for ``chorus ask``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from chorus.engines.corpus import run_step, stage_settings
from chorus.engines.spark import DEFAULT_MASTER, RESULT_TABLES, is_local_master, spark_schema
from chorus.engines.spark_sql import Kept, link_frame
from chorus.linking.registry import STEPS
from chorus.linking.step import Outputs, Row, Source, SparkRun, Step
from chorus.store import Store

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

ProgressHook = Callable[[str, int, int | None], None]

LINKED_DIR = "linked"
#: The one column of a linkage's Spark output: each output row as JSON.
JSON_COLUMN = "row"


def read_datasets(spark: SparkSession, parquet_dir: Path) -> dict[str, DataFrame]:
    """The per-article datasets, typed as the store's tables."""
    return {
        table: spark.read.schema(spark_schema(table)).parquet(str(parquet_dir / table))
        for table in RESULT_TABLES
    }


def source_frame(frames: Mapping[str, DataFrame], source: Source) -> DataFrame:
    """The rows of ``source`` (in no order: the routine orders by ``source.order``)."""
    from pyspark.sql import functions as F

    frame = frames[source.table]
    if source.columns:
        frame = frame.select(*source.columns)
    if source.article_columns:
        articles = frames["articles"].select(F.col("id").alias("article"), *source.article_columns)
        frame = frame.join(articles, "article", "left")
    if source.listed:
        child = frames[source.listed]
        listed = child.groupBy(F.col("article").alias("id")).agg(
            F.collect_list(F.struct(*child.columns)).alias(source.listed)
        )
        frame = frame.join(listed, "id", "left")
    return frame


def spark_steps(settings: Mapping[str, Any] | None = None) -> list[tuple[Step, Any]]:
    """The steps that run in Spark, each with its settings, in the registry's order."""
    chosen = stage_settings(settings)
    return [(s, chosen[s.name]) for s in STEPS if s.in_spark and s.enabled(chosen[s.name])]


def step_frames(step: Step, settings: Any, run: SparkRun) -> dict[str, DataFrame]:
    """One step's outputs in Spark."""
    if step.linkage is not None:
        linkage = step.linkage(settings)
        frame = source_frame(run.frames, linkage.source)
        return {step.output: link_frame(run.session, frame, linkage, run.keep)}
    assert step.spark is not None
    return step.spark(run, settings)


def compute_links(
    spark: SparkSession,
    parquet_dir: Path,
    progress: ProgressHook | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Path:
    """Run every Spark step and write its outputs under ``parquet_dir/linked/``."""
    tick = progress or (lambda stage, done, total: None)
    out = parquet_dir / LINKED_DIR
    run = SparkRun(spark, read_datasets(spark, parquet_dir), Kept(), Kept())
    steps = spark_steps(settings)
    for done, (step, chosen) in enumerate(steps, 1):
        for name, frame in step_frames(step, chosen, run).items():
            frame.write.mode("overwrite").parquet(str(out / name))
        run.keep.release()
        tick("cross-article", done, len(steps))
    run.shared.release()
    return out


def _rows(directory: Path) -> list[Row]:
    table = pq.read_table(directory)
    if table.column_names == [JSON_COLUMN]:
        return [json.loads(value) for value in table.column(JSON_COLUMN).to_pylist()]
    return table.to_pylist()


def store_links(store: Store, linked: Path, settings: Mapping[str, Any] | None = None) -> None:
    """Store the Spark results with each step's own ``store``, in the registry's order."""
    for step, _chosen in spark_steps(settings):
        outputs: Outputs = {name: _rows(linked / name) for name in step.writes}
        step.store(store, outputs)


def links_in_spark(master: str | None, choice: str = "auto") -> bool:
    """Whether a Spark build's cross-article stage runs in Spark SQL: always or never when
    asked (``spark`` / ``duckdb``), else on a cluster but not in local mode, where DuckDB on
    the one machine is faster."""
    if choice != "auto":
        return choice == "spark"
    return not is_local_master(master or os.environ.get("SPARK_MASTER") or DEFAULT_MASTER)


def link_corpus_spark(
    store: Store,
    parquet_dir: Path,
    spark: SparkSession,
    question: str | None = None,
    progress: ProgressHook | None = None,
    settings: Mapping[str, Any] | None = None,
) -> None:
    """The cross-article stage in Spark over ``parquet_dir`` (the whole corpus's per-article
    datasets), stored into ``store``; then the steps with no Spark side over the store."""
    linked = compute_links(spark, parquet_dir, progress, settings)
    store_links(store, linked, settings)
    chosen = stage_settings(settings, question)
    for step in STEPS:
        if not step.in_spark and step.enabled(chosen[step.name]):
            run_step(store, step, chosen[step.name])
