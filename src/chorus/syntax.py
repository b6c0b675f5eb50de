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


#: Key of the cached text in ``Doc.user_data``.
_TEXT_KEY = "chorus_text"


def doc_text(doc: Doc) -> str:
    """The text of a Doc, joined once: ``Doc.text`` joins every token's text on each access,
    which makes a rule that reads it per token quadratic in the article's length."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


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


def passive_agent(verb: Token) -> Token | None:
    """The noun of a verb's "by" phrase ("reported by the agency": the agency)."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


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


#: Marks that open or close a quotation (not the apostrophe of a possessive).
QUOTATION_MARKS = frozenset({"“", "”", '"', "''", "``", "«", "»"})


def name_words(token: Token) -> set[str]:
    """The lowercased words of the proper name headed by ``token`` ("Mrs. Ana Pell" gives
    {"mrs.", "ana", "pell"}): the head and the proper nouns compounded to its left."""
    words = {t.lower_ for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"}
    return words | {token.lower_}


def same_person_named(one: Token, other: Token) -> bool:
    """Two proper-name mentions of one person: the words of one name are all in the other
    ("Ana Pell" and "Pell"), so "Mr. Pell" and "Mrs. Pell", "Tom Pell" and "Ana Pell" differ."""
    if one.pos_ != "PROPN" or other.pos_ != "PROPN":
        return False
    mine, theirs = name_words(one), name_words(other)
    return mine <= theirs or theirs <= mine


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
    # a phrase never runs back across the mark of a quotation it does not hold ("hunky-dory,”
    # Gene Sperling" parsed as one noun phrase): it starts after that mark
    marks = [t.i for t in token.doc[first.i : token.i] if t.text in QUOTATION_MARKS]
    if len(marks) % 2:
        first = token.doc[marks[-1] + 1]
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
    """Char span of tokens first..last without edge punctuation (quote marks are kept) and
    without a conjunction left dangling at its end ("they would back the offer, and")."""
    while first <= last and doc[first].is_punct and not doc[first].is_quote:
        first += 1
    while last >= first and (
        (doc[last].is_punct and not doc[last].is_quote)
        or doc[last].is_space
        or (doc[last].dep_ == "cc" and last > first)
    ):
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


# ---------------------------------------------------------------- clause parts
# Shared by the stages that write a clause back as words (forecast events, timeline
# summaries): a clause's subject, its objects, and the text of a set of tokens.

#: Object-like dependents that belong to what a clause says.
OBJECT_DEPS = ("dobj", "attr", "acomp", "dative", "prt", "oprd", "xcomp", "ccomp")
#: Adverbs that complete a verb's meaning ("shy away", "take longer", "press ahead").
COMPLETING_ADVERBS = frozenset(
    {"away", "back", "out", "off", "up", "down", "ahead", "forward", "together", "apart"}
    | {"longer", "further"}
)
#: Punctuation kept inside a phrase ("no-deal", "50/50", "AT&T", "5.5%").
INNER_PUNCT = frozenset({"-", "‑", "/", "&", "%", "'s", "’s"})
#: Dependents that hang a clause or an apposition on a phrase.
CLAUSE_DEPS = ("relcl", "acl", "appos", "advcl")
#: Prepositions that open a reason, concession or attribution.
ASIDE_PREPOSITIONS = frozenset({"since", "because", "according", "despite", "although", "given"})


def kept(token: Token) -> bool:
    """A word, or punctuation that belongs inside a phrase."""
    return not token.is_punct or token.text in INNER_PUNCT


def in_clause(token: Token, stop: Token, deps: tuple[str, ...] = CLAUSE_DEPS) -> bool:
    """Inside a relative clause, clausal modifier, adverbial clause or apposition (``deps``)
    hanging below ``stop``."""
    current = token
    while current.i != stop.i and current.head.i != current.i:
        if current.dep_ in deps:
            return True
        current = current.head
    return False


def under_aside(token: Token, stop: Token) -> bool:
    """Inside a "since ...", "because of ...", "according to ..." phrase below ``stop``."""
    current = token
    while current.head.i != current.i:
        if current.lower_ in ASIDE_PREPOSITIONS and current.dep_ in ("prep", "mark"):
            return True
        if current.i == stop.i:
            return False
        current = current.head
    return False


def phrase_tokens(head: Token, clauses: tuple[str, ...] = CLAUSE_DEPS) -> list[Token]:
    """A phrase's tokens without the clauses (``clauses``) and asides hanging on it."""
    return [
        t
        for t in head.subtree
        if kept(t) and not in_clause(t, head, clauses) and not under_aside(t, head)
    ]


def glued(verb: Token) -> list[Token]:
    """The rest of a hyphenated word the parser split ("re-negotiate": "-", "negotiate")."""
    pieces: list[Token] = []
    current = verb
    while (
        current.whitespace_ == ""
        and current.i + 2 < len(current.doc)
        and current.nbor().text in ("-", "‑")
        and current.nbor().whitespace_ == ""
        and current.nbor(2).is_alpha
    ):
        pieces += [current.nbor(), current.nbor(2)]
        current = current.nbor(2)
    return pieces


def _headline_subject(verb: Token) -> list[Token]:
    """ "Varnia to sign ...": the noun phrase right before a headline's "to"."""
    to = next((c for c in verb.children if c.lower_ == "to" and c.i == verb.i - 1), None)
    if to is None or to.i == 0 or to.nbor(-1).pos_ not in ("PROPN", "NOUN"):
        return []
    noun = to.nbor(-1)
    if noun.dep_ in ("pobj", "dobj", "attr"):
        return []  # "plans to table", "a vow to defend": not a headline's subject
    return [t for t in noun.subtree if t.i <= noun.i and kept(t)]


def clause_subject(verb: Token) -> list[Token]:
    """The subject phrase of a clause, inherited through "to"-complements and coordinated
    verbs; none for an extraposed "it" ("it is possible to stay")."""
    current = verb
    through_adjective = False
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
                if child.lower_ == "it" and through_adjective:
                    return []
                return [
                    t
                    for t in child.subtree
                    if kept(t) and t.dep_ not in CLAUSE_DEPS and not in_clause(t, child)
                ]
        if current.dep_ in ("xcomp", "conj", "pcomp", "acomp", "advcl") and current.head != current:
            head = current.head
            through_adjective = (
                through_adjective
                or head.pos_ == "ADJ"
                or any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in head.children)
            )
            current = current.head
            if current.pos_ == "ADP":
                current = current.head
            continue
        break
    return _object_as_subject(verb) or _headline_subject(verb)


