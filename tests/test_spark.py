"""The Spark engine in local mode gives the same database as the local engine.

Needs pyspark and a Java runtime; skipped with the reason when either is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chorus.store import Store

pytestmark = pytest.mark.spark

pytest.importorskip("pyspark", reason="pyspark not installed (pip install -e '.[spark]')")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip(
        "no Java runtime for Spark (apt-get install -y openjdk-17-jre-headless)",
        allow_module_level=True,
    )

MASTER = "local[2]"
QUESTION = "Will Varnia send troops across the border?"
#: Columns that record when a row was written, not what it says.
STAMPS = {"stored_at", "recorded_at", "asked_at"}
PER_ARTICLE = ("articles", "entities", "statements", "forecasts", "event_mentions", "errors")


def _table(store: Store, table: str) -> list[dict]:
    columns = [
        r["column_name"]
        for r in store.rows(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        if r["column_name"] not in STAMPS
    ]
    listed = ", ".join(f'"{c}"' for c in columns)
    return store.rows(f'SELECT {listed} FROM "{table}" ORDER BY ALL')


@pytest.fixture(scope="module")
def example_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled example articles, plus one duplicate and one unreadable input."""
    from chorus.examples import example_files

    files = example_files()
    if not files:
        pytest.skip("bundled example corpus not present")
    extra = tmp_path_factory.mktemp("extra")
    duplicate = extra / "copy.txt"
    duplicate.write_bytes(files[0].read_bytes())
    broken = extra / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02\xff binary junk \x00")
    return [*files, duplicate, broken]


@pytest.fixture(scope="module")
def builds(example_corpus, tmp_path_factory):
    """The same inputs built by both engines, each followed by the cross-article stage."""
    from chorus.engines import local, spark
    from chorus.engines.corpus import link_corpus

    local_out = tmp_path_factory.mktemp("local")
    spark_out = tmp_path_factory.mktemp("spark")
    local_summary = local.build(example_corpus, local_out, workers=1)
    spark_summary = spark.build(example_corpus, spark_out, master=MASTER)
    for out in (local_out, spark_out):
        with Store(out) as store:
            link_corpus(store, question=QUESTION)
    return local_out, spark_out, local_summary, spark_summary


def test_summaries_agree(builds, example_corpus):
    _, _, local_summary, spark_summary = builds
    assert spark_summary.stored == local_summary.stored == len(example_corpus) - 2
    assert spark_summary.inputs == local_summary.inputs == len(example_corpus)
    assert spark_summary.skipped == local_summary.skipped == 1  # the duplicate
    assert spark_summary.failed == local_summary.failed == 1
    assert spark_summary.errors[0].source.endswith("broken.txt")


@pytest.mark.parametrize("table", PER_ARTICLE)
def test_per_article_tables_are_identical(builds, table):
    local_out, spark_out, _, _ = builds
    with Store(local_out, read_only=True) as a, Store(spark_out, read_only=True) as b:
        local_rows, spark_rows = _table(a, table), _table(b, table)
    assert local_rows == spark_rows
    if table in ("articles", "statements"):
        assert spark_rows, f"the example corpus should give {table}"


def test_people_and_resolved_speakers_are_identical(builds):
    local_out, spark_out, _, _ = builds
    with Store(local_out, read_only=True) as a, Store(spark_out, read_only=True) as b:
        assert _table(a, "people") == _table(b, "people")
        assert _table(b, "people"), "the example corpus should give people"
        query = "SELECT id, speaker, speaker_id FROM statements ORDER BY id"
        assert a.rows(query) == b.rows(query)
        query = "SELECT id, speaker, speaker_id, probability FROM forecasts ORDER BY id"
        assert a.rows(query) == b.rows(query)


def test_parquet_datasets_hold_the_run(builds):
    import pyarrow.parquet as pq

    _, spark_out, _, spark_summary = builds
    parquet = spark_out / "parquet"
    for table in PER_ARTICLE:
        assert list((parquet / table).glob("*.parquet")), table
    assert pq.read_table(parquet / "articles").num_rows == spark_summary.stored
    assert not (parquet / "_inputs").exists(), "the staged inputs are removed after the build"


def test_rerun_skips_stored_articles_and_keeps_the_tables(builds, example_corpus):
    from chorus.engines import spark

    _, spark_out, _, first = builds
    with Store(spark_out, read_only=True) as store:
        before = {t: _table(store, t) for t in PER_ARTICLE if t != "errors"}
    again = spark.build(example_corpus, spark_out, master=MASTER)
    assert again.stored == 0 and again.skipped == first.stored + 1
    with Store(spark_out, read_only=True) as store:
        assert {t: _table(store, t) for t in before} == before
