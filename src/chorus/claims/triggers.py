"""Finding the clauses of a sentence that talk about the future (forecast candidates).

A candidate is keyed by its event head: the verb of the predicted clause, or for a nominal
event ("a 35% chance of a recession", "expects a recovery") the verb that holds the noun
phrase. Triggers: modals ("will", "could", "can"), "X to" constructions ("unlikely to",
"going to", "due to", "vowed to"), estimative adjectives and adverbs ("it is unlikely that",
"a very likely outcome", "inevitably"), chance nouns ("zero chance of", "a one-in-four chance
the talks fail"), expectation verbs with an object ("expects a recovery"), "no (real) choice",
"rule out", "warnings of", "on its way", "more to come", the present progressive of an
imminent-event verb, and headline infinitives ("Varnia to sign ...").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from chorus import syntax
from chorus.claims.numbers import StatedChance
from chorus.claims.scope import (
    negation_of,
    quantity_of,
    quantity_token,
    same_line,
    subject_of,
)
from chorus.claims.wep import lookup
from chorus.claims.words import (
    ABILITY_MODALS,
    chance_nouns,
    frames,
    is_modal,
    norm,
    prospective_triggers,
    speech_verbs,
    word_set,
)

EXPECTATION_VERBS = frozenset(
    {"expect", "anticipate", "predict", "forecast", "project", "foresee", "signal", "see"}
)
PLAN_VERBS = frozenset({"plan"})
ROUTE_NOUNS = frozenset({"way", "course", "track", "path"})
#: Nouns of a declared intention, with the act as a "to"-infinitive ("a vow to defend").
INTENTION_NOUNS = frozenset({"plan", "vow", "pledge", "promise"})
#: Verbs that make their object more or less likely ("makes a clean exit more likely").
CAUSATIVE_VERBS = frozenset({"make", "render", "leave", "keep"})
TEMPORAL_MARKS = frozenset({"before", "until", "after", "once", "when", "so", "that"})
ORDINAL_WORDS = frozenset({"first", "earliest", "soonest", "last", "next", "only"})
#: Verbs whose subject HAS a chance rather than estimating one ("she has a 60-40 chance").
STATE_VERBS = frozenset({"have", "be", "stand", "face", "run", "get"})
#: "X to" triggers whose past tense reports a past state, not a prediction.
PAST_STATE_TRIGGERS = frozenset({"intend", "plan", "aim", "prepare", "decide"})


@dataclass
class Candidate:
    """A clause found to talk about the future, before scoring."""

    verb: Token
    hedges: list[Token] = field(default_factory=list)
    nominal: list[Token] | None = None  # event given by a noun phrase ("possible aggression")
    fixed: float | None = None  # probability fixed by the construction ("no real choice")
    soft: bool = False  # the fixed value yields to estimative words ("expects a potential X")
    flip: bool = False  # a negating verb was crossed on the way down ("keep from forcing")
    holder: Token | None = None  # who holds the expectation, when the construction names one
    chance: StatedChance | None = None
    event_override: str | None = None
    merged: list[Token] = field(default_factory=list)  # coordinated clauses folded in
    chance_noun: Token | None = None
    shows_hedges: bool = False  # the trigger words belong in the event ("on its way")


Add = Callable[..., Candidate]


def has_past_perfect_modal(verb: Token) -> bool:
    """ "could have decided": a modal about the past, not a forecast."""
    return verb.tag_ == "VBN" and any(c.lower_ == "have" and c.dep_ == "aux" for c in verb.children)


def adverb_hedges(verb: Token) -> list[Token]:
    """Epistemic adverbs on the verb, with their own intensifiers ("almost certainly"), and
    "whether" (an open question: uncertain)."""
    found = []
    for child in verb.children:
        if child.dep_ == "advmod" and lookup(child.lower_) is not None:
            found.extend(t for t in child.subtree if t.dep_ == "advmod" or t.i == child.i)
        if (
            child.dep_ == "prep"
            and child.lower_ == "in"
            and lookup(" ".join(t.lower_ for t in child.subtree)) is not None
        ):
            found.extend(child.subtree)  # "in theory", "in the near future"
        if child.dep_ == "mark" and child.lower_ == "whether":
            found.append(child)
    return found


def _descend(verb: Token) -> tuple[Token, bool]:
    """Follow complements down to the event verb; True if a negating verb ("keep from") is
    crossed, which means the event does NOT happen."""
    negating = word_set("claims_negating_verbs.txt")
    negated = False
    current = verb
    for _ in range(6):
        nxt = next(
            (
                c
                for c in current.children
                if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")
            ),
            None,
        )
        if nxt is None:
            nxt = next(
                (c for c in current.children if c.dep_ == "conj" and c.lemma_ in negating), None
            )
        if nxt is None and current.lemma_ in negating:
            for child in current.children:
                if child.dep_ == "prep" and child.lower_ == "from":
                    for grandchild in child.children:
                        if grandchild.dep_ in ("pcomp", "pobj") and grandchild.tag_ == "VBG":
                            nxt = grandchild
                            negated = not negated
        if nxt is None:
            break
        current = nxt
    return current, negated


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _phrase(token: Token, after: Token | None = None) -> list[Token]:
    """A noun phrase's tokens without clauses hanging on it (and after ``after`` if given)."""
    return [
        t
        for t in token.subtree
        if (t.dep_ != "punct" or t.text in ("-", "/"))
        and (after is None or t.i > after.i)
        and not _inside_clause(t, token)
    ]


