"""The same statement across articles, and near-duplicate (syndicated) articles.

Both are blocked so the work grows with the corpus, not with its square: statements meet
only when they share a word shingle (an inverted index that ignores very common shingles),
articles only when MinHash LSH puts them in a common bucket.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from chorus.grouping import UnionFind
from chorus.records import Statement, stable_id

#: Word n-gram size for statement blocking; short statements use their whole text.
STATEMENT_SHINGLE = 3
#: A shingle shared by more statements than this is a stock phrase, not evidence.
MAX_SHINGLE_POSTINGS = 50
#: Near-verbatim: rapidfuzz ratio of the normalised texts at least this.
SAME_TEXT_RATIO = 88.0
#: Truncation: the shorter text found inside the longer one at least this well ...
CONTAINED_RATIO = 92.0
#: ... and at least this many words long (so "we will see" links nothing).
MIN_CONTAINED_WORDS = 6


@dataclass
class StatementReport:
    """One article's report of a statement, with the relay it names."""

    statement: str
    article: str
    published: str | None
    via: str | None
    start: int
    end: int


@dataclass
class StatementGroup:
    """One statement as reported by one or more articles, earliest report first."""

    id: str
    text: str
    speaker: str | None
    speaker_id: str | None
    reports: list[StatementReport] = field(default_factory=list)


def normalise_text(text: str) -> str:
    """Lower case, ASCII quotes/dashes, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[^\w\s']", " ", text)
    text = text.replace("'", "")
    return " ".join(text.split())


def shingles(words: list[str], size: int) -> set[str]:
    """Word n-grams; a text shorter than ``size`` words is its own single shingle."""
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def same_statement(first: str, second: str) -> bool:
    """Verbatim, near-verbatim, or one a truncation of the other (normalised texts)."""
    if not first or not second:
        return False
    if first == second or fuzz.ratio(first, second) >= SAME_TEXT_RATIO:
        return True
    shorter, longer = sorted((first, second), key=len)
    if len(shorter.split()) < MIN_CONTAINED_WORDS:
        return False
    return fuzz.partial_ratio(shorter, longer) >= CONTAINED_RATIO


def published_order(published: str | None) -> tuple[int, str]:
    """Dated reports first, by date; undated last."""
    return (0, published) if published else (1, "")


def group_order(group: StatementGroup) -> tuple[tuple[int, str], str]:
    """Groups are listed by their earliest report (undated last), then id."""
    return (published_order(group.reports[0].published), group.id)


def report_order(statement: Statement, published: dict[str, str | None]) -> tuple:
    """Reports of one statement: earliest first, undated last."""
    return (published_order(published.get(statement.article)), statement.article, statement.start)


def link_statements(
    statements: list[Statement], published: dict[str, str | None]
) -> list[StatementGroup]:
    """Group statements that several articles report; every statement ends in one group
    (a statement reported once is a group of one). Reports are ordered earliest first, undated
    last; groups by their earliest report.

    Identical normalised texts are joined at once, through a dictionary (a wire quote
    reprinted by a thousand outlets costs a thousand lookups, not a million comparisons);
    only the distinct texts are blocked by shingle and compared. Two statements of one
    article are never linked to each other directly.
    """
    occurrences: dict[str, list[int]] = defaultdict(list)
    for index, statement in enumerate(statements):
        occurrences[normalise_text(statement.text)].append(index)
    distinct = list(occurrences)
    articles = [{statements[i].article for i in occurrences[text]} for text in distinct]
    union = UnionFind(len(statements))
    for number, indices in enumerate(occurrences.values()):
        if len(articles[number]) > 1:
            for index in indices[1:]:
                union.union(indices[0], index)
    postings: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(distinct):
        for shingle in shingles(text.split(), STATEMENT_SHINGLE):
            postings[shingle].append(number)
    checked: set[tuple[int, int]] = set()
    for numbers in postings.values():
        if len(numbers) > MAX_SHINGLE_POSTINGS:
            continue
        for a, b in combinations(numbers, 2):
            if (a, b) in checked or (len(articles[a] | articles[b]) < 2):
                continue
            checked.add((a, b))
            if same_statement(distinct[a], distinct[b]):
                union.union(occurrences[distinct[a]][0], occurrences[distinct[b]][0])
    groups = [
        statement_group([statements[i] for i in indices], published) for indices in union.groups()
    ]
    groups.sort(key=group_order)
    return groups


def report_rows(group: StatementGroup) -> list[dict[str, Any]]:
    """A group as rows of the ``statement_reports`` table, ranked earliest first."""
    return [
        {
            "group_id": group.id,
            "statement": report.statement,
            "article": report.article,
            "published": report.published,
            "via": report.via,
            "rank": rank,
        }
        for rank, report in enumerate(group.reports)
    ]


def statement_group(members: list[Statement], published: dict[str, str | None]) -> StatementGroup:
    """One group from its statements (in the store's order: article, start, id)."""
    ordered = sorted(members, key=lambda s: report_order(s, published))
    longest = max(ordered, key=lambda s: len(s.text))
    speakers = [s for s in ordered if s.speaker_id or s.speaker]
    speaker = speakers[0] if speakers else None
    return StatementGroup(
        id=stable_id("statement-group", *sorted(s.id for s in ordered)),
        text=longest.text,
        speaker=speaker.speaker if speaker else None,
        speaker_id=speaker.speaker_id if speaker else None,
        reports=[
            StatementReport(
                statement=s.id,
                article=s.article,
                published=published.get(s.article),
                via=s.via,
                start=s.start,
                end=s.end,
            )
            for s in ordered
        ],
    )


#: Word shingle size and permutations for article near-duplicates.
ARTICLE_SHINGLE = 5
NUM_PERM = 128


def _minhash(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    grams = shingles(normalise_text(text).split(), ARTICLE_SHINGLE)
    minhash.update_batch([gram.encode("utf-8") for gram in grams])  # vectorised
    return minhash


def article_signature(text: str) -> list[int]:
    """An article's MinHash values (what the Spark engine stores and bands)."""
    return [int(value) for value in _minhash(text).hashvalues]


def lsh_bands(threshold: float = 0.5) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH picks for ``threshold``: two articles are
    candidates when one band of their signatures is equal."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature_similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """Estimated Jaccard: the share of equal MinHash values (as ``MinHash.jaccard``)."""
    a, b = np.asarray(first), np.asarray(second)
    return float(np.count_nonzero(a == b)) / float(len(a))


def near_duplicates(
    articles: list[tuple[str, str]], threshold: float = 0.5
) -> list[tuple[str, str, float]]:
    """Pairs of near-duplicate articles (id, id, estimated Jaccard of 5-word shingles),
    found through MinHash LSH buckets; ids in each pair sorted, pairs by decreasing score."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    for article_id, text in articles:
        if article_id in hashes:
            continue
        minhash = _minhash(text)
        hashes[article_id] = minhash
        lsh.insert(article_id, minhash)
    pairs: dict[tuple[str, str], float] = {}
    for article_id, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other == article_id:
                continue
            key = (min(article_id, other), max(article_id, other))
            if key not in pairs:
                score = signature_similarity(minhash.hashvalues, hashes[other].hashvalues)
                if score >= threshold:
                    pairs[key] = round(score, 3)
    return sorted(((a, b, s) for (a, b), s in pairs.items()), key=pair_order)


def pair_order(pair: tuple[str, str, float]) -> tuple[float, str, str]:
    """Near-duplicate pairs: most similar first, then by ids."""
    return (-pair[2], pair[0], pair[1])
