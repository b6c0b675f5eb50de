"""Lines of a plain-text scrape with their offsets, and the normalised form rules compare."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_SPACES = re.compile(r"\s+")
#: Bullets, dashes and list markers a scraper leaves at the start of a widget line.
_LEAD_MARKS = "•·▪►▶◦‣∙*-–—|>"
_TERMINAL = re.compile(r"""[.!?…]['"’”»)\]]*$|[.!?…]\s*\[\d+\]$|:$""")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)

#: Lines longer than this never count as repeated site chrome (and are not fingerprinted).
MAX_CHROME_CHARS = 200


@dataclass(slots=True)
class Line:
    """One line of the original text: ``[start, end)`` is its content without the newline,
    ``next_start`` is where the following line begins (so ``[end, next_start)`` is the
    separator that follows it)."""

    start: int
    end: int
    next_start: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines that keep their exact offsets (any newline convention)."""
    lines: list[Line] = []
    for match in _LINE.finditer(text):
        start, stop = match.span()
        if start == stop:
            break
        content = match.group().rstrip("\r\n")
        lines.append(Line(start, start + len(content), stop, content))
    return lines


def normalise(line: str) -> str:
    """Compare form of a line: NFKC, lowercase, spaces collapsed, leading bullets dropped."""
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _SPACES.sub(" ", text).strip()
    return text.lstrip(_LEAD_MARKS + " ").strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_sentence(text: str) -> bool:
    """Ends like a sentence (full stop, question, exclamation, closing quote, colon)."""
    return bool(_TERMINAL.search(text.rstrip()))


def has_quote_mark(text: str) -> bool:
    return any(mark in text for mark in '"“”«»„')


def is_body_paragraph(text: str) -> bool:
    """A line that reads as running article text, not as a heading, caption or widget."""
    count = len(words(text))
    if count >= 25:
        return True
    return count >= 8 and is_sentence(text) and not text.rstrip().endswith(":")


def line_key(text: str) -> str | None:
    """Fingerprint of a line for corpus-wide repetition counts; None for lines that can never
    be site chrome (blank, or longer than ``MAX_CHROME_CHARS``)."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_CHROME_CHARS:
        return None
    key = normalise(stripped)
    return key or None
