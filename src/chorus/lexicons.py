"""Lexicons kept as data files in ``chorus/data/lexicons`` (one source of truth each).

File format: UTF-8 text, one entry per line; ``#`` starts a comment; blank lines are ignored.
A line may hold tab-separated columns (for example ``word<TAB>probability``). See
``docs/lexicons.md`` for what each file holds and who uses it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("chorus.data.lexicons").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            rows.append(line.strip())
    return rows


@cache
def words(name: str) -> tuple[str, ...]:
    """Entries of a one-column lexicon, in file order."""
    return tuple(_lines(name))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated lexicon, in file order."""
    return tuple(tuple(col.strip() for col in line.split("\t")) for line in _lines(name))
