"""What the words around a forecast clause do to it: negation inside the proposition, the
frames above it ("I don't think", "isn't convinced that", "the risk that", "denied that"),
conditions ("if", "unless", "should he"), and who holds the belief.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from chorus import syntax
from chorus.claims.wep import lookup
from chorus.claims.words import (
    NEGATIVE_AMOUNTS,
    NEGATIVE_PRONOUNS,
    chance_nouns,
    frames,
    is_negation,
    norm,
    speech_verbs,
    word_set,
)

CLIMB_DEPS = frozenset(
    {"ccomp", "xcomp", "pcomp", "conj", "acl", "relcl", "advcl", "pobj", "prep", "attr", "dobj"}
)
#: Subordinators of a clause that restricts the event to a condition or a time.
CONDITION_MARKS = frozenset(
    {"if", "unless", "provided", "once", "when", "until", "before", "after"}
)
#: How a quantifier attaches to its chance noun ("zero chance", "the risk is high").
QUANTITY_DEPS = frozenset({"nummod", "amod", "det", "acomp", "attr"})
#: Subordinators of a time clause, which the predicates above do not scope over.
TIME_MARKS = frozenset({"when", "while", "as", "before", "after", "until", "once", "whenever"})
#: Subordinators of a clause that gives a reason or a concession: not part of the forecast.
ASIDE_MARKS = frozenset({"because", "since", "although", "though", "while", "whereas"})


def negation_of(token: Token) -> Token | None:
    """A negation on ``token`` unless a focus word makes it target an amount ("not just")."""
    for child in token.children:
        if not is_negation(child):
            continue
        following = child.doc[child.i + 1] if child.i + 1 < child.sent.end else None
        if following is not None and following.lower_ == "be" and following.i + 1 < child.sent.end:
            following = child.doc[following.i + 1]
        if following is not None and following.lower_ in word_set("claims_restrictors.txt"):
            return None
        return child
    return None


def negative_subject(verb: Token) -> Token | None:
    """ "No troops will cross", "Not a single soldier will", "nobody will": the subject carries
    the negation ("a no-deal exit" is a compound, not a negation)."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in NEGATIVE_PRONOUNS:
            return child
        for tok in child.subtree:
            if tok.i > child.i:
                break
            hyphenated = tok.i + 1 < len(tok.doc) and tok.nbor().text in ("-", "‑")
            if tok.lower_ == "no" and tok.dep_ == "det" and not hyphenated:
                return tok
            if norm(tok) in ("not", "n't") and tok.i < child.i:
                return tok
    return None


def negative_object(verb: Token) -> tuple[Token, Token | None] | None:
    """Negation inside the proposition carried by an object: "there will be no recession"
    (the negation and no new event head), "will do little to ease X" (the negation and X)."""
    for child in verb.children:
        if child.dep_ == "attr" and any(c.dep_ == "expl" for c in verb.children):
            for det in child.children:
                if det.lower_ == "no" and det.dep_ == "det":
                    return det, None
        if child.dep_ == "dobj" and verb.lemma_ == "do" and child.lower_ in NEGATIVE_AMOUNTS:
            target = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl")), None)
            return child, target
    return None


@dataclass
class Frame:
    """What the predicates above the event clause do to its probability and its speaker."""

    probability: float
    keep_negation_in_event: bool = False
    holder: Token | None = None  # who holds the belief ("economists expect")
    reporter: Token | None = None  # the subject of the speech verb the clause depends on
    hedges: list[Token] = field(default_factory=list)


def same_line(a: Token, b: Token) -> bool:
    """No line break between two tokens (the parser sometimes joins paragraphs)."""
    low, high = sorted((a.idx, b.idx))
    return "\n" not in syntax.doc_text(a.doc)[low:high]


def _frame_negated(head: Token) -> Token | None:
    return (
        negation_of(head)
        or (negation_of(head.head) if head.dep_ == "acomp" else None)
        or (negative_subject(head) if head.pos_ in ("VERB", "AUX") else None)
    )


