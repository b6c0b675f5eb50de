"""When two names are the same, for every evaluation: the documented rules of the shared
real-news scorer (``docs/evaluation.md``), written here once.

- Words: lowercase, accents folded, split on non-word characters, possessive ``'s`` dropped.
- Name words: words without the stop words (``evaluation_name_stopwords.txt``), one-letter
  words, and, where titles do not count, the titles (``evaluation_name_titles.txt``).
- Spelling variants: two words are the same when equal, or both of four letters or more with a
  similarity ratio of at least 0.8 (Lukashenko / Lukashenka, Kostrov / Kastrov).
- A name is *covered* by a set of words when each of its name words has a variant there.

Two strictness levels use these rules. The real-news scorer credits a speaker that shares one
name word with the gold speaker (``shares_a_name_word``), and ``chorus eval news`` keeps that
rule to report the shared scorer's figures. Everywhere else a name must hold together:
``same_name`` wants one name covered by a single mention of the other (so a different given
name is a different person: Pavel Danek is not Irina Danek), and ``same_relay`` the same for
relays (a shared generic word such as "agency" is not enough).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache

from chorus.lexicons import words as lexicon_words

#: Words of at least this many letters may match a spelling variant.
VARIANT_MIN_LETTERS = 4
#: Similarity ratio (difflib) from which two words are spelling variants.
VARIANT_MIN_RATIO = 0.8
_WORD = re.compile(r"\w+")
_INITIALISM = re.compile(r"\b(?:[^\W\d_]\.){2,}")


@cache
def stop_words() -> frozenset[str]:
    return frozenset(lexicon_words("evaluation_name_stopwords.txt"))


@cache
def title_words() -> frozenset[str]:
    return frozenset(lexicon_words("evaluation_name_titles.txt"))


def _folded(text: str | None) -> str:
    """Lowercase, no accents, plain apostrophes, the possessive ``'s`` before a space gone."""
    lowered = (text or "").replace("\u00a0", " ").lower()
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("\u2019", "'").replace("'s ", " ")


def text_words(text: str | None) -> list[str]:
    """The words of a text, in order (also the unit of content matching)."""
    return _WORD.findall(_folded(text))


def name_words(text: str | None, drop_titles: bool = False) -> list[str]:
    """The words of a name that can tell it apart."""
    dropped = stop_words() | title_words() if drop_titles else stop_words()
    return [w for w in text_words(text) if len(w) > 1 and w not in dropped]


def spelling_variants(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < VARIANT_MIN_LETTERS:
        return False
    return SequenceMatcher(None, a, b).ratio() >= VARIANT_MIN_RATIO


def shares_a_name_word(a: Iterable[str], b: Iterable[str]) -> bool:
    """Some word of ``a`` is a spelling variant of some word of ``b``."""
    others = list(b)
    return any(spelling_variants(x, y) for x in a for y in others)


def covered(name: str | None, available: Iterable[str]) -> bool:
    """Every name word of ``name`` (titles dropped) has a spelling variant in ``available``;
    a name made of titles only is never covered."""
    wanted = name_words(name, drop_titles=True)
    pool = list(available)
    return bool(wanted) and all(any(spelling_variants(w, a) for a in pool) for w in wanted)


def _initialisms_joined(text: str | None) -> str:
    """ "N.T.A." -> "NTA", so an agency's dotted and plain spellings compare equal."""
    return _INITIALISM.sub(lambda m: m.group(0).replace(".", ""), text or "")


def _names_agree(a: str, b: str) -> bool:
    """One name's words all have variants in the other's (titles dropped); with no name
    words left on either side (only titles, as "the minister"), the words must be equal."""
    a, b = _initialisms_joined(a), _initialisms_joined(b)
    words_a, words_b = name_words(a, True), name_words(b, True)
    if not words_a or not words_b:
        plain = name_words(a)
        return bool(plain) and plain == name_words(b)
    return covered(a, words_b) or covered(b, words_a)


def same_name(predicted: str | None, gold: str | None, gold_aliases: Iterable[str] = ()) -> bool:
    """The predicted name names the gold person: it agrees with the gold name or with one of
    its aliases (spelling variants yes, a different given name no)."""
    if not predicted or not gold:
        return False
    return any(_names_agree(predicted, form) for form in (gold, *gold_aliases) if form)


def same_relay(predicted: str | None, gold: str | None) -> bool:
    """Both relays absent, or both name the same intermediary ("the state agency NTA" and
    "N.T.A." yes; "the news agency NTA" and "Reuters news agency" no)."""
    if not predicted or not gold:
        return not predicted and not gold
    return _names_agree(predicted, gold)
