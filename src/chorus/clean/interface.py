"""Text a page's interface addresses to its reader: comment forms, consent and cookie notices,
membership and paywall banners, newsletter prompts, share bars, widget errors.

Recognised by general cues (``boilerplate_interface.txt``), never by remembered sentences. A
news sentence talks about third parties; interface text talks to the reader about the page:
it addresses them (second person, an imperative opening a clause, the site speaking of itself,
a form mark) and names interface things (comment, account, cookie, newsletter, share). A line
with both, dense enough, is interface text on its own, wherever it stands. Labels with a cue or
the shape of a button ("Mastodon avatar", "Site logo") go with the interface lines around them.
Reported speech and quotations are article text, never interface.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from chorus.clean.lines import has_quote_mark, is_sentence, normalise, words
from chorus.lexicons import table

LEXICON = "boilerplate_interface.txt"
#: Kinds of cue words; all but "account" give their name to the removed span's reason.
CUE_KINDS = ("comments", "consent", "newsletter", "share", "ui", "account")
#: An account or form line with no other cue is most often a comment form's.
DEFAULT_KIND = "comments"
#: Weight of a cue seldom seen outside a page's interface.
DISTINCTIVE = 2
#: A line is interface text alone when cue weights plus reader features reach this...
MIN_EVIDENCE = 3
#: ... and it has at most this many words per unit of evidence (a long paragraph that
#: mentions a cookie is article text).
MAX_WORDS_PER_EVIDENCE = 8
#: A line holding a template placeholder is interface text when it is this short.
MAX_TEMPLATE_WORDS = 12
#: A label that joins the interface lines around it is short and not a sentence.
MAX_LABEL_WORDS = 12
#: Quoted button names ("Accept All") are this short; a longer quotation is article text.
MAX_BUTTON_NAME_WORDS = 3
#: Lines longer than this are article text whatever they mention.
MAX_INTERFACE_WORDS = 80

_CLAUSE_BREAK = re.compile(r"[.!?:;,(…]+|\s[-–—|/]\s")
_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]{0,40})[\"”»]")


@dataclass(frozen=True)
class Cues:
    """The interface lexicon, compiled."""

    terms: dict[str, tuple[str, int]]  # phrase -> (kind, weight)
    longest: int
    reader: frozenset[str]
    verbs: frozenset[str]
    leads: frozenset[str]
    site: frozenset[str]
    speech: frozenset[str]
    marks: re.Pattern[str] | None
    templates: re.Pattern[str] | None
    embeds: re.Pattern[str] | None


def _phrase(text: str) -> str:
    return " ".join(words(text.replace("’", "'").casefold()))


def _pattern(parts: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


@lru_cache(maxsize=1)
def cues() -> Cues:
    terms: dict[str, tuple[str, int]] = {}
    sets: dict[str, set[str]] = {k: set() for k in ("reader", "verb", "lead", "site", "speech")}
    patterns: dict[str, list[str]] = {"mark": [], "template": [], "embed": []}
    for row in table(LEXICON):
        if len(row) < 2:
            raise ValueError(f"lexicon {LEXICON}: row without a kind: {row!r}")
        kind, value = row[0], row[1]
        if kind in CUE_KINDS:
            terms[_phrase(value)] = (kind, int(row[2]) if len(row) > 2 else 1)
        elif kind in sets:
            sets[kind].add(_phrase(value))
        elif kind in patterns:
            patterns[kind].append(value)
        else:
            raise ValueError(f"lexicon {LEXICON}: unknown kind {kind!r}")
    return Cues(
        terms=terms,
        longest=max((len(t.split()) for t in terms), default=1),
        reader=frozenset(sets["reader"]),
        verbs=frozenset(sets["verb"]),
        leads=frozenset(sets["lead"]),
        site=frozenset(sets["site"]),
        speech=frozenset(sets["speech"]),
        marks=_pattern(patterns["mark"]),
        templates=_pattern(patterns["template"]),
        embeds=_pattern(patterns["embed"]),
    )


@dataclass(frozen=True)
class Evidence:
    """What makes one line look like interface text."""

    words: int
    weights: dict[str, int]  # cue kind -> summed weight of its distinct cues
    distinctive: bool  # a cue of weight 2
    address: int  # reader features: second person, imperative, the site's voice, a form mark
    template: bool
    sentence: bool  # ends like a sentence
    guarded: bool  # reported speech, a quotation or a long paragraph: article text

    @property
    def cue_weight(self) -> int:
        return sum(self.weights.values())

    @property
    def strong(self) -> bool:
        """Interface text on its own."""
        if self.guarded:
            return False
        if self.template and self.words <= MAX_TEMPLATE_WORDS:
            return True
        evidence = self.cue_weight + self.address
        return (
            self.distinctive
            and self.address >= 1
            and evidence >= MIN_EVIDENCE
            and self.words <= MAX_WORDS_PER_EVIDENCE * evidence
        )

    @property
    def label(self) -> bool:
        """A short non-sentence naming an interface thing ("Site logo"): it goes with the
        interface lines on both sides of it."""
        return (
            not (self.guarded or self.sentence)
            and 0 < self.words <= MAX_LABEL_WORDS
            and (self.cue_weight > 0)
        )

    @property
    def reason(self) -> str:
        kinds = {k: w for k, w in self.weights.items() if k != "account"}
        if not kinds:
            return f"boilerplate_{DEFAULT_KIND}"
        return f"boilerplate_{max(kinds, key=lambda k: (kinds[k], -CUE_KINDS.index(k)))}"


def _phrases(tokens: list[str], longest: int) -> set[str]:
    return {
        " ".join(tokens[i : i + size])
        for size in range(1, longest + 1)
        for i in range(len(tokens) - size + 1)
    }


def _opens_with_imperative(norm: str, lexicon: Cues) -> bool:
    for clause in _CLAUSE_BREAK.split(norm):
        tokens = words(clause)
        while tokens and tokens[0] in lexicon.leads:
            tokens = tokens[1:]
        if tokens and tokens[0] in lexicon.verbs:
            return True
    return False


def _without_button_names(text: str, lexicon: Cues) -> str:
    """The line without the quoted names of buttons (Click “Accept all”, “Manage Settings”): a
    short quotation in title case or right after an interface verb. Other quotations stay."""

    def button(match: re.Match[str]) -> str:
        name = match.group(1).split()
        before = words(text[: match.start()].casefold())[-1:]
        titled = all(w[:1].isupper() or not w[:1].isalpha() for w in name)
        named = titled or bool(before and before[0] in lexicon.verbs)
        return " " if len(name) <= MAX_BUTTON_NAME_WORDS and named else match.group(0)

    return _QUOTED.sub(button, text)


def evidence(text: str) -> Evidence:
    """The interface evidence of one line of a page."""
    lexicon = cues()
    norm = normalise(text).replace("’", "'")
    tokens = words(norm)
    found = _phrases(tokens, lexicon.longest)
    weights: Counter[str] = Counter()
    distinctive = False
    for phrase in found & lexicon.terms.keys():
        kind, weight = lexicon.terms[phrase]
        weights[kind] += weight
        distinctive = distinctive or weight >= DISTINCTIVE
    site = bool(found & lexicon.site) or (
        bool(found & {"we", "our", "us"}) and bool(found & lexicon.reader)
    )
    address = (
        bool(found & lexicon.reader)
        + _opens_with_imperative(norm, lexicon)
        + site
        + bool(lexicon.marks and lexicon.marks.search(norm))
    )
    guarded = (
        bool(found & lexicon.speech)
        or has_quote_mark(_without_button_names(text, lexicon))
        or bool(lexicon.embeds and lexicon.embeds.search(norm))
        or len(tokens) > MAX_INTERFACE_WORDS
    )
    return Evidence(
        words=len(tokens),
        weights=dict(weights),
        distinctive=distinctive,
        address=address,
        template=bool(lexicon.templates and lexicon.templates.search(norm)),
        sentence=is_sentence(text),
        guarded=guarded,
    )


def mark_interface(texts: Sequence[str], reasons: list[str | None]) -> None:
    """Set the reason of interface lines the other rules left (in place): a strong line goes
    on its own; labels go when residue lines enclose them (a run of labels between two lines
    removed by a ``boilerplate_*`` rule)."""
    found = [
        evidence(text) if reason is None else None
        for text, reason in zip(texts, reasons, strict=True)
    ]
    for i, ev in enumerate(found):
        if ev is not None and ev.strong:
            reasons[i] = ev.reason
    anchor: int | None = None
    for i, reason in enumerate(reasons):
        if _is_residue(reason):
            if anchor is not None and i > anchor + 1:
                for k in range(anchor + 1, i):
                    reasons[k] = reasons[anchor]
            anchor = i
        elif not (reason is None and found[i] is not None and found[i].label):
            anchor = None


def _is_residue(reason: str | None) -> bool:
    return reason is not None and reason.startswith("boilerplate_")
