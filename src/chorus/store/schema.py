"""The DuckDB schema, derived from the record dataclasses so records stay the one definition.

Each table is a record type plus a few columns that later (cross-article) stages fill in.
``migrate`` creates missing tables and adds missing columns, so a database written by an older
chorus opens with a newer one. Documented in ``docs/database.md``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import duckdb

from chorus.records import (
    Article,
    EntityMention,
    Event,
    EventMention,
    Forecast,
    InputError,
    Person,
    Statement,
)

SCHEMA_VERSION = 1

SPAN_STRUCT = 'STRUCT("start" INTEGER, "end" INTEGER, "reason" VARCHAR)'
MENTION_STRUCT = 'STRUCT("start" INTEGER, "end" INTEGER, "text" VARCHAR)'
REPORT_STRUCT = 'STRUCT("article" VARCHAR, "start" INTEGER, "end" INTEGER)'


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    primary_key: str | None = None
    record: type | None = None
    derived: bool = False  # written whole by a cross-article step (``chorus.linking.steps``)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


_SCALARS = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN"}


def _sql_type(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _sql_type(args[0])
    if origin is list:
        (inner,) = typing.get_args(hint)
        if inner in _SCALARS:
            return _SCALARS[inner] + "[]"
        return "JSON"
    if hint in _SCALARS:
        return _SCALARS[hint]
    return "JSON"


def _record_columns(
    record: type, overrides: dict[str, str] | None = None, skip: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(record)
    overrides = overrides or {}
    return [
        (f.name, overrides.get(f.name) or _sql_type(hints[f.name]))
        for f in dataclasses.fields(record)
        if f.name not in skip
    ]


def _table(
    name: str,
    record: type | None,
    *,
    primary_key: str | None = None,
    overrides: dict[str, str] | None = None,
    skip: tuple[str, ...] = (),
    extra: tuple[tuple[str, str], ...] = (),
    derived: bool = False,
) -> Table:
    columns = _record_columns(record, overrides, skip) if record else []
    return Table(name, tuple(columns) + extra, primary_key, record, derived)


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _table("meta", None, primary_key="key", extra=(("key", "VARCHAR"), ("value", "VARCHAR"))),
        _table(
            "articles",
            Article,
            primary_key="id",
            overrides={"removed": f"{SPAN_STRUCT}[]", "offsets": "INTEGER[][]"},
            extra=(("pipeline_version", "VARCHAR"), ("stored_at", "TIMESTAMP")),
        ),
        _table("errors", InputError, extra=(("recorded_at", "TIMESTAMP"),)),
        _table(
            "entities",
            EntityMention,
            overrides={"mentions": f"{MENTION_STRUCT}[]"},
            extra=(("person_id", "VARCHAR"),),
        ),
        _table("statements", Statement, extra=(("group_id", "VARCHAR"),)),
        _table("forecasts", Forecast),
        _table("event_mentions", EventMention, extra=(("event_id", "VARCHAR"),)),
        # Cross-article tables, rebuilt from the per-article ones after every build.
        _table("people", Person, primary_key="id", derived=True),
        _table("events", Event, overrides={"reports": f"{REPORT_STRUCT}[]"}, derived=True),
        _table(
            "statement_reports",
            None,
            derived=True,
            extra=(
                ("group_id", "VARCHAR"),
                ("statement", "VARCHAR"),
                ("article", "VARCHAR"),
                ("published", "VARCHAR"),
                ("via", "VARCHAR"),
                ("rank", "INTEGER"),
            ),
        ),
        _table(
            "forecast_events",
            None,
            derived=True,
            extra=(
                ("id", "VARCHAR"),
                ("event", "VARCHAR"),
                ("forecasts", "VARCHAR[]"),
                ("articles", "VARCHAR[]"),
                ("voices", "VARCHAR[]"),
                ("directions", "JSON"),
            ),
        ),
        _table(
            "article_links",
            None,
            derived=True,
            extra=(
                ("article", "VARCHAR"),
                ("other", "VARCHAR"),
                ("similarity", "DOUBLE"),
                ("kind", "VARCHAR"),
            ),
        ),
        _table(
            "outlet_profiles",
            None,
            derived=True,
            extra=(("outlet", "VARCHAR"), ("profile", "JSON")),
        ),
        _table(
            "outcomes",
            None,
            primary_key="event",
            extra=(
                ("event", "VARCHAR"),
                ("outcome", "VARCHAR"),
                ("date", "VARCHAR"),
                ("recorded_at", "TIMESTAMP"),
            ),
        ),
        _table(
            "questions",
            None,
            primary_key="question",
            extra=(("question", "VARCHAR"), ("report", "JSON"), ("asked_at", "TIMESTAMP")),
        ),
        # Derived by the report step (``chorus.report.figures``) after a build or an outcome.
        _table(
            "forecaster_scores",
            None,
            extra=(
                ("speaker", "VARCHAR"),
                ("speaker_id", "VARCHAR"),
                ("brier", "DOUBLE"),
                ("count", "INTEGER"),
                ("forecasts", "JSON"),
                ("computed_at", "TIMESTAMP"),
            ),
        ),
    ]
}

#: Tables that hold one article's per-article output, keyed by an ``article`` (or ``id``) column.
PER_ARTICLE_TABLES = ("entities", "statements", "forecasts", "event_mentions")
#: Tables the cross-article steps rewrite whole after every build.
CROSS_ARTICLE_TABLES = tuple(name for name, table in TABLES.items() if table.derived)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_statement(table: Table) -> str:
    cols = [f"{_quote(n)} {t}" for n, t in table.columns]
    if table.primary_key:
        cols.append(f"PRIMARY KEY ({_quote(table.primary_key)})")
    return f"CREATE TABLE IF NOT EXISTS {_quote(table.name)} ({', '.join(cols)})"


@dataclass
class Migration:
    created: list[str] = field(default_factory=list)
    added_columns: list[str] = field(default_factory=list)


def migrate(con: duckdb.DuckDBPyConnection) -> Migration:
    """Create missing tables, add missing columns, record the schema version."""
    done = Migration()
    existing = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    for table in TABLES.values():
        if table.name not in existing:
            con.execute(create_statement(table))
            done.created.append(table.name)
            continue
        have = {
            row[0]
            for row in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ?",
                [table.name],
            ).fetchall()
        }
        for name, sql_type in table.columns:
            if name not in have:
                con.execute(
                    f"ALTER TABLE {_quote(table.name)} ADD COLUMN {_quote(name)} {sql_type}"
                )
                done.added_columns.append(f"{table.name}.{name}")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    return done
