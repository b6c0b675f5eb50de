"""Plain-text scrapes: one block per non-blank line, kept verbatim with its separator."""

from __future__ import annotations

import re

from chorus.clean import dates
from chorus.clean.assemble import Block
from chorus.clean.lines import split_lines

#: A scraper's date stamp before the page text on the same line (" date 2019-08-15 It's ...").
_STAMP_LABEL = re.compile(r"^\s*(?:date|dated|published|posted|updated)\s*:?\s*", re.IGNORECASE)
_STAMP_TAIL = re.compile(
    r"^(?:\s*[T ]?\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\s*[-–—|:]?"
)


def text_blocks(text: str) -> list[Block]:
    """The non-blank lines of ``text`` as blocks that map one-to-one onto the original; a
    date stamp that opens the first line is a block of its own (the classifier removes it
    as a date line and the metadata reads the date from it)."""
    lines = [line for line in split_lines(text) if line.text.strip()]
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        next_start = lines[index + 1].start if index + 1 < len(lines) else line.end
        content = line.text.rstrip()
        end = line.start + len(content)
        blocks.append(
            Block(
                text=content,
                runs=[(0, line.start, len(content))],
                span=(line.start, end),
                separator=text[end:next_start],
                separator_start=end,
            )
        )
    if blocks:
        blocks[:1] = split_date_stamp(blocks[0])
    return blocks


def date_stamp_length(line: str) -> int:
    """Length of a date stamp opening ``line`` ("date 2019-08-15 ", "Published: 3 May 2021 -")
    when more text follows it on the line, else 0."""
    label = _STAMP_LABEL.match(line)
    if not label:
        return 0
    found = dates.find_dates(line[label.end() :], day_only=True)
    if not found or found[0].start != 0 or found[0].year is None:
        return 0
    end = label.end() + found[0].end
    tail = _STAMP_TAIL.match(line[end:])
    end += tail.end() if tail else 0
    return end if line[end:].strip() else 0


def split_date_stamp(block: Block) -> list[Block]:
    """``block`` split after its opening date stamp (one plain-text run), or unchanged."""
    length = date_stamp_length(block.text)
    if not length or len(block.runs) != 1:
        return [block]
    origin = block.runs[0][1]
    rest = len(block.text) - len(block.text[length:].lstrip())
    stamp = block.text[:length].rstrip()
    stamp_block = Block(
        text=stamp,
        runs=[(0, origin, len(stamp))],
        span=(origin, origin + len(stamp)),
        separator=block.text[len(stamp) : rest],
        separator_start=origin + len(stamp),
    )
    body = block.text[rest:]
    body_block = Block(
        text=body,
        runs=[(0, origin + rest, len(body))],
        span=(origin + rest, block.span[1]),
        separator=block.separator,
        separator_start=block.separator_start,
    )
    return [stamp_block, body_block]
