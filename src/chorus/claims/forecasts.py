"""Forecast extraction: clauses about the future with event, direction and probability.

A forecast is found from a *trigger* on a clause's main verb (a modal such as "will"/"could",
a prospective construction such as "unlikely to"/"going to", an epistemic adverb such as
"inevitably", a chance noun such as "zero chance of", "possible X", "no real choice"). The
probability comes from the words-of-estimative-probability scale (``wep.py``), then
negation and the frames above the clause ("I don't think", "isn't convinced that", "the risk
that", "keep from") adjust it. The speaker is the enclosing Statement's speaker, else the
holder of a belief frame in the author's voice, else "author" (None inside unattributed
quotation marks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from chorus import lexicons, syntax
from chorus.claims.wep import Estimate, best_estimate, direction_of, lookup, normalise_apostrophes
from chorus.records import Article, EntityMention, Forecast, Statement, stable_id

AUTHOR = "author"
MODAL_WORDS = frozenset({"will", "'ll", "wo", "would", "'d", "could", "may", "might", "shall"})
ABILITY_MODALS = frozenset({"can", "ca"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "nt"})
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "that", "those", "such"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
CLIMB_DEPS = frozenset({"ccomp", "xcomp", "pcomp", "conj", "acl", "relcl", "advcl", "pobj", "prep"})
SUBJECT_DEPS = (*syntax.SUBJECT_DEPS, "expl")
MAX_EVENT_WORDS = 14


@cache
def _frames() -> dict[str, str]:
    return {row[0]: row[1] for row in lexicons.table("claims_frames.txt")}


@cache
def _chance_nouns() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in lexicons.table("claims_chance_nouns.txt")}


@cache
def _single_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lexicons.words(name))


@cache
def _prospective_triggers() -> frozenset[str]:
    """Words before "to" that announce a future act: "going to", "unlikely to", "set to"."""
    words = set()
    for phrase, _value in _scale_items():
        parts = phrase.split()
        if len(parts) == 2 and parts[1] == "to":
            words.add(parts[0])
    return frozenset(words | {"likely", "unlikely", "certain", "sure"})


def _scale_items() -> list[tuple[str, tuple[float, str]]]:
    from chorus.claims.wep import scale

    return list(scale().items())


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(row[0] for row in lexicons.table("reporting_verbs.txt") if len(row) > 1)


def _norm(token: Token) -> str:
    return normalise_apostrophes(token.lower_)


def _is_negation(token: Token) -> bool:
    return token.dep_ == "neg" or _norm(token) in NEGATION_WORDS


@dataclass
class _Candidate:
    """A clause found to talk about the future, before scoring."""

    verb: Token
    hedges: list[Token] = field(default_factory=list)
    nominal: list[Token] | None = None  # event given by a noun phrase ("possible aggression")
    fixed: float | None = None  # probability fixed by the construction ("no real choice")
    event_override: str | None = None


def _negation_of(token: Token) -> Token | None:
    """A negation on ``token`` unless a focus word makes it target an amount ("not just")."""
    for child in token.children:
        if _is_negation(child):
            following = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
            if following is not None and following.i < child.sent.end:
                nxt = following
                if nxt.lower_ in ("be",) and nxt.i + 1 < child.sent.end:
                    nxt = child.doc[nxt.i + 1]
                if nxt.lower_ in _single_words("claims_restrictors.txt"):
                    return None
            return child
    return None


NEGATIVE_PRONOUNS = frozenset({"nobody", "none", "nothing", "neither", "no-one"})


def _negative_subject(verb: Token) -> Token | None:
    """ "No troops will cross", "Not a single soldier will", "nobody will": the subject
    carries the negation of the event."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in NEGATIVE_PRONOUNS:
            return child
        for tok in child.subtree:
            if tok.i > child.i:
                break
            if tok.lower_ == "no" and tok.dep_ == "det":
                return tok
            if _norm(tok) in ("not", "n't") and tok.i + 1 < child.i + 1:
                return tok
    return None


def _has_past_perfect_modal(verb: Token) -> bool:
    """ "could have decided": a modal about the past, not a forecast."""
    return verb.tag_ == "VBN" and any(c.lower_ == "have" and c.dep_ == "aux" for c in verb.children)