def _inside_clause(token: Token, stop: Token) -> bool:
    current = token
    while current.i != stop.i and current.head.i != current.i:
        if current.dep_ in ("relcl", "acl", "appos"):
            return True
        current = current.head
    return False


# ---------------------------------------------------------------- detectors


def _modal(tok: Token, add: Add) -> None:
    verb = tok.head if tok.dep_ in ("aux", "auxpass") else tok
    if has_past_perfect_modal(verb):
        return
    word = norm(tok)
    subject = _subject(verb)
    first_person = subject is not None and subject.lower_ in ("i", "we")
    negated = negation_of(verb) is not None or any(norm(c) in ("not", "n't") for c in tok.children)
    polite = word in ("would", "'d", "could") and verb.lemma_ in speech_verbs()
    if polite and first_person and not negated:
        return  # "I would say": politeness, not a forecast
    if _asks_what(verb) or (subject is not None and subject.lower_ == "you"):
        return  # "what it will take", "you'll reconsider": no event stated
    if verb.dep_ == "advcl" and _marks(verb) & TEMPORAL_MARKS:
        return  # "before the army could respond": part of the clause it qualifies
    if frames().get(verb.lemma_.lower()) == "nonentail":
        return  # "could suggest", "may mean": about evidence, not an event
    hedges = adverb_hedges(verb)
    if word in ABILITY_MODALS and not negated and not hedges and not _under_belief(verb):
        return  # bare "can" states an ability ("we can see"), unless someone believes it
    add(verb, [tok, *hedges])


def _marks(clause: Token) -> set[str]:
    return {c.lower_ for c in clause.children if c.dep_ == "mark"}


def _asks_what(verb: Token) -> bool:
    return any(c.tag_ in ("WP", "WDT") and c.dep_ in ("dobj", "attr") for c in verb.children)


def _under_belief(verb: Token) -> bool:
    """ "I think she can", "he still believes May can get it through", "can still"."""
    if any(c.lower_ == "still" for c in verb.children):
        return True
    current = verb
    for _ in range(3):
        if current.dep_ not in ("ccomp", "xcomp", "conj") or current.head.i == current.i:
            return False
        current = current.head
        if frames().get(current.lemma_.lower()) in ("belief", "expect", "conviction", "worry"):
            return True
    return False


