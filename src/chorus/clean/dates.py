"""Dates as news pages write them: header date lines, agency datelines, body mentions, URLs.

Hand-written patterns (compiled once) instead of a general date parser: header and body dates
follow a few shapes, and a loose parser turns ordinary numbers into dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from chorus.lexicons import table, words


@dataclass(frozen=True)
class DateMention:
    """A date found in text: ``year`` may be None when the text leaves it out."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    ambiguous: bool = False  # 04/06/2025: day-first here, month-first in ``swapped()``

    def swapped(self) -> DateMention:
        if self.day is None or self.day > 12:
            return self
        return DateMention(self.start, self.end, self.year, self.day, self.month, False)

    def resolve(self, reference: dt.date | None) -> str | None:
        """ISO form; a missing year comes from ``reference`` (the latest such date not after
        it), and stays unknown (None) without one."""
        year = self.year
        if year is None:
            if reference is None or self.day is None:
                return None
            year = reference.year
            if (self.month, self.day) > (reference.month, reference.day):
                year -= 1
        if self.day is None:
            return f"{year:04d}-{self.month:02d}"
        try:
            return dt.date(year, self.month, self.day).isoformat()
        except ValueError:
            return None


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {name: int(number) for name, number in table("clean_months.txt")}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    month = "|".join(sorted(_months(), key=len, reverse=True))
    weekday = "|".join(sorted(words("clean_weekdays.txt"), key=len, reverse=True))
    wd = rf"(?:(?:{weekday})\.?,?\s+)?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    mon = rf"(?P<month>{month})\.?"
    year = r"(?P<year>(?:19|20)\d\d)"
    flags = re.IGNORECASE
    return {
        # Thu. Mar 30th, 2023 / March 30, 2023 / February 21
        "mdy": re.compile(rf"\b{wd}{mon}\s+{day}\b(?:,?\s+{year}\b)?", flags),
        # 30 March 2023 / 10 October / Monday, 3rd of April 2023
        "dmy": re.compile(rf"\b{wd}{day}\s+(?:of\s+)?{mon}\b(?:,?\s+{year}\b)?", flags),
        # 2023-03-30 (optionally with a time)
        "iso": re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        # 30.03.2023 (day first, as European sites write it)
        "dotted": re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
        # 04/06/2025: day first unless the numbers rule it out (marked ambiguous)
        "slash": re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"),
        # February 2022
        "my": re.compile(rf"\b{mon}\s+{year}\b", flags),
    }


_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?\b|\b\d{1,2}\s*[ap]\.?m\.?\b|"
    r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z.]*")
_DIGIT = re.compile(r"\d")


def _mention(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    if groups.get("a"):
        first, second, year = int(groups["a"]), int(groups["b"]), int(groups["year"])
        day, month = (second, first) if second > 12 else (first, second)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return DateMention(
            match.start(), match.end(), year, month, day, first <= 12 and second <= 12
        )
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _months().get(month_text.lower())
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if not month or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return DateMention(match.start(), match.end(), year, month, day)


def find_dates(text: str, day_only: bool = False) -> list[DateMention]:
    """Every date mention in ``text``, left to right, without overlaps."""
    if not _DIGIT.search(text):
        return []  # every pattern needs a digit: skip most lines cheaply
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _patterns().items():
        if day_only and name == "my":
            continue
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = _mention(match)
            if mention:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


@lru_cache(maxsize=1)
def _date_line_words() -> frozenset[str]:
    return frozenset(words("clean_dateline_words.txt")) | frozenset(words("clean_weekdays.txt"))


def date_line(text: str) -> DateMention | None:
    """The date of a line that holds a full date and nothing else but date-line words
    ("Thu. Mar 30th, 2023", "Published: 30 March 2023 10:15 GMT"), else None."""
    stripped = text.strip()
    if len(stripped) > 80 or not any(ch.isdigit() for ch in stripped):
        return None
    mentions = [m for m in find_dates(stripped, day_only=True) if m.year is not None]
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    rest = _TIME.sub(" ", stripped[: mention.start] + " " + stripped[mention.end :])
    allowed = _date_line_words()
    for token in _TOKEN.findall(rest):
        if token.lower().rstrip(".") not in allowed and token.lower() not in allowed:
            return None
    if re.search(r"\d", re.sub(r"[+-]\d{2}:?\d{2}\b", "", rest)):
        return None
    return shift(mention, len(text) - len(text.lstrip()))  # offsets into ``text``


#: A city as datelines write it: capitals ("MINSK", "NEW YORK", "ST. PETERSBURG").
_CITY = r"[A-Z][A-Z.'’ -]*[A-Z.]"
_AGENCY = r"[A-Za-z][\w .&'’-]{0,30}"
_DASH = r"[-–—]"

_OPEN = r"^\s*"
_GAP = r"\s+(?=\S)"
#: Datelines at the start of the first body paragraph, in the shapes news pages print them.
_DATELINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # MINSK, 10 October (BelTA) –   /   LONDON (Reuters) -   /   TAIPEI (Taiwan News) —
    (
        "agency",
        re.compile(
            rf"{_OPEN}(?P<head>{_CITY}(?:,[^()\n]{{1,40}}?)?)\s*"
            rf"\((?P<agency>{_AGENCY})\)\s*[-–—:]"
        ),
    ),
    # MOSCOW, April 4. /TASS/.
    (
        "slash",
        re.compile(
            rf"{_OPEN}(?P<head>[A-Z][\w.'’ -]{{1,30}},[^/\n]{{3,30}}?)\s*"
            rf"/(?P<agency>{_AGENCY})/\.?"
        ),
    ),
    # BRUSSELS, April 3 —
    ("city-date", re.compile(rf"{_OPEN}(?P<head>{_CITY},\s+[^\n–—()]{{3,30}}?)\s+{_DASH}{_GAP}")),
    # AUGUST 2, 2023 –   /   (Sept 19):
    (
        "date",
        re.compile(
            rf"{_OPEN}(?P<open>\()?(?P<head>[^()\n–—]{{3,30}}?)(?(open)\))\s*(?:{_DASH}|:){_GAP}"
        ),
    ),
    # BEIJING:
    ("city", re.compile(rf"{_OPEN}(?P<head>{_CITY}):\s+(?=[A-Z“\"‘'])")),
)

