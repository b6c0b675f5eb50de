"""Ingest stage: find input files and read them into ``RawDocument`` records.

Interface: ``read_inputs(paths) -> Iterator[RawDocument | InputError]``; bad inputs come out as
``InputError`` records and the iteration goes on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from chorus.records import InputError, RawDocument


def read_inputs(paths: Sequence[str | Path]) -> Iterator[RawDocument | InputError]:
    for path in paths:
        p = Path(path)
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            try:
                yield RawDocument(source=str(f), text=f.read_text(encoding="utf-8"), format="text")
            except UnicodeDecodeError as exc:
                yield InputError(source=str(f), reason="decode", detail=str(exc))