def _prospective(tok: Token, add: Add) -> None:
    """ "unlikely to send", "going to", "is due to travel", "has vowed to seize", "to be
    ready by 2027 to invade"."""
    if any(c.lower_ == "had" and c.dep_ == "aux" for c in tok.children):
        return  # "had been expected to": a past expectation
    if has_past_perfect_modal(tok) and any(c.tag_ == "MD" for c in tok.children):
        return  # "might have decided to": a guess about the past
    has_aux = any(c.dep_ == "aux" for c in tok.children)
    if tok.lemma_.lower() in PAST_STATE_TRIGGERS and tok.tag_ == "VBD" and not has_aux:
        return  # "he intended to": a past intention ("he's decided to" is not)
    pool = list(tok.children)
    if tok.dep_ == "acomp":  # "to be ready by 2027 to invade": the infinitive hangs on "be"
        pool += [c for c in tok.head.children if c.dep_ == "advcl" and c.i > tok.i]
    for child in pool:
        to = [c for c in child.children if c.lower_ == "to" and c.dep_ == "aux"]
        if (
            child.dep_ == "xcomp"
            and child.pos_ in ("VERB", "AUX")
            or (child.dep_ == "advcl" and to)
        ):
            add(child, [tok, *to, *adverb_hedges(tok), *adverb_hedges(child)])
        elif child.dep_ in ("prep", "pcomp") and child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pcomp" and grandchild.tag_ == "VBG":
                    add(grandchild, [tok, child, *adverb_hedges(tok)])  # "committed to bringing"
                elif (
                    grandchild.dep_ == "pobj"
                    and grandchild.i == child.i + 1
                    and tok.dep_ == "acomp"
                ):
                    # "are due to divorce", the verb read as a noun
                    nominal = syntax.clause_subject(tok.head) + [grandchild]
                    add(tok.head, [tok, child], nominal=nominal)


def _estimative_adjective(tok: Token, add: Add) -> None:
    """ "it is unlikely that X", "possible for them to enter", "X would be very unlikely",
    "X is the most likely outcome"."""
    if frames().get(tok.lemma_.lower()) is not None:
        return  # "sure", "certain that": a frame on the clause, scored from the clause
    hedges = [tok, *(t for t in tok.children if t.dep_ == "advmod")]
    head = tok.head
    if tok.dep_ in ("acomp", "ROOT"):
        pool = list(tok.children) + [c for c in head.children if c.i != tok.i]
        targets = [
            c
            for c in pool
            if c.pos_ in ("VERB", "AUX")
            and (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "advcl" and not _marked(c))
        ]
        if targets:
            add(targets[0], [*hedges, *adverb_hedges(head)])
        elif tok.dep_ == "acomp":
            _predicate_of_nominal(head, hedges, add)
    elif tok.dep_ == "amod" and tok.i < head.i and head.dep_ == "attr":
        _predicate_of_nominal(head.head, hedges, add)  # "X is the most likely outcome"
    elif tok.dep_ == "amod" and tok.i < head.i and head.dep_ == "nsubj":
        clause = next((c for c in head.head.children if c.dep_ in ("ccomp", "attr")), None)
        if clause is not None and clause.pos_ in ("VERB", "AUX"):
            add(clause, hedges)  # "the most likely outcome is they settle"
    elif tok.dep_ in ("ccomp", "oprd", "xcomp") and head.lemma_ in CAUSATIVE_VERBS:
        subject = _subject(tok) or next((c for c in head.children if c.dep_ == "dobj"), None)
        if subject is not None:  # "makes a clean exit more likely"
            add(head, hedges, nominal=_phrase(subject))
    elif (
        tok.dep_ == "amod"
        and tok.i > head.i
        and head.pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
    ):
        add(head, hedges, nominal=[t for t in _phrase(head) if t.i < tok.i])  # "deal possible"
    elif tok.dep_ == "amod" and tok.i < head.i and norm(tok) in ("possible", "impossible"):
        if any(t.tag_ in ("JJS", "RBS") or t.lower_ in ORDINAL_WORDS for t in head.lefts):
            return  # "the first possible opportunity", "the best possible outcome"
        add(head, [tok], nominal=_phrase(head, after=tok))


