"""The claims stage's word lists (read from the lexicon files) and small token predicates."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from chorus import lexicons
from chorus.claims.wep import normalise_apostrophes, scale

MODAL_WORDS = frozenset({"will", "'ll", "wo", "would", "'d", "could", "may", "might", "shall"})
ABILITY_MODALS = frozenset({"can", "ca"})
#: Modals whose negation states impossibility ("could not", "cannot"), not a mere possibility.
IMPOSSIBILITY_MODALS = frozenset({"can", "ca", "could"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "nt"})
NEGATIVE_PRONOUNS = frozenset({"nobody", "none", "nothing", "neither", "no-one", "no one"})
NEGATIVE_AMOUNTS = frozenset({"little", "nothing"})
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "that", "those", "such"})


@cache
def frames() -> dict[str, str]:
    """Predicates that govern a forecast clause: lemma -> kind (see claims_frames.txt)."""
    return {row[0]: row[1] for row in lexicons.table("claims_frames.txt")}


@cache
def chance_nouns() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in lexicons.table("claims_chance_nouns.txt")}


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lexicons.words(name))


@cache
def prospective_triggers() -> frozenset[str]:
    """Words before "to" that announce a future act ("going to", "unlikely to", "vowed to"),
    from the two-word "W to" rows of the scale, matched on the word or its lemma."""
    words = {"likely", "unlikely", "certain", "sure"}
    for phrase in scale():
        parts = phrase.split()
        if len(parts) == 2 and parts[1] == "to":
            words.add(parts[0])
    return frozenset(words)


@cache
def speech_verbs() -> frozenset[str]:
    return frozenset(row[0] for row in lexicons.table("reporting_verbs.txt") if len(row) > 1)


def norm(token: Token) -> str:
    return normalise_apostrophes(token.lower_)


def is_negation(token: Token) -> bool:
    return token.dep_ == "neg" or norm(token) in NEGATION_WORDS


def is_modal(token: Token) -> bool:
    """A modal auxiliary ("will", "could", "can"), not the name May nor a noun "will"."""
    if token.tag_ != "MD" or norm(token) not in MODAL_WORDS | ABILITY_MODALS:
        return False
    if token.text == "May" and token.i > token.sent.start:
        return False  # "May said": the name
    return not (
        token.text == "May"
        and token.i + 1 < len(token.doc)
        and token.nbor().tag_ in ("VBD", "VBZ", "POS", "VBN")
    )
