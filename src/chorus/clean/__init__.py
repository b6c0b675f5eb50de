"""Clean stage: remove scraping residue, keep the body and an offset map to the original.

Interface (owned by this package):
- ``line_keys(raw) -> set[str]``: normalised line fingerprints, counted across the corpus so
  lines repeated in several articles (site chrome) can be removed.
- ``clean_document(raw, repeated) -> Article``: cleaned body, removed spans with reasons,
  offset map, inferred metadata. Raises ``CleaningError`` for input that has no body.

Plain text is cleaned line by line (cue lexicons, interface cues, corpus repetition,
position); HTML goes through trafilatura first and its paragraphs are then cleaned by the
same rules.

``RemovedSpan.reason`` is the lexicon that matched (``boilerplate_ui``, ``boilerplate_related``,
``boilerplate_consent``, ``boilerplate_comments``, ``boilerplate_newsletter``,
``boilerplate_source``, ``boilerplate_readtime``, ``boilerplate_share``, ``boilerplate_header``,
``boilerplate_credit``; interface text found by the general cues of ``chorus.clean.interface``
takes the reason of its kind: comment forms ``boilerplate_comments``, consent notices
``boilerplate_consent``, paywall and newsletter prompts ``boilerplate_newsletter``) or the
rule: ``repeated-line`` (chrome recurring in the corpus), ``duplicate-line``, ``caption``,
``breadcrumb``, ``decoration``, ``date-line``, ``byline``, ``site-header`` (before the
title), ``header-block`` (between title and body), ``footer-block`` (after the body),
``html-boilerplate`` (page text the extractor left out).
A scraper's date stamp opening the text (" date 2019-08-15 It's ...") is split off and removed
as a ``date-line``. Furniture that stays in the body is marked instead: the dateline opening
the first paragraph ("MINSK, 10 October (BelTA) –") is ``Article.dateline_start/_end``, so
later stages know it is not a sentence (the people stage ignores names inside it).
"""

from __future__ import annotations

from collections.abc import Iterable

from chorus.clean.assemble import Block, assemble
from chorus.clean.classify import classify
from chorus.clean.html import Projection, html_blocks, unmapped_visible_spans
from chorus.clean.lines import line_key, split_lines
from chorus.clean.metadata import infer_metadata
from chorus.clean.text import text_blocks
from chorus.records import Article, RawDocument, RemovedSpan

__all__ = ["CleaningError", "clean_document", "line_keys"]

#: Reason on HTML regions the content extractor left out (navigation, sidebars, footers).
HTML_BOILERPLATE = "html-boilerplate"


class CleaningError(ValueError):
    """The document yields no article body; recorded as an input error."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def line_keys(raw: RawDocument) -> set[str]:
    """Fingerprints of the lines that could be site chrome (short lines), normalised.

    For HTML pages the keys come from the visible text split at block tags, so chrome repeated
    across pages of one site is found without running the content extractor twice."""
    if raw.format == "html":
        from chorus.clean.html import fallback_paragraphs

        texts: Iterable[str] = fallback_paragraphs(raw.text)
    else:
        texts = [line.text for line in split_lines(raw.text)]
    keys = set()
    for text in texts:
        key = line_key(text)
        if key:
            keys.add(key)
    return keys


def clean_document(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> Article:
    """Clean one document: body, removed spans, offset map and inferred metadata."""
    text = raw.text
    if not text.strip():
        raise CleaningError("empty", f"{raw.source}: no text")
    page_meta: dict[str, str | None] = {}
    projection: Projection | None = None
    if raw.format == "html":
        blocks, page_meta, projection = html_blocks(text, raw.meta.get("url"))
        if not blocks:
            raise CleaningError("html", f"{raw.source}: no text could be extracted from the HTML")
        decisions = classify([b.text for b in blocks], frozenset(repeated), positional=False)
        _title_from_page(blocks, decisions, page_meta)
    else:
        blocks = text_blocks(text)
        cut_off = not text.endswith(("\n", "\r"))  # an excerpt cut at a length
        decisions = classify(
            [b.text for b in blocks], frozenset(repeated), positional=True, cut_off=cut_off
        )
    result = assemble(blocks, decisions.reasons)
    if not result.text.strip():
        raise CleaningError("no-body", f"{raw.source}: nothing is left after cleaning")

    title_text = _title_text(blocks, decisions.reasons, decisions.title_index)
    meta = infer_metadata(raw.meta, blocks, decisions, title_text, page_meta)

    removed = result.removed
    if projection is not None:
        removed = _with_unmapped(text, blocks, removed, projection)
    return Article(
        id=raw.id,
        source=raw.source,
        original=text,
        text=result.text,
        offsets=result.offsets,
        removed=removed,
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        published_source=meta.published_source,
        published_start=meta.published_start,
        published_end=meta.published_end,
        dateline_start=meta.dateline_start,
        dateline_end=meta.dateline_end,
        wire=meta.wire,
        author=meta.author,
        genre=meta.genre,
        genre_evidence=meta.genre_evidence,
        format=raw.format,
        url=meta.url,
        body_date=meta.body_date,
    )


def _title_text(blocks: list[Block], reasons: list[str | None], index: int | None) -> str | None:
    """The headline; one that ends with a semicolon goes on in the next line (its deck)."""
    if index is None:
        return None
    title = blocks[index].text.strip()
    following = index + 1
    if title.endswith(";") and following < len(blocks) and reasons[following] is None:
        deck = blocks[following].text.strip()
        if 0 < len(deck.split()) <= 30:
            title = f"{title} {deck}"
    return title


def _title_from_page(blocks: list[Block], decisions, page_meta: dict[str, str | None]) -> None:
    """For HTML the headline is the page title; if the extracted text opens with it, that
    block is the title block."""
    title = page_meta.get("title")
    if title and blocks and " ".join(blocks[0].text.split()) == " ".join(title.split()):
        decisions.title_index = 0


def _with_unmapped(
    source: str, blocks: list[Block], removed: list[RemovedSpan], projection: Projection
) -> list[RemovedSpan]:
    """Removed spans plus the visible page text the content extractor left out."""
    gaps = unmapped_visible_spans(source, blocks, projection)
    spans = [RemovedSpan(start, end, HTML_BOILERPLATE) for start, end in gaps]
    return sorted([*removed, *spans], key=lambda r: (r.start, r.end))