def apply_frames(
    verb: Token, probability: float, event_negated: bool, stated: bool = False
) -> Frame:
    """Climb from the event clause through the predicates that govern it; a ``stated``
    figure is not overridden by the chance noun that carries it."""
    frame = Frame(probability=probability)
    current = verb
    for _ in range(5):
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            break
        head = current.head
        if not same_line(current, head):
            break  # the parser joined a headline or the paragraph before
        lemma = head.lemma_.lower()
        kind = frames().get(lemma) or frames().get(head.lower_)
        chance_frame = head.pos_ == "NOUN" and lemma in chance_nouns()
        if current.dep_ == "relcl" and not chance_frame:
            break  # a relative clause is asserted on its own, not under the frame above
        if current.dep_ == "advcl" and {c.lower_ for c in current.children} & TIME_MARKS:
            break  # "when the two sides are due to part": a time, not under the frame
        if lemma in speech_verbs() and kind is None:
            if negation_of(head) is not None:  # "He did not say X will": no claim either way
                frame.probability = 0.5
                frame.hedges.append(negation_of(head))
            elif head.dep_ in ("relcl", "acl") and denied_ground(head.head):
                frame.probability = 1 - frame.probability  # "no reason to say X will"
                frame.hedges.append(head.head)
            frame.reporter = frame.reporter or subject_of(head) or _unowned_report(head)
            break  # above a speech verb the speaker changes; the statement decides
        negated = _frame_negated(head)
        if kind == "report" and frame.reporter is None:
            frame.reporter = _reporter(head)  # "He indicated (that) X will", "Y's assertion that"
        if (
            head.pos_ == "NOUN"
            and lemma in chance_nouns()
            and current.dep_
            in (
                "relcl",
                "acl",
                "ccomp",
            )
        ):
            if not stated:
                frame.probability = quantity_of(head) or chance_nouns()[lemma]
            frame.keep_negation_in_event = event_negated
            frame.hedges.append(head)
        elif lemma in word_set("claims_negating_verbs.txt") and (
            current.dep_ in ("xcomp", "pcomp")
            or (current.dep_ == "dobj" and frames().get(current.lemma_.lower()) is not None)
        ):  # "keep from forcing", "dampen expectations that"
            frame.probability = 1 - frame.probability
            frame.hedges.append(head)
        elif kind == "ground":
            if denied_ground(head):  # "there is no sign that X will"
                frame.probability = 1 - frame.probability
                frame.hedges.append(head)
        elif kind is not None:
            _apply_kind(
                frame, kind, head, negated, raising=current.dep_ == "xcomp" and head.pos_ == "ADJ"
            )
        current = head
    return frame


def _apply_kind(
    frame: Frame, kind: str, head: Token, negated: Token | None, raising: bool = False
) -> None:
    """What a frame word does; ``raising``: the clause is its infinitive ("X is certain to
    win"), so its subject is the event's, not a holder's."""
    if kind == "report":
        return
    if kind != "factive":  # "X warned that ...": the speaker's framing, not a hedge
        frame.hedges.append(head)
    elif frame.reporter is None and head.lemma_ in speech_verbs():  # "X warned that"
        frame.reporter = subject_of(head)
    if kind in ("belief", "expect") and negated is not None:
        frame.probability = 1 - frame.probability
    elif kind == "denial":
        frame.probability = 0.5 if negated is not None else 1 - frame.probability
    elif kind == "doubt":
        frame.probability = min(frame.probability, 1 - frame.probability)
    elif kind == "conviction" and negated is not None:
        frame.probability = 0.4
    elif kind == "worry" or (kind == "nonentail" and negated is not None):
        frame.probability = 0.5
    if negated is not None:
        frame.hedges.append(negated)
    holds = kind in ("belief", "expect", "doubt", "conviction", "worry", "denial")
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children) or (
        head.tag_ == "VBN"
        and head.dep_ != "acomp"
        and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
    )  # "with growth expected to pick up": no holder; "who isn't convinced" has one
    if holds and frame.holder is None and not passive and not raising:
        frame.holder = subject_of(head)


def denied_ground(noun: Token) -> bool:
    """ "no reason", "no sign", "not any evidence": a ground for the clause, denied."""
    if frames().get(noun.lemma_.lower()) != "ground":
        return False
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or (
        noun.dep_ in ("dobj", "attr") and negation_of(noun.head) is not None
    )


def _unowned_report(head: Token) -> Token | None:
    """ "amid reports that X": the reports themselves are the unnamed voice."""
    return head if head.pos_ == "NOUN" else None


