"""Line rules built once from the ``boilerplate_*`` lexicons (data files).

A line rule looks at one normalised line and says whether it is residue and which lexicon
says so. Position and repetition are decided by ``chorus.clean.text``; this module only knows
what a residue line looks like on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from chorus.clean.lines import is_sentence, normalise
from chorus.lexicons import table, words

#: Lexicons of whole-line residue cues (columns: match kind, phrase), checked in this order.
CUE_LEXICONS = (
    "boilerplate_ui.txt",
    "boilerplate_consent.txt",
    "boilerplate_comments.txt",
    "boilerplate_related.txt",
    "boilerplate_newsletter.txt",
    "boilerplate_source.txt",
    "boilerplate_readtime.txt",
)
#: Lines longer than this are running text: only whole-line cues may remove them.
MAX_CUE_LINE_CHARS = 400

_SEPARATORS = re.compile(r"[\s|/•·,;:()\[\]–—-]+")


@dataclass(frozen=True)
class CueSet:
    """The cues of one lexicon, compiled."""

    name: str
    lines: frozenset[str]
    starts: tuple[str, ...]
    contains: tuple[str, ...]
    pattern: re.Pattern[str] | None
    list_headers: frozenset[str]

    def matches(self, norm: str) -> bool:
        if norm in self.lines:
            return True
        if len(norm) > MAX_CUE_LINE_CHARS:
            return False
        if norm.startswith(self.starts) or any(c in norm for c in self.contains):
            return True
        return bool(self.pattern and self.pattern.search(norm))


def _cue_set(name: str) -> CueSet:
    lines: set[str] = set()
    starts: list[str] = []
    contains: list[str] = []
    regexes: list[str] = []
    headers: set[str] = set()
    for row in table(name):
        if len(row) < 2:
            raise ValueError(f"lexicon {name}: row without a match kind: {row!r}")
        kind, phrase = row[0], normalise(row[1]) if row[0] != "re" else row[1]
        if kind == "line":
            lines.add(phrase)
        elif kind == "start":
            starts.append(phrase)
        elif kind == "has":
            contains.append(phrase)
        elif kind == "re":
            regexes.append(f"(?:{phrase})")
        elif kind == "list":
            headers.add(phrase)
            headers.add(phrase + ":")
        else:
            raise ValueError(f"lexicon {name}: unknown match kind {kind!r}")
    pattern = re.compile("|".join(regexes)) if regexes else None
    return CueSet(
        name.removesuffix(".txt"),
        frozenset(lines),
        tuple(starts),
        tuple(contains),
        pattern,
        frozenset(headers),
    )


@lru_cache(maxsize=1)
def cue_sets() -> tuple[CueSet, ...]:
    return tuple(_cue_set(name) for name in CUE_LEXICONS)


def cue_reason(norm: str) -> str | None:
    """The lexicon that marks this normalised line as residue, if any."""
    for cues in cue_sets():
        if cues.matches(norm):
            return cues.name
    return None


def list_header_reason(norm: str) -> str | None:
    """The lexicon whose "list" cue opens a list of links with this line ("You may also like")."""
    bare = norm.rstrip(" :.…»›>")
    for cues in cue_sets():
        if norm in cues.list_headers or bare in cues.list_headers:
            return cues.name
    # "More from World": a list header followed by the name of a section
    if len(bare.split()) <= 5 and not bare.endswith(("?", "!")):
        for cues in cue_sets():
            if any(bare.startswith(h + " ") and len(h.split()) >= 2 for h in cues.list_headers):
                return cues.name
    return None


_CAPITALS = re.compile(r"^\W*((?:[A-Z][A-Z'’]+\s+)+)(?=[A-Z0-9“\"‘'])")


def kicker_reason(text: str) -> str | None:
    """A link under a kicker in capitals ("RELATED  Library petition hits ...", "READ MORE
    Ferry fares rise"): the capitals are a list header of a cue lexicon and a headline, not a
    sentence, follows. Returns that lexicon's name."""
    match = _CAPITALS.match(text)
    rest = text[match.end() :] if match else ""
    if not match or not rest.strip() or is_sentence(rest) or len(rest.split()) > 20:
        return None
    return list_header_reason(normalise(match.group(1)))


@cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in words(name))


def only_words_from(norm: str, lexicon: str) -> bool:
    """The line is made only of entries of ``lexicon`` (single or multi-word) and separators."""
    vocabulary = _word_set(lexicon)
    pieces = [p for p in _SEPARATORS.split(norm) if p]
    if not pieces:
        return False
    i = 0
    while i < len(pieces):
        for size in (3, 2, 1):
            if i + size <= len(pieces) and " ".join(pieces[i : i + size]) in vocabulary:
                i += size
                break
        else:
            return False
    return True


@lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern[str]:
    cues = sorted((re.escape(normalise(w)) for w in words("boilerplate_credit.txt")), key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(cues)) + r")(?!\w)")


_AGENCY_SLASH = re.compile(r"\b[\w.'’-]+ ?/ ?[A-Z][\w.'’-]*")


def is_credit(text: str, norm: str) -> bool:
    """A photo or video credit: short, no running sentence, with a credit cue or the
    "Name/Agency" shape of picture-desk credits."""
    if len(text) > 240:
        return False
    body = text.strip()
    parenthesised = body.startswith("(") and body.endswith(")")
    has_cue = bool(_credit_pattern().search(norm))
    slash = bool(_AGENCY_SLASH.search(body))
    inner = body[1:-1].strip() if parenthesised else ""
    if parenthesised and (has_cue or slash):
        # "(Name/Agency, file)" credits; a parenthesised sentence that cites an agency is text
        return len(inner.split()) <= 15 and not (is_sentence(inner) and len(inner.split()) > 6)
    if norm.startswith(("photo:", "photo by", "photograph:", "image:", "credit:", "picture:")):
        return True
    if "via getty images" in norm or norm.endswith(("/afp", "/reuters", "/ap", "/getty images")):
        return True
    if not (slash and has_cue and len(body.split()) <= 20):
        return False
    # the credit closes the line ("Caption. Name/Agency"); a slash early in a sentence is text
    last_slash = list(_AGENCY_SLASH.finditer(body))[-1]
    return len(body[last_slash.end() :].split()) <= 3


#: A caption's closing credit: after a full stop or a dash, "Credit: X", "Image courtesy X",
#: "Photo: X", "— AFP pic", "(X/Agency)".
_CREDIT_TAIL = re.compile(
    r"(?:[.!?)\]”\"]\s*|\s[-–—]\s*)"
    r"(?:(?:photo|picture|image|video)\s*(?:credit|courtesy|by)?\s*:|credit\s*:|"
    r"(?:image|photo|picture)?\s*courtesy\b)[^.!?]{1,60}$"
    r"|\s[-–—]\s*[\w.&/ ]{1,30}\s(?:pic|photo|picture|file photo)\.?$",
    re.IGNORECASE,
)
#: A caption is short: a sentence or two about the picture.
MAX_CAPTION_CHARS = 400


def ends_with_credit(text: str) -> bool:
    """A photo caption that closes with its credit ("Xi at a summit. Credit:Agency",
    "X speaks in Y on Monday. — AFP pic"): page furniture, not article text."""
    body = text.strip()
    return len(body) <= MAX_CAPTION_CHARS and bool(_CREDIT_TAIL.search(body))
