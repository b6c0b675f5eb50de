"""The DuckDB store: schema from records, migration, idempotent batched writes."""

from __future__ import annotations

import duckdb
import pytest

from chorus.records import Article as ArticleRecord
from chorus.records import (
    ArticleResult,
    EntityMention,
    InputError,
    OffsetMap,
    RawDocument,
    RemovedSpan,
    Statement,
    stable_id,
)
from chorus.store import Store, database_path
from chorus.store.schema import TABLES


def _article(text: str, removed: list[RemovedSpan] | None = None) -> ArticleRecord:
    raw = RawDocument(source=f"{stable_id(text)}.txt", text=text, format="text")
    return ArticleRecord(
        id=raw.id,
        source=raw.source,
        original=text,
        text=text,
        offsets=OffsetMap([(0, 0, len(text))]),
        removed=removed or [],
        title="A title",
        published="2024-03-02",
    )


def _result(text: str) -> ArticleResult:
    art = _article(text, [RemovedSpan(0, 3, "boilerplate_ui")])
    stmt = Statement(
        id=stable_id(art.id, "4", "9"),
        article=art.id,
        source=art.source,
        start=4,
        end=9,
        text=text[4:9],
        kind="direct",
        speaker="Ana Pell",
        confidence=0.9,
    )
    ent = EntityMention(
        article=art.id, local_id="e1", name="Ana Pell", kind="person", mentions=[(0, 3, "Ana")]
    )
    return ArticleResult(article=art, statements=[stmt], entities=[ent])


def test_schema_columns_follow_records():
    assert TABLES["statements"].column_names[:3] == ["id", "article", "source"]
    assert "group_id" in TABLES["statements"].column_names
    assert dict(TABLES["articles"].columns)["removed"].startswith("STRUCT")


def test_round_trip_and_idempotent_rewrite(tmp_path):
    results = [_result("abc Hello there, world."), _result("xyz Other text entirely.")]
    with Store(tmp_path) as store:
        store.write_results(results)
        store.write_results(results)  # a re-run replaces, never duplicates
        counts = store.counts()
        assert counts["articles"] == 2 and counts["statements"] == 2 and counts["entities"] == 2
        back = {a.id: a for a in store.iter_articles()}
        first = back[results[0].article.id]
        assert first.removed == [RemovedSpan(0, 3, "boilerplate_ui")]
        assert first.offsets.segments == [(0, 0, len(first.original))]
        assert store.entities()[0].mentions[0] == (0, 3, "Ana")
        assert {s.text for s in store.statements()} == {"Hello", "Other"}


def test_empty_lists_store(tmp_path):
    art = _article("Nothing removed here.")
    with Store(tmp_path) as store:
        store.write_results([ArticleResult(article=art)])
        assert next(store.iter_articles()).removed == []


def test_errors_replaced_per_source_and_cleared_on_success(tmp_path):
    with Store(tmp_path) as store:
        err = InputError(source="x.txt", reason="binary", detail="NUL bytes")
        store.write_errors([err])
        store.write_errors([err])
        assert len(store.errors()) == 1
        res = _result("abc A fine article now.")
        res.article.source = "x.txt"
        store.write_results([res])
        assert store.errors() == []


def test_failed_batch_keeps_what_was_stored(tmp_path):
    """A result the store cannot hold costs that result only: the rest of its batch is
    stored, and the failure comes back as an error naming the real cause (not "aborted")."""
    with Store(tmp_path) as store:
        store.write_results([_result("abc First stored article.")])
        bad = _result("abc Second article.")
        bad.statements[0].confidence = "not a number"  # type: ignore[assignment]
        failed = store.write_results([bad, _result("abc Third article.")])
        assert [(e.source, e.reason, e.stage) for e in failed] == [
            (bad.article.source, "store", "store")
        ]
        assert "Conversion" in failed[0].detail
        assert store.counts()["articles"] == 2


def test_migration_adds_missing_columns(tmp_path):
    path = database_path(tmp_path)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE statements (id VARCHAR, article VARCHAR)")
    con.execute("INSERT INTO statements VALUES ('s1', 'a1')")
    con.close()
    with Store(tmp_path) as store:
        cols = {r[0] for r in store.execute("DESCRIBE statements").fetchall()}
        assert {"speaker", "via", "confidence", "group_id"} <= cols
        assert store.rows("SELECT id, speaker FROM statements") == [{"id": "s1", "speaker": None}]


def test_read_only_open_of_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="chorus build"):
        Store(tmp_path / "nothing", read_only=True)