def _marked(clause: Token) -> bool:
    """A clause with a subordinator ("once it became obvious"), not "for them to enter"."""
    return any(c.dep_ == "mark" and c.lower_ != "for" for c in clause.children)


def _predicate_of_nominal(copula: Token, hedges: list[Token], add: Add) -> None:
    """ "a merger would be very unlikely this year": the subject is the event."""
    subject_words = syntax.clause_subject(copula)
    if not subject_words or all(t.pos_ == "PRON" for t in subject_words):
        return
    nominal = subject_words + [t for c in copula.children if c.dep_ == "prep" for t in _phrase(c)]
    add(copula, [*hedges, *(c for c in copula.children if c.tag_ == "MD")], nominal=nominal)


def _epistemic_adverb(tok: Token, add: Add) -> None:
    head = tok.head
    if head.tag_ == "VBD" or has_past_perfect_modal(head):
        return
    has_modal = any(c.tag_ == "MD" for c in head.children)
    verb, negated = (head, False) if has_modal else _descend(head)
    if verb.i == head.i and head.tag_ not in ("VBG", "VB"):
        return  # "He's probably concerned": a present state, not a forecast
    cand = add(verb, [t for t in tok.subtree if t.dep_ == "advmod"])
    if negated:
        cand.flip = True


def _chance_noun(noun: Token, add: Add) -> None:
    """ "zero chance of victory", "a one-in-five chance the strike ends", "the probability
    of a recession at 60%", "the odds on a no-deal exit have been shortening"."""
    if noun.head.lemma_ in word_set("claims_negating_verbs.txt"):
        return  # "avoid any possibility of X": no estimate of X
    lemma = noun.lower_ if noun.lower_ in chance_nouns() else noun.lemma_.lower()
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("relcl", "acl", "ccomp") and c.pos_ in ("VERB", "AUX")
        ),
        None,
    )
    quantity = quantity_token(noun)
    holder = noun.head if noun.dep_ in ("dobj", "attr", "nsubj", "pobj") else noun
    in_danger = noun.dep_ == "pobj" and noun.head.lower_ == "in"  # "is in danger of"
    if in_danger:
        holder = noun.head.head
    fixed = quantity_of(noun) or chance_nouns()[lemma]
    if holder.i != noun.i and any(is_modal(c) for c in holder.children) and quantity is None:
        fixed = None  # "the threat of an invasion would arise": the modal estimates it
    if clause is not None:
        if not any(is_modal(c) for c in clause.children) and not _is_relative(clause):
            cand = add(clause, [noun, *([quantity] if quantity else [])], fixed=fixed)
            cand.chance_noun = noun
        return  # a clause with its own trigger is scored with the noun as its frame
    phrase: list[Token] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "on", "for"):
            phrase = [t for t in _phrase(child) if t.i > child.i]
            break
    if not phrase and noun.dep_ in ("nsubj", "dobj"):  # "recession risks are going up"
        phrase = [t for c in noun.lefts if c.dep_ == "compound" for t in c.subtree]
    if not phrase and noun.dep_ == "attr":  # "a recession is certainly a possibility"
        phrase = syntax.clause_subject(noun.head)
    if not any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in phrase):
        return  # "the risk of a" (cut text)
    on_verb = noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB"  # "warned of the risk"
    if noun.dep_ == "pobj" and quantity is None and not (in_danger or on_verb):
        return  # "attention to the risks of inflation": a topic, not an estimate
    if on_verb:
        holder = noun.head.head
    cand = add(holder, [noun, *([quantity] if quantity else [])], nominal=phrase, fixed=fixed)
    cand.chance_noun = noun
    if holder.i != noun.i and (noun.dep_ == "dobj" or on_verb) and holder.lemma_ not in STATE_VERBS:
        cand.holder = _subject(holder)  # "the bank sees a 35% chance of", "warned of the risk"


