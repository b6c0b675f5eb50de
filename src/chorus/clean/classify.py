"""Decide, block by block (a line of a scrape or an extracted HTML paragraph), what is residue.

Three kinds of evidence, strongest first:
1. the block alone: a cue lexicon (``boilerplate_*``), a share bar, a navigation line, a photo
   credit, a date line, a byline;
2. the corpus: a short, headline-shaped block that recurs in other articles (site chrome);
3. position: the site header before the title, the header block between the title and the
   first body paragraph, a list of links after "You may also like", the trailing footer.
Guards keep running text: a block that reads as a body paragraph or carries a quotation is
never removed by repetition or position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from chorus.clean import dates
from chorus.clean.interface import evidence as interface_evidence
from chorus.clean.interface import mark_interface
from chorus.clean.lines import has_quote_mark, is_body_paragraph, is_sentence, normalise, words
from chorus.clean.rules import (
    cue_reason,
    ends_with_credit,
    is_credit,
    kicker_reason,
    list_header_reason,
    only_words_from,
)
from chorus.lexicons import table
from chorus.lexicons import words as lexicon_words

#: Reasons recorded on removed spans for the rules that are not a single lexicon.
REPEATED = "repeated-line"
DUPLICATE = "duplicate-line"
CAPTION = "caption"
CITATION = "citation"
DATE_LINE = "date-line"
BYLINE = "byline"
SITE_HEADER = "site-header"
HEADER_BLOCK = "header-block"
FOOTER_BLOCK = "footer-block"

#: A list of links goes on while its items stay this short.
MAX_LIST_ITEM_WORDS = 20
#: Repeated chrome is short; longer recurring lines (syndicated headlines and text) stay.
MAX_REPEATED_WORDS = 8
BREADCRUMB = "breadcrumb"
DECORATION = "decoration"


@dataclass
class BlockInfo:
    """What the classifier learnt about one block."""

    text: str
    norm: str
    word_count: int
    reason: str | None = None
    date: dates.DateMention | None = None
    author: str | None = None


@dataclass
class Decisions:
    """The removal reason of every block (None = kept) and what the chrome revealed."""

    reasons: list[str | None]
    title_index: int | None = None
    header_date: dates.DateMention | None = None
    header_date_index: int | None = None  # the block the header date was read from
    citation_date: dates.DateMention | None = None  # the date of a source citation line
    citation_index: int | None = None
    outlet: str | None = None
    author: str | None = None
    header_lines: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _byline_pattern() -> re.Pattern[str]:
    cues = sorted(
        (re.escape(c) for c in lexicon_words("clean_byline_cues.txt")), key=len, reverse=True
    )
    name = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|al|bin|el))*"
    return re.compile(  # cue words in any case; names capitalised ("By Ann Lee in Selm")
        rf"^(?i:{'|'.join(cues)})\s+(?P<name>{name}(?:\s*(?:,|and|&)\s*{name})*)"
        r"(?:\s*(?:[,|•·–—-]|\bon\b|\bat\b|\bfor\b|\bin\b).*)?$"
    )


def byline_author(text: str) -> str | None:
    """The author of a byline line ("By Jane Roe | Reuters"), else None."""
    stripped = text.strip()
    if len(stripped) > 120 or len(words(stripped)) > 14:
        return None
    match = _byline_pattern().match(stripped)
    if not match:
        return None
    name = _before_outlet(match.group("name").strip(" ,."))
    first = name.split()[0] if name.split() else ""
    if not first[:1].isupper():
        return None
    return name


def _before_outlet(name: str) -> str:
    """ "Rachel Siegel Washington Post" -> "Rachel Siegel": the byline's name stops before the
    outlet that follows it (the word before an outlet word belongs to the outlet)."""
    tokens = name.split()
    for k, token in enumerate(tokens):
        if k >= 2 and token.lower() in _outlet_words():
            kept = tokens[: k - 1 if k > 2 else k]
            while len(kept) > 1 and kept[-1].lower() in _FUNCTION_WORDS:
                kept.pop()
            return " ".join(kept).strip(" ,")
    return name


_FOLLOW = re.compile(r"^Follow (?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}) on (?:Twitter|X)\b")


@lru_cache(maxsize=1)
def _outlet_words() -> frozenset[str]:
    return frozenset(lexicon_words("clean_outlet_words.txt"))


_FUNCTION_WORDS = frozenset({"the", "of", "and", "&", "for", "on", "in", "a"})


def is_outlet_line(text: str) -> bool:
    """A site name on its own line: a few title-case words, one of them an outlet word."""
    tokens = words(text)
    if not 1 <= len(tokens) <= 6 or is_sentence(text):
        return False
    if not all(t[:1].isupper() or t.lower() in _FUNCTION_WORDS or t[:1].isdigit() for t in tokens):
        return False
    return any(t.lower() in _outlet_words() for t in tokens)


def outlet_from_chrome(text: str) -> str | None:
    """The site named by a chrome line such as "Trending on HotAir Videos" or "© 2023 X"."""
    stripped = text.strip()
    lowered = stripped.lower()
    for row in table("clean_outlet_cues.txt"):
        cue = row[0].lower()
        if not lowered.startswith(cue):
            continue
        rest = stripped[len(cue) :].strip(" :-–—")
        rest = re.sub(r"^(?:\d{4}(?:\s*[-–]\s*\d{4})?)\s*", "", rest)
        drop = set(row[1].split()) if len(row) > 1 else set()
        name_words = rest.split()
        while name_words and name_words[-1].lower().strip(".,") in drop:
            name_words.pop()
        name = " ".join(name_words).strip(" .,|")
        if 1 <= len(name_words) <= 5 and name[:1].isalnum():
            return name
    return None


_CRUMB_SPLIT = re.compile(r"\s+[|›»>/·•]\s+|\s*[›»]\s*")
_TRAILING_BYLINE = re.compile(r"\s+by\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*$")


def is_breadcrumb(text: str) -> bool:
    """Navigation trail such as "World | Europe | Varnia" or "Home › World"."""
    parts = [p.strip() for p in _CRUMB_SPLIT.split(text.strip()) if p.strip()]
    if len(parts) < 2 or len(words(text)) > 12:
        return False
    return all(len(p.split()) <= 3 and p[:1].isupper() and not is_sentence(p) for p in parts)


_SEGMENT = re.compile(r"\s+[·|•]\s+")
#: A date line with its section, counter or author is no longer than this.
MAX_DATED_LINE_CHARS = 160
#: A byline's name before its date ("Ruth Penhallow  •  22 February 2033").
_NAME = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
#: The section a post was filed in, after its date ("posted 2 August 2032 in Local politics").
_FILED_IN = re.compile(r"\s+in\s+[A-Z][\w&'’ -]{0,40}$")


def dated_line(text: str) -> tuple[dates.DateMention | None, str | None]:
    """A date line, possibly ending with its byline ("Posted ... June 13, 2025 by Cal Brennan"),
    the section it was filed in, or residue after a separator ("· 4 comments"), or after its
    author's name ("Ruth Penhallow  •  22 February 2033"). Returns the date and the author."""
    found = _date_and_byline(text)
    if found[0] is not None or len(text) > MAX_DATED_LINE_CHARS:
        return found
    bounds = [0, *(g for m in _SEGMENT.finditer(text) for g in m.span()), len(text)]
    segments = [(bounds[k], text[bounds[k] : bounds[k + 1]]) for k in range(0, len(bounds), 2)]
    for index, (start, segment) in enumerate(segments):
        filed = _FILED_IN.search(segment)
        mention, author = _date_and_byline(segment[: filed.start()] if filed else segment)
        if mention is None:
            continue
        others = [s for k, (_, s) in enumerate(segments) if k != index]
        names = [s.strip() for s in others if not cue_reason(normalise(s))]
        if len(names) > 1 or (names and (index != 1 or not _NAME.match(names[0]))):
            return None, None
        return dates.shift(mention, start), author or (names[0] if names else None)
    return None, None