def _adverb_hedges(verb: Token) -> list[Token]:
    """Epistemic adverbs on the verb, with their own intensifiers ("almost certainly")."""
    found = []
    for child in verb.children:
        if child.dep_ == "advmod" and lookup(child.lower_) is not None:
            found.extend(t for t in child.subtree if t.dep_ in ("advmod",) or t.i == child.i)
        if child.dep_ == "prep" and child.lower_ == "in":
            words = " ".join(t.lower_ for t in child.subtree)
            if lookup(words) is not None:  # "in theory", "in the near future"
                found.extend(child.subtree)
    return found


def _descend(verb: Token) -> tuple[Token, bool]:
    """Follow complements down to the event verb; True if a negating verb ("keep from") is
    crossed, which means the event does NOT happen."""
    negated = False
    current = verb
    for _ in range(6):
        nxt = None
        for child in current.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                nxt = child
                break
        if nxt is None:
            for child in current.children:
                if child.dep_ == "conj" and child.lemma_ in _single_words(
                    "claims_negating_verbs.txt"
                ):
                    nxt = child
                    break
        if nxt is None and current.lemma_ in _single_words("claims_negating_verbs.txt"):
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


def _find_candidates(sent: Span) -> list[_Candidate]:
    """Every future-talking clause of one sentence, keyed by its event verb."""
    by_verb: dict[int, _Candidate] = {}

    def add(verb: Token, hedges: list[Token], **extra: object) -> _Candidate:
        cand = by_verb.get(verb.i)
        if cand is None:
            cand = _Candidate(verb=verb, hedges=[])
            by_verb[verb.i] = cand
        cand.hedges.extend(h for h in hedges if h not in cand.hedges)
        for key, value in extra.items():
            setattr(cand, key, value)
        return cand

    is_question = sent.text.rstrip().rstrip("”\"’'").endswith("?")
    if is_question:
        return []
    for tok in sent:
        norm = _norm(tok)
        if tok.tag_ == "MD" and norm in MODAL_WORDS | ABILITY_MODALS:
            verb = tok.head if tok.dep_ in ("aux", "auxpass") else tok
            if _has_past_perfect_modal(verb):
                continue
            if norm in ("would", "'d", "could") and verb.lemma_ in _speech_verbs():
                continue  # "I would say": politeness, not a forecast
            adverbs = _adverb_hedges(verb)
            if norm in ABILITY_MODALS and not adverbs:
                continue  # bare "can" states ability, not likelihood
            add(verb, [tok, *adverbs])
        elif norm in _prospective_triggers() and tok.pos_ in ("VERB", "ADJ", "AUX"):
            for child in tok.children:
                if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                    to = [c for c in child.children if c.lower_ == "to"]
                    add(child, [tok, *to, *_adverb_hedges(tok), *_adverb_hedges(child)])
        elif norm in ("possible", "impossible") and tok.dep_ == "acomp":
            targets = [c for c in tok.children if c.dep_ == "xcomp"]
            targets += [c for c in tok.head.children if c.dep_ in ("advcl", "xcomp", "ccomp")]
            for target in targets[:1]:
                add(target, [tok, *_adverb_hedges(tok.head)])
        elif norm in ("possible", "impossible") and tok.dep_ == "amod" and tok.i < tok.head.i:
            noun = tok.head
            phrase = [t for t in noun.subtree if t.i >= tok.i and t.dep_ != "punct"]
            add(noun, [tok], nominal=phrase[1:])
        elif tok.dep_ == "advmod" and lookup(norm) is not None and lookup(norm).kind == "adverb":
            if tok.head.tag_ in ("VBD",) or _has_past_perfect_modal(tok.head):
                continue
            has_modal = any(c.tag_ == "MD" for c in tok.head.children)
            verb, negated = (tok.head, False) if has_modal else _descend(tok.head)
            if verb.i == tok.head.i and tok.head.tag_ not in ("VBG", "VB"):
                continue  # "He's probably concerned": a present state, not a forecast
            cand = add(verb, [t for t in tok.subtree if t.dep_ == "advmod"])
            if negated:
                cand.fixed = -1.0  # marker: flip after scoring
        elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in _chance_nouns():
            _add_chance_noun(tok, add)
        elif tok.lemma_.lower() in _single_words("claims_choice_nouns.txt") and tok.dep_ in (
            "dobj",
            "attr",
        ):
            _add_choice(tok, add)
        elif tok.lower_ == "future" and tok.dep_ == "pobj":
            prep = tok.head
            if prep.head.pos_ in ("VERB", "AUX"):
                add(prep.head, list(prep.subtree))
        elif (
            tok.tag_ == "VBG"
            and tok.lemma_ in _single_words("claims_imminent_verbs.txt")
            and any(
                c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP")
                for c in tok.children
            )
        ):
            aux = [c for c in tok.children if c.dep_ in ("aux", "advmod")]
            add(tok, [*aux, tok], fixed=0.8)
        elif tok.lemma_ in ("expect", "anticipate", "predict") and tok.pos_ == "VERB":
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            if objects and not any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
                phrase = [t for t in objects[0].subtree if t.dep_ != "punct"]
                add(tok, [tok], nominal=phrase, fixed=0.8)
    return sorted(by_verb.values(), key=lambda c: c.verb.i)