def _is_relative(clause: Token) -> bool:
    """A relative clause proper ("the risk which grows"), not a content clause."""
    return any(c.tag_ in ("WDT", "WP") for c in clause.children)


def _choice(noun: Token, add: Add) -> None:
    """ "has no real choice": the holder is expected to give in (a confident yes); the
    event is the lack of choice, in the text's words ("has no real choice", "does not have
    much choice"), or what the holder has no choice but to do."""
    verb = noun.head
    det_no = any(c.lower_ == "no" for c in noun.children)
    negation = negation_of(verb)
    if not (det_no or negation is not None):
        return
    qualifiers = [c for c in noun.children if c.dep_ in ("amod", "det")]
    probability = 0.85 if det_no else 0.75
    if any(c.lower_ in ("real", "other") for c in qualifiers):
        probability = 0.9
    modals = [c for c in verb.children if c.tag_ == "MD"]
    if modals and norm(modals[0]) in ("may", "might", "could"):
        probability -= 0.1
    hedges = [noun, *qualifiers, *modals, *([negation] if negation is not None else [])]
    but = [t for t in noun.subtree if t.i > noun.i and t.pos_ == "VERB"]
    if but:  # "no choice but to send the troops": the event is what follows
        add(but[0], [*hedges, noun], fixed=probability)
        return
    phrase = syntax.surface([t for t in noun.subtree if t.i <= noun.i])
    words = f"does not have {phrase}" if negation is not None else f"has {phrase}"
    add(verb, hedges, fixed=probability, event_override=words)


def _expectation_object(tok: Token, add: Add) -> None:
    """ "the committee expects a recovery", "is planning military action", "is preparing for
    a potential recession", "warns of a response", "ruled out another vote"."""
    lemma = tok.lemma_.lower()
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children):
        if lemma in ("project", "forecast", "predict", "expect"):
            _passive_projection(tok, add)
        return
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if lemma in ("warn", "warning", "prepare"):
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        objects = [g for p in preps for g in p.children if g.dep_ == "pobj"]
    if not objects or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return
    if objects[0].tag_ in ("WP", "WDT"):
        return  # "what they are planning": no event named
    phrase = _phrase(objects[0])
    words = [t for t in phrase if _estimative(t) and t.dep_ == "amod"]
    if lemma in ("warn", "warning", "see", "prepare") and not words:
        return  # "warned of interference", "sees the report"; "warnings of an impending storm"
    ruled_out = lemma == "rule" and any(c.lower_ == "out" for c in tok.children)
    fixed = 0.1 if ruled_out else 0.75 if lemma in ("warn", "warning") else 0.8
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    particles = [c for c in tok.children if c.dep_ == "prt"]
    cand = add(verb, [tok, *particles, *words], nominal=phrase, fixed=fixed, soft=not ruled_out)
    if tok.pos_ == "VERB" and lemma not in PLAN_VERBS:  # a planner is the actor, not a forecaster
        cand.holder = subject_of(tok)


def _plan_noun(noun: Token, add: Add) -> None:
    """ "a plan to invade", "a vow by the president to defend": an intention (a frame such
    as "denied" above it turns it around)."""
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and any(c.lower_ == "to" for c in child.children):
            phrase = [noun, *(t for t in child.subtree if not t.is_punct)]
            add(child, [noun], fixed=0.75, soft=True, nominal=phrase, shows_hedges=True)


