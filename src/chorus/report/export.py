"""Exports of the public tables (the export contract of PRODUCT.md), via DuckDB ``COPY``.

The contract fields come first in the order PRODUCT.md lists them; extra fields follow. This
module is the one place that names them: tests pin it and ``docs/export.md`` describes it.

Formats are registered (``EXPORT_FORMATS``, ``register_format``): a new format is one entry,
read by ``export_table`` and by the CLI's ``--format`` choice. Rows come in a total order
(every sort key ends in a unique column, so ties never reorder between builds). A text cell
of a CSV that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) is neutralised by a leading apostrophe, OWASP's rule against
CSV injection; ``csv_safe`` applies the same rule to any other CSV the project writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chorus.store import Store
from chorus.store.schema import TABLES

#: table -> (contract fields, extra fields)
EXPORTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "articles": (
        ("id", "source", "title", "outlet", "published", "author", "genre", "text", "removed"),
        (
            "published_source", "published_start", "published_end", "dateline_start",
            "dateline_end", "wire", "body_date", "genre_evidence", "url", "format", "original",
        ),
    ),
    "statements": (
        (
            "id", "article", "source", "start", "end", "text", "kind", "cue",
            "speaker_mention", "speaker_start", "speaker_end", "speaker", "speaker_id", "via",
            "confidence",
        ),
        ("cue_start", "cue_end", "group_id"),
    ),
    "people": (("id", "name", "kind", "aliases", "roles", "articles"), ()),
    "forecasts": (
        (
            "id", "article", "source", "start", "end", "text", "speaker", "event", "direction",
            "hedge", "probability",
        ),
        (
            "conditional", "statement", "speaker_id", "voice", "speaker_mention",
            "probability_source", "probability_text", "probability_start", "probability_end",
            "condition", "event_key", "event_group", "event_subject", "event_act",
            "event_object", "event_subject_id",
        ),
    ),
    "forecast_events": ((), ("id", "event", "forecasts", "articles", "voices", "directions")),
    "events": (("id", "date", "precision", "summary", "reports"), ("dated_by",)),
    "errors": (("source", "reason", "detail", "stage", "recorded_at"), ("fatal",)),
}  # fmt: skip


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name (also the file extension), DuckDB's ``COPY`` options, and
    whether it is flat text (nested columns written as JSON, formula cells neutralised)."""

    name: str
    copy_options: str
    flat_text: bool = False
    description: str = ""


EXPORT_FORMATS: dict[str, ExportFormat] = {}


def register_format(fmt: ExportFormat) -> ExportFormat:
    """Add (or replace) an export format."""
    EXPORT_FORMATS[fmt.name] = fmt
    return fmt


register_format(ExportFormat("jsonl", "FORMAT JSON", description="JSON lines, a row a line"))
register_format(ExportFormat("csv", "FORMAT CSV, HEADER", flat_text=True, description="CSV"))
register_format(ExportFormat("parquet", "FORMAT PARQUET", description="Apache Parquet"))

#: Columns holding lists or structs: CSV cannot hold them, so they are written as JSON text.
_NESTED = {
    "removed",
    "genre_evidence",
    "aliases",
    "roles",
    "articles",
    "reports",
    "dated_by",
    "forecasts",
    "voices",
}

#: A total order per table: each key ends in columns that tell any two rows apart.
_ORDER = {
    "articles": "published NULLS LAST, id",
    "statements": 'article, start, "end", id',
    "people": "name, id",
    "forecasts": 'article, start, "end", id',
    "forecast_events": "len(forecasts) DESC, id",
    "events": "date NULLS LAST, id",
    "errors": "source, reason, stage, detail",
}

#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_SQL = "'^[=+@\\t\\r-]'"


def csv_safe(value: object) -> object:
    """A text cell that would start a formula, behind an apostrophe; other values as they are.
    For every CSV the project writes other than through ``export_table``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_columns(table: str, store: Store) -> list[str]:
    """The contract fields plus whichever extra fields this database has."""
    contract, extra = EXPORTS[table]
    have = {
        r[0]
        for r in store.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }
    return list(contract) + [c for c in extra if c in have]


def export_table(store: Store, table: str, out_dir: str | Path, fmt: str = "jsonl") -> Path:
    """Write one table to ``out_dir/TABLE.EXT``; returns the file written."""
    if table not in EXPORTS:
        raise ValueError(f"unknown table {table!r}; choose from {', '.join(EXPORTS)}")
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    spec = EXPORT_FORMATS[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{table}.{spec.name}"
    cols = [_select(table, column, spec) for column in export_columns(table, store)]
    query = f'SELECT {", ".join(cols)} FROM "{table}" ORDER BY {_ORDER[table]}'
    path_sql = str(target).replace("'", "''")
    store.execute(f"COPY ({query}) TO '{path_sql}' ({spec.copy_options})")
    return target


def _select(table: str, column: str, spec: ExportFormat) -> str:
    """The column as the format writes it."""
    quoted = f'"{column}"'
    if not spec.flat_text:
        return quoted
    if column in _NESTED:
        return f"to_json({quoted}) AS {quoted}"
    if dict(TABLES[table].columns).get(column, "VARCHAR") != "VARCHAR":
        return quoted
    return (
        f"CASE WHEN regexp_matches({quoted}, {_FORMULA_SQL}) "
        f"THEN '''' || {quoted} ELSE {quoted} END AS {quoted}"
    )
