"""Exports of the public tables (the export contract of PRODUCT.md), via DuckDB ``COPY``.

The contract fields come first in the order PRODUCT.md lists them; extra fields follow. This
module is the one place that names them: tests pin it and ``docs/export.md`` describes it.
"""

from __future__ import annotations

from pathlib import Path

from chorus.store import Store

#: table -> (contract fields, extra fields)
EXPORTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "articles": (
        ("id", "source", "title", "outlet", "published", "author", "genre", "text", "removed"),
        ("published_source", "body_date", "genre_evidence", "url", "format", "original"),
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
            "condition", "event_key", "event_group",
        ),
    ),
    "events": (("id", "date", "precision", "summary", "reports"), ("dated_by",)),
    "errors": (("source", "reason", "detail", "stage", "recorded_at"), ()),
}  # fmt: skip

FORMATS = ("jsonl", "csv", "parquet")

#: Columns holding lists or structs: CSV cannot hold them, so they are written as JSON text.
_NESTED = {"removed", "genre_evidence", "aliases", "roles", "articles", "reports", "dated_by"}

_ORDER = {
    "articles": "published NULLS LAST, id",
    "statements": "article, start",
    "people": "name",
    "forecasts": "article, start",
    "events": "date NULLS LAST, id",
    "errors": "source",
}


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
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{table}.{fmt}"
    cols = []
    for c in export_columns(table, store):
        if fmt == "csv" and c in _NESTED:
            cols.append(f'to_json("{c}") AS "{c}"')
        else:
            cols.append(f'"{c}"')
    query = f'SELECT {", ".join(cols)} FROM "{table}" ORDER BY {_ORDER[table]}'
    options = {"jsonl": "FORMAT JSON", "csv": "FORMAT CSV, HEADER", "parquet": "FORMAT PARQUET"}[
        fmt
    ]
    path_sql = str(target).replace("'", "''")
    store.execute(f"COPY ({query}) TO '{path_sql}' ({options})")
    return target