def _date_and_byline(text: str) -> tuple[dates.DateMention | None, str | None]:
    mention = dates.date_line(text)
    if mention is not None:
        return mention, None
    match = _TRAILING_BYLINE.search(text)
    if match:
        mention = dates.date_line(text[: match.start()])
        if mention is not None:
            return mention, match.group("name")
    return None, None


def _intrinsic(info: BlockInfo) -> str | None:
    """A reason to remove the block judged on its own, or None."""
    norm = info.norm
    if not any(ch.isalnum() for ch in norm):
        return DECORATION
    reason = cue_reason(norm)
    if reason:
        return reason
    reason = kicker_reason(info.text)
    if reason:
        return reason
    if info.word_count <= 12 and only_words_from(norm, "boilerplate_share.txt"):
        return "boilerplate_share"
    if info.word_count <= 12 and only_words_from(norm, "boilerplate_header.txt"):
        return "boilerplate_header"
    info.date = dates.citation_date(info.text)
    if info.date is not None:
        return CITATION  # "(Agency – 'Title' 10.10.2022)": the source, not the story
    if is_credit(info.text, norm):
        return "boilerplate_credit"
    if ends_with_credit(info.text):
        return CAPTION  # "X speaks in Y on Monday. — AFP pic"
    if is_breadcrumb(info.text):
        return BREADCRUMB
    info.date, info.author = dated_line(info.text)
    if info.date is not None:
        return DATE_LINE
    if byline_author(info.text):
        return BYLINE
    return None