def _reporter(head: Token) -> Token | None:
    """Who puts a clause forward with a verb or noun of communication: the verb's subject
    ("Ministers have signalled that"), the noun's owner ("the envoy's assertion that"); never
    an expletive "it"."""
    if head.pos_ in ("NOUN", "PROPN"):
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        return owner if owner is not None else subject_of(head)
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(head)
    if subject is None or subject.lower_ in ("it", "this", "that", "there"):
        return None
    return subject


def quantity_token(noun: Token) -> Token | None:
    """The quantifier of a chance noun: "zero chance", "large risk", "probability ... high"."""
    pool = list(noun.children)
    if noun.dep_ in ("nsubj", "nsubjpass"):
        pool += [c for c in noun.head.children if c.dep_ in ("acomp", "attr")]
    for tok in pool:
        est = lookup(tok.lower_)
        if est is not None and est.kind == "quantity" and tok.dep_ in QUANTITY_DEPS:
            return tok
    return None


def quantity_of(noun: Token) -> float | None:
    """The probability a chance noun's quantifier gives, if it has one."""
    token = quantity_token(noun)
    estimate = lookup(token.lower_) if token is not None else None
    return estimate.probability if estimate is not None else None


def subject_of(token: Token) -> Token | None:
    """The holder of a frame: its subject, a relative pronoun's antecedent, "from X", or for
    a frame noun the subject of the verb that has it ("the admiral expressed concerns")."""
    subject = syntax.subject_child(token)
    if subject is not None:
        return subject
    if token.dep_ in ("acomp", "xcomp") and token.head.i != token.i:
        return subject_of(token.head)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "among"):
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    if token.pos_ == "NOUN" and token.dep_ == "dobj" and token.head.pos_ == "VERB":
        return syntax.subject_child(token.head)
    if token.dep_ == "conj" and token.pos_ == "VERB" and token.head.pos_ == "VERB":
        return subject_of(token.head)  # "which raised rates and signaled more"
    return None


def surface_frame_holder(verb: Token) -> Token | None:
    """ "alarm from Kestria that Varnia will join" when the parser attaches the clause
    elsewhere: a frame noun a few words before the clause's "that"."""
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ == "that"]
    if not marks:
        return None
    start = marks[0].i
    window = verb.doc[max(verb.sent.start, start - 4) : start]
    for tok in window:
        kind = frames().get(tok.lemma_.lower())
        if tok.pos_ == "NOUN" and kind in ("factive", "worry"):
            return subject_of(tok)
        if tok.pos_ == "NOUN" and kind == "report":  # "Ruiz's assertion this week that"
            return _reporter(tok)
    return None


def condition_clause(verb: Token) -> Token | None:
    """The head of a condition on the event: "would ... if ...", "unless", "Should he
    abandon ..., X would"; "even if" is concessive and no condition."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
        if "if" in marks or "unless" in marks:
            if any(c.lower_ == "even" for c in child.subtree if c.i < child.i):
                continue
            return child
        first = child.doc[child.left_edge.i]
        if first.lower_ in ("should", "were", "had") and first.dep_ in ("aux", "auxpass", "ROOT"):
            return child
    for child in verb.children:  # "in the event (that) the dam breaks", "barring a downturn"
        if child.dep_ == "prep" and child.lower_ in ("in", "barring") and child.i > verb.i:
            words = [t.lower_ for t in child.subtree][:3]
            if child.lower_ == "barring" or words[:2] == ["in", "the"] and "event" in words:
                return child
    return None


def only_if(verb: Token) -> bool:
    """ "only if" / "only when" restricts the event to a condition: no commitment either way."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        words = [t.lower_ for t in child.subtree][:3]
        if any(c.lower_ == "only" for c in child.children) or words[:2] in (
            ["only", "if"],
            ["only", "when"],
        ):
            return True
        before = verb.doc[max(verb.sent.start, child.left_edge.i - 1)]
        if before.lower_ == "only" and before.head.i == verb.i:
            return True
    return False


def is_aside(clause: Token) -> bool:
    """A reason or concession clause ("since ...", "although ..."): outside the forecast."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    return bool(marks & ASIDE_MARKS) or any(
        c.lower_ == "even" for c in clause.subtree if c.i < clause.i
    )
