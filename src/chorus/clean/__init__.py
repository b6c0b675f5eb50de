"""Clean stage: remove scraping residue, keep the body and an offset map to the original.

Interface (owned by this package):
- ``line_keys(raw) -> set[str]``: normalised line fingerprints, counted across the corpus so
  lines repeated in several articles (site chrome) can be removed.
- ``clean_document(raw, repeated) -> Article``: cleaned body, removed spans with reasons,
  offset map, inferred metadata. Raises ``CleaningError`` for input that has no body.
"""

from __future__ import annotations

from chorus.records import Article, OffsetMap, RawDocument


class CleaningError(ValueError):
    """The document yields no article body; recorded as an input error."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def line_keys(raw: RawDocument) -> set[str]:
    return {line.strip().lower() for line in raw.text.splitlines() if line.strip()}


def clean_document(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> Article:
    text = raw.text
    if not text.strip():
        raise CleaningError("empty", "no text")
    return Article(
        id=raw.id,
        source=raw.source,
        original=text,
        text=text,
        offsets=OffsetMap([(0, 0, len(text))]),
        title=raw.meta.get("title"),
        format=raw.format,
    )
