"""Speaker ranker: which noun phrase near a cue is the source of a statement.

The rules pick a speaker from the parse (the cue's subject, an "according to" object, a
neighbour quote's speaker...). When the parse misleads them, the true source is almost always
another noun phrase of the cue's sentence or the one before. This model, learnt on PolNeAR
train (``scripts/train_speaker_ranker.py``), scores every such candidate from its syntactic
path to the cue, its distance, its kind (name, pronoun, title, group) and whether the rules
chose it; the rules' choice is replaced only when another candidate scores clearly higher.
Weights ship as JSON (``data/models/speaker_ranker.json``) and are scored in plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from chorus.attribution.confidence import bucket, load_weights, probability
from chorus.attribution.cues import (
    cue_span,
    document_nouns,
    pronoun_kinds,
    relay_nouns,
    relay_verbs,
    speaker_like,
    title_classes,
)
from chorus.attribution.found import Found
from chorus.attribution.state import ArticleState
from chorus.syntax import SentenceIndex, same_person_named

MODEL_FILE = "speaker_ranker.json"
#: Rules whose speaker comes from another statement: their speaker is that statement's.
BORROWED_RULES = {"inherited", "continuation", "following"}
#: Rules whose speaker is fixed by the page's layout or an explicit "according to": precise
#: where they occur, so the ranker leaves their speaker alone.
FIXED_RULES = {"dash", "label", "colon-line", "according"}
#: Parts of speech that can head a source mention.
_HEAD_POS = {"PROPN", "NOUN", "PRON"}
#: Dependency labels that never head a mention of their own.
_INNER_DEPS = {"compound", "flat", "det", "amod", "nummod", "case"}
#: How many steps a syntactic path is followed up from each end.
_PATH_STEPS = 4
#: The most tokens a statement's candidate window spans (bounded work per statement).
_WINDOW = 160


@dataclass(frozen=True)
class Candidate:
    """One possible source of a statement: the head token of a noun phrase."""

    token: Token
    chosen: bool  # the rules' choice


@dataclass(frozen=True)
class Anchors:
    """Where a statement is: its cue word (if any), the top word of its content, and the
    sentence range it spans."""

    cue: Token | None
    content: Token
    first_sentence: int  # token index where the content's first sentence starts
    last_sentence: int  # token index where the content's (or cue's) last sentence ends


def cue_token(doc: Doc, item: Found, sentences: SentenceIndex) -> Token | None:
    """The word that carries a statement's cue: its last verb, else its first word."""
    if item.cue is None:
        return None
    first = sentences.token_at(item.cue[0])
    last = sentences.token_at(max(item.cue[0], item.cue[1] - 1))
    tokens = list(doc[first : last + 1])
    if not tokens:
        return None
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    return verbs[-1] if verbs else tokens[0]


def anchors(doc: Doc, item: Found, sentences: SentenceIndex) -> Anchors | None:
    first = sentences.token_at(item.start)
    last = sentences.token_at(max(item.start, item.end - 1))
    if last < first:
        return None
    span = doc[first : last + 1]
    content = span.root
    cue = cue_token(doc, item, sentences)
    low, high = first, last
    if cue is not None:
        low, high = min(low, cue.i), max(high, cue.i)
    return Anchors(cue, content, sentences.bounds(low)[0], sentences.bounds(high)[1])


def candidates(doc: Doc, item: Found, where: Anchors, state: ArticleState) -> list[Candidate]:
    """Noun-phrase heads from the sentence before the statement to the sentence after it
    (within its paragraph and the one before), outside its content and outside quotations;
    the rules' own choice always included."""
    sentences = state.sentences
    start, end = where.first_sentence, where.last_sentence
    if start > 0:
        start = sentences.bounds(start - 1)[0]
    if end < len(doc):
        end = sentences.bounds(end)[1]
    paragraph = state.paragraph_of(item.start)
    start = max(start, end - _WINDOW)
    chosen = item.speaker.i if item.speaker is not None else -1
    found = []
    for token in doc[start:end]:
        if token.pos_ not in _HEAD_POS or token.dep_ in _INNER_DEPS:
            continue
        if item.start <= token.idx < item.end or token.i == chosen:
            continue
        if item.cue is not None and item.cue[0] <= token.idx < item.cue[1]:
            continue  # the cue itself ("claims by analysts") is never its own source
        if state.in_quote(token) or not 0 <= paragraph - state.paragraph_of(token.idx) <= 1:
            continue
        found.append(Candidate(token, False))
    if item.speaker is not None:
        found.append(Candidate(item.speaker, True))
    return found


def _ancestors(token: Token) -> list[Token]:
    """The token and its heads up to the root, padded with the root to 12 entries: the shipped
    model learnt its paths on such padded chains (so a path that meets at the root of a
    sentence reads "far"); the padding reuses the root instead of asking spaCy for it again."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < 12:
        chain.append(chain[-1].head)
    chain.extend([chain[-1]] * (12 - len(chain)))
    return chain


def syntactic_path(token: Token, cue: Token) -> str:
    """The dependency labels from ``token`` up to the lowest common ancestor with ``cue``,
    then from ``cue`` up to it: "nsubj|" is the cue's subject, "pobj>agent|" its by-agent."""
    up_token, up_cue = _ancestors(token), _ancestors(cue)
    position = {t.i: k for k, t in enumerate(up_cue)}
    for k, ancestor in enumerate(up_token):
        if ancestor.i in position:
            j = position[ancestor.i]
            if k > _PATH_STEPS or j > _PATH_STEPS:
                return "far"
            ups = ">".join(t.dep_ for t in up_token[:k])
            downs = ">".join(t.dep_ for t in up_cue[:j])
            return f"{ups}|{downs}"
    return "none"


