"""The cross-article stage in Spark SQL gives the same tables as the one in DuckDB.

Run on made-up per-article records that put in every hard case of linking (see
``linking_records``), with the blocking caps lowered so they bite, and once with the
connected components closed in Spark rather than on the driver. Needs pyspark and Java.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from linking_records import make_results
from spark_support import require_spark

from chorus.linking.registry import STEPS
from chorus.linking.steps import events, provenance
from chorus.store import Store

pytestmark = pytest.mark.spark

require_spark()

#: Every table a step that runs in Spark writes (a new step is compared without an edit here).
LINKED_TABLES = tuple(table for step in STEPS if step.in_spark for table in step.writes)
UPDATED_COLUMNS = {
    "entities": "SELECT article, local_id, person_id FROM entities",
    "statements": "SELECT id, speaker, speaker_id, group_id FROM statements",
    "forecasts": "SELECT id, speaker, speaker_id, event_subject_id, event_group FROM forecasts",
    "event_mentions": "SELECT id, event_id FROM event_mentions",
}


@pytest.fixture(scope="module")
def session():
    from chorus.engines.spark import spark_session

    spark = spark_session("local[2]")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """The records in a store, and as Parquet datasets (exported the way a resumed Spark
    build completes them)."""
    from chorus.engines.spark import PARQUET_DIR, complete_datasets

    out = tmp_path_factory.mktemp("records")
    with Store(out) as store:
        results = make_results()
        store.write_results(results)
        assert complete_datasets(store, out / PARQUET_DIR) == len(results)
    return out


#: Blocking caps low enough that this small corpus has stock phrases and common words.
SMALL_CAPS = {
    "provenance": provenance.Settings(max_postings=4),
    "events": events.Settings(max_word_postings=3),
}


def _tables(out: Path) -> dict[str, list[dict]]:
    with Store(out, read_only=True) as store:
        tables = {t: store.rows(f'SELECT * FROM "{t}"') for t in LINKED_TABLES}
        tables.update({t: store.rows(q + " ORDER BY ALL") for t, q in UPDATED_COLUMNS.items()})
    return tables


@pytest.mark.parametrize("driver_edges", [None, 0], ids=["driver-closure", "spark-closure"])
def test_spark_link_gives_the_duckdb_tables(stored, session, tmp_path, monkeypatch, driver_edges):
    from chorus.engines.corpus import link_corpus
    from chorus.engines.spark import PARQUET_DIR
    from chorus.engines.spark_link import link_corpus_spark

    if driver_edges is not None:
        monkeypatch.setattr("chorus.engines.spark_sql.DRIVER_EDGES", driver_edges)
    duck, spark = tmp_path / "duck", tmp_path / "spark"
    shutil.copytree(stored, duck)
    shutil.copytree(stored, spark)
    with Store(duck) as store:
        link_corpus(store, settings=SMALL_CAPS)
    with Store(spark) as store:
        link_corpus_spark(store, spark / PARQUET_DIR, session, settings=SMALL_CAPS)
    expected, got = _tables(duck), _tables(spark)
    assert {"people", "statement_reports", "article_links", "events", "outlet_profiles"} <= set(
        expected
    )
    for table in expected:
        assert got[table] == expected[table], table  # same rows, in the same order

    # The corpus does exercise the hard cases, so the equality above means something.
    people = {p["name"]: p for p in expected["people"]}
    assert "Maren" in people  # the ambiguous bare surname: its own unresolved entry
    assert "Ilse Maren" in people and "Tomas Maren" in people
    assert {"Valery Kavaleuski", "Valery Kavaleusky"} & set(people)
    sizes = {}
    for report in expected["statement_reports"]:
        sizes[report["group_id"]] = sizes.get(report["group_id"], 0) + 1
    assert max(sizes.values()) > 50  # the wire quote, beyond the (lowered) shingle cap
    assert expected["article_links"], "syndicated copies are near-duplicates"
    assert any(len(e["reports"]) > 1 for e in expected["events"])
    assert any(len(g["articles"]) > 1 for g in expected["forecast_events"])
    holders = [f for f in expected["forecasts"] if f["speaker_id"] and f["event_subject_id"]]
    assert holders, "forecasts resolve their speakers and event subjects to people"
    assert any(e["date"] is None for e in expected["events"])


def test_links_in_spark_on_a_cluster_only_by_default():
    from chorus.engines.spark_link import links_in_spark

    assert links_in_spark("spark://head:7077")
    assert not links_in_spark("local[2]")
    assert links_in_spark("local[2]", "spark")
    assert not links_in_spark("spark://head:7077", "duckdb")
