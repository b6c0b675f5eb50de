"""General helpers over a spaCy dependency parse, shared by the stages that read syntax
(attribution, claims): subjects, relative pronouns, noun phrases, trimmed spans.

They know no lexicon and no stage's records, so any stage may import them.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

#: Dependency labels of a clause's subject.
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "punct"}
NP_RIGHT_DEPS = {"compound", "flat", "case"}


def is_relative_pronoun(token: Token) -> bool:
    return token.tag_ in ("WP", "WDT") or (
        token.lower_ in ("that", "which", "who") and token.head.dep_ == "relcl"
    )


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("McConnell, now the leader, who said")."""
    if not is_relative_pronoun(token) or token.head.dep_ != "relcl":
        return token
    head = token.head.head
    while head.dep_ == "appos" and head.head.i < head.i:
        head = head.head
    return head


class SentenceIndex:
    """Sentence bounds of every token, computed once per Doc: ``Token.sent`` walks the
    sentence on every call, which makes rules quadratic on text without sentence breaks."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [sent.start for sent in doc.sents] or [0]
        self.token_starts = [token.idx for token in doc]

    def bounds(self, i: int) -> tuple[int, int]:
        """``(start, end)`` token indices of the sentence of token ``i``."""
        k = bisect.bisect_right(self.starts, i) - 1
        end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.doc)
        return self.starts[max(k, 0)], end

    def token_at(self, pos: int) -> int:
        """Index of the token that covers (or is the last to start before) char ``pos``."""
        return max(0, bisect.bisect_right(self.token_starts, pos) - 1)


_LINE_BREAKS = ("chorus", "line_break_tokens")


def line_break_between(doc: Doc, low: Token, high: Token) -> bool:
    """Is there a line break from ``low`` up to (not including) ``high``? (The indices of the
    tokens that hold one are computed once per Doc and kept in its ``user_data``.)"""
    breaks = doc.user_data.get(_LINE_BREAKS)
    if breaks is None:
        breaks = doc.user_data[_LINE_BREAKS] = [t.i for t in doc if "\n" in t.text]
    k = bisect.bisect_left(breaks, low.i)
    return k < len(breaks) and breaks[k] < high.i


def child_with(token: Token, deps: tuple[str, ...]) -> Token | None:
    """The child with one of ``deps`` nearest to ``token`` on the same line (the parser
    sometimes joins a dateline or a timestamp line to the next sentence)."""
    best = None
    for child in token.children:
        if child.dep_ not in deps:
            continue
        low, high = (child, token) if child.i < token.i else (token, child)
        if line_break_between(token.doc, low, high):
            continue
        if best is None or abs(child.i - token.i) < abs(best.i - token.i):
            best = child
    return best


def subject_child(token: Token) -> Token | None:
    """The nominal subject of ``token``'s clause; for a relative clause whose subject is the
    relative pronoun ("the minister who warned"), the noun the clause modifies."""
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                return token.head
            return child
    return None


def _written_date(token: Token) -> bool:
    """A date in figures ("2022-07-30") that a page prefixed to a phrase; never part of it."""
    return token.ent_type_ in ("DATE", "TIME") and any(c.isdigit() for c in token.text)


def noun_phrase(token: Token) -> tuple[int, int]:
    """Clean char span of the noun phrase headed by ``token`` (without clauses after it)."""
    first = token
    for child in token.lefts:
        if child.dep_ in NP_LEFT_DEPS and child.i < first.i:
            first = child.left_edge if child.left_edge.i < first.i else child
    while first.i < token.i and (
        first.is_punct
        or first.is_space
        or first.dep_ == "case"
        or _written_date(first)
        or line_break_between(token.doc, first, token)
    ):
        first = token.doc[first.i + 1]
    last = token
    for child in token.rights:
        if child.dep_ in NP_RIGHT_DEPS and child.i == last.i + 1:
            last = child
    return first.idx, last.idx + len(last)


def noun_phrase_text(token: Token) -> str:
    start, end = noun_phrase(token)
    span = token.doc.char_span(start, end, alignment_mode="expand")
    return span.text if span is not None else token.text


def trim_span(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Char span of tokens first..last without edge punctuation (quote marks are kept)."""
    while first <= last and doc[first].is_punct and not doc[first].is_quote:
        first += 1
    while last >= first and (doc[last].is_punct and not doc[last].is_quote or doc[last].is_space):
        last -= 1
    while last >= first and doc[last].is_quote and doc[last].idx > 0:
        # a quote mark at the very end belongs to the content only when the content has its pair
        inner = doc[first : last + 1].text
        if inner.count(doc[last].text) >= 2 or doc[last].text in ("”", "»"):
            break
        last -= 1
    if first > last:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])
