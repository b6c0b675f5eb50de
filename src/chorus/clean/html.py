"""HTML pages: main content via trafilatura, each paragraph mapped back into the page source.

trafilatura returns text without offsets (entities decoded, whitespace collapsed, inline tags
dropped). To keep evidence pointing into the page source, the source is projected onto its
visible characters (tags, comments and scripts skipped, entities decoded) with the source
offset of each, and every extracted paragraph is located in that projection by its
non-whitespace characters. A paragraph character maps to the source only where the source
holds that very character, so every run of the offset map is verbatim source text.
"""

from __future__ import annotations

import html as html_lib
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from chorus.clean.assemble import Block

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<raw>script|style|noscript|template|svg|head)\b[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?/]?[A-Za-z][^>]*(?:>|\Z)"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
    re.DOTALL | re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_LIST_MARK = re.compile(r"^[-•*]\s+")
#: How far past the previous paragraph a word of a partly-found paragraph is looked for.
WORD_WINDOW = 2000


@dataclass
class Projection:
    """The visible non-whitespace characters of a page and their source offsets."""

    chars: str
    offsets: array


def project(source: str) -> Projection:
    """Visible, non-whitespace characters of ``source`` with their source offsets."""
    chars: list[str] = []
    offsets = array("l")
    position = 0

    def add_text(start: int, end: int) -> None:
        segment = source[start:end]
        for match in re.finditer(r"\S+", segment):
            chars.append(match.group())
            offsets.extend(range(start + match.start(), start + match.end()))

    for match in _TOKEN.finditer(source):
        if match.start() > position:
            add_text(position, match.start())
        token = match.group()
        if token.startswith("&"):
            decoded = html_lib.unescape(token)
            visible = _SPACE.sub("", decoded)
            chars.append(visible)
            offsets.extend([match.start()] * len(visible))
        position = match.end()
    if position < len(source):
        add_text(position, len(source))
    return Projection("".join(chars), offsets)


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def extract(source: str, url: str | None = None) -> tuple[list[str], dict[str, str | None]]:
    """Main-content paragraphs of a page and its metadata (title, author, date, sitename...)."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            source,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            config=_config(),
        )
    except Exception:  # lxml and trafilatura raise many kinds on broken markup
        document = None
    if document is None:
        return [], {}
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = data.get("text") or ""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    meta: dict[str, str | None] = {}
    for key in ("title", "author", "date", "sitename", "url", "description", "pagetype"):
        value = data.get(key)
        meta[key] = str(value) if value else None
    categories = data.get("categories") or []
    tags = data.get("tags") or []
    meta["categories"] = " ".join([*categories, *tags]) or None
    return paragraphs, meta


def fallback_paragraphs(source: str) -> list[str]:
    """Visible text split at block tags, for pages trafilatura finds no main text in."""
    text = re.sub(
        r"<(?P<raw>script|style|noscript|template|svg|head)\b.*?(?:</(?P=raw)\s*>|\Z)",
        " ",
        source,
        flags=re.DOTALL | re.IGNORECASE,
    )
    text = re.sub(r"<!--.*?(?:-->|\Z)", " ", text, flags=re.DOTALL)
    text = re.sub(
        r"</?(?:p|div|br|li|h[1-6]|tr|td|th|blockquote|section|article|header|footer|ul|ol|"
        r"table|figure|figcaption|nav|aside|main|body|html|title|pre|dd|dt|hr)\b[^>]*>",
        "\n",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"<[^>]*(?:>|\Z)", "", text)
    text = html_lib.unescape(text)
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


def locate(
    paragraph: str, source: str, projection: Projection, cursor: int
) -> tuple[list[tuple[int, int, int]], int, tuple[int, int]]:
    """Runs ``(offset_in_paragraph, source_start, length)`` of ``paragraph`` in the source,
    the projection cursor after it, and the source span the paragraph was found in."""
    squeezed_positions = [i for i, ch in enumerate(paragraph) if not ch.isspace()]
    squeezed = "".join(paragraph[i] for i in squeezed_positions)
    mapping: dict[int, int] = {}
    found = projection.chars.find(squeezed, cursor)
    if found < 0:
        found = projection.chars.find(squeezed)
    if found >= 0:
        for k, i in enumerate(squeezed_positions):
            mapping[i] = projection.offsets[found + k]
        cursor = found + len(squeezed)
    else:  # partly rewritten by the extractor: place word by word
        search_from = cursor
        for word in re.finditer(r"\S+", paragraph):
            at = projection.chars.find(word.group(), search_from, search_from + WORD_WINDOW)
            if at < 0:
                continue
            for k in range(len(word.group())):
                mapping[word.start() + k] = projection.offsets[at + k]
            search_from = at + len(word.group())
        if mapping:
            cursor = search_from
    if not mapping:
        return [], cursor, (0, 0)
    last = max(mapping.values())
    end = last + 1
    if source.startswith("&", last):  # the paragraph ends on an entity: take all of it
        semicolon = source.find(";", last, last + 34)
        end = semicolon + 1 if semicolon > 0 else end
    return _runs(paragraph, source, mapping), cursor, (min(mapping.values()), end)


_NBSP = re.compile(r"&(?:nbsp|#160|#[xX]0*[aA]0);|\xa0")


def nbsp_contexts(source: str) -> frozenset[tuple[str, str]]:
    """The four characters before and after every no-break space of the page source."""
    return frozenset(
        (source[max(0, m.start() - 4) : m.start()], source[m.end() : m.end() + 4])
        for m in _NBSP.finditer(source)
    )


def restore_nbsp(paragraph: str, contexts: frozenset[tuple[str, str]]) -> str:
    """Put back the no-break spaces the extractor turned into plain spaces ("8&nbsp;000"):
    a space whose neighbouring characters surround a no-break space in the source."""
    if not contexts or " " not in paragraph:
        return paragraph
    chars = list(paragraph)
    for i, ch in enumerate(paragraph):
        if ch == " " and (paragraph[max(0, i - 4) : i], paragraph[i + 1 : i + 5]) in contexts:
            chars[i] = "\xa0"
    return "".join(chars)


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _runs(paragraph: str, source: str, mapping: dict[int, int]) -> list[tuple[int, int, int]]:
    """Maximal runs of paragraph characters that equal consecutive source characters."""
    runs: list[tuple[int, int, int]] = []
    previous: int | None = None
    for i, ch in enumerate(paragraph):
        origin = mapping.get(i)
        if origin is None and previous is not None and ch.isspace():
            candidate = previous + 1
            if candidate < len(source) and source[candidate] == ch:
                origin = candidate
        if origin is None or source[origin] != ch:
            previous = None
            continue
        if runs and previous is not None and origin == previous + 1:
            start, src, length = runs[-1]
            if start + length == i:
                runs[-1] = (start, src, length + 1)
                previous = origin
                continue
        runs.append((i, origin, 1))
        previous = origin
    return runs


def html_blocks(
    source: str, url: str | None = None
) -> tuple[list[Block], dict[str, str | None], Projection]:
    """Blocks of the main content of a page (mapped into ``source``) and the page metadata."""
    paragraphs, meta = extract(source, url)
    if not paragraphs:
        paragraphs = fallback_paragraphs(source)
    projection = project(source)
    contexts = nbsp_contexts(source)
    blocks: list[Block] = []
    cursor = 0
    for paragraph in paragraphs:
        if _LIST_MARK.match(paragraph) and projection.chars.find(_squeeze(paragraph)) < 0:
            paragraph = _LIST_MARK.sub("", paragraph)  # a list bullet the extractor added
        paragraph = restore_nbsp(paragraph, contexts)
        runs, cursor, span = locate(paragraph, source, projection, cursor)
        blocks.append(Block(text=paragraph, runs=runs, span=span))
    return blocks, meta, projection


def unmapped_visible_spans(
    source: str, blocks: list[Block], projection: Projection | None = None
) -> list[tuple[int, int]]:
    """Source regions with visible text that no block covers (navigation, footers, ads)."""
    projection = projection or project(source)
    covered = sorted(b.span for b in blocks if b.span[1] > b.span[0])
    spans: list[tuple[int, int]] = []
    offsets = projection.offsets
    k = 0
    n = len(offsets)
    for start, end in [*covered, (len(source), len(source))]:
        first = last = None
        while k < n and offsets[k] < start:
            first = offsets[k] if first is None else first
            last = offsets[k]
            k += 1
        if first is not None and last is not None:
            spans.append((first, last + 1))
        while k < n and offsets[k] < end:
            k += 1
    return spans
