"""The Spark engine in local mode gives the same database as the local engine: per-article
tables from its partitions, cross-article tables from Spark SQL over its Parquet.

Needs pyspark and a Java runtime; skipped with the reason when either is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spark_support import require_spark

from chorus.store import Store
from chorus.store.schema import CROSS_ARTICLE_TABLES

pytestmark = pytest.mark.spark

require_spark()

MASTER = "local[2]"
QUESTION = "Will Varnia send troops across the border?"
#: Columns that record when a row was written, not what it says.
STAMPS = {"stored_at", "recorded_at", "asked_at"}
PER_ARTICLE = ("articles", "entities", "statements", "forecasts", "event_mentions", "errors")
CROSS_ARTICLE = CROSS_ARTICLE_TABLES  # every table the cross-article steps rewrite whole


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
    """The same inputs built by both engines: the local one with the cross-article stage in
    DuckDB, the Spark one with it in Spark SQL (as on a cluster)."""
    from chorus.engines import local, spark
    from chorus.engines.corpus import link_corpus
    from chorus.engines.spark_link import link_corpus_spark

    local_out = tmp_path_factory.mktemp("local")
    spark_out = tmp_path_factory.mktemp("spark")
    local_summary = local.build(example_corpus, local_out, workers=1)
    with Store(local_out) as store:
        link_corpus(store, question=QUESTION)
    session = spark.spark_session(MASTER)
    try:
        spark_summary = spark.build(example_corpus, spark_out, master=MASTER)
        with Store(spark_out) as store:
            link_corpus_spark(store, spark_out / "parquet", session, question=QUESTION)
    finally:
        session.stop()
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


@pytest.mark.parametrize("table", [*CROSS_ARTICLE, "questions"])
def test_cross_article_tables_are_identical(builds, table):
    """Same rows in the same order (the views list them in stored order)."""
    local_out, spark_out, _, _ = builds
    query = f'SELECT * EXCLUDE (asked_at) FROM "{table}"' if table == "questions" else None
    with Store(local_out, read_only=True) as a, Store(spark_out, read_only=True) as b:
        query = query or f'SELECT * FROM "{table}"'
        local_rows, spark_rows = a.rows(query), b.rows(query)
    assert local_rows == spark_rows
    if table != "article_links":  # the example corpus has no syndicated copies
        assert spark_rows, f"the example corpus should give {table}"


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


def test_resumed_build_parquet_holds_the_whole_corpus(builds, example_corpus):
    """A run that analyses nothing new still leaves Parquet datasets of every stored article,
    so the cross-article stage in Spark sees the whole corpus."""
    import pyarrow.parquet as pq

    from chorus.engines import spark
    from chorus.engines.spark_link import link_corpus_spark

    _, spark_out, _, first = builds
    with Store(spark_out, read_only=True) as store:
        people = _table(store, "people")
    spark.build(example_corpus, spark_out, master=MASTER)
    parquet = spark_out / "parquet"
    assert pq.read_table(parquet / "articles").num_rows == first.stored
    assert (parquet / "articles" / spark.STORED_PART).exists()
    session = spark.spark_session(MASTER)
    try:
        with Store(spark_out) as store:
            link_corpus_spark(store, parquet, session)
            assert _table(store, "people") == people
    finally:
        session.stop()