def _look_forward(tok: Token, add: Add) -> None:
    """ "I look forward to the ratification": an expectation of the awaited event."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pcomp" and obj.pos_ == "VERB":
                    add(obj, [tok, prep], fixed=0.8, soft=True)
                elif obj.dep_ == "pobj":
                    add(tok, [tok, prep], nominal=_phrase(obj), fixed=0.8, soft=True)


def _estimative(token: Token) -> bool:
    estimate = lookup(token.lower_)
    return estimate is not None and estimate.kind == "adverb"


def _risk(verb: Token, add: Add) -> None:
    """ "The plan risks a rift with the party": what is risked may happen."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects:
        cand = add(verb, [verb], nominal=_phrase(objects[0]), fixed=0.5)
        cand.holder = None


def _passive_projection(verb: Token, add: Add) -> None:
    """ "job cuts are being projected at 30,000 a month": the subject is what is expected."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and not any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        nominal = _phrase(subject) + [
            t
            for c in verb.children
            if c.dep_ in ("prep", "advmod") and c.i > verb.i
            for t in _phrase(c)
        ]
        add(verb, [verb], nominal=nominal, fixed=0.8, soft=True)


def _route(tok: Token, add: Add) -> None:
    """ "The storm is on its way", "on course for", "on track to"."""
    prep = tok.head
    if prep.lower_ != "on" or tok.dep_ != "pobj" or prep.head.pos_ not in ("VERB", "AUX"):
        return
    hedges = [prep, *(t for t in tok.subtree if t.i <= tok.i)]
    add(prep.head, hedges, fixed=0.85, soft=True, shows_hedges=True)


def _to_come(tok: Token, add: Add) -> None:
    """ "signaled more increases to come": a noun with "to come" is expected."""
    noun = tok.head
    if noun.pos_ not in ("NOUN", "PROPN") or not any(c.lower_ == "to" for c in tok.children):
        return
    holder = noun.head if noun.dep_ in ("dobj", "attr", "nsubj") else noun
    cand = add(
        holder, [tok], nominal=[t for t in noun.subtree if t.i <= tok.i], fixed=0.8, soft=True
    )
    if noun.dep_ == "dobj" and holder.lemma_.lower() in EXPECTATION_VERBS:
        cand.holder = subject_of(holder)  # "the committee signaled more increases to come"


def _headline_infinitive(tok: Token, sent: Span, add: Add) -> None:
    """ "Varnia to sign the river treaty": a headline's "X to do" announces it."""
    if tok.tag_ != "VB" or not any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children):
        return
    if any(t.tag_ in ("VBZ", "VBD", "VBP", "MD") for t in sent) or _ends_sentence(tok):
        return
    if _subject(tok) is None and not syntax.clause_subject(tok):
        return
    add(tok, [c for c in tok.children if c.lower_ == "to"], fixed=0.85)


def _ends_sentence(tok: Token) -> bool:
    """The line ends like a sentence of running text (a headline has no final stop)."""
    text = syntax.doc_text(tok.doc)
    end = text.find("\n", tok.idx)
    line = text[tok.idx : end if end >= 0 else len(text)].rstrip()
    return line.endswith((".", "!", "?", "…", ".”", '."'))


def _imminent(tok: Token, add: Add) -> None:
    """ "the army is just entering": the present progressive of an imminent-event verb."""
    if any(c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in tok.children):
        add(tok, [*(c for c in tok.children if c.dep_ in ("aux", "advmod")), tok], fixed=0.8)