def _add_chance_noun(noun: Token, add) -> None:
    """ "zero chance of victory", "the probability of provocations has been high"."""
    if any(
        c.dep_ in ("relcl", "acl", "ccomp") and c.pos_ in ("VERB", "AUX") for c in noun.children
    ):
        return  # "risk that X will ..." is scored on the inner clause (frame walk)
    quantity = _quantity_of(noun)
    phrase: list[Token] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            phrase = [t for t in child.subtree if t.i > child.i and t.dep_ != "punct"]
            phrase = [t for t in phrase if not _inside_relcl(t, child)]
    if not phrase:
        return
    holder = noun.head if noun.dep_ in ("dobj", "attr", "nsubj", "pobj") else noun
    hedges = [noun] + ([quantity[0]] if quantity else [])
    fixed = quantity[1] if quantity else _chance_nouns()[noun.lemma_.lower()]
    add(holder, hedges, nominal=phrase, fixed=fixed)


def _inside_relcl(token: Token, stop: Token) -> bool:
    current = token
    while current.i != stop.i and current.head.i != current.i:
        if current.dep_ in ("relcl", "acl"):
            return True
        current = current.head
    return False


def _quantity_of(noun: Token) -> tuple[Token, float] | None:
    """The quantifier of a chance noun: "zero chance", "large risk", "probability ... high"."""
    pool = list(noun.children)
    if noun.dep_ in ("nsubj", "nsubjpass"):
        pool += [c for c in noun.head.children if c.dep_ in ("acomp", "attr")]
    for tok in pool:
        est = lookup(tok.lower_)
        if (
            est is not None
            and est.kind == "quantity"
            and tok.dep_
            in (
                "nummod",
                "amod",
                "det",
                "acomp",
                "attr",
            )
        ):
            return tok, est.probability
    return None


def _add_choice(noun: Token, add) -> None:
    """ "has no real choice": the holder is expected to give in (a confident yes)."""
    verb = noun.head
    det_no = any(c.lower_ == "no" for c in noun.children)
    negated = _negation_of(verb) is not None
    if not (det_no or negated):
        return
    qualifiers = [c for c in noun.children if c.dep_ in ("amod", "det")]
    probability = 0.85 if det_no else 0.75
    if any(c.lower_ in ("real", "other") for c in qualifiers):
        probability = 0.9
    hedges = [noun, *qualifiers]
    if negated:
        hedges.append(_negation_of(verb))
    modals = [c for c in verb.children if c.tag_ == "MD"]
    if modals and _norm(modals[0]) in ("may", "might", "could"):
        probability -= 0.1
    hedges += modals
    add(verb, hedges, fixed=probability, event_override="give in for lack of choice")


# ---------------------------------------------------------------- scoring


@dataclass
class _Frame:
    """What the predicates above the event clause do to its probability and its speaker."""

    probability: float
    keep_negation_in_event: bool = False
    holder: Token | None = None
    hedges: list[Token] = field(default_factory=list)


