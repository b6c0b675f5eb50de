"""Article metadata inferred from the container, the chrome the cleaner removed, and the body.

Precedence, strongest first: what the container says (JSON fields, HTML metadata), then what
the page's own chrome says (header date line, a scraper's date stamp, site-name line, byline),
then the URL, then the body's dateline (when it states its year, or when the header date comes
well after it). A date is only taken where the page states it: dates of events the body
mentions never become the publication date. The outlet is the page's own, never a wire the
copy came from (the dateline's agency is kept apart as ``wire``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from chorus.clean import dates
from chorus.clean.assemble import Block, block_span
from chorus.clean.classify import Decisions
from chorus.clean.lines import normalise
from chorus.lexicons import table

_FIRST_PERSON = re.compile(r"\bI\b|\b(?:[Mm]e|[Mm]y|[Ww]e|[Oo]ur|[Uu]s)\b")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|''.*?''")
_OPENING_QUOTE = re.compile(r"^\s*(?:“|\"|«|'')")
_UNCLOSED = re.compile(r"(?:“|«)[^”»]*$")

#: First-person words outside quotations from which the author's own voice counts as opinion.
MIN_FIRST_PERSON = 3


@dataclass
class Metadata:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_source: str | None = None
    published_start: int | None = None
    published_end: int | None = None
    dateline_start: int | None = None
    dateline_end: int | None = None
    wire: str | None = None
    body_date: str | None = None
    author: str | None = None
    genre: str | None = None
    genre_evidence: list[str] = field(default_factory=list)
    url: str | None = None


def _clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def outlet_from_url(url: str | None) -> str | None:
    """The host of the article URL without "www.", as a last-resort outlet name."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    host = host.removeprefix("www.").removeprefix("m.")
    return host or None


def author_voice(body_lines: list[str]) -> str:
    """The body without quotations: what the author says in their own voice. A paragraph that
    opens with a quotation mark and never closes it continues a multi-paragraph quote."""
    kept: list[str] = []
    for line in body_lines:
        if _OPENING_QUOTE.match(line) and not _QUOTED.match(line.strip()):
            continue
        without = _QUOTED.sub(" ", line)
        without = _UNCLOSED.sub(" ", without)
        kept.append(without)
    return "\n".join(kept)


@lru_cache(maxsize=1)
def _genre_cues() -> dict[str, tuple[str, ...]]:
    cues: dict[str, list[str]] = {"title": [], "section": [], "voice": []}
    for kind, phrase, *_ in table("clean_genre_cues.txt"):
        cues.setdefault(kind, []).append(phrase.lower())
    return {kind: tuple(values) for kind, values in cues.items()}


