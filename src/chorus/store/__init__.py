"""Store stage: the embedded DuckDB database every build writes and every view reads.

The database lives in ``OUT/chorus.duckdb``. Per-article results are written in batches, one
transaction each, so an interrupted build keeps what it stored and resumes where it stopped;
re-running on the same input is idempotent (articles are keyed by a content hash and replaced,
never duplicated). Schema: ``chorus.store.schema`` and ``docs/database.md``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from chorus.records import (
    PIPELINE_VERSION,
    Article,
    ArticleResult,
    EntityMention,
    EventMention,
    Forecast,
    InputError,
    OffsetMap,
    RemovedSpan,
    Statement,
)
from chorus.store.access import (
    DEFAULT_WRITER_WAIT,
    DatabaseBusy,
    acquire_writer,
    connect,
    release_writer,
)
from chorus.store.schema import CROSS_ARTICLE_TABLES, PER_ARTICLE_TABLES, TABLES, migrate

__all__ = ["DB_NAME", "DatabaseBusy", "Store", "database_path", "record_row"]

DB_NAME = "chorus.duckdb"


def database_path(out_dir: str | Path) -> Path:
    return Path(out_dir) / DB_NAME


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record_row(record: Any, table: str) -> dict[str, Any]:
    """A record as a row of ``table``: nested records flattened, JSON columns serialised."""
    row = dataclasses.asdict(record) if dataclasses.is_dataclass(record) else dict(record)
    if isinstance(record, Article):
        row["offsets"] = [list(seg) for seg in record.offsets.segments]
    if isinstance(record, EntityMention):
        row["mentions"] = [{"start": s, "end": e, "text": t} for s, e, t in record.mentions]
    for name, sql_type in TABLES[table].columns:
        if sql_type == "JSON" and name in row and row[name] is not None:
            row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


#: SQL: the source named in ``column`` comes from one of the registered ``_chorus_files`` (the
#: file itself, or ``file#N`` for the N-th record of a JSON, JSON lines or WARC file).
_FILE_OF_SOURCE = (
    "({column} IN (SELECT file FROM _chorus_files) OR "
    "regexp_extract({column}, '^(.*)#[0-9]+$', 1) IN (SELECT file FROM _chorus_files))"
)

#: What DuckDB may keep cached between two batches of a streaming writer (``Store._shed_cache``).
STREAMING_CACHE = "16MB"


class Store:
    """A connection to one chorus database, created and migrated on open.

    ``streaming``: the connection writes batch after batch for as long as the corpus lasts (a
    build); DuckDB is then kept from holding memory that grows with the database.
    ``wait``: seconds to wait for another process holding the database (default: a writer
    waits ``DEFAULT_WRITER_WAIT``, a reader does not wait); then ``DatabaseBusy`` is raised.
    See ``chorus.store.access``.
    """

    def __init__(
        self,
        out_dir: str | Path,
        read_only: bool = False,
        streaming: bool = False,
        wait: float | None = None,
    ):
        self.path = database_path(out_dir)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise FileNotFoundError(f"no chorus database at {self.path}; run `chorus build` first")
        if wait is None:
            wait = 0.0 if read_only else DEFAULT_WRITER_WAIT
        if not read_only:
            acquire_writer(self.path, wait)
        try:
            self.con = connect(self.path, read_only, wait)
        except BaseException:
            if not read_only:
                release_writer(self.path)
            raise
        self._closed = False
        self.streaming = streaming and not read_only
        if not read_only:
            migrate(self.con)
        if self.streaming:
            # Every checkpoint appends the rows written since as new row groups, and its vacuum
            # step now and then merges them back, rewriting the table (up to a whole row group,
            # 122,880 articles) in memory at once: +100 MB at 8,000 articles, growing with the
            # corpus. Without it the rows are the same, only left in one row group per checkpoint
            # (7 for 10,000 articles, against 2-3), and the file is smaller (54 MB against 73).
            self.con.execute("SET max_vacuum_tasks = 0")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.con.close()
        if not self.read_only:
            release_writer(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = [c for c in TABLES[table].column_names if c in rows[0]]
        batch = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows])
        # Registered views are not transactional: unregistering after a failed statement would
        # raise "transaction aborted" and hide the real error, so a failure leaves the view to
        # be replaced by the next registration.
        self.con.register("_chorus_batch", batch)
        cols = ", ".join(f'"{c}"' for c in columns)
        self.con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _chorus_batch')
        self.con.unregister("_chorus_batch")

    def stored_article_ids(self) -> set[str]:
        """Articles already stored by this pipeline version (skipped when a build resumes)."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE pipeline_version = ?", [PIPELINE_VERSION]
        ).fetchall()
        return {r[0] for r in rows}

    def stored_documents(self) -> dict[str, tuple[str, str | None]]:
        """``id -> (source, repeated_key)`` of the articles stored by this pipeline version:
        an input whose id, source and repeated-line set match is not analysed again."""
        rows = self.con.execute(
            "SELECT id, source, repeated_key FROM articles WHERE pipeline_version = ?",
            [PIPELINE_VERSION],
        ).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def write_results(self, results: Sequence[ArticleResult]) -> list[InputError]:
        """Store a batch of per-article results in one transaction, replacing earlier copies
        (same id, or same source: an edited file replaces its earlier version) and their
        error rows. If the batch cannot be stored, each result is tried alone; the ones that
        still fail come back as ``InputError`` records (stage "store") for the caller to record.
        """
        if not results:
            return []
        try:
            self._write_results(results)
            return []
        except (duckdb.Error, pa.ArrowException, ValueError, UnicodeError) as exc:
            if len(results) == 1:
                source = results[0].article.source
                return [InputError(source, "store", f"{exc.__class__.__name__}: {exc}", "store")]
        failed: list[InputError] = []
        for result in results:
            failed.extend(self.write_results([result]))
        return failed

    def _write_results(self, results: Sequence[ArticleResult]) -> None:
        ids = [r.article.id for r in results]
        sources = [r.article.source for r in results]
        stamp = _now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            replaced = [
                row[0]
                for row in self.con.execute(
                    "SELECT id FROM articles "
                    "WHERE list_contains(?, id) OR list_contains(?, source)",
                    [ids, sources],
                ).fetchall()
            ]
            if replaced:
                self.con.execute("DELETE FROM articles WHERE list_contains(?, id)", [replaced])
                for table in PER_ARTICLE_TABLES:
                    self.con.execute(
                        f'DELETE FROM "{table}" WHERE list_contains(?, article)', [replaced]
                    )
            self.con.execute("DELETE FROM errors WHERE list_contains(?, source)", [sources])
            articles = []
            for r in results:
                row = record_row(r.article, "articles")
                row.update(pipeline_version=PIPELINE_VERSION, stored_at=stamp)
                articles.append(row)
            self._insert("articles", articles)
            self._insert(
                "entities", [record_row(e, "entities") for r in results for e in r.entities]
            )
            self._insert(
                "statements", [record_row(s, "statements") for r in results for s in r.statements]
            )
            self._insert(
                "forecasts", [record_row(f, "forecasts") for r in results for f in r.forecasts]
            )
            self._insert(
                "event_mentions",
                [record_row(e, "event_mentions") for r in results for e in r.events],
            )
            notes = [n for r in results for n in r.notes]
            self._insert(
                "errors", [{**record_row(n, "errors"), "recorded_at": stamp} for n in notes]
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        if self.streaming:
            self._shed_cache()

    def forget_stale(self, files: Iterable[str], documents: Iterable[tuple[str, str]]) -> int:
        """Make the database agree with inputs just read, before their results are written.

        ``files`` are the input files (sources) of this build, ``documents`` the ``(id,
        source)`` each readable document of them has now. Stored articles that came from one
        of these files but are not among its documents now (the file was edited, emptied or
        broke) are removed with their records; the fatal error rows of these files are
        removed too (this build records them again). Returns how many articles went.
        """
        self._register_inputs(files, documents)
        from_inputs = _FILE_OF_SOURCE.format(column="a.source")
        return self._forget(
            f"SELECT a.id FROM articles a WHERE {from_inputs} AND NOT EXISTS "
            "(SELECT 1 FROM _chorus_docs d WHERE d.id = a.id AND d.source = a.source)",
            "DELETE FROM errors WHERE fatal IS NOT FALSE AND "
            + _FILE_OF_SOURCE.format(column="errors.source"),
        )

    def prune(self, files: Iterable[str]) -> int:
        """Remove every article and error row whose input file is not among ``files`` (the
        inputs of this build): ``chorus build --prune``. Returns how many articles went."""
        self._register_inputs(files, [])
        return self._forget(
            "SELECT a.id FROM articles a WHERE NOT " + _FILE_OF_SOURCE.format(column="a.source"),
            "DELETE FROM errors WHERE NOT " + _FILE_OF_SOURCE.format(column="errors.source"),
        )

    def _register_inputs(self, files: Iterable[str], documents: Iterable[tuple[str, str]]) -> None:
        docs = list(documents)
        self.con.register(
            "_chorus_files", pa.table({"file": pa.array(sorted(set(files)), pa.string())})
        )
        self.con.register(
            "_chorus_docs",
            pa.table(
                {
                    "id": pa.array([d[0] for d in docs], pa.string()),
                    "source": pa.array([d[1] for d in docs], pa.string()),
                }
            ),
        )

    def _forget(self, articles_sql: str, errors_sql: str) -> int:
        self.con.execute("BEGIN TRANSACTION")
        try:
            gone = [row[0] for row in self.con.execute(articles_sql).fetchall()]
            if gone:
                self.con.execute("DELETE FROM articles WHERE list_contains(?, id)", [gone])
                for table in PER_ARTICLE_TABLES:
                    self.con.execute(
                        f'DELETE FROM "{table}" WHERE list_contains(?, article)', [gone]
                    )
            self.con.execute(errors_sql)
            # Notes (non-fatal rows) live only as long as an article of their source.
            self.con.execute(
                "DELETE FROM errors WHERE fatal = FALSE AND source NOT IN "
                "(SELECT source FROM articles)"
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.unregister("_chorus_files")
            self.con.unregister("_chorus_docs")
        return len(gone)

    def _shed_cache(self) -> None:
        """Evict what DuckDB has cached beyond ``STREAMING_CACHE``, between two transactions.

        DuckDB keeps every block it writes (at each checkpoint) or reads (the DELETE scans) until
        its memory limit, 80% of RAM by default, forces it out: a build's main process grew by
        about the size of the database (+60 MB at 10,000 articles). A standing low limit is no
        cure: a checkpoint that needs more than the limit (large HTML pages) is a fatal error
        that invalidates the database. So the limit is lowered only for the moment it takes to
        evict, then put back; if what cannot be evicted is over it, DuckDB refuses the lower
        limit and keeps the old one. (chorus sets no limit of its own, so RESET puts back the
        right one; setting back the value read from ``current_setting`` would not: it is rounded,
        and shrinks by 0.1 GiB a round.)
        """
        try:
            self.con.execute(f"SET memory_limit = '{STREAMING_CACHE}'")
        except duckdb.OutOfMemoryException:
            return
        self.con.execute("RESET memory_limit")

    def write_errors(self, errors: Sequence[InputError]) -> None:
        """Record bad inputs; one row per (source, reason), replaced on re-run. Text that no
        store can hold (lone surrogates from a hostile name or message) is mended first."""
        if not errors:
            return
        errors = [
            dataclasses.replace(e, source=_storable(e.source), detail=_storable(e.detail))
            for e in errors
        ]
        self.con.execute("BEGIN TRANSACTION")
        try:
            for e in errors:
                self.con.execute(
                    "DELETE FROM errors WHERE source = ? AND reason = ?", [e.source, e.reason]
                )
            stamp = _now()
            self._insert(
                "errors", [{**record_row(e, "errors"), "recorded_at": stamp} for e in errors]
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def replace_table(self, table: str, rows: Iterable[Any]) -> None:
        """Rewrite a cross-article table whole (it is derived, so nothing is lost)."""
        assert table in CROSS_ARTICLE_TABLES, table
        rows = [record_row(r, table) for r in rows]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(f'DELETE FROM "{table}"')
            self._insert(table, rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def update_column(
        self, table: str, column: str, keys: tuple[str, ...], rows: Sequence[tuple]
    ) -> None:
        """Set ``table.column`` from rows of ``(key values..., value)``; NULL where none match."""
        self.con.execute(f'UPDATE "{table}" SET "{column}" = NULL')
        if not rows:
            return
        names = [f"k{i}" for i in range(len(keys))] + ["v"]
        data = pa.table({name: [r[i] for r in rows] for i, name in enumerate(names)})
        self.con.register("_chorus_pairs", data)  # not unregistered on failure: see _insert
        match = " AND ".join(f't."{k}" = p.k{i}' for i, k in enumerate(keys))
        # Updating in the table's own row order is an order of magnitude faster in DuckDB
        # than in the order the pairs come (120k entity rows: 0.08 s against 1.6 s).
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _chorus_updates AS "
            f'SELECT t.rowid AS row_number, p.v FROM "{table}" t JOIN _chorus_pairs p '
            f"ON {match} ORDER BY row_number"
        )
        self.con.execute(
            f'UPDATE "{table}" SET "{column}" = u.v FROM _chorus_updates u '
            f'WHERE "{table}".rowid = u.row_number'
        )
        self.con.execute("DROP TABLE _chorus_updates")
        self.con.unregister("_chorus_pairs")

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        return self.con.execute(sql, params or [])

    # -- reading ---------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def iter_articles(self) -> Iterator[Article]:
        for row in self.rows("SELECT * FROM articles ORDER BY published NULLS LAST, id"):
            yield article_from_row(row)

    def article(self, article_id: str) -> Article | None:
        rows = self.rows(
            "SELECT * FROM articles WHERE id = ? OR id LIKE ?", [article_id, article_id + "%"]
        )
        return article_from_row(rows[0]) if len(rows) == 1 else None

    def entities(self) -> list[EntityMention]:
        return [
            record_from_row(EntityMention, r)
            for r in self.rows("SELECT * FROM entities ORDER BY article, local_id")
        ]

    def statements(self) -> list[Statement]:
        return [
            record_from_row(Statement, r)
            for r in self.rows("SELECT * FROM statements ORDER BY article, start, id")
        ]

    def forecasts(self) -> list[Forecast]:
        return [
            record_from_row(Forecast, r)
            for r in self.rows("SELECT * FROM forecasts ORDER BY article, start, id")
        ]

    def event_mentions(self) -> list[EventMention]:
        return [
            record_from_row(EventMention, r)
            for r in self.rows("SELECT * FROM event_mentions ORDER BY article, start, id")
        ]

    def errors(self) -> list[InputError]:
        return [
            record_from_row(InputError, r)
            for r in self.rows("SELECT * FROM errors ORDER BY source")
        ]

    def counts(self) -> dict[str, int]:
        return {
            name: self.con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in TABLES
            if name != "meta"
        }


def _storable(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def record_from_row(cls: type, row: dict[str, Any]) -> Any:
    """A record from a stored row (DuckDB or Parquet): nested columns back to tuples."""
    hints = _field_names(cls)
    values = {k: v for k, v in row.items() if k in hints}
    if cls is EntityMention:
        values["mentions"] = [
            (m["start"], m["end"], m["text"]) for m in values.get("mentions") or []
        ]
        values["roles"] = list(values.get("roles") or [])
    return cls(**values)


def article_from_row(row: dict[str, Any]) -> Article:
    values = {k: v for k, v in row.items() if k in _field_names(Article)}
    values["offsets"] = OffsetMap([tuple(seg) for seg in values.get("offsets") or []])
    values["removed"] = [RemovedSpan(**span) for span in values.get("removed") or []]
    values["genre_evidence"] = list(values.get("genre_evidence") or [])
    return Article(**values)
