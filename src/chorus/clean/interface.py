"""Text a page's interface addresses to its reader: comment forms, consent and cookie notices,
membership and paywall banners, newsletter prompts, share bars, widget errors.

Recognised by general cues (``boilerplate_interface.txt``), never by remembered sentences. A
news sentence talks about third parties; interface text talks to the reader about the page:
it addresses them (second person, an imperative opening a clause, the site speaking of itself,
a form mark) and names interface things (comment, account, cookie, newsletter, share). A line
with both, dense enough, is interface text on its own, wherever it stands; a line that only
addresses the reader in the second person (an article may too) goes only beside other residue.
Short labels naming an interface thing ("Mastodon avatar", "Site logo") go with the residue
around them, a widget's heading with the widget below it, and lines addressing the reader with
the footer below the last paragraph. Reported speech and quotations are article text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from chorus.clean.lines import has_quote_mark, is_body_paragraph, is_sentence, normalise, words
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
#: Below the body, a line addressing the reader needs this much cue weight ("your comment")...
MIN_TAIL_CUE_WEIGHT = 2
#: ... and is this short; a line this short needs one cue, whoever addresses the reader.
MAX_TAIL_WORDS = 40
MAX_TAIL_SHORT_WORDS = 8
#: A label that joins the interface lines around it is short and not a sentence.
MAX_LABEL_WORDS = 12
#: Quoted button names ("Accept All") are this short; a longer quotation is article text.
MAX_BUTTON_NAME_WORDS = 3
#: A widget's heading has this many words at most...
MAX_HEADING_WORDS = 6
#: ... and at most this many lines addressing the reader, this short, stand between it and
#: the widget's interface text.
MAX_WIDGET_LINES = 2
MAX_WIDGET_WORDS = 20
MAX_WIDGET_PLAIN_WORDS = 12
#: The reasons of interface text (a widget's heading joins these, not a share bar or a
#: reading-time line, which stand under headlines).
INTERFACE_REASONS = frozenset(
    f"boilerplate_{kind}" for kind in ("comments", "consent", "newsletter", "ui")
)
#: Lines longer than this are article text whatever they mention.
MAX_INTERFACE_WORDS = 80

_CLAUSE_BREAK = re.compile(r"[.!?:;,(…]+|\s[-–—|/]\s")
_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]{0,40})[\"”»]")


@dataclass(frozen=True)
class Cues:
    """The interface lexicon, compiled."""

    terms: dict[str, tuple[str, int]]  # phrase -> (kind, weight)
    single: frozenset[str]  # the one-word entries of every set
    starts: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases of several words
    reader: frozenset[str]
    verbs: frozenset[str]
    polite: frozenset[str]
    imperatives: frozenset[str]  # verbs and polite words
    follows: frozenset[str]
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
    sets: dict[str, set[str]] = {
        k: set() for k in ("reader", "verb", "polite", "follow", "lead", "site", "speech")
    }
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
    everything = [p for kind in sets.values() for p in kind]
    return Cues(
        terms=terms,
        single=frozenset(p for p in [*terms, *everything] if " " not in p),
        starts=_index([*terms, *everything]),
        reader=frozenset(sets["reader"]),
        verbs=frozenset(sets["verb"]),
        polite=frozenset(sets["polite"]),
        imperatives=frozenset(sets["verb"] | sets["polite"]),
        follows=frozenset(sets["follow"]),
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
    reader: bool  # second person
    voice: int  # the interface's own voice: imperative, the site on itself, form mark, buttons
    template: bool
    sentence: bool  # ends like a sentence
    guarded: bool  # reported speech, a quotation or a long paragraph: article text

    @property
    def cue_weight(self) -> int:
        return sum(self.weights.values())

    def _dense(self, address: int) -> bool:
        evidence = self.cue_weight + address
        return (
            self.distinctive
            and address >= 1
            and evidence >= MIN_EVIDENCE
            and self.words <= MAX_WORDS_PER_EVIDENCE * evidence
        )

    @property
    def alone(self) -> bool:
        """Interface text wherever it stands: it speaks as the interface (an imperative, the
        site on itself, a form mark) about interface things, or holds a template placeholder."""
        if self.guarded:
            return False
        return (self.template and self.words <= MAX_TEMPLATE_WORDS) or self._dense(self.voice)

    @property
    def clustered(self) -> bool:
        """Interface text when it touches other residue (a longer sentence: residue on both
        sides): it addresses the reader about interface things ("Your email address will not be
        published", a notice's heading). Alone in the body, second person is an article's
        voice too."""
        if self.guarded:
            return False
        if self.sentence:
            return self._dense(self.voice + self.reader)
        return self.words <= MAX_LABEL_WORDS and self.cue_weight > 0 and self.addressed

    @property
    def heading(self) -> bool:
        """A widget's heading: a few words, not a sentence, no quotation or speech, naming an
        interface thing or addressing the reader (a heading in capitals is checked apart)."""
        return (
            not (self.guarded or self.sentence)
            and 0 < self.words <= MAX_HEADING_WORDS
            and (self.cue_weight > 0 or self.addressed)
        )

    @property
    def addressed(self) -> bool:
        return self.reader or self.voice > 0

    @property
    def label(self) -> bool:
        """A short non-sentence naming an interface thing ("Site logo"): it goes with the
        residue lines on both sides of it."""
        return (
            not (self.guarded or self.sentence)
            and 0 < self.words <= MAX_LABEL_WORDS
            and (self.cue_weight > 0)
        )

    @property
    def tail(self) -> bool:
        """Interface text below the article's last paragraph when only residue follows it:
        it speaks as the interface about interface things ("Tell us in the comments below",
        "Your comment here", "Write a reply…"); a longer line in the second person alone, or
        with common cue words only, is the article's last paragraph."""
        short = self.words <= MAX_TAIL_SHORT_WORDS  # "Write a reply…": one cue will do
        if self.guarded or self.cue_weight < (1 if short else MIN_TAIL_CUE_WEIGHT):
            return False
        if self.words > MAX_TAIL_WORDS:
            return False
        if self.voice > 0:
            return self.distinctive or self.reader or self.words <= MAX_TAIL_SHORT_WORDS
        return self.reader and self.words <= MAX_TAIL_SHORT_WORDS

    @property
    def reason(self) -> str:
        kinds = {k: w for k, w in self.weights.items() if k != "account"}
        if not kinds:
            return f"boilerplate_{DEFAULT_KIND}"
        return f"boilerplate_{max(kinds, key=lambda k: (kinds[k], -CUE_KINDS.index(k)))}"


def _index(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases of several words by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(set(phrases)):
        words_of = tuple(phrase.split())
        if len(words_of) > 1:
            index.setdefault(words_of[0], []).append(words_of)
    return {first: tuple(found) for first, found in index.items()}


def _phrases(tokens: list[str], lexicon: Cues) -> set[str]:
    """The lexicon's words and phrases found in ``tokens`` (whole words)."""
    present = set(tokens)
    found = present & lexicon.single
    for first in present & lexicon.starts.keys():
        for i in (k for k, token in enumerate(tokens) if token == first):
            for phrase in lexicon.starts[first]:
                if tuple(tokens[i : i + len(phrase)]) == phrase:
                    found.add(" ".join(phrase))
    return found


def _opens_with_imperative(norm: str, lexicon: Cues) -> bool:
    """A clause opens with an interface imperative: "Please ...", or a verb of the lexicon
    followed by what follows an imperative ("Sign in", "Enter your email", "Share this") or
    by nothing; "Comment sections", "Share prices", "Support of" are nouns."""
    for clause in _CLAUSE_BREAK.split(norm):
        tokens = words(clause)
        while tokens and tokens[0] in lexicon.leads:
            tokens = tokens[1:]
        if not tokens:
            continue
        if tokens[0] in lexicon.polite:
            return True
        if tokens[0] in lexicon.verbs and (len(tokens) == 1 or tokens[1] in lexicon.follows):
            return True
    return False


_BUTTON_GAP = re.compile(r"\s{3,}|\t|\s[|·•]\s")


def is_button_row(text: str) -> bool:
    """A row of buttons or links set apart by wide gaps or bars ("More options   Reject all
    Accept all"): two labels or more, each of a few words, none a sentence."""
    if not _BUTTON_GAP.search(text.strip()):
        return False
    labels = [p.strip() for p in _BUTTON_GAP.split(text.strip()) if p.strip()]
    return len(labels) >= 2 and all(
        len(label.split()) <= MAX_BUTTON_NAME_WORDS and not is_sentence(label) for label in labels
    )


#: The evidence of a long line that names no interface thing.
_ARTICLE_TEXT = Evidence(
    words=MAX_INTERFACE_WORDS + 1,
    weights={},
    distinctive=False,
    reader=False,
    voice=0,
    template=False,
    sentence=True,
    guarded=True,
)


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


def evidence(text: str, norm: str | None = None) -> Evidence:
    """The interface evidence of one line of a page (``norm``: its ``normalise``d form)."""
    lexicon = cues()
    norm = (normalise(text) if norm is None else norm).replace("’", "'")
    tokens = words(norm)
    found = _phrases(tokens, lexicon)
    cue_terms = found & lexicon.terms.keys()
    if len(tokens) > MAX_WIDGET_WORDS and not cue_terms:
        return _ARTICLE_TEXT  # a long line naming no interface thing: nothing below applies
    template = bool(lexicon.templates and lexicon.templates.search(norm))
    weights: Counter[str] = Counter()
    distinctive = False
    for phrase in cue_terms:
        kind, weight = lexicon.terms[phrase]
        weights[kind] += weight
        distinctive = distinctive or weight >= DISTINCTIVE
    site = bool(found & lexicon.site) or (
        bool(found & {"we", "our", "us"}) and bool(found & lexicon.reader)
    )
    voice = (
        bool(found & lexicon.imperatives and _opens_with_imperative(norm, lexicon))
        + site
        + bool(lexicon.marks and lexicon.marks.search(norm))
        + is_button_row(text)
    )
    guarded = (
        bool(found & lexicon.speech)
        or (has_quote_mark(text) and has_quote_mark(_without_button_names(text, lexicon)))
        or bool(lexicon.embeds and lexicon.embeds.search(norm))
        or len(tokens) > MAX_INTERFACE_WORDS
    )
    return Evidence(
        words=len(tokens),
        weights=dict(weights),
        distinctive=distinctive,
        reader=bool(found & lexicon.reader),
        voice=voice,
        template=template,
        sentence=is_sentence(text),
        guarded=guarded,
    )


def mark_interface(
    texts: Sequence[str], reasons: list[str | None], norms: Sequence[str] | None = None
) -> None:
    """Set the reason of the interface lines the other rules left (in place): a line that
    is interface text alone; then, as long as lines are added, lines addressing the reader
    about interface things next to residue, labels between two residue lines, and the heading
    of a widget in the body (a newsletter box's name above its prompt)."""
    norms = norms if norms is not None else [normalise(text) for text in texts]
    found = [
        evidence(text, norm) if reason is None else None
        for text, norm, reason in zip(texts, norms, reasons, strict=True)
    ]
    for i, ev in enumerate(found):
        if ev is not None and ev.alone:
            reasons[i] = ev.reason
    body_start = next((i for i, t in enumerate(texts) if is_body_paragraph(t)), len(texts))
    changed = True
    while changed:
        changed = (
            _join_neighbours(found, reasons)
            + _join_enclosed(found, reasons)
            + _join_headings(texts, found, reasons, body_start)
            > 0
        )


def _join_neighbours(found: list[Evidence | None], reasons: list[str | None]) -> int:
    joined = 0
    for i, ev in enumerate(found):
        if reasons[i] is not None or ev is None or not ev.clustered:
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(reasons) and is_residue(reasons[j])]
        if len(near) >= (2 if ev.sentence and ev.words > MAX_LABEL_WORDS else 1):
            reasons[i] = ev.reason
            joined += 1
    return joined


def _join_enclosed(found: list[Evidence | None], reasons: list[str | None]) -> int:
    joined = 0
    anchor: int | None = None
    for i, reason in enumerate(reasons):
        ev = found[i]
        if is_residue(reason):
            if anchor is not None and i > anchor + 1:
                for k in range(anchor + 1, i):
                    reasons[k] = reasons[anchor]
                    joined += 1
            anchor = i
        elif not (reason is None and ev is not None and ev.label):
            anchor = None
    return joined


def _join_headings(
    texts: Sequence[str], found: list[Evidence | None], reasons: list[str | None], start: int
) -> int:
    """A widget inside the body: a heading ("THE MORNING LINE", "Video unavailable"), at most
    two short lines addressing the reader, then interface text ("Enter your email")."""
    joined = 0
    for i in range(start + 1, len(reasons)):
        ev = found[i]
        if reasons[i] is not None or ev is None or not (ev.heading or _capitals(texts[i], ev)):
            continue
        j = i + 1
        while j < len(reasons) and j - i <= MAX_WIDGET_LINES and _widget_line(found[j], reasons[j]):
            j += 1
        if j < len(reasons) and reasons[j] in INTERFACE_REASONS:
            for k in range(i, j):
                reasons[k] = reasons[j]
                joined += 1
    return joined


def _capitals(text: str, ev: Evidence) -> bool:
    """A heading in capitals ("THE MORNING LINE")."""
    return 0 < ev.words <= MAX_HEADING_WORDS and not ev.guarded and text.isupper()


def _widget_line(ev: Evidence | None, reason: str | None) -> bool:
    """A short line of a widget between its heading and its form: a line addressing the
    reader, or a short description ("The county's news in five minutes")."""
    if reason is not None or ev is None or ev.guarded:
        return False
    return ev.words <= (MAX_WIDGET_WORDS if ev.addressed else MAX_WIDGET_PLAIN_WORDS)


def is_residue(reason: str | None) -> bool:
    """Removed by a residue cue (a ``boilerplate_*`` lexicon or this module)."""
    return reason is not None and reason.startswith("boilerplate_")
