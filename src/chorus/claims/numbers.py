"""Chances stated as figures or odds: "35%", "sixty percent", "30-40%", "one-in-four", "60-40",
"5/1", "even money", "odds-on".

A stated chance is read as the probability of the clause it qualifies, and wins over words of
estimative probability (the words only stand in where no figure is given). Which clause a
chance qualifies is decided on the parse (``triggers``/``scope``); this module only finds the
expressions and their values, with character offsets into the text it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chorus import lexicons

#: Words that make a bare "N/M" a bookmaker's price rather than a date or a score.
ODDS_CONTEXT = re.compile(r"\b(?:odds|odds-on|bookmakers?|bookies|punters|price|bets?)\b", re.I)


@dataclass(frozen=True)
class StatedChance:
    """A chance stated in the text: its value (0..1), character span and kind."""

    value: float
    start: int
    end: int
    text: str
    kind: str  # percent | ratio | split | odds | idiom


@cache
def _number_words() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in lexicons.table("number_words.txt")}


@cache
def _idioms() -> dict[str, float]:
    return {row[0].lower(): float(row[1]) for row in lexicons.table("claims_odds_words.tsv")}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _number_pattern() -> str:
    """A number in digits ("35", "2.5") or words ("sixty", "twenty-five", "one hundred")."""
    units = [w for w, v in _number_words().items() if v < 20]
    tens = [w for w, v in _number_words().items() if 20 <= v < 100]
    word = (
        rf"(?:(?:{_alternation(units)})[\s-]+hundred|hundred|"
        rf"(?:{_alternation(tens)})(?:[\s-]+(?:{_alternation(units)}))?|{_alternation(units)})"
    )
    return rf"(?:\d+(?:\.\d+)?|{word})"


def number_value(text: str) -> float | None:
    """The value of a number written in digits or words ("sixty-five" -> 65)."""
    text = text.strip().lower()
    try:
        return float(text)
    except ValueError:
        pass
    words = _number_words()
    total = 0
    for part in re.split(r"[\s-]+", text):
        if part == "hundred":
            total = max(total, 1) * 100
        elif part in words:
            total += words[part]
        else:
            return None
    return float(total)


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    num = _number_pattern()
    dash = r"\s*(?:-|–|—|to|and)\s*"
    percent = r"\s*(?:%|per\s?cent\b|pct\b)"
    table = [
        ("percent", rf"\b(?P<a>{num})(?:{dash}(?P<b>{num}))?{percent}"),
        ("ratio", rf"\b(?P<a>{num})[\s-]+in[\s-]+(?P<b>{num})\b"),
        ("split", r"(?<![\d/.])\b(?P<a>\d{1,2})\s*[-–/:]\s*(?P<b>\d{1,2})\b(?![\d/.%])"),
        ("odds", r"(?<![\d/.])\b(?P<a>\d{1,3})\s*/\s*(?P<b>\d{1,3})\b(?![\d/.])"),
        ("idiom", rf"\b(?P<idiom>{_alternation(_idioms())})\b"),
    ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in table]


def _value(kind: str, m: re.Match[str], text: str) -> float | None:
    g = m.groupdict()
    if kind == "idiom":
        return _idioms()[re.sub(r"\s+", " ", g["idiom"].lower())]
    a, b = number_value(g["a"]), number_value(g["b"]) if g.get("b") else None
    if a is None:
        return None
    if kind == "percent":
        value = (a + b) / 2 if b is not None else a
        return value / 100 if value <= 100 else None
    if b is None or b == 0:
        return None
    if kind == "ratio":
        return a / b if a <= b else None
    if kind == "split":
        return a / 100 if a + b == 100 else None
    if kind == "odds" and ODDS_CONTEXT.search(text):
        return b / (a + b)  # fractional odds "a/b" against: the chance is b in a+b
    return None


def find_stated_chances(text: str, offset: int = 0) -> list[StatedChance]:
    """Every stated chance in ``text`` (non-overlapping, earlier patterns first), with offsets
    shifted by ``offset``."""
    taken: list[tuple[int, int]] = []
    found: list[StatedChance] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = _value(kind, m, text)
            if value is None:
                continue
            taken.append((start, end))
            found.append(StatedChance(round(value, 3), offset + start, offset + end, m[0], kind))
    found.sort(key=lambda c: c.start)
    return found