def _object_as_subject(verb: Token) -> list[Token]:
    """ "warn a recession is imminent", parsed with "a recession" as the object of "warn":
    the noun phrase right before a subjectless complement clause is its subject."""
    if verb.dep_ != "ccomp" or verb.head.i == verb.i:
        return []
    for child in verb.head.children:
        if child.dep_ == "dobj" and child.right_edge.i == verb.left_edge.i - 1:
            return [t for t in child.subtree if kept(t) and not in_clause(t, child)]
    return []


def clause_objects(
    verb: Token,
    skip: set[int],
    clauses: tuple[str, ...] = CLAUSE_DEPS,
    content_before: bool = False,
) -> list[Token]:
    """A verb's objects and complements, completing adverbs and its first prepositional
    phrase after it (without the clauses ``clauses`` hanging on them), minus ``skip``; a
    clausal complement before the verb only with ``content_before`` ("X, he said")."""
    picked: list[Token] = []
    preps = 0
    for child in verb.children:
        if child.i in skip:
            continue
        after = child.i > verb.i
        completing = child.dep_ == "advmod" and child.lower_ in COMPLETING_ADVERBS
        clausal = child.dep_ in ("ccomp", "xcomp")
        if (
            (child.dep_ in OBJECT_DEPS and (after or not clausal or content_before))
            or completing
            or (child.dep_ == "npadvmod" and after)
        ):
            picked.extend(phrase_tokens(child, clauses))
        elif (
            child.dep_ in ("prep", "agent")
            and preps < 1
            and after
            and child.lower_ not in ASIDE_PREPOSITIONS
        ):
            picked.extend(phrase_tokens(child, clauses))
            preps += 1
    return sorted((t for t in picked if t.i not in skip), key=lambda t: t.i)


def surface(tokens: list[Token]) -> str:
    """Tokens in text order with the text's own spacing (a gap where tokens were left out),
    without quotation marks or stray punctuation."""
    out: list[str] = []
    previous: Token | None = None
    for tok in sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i):
        if tok.is_quote or not kept(tok):
            continue
        if previous is not None:
            out.append(previous.whitespace_ if tok.i == previous.i + 1 else " ")
        out.append(tok.text)
        previous = tok
    return "".join(out).strip()
