"""The shared state of the attribution rules over one parsed article (clean offsets)."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from chorus.attribution.cues import subject_of
from chorus.attribution.found import Found
from chorus.attribution.quotes import Quote, find_quotes, paragraphs


class QuoteIndex:
    """Quote lookup by character position."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = quotes
        self.starts = [q.open_start for q in quotes]

    def at(self, pos: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.quotes[i].open_start <= pos < self.quotes[i].close_end:
            return self.quotes[i]
        return None

    def inside(self, start: int, end: int) -> list[Quote]:
        i = bisect.bisect_left(self.starts, start)
        found = []
        while i < len(self.quotes) and self.quotes[i].open_start < end:
            found.append(self.quotes[i])
            i += 1
        return found


def content_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class ArticleState:
    """What the rules share about one parsed article: its quotations, paragraphs, and what
    one rule leaves for another (a cue found for a quote, quotes consumed by a statement,
    relays found for a reporting verb)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.quotes = QuoteIndex(find_quotes(self.text))
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [p[0] for p in self.paragraphs]
        self.quote_cues: dict[int, tuple[Token, str]] = {}  # quote start -> (cue verb, rule)
        self.consumed: set[int] = set()
        self.relays: dict[int, str] = {}  # reporting verb index -> relay ("according to X")
        self.reported: list[Found] = []  # indirect statements, for quotes later in a paragraph

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_quote(self, token: Token) -> bool:
        return self.quotes.at(token.idx) is not None

    def speaker_of(self, verb: Token) -> tuple[Token | None, str | None]:
        """``subject_of`` outside quotations, else the noun phrase right next to the verb
        ("Flynn, a top surrogate, said" when the parser lost the subject)."""
        speaker, via = subject_of(verb)
        if speaker is not None and not self.in_quote(speaker):
            return speaker, via
        i = verb.i - 1
        while i >= verb.sent.start and (self.doc[i].is_punct or self.doc[i].pos_ in ("ADV", "AUX")):
            i -= 1
        if i >= verb.sent.start and not self.in_quote(self.doc[i]):
            token = self.doc[i]
            while token.dep_ == "appos" and token.head.i < token.i:
                token = token.head
            if token.pos_ in ("PROPN", "NOUN", "PRON") and not self.in_quote(token):
                return token, None
        return None, None