def _apply_frames(verb: Token, probability: float, event_negated: bool) -> _Frame:
    frame = _Frame(probability=probability)
    current = verb
    for _ in range(5):
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            break
        head = current.head
        lemma = head.lemma_.lower()
        if lemma in _speech_verbs() and _frames().get(lemma) is None:
            if _negation_of(head) is not None:  # "He did not say X will": no claim either way
                frame.probability = 0.5
                frame.hedges.append(_negation_of(head))
            break  # above a speech verb the speaker changes; the statement decides
        kind = _frames().get(lemma) or _frames().get(head.lower_)
        negated = (
            _negation_of(head) is not None
            or (head.dep_ == "acomp" and _negation_of(head.head) is not None)
            or (head.pos_ in ("VERB", "AUX") and _negative_subject(head) is not None)
        )
        if (
            head.pos_ in ("NOUN",)
            and lemma in _chance_nouns()
            and current.dep_
            in (
                "relcl",
                "acl",
                "ccomp",
            )
        ):
            quantity = _quantity_of(head)
            frame.probability = quantity[1] if quantity else _chance_nouns()[lemma]
            frame.keep_negation_in_event = event_negated
            frame.hedges += [head] + ([quantity[0]] if quantity else [])
        elif lemma in _single_words("claims_negating_verbs.txt") and current.dep_ in (
            "xcomp",
            "pcomp",
        ):
            frame.probability = 1 - frame.probability
            frame.hedges.append(head)
        elif kind is not None:
            frame.hedges.append(head)
            if kind in ("belief", "expect") and negated:
                frame.probability = 1 - frame.probability
            elif kind == "doubt":
                frame.probability = min(frame.probability, 1 - frame.probability)
            elif kind == "conviction" and negated:
                frame.probability = 0.4
            elif kind == "worry" or (kind == "nonentail" and negated):
                frame.probability = 0.5
            if negated:
                frame.hedges.append(
                    _negation_of(head) or _negation_of(head.head) or _negative_subject(head)
                )
            if (
                kind in ("belief", "expect", "doubt", "conviction", "worry")
                and frame.holder is None
            ):
                frame.holder = _subject_of(head)
        current = head
    return frame


def _subject_of(token: Token) -> Token | None:
    """The holder of a frame: its subject, a relative pronoun's antecedent, or "from X"."""
    subject = syntax.subject_child(token)
    if subject is not None:
        return subject
    if token.dep_ == "acomp":
        return _subject_of(token.head)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "among"):
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _surface_frame_holder(verb: Token) -> Token | None:
    """ "alarm from Ukraine that Belarus will join" when the parser attaches the clause
    elsewhere: a frame noun a few words before the clause's "that"."""
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ == "that"]
    if not marks:
        return None
    start = marks[0].i
    window = verb.doc[max(verb.sent.start, start - 4) : start]
    for tok in window:
        if tok.pos_ == "NOUN" and _frames().get(tok.lemma_.lower()) in ("factive", "worry"):
            return _subject_of(tok)
    return None


# ---------------------------------------------------------------- event phrase


class _Names:
    """Entity names by original offset, to write "Lukashenko" for "he" in an event."""

    def __init__(self, article: Article, entities: list[EntityMention] | None):
        self.article = article
        self.spans: list[tuple[int, int, str]] = []
        for entity in entities or []:
            for start, end, _surface in entity.mentions:
                self.spans.append((start, end, _short_name(entity.name)))

    def name_at(self, token: Token) -> str | None:
        start, end = self.article.to_original(token.idx, token.idx + len(token.text))
        for s, e, name in self.spans:
            if s <= start and end <= e:
                return name
        return None


def _short_name(name: str) -> str:
    return name.strip()


def _compact(tokens: list[Token], names: _Names, limit: int = 6) -> str:
    words = []
    for tok in tokens:
        if tok.dep_ == "punct" or tok.lower_ in DETERMINERS and tok.dep_ == "det":
            continue
        if tok.pos_ == "PRON" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
            name = names.name_at(tok)
            if name:
                words.append(name + ("'s" if tok.dep_ == "poss" else ""))
                continue
        words.append(tok.text)
    return " ".join(words[:limit])


def _subject_tokens(verb: Token) -> list[Token]:
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
                return [t for t in child.subtree if t.dep_ not in ("relcl", "acl", "appos")]
            if child.dep_ == "expl":
                break
        if (
            current.dep_ in ("xcomp", "conj", "pcomp", "acomp", "advcl")
            and current.head.i != current.i
        ):
            current = current.head
            if current.pos_ == "ADP":
                current = current.head
            continue
        break
    return []


