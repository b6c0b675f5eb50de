"""The registry of input formats: one entry per reader, so a new format is one registration.

A reader turns one input file into documents: ``read(item, limits)`` yields ``RawDocument``
or ``InputError`` records and never raises for bad input (anything it does raise is still
caught by ``chorus.ingest.read_file`` and recorded against the file). Which reader a file goes
to is decided by its name's ending, the longest registered suffix first. The built-in readers
register themselves in ``chorus.ingest.readers``; a plugin calls ``register_reader``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chorus.records import InputError, RawDocument


@dataclass(frozen=True)
class InputFile:
    """One file to read. ``explicit`` is True when the user named it (not found by a walk);
    ``problem`` is ``(reason, detail)`` for an entry that cannot be read at all (missing,
    unreadable, special file)."""

    path: Path
    kind: str | None
    explicit: bool
    problem: tuple[str, str] | None = None

    @property
    def missing(self) -> bool:
        return self.problem is not None and self.problem[0] == "missing"

    @property
    def source(self) -> str:
        return source_name(self.path)


def source_name(path: str | Path) -> str:
    """The path as stored text: a name holding bytes that are not UTF-8 (allowed by POSIX,
    refused by every store and file format) shows them as U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


@dataclass(frozen=True)
class ReadLimits:
    """Per-input limits: the largest document read, in bytes (see ``docs/robustness.md``)."""

    max_bytes: int


ReadFunction = Callable[["InputFile", ReadLimits], Iterator["RawDocument | InputError"]]


@dataclass(frozen=True)
class Reader:
    """One input format: its name, the file name endings it takes, and its reading function."""

    name: str
    suffixes: tuple[str, ...]
    read: ReadFunction
    description: str = ""


READERS: dict[str, Reader] = {}


def register_reader(reader: Reader) -> Reader:
    """Add (or replace) an input format; its suffixes are matched case-insensitively."""
    READERS[reader.name] = reader
    return reader


def reader_for(file_name: str) -> Reader | None:
    """The reader whose longest suffix ends ``file_name`` (``.warc.gz`` before ``.gz``)."""
    name = file_name.lower()
    best: tuple[int, Reader] | None = None
    for reader in READERS.values():
        for suffix in reader.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), reader)
    return best[1] if best else None


def suffixes() -> dict[str, str]:
    """Every registered file name ending and the reader it goes to."""
    return {suffix: r.name for r in READERS.values() for suffix in r.suffixes}