def _is_headline(info: BlockInfo) -> bool:
    return 2 <= info.word_count <= 30 and len(info.text.strip()) <= 250


_SIGNATURE = re.compile(r"^\s*[-–—―]+\s*[A-Z]")


_WORDLIKE = re.compile(r"[^\W\d_]{2,}")
_CLOCK = re.compile(r"^\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*[.:]?\s*$", re.IGNORECASE)


def _is_chrome_shaped(info: BlockInfo) -> bool:
    """Short and not running text: what site chrome looks like. A quotation, the "— Name"
    signature under one, a live-blog time stamp or a list number is never chrome."""
    if has_quote_mark(info.text) or _SIGNATURE.match(info.text):
        return False
    if _CLOCK.match(info.text) or not _WORDLIKE.search(info.text):
        return False
    if info.word_count <= 3:
        return True
    return info.word_count <= MAX_REPEATED_WORDS and not is_sentence(info.text)


def classify(
    texts: Sequence[str],
    repeated: frozenset[str] = frozenset(),
    positional: bool = True,
    cut_off: bool = False,
) -> Decisions:
    """Removal reasons for ``texts`` (the non-blank blocks of one article, in order).
    ``cut_off``: the text stops without a line break (an excerpt cut at a length), so its
    last block may be a paragraph cut short rather than footer chrome."""
    infos = [BlockInfo(t, normalise(t), len(words(t))) for t in texts]
    n = len(infos)
    reasons: list[str | None] = [None] * n
    decisions = Decisions(reasons)

    for i, info in enumerate(infos):
        reasons[i] = _intrinsic(info)

    # a caption printed twice (alt text and caption), or as the start of its credit line
    for i in range(n - 1):
        this, nxt = infos[i], infos[i + 1]
        if this.word_count > MAX_LIST_ITEM_WORDS or has_quote_mark(this.text):
            continue
        if this.norm == nxt.norm:
            reasons[i] = reasons[i] or DUPLICATE
            reasons[i + 1] = reasons[i + 1] or DUPLICATE
        elif reasons[i + 1] == "boilerplate_credit" and nxt.norm.startswith(this.norm):
            reasons[i] = reasons[i] or CAPTION

    # lists of links: a list header, then short headline-shaped items
    i = 0
    while i < n:
        header = list_header_reason(infos[i].norm)
        if header is None:
            i += 1
            continue
        reasons[i] = reasons[i] or header
        j = i + 1
        while (
            j < n
            and infos[j].word_count <= MAX_LIST_ITEM_WORDS
            and not (has_quote_mark(infos[j].text) and is_sentence(infos[j].text))
        ):
            reasons[j] = reasons[j] or header
            j += 1
        i = j

    # a box drawn with rules around a widget: one residue line condemns the whole box
    edges = [i for i, reason in enumerate(reasons) if reason == DECORATION]
    for left, right in zip(edges, edges[1:], strict=False):
        inside = range(left + 1, right)
        if 0 < len(inside) <= 8:
            found = next((reasons[k] for k in inside if reasons[k] not in (None, DECORATION)), None)
            if found:
                for k in inside:
                    reasons[k] = reasons[k] or found

    # interface text (comment forms, consent notices, paywall banners) by its general cues
    mark_interface(texts, reasons, [info.norm for info in infos])

    # corpus repetition, for chrome-shaped blocks only
    if repeated:
        for i, info in enumerate(infos):
            if reasons[i] is None and info.norm in repeated and _is_chrome_shaped(info):
                reasons[i] = REPEATED

    if positional:
        _position(infos, decisions, cut_off)
    _metadata_from_removed(infos, decisions)
    return decisions


