"""Outlet profiles: genre with its evidence, whom each outlet quotes, and its loaded language.

Each article is profiled on its own (its genre, the voices of its statements, loaded terms
in its body), then the articles of one outlet are summed (the outlet is the key; articles
without one share ``UNKNOWN_OUTLET``). Loaded terms come from ``loaded_terms.txt``
(term<TAB>category); a hit inside a reported statement is flagged ``in_quote`` so the
outlet's own wording and the words it quotes stay apart. Writes ``outlet_profiles`` (most
articles first).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from chorus.lexicons import table
from chorus.linking.step import Linkage, Outputs, Row, Source, Step
from chorus.records import Article, Statement
from chorus.store import article_from_row, record_from_row

if TYPE_CHECKING:
    from chorus.store import Store

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


def outlet_name(article: Article) -> str:
    return article.outlet or UNKNOWN_OUTLET


def article_profile(article: Article, statements: list[Statement]) -> ArticleProfile:
    """One article's profile from its own statements (speakers as the people step named
    them: a resolved speaker by its person's name)."""
    voices = Counter(s.speaker or UNATTRIBUTED for s in statements)
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
    """An outlet from its articles' profiles (by date, undated last, then id), counts summed."""
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


def profiled(row: Row) -> Row:
    """An article row (its statements listed under it) as its outlet and its profile."""
    article = article_from_row(row)
    statements = [record_from_row(Statement, s) for s in row["statements"] or []]
    statements.sort(key=lambda s: (s.start, s.id))
    profile = article_profile(article, statements)
    return {
        "outlet": outlet_name(article),
        "published": article.published or "~",  # undated last
        "article": article.id,
        "profile": json.dumps(dataclasses.asdict(profile), ensure_ascii=False),
    }


def outlet_rows(rows: list[Row]) -> list[Row]:
    """One outlet's row from its articles' profiles."""
    rows = sorted(rows, key=lambda r: (r["published"], r["article"]))
    articles = [ArticleProfile(**json.loads(r["profile"])) for r in rows]
    profile = outlet_profile(rows[0]["outlet"], articles)
    return [{"outlet": profile.outlet, "profile": dataclasses.asdict(profile)}]


def linkage(_settings: None) -> Linkage:
    return Linkage(
        source=Source("articles", order=("id",), listed="statements"),
        prepare=profiled,
        key=lambda row: row["outlet"],
        groups=outlet_rows,
    )


def outlet_order(row: Row) -> tuple[int, str]:
    """Outlets with the most articles first."""
    return (-len(row["profile"]["articles"]), row["outlet"])


def write(store: Store, outputs: Outputs) -> None:
    store.replace_table("outlet_profiles", sorted(outputs["outlet_profiles"], key=outlet_order))


STEP = Step(
    name="outlets",
    writes=("outlet_profiles",),
    linkage=linkage,
    store=write,
    after=("people",),  # voices are the speakers as people resolution named them
)
