"""Finding input files: directories (recursive), single files and glob patterns.

Only regular files are read. A FIFO, socket or device (which would block or never end), an
entry that cannot be listed or opened, or a broken link is reported as an input problem, so
it becomes an error row instead of a hung or silently shorter build.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from chorus.ingest.formats import InputFile, reader_for

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


class SpecialFileError(OSError):
    """An input that is not a regular file (reading it could block or never end)."""


def file_kind(path: Path) -> str | None:
    reader = reader_for(path.name)
    return reader.name if reader else None


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; ``None`` for a regular file."""
    for test, name in _SPECIAL_KINDS:
        if test(mode):
            return name
    return None


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, refusing anything but a regular file without blocking
    (a FIFO with no writer would block a plain ``open`` for ever)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind:
            raise SpecialFileError(f"not a regular file but {kind}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _entry(path: Path, explicit: bool) -> InputFile:
    """An input file, or the problem that keeps it from being one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.lexists(path):
            detail = f"cannot be opened ({exc.strerror or exc.__class__.__name__})"
            return InputFile(path, None, explicit, ("unreadable", detail))
        return InputFile(path, None, explicit, ("missing", "no such file or directory"))
    kind = special_kind(mode)
    if kind:
        return InputFile(path, None, explicit, ("special-file", f"not a regular file but {kind}"))
    return InputFile(path, file_kind(path), explicit)


def _walk(directory: Path, exclude: frozenset[str] = frozenset()) -> Iterator[InputFile]:
    """Entries under ``directory`` in a stable order (a folder's files, then its subfolders),
    hidden files and folders skipped, symbolic links to folders not followed, folders in
    ``exclude`` (real paths: the build's own output) skipped; a folder that cannot be listed
    is one problem entry. Iterative: folder depth is not bounded by the recursion limit."""
    stack = [directory]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            detail = f"folder cannot be listed ({exc.strerror or exc.__class__.__name__})"
            yield InputFile(folder, None, False, ("unreadable", detail))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                if os.path.realpath(path) not in exclude:
                    subfolders.append(path)
            elif not (entry.is_symlink() and path.is_dir()):
                yield _entry(path, explicit=False)
        stack.extend(reversed(subfolders))


def iter_input_files(
    paths: Sequence[str | Path], exclude: Sequence[str | Path] = ()
) -> Iterator[InputFile]:
    """Every input file named by ``paths`` (directories, files, globs), each once, in order;
    folders found by a walk that are in ``exclude`` (a build's output directory) are skipped."""
    seen: set[str] = set()
    skip = frozenset(os.path.realpath(p) for p in exclude)

    def once(item: InputFile) -> Iterator[InputFile]:
        key = os.path.realpath(item.path) if item.problem is None else f"!{item.path}"
        if key not in seen:
            seen.add(key)
            yield item

    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            for found in _walk(path, skip):
                yield from once(found)
        elif os.path.lexists(path) or not glob.has_magic(str(entry)):
            yield from once(_entry(path, explicit=True))
        else:
            matches = sorted(glob.glob(str(entry), recursive=True))
            if not matches:
                yield InputFile(path, None, True, ("missing", "no file matches the pattern"))
            for match in matches:
                matched = Path(match)
                if matched.is_dir():
                    for found in _walk(matched, skip):
                        yield from once(found)
                else:
                    yield from once(_entry(matched, explicit=True))


def count_input_files(paths: Sequence[str | Path]) -> int:
    """How many files ``read_inputs`` will open (cheap: no file is read), for a progress bar.
    JSON lines and WARC files hold many documents; see ``estimate_documents``."""
    return sum(1 for _ in iter_input_files(paths))


def estimate_documents(paths: Sequence[str | Path]) -> int:
    """A cheap document count: one per page or text file, one per non-blank JSON line (counted
    by scanning bytes), one per JSON or WARC file (their records are only known by parsing)."""
    total = 0
    for item in iter_input_files(paths):
        if item.problem is not None:
            continue
        total += _count_lines(item.path) if item.kind == "jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    try:
        with open_regular(path) as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1
