"""Temporal expressions resolved against an article's reference date.

Reference date: ``article.body_date`` when the clean stage sets it, else a date the body
itself states for the story (a dateline "MINSK, 10 October (BelTA)" or a weekday-stamped date
"On Tuesday, February 21" that lies more than a week before the header date, as in republished
articles), else ``article.published``. Without any of them relative expressions stay unresolved
(date None); explicit dates with a year still resolve.

Rules (all ours; dateparser is not needed for these closed patterns):
- "on Monday": the most recent Monday on or before the reference date (the same day counts);
  "last Monday" strictly before; "next Monday" strictly after.
- "Tuesday, February 21" / "21 February": year from the text, else the reference year
  (the previous year when that would put the date more than a week after the reference).
- "in February 2022" -> month; "in February" -> the most recent February on or before the
  reference; "2020", "2020's" -> year; "last/this/next year|month".
- "two weeks ago", "N days ago", "yesterday", "last week" (week before, month precision).
- seasons: "this fall" -> September of the reference year (month precision, documented).
- "(been going on) for two days" -> the reference date minus the duration.
- a bare year ("2020", "2020's") only where it reads as a year: not a count ("2000 troops")
  nor part of a figure ("1,994").
- no story's events are known in advance: "shortly before the invasion" stays undated (the
  timeline shows it as relative to that event).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from chorus import lexicons

PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}


@dataclass(frozen=True)
class TimeExpression:
    """One temporal expression in the cleaned text, resolved (or not) to a date."""

    start: int
    end: int
    text: str
    date: str | None
    precision: str | None
    relation: str | None = None  # "since 1994", "by 2027": a bound, not the event's date


@cache
def _months() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in lexicons.table("clean_months.txt")}


@cache
def _weekdays() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in lexicons.table("timeline_weekdays.txt")}


@cache
def _numbers() -> dict[str, int]:
    """Number words for counts of days, weeks, months, years ("two weeks", "a few days")."""
    words = {row[0]: int(row[1]) for row in lexicons.table("number_words.txt")}
    words = {w: v for w, v in words.items() if 0 < v <= 20}
    words.update({row[0]: int(row[1]) for row in lexicons.table("timeline_numbers.txt")})
    return words


@cache
def _seasons() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in lexicons.table("timeline_seasons.txt")}


def _alternation(words) -> str:
    escaped = (re.escape(w).replace("'", "['’]") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    month = rf"(?P<month>{_alternation(_months())})\.?"
    weekday = rf"(?P<weekday>{_alternation(_weekdays())})\.?"
    number = rf"(?P<number>\d+|{_alternation(_numbers())})"
    unit = r"(?P<unit>day|week|month|year)s?"
    season = rf"(?P<season>{_alternation(_seasons())})"
    year = r"(?P<year>(?:19|20)\d{2})"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    flags = re.IGNORECASE
    table = [
        ("weekday_date", rf"\b{weekday},?\s+{month}\s+{day}\b(?:,?\s+{year})?"),
        ("month_day", rf"\b{month}\s+{day}\b(?!\s*(?:,\s*)?\d{{3}})(?:,?\s+{year})?"),
        ("day_month", rf"\b{day}\s+{month}\b(?:,?\s+{year})?"),
        ("numeric", r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d{2})\b"),
        ("iso", r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("month_year", rf"\b{month},?\s+{year}\b"),
        ("ago", rf"\b{number}\s+{unit}\s+ago\b"),
        ("duration", rf"\bfor,?(?:\s+\w+,?){{0,3}}?\s+{number}\s+{unit}\b"),
        ("rel_weekday", rf"\b(?P<rel>last|next|this|on)?\s*{weekday}\b"),
        ("season", rf"\b(?P<rel>this|last|next|in the)\s+{season}\b(?:\s+of\s+{year})?"),
        ("rel_period", r"\b(?P<rel>last|this|next)\s+(?P<unit>week|month|year)\b"),
        ("deictic", r"\b(?P<word>yesterday|today|tomorrow|the weekend)\b"),
        ("in_month", rf"\b(?:in|since|by|until|early|late|mid-?)\s+{month}\b"),
        ("year", rf"(?<![\d.])(?<!\d,)\b{year}(?:'s|’s|s)?\b(?![\d.,]\d)"),
    ]
    return [(name, re.compile(p, flags)) for name, p in table]


def parse_iso(value: str | None) -> tuple[date, str] | None:
    """An ISO date string (day, month or year precision) as a date and its precision."""
    if not value:
        return None
    value = value.strip()[:10]
    try:
        if len(value) == 10:
            return date.fromisoformat(value), "day"
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1), "month"
        if len(value) == 4:
            return date(int(value), 1, 1), "year"
    except ValueError:
        return None
    return None


def truncate(day: date, precision: str) -> str:
    return day.isoformat()[: PRECISION_LENGTH[precision]]


def _number(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _numbers().get(text, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, reference: date) -> date | None:
    """A month-day without a year: the reference year, unless that is well after it."""
    candidate = _safe_date(reference.year, month, day)
    if candidate is not None and candidate > reference + timedelta(days=7):
        candidate = _safe_date(reference.year - 1, month, day)
    return candidate


def _shift(day: date, months: int = 0, years: int = 0, days: int = 0) -> date:
    total = day.year * 12 + (day.month - 1) + months + years * 12
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last)) - timedelta(days=days)


def _resolve(name: str, m: re.Match[str], reference: date | None) -> tuple[date, str] | None:
    g = m.groupdict()
    month = _months().get((g.get("month") or "").lower().rstrip("."))
    explicit_year = int(g["year"]) if g.get("year") else None
    if name in ("weekday_date", "month_day", "day_month"):
        day = int(g["day"])
        if explicit_year:
            found = _safe_date(explicit_year, month, day)
        elif reference is not None:
            found = _year_for(month, day, reference)
        else:
            return None
        return (found, "day") if found else None
    if name in ("numeric", "iso"):
        found = _safe_date(explicit_year, int(g["month"]), int(g["day"]))
        return (found, "day") if found else None
    if name == "month_year":
        return date(explicit_year, month, 1), "month"
    if name == "year":
        return date(explicit_year, 1, 1), "year"
    if reference is None:
        return None
    if name in ("ago", "duration"):
        count, unit = _number(g["number"]), g["unit"].lower()
        if unit == "day":
            return reference - timedelta(days=count), "day"
        if unit == "week":
            return reference - timedelta(days=7 * count), "day"
        if unit == "month":
            return _shift(reference, months=-count), "month"
        return _shift(reference, years=-count), "year"
    if name == "rel_weekday":
        target = _weekdays()[g["weekday"].lower().rstrip(".")]
        rel = (g.get("rel") or "").lower()
        back = (reference.weekday() - target) % 7
        if rel == "last" and back == 0:
            back = 7
        if rel == "next":
            ahead = (target - reference.weekday()) % 7 or 7
            return reference + timedelta(days=ahead), "day"
        return reference - timedelta(days=back), "day"
    if name == "season":
        start_month = _seasons()[g["season"].lower()]
        year = explicit_year or reference.year
        rel = g["rel"].lower()
        if not explicit_year:
            if rel == "last":
                year -= 1
            elif rel == "next":
                year += 1
            elif start_month == 12 and reference.month <= 2:
                year -= 1  # "this winter" in January began last December
        return date(year, start_month, 1), "month"
    if name == "rel_period":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = {"last": -1, "this": 0, "next": 1}[rel]
        if unit == "year":
            return date(reference.year + step, 1, 1), "year"
        if unit == "month":
            return _shift(reference, months=step), "month"
        return reference + timedelta(days=7 * step), "month"
    if name == "deictic":
        word = g["word"].lower()
        if word == "the weekend":
            back = (reference.weekday() - 5) % 7 or 7
            return reference - timedelta(days=back), "day"
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
        return reference + timedelta(days=offset), "day"
    if name == "in_month":
        year = reference.year if month <= reference.month else reference.year - 1
        return date(year, month, 1), "month"
    return None


#: Words before a date that make it a bound or a comparison rather than when something happens.
RELATION_WORDS = frozenset(
    {"since", "until", "till", "before", "after", "by", "from", "to", "through", "than"}
)
#: Words that may follow a year in running text ("in 2022 the", "2022, when").
_AFTER_YEAR = frozenset(
    {"the", "a", "an", "and", "or", "but", "to", "when", "as", "with", "that", "which", "who"}
    | {"while", "after", "before", "in", "on", "at", "for", "of", "by", "is", "was", "were"}
    | {"will", "would", "has", "had", "have", "it", "he", "she", "they", "we", "this"}
)


def _relation(text: str, start: int) -> str | None:
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
    return words[-1].lower() if words and words[-1].lower() in RELATION_WORDS else None


def _counts_something(text: str, end: int) -> bool:
    """A four-digit number followed by a word it counts ("2000 troops", "1994 votes")."""
    following = re.match(r"\s+([A-Za-z]+)", text[end:])
    return bool(following and following[1].islower() and following[1] not in _AFTER_YEAR)


def find_expressions(text: str, reference: date | None, offset: int = 0) -> list[TimeExpression]:
    """Temporal expressions of ``text`` (non-overlapping, earlier patterns first)."""
    taken: list[tuple[int, int]] = []
    found: list[TimeExpression] = []
    for name, pattern in _patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            if name == "rel_weekday" and not m.group("rel") and not m.group("weekday")[0].isupper():
                continue
            month_word = m.groupdict().get("month") or ""
            if month_word.lower() in ("may", "mar") and not month_word[0].isupper():
                continue  # "may" the modal, "mar" the verb
            if any(start < e and s < end for s, e in taken):
                continue
            if name == "year" and not m[0].endswith("s") and _counts_something(text, end):
                continue  # "2000 troops": a number, not a year
            taken.append((start, end))
            resolved = _resolve(name, m, reference)
            found.append(
                TimeExpression(
                    start=offset + start,
                    end=offset + end,
                    text=m.group(0).strip(),
                    date=truncate(*resolved) if resolved else None,
                    precision=resolved[1] if resolved else None,
                    relation=_relation(text, start),
                )
            )
    found.sort(key=lambda e: e.start)
    return found


# ---------------------------------------------------------------- reference date

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{2,30}),\s+(?P<expr>[0-3]?\d\s+[A-Za-z]+\.?|[A-Za-z]+\.?\s+[0-3]?\d)"
    r"\s*(?:\(|[–—-])",
    re.MULTILINE,
)
_WEEKDAY_DATE = re.compile(r"\b(?P<expr>[A-Z][a-z]+day,?\s+[A-Z][a-z]+\.?\s+[0-3]?\d)\b")


def reference_date(article: object, text: str) -> date | None:
    """The date relative expressions in ``text`` are resolved against (see module doc)."""
    for attr in ("body_date",):
        parsed = parse_iso(getattr(article, attr, None))
        if parsed and parsed[1] == "day":
            return parsed[0]
    published = parse_iso(getattr(article, "published", None))
    pub_day = published[0] if published and published[1] == "day" else None
    pub_year = published[0].year if published else None
    stated = _body_stated_dates(text, pub_day, pub_year)
    if stated:
        latest = max(stated)
        if pub_day is None or latest < pub_day - timedelta(days=7):
            return latest
    return pub_day


def _body_stated_dates(text: str, published: date | None, pub_year: int | None) -> list[date]:
    """Dates the body states for its own story: datelines and weekday-stamped dates."""
    years_in_text = {
        (int(d), int(mo)): int(y)
        for d, mo, y in re.findall(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", text)
    }
    found: list[date] = []
    for pattern, needs_weekday in ((_DATELINE, False), (_WEEKDAY_DATE, True)):
        for m in pattern.finditer(text):
            for name, pat in _patterns():
                if name not in ("weekday_date", "month_day", "day_month"):
                    continue
                hit = pat.search(m.group("expr"))
                if not hit:
                    continue
                month = _months().get(hit.group("month").lower().rstrip("."))
                day = int(hit.group("day"))
                year = years_in_text.get((day, month)) or pub_year
                if year is None or month is None:
                    break
                candidate = _safe_date(year, month, day)
                if candidate and published and candidate > published + timedelta(days=7):
                    candidate = _safe_date(year - 1, month, day)
                if candidate is None:
                    break
                if needs_weekday:
                    weekday = _weekdays().get(hit.group("weekday").lower())
                    if weekday != candidate.weekday():
                        break  # the stated weekday disagrees with the year: not trusted
                found.append(candidate)
                break
    return found
