"""Finding quotations in plain text, whatever the quote style.

Works on characters, paragraph by paragraph, with a stack of open marks, so that nested quotes,
PolNeAR's ``''`` marks, unbalanced marks and multi-paragraph quotes (an opening mark starts
every paragraph, the closing mark comes only at the end) are all handled in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Marks that only ever open a quotation.
OPENING = {"“": "”", "„": "“", "«": "»", "``": "''", "‘": "’", "‚": "‘"}
#: Marks that only ever close one.
CLOSING = {"”", "»"}
#: Marks that open or close depending on the state (and their context).
AMBIGUOUS = {'"', "''"}
#: Every double mark: used to widen a span over its marks.
ALL_MARKS = ("''", "``", '"', "“", "”", "«", "»", "„", "‘", "’", "'")

_MARK_RE = re.compile(r"''|``|[\"“”„«»‘’‚']")
#: A wire's citation closing a paragraph of its copy: "(BelTA – ‘Headline’ 10.10.2022)."; the
#: quoted words are the headline of the wire's story.
WIRE_CITATION = re.compile(
    r"\((?P<outlet>[A-Z][\w&.' -]{1,40}?)\s*[-–—]\s*[‘'\"“][^()]{1,300}\)\s*\.?\s*$"
)
_WORD_CHAR = re.compile(r"\w")
#: A markup tag left in scraped text ("<tweet author="x" timestamp="1448038800">"): the marks
#: around its attribute values are not quotation marks.
_MARKUP_TAG = re.compile(
    r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s>]*))*\s*/?>"
)


@dataclass
class Quote:
    """A quotation: content ``[start, end)`` without marks, marks ``[open_start, close_end)``."""

    start: int
    end: int
    open_start: int
    close_end: int
    paragraph: int
    continued: bool = False  # runs on into the next paragraph (no closing mark here)
    continuation: bool = False  # continues the quotation of the previous paragraph
    closed: bool = True  # False when the closing mark is missing (unbalanced)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as ``(start, end)`` spans, trailing whitespace excluded."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return spans


def _is_single(mark: str) -> bool:
    return mark in ("‘", "’", "'", "‚")


def _single_role(text: str, pos: int, mark: str) -> str | None:
    """Single marks double as apostrophes: decide from the characters around them."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    opens = (before.isspace() or before in "([{—–-:") and _WORD_CHAR.match(after) is not None
    closes = not before.isspace() and not _WORD_CHAR.match(after)
    if mark == "‘":
        return "open" if not closes or opens else "close"
    if mark == "’":
        return "close" if closes else None
    if mark == "'":
        if opens:
            return "open"
        return "close" if closes else None
    return "open"


def _typed_as_closing(text: str, pos: int, after: int) -> bool:
    """ "“It will pass,“ she said": an opening mark glued to the words before it and followed
    by a space (or the end) is a mistyped closing mark."""
    before = text[pos - 1] if pos > 0 else " "
    return not before.isspace() and (after >= len(text) or text[after].isspace())


def _paragraph_quotes(
    text: str, start: int, end: int, index: int
) -> tuple[list[Quote], tuple[int, int] | None]:
    """Quotes of one paragraph; also ``(mark start, content start)`` of one left open."""
    quotes: list[Quote] = []
    stack: list[tuple[str, int, int]] = []  # (mark, mark start, content start)
    tags = [m.span() for m in _MARKUP_TAG.finditer(text, start, end)]
    for match in _MARK_RE.finditer(text, start, end):
        mark, pos, after = match.group(), match.start(), match.end()
        if any(left < pos < right for left, right in tags):
            continue
        if _is_single(mark):
            if stack and not _is_single(stack[-1][0]):
                continue  # apostrophes and nested single quotes inside a double quote
            role = _single_role(text, pos, mark)
            if role == "open" and not stack:
                stack.append((mark, pos, after))
            elif role == "close" and stack and _is_single(stack[-1][0]):
                _, open_pos, content_start = stack.pop()
                quotes.append(Quote(content_start, pos, open_pos, after, index))
            continue
        if stack and _is_single(stack[-1][0]):
            stack.pop()  # a single "quote" interrupted by a double mark was an apostrophe
        top = stack[-1][0] if stack else None
        closes_top = top is not None and (
            OPENING.get(top) == mark
            or (mark in AMBIGUOUS and top in AMBIGUOUS)
            or (mark == "”" and top in ('"', "“", "”"))
            or (mark == '"' and top in ("“", "„"))
            or (mark == "“" and top in ('"', "“") and _typed_as_closing(text, pos, after))
        )
        if closes_top:
            _, open_pos, content_start = stack.pop()
            if not stack:
                quotes.append(Quote(content_start, pos, open_pos, after, index))
        elif mark in CLOSING:
            # a stray closing mark ("»" as a bullet); a "”" opening a paragraph opens
            opens_paragraph = not text[start:pos].strip()
            if (
                mark == "”"
                and not stack
                and (opens_paragraph or not text[after : after + 1].isspace())
            ):
                stack.append((mark, pos, after))
            continue
        else:
            stack.append((mark, pos, after))
    while stack and _is_single(stack[-1][0]):
        stack.pop()
    return quotes, (stack[0][1], stack[0][2]) if stack else None


def _starts_with_opening(text: str, start: int, end: int) -> bool:
    match = _MARK_RE.match(text, start, end)
    return bool(match) and match.group() not in CLOSING and match.group() != "’"


def find_quotes(text: str, min_open_words: int = 3) -> list[Quote]:
    """Every top-level quotation of ``text``, in order.

    A quote still open at the end of its paragraph is a multi-paragraph quote when the next
    paragraph starts with an opening mark, else an unbalanced quote that runs to the end of its
    paragraph (kept only with at least ``min_open_words`` words, so a stray mark is ignored).
    """
    result: list[Quote] = []
    spans = paragraphs(text)
    for index, (start, end) in enumerate(spans):
        quotes, left_open = _paragraph_quotes(text, start, end, index)
        result.extend(quotes)
        if left_open is None:
            continue
        open_start, open_content = left_open
        content_end = end
        while content_end > open_content and text[content_end - 1].isspace():
            content_end -= 1
        runs_on = index + 1 < len(spans) and _starts_with_opening(text, *spans[index + 1])
        if runs_on or len(text[open_content:content_end].split()) >= min_open_words:
            result.append(
                Quote(open_content, content_end, open_start, content_end, index, runs_on, False)
            )
            result[-1].closed = False
    result.sort(key=lambda q: q.start)
    for previous, quote in zip(result, result[1:], strict=False):
        if previous.continued and quote.paragraph == previous.paragraph + 1:
            first_in_paragraph = not any(
                other.paragraph == quote.paragraph and other.start < quote.start for other in result
            )
            if first_in_paragraph:
                quote.continuation = True
    for quote in result:
        while quote.end > quote.start and text[quote.end - 1].isspace():
            quote.end -= 1
        while quote.start < quote.end and text[quote.start].isspace():
            quote.start += 1
    return [q for q in result if q.end > q.start]


def widen_to_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a content span over the quotation marks (and spaces) right around it."""
    for mark in sorted(ALL_MARKS, key=len, reverse=True):
        if text.startswith(mark, max(0, start - len(mark))) and start - len(mark) >= 0:
            start -= len(mark)
            break
    for mark in sorted(ALL_MARKS, key=len, reverse=True):
        if text.startswith(mark, end):
            end += len(mark)
            break
    return start, end
