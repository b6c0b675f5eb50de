"""Outlet profiles: genre with its evidence, whom each outlet quotes, and its loaded language.

Loaded terms come from ``loaded_terms.txt`` (term<TAB>category). A hit inside a reported
statement is flagged ``in_quote`` so the outlet's own wording and the words it quotes stay
apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chorus.lexicons import table
from chorus.records import Article, Person, Statement

UNKNOWN_OUTLET = "(unknown outlet)"
UNATTRIBUTED = "(unattributed)"


@dataclass
class ArticleProfile:
    """One article's genre, voices and loaded terms (offsets into the original text)."""

    article: str
    title: str | None
    published: str | None
    genre: str | None
    genre_evidence: list[str] = field(default_factory=list)
    voices: dict[str, int] = field(default_factory=dict)
    loaded_terms: list[dict[str, str | int | bool]] = field(default_factory=list)
    # each: term, category, start, end, surface, in_quote


@dataclass
class OutletProfile:
    """An outlet over its articles: genres, voices quoted and loaded terms, with counts."""

    outlet: str
    genres: dict[str, int] = field(default_factory=dict)
    voices: dict[str, int] = field(default_factory=dict)
    loaded_terms: dict[str, int] = field(default_factory=dict)
    articles: list[ArticleProfile] = field(default_factory=list)


@lru_cache(maxsize=1)
def _loaded_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One alternation over the lexicon, longest terms first, whole words only."""
    terms: dict[str, tuple[str, str]] = {}
    for row in table("loaded_terms.txt"):
        term = row[0].lower()
        terms[term] = (row[0], row[1] if len(row) > 1 else "loaded")
    alternatives = sorted(terms, key=len, reverse=True)
    body = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in alternatives)
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE), terms


def loaded_terms(article: Article, statements: list[Statement]) -> list[dict]:
    """Loaded-term hits in the cleaned body, reported in original offsets."""
    pattern, terms = _loaded_pattern()
    spans = [(s.start, s.end) for s in statements if s.article == article.id]
    hits = []
    for match in pattern.finditer(article.text):
        start, end = article.to_original(match.start(), match.end())
        term, category = terms[" ".join(match.group(0).lower().split())]
        hits.append(
            {
                "term": term,
                "category": category,
                "start": start,
                "end": end,
                "surface": article.original[start:end],
                "in_quote": any(a <= start and end <= b for a, b in spans),
            }
        )
    return hits


def _voice(statement: Statement, names: dict[str, str], person_of: dict) -> str:
    person = statement.speaker_id or person_of.get(
        (statement.article, statement.speaker_local_id or "")
    )
    if person and person in names:
        return names[person]
    return statement.speaker or UNATTRIBUTED


def _field(record: Any, name: str) -> Any:
    """People and profiles arrive as records or as their stored rows (dicts)."""
    return record[name] if isinstance(record, dict) else getattr(record, name)


def article_order(article: Article) -> tuple[str, str]:
    """An outlet's articles are listed by date (undated last), then id."""
    return (article.published or "~", article.id)


def outlet_name(article: Article) -> str:
    return article.outlet or UNKNOWN_OUTLET


def article_profile(
    article: Article,
    statements: list[Statement],
    names: dict[str, str],
    person_of: dict[tuple[str, str], str] | None = None,
) -> ArticleProfile:
    """One article's profile from its own statements; ``names`` maps person ids to names."""
    voices = Counter(_voice(s, names, person_of or {}) for s in statements)
    return ArticleProfile(
        article=article.id,
        title=article.title,
        published=article.published,
        genre=article.genre,
        genre_evidence=list(article.genre_evidence),
        voices=dict(voices.most_common()),
        loaded_terms=loaded_terms(article, statements),
    )


def outlet_profile(outlet: str, articles: list[ArticleProfile]) -> OutletProfile:
    """An outlet from its articles' profiles (in ``article_order``), counts summed."""
    genres: Counter[str] = Counter(a.genre or "unknown" for a in articles)
    voices: Counter[str] = Counter()
    terms: Counter[str] = Counter()
    for profile in articles:
        voices.update(profile.voices)
        terms.update(str(hit["term"]) for hit in profile.loaded_terms)
    return OutletProfile(
        outlet=outlet,
        genres=dict(genres.most_common()),
        voices=dict(voices.most_common()),
        loaded_terms=dict(terms.most_common()),
        articles=articles,
    )


def outlet_order(profile: OutletProfile | dict[str, Any]) -> tuple[int, str]:
    """Outlets with the most articles first."""
    return (-len(_field(profile, "articles")), _field(profile, "outlet"))


def outlet_profiles(
    articles: list[Article],
    statements: list[Statement],
    people: list[Person] | list[dict[str, Any]],
    person_of: dict[tuple[str, str], str] | None = None,
) -> list[OutletProfile]:
    """Per outlet (articles without one share ``UNKNOWN_OUTLET``) and per article."""
    names = {_field(p, "id"): _field(p, "name") for p in people}
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article, []).append(statement)
    outlets: dict[str, list[ArticleProfile]] = {}
    for article in sorted(articles, key=article_order):
        profile = article_profile(article, by_article.get(article.id, []), names, person_of)
        outlets.setdefault(outlet_name(article), []).append(profile)
    profiles = [outlet_profile(name, members) for name, members in outlets.items()]
    return sorted(profiles, key=outlet_order)