#: A "CITY:" dateline opens running text, not a label line ("UPDATE: ...") or a headline.
MIN_WORDS_AFTER_CITY = 12


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a body paragraph: "MINSK, 10 October (BelTA) –",
    "BRUSSELS, April 3 —", "AUGUST 2, 2023 –", "(Sept 19):". ``end`` is where the body text
    starts after it; ``agency`` is the wire it names (None when it names none)."""

    agency: str | None
    date: DateMention | None
    end: int
    start: int = 0


def _only_date(head: str) -> DateMention | None:
    """The date when ``head`` is a date and nothing else (a weekday and a time allowed)."""
    found = find_dates(head, day_only=True)
    if len(found) != 1:
        return None
    mention = found[0]
    rest = _TIME.sub(" ", head[: mention.start] + " " + head[mention.end :])
    return mention if not re.search(r"[^\W\d_]", rest) else None


def shift(mention: DateMention, offset: int) -> DateMention:
    """The mention with its offsets moved by ``offset`` (found in a part of a longer text)."""
    return dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset)


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text`` (its date in ``text`` offsets), or None."""
    for kind, pattern in _DATELINES:
        match = pattern.match(text)
        if not match:
            continue
        head = match.group("head")
        start = len(text) - len(text.lstrip())
        if kind == "date":
            date = _only_date(head)
            if date is None:
                continue
            return Dateline(None, shift(date, match.start("head")), match.end(), start)
        found = find_dates(head, day_only=True)
        if kind == "city-date" and not found:
            continue
        if kind == "city" and len(text[match.end() :].split()) < MIN_WORDS_AFTER_CITY:
            continue
        agency = match.group("agency").strip() if "agency" in pattern.groupindex else None
        date = shift(found[0], match.start("head")) if found else None
        return Dateline(agency, date, match.end(), start)
    return None


#: A source citation on a line of its own: "(Agency – 'Title of the story' 10.10.2022)".
_CITATION = re.compile(
    r"^\s*\(\s*(?P<source>[^()\n–—-]{2,40}?)\s*[–—-]\s*[‘'\"“«].{3,240}[’'\"”»]\s*,?\s*"
    r"(?P<date>[^()\n]{6,30}?)\s*\)\.?\s*$"
)


def citation_date(text: str) -> DateMention | None:
    """The date of a citation line ("(Agency – 'Title' 10.10.2022)"): the cited story's
    publication date (offsets into ``text``), or None when the line is no citation."""
    match = _CITATION.match(text)
    if not match:
        return None
    date = _only_date(match.group("date"))
    if date is None or date.year is None:
        return None
    return shift(date, match.start("date"))


_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)(?:[/-](?P<day>[0-3]?\d))?(?=[/_.-]|$)|"
    r"/(?P<year2>(?:19|20)\d\d)(?P<month2>[01]\d)(?P<day2>[0-3]\d)(?=/)"
)


def url_date(url: str | None) -> str | None:
    """ISO date (or year-month) written in a URL path: /2023/03/30/, /2023-03-30-, /20230330/."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    year = int(match.group("year") or match.group("year2"))
    month = int(match.group("month") or match.group("month2"))
    day_text = match.group("day") or match.group("day2")
    if not 1 <= month <= 12:
        return None
    if day_text is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(day_text)).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def parse_iso(value: str | None) -> dt.date | None:
    """The day of an ISO date or timestamp string (None when it has no day)."""
    if not value:
        return None
    match = re.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """A metadata date value ("2023-03-30T10:00Z", "30 March 2023") as ISO, else None."""
    if not value:
        return None
    day = parse_iso(value)
    if day:
        return day.isoformat()
    match = re.match(r"\s*((?:19|20)\d\d)(?:-(\d\d))?\s*$", value)
    if match:
        return match[1] + (f"-{match[2]}" if match[2] else "")
    for mention in find_dates(value):
        if mention.year is not None:
            return mention.resolve(None)
    return None
