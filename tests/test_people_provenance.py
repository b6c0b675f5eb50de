"""Statement provenance, near-duplicate articles and outlet profiles on hand-written records
(each step run by the shared routine, as the DuckDB driver runs it, without a store)."""

from __future__ import annotations

import dataclasses
import json

from chorus.linking.routine import run_linkage
from chorus.linking.similarity import same_statement
from chorus.linking.steps import duplicates, outlets, provenance
from chorus.records import Article, OffsetMap, Statement
from chorus.store import record_row


def link_statements(statements, published):
    """Report rows per group (groups earliest first), as the provenance step stores them."""
    rows = [{**dataclasses.asdict(s), "published": published.get(s.article)} for s in statements]
    rows.sort(key=lambda r: (r["article"], r["start"], r["id"]))
    linkage = provenance.linkage(provenance.Settings())
    reports = provenance.reports_order(run_linkage(rows, linkage))
    groups: dict[str, list[dict]] = {}
    for report in reports:
        groups.setdefault(report["group_id"], []).append(report)
    return list(groups.values())


def near_duplicates(articles):
    rows = [{"id": a, "text": text} for a, text in sorted(articles)]
    pairs = run_linkage(rows, duplicates.linkage(duplicates.Settings()))
    return [
        (p["article"], p["other"], p["similarity"])
        for p in sorted(pairs, key=duplicates.pair_order)
    ]


def outlet_profiles(articles, statements):
    """Profiles by outlet name, from article rows with their statements listed under them."""
    rows = []
    for article in sorted(articles, key=lambda a: a.id):
        row = record_row(article, "articles")
        row["statements"] = [dataclasses.asdict(s) for s in statements if s.article == article.id]
        rows.append(row)
    out = run_linkage(rows, outlets.linkage(None))
    return {r["outlet"]: json.loads(json.dumps(r["profile"])) for r in out}


def statement(sid: str, article: str, text: str, via: str | None = None, speaker=None):
    return Statement(
        id=sid,
        article=article,
        source=article,
        start=0,
        end=len(text),
        text=text,
        kind="direct",
        via=via,
        speaker=speaker,
        speaker_id=speaker and f"id-{speaker}",
    )


QUOTE = "Our soldiers will not cross the border unless our country is attacked first"


def test_verbatim_near_verbatim_and_truncated_reports_are_one_statement():
    statements = [
        statement("s1", "late", QUOTE + ".", via="BelTA", speaker="Lukashenko"),
        statement("s2", "early", "“" + QUOTE.replace("will not", "won’t") + ",”"),
        statement("s3", "undated", "our soldiers will not cross the border unless"),
        statement("s4", "late", "The weather in the capital was cold and wet all week long."),
    ]
    published = {"early": "2023-01-02", "late": "2023-01-05", "undated": None}
    groups = link_statements(statements, published)
    linked = [g for g in groups if len(g) > 1]
    assert len(linked) == 1
    reports = linked[0]
    assert [r["article"] for r in reports] == ["early", "late", "undated"]
    assert [r["rank"] for r in reports] == [0, 1, 2]
    assert reports[1]["via"] == "BelTA"
    assert sum(len(g) for g in groups) == len(statements)
    group = provenance.statement_group(statements[:3], published)
    assert group.speaker == "Lukashenko" and group.id == reports[0]["group_id"]


def test_different_statements_on_one_topic_stay_apart():
    assert not same_statement(
        "belarus will not send troops to ukraine this year",
        "belarus will send troops to ukraine before the end of the year",
    )
    assert not same_statement("we will see", "we will see what happens next week in minsk")


def test_near_duplicates_find_syndicated_copies_only():
    body = " ".join(
        f"sentence number {i} about the border and the army reserves" for i in range(60)
    )
    copy = body.replace("number 7 ", "number seven ") + " Reporting by a wire agency."
    other = " ".join(f"a different story {i} on grain prices and harvest yields" for i in range(60))
    pairs = near_duplicates([("a", body), ("b", copy), ("c", other)])
    assert [(a, b) for a, b, _score in pairs] == [("a", "b")]
    assert pairs[0][2] > 0.8


def make_article(aid, text, outlet, genre, evidence=()):
    return Article(
        id=aid,
        source=aid,
        original=text,
        text=text,
        offsets=OffsetMap([(0, 0, len(text))]),
        outlet=outlet,
        genre=genre,
        genre_evidence=list(evidence),
    )


def test_outlet_profiles_count_voices_and_loaded_terms():
    text_a = 'The dictator spoke again. "His toady will obey," said Brandt.'
    text_b = "The minister spoke in parliament."
    articles = [
        make_article("a", text_a, "Daily Example", "opinion", ["byline says Opinion"]),
        make_article("b", text_b, None, "news"),
    ]
    quote_start = text_a.index("His")
    quoted = Statement(
        id="q",
        article="a",
        source="a",
        start=quote_start,
        end=quote_start + len("His toady will obey,"),
        text="His toady will obey,",
        kind="direct",
        speaker="Marta Brandt",  # as the people step names a resolved speaker
        speaker_id="p1",
    )
    profiles = outlet_profiles(articles, [quoted])
    daily = profiles["Daily Example"]
    assert daily["genres"] == {"opinion": 1}
    assert daily["voices"] == {"Marta Brandt": 1}
    hits = daily["articles"][0]["loaded_terms"]
    assert [(h["term"], h["in_quote"]) for h in hits] == [("dictator", False), ("toady", True)]
    assert text_a[hits[0]["start"] : hits[0]["end"]] == "dictator"
    assert daily["articles"][0]["genre_evidence"] == ["byline says Opinion"]
    assert profiles["(unknown outlet)"]["loaded_terms"] == {}


def test_a_quote_reprinted_by_many_outlets_is_one_statement():
    """More copies than the stock-phrase limit of the shingle index: identical texts are
    joined before blocking, so a wire quote reprinted everywhere is still one group."""
    copies = provenance.Settings().max_postings + 20
    statements = [statement(f"s{i}", f"a{i}", QUOTE) for i in range(copies)]
    statements.append(
        statement("t0", "a0", QUOTE.upper() + "!")
    )  # same article: no link of its own
    statements.append(statement("u0", "b0", "An unrelated remark about the harvest this year"))
    published = {f"a{i}": f"2025-01-{1 + i % 28:02d}" for i in range(copies)}
    groups = link_statements(statements, published)
    sizes = sorted(len(g) for g in groups)
    assert sizes == [1, copies + 1]
    big = max(groups, key=len)
    assert big[0]["published"] == "2025-01-01"


def test_two_statements_of_one_article_are_not_linked_on_their_own():
    statements = [statement("s1", "a1", QUOTE), statement("s2", "a1", QUOTE)]
    assert sorted(len(g) for g in link_statements(statements, {})) == [1, 1]
