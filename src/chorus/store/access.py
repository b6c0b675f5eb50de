"""Who may open the database when: one writer at a time, readers that step aside for it.

DuckDB lets one process write a database file, or any number read it, never both. A writer
(a build, ``chorus ask``, ``chorus resolve``) first takes an exclusive lock on a sidecar file
(``chorus.duckdb.writer``) for as long as it is open, then opens the database, retrying while
readers finish. Readers (the web UI, the query commands) check the sidecar first and step
aside while a writer holds or waits for it, so a busy UI never keeps a build from starting;
a second writer waits a little, then gives up with ``DatabaseBusy`` (exit status 3 in the
CLI). The sidecar lock is released by the operating system when its process ends, however
it ends. Where file locks are unavailable (not POSIX) only DuckDB's own lock applies.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

#: Seconds a writer waits for another writer or for readers to finish.
DEFAULT_WRITER_WAIT = 10.0
_RETRY_SECONDS = 0.05
#: Writer locks this process holds: sidecar path -> [file descriptor, how many holders].
_HELD: dict[str, list[int]] = {}


class DatabaseBusy(RuntimeError):
    """The database is held by another process (a build writing, or readers)."""


def writer_sidecar(database: Path) -> Path:
    return database.with_name(database.name + ".writer")


def acquire_writer(database: Path, wait: float = DEFAULT_WRITER_WAIT) -> None:
    """Take the writer lock of ``database`` (re-entrant within a process) within ``wait``
    seconds, or raise ``DatabaseBusy``."""
    if fcntl is None:
        return
    key = str(writer_sidecar(database))
    if key in _HELD:
        _HELD[key][1] += 1
        return
    fd = os.open(key, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise DatabaseBusy(
                    f"another chorus process is writing {database} (a build, `ask` or "
                    f"`resolve`); waited {wait:g} s. Try again when it has finished."
                ) from None
            time.sleep(_RETRY_SECONDS)
    _HELD[key] = [fd, 1]


def release_writer(database: Path) -> None:
    key = str(writer_sidecar(database))
    held = _HELD.get(key)
    if held is None:
        return
    held[1] -= 1
    if held[1] == 0:
        del _HELD[key]
        os.close(held[0])  # closing the descriptor releases the lock


def writer_active(database: Path) -> bool:
    """True while another process holds (or is taking) the writer lock of ``database``."""
    sidecar = writer_sidecar(database)
    if fcntl is None or str(sidecar) in _HELD or not sidecar.exists():
        return False
    try:
        fd = os.open(sidecar, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)  # releases the shared lock at once if it was taken


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    return "lock" in str(exc).lower()


def connect(database: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open ``database``; a lock held by another process is retried for ``wait`` seconds,
    then reported as ``DatabaseBusy``. Readers give way to a writer that holds the sidecar."""
    if read_only and writer_active(database):
        raise DatabaseBusy(f"a build is writing {database}; try again when it has finished")
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(database), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_conflict(exc):
                raise
            if time.monotonic() >= deadline:
                who = "being written" if read_only else "in use"
                raise DatabaseBusy(
                    f"{database} is {who} by another process (a build or `chorus serve`); "
                    f"waited {wait:g} s: {exc}"
                ) from None
            time.sleep(_RETRY_SECONDS)