def _position(infos: list[BlockInfo], decisions: Decisions, cut_off: bool = False) -> None:
    reasons = decisions.reasons
    n = len(infos)
    # the title: the first headline-shaped block left; a site name before it is the header
    title = None
    for i, info in enumerate(infos):
        if reasons[i] is not None and reasons[i] != REPEATED:
            continue
        if info.word_count >= 25 or dates.find_dateline(info.text):
            break  # the article starts with its body: no headline in the text
        # a section label or kicker above the headline; the page's first line names the site
        outlet = is_outlet_line(info.text) and (i == 0 or not _is_label(info))
        if (outlet or _is_label(info)) and _has_later_headline(infos, reasons, i):
            reasons[i] = SITE_HEADER
            name = info.text.strip()
            if outlet:
                decisions.outlet = decisions.outlet or (name.title() if name.isupper() else name)
            continue
        if _is_headline(info):
            title = i
            reasons[i] = None  # a syndicated headline recurs across outlets: it stays
        elif reasons[i] is not None:
            continue
        break
    if title is not None:
        title = _headline_over_dateline(infos, reasons, title)
    decisions.title_index = title
    if title is not None:
        for i in range(title):
            if reasons[i] is None:
                reasons[i] = SITE_HEADER
        # the header block: after the title, before the first body paragraph
        for i in range(title + 1, n):
            if reasons[i] is not None:
                continue
            if is_body_paragraph(infos[i].text) or has_quote_mark(infos[i].text):
                break
            if not is_sentence(infos[i].text):
                reasons[i] = HEADER_BLOCK
    # the footer block: short non-sentences after the last body paragraph
    for i in range(n - 1, (title if title is not None else -1), -1):
        if reasons[i] is not None:
            continue
        info = infos[i]
        if is_sentence(info.text) or has_quote_mark(info.text) or is_body_paragraph(info.text):
            interface = interface_evidence(info.text, info.norm)
            if interface.tail:  # "Tell us what you think in the comments below."
                reasons[i] = interface.reason
                continue
            break
        if cut_off and i == n - 1 and _cut_paragraph(infos, reasons, i):
            break
        if info.word_count <= 15:
            reasons[i] = FOOTER_BLOCK
        else:
            break


def _headline_over_dateline(infos: list[BlockInfo], reasons: list[str | None], first: int) -> int:
    """A site's name and tagline look like a headline ("Fenwater Notes — a blog about the
    marsh towns"): when the next line is headline-shaped and stands over the date line or
    byline, that line is the headline."""
    after = first + 1
    if not _TAGLINE.match(infos[first].text) or after + 1 >= len(infos) or reasons[after]:
        return first
    if reasons[after + 1] in (DATE_LINE, BYLINE) and _is_headline(infos[after]):
        return after
    return first


#: A name of up to four capitalised words, a dash or bar, then a description in lower case.
_TAGLINE = re.compile(r"^\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+[—–|-]\s+[a-z]")


#: A cut-short paragraph has this many words at least, most of them lower case.
MIN_CUT_PARAGRAPH_WORDS = 6
#: A kicker word in capitals is longer than the acronyms that open sentences ("MLA X said").
MIN_KICKER_LETTERS = 5


def _cut_paragraph(infos: list[BlockInfo], reasons: list[str | None], i: int) -> bool:
    """The last block of a cut-off excerpt reads as running text that goes on from a body
    paragraph ("MLA X said the party has ignored the fact that the de"): it is body text
    cut short, not footer chrome (a list of headlines is not preceded by a paragraph)."""
    tokens = words(infos[i].text)
    if len(tokens) < MIN_CUT_PARAGRAPH_WORDS or i == 0 or reasons[i - 1] is not None:
        return False
    if len(tokens[0]) >= MIN_KICKER_LETTERS and tokens[0].isupper():
        return False  # a kicker ("RELATED ...", "WATCH ...") opens a link, not a paragraph
    lower = sum(t[:1].islower() for t in tokens)
    return 2 * lower >= len(tokens) and is_body_paragraph(infos[i - 1].text)