def _object_tokens(verb: Token) -> list[Token]:
    picked: list[Token] = []
    preps = 0
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "acomp", "dative", "prt", "oprd"):
            picked.extend(t for t in child.subtree if t.dep_ not in ("relcl", "punct"))
        elif child.dep_ == "prep" and preps < 1 and child.i > verb.i:
            picked.extend(t for t in child.subtree if t.dep_ != "punct")
            preps += 1
        elif child.dep_ == "xcomp":
            picked.extend(t for t in child.subtree if t.dep_ != "punct")
    picked.sort(key=lambda t: t.i)
    return picked


def _event_phrase(cand: _Candidate, names: _Names, keep_negation: bool) -> str:
    verb = cand.verb
    subject = _compact(_subject_tokens(verb), names)
    if cand.event_override:
        return _tidy(f"{subject} {cand.event_override}")
    if cand.nominal is not None:
        return _tidy(f"{subject} {_compact(cand.nominal, names, limit=10)}")
    if verb.tag_ == "MD":  # ellipsis: "the country never will"
        return _tidy(f"{subject} act (elided)")
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    verb_words = ("be " + verb.text) if passive else verb.lemma_
    negation = "not " if keep_negation else ""
    objects = _compact(_object_tokens(verb), names, limit=8)
    return _tidy(f"{subject} {negation}{verb_words} {objects}")


def _tidy(text: str) -> str:
    text = re.sub(r"[“”\"‘’]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—")
    return " ".join(text.split()[:MAX_EVENT_WORDS])


# ---------------------------------------------------------------- span, speaker


def _clause_span(cand: _Candidate, extra: list[Token]) -> tuple[int, int]:
    """Token range of the forecast clause: subject, hedges, verb and its core complements."""
    verb = cand.verb
    tokens = [verb, *cand.hedges, *extra, *_subject_tokens(verb)]
    if cand.nominal:
        tokens += cand.nominal
    for child in verb.children:
        if child.dep_ in ("advcl", "punct", "cc", "conj", "mark", "relcl") or child.lower_ in (
            "since",
            "because",
        ):
            continue
        tokens.extend(child.subtree)
    sent = verb.sent
    tokens = [t for t in tokens if sent.start <= t.i < sent.end]
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens)
    while end > start and verb.doc[end].dep_ == "punct" and verb.doc[end].text not in ".!":
        end -= 1
    return verb.doc[start].idx, verb.doc[end].idx + len(verb.doc[end].text)


