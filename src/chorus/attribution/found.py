"""The extractor's working record: a statement found in clean offsets, before its speaker is
resolved and before it becomes a ``Statement``. Shared by the extractor and the confidence
model's features."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from chorus.attribution.quotes import Quote
from chorus.attribution.speakers import Resolution


@dataclass
class Found:
    """A statement before speaker resolution, in clean offsets."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: Token | None  # head token of the speaker mention
    how: str  # which rule found the attribution
    quote: Quote | None = None
    via: str | None = None
    inherited: Found | None = None
    speaker_span: tuple[int, int] | None = None
    resolution: Resolution | None = None
    nested_in: Quote | None = None  # a statement reported inside someone's quotation

    @property
    def anchor(self) -> int:
        """Where the statement is said: its cue's start, else its content's start."""
        return self.cue[0] if self.cue is not None else self.start
