"""Ingest stage: find input files and read them into ``RawDocument`` records.

Interface: ``read_inputs(paths) -> Iterator[RawDocument | InputError]``; bad inputs come out as
``InputError`` records and the iteration goes on, whatever a reader raises (an exception, a
``RecursionError``, a ``MemoryError``). Inputs: directories (recursive), files and glob
patterns in any registered format (``chorus.ingest.formats``: ``.txt`` scrapes, ``.html``
pages, ``.jsonl``/``.json`` exports, ``.warc``/``.warc.gz`` archives). Everything streams: one
document in memory at a time. ``count_input_files`` / ``estimate_documents`` size a progress
bar without reading documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from chorus.ingest import readers as _readers  # noqa: F401 - registers the built-in formats
from chorus.ingest.decode import SNIFF_BYTES, looks_binary
from chorus.ingest.files import (
    count_input_files,
    estimate_documents,
    iter_input_files,
    open_regular,
)
from chorus.ingest.formats import (
    READERS,
    InputFile,
    Reader,
    ReadLimits,
    register_reader,
    source_name,
    suffixes,
)
from chorus.records import InputError, RawDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "InputFile",
    "Reader",
    "ReadLimits",
    "count_input_files",
    "estimate_documents",
    "input_file_of",
    "iter_input_files",
    "read_inputs",
    "register_reader",
    "source_name",
    "suffixes",
]

#: Largest single document read (bytes); override with ``max_bytes`` or CHORUS_MAX_BYTES.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _max_bytes(value: int | None) -> int:
    if value is not None:
        return value
    from_env = os.environ.get("CHORUS_MAX_BYTES")
    return int(from_env) if from_env and from_env.isdigit() else DEFAULT_MAX_BYTES


def read_inputs(
    paths: Sequence[str | Path],
    max_bytes: int | None = None,
    exclude: Sequence[str | Path] = (),
) -> Iterator[RawDocument | InputError]:
    """Every document under ``paths``, in a stable order, as ``RawDocument`` or ``InputError``;
    folders in ``exclude`` (a build's own output) are not walked into."""
    limits = ReadLimits(_max_bytes(max_bytes))
    for item in iter_input_files(paths, exclude):
        yield from read_file(item, limits)


def read_file(
    item: InputFile, limits: ReadLimits | int | None = None
) -> Iterator[RawDocument | InputError]:
    """The documents of one input file; whatever goes wrong ends this file with one error."""
    if not isinstance(limits, ReadLimits):
        limits = ReadLimits(_max_bytes(limits))
    if item.problem is not None:
        yield InputError(item.source, *item.problem)
        return
    kind = item.kind or _sniff_unknown(item)
    if kind is None:
        return
    if kind == "binary":
        detail = f"binary file of unsupported type ({item.path.suffix or 'no suffix'})"
        yield InputError(item.source, "binary", detail)
        return
    try:
        yield from READERS[kind].read(item, limits)
    except RecursionError:
        yield InputError(item.source, "too-deep", "nested too deeply to read (RecursionError)")
    except MemoryError:
        yield InputError(item.source, "too-large", "ran out of memory while reading")
    except Exception as exc:  # a reader's bug or a library's surprise: still one error row
        yield InputError(item.source, "read-failed", f"{exc.__class__.__name__}: {exc}")


def input_file_of(source: str, files: set[str]) -> str | None:
    """The input file a document's source came from (``file`` or ``file#N``), if in ``files``."""
    if source in files:
        return source
    head, sep, number = source.rpartition("#")
    return head if sep and number.isdigit() and head in files else None


def _sniff_unknown(item: InputFile) -> str | None:
    """A file whose name says nothing: binary content is reported; a text file without suffix
    (or named explicitly) is read as a scrape; other text files (README.md, data.csv) found
    by a directory walk are not article inputs and are passed over."""
    try:
        with open_regular(item.path) as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return "text"  # the reader reports the error
    if looks_binary(head):
        return "binary"
    if item.explicit or not item.path.suffix:
        return "text"
    return None
