"""When two reported texts are the same statement: verbatim, near-verbatim, or truncated.

Used by the provenance step (which statements several articles report) and by people
resolution (two spellings credited with the same statement are likely one person).
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

#: Near-verbatim: rapidfuzz ratio of the normalised texts at least this.
SAME_TEXT_RATIO = 88.0
#: Truncation: the shorter text found inside the longer one at least this well ...
CONTAINED_RATIO = 92.0
#: ... and at least this many words long (so "we will see" links nothing).
MIN_CONTAINED_WORDS = 6


def normalise_text(text: str) -> str:
    """Lower case, ASCII quotes/dashes, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[^\w\s']", " ", text)
    text = text.replace("'", "")
    return " ".join(text.split())


def shingles(words: list[str], size: int) -> set[str]:
    """Word n-grams; a text shorter than ``size`` words is its own single shingle."""
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def same_statement(first: str, second: str) -> bool:
    """Verbatim, near-verbatim, or one a truncation of the other (normalised texts)."""
    if not first or not second:
        return False
    if first == second or fuzz.ratio(first, second) >= SAME_TEXT_RATIO:
        return True
    shorter, longer = sorted((first, second), key=len)
    if len(shorter.split()) < MIN_CONTAINED_WORDS:
        return False
    return fuzz.partial_ratio(shorter, longer) >= CONTAINED_RATIO