def _detect(tok: Token, sent: Span, add: Add) -> None:
    word, lemma = norm(tok), tok.lemma_.lower()
    estimate = lookup(word)
    if is_modal(tok):
        _modal(tok, add)
    elif (word in prospective_triggers() or lemma in prospective_triggers()) and tok.pos_ in (
        "VERB",
        "ADJ",
        "AUX",
    ):
        _prospective(tok, add)
        if tok.pos_ == "ADJ" and estimate is not None:
            _estimative_adjective(tok, add)
        elif lemma in EXPECTATION_VERBS | PLAN_VERBS | {"prepare"}:
            _expectation_object(tok, add)
    elif tok.pos_ == "ADJ" and estimate is not None and estimate.kind == "adverb":
        _estimative_adjective(tok, add)
    elif tok.dep_ == "advmod" and estimate is not None and estimate.kind == "adverb":
        _epistemic_adverb(tok, add)
    elif tok.pos_ in ("NOUN", "PROPN") and (lemma in chance_nouns() or word in chance_nouns()):
        _chance_noun(tok, add)
    elif lemma in INTENTION_NOUNS and tok.pos_ == "NOUN":
        _plan_noun(tok, add)
    elif lemma == "look" and any(c.lower_ == "forward" for c in tok.children):
        _look_forward(tok, add)
    elif lemma in word_set("claims_choice_nouns.txt") and tok.dep_ in ("dobj", "attr"):
        _choice(tok, add)
    elif tok.lower_ == "future" and tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX"):
        add(tok.head.head, list(tok.head.subtree))
    elif tok.tag_ == "VBG" and lemma in word_set("claims_imminent_verbs.txt"):
        _imminent(tok, add)
    elif lemma in EXPECTATION_VERBS | PLAN_VERBS | {"warn", "warning", "rule", "prepare"}:
        _expectation_object(tok, add)
    elif lemma == "risk" and tok.pos_ == "VERB":
        _risk(tok, add)
    elif tok.lower_ in ROUTE_NOUNS:
        _route(tok, add)
    elif tok.lower_ == "come" and tok.dep_ in ("relcl", "acl"):
        _to_come(tok, add)
    else:
        _headline_infinitive(tok, sent, add)


def _hedge_words(cand: Candidate) -> set[str]:
    return {norm(h) for h in cand.hedges}


def _figure_on_clause(sent: Span, chance: StatedChance, add: Add) -> None:
    """ "Seventy percent the levy passes": a figure before the subject of the clause it
    governs; "at 5/1 to win the title", "an odds-on favourite to keep the seat": a figure
    or odds on the infinitive that follows."""
    span = sent.doc.char_span(chance.start, chance.end, alignment_mode="expand")
    if span is None:
        return
    root = span.root
    clause = root.head
    subject = _subject(clause)
    if clause.pos_ in ("VERB", "AUX") and subject is not None and root.i < subject.left_edge.i:
        add(clause, [], chance=chance)
        return
    near = {root.i, root.head.i, root.head.head.i}
    for verb in sent:
        if (
            verb.i > root.i
            and verb.pos_ == "VERB"
            and verb.head.i in near
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        ):
            add(verb, [], chance=chance)
            return


def find_candidates(sent: Span, chances: list[StatedChance] | None = None) -> list[Candidate]:
    """Every future-talking clause of one sentence (none in a question), keyed by event head;
    a coordinated clause sharing its subject is folded into the first ("won't sign it and
    won't attend")."""
    if sent.text.rstrip().rstrip("”\"’'").endswith("?"):
        return []
    by_verb: dict[int, Candidate] = {}

    def add(verb: Token, hedges: list[Token], **extra: object) -> Candidate:
        cand = by_verb.setdefault(verb.i, Candidate(verb=verb))
        cand.hedges.extend(h for h in hedges if h not in cand.hedges and same_line(h, verb))
        for key, value in extra.items():
            setattr(cand, key, value)
        return cand

    for tok in sent:
        _detect(tok, sent, add)
    for chance in chances or []:
        _figure_on_clause(sent, chance, add)
    for index in sorted(by_verb, reverse=True):
        cand = by_verb[index]
        head = cand.verb.head
        if (
            cand.verb.dep_ == "conj"
            and head.i in by_verb
            and _subject(cand.verb) is None
            and _hedge_words(cand) == _hedge_words(by_verb[head.i])
        ):
            first = by_verb[head.i]
            first.merged.extend([cand.verb, *cand.merged])
            del by_verb[index]
    return sorted(by_verb.values(), key=lambda c: c.verb.i)