def _is_conditional(verb: Token) -> bool:
    """ "would ... if ...", "Should he abandon ..., X would": a condition on the event."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
        if "if" in marks or "unless" in marks:
            if any(c.lower_ == "even" for c in child.subtree if c.i < child.i):
                continue  # "even if": concessive, the outcome holds regardless
            return True
        first = child.doc[child.left_edge.i]
        if first.lower_ in ("should", "were", "had") and first.dep_ in ("aux", "auxpass", "ROOT"):
            return True
    return False


def _only_if(verb: Token) -> bool:
    """ "only if" / "only when" restricts the event to a condition: no commitment either way."""
    for child in verb.children:
        if child.dep_ == "advcl":
            words = [t.lower_ for t in child.subtree][:3]
            if any(c.lower_ == "only" for c in child.children) or words[:2] in (
                ["only", "if"],
                ["only", "when"],
            ):
                return True
        if (
            child.lower_ == "only"
            and child.dep_ == "advmod"
            and any(c.dep_ == "advcl" for c in verb.children)
        ):
            return True
    return False


def _inside_quotes(text: str, position: int) -> bool:
    """True when ``position`` sits inside an open quotation in its paragraph."""
    para_start = text.rfind("\n\n", 0, position) + 1
    before = text[para_start:position]
    opened = before.count("\u201c") - before.count("\u201d")
    straight = before.count('"')
    return opened > 0 or straight % 2 == 1


def _holder_name(holder: Token, names: _Names) -> str:
    name = names.name_at(holder)
    if name:
        return name
    parts = [t.text for t in holder.subtree if t.pos_ == "PROPN" and t.i <= holder.i]
    return " ".join(parts) or holder.text


def _statement_at(
    start: int, end: int, anchor: int, statements: list[Statement]
) -> Statement | None:
    """The statement holding the forecast: around its verb, else overlapping it most."""
    around = [s for s in statements if s.start <= anchor < s.end]
    if around:
        around.sort(key=lambda s: (s.speaker is None, s.end - s.start, -s.confidence))
        return around[0]
    best, best_overlap = None, 0
    for s in statements:
        overlap = min(end, s.end) - max(start, s.start)
        if overlap > best_overlap and overlap >= (end - start) / 2:
            best, best_overlap = s, overlap
    return best


def extract_forecasts_with_entities(
    doc: Doc,
    article: Article,
    statements: list[Statement],
    entities: list[EntityMention] | None = None,
) -> list[Forecast]:
    """Forecasts of one parsed article (``doc`` parses ``article.text``)."""
    names = _Names(article, entities)
    forecasts: list[Forecast] = []
    for sent in doc.sents:
        for cand in _find_candidates(sent):
            forecast = _score(cand, doc, article, statements, names)
            if forecast is not None:
                forecasts.append(forecast)
    return forecasts


def _score(
    cand: _Candidate,
    doc: Doc,
    article: Article,
    statements: list[Statement],
    names: _Names,
) -> Forecast | None:
    verb = cand.verb
    hedge_tokens = sorted(set(cand.hedges), key=lambda t: t.i)
    hedge_text = " ".join(t.text for t in hedge_tokens)
    flip_after = cand.fixed == -1.0
    if cand.fixed is not None and not flip_after:
        probability = cand.fixed
        estimate: Estimate | None = None
    else:
        estimate = best_estimate(hedge_text)
        if estimate is None:
            return None
        probability = estimate.probability
    if flip_after:
        probability = 1 - probability
    negation = None if cand.event_override else _negation_of(verb)
    if negation is None and not cand.event_override:
        for hedge in cand.hedges:  # "not going to", "not likely to"
            if hedge.i != verb.i and hedge.pos_ in ("VERB", "AUX", "ADJ"):
                negation = _negation_of(hedge)
                if negation is not None:
                    break
    if verb.tag_ == "MD":
        negation = negation or next((c for c in verb.children if _is_negation(c)), None)
    if negation is None and not cand.event_override and cand.nominal is None:
        negation = _negative_subject(verb)
    frame_probability = 1 - probability if negation is not None else probability
    frame = _apply_frames(verb, frame_probability, negation is not None)
    keep_negation = frame.keep_negation_in_event
    probability = frame.probability
    holder = frame.holder or _surface_frame_holder(verb)
    extra = list(frame.hedges)
    if negation is not None:
        extra.append(negation)
    if _only_if(verb):  # "would send troops only if ...": the speaker commits to nothing
        probability = 0.5
    probability = round(min(1.0, max(0.0, probability)), 3)

    clean_start, clean_end = _clause_span(cand, [negation] if negation is not None else [])
    start, end = article.to_original(clean_start, clean_end)
    anchor = article.to_original(verb.idx, verb.idx + len(verb.text))[0]
    statement = _statement_at(start, end, anchor, statements)
    speaker: str | None
    speaker_id = None
    if statement is not None:
        speaker = statement.speaker
        speaker_id = statement.speaker_id
    elif holder is not None and holder.pos_ in ("PROPN", "NOUN"):
        # a named holder ("Kavaleuski, who isn't convinced that") is the forecaster;
        # an unnamed one ("others are confident that") leaves the speaker unknown
        speaker = _holder_name(holder, names) if holder.pos_ == "PROPN" else None
    elif _inside_quotes(article.text, verb.idx):
        speaker = None
    else:
        speaker = AUTHOR
    hedge_words = sorted(set(hedge_tokens + [t for t in extra if t is not None]), key=lambda t: t.i)
    event = _event_phrase(cand, names, keep_negation)
    return Forecast(
        id=stable_id(article.id, "forecast", str(start), str(end)),
        article=article.id,
        source=article.source,
        start=start,
        end=end,
        text=article.original[start:end],
        speaker=speaker,
        event=event,
        direction=direction_of(probability),
        hedge=" ".join(t.text for t in hedge_words) or None,
        probability=probability,
        conditional=_is_conditional(verb),
        statement=statement.id if statement is not None else None,
        speaker_id=speaker_id,
    )