@lru_cache(maxsize=1)
def _voice_pattern() -> re.Pattern[str]:
    phrases = sorted(_genre_cues()["voice"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def infer_genre(
    title: str | None, sections: list[str], body_lines: list[str]
) -> tuple[str, list[str]]:
    """news or opinion, with the evidence that decided it."""
    cues = _genre_cues()
    evidence: list[str] = []
    if title:
        lowered = normalise(title)
        for prefix in cues["title"]:
            if lowered.startswith(prefix):
                evidence.append(f"title prefix {title[: len(prefix)]!r}")
    section_words = {w for s in sections for w in re.split(r"[^a-z0-9-]+", s.lower()) if w}
    for section in cues["section"]:
        if section in section_words:
            evidence.append(f"opinion section {section!r}")
    voice = author_voice(body_lines)
    first_person = len(_FIRST_PERSON.findall(voice))
    lowered_voice = " " + " ".join(voice.lower().split()) + " "
    voice_cues = sorted(set(_voice_pattern().findall(lowered_voice)), key=cues["voice"].index)
    questions = voice.count("?")
    if first_person >= MIN_FIRST_PERSON or (first_person and (voice_cues or questions)):
        evidence.append(f"first-person author voice ({first_person} outside quotes)")
    if len(voice_cues) >= 2 or (voice_cues and (first_person or questions)):
        evidence.append("author-voice phrases: " + ", ".join(repr(c) for c in voice_cues[:5]))
    if evidence and questions:
        evidence.append(f"rhetorical questions outside quotes ({questions})")
    if evidence:
        return "opinion", evidence
    return "news", ["no opinion cue (title, section, author voice)"]


#: A page date this many days after the story's own dateline is the day the page was shown
#: (a "today" widget, a later update), not when the story was published.
PAGE_DATE_LAG_DAYS = 7


def infer_metadata(
    meta: dict[str, str | None],
    blocks: list[Block],
    decisions: Decisions,
    title_text: str | None,
    page_meta: dict[str, str | None] | None = None,
) -> Metadata:
    """Combine container metadata, removed chrome and the body into ``Metadata``."""
    page_meta = page_meta or {}
    url = _clean_value(meta.get("url")) or _clean_value(page_meta.get("url"))
    result = Metadata(url=url)
    result.title = (
        _clean_value(meta.get("title"))
        or (title_text.strip() if title_text and title_text.strip() else None)
        or _clean_value(page_meta.get("title"))
    )
    body = _body_blocks(blocks, decisions)
    body_lines = [b.text for b in body]
    dateline, dateline_block = _opening_dateline(body)
    if dateline is not None and dateline_block is not None:
        result.wire = dateline.agency
        end = dateline.start + len(dateline_block.text[dateline.start : dateline.end].rstrip())
        span = block_span(dateline_block, dateline.start, end)
        result.dateline_start, result.dateline_end = span if span else (None, None)

    # the outlet is the page's own: a wire named in the dateline is the copy's source
    result.outlet = (
        _clean_value(meta.get("outlet"))
        or _clean_value(page_meta.get("sitename"))
        or decisions.outlet
        or outlet_from_url(url)
    )
    result.author = (
        _clean_value(meta.get("author"))
        or decisions.author
        or _clean_value(page_meta.get("author"))
    )

    header_date = _header_date(decisions.header_date, dateline)
    header_span = None
    if header_date and decisions.header_date_index is not None and decisions.header_date:
        mention = decisions.header_date
        header_span = block_span(blocks[decisions.header_date_index], mention.start, mention.end)
    candidates = [
        (dates.normalise_date(meta.get("published") or meta.get("date")), "meta", None),
        (dates.normalise_date(page_meta.get("date")), "meta", None),
        (header_date, "header", header_span),
        (dates.url_date(url), "url", None),
    ]
    if not any(value for value, _source, _span in candidates) and not (
        dateline and dateline.date and dateline.date.year
    ):
        candidates.append(_citation(blocks, decisions))
    for value, source, span in candidates:
        if value:
            result.published, result.published_source = value, source
            result.published_start, result.published_end = span if span else (None, None)
            break
    reference = dates.parse_iso(result.published)
    if reference is None and result.published:  # a year-month: the end of that month
        reference = _month_end(result.published)

    body_date = None
    if dateline and dateline.date and dateline_block is not None:
        anchor = reference or _latest_year_in(body_lines)
        body_date = dateline.date.resolve(anchor)
        if body_date and _dateline_dates_page(result, dateline, reference, body_date):
            result.published, result.published_source = body_date, "dateline"
            span = block_span(dateline_block, dateline.date.start, dateline.date.end)
            result.published_start, result.published_end = span if span else (None, None)
    if body_date is None:
        body_date = _latest_body_date(body_lines, reference)
    result.body_date = body_date

    sections = [url or ""] + [page_meta.get("categories") or ""] + decisions.header_lines
    result.genre, result.genre_evidence = infer_genre(result.title, sections, body_lines)
    return result


def _citation(
    blocks: list[Block], decisions: Decisions
) -> tuple[str | None, str, tuple[int, int] | None]:
    """The date of the source the page cites ("(Agency – 'Title' 10.10.2022)"): a page that
    republishes a story with its citation appeared that day, when nothing else dates it."""
    mention, index = decisions.citation_date, decisions.citation_index
    if mention is None or index is None:
        return None, "citation", None
    return mention.resolve(None), "citation", block_span(blocks[index], mention.start, mention.end)


def _body_blocks(blocks: list[Block], decisions: Decisions) -> list[Block]:
    """The kept blocks without the headline (all kept blocks when that leaves none)."""
    kept = [(i, b) for i, b in enumerate(blocks) if decisions.reasons[i] is None]
    return [b for i, b in kept if i != decisions.title_index] or [b for _i, b in kept]


def _opening_dateline(body: list[Block]) -> tuple[dates.Dateline | None, Block | None]:
    """The dateline of the first body paragraph (or the second, after a lead-in line)."""
    for block in body[:2]:
        dateline = dates.find_dateline(block.text)
        if dateline is not None:
            return dateline, block
    return None, None


def _dateline_dates_page(
    result: Metadata, dateline: dates.Dateline, reference: dt.date | None, day: str
) -> bool:
    """Whether the dateline's day is the publication date: when nothing else dates the page
    and the dateline states its year, or when the page's header date comes more than
    ``PAGE_DATE_LAG_DAYS`` after it. A dateline without a year never gets one guessed."""
    if result.published is None:
        return dateline.date is not None and dateline.date.year is not None
    if result.published_source != "header" or reference is None:
        return False
    stated = dates.parse_iso(day)
    return stated is not None and (reference - stated).days > PAGE_DATE_LAG_DAYS


def _header_date(mention: dates.DateMention | None, dateline: dates.Dateline | None) -> str | None:
    """ISO of the header date; an ambiguous 04/06/2025 takes the reading on or soonest after
    the date the body's dateline states (a report is published after its dateline)."""
    if mention is None:
        return None
    value = mention.resolve(None)
    if not mention.ambiguous or dateline is None or dateline.date is None:
        return value
    other = mention.swapped().resolve(None)
    anchor = dateline.date.resolve(dates.parse_iso(value) or dates.parse_iso(other))
    if not anchor or not value or not other:
        return value
    after = [v for v in (value, other) if v >= anchor]
    return min(after) if after else value


def _month_end(value: str) -> dt.date | None:
    match = re.match(r"((?:19|20)\d\d)-(\d\d)$", value)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _latest_year_in(body_lines: list[str]) -> dt.date | None:
    """The end of the latest year the body states in a full date or a month-year."""
    years = [m.year for line in body_lines for m in dates.find_dates(line) if m.year]
    return dt.date(max(years), 12, 31) if years else None


def _latest_body_date(body_lines: list[str], reference: dt.date | None) -> str | None:
    """The latest day the body states (resolved against the publication date, not after it)."""
    best: str | None = None
    for line in body_lines:
        for mention in dates.find_dates(line, day_only=True):
            value = mention.resolve(reference)
            if value is None or len(value) != 10:
                continue
            if reference and value > reference.isoformat():
                continue
            if best is None or value > best:
                best = value
    return best
