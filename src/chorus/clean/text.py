"""Plain-text scrapes: one block per non-blank line, kept verbatim with its separator."""

from __future__ import annotations

from chorus.clean.assemble import Block
from chorus.clean.lines import split_lines


def text_blocks(text: str) -> list[Block]:
    """The non-blank lines of ``text`` as blocks that map one-to-one onto the original."""
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
    return blocks