def _is_label(info: BlockInfo) -> bool:
    return info.word_count <= 2 and not is_sentence(info.text) and not has_quote_mark(info.text)


def _has_later_headline(infos: list[BlockInfo], reasons: list[str | None], i: int) -> bool:
    """A headline follows within the next few lines (labels, site names and chrome skipped)."""
    for j in range(i + 1, len(infos)):
        if reasons[j] is not None or _is_label(infos[j]) or is_outlet_line(infos[j].text):
            continue
        info = infos[j]
        return 3 <= info.word_count <= 30 and not (
            is_body_paragraph(info.text) and info.word_count > 20
        )
    return False


def _metadata_from_removed(infos: list[BlockInfo], decisions: Decisions) -> None:
    """Dates, bylines and site names carried by the removed chrome (a photo credited to
    "... / Radio Ostra" names the site when nothing stronger does)."""
    credit_outlet: str | None = None
    for index, (info, reason) in enumerate(zip(infos, decisions.reasons, strict=True)):
        if reason is None:
            continue
        decisions.header_lines.append(info.text.strip())
        if reason == CITATION and decisions.citation_date is None:
            decisions.citation_date, decisions.citation_index = info.date, index
        if reason == DATE_LINE and decisions.header_date is None:
            decisions.header_date, decisions.header_date_index = info.date, index
            decisions.author = decisions.author or info.author
        elif reason == BYLINE:
            decisions.author = decisions.author or byline_author(info.text)
            if decisions.header_date is None:
                in_byline = [m for m in dates.find_dates(info.text, day_only=True) if m.year]
                if in_byline:
                    decisions.header_date, decisions.header_date_index = in_byline[0], index
        if decisions.author is None:
            follow = _FOLLOW.match(info.text.strip())
            if follow:
                decisions.author = follow.group("name")
        if decisions.outlet is None:
            decisions.outlet = outlet_from_chrome(info.text) or _outlet_crumb(info, reason, index)
        relayed = " via " in f" {info.norm} "  # "Pool photo via X/Agency": the photo's source
        if reason == "boilerplate_credit" and credit_outlet is None and not relayed:
            owner = info.text.rsplit("/", 1)[-1].strip(" .)") if "/" in info.text else ""
            credit_outlet = owner if is_outlet_line(owner) else None
    decisions.outlet = decisions.outlet or credit_outlet
    if decisions.header_date is None:
        _date_opening_header_line(infos, decisions)


def _outlet_crumb(info: BlockInfo, reason: str | None, index: int) -> str | None:
    """The site's name opening the first line's trail ("THE NORTHGATE ECHO · Letters")."""
    if index != 0 or reason != BREADCRUMB:
        return None
    head = _CRUMB_SPLIT.split(info.text.strip())[0].strip()
    return (head.title() if head.isupper() else head) if is_outlet_line(head) else None


def _date_opening_header_line(infos: list[BlockInfo], decisions: Decisions) -> None:
    """A header line that opens with a full date ("2022-06-23 08:16:02 Agency Editor: X"), or
    closes with one after a short label ("Letters to the editor, Monday 7 March 2033"), dates
    the page when no date line does."""
    for index, (info, reason) in enumerate(zip(infos, decisions.reasons, strict=True)):
        if reason not in (SITE_HEADER, HEADER_BLOCK):
            continue
        found = [m for m in dates.find_dates(info.text, day_only=True) if m.year is not None]
        lead = len(info.text) - len(info.text.lstrip())
        if found and (found[0].start == lead or _labelled_date(info.text, found[-1])):
            mention = found[0] if found[0].start == lead else found[-1]
            decisions.header_date, decisions.header_date_index = mention, index
            return


#: A label before a date that closes a header line: a few words, then a comma or a dash.
_DATE_LABEL = re.compile(r"^\s*[A-Z][^,.:;!?]{0,50}[,–—-]\s*(?:\w+,?\s+)?$")


def _labelled_date(text: str, mention: dates.DateMention) -> bool:
    """The date closes the line after a short label ("Letters to the editor, Monday ...")."""
    return not text[mention.end :].strip() and bool(_DATE_LABEL.match(text[: mention.start]))
