"""Build the cleaned body, its offset map and the removed spans from block decisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from chorus.records import OffsetMap, RemovedSpan


@dataclass
class Block:
    """A unit of the cleaned body: its text and the runs that map it into the original.

    ``runs`` are ``(offset_in_text, original_start, length)``; characters of ``text`` outside
    every run were not found verbatim in the original. ``span`` is the original region the
    block stands for (what a removal removes). ``separator`` follows the block in the body
    when another kept block comes after it; ``separator_start`` is its original offset, or
    None when the cleaner inserts it.
    """

    text: str
    runs: list[tuple[int, int, int]]
    span: tuple[int, int]
    separator: str = "\n\n"
    separator_start: int | None = None


@dataclass
class Assembled:
    text: str
    offsets: OffsetMap
    removed: list[RemovedSpan] = field(default_factory=list)


def assemble(blocks: list[Block], reasons: list[str | None]) -> Assembled:
    """Concatenate kept blocks (with their separators) and record removed blocks."""
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    removed: list[RemovedSpan] = []
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    cursor = 0
    for position, i in enumerate(kept):
        block = blocks[i]
        for offset, original, length in block.runs:
            _add_segment(segments, cursor + offset, original, length)
        pieces.append(block.text)
        cursor += len(block.text)
        if position + 1 < len(kept):
            if block.separator_start is not None and block.separator:
                _add_segment(segments, cursor, block.separator_start, len(block.separator))
            pieces.append(block.separator)
            cursor += len(block.separator)
    for i, reason in enumerate(reasons):
        if reason is None:
            continue
        start, end = blocks[i].span
        if removed and removed[-1].reason == reason and removed[-1].end == start:
            removed[-1].end = end
        else:
            removed.append(RemovedSpan(start, end, reason))
    return Assembled("".join(pieces), OffsetMap(segments), removed)


def _add_segment(
    segments: list[tuple[int, int, int]], clean: int, original: int, length: int
) -> None:
    """Append a run, merging it with the previous one when both continue each other."""
    if length <= 0:
        return
    if segments:
        c, o, n = segments[-1]
        if c + n == clean and o + n == original:
            segments[-1] = (c, o, n + length)
            return
    segments.append((clean, original, length))


def block_span(block: Block, start: int, end: int) -> tuple[int, int] | None:
    """Original offsets of ``block.text[start:end]``, or None when that text was not found
    verbatim in the original (both ends must fall in the block's runs)."""

    def original(pos: int) -> int | None:
        for offset, origin, length in block.runs:
            if offset <= pos < offset + length:
                return origin + pos - offset
        return None

    if end <= start:
        return None
    first, last = original(start), original(end - 1)
    if first is None or last is None:
        return None
    return first, last + 1
