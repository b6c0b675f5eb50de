"""Finding input files: directories (recursive), single files and glob patterns."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: File name endings and the reader each one goes to.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc.gz": "warc",
}


@dataclass(frozen=True)
class InputFile:
    """One file to read. ``explicit`` is True when the user named it (not found by a walk);
    ``missing`` marks a named path that does not exist."""

    path: Path
    kind: str | None
    explicit: bool
    missing: bool = False


def file_kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMATS[suffix]
    return None


def _walk(directory: Path) -> Iterator[Path]:
    """Regular files under ``directory`` in a stable order, hidden files and folders skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def iter_input_files(paths: Sequence[str | Path]) -> Iterator[InputFile]:
    """Every input file named by ``paths`` (directories, files, globs), each once, in order."""
    seen: set[str] = set()

    def once(item: InputFile) -> Iterator[InputFile]:
        key = os.path.realpath(item.path)
        if key not in seen:
            seen.add(key)
            yield item

    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            for found in _walk(path):
                yield from once(InputFile(found, file_kind(found), explicit=False))
        elif path.is_file():
            yield from once(InputFile(path, file_kind(path), explicit=True))
        elif glob.has_magic(str(entry)):
            for match in sorted(glob.glob(str(entry), recursive=True)):
                matched = Path(match)
                if matched.is_dir():
                    for found in _walk(matched):
                        yield from once(InputFile(found, file_kind(found), explicit=False))
                elif matched.is_file():
                    yield from once(InputFile(matched, file_kind(matched), explicit=True))
        else:
            yield InputFile(path, None, explicit=True, missing=True)


def count_input_files(paths: Sequence[str | Path]) -> int:
    """How many files ``read_inputs`` will open (cheap: no file is read), for a progress bar.
    JSON lines and WARC files hold many documents; see ``estimate_documents``."""
    return sum(1 for _ in iter_input_files(paths))


def estimate_documents(paths: Sequence[str | Path]) -> int:
    """A cheap document count: one per page or text file, one per non-blank JSON line (counted
    by scanning bytes), one per JSON or WARC file (their records are only known by parsing)."""
    total = 0
    for item in iter_input_files(paths):
        if item.missing:
            continue
        if item.kind == "jsonl":
            total += _count_lines(item.path)
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())