def _kind(token: Token) -> str:
    lower = token.lower_
    if token.pos_ == "PRON" or lower in pronoun_kinds():
        return "pronoun:" + lower if lower in pronoun_kinds() else "pronoun"
    if token.tag_ in ("WP", "WDT"):
        return "relative"
    if lower in title_classes():
        return "title:" + title_classes()[lower]
    if token.lemma_.lower() in document_nouns():
        return "document"
    if token.lemma_.lower() in relay_nouns():
        return "relay"
    return token.pos_


def _according_object(token: Token) -> bool:
    """ "according to X": X, a relay or document rather than a voice of its own."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "to"
        and head.i > 0
        and head.doc[head.i - 1].lower_ == "according"
    )


def features(candidate: Candidate, item: Found, where: Anchors, state: ArticleState) -> list[str]:
    """Binary features (names) of one candidate source of ``item``."""
    token = candidate.token
    sentences = state.sentences
    to_content = syntactic_path(token, where.content)
    side = "before" if token.idx < item.start else "after"
    gap = (where.content.i - token.i) if side == "before" else (token.i - where.content.i)
    sentence = sentences.bounds(token.i)[0]
    if sentence < where.first_sentence:
        place = "sentence_before"
    elif sentence >= where.last_sentence:
        place = "sentence_after"
    else:
        place = "same_sentence"
    kind = _kind(token)
    names = [
        f"content_path={to_content}",
        f"content_path|kind={to_content}|{item.kind}",
        f"dep={token.dep_}",
        f"kind={kind}",
        f"ent={token.ent_type_ or 'none'}",
        f"side={side}",
        f"place={place}",
        f"side|gap={side}|{bucket(abs(gap), (2, 4, 8, 16, 32))}",
        f"place|kind={place}|{kind}",
        f"speaker_like={speaker_like(token)}",
        f"plural={token.tag_ in ('NNS', 'NNPS')}",
        f"rule={item.how}",
    ]
    if token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
        names.append(f"subject_of={verb.lemma_.lower()}")
        names.append(f"subject_of_cue={state.is_cue(verb)}")
    if _according_object(token):
        names.append("according_object")
    if where.cue is not None:
        to_cue = syntactic_path(token, where.cue)
        names += [f"cue_path={to_cue}", f"cue_path|rule={to_cue}|{item.how}"]
        names.append(f"cue={where.cue.lemma_.lower()}")
    else:
        names.append("no_cue")
    if candidate.chosen:
        names += ["chosen", f"chosen|rule={item.how}", f"chosen|kind={kind}"]
    if item.how in BORROWED_RULES or item.inherited is not None:
        names += ["borrowed", f"borrowed|place={place}", f"borrowed|chosen={candidate.chosen}"]
    return names


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped weights (``{"bias", "weights", "margin"}``) or None when absent."""
    return load_weights(MODEL_FILE)


def rerank(items: list[Found], state: ArticleState, model: dict | None) -> None:
    """Replace a statement's speaker by a candidate the model prefers to the rules' choice by
    more than the model's margin. Layout and "according to" speakers and words relayed inside
    another statement are left alone; ``may_replace`` says which candidates may win."""
    if model is None:
        return
    margin = model.get("margin", 0.0)
    doc = state.doc
    for item in items:
        if item.speaker is None or item.how in FIXED_RULES or reported_inside(item, items):
            continue
        where = anchors(doc, item, state.sentences)
        if where is None:
            continue
        scored = [
            (probability(features(c, item, where, state), model), c)
            for c in candidates(doc, item, where, state)
        ]
        chosen = next(s for s, c in scored if c.chosen)
        best, winner = max(scored, key=lambda sc: sc[0])
        if winner.chosen or best - chosen <= margin or not may_replace(item.speaker, winner.token):
            continue
        _take(item, winner.token)


def reported_inside(item: Found, items: list[Found]) -> bool:
    """A statement whose cue lies inside another's content ("A said that B called it X"):
    B's words relayed by A. The rules give it B as speaker and A as relay; the corpus the
    ranker learnt from credits A, which the product reports as the relay, so it is left."""
    anchor = item.anchor
    return any(
        other is not item and other.speaker is not None and other.start <= anchor < other.end
        for other in items
    )


def _relay_subject(token: Token) -> bool:
    """The subject of a relay verb ("..., Reuters reported"): an outlet passing words on."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in relay_verbs()


def may_replace(chosen: Token, winner: Token) -> bool:
    """Whether the ranker's ``winner`` may replace the rules' ``chosen`` speaker: a named
    person is only replaced by another person (or a pronoun), and never by an outlet or
    document that relays the words ("according to X", "X reported")."""
    if _according_object(winner) or _relay_subject(winner):
        return False
    if same_person_named(chosen, winner):
        return False  # another mention of the same person: the rules chose the mention
    if chosen.ent_type_ == "PERSON":
        return winner.ent_type_ == "PERSON" or winner.pos_ == "PRON"
    return True


def _take(item: Found, speaker: Token) -> None:
    """Make ``speaker`` the statement's source; a statement that borrowed another's speaker
    now has its own, with the verb it is the subject of as its cue."""
    item.speaker = speaker
    item.speaker_span = None
    if item.how in BORROWED_RULES or item.inherited is not None:
        item.inherited = None
        verb = speaker.head if speaker.dep_ in ("nsubj", "nsubjpass") else None
        item.cue = cue_span(verb) if verb is not None else None
        item.via = None
