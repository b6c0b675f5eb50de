"""The shared state of the attribution rules over one parsed article (clean offsets)."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from spacy.tokens import Doc, Token

from chorus.attribution.cues import is_reporting_verb, subject_of
from chorus.attribution.found import Found
from chorus.attribution.quotes import WIRE_CITATION, Quote, find_quotes, paragraphs
from chorus.syntax import SentenceIndex, doc_text

#: The longest statement content, in tokens: a clause runs on no further (far longer than
#: any real reported clause; bounds the work and output on text with no sentence breaks).
MAX_CONTENT_TOKENS = 200
#: How far (in tokens) a cue's reach is searched for the verbs it relays, so that text with
#: no sentence breaks costs work linear in its length (real sentences are far shorter).
REACH = 80


class QuoteIndex:
    """Quote lookup by character position."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = quotes
        self.starts = [q.open_start for q in quotes]
        self.position = {id(q): i for i, q in enumerate(quotes)}

    def neighbour(self, quote: Quote, step: int) -> Quote | None:
        """The quotation ``step`` places after (or before, when negative) ``quote``."""
        i = self.position[id(quote)] + step
        return self.quotes[i] if 0 <= i < len(self.quotes) else None

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


def text_outside(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """``text[start:end]`` with each of ``quotes`` (sorted, inside the span) replaced by a
    space: the words a statement has outside its quotations."""
    parts, pos = [], start
    for quote in quotes:
        if quote.open_start >= pos:
            parts.append(text[pos : quote.open_start])
            pos = min(end, quote.close_end)
    parts.append(text[pos:end])
    return " ".join(parts)


class ArticleState:
    """What the rules share about one parsed article: its quotations, paragraphs, and what
    one rule leaves for another (a cue found for a quote, quotes consumed by a statement,
    relays found for a reporting verb)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.quotes = QuoteIndex(find_quotes(self.text))
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [p[0] for p in self.paragraphs]
        self.quote_cues: dict[int, tuple[Token, str]] = {}  # quote start -> (cue verb, rule)
        self.consumed: set[int] = set()
        self.relays: dict[int, str] = {}  # reporting verb index -> relay ("according to X")
        self.quote_relays: dict[int, str] = {}  # quote start -> relay ("“...,” according to X")
        self.reported: list[Found] = []  # indirect statements, for quotes later in a paragraph
        self.reported_starts: list[int] = []
        self.sentences = SentenceIndex(doc)
        #: indices of the reporting verbs, found once
        self.cue_tokens = [t.i for t in doc if is_reporting_verb(t)]
        self._cue_set = frozenset(self.cue_tokens)

    def opens_paragraph(self, quote: Quote) -> bool:
        """Nothing but the quotation's own mark before it in its paragraph."""
        return quote.open_start == self.paragraphs[quote.paragraph][0]

    @cached_property
    def wire_citations(self) -> dict[int, re.Match[str]]:
        """The wire's citation closing a paragraph, "(BelTA – ‘Headline’ 10.10.2022).", by
        paragraph index (looked for once per article)."""
        found = {}
        for k, (start, end) in enumerate(self.paragraphs):
            citation = WIRE_CITATION.search(self.text, start, end)
            if citation is not None:
                found[k] = citation
        return found

    def cited_headline(self, quote: Quote) -> bool:
        """Is the quotation the headline in a wire's citation closing its paragraph, "(BelTA –
        ‘Lukashenko, Putin agree on ...’ 10.10.2022)"? A title, no statement or report."""
        citation = self.wire_citations.get(quote.paragraph)
        return citation is not None and citation.start() < quote.open_start < citation.end()

    def last_char_before(self, pos: int) -> str:
        """The last character before ``pos`` that is not a space ("" at the start)."""
        i = pos - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        return self.text[i] if i >= 0 else ""

    def clip(self, start: int, end: int) -> int:
        """``end``, or earlier when ``[start, end)`` is longer than ``MAX_CONTENT_TOKENS``."""
        first, last = self.tokens_of(start, end)
        if last - first <= MAX_CONTENT_TOKENS:
            return end
        token = self.doc[first + MAX_CONTENT_TOKENS - 1]
        return token.idx + len(token)

    def sentence(self, token: Token) -> tuple[int, int]:
        """``(start, end)`` token indices of the token's sentence."""
        return self.sentences.bounds(token.i)

    def is_cue(self, token: Token) -> bool:
        return token.i in self._cue_set

    def cues_between(self, first: int, end: int) -> list[Token]:
        """Reporting verbs among tokens ``first..end-1``."""
        low = bisect.bisect_left(self.cue_tokens, first)
        high = bisect.bisect_left(self.cue_tokens, end)
        return [self.doc[i] for i in self.cue_tokens[low:high]]

    def tokens_of(self, start: int, end: int) -> tuple[int, int]:
        """Token index range ``[first, end)`` of the tokens starting in chars ``[start, end)``."""
        first = bisect.bisect_left(self.sentences.token_starts, start)
        return first, bisect.bisect_left(self.sentences.token_starts, end)

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_quote(self, token: Token) -> bool:
        return self.quotes.at(token.idx) is not None

    def speaker_of(self, verb: Token) -> tuple[Token | None, str | None]:
        """``subject_of`` outside quotations, else the noun phrase right next to the verb
        ("Dahl, a senior aide, said" when the parser lost the subject)."""
        speaker, via = subject_of(verb)
        if speaker is not None and not self.in_quote(speaker):
            return speaker, via
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            return None, None  # "a deal has been agreed": no one is named as saying it
        sent_start, _ = self.sentence(verb)
        i = verb.i - 1
        while i >= sent_start and (self.doc[i].is_punct or self.doc[i].pos_ in ("ADV", "AUX")):
            i -= 1
        if i >= sent_start and not self.in_quote(self.doc[i]):
            token = self._before_interruption(self.doc[i], sent_start)
            while (
                token.dep_ == "appos" and token.head.i < token.i and not self.in_quote(token.head)
            ):
                token = token.head
            if token.pos_ in ("PROPN", "NOUN", "PRON") and not self.in_quote(token):
                return token, None
        return self._inverted_speaker(verb), None

    def _before_interruption(self, token: Token, sent_start: int) -> Token:
        """ "Mr. Lee, asked about the deaths under Mr. Park, had said": the noun right before
        the verb is the object inside a phrase set off by commas, so the one who speaks is the
        noun before that phrase's opening comma."""
        if token.dep_ not in ("pobj", "dobj") or self.doc[token.i + 1].text != ",":
            return token
        i = token.i - 1
        while i > sent_start and self.doc[i].text != ",":
            i -= 1
        before = self.doc[i - 1] if i > sent_start else None
        if before is None or self.in_quote(before) or before.pos_ not in ("PROPN", "NOUN"):
            return token
        return before

    def _inverted_speaker(self, verb: Token) -> Token | None:
        """ "“...,” said the 40-year-old": right after a quotation, the noun phrase that
        follows the verb is its speaker when the parser did not make it the subject."""
        if self.last_char_before(verb.idx) not in ("”", '"', "'", "’"):
            return None
        _, sent_end = self.sentence(verb)
        for token in self.doc[verb.i + 1 : min(sent_end, verb.i + 6)]:
            if self.in_quote(token) or token.is_punct or token.pos_ in ("VERB", "AUX", "ADP"):
                return None
            head = token
            while (
                head.dep_ in ("compound", "amod", "det", "nummod", "poss") and head.head.i > head.i
            ):
                head = head.head
            if head is not token:
                continue
            if token.pos_ in ("PROPN", "NOUN"):
                return token
        return None
