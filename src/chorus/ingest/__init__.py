"""Ingest stage: find input files and read them into ``RawDocument`` records.

Interface: ``read_inputs(paths) -> Iterator[RawDocument | InputError]``; bad inputs come out as
``InputError`` records and the iteration goes on. Inputs: directories (recursive), files and
glob patterns of ``.txt`` scrapes, ``.html``/``.htm`` pages, ``.jsonl``/``.json`` exports and
``.warc``/``.warc.gz`` archives. Everything streams: one document in memory at a time.
``count_input_files`` / ``estimate_documents`` size a progress bar without reading documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from chorus.ingest.decode import SNIFF_BYTES, looks_binary
from chorus.ingest.files import (
    FORMATS,
    InputFile,
    count_input_files,
    estimate_documents,
    iter_input_files,
)
from chorus.ingest.readers import read_json, read_jsonl, read_text_file, read_warc
from chorus.records import InputError, RawDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "count_input_files",
    "estimate_documents",
    "iter_input_files",
    "read_inputs",
]

#: Largest single document read (bytes); override with ``max_bytes`` or CHORUS_MAX_BYTES.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _max_bytes(value: int | None) -> int:
    if value is not None:
        return value
    from_env = os.environ.get("CHORUS_MAX_BYTES")
    return int(from_env) if from_env and from_env.isdigit() else DEFAULT_MAX_BYTES


def read_inputs(
    paths: Sequence[str | Path], max_bytes: int | None = None
) -> Iterator[RawDocument | InputError]:
    """Every document under ``paths``, in a stable order, as ``RawDocument`` or ``InputError``."""
    limit = _max_bytes(max_bytes)
    for item in iter_input_files(paths):
        yield from read_file(item, limit)


def read_file(
    item: InputFile, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | InputError]:
    """The documents of one input file."""
    source = str(item.path)
    if item.missing:
        yield InputError(source, "missing", "no such file, directory or matching pattern")
        return
    kind = item.kind
    if kind is None:
        kind = _sniff_unknown(item)
        if kind is None:
            return
        if kind == "binary":
            yield InputError(
                source,
                "binary",
                f"binary file of unsupported type ({item.path.suffix or 'no suffix'})",
            )
            return
    if kind in ("text", "html"):
        yield from read_text_file(item.path, kind, max_bytes)
    elif kind == "jsonl":
        yield from read_jsonl(item.path, max_bytes)
    elif kind == "json":
        yield from read_json(item.path, max_bytes, item.explicit)
    elif kind == "warc":
        yield from read_warc(item.path, max_bytes)


def _sniff_unknown(item: InputFile) -> str | None:
    """A file whose name says nothing: binary content is reported; a text file without suffix
    (or named explicitly) is read as a scrape; other text files (README.md, data.csv) found
    by a directory walk are not article inputs and are passed over."""
    try:
        with open(item.path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return "text"  # the reader reports the error
    if looks_binary(head):
        return "binary"
    if item.explicit or not item.path.suffix:
        return "text"
    return None
