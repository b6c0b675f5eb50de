"""Temporal expressions, reference dates, event mentions and their merge (own texts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chorus.attribution import article_for_text
from chorus.linking.steps.events import merge_events
from chorus.records import Article, EventMention
from chorus.timeline import extract_events, find_expressions, reference_date


def _resolve(text: str, reference: date | None) -> tuple[str | None, str | None]:
    found = find_expressions(text, reference)
    assert found, text
    return found[0].date, found[0].precision


def _article(text: str, published: str | None) -> Article:
    return replace(article_for_text(text, source="t"), published=published)


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        # 2025-03-05 is a Wednesday: "on Monday" is two days before
        ("The vote was held on Monday.", date(2025, 3, 5), ("2025-03-03", "day")),
        # the same weekday as publication is that very day
        ("The vote was held on Wednesday.", date(2025, 3, 5), ("2025-03-05", "day")),
        # week boundary: on a Monday, "on Friday" is the previous week
        ("The vote was held on Friday.", date(2025, 3, 3), ("2025-02-28", "day")),
        # year boundary: published Thursday 2 January, "on Saturday" is in December
        ("They met on Saturday.", date(2025, 1, 2), ("2024-12-28", "day")),
        ("They met last Wednesday.", date(2025, 3, 5), ("2025-02-26", "day")),
        ("The referendum is planned for this fall.", date(2025, 3, 5), ("2025-09", "month")),
        ("The talks collapsed two weeks ago.", date(2025, 3, 5), ("2025-02-19", "day")),
        ("The war began in February 2022.", date(2025, 3, 5), ("2022-02", "month")),
        ("Prices rose last year.", date(2025, 3, 5), ("2024", "year")),
        ("On Tuesday, February 21, the army moved.", date(2023, 3, 30), ("2023-02-21", "day")),
        ("The river flooded on 3 January.", date(2025, 3, 5), ("2025-01-03", "day")),
        ("It survived the 2020's contested election.", None, ("2020", "year")),
        ("The decree took effect on 2024-11-05.", None, ("2024-11-05", "day")),
    ],
)
def test_resolution(text, reference, expected):
    assert _resolve(text, reference) == expected


def test_no_story_event_is_known_in_advance():
    """A date relative to a story's event ("a year of the war", "before the invasion") is
    not resolved from a built-in list of some story's dates."""
    for text in ("After nearly a year of the war, little changed.", "just before the invasion"):
        assert all(e.date is None for e in find_expressions(text, date(2025, 3, 5)))


def test_years_are_not_counts_or_bounds():
    assert find_expressions("Some 2000 troops crossed.", date(2025, 3, 5)) == []
    assert find_expressions("about 1,994 votes", None) == []
    since = find_expressions("the sharpest rise since 1994", None)
    assert [(e.date, e.relation) for e in since] == [("1994", "since")]


def test_relative_dates_stay_unresolved_without_a_reference():
    assert _resolve("The vote was held on Monday.", None) == (None, None)
    assert _resolve("The talks collapsed two weeks ago.", None) == (None, None)


def test_modal_may_is_not_a_month():
    assert find_expressions("The talks may resume.", date(2025, 3, 5)) == []


def test_reference_prefers_a_weekday_stamped_body_date_in_republished_articles():
    text = "On Tuesday, February 21, officials met.\n\nOn Monday, the council voted."
    assert reference_date(_article(text, "2023-03-30"), text) == date(2023, 2, 21)
    assert reference_date(_article(text, "2023-02-22"), text) == date(2023, 2, 22)


def test_extract_events_with_and_without_publication_date(nlp):
    text = "The mayor resigned on Monday. Officials said the bridge is safe."
    dated = extract_events(nlp(text), _article(text, "2025-03-05"), [])
    assert [(e.date, e.precision, e.expression) for e in dated] == [
        ("2025-03-03", "day", "on Monday")
    ]
    assert text[dated[0].start : dated[0].end].startswith("The mayor resigned")
    undated = extract_events(nlp(text), _article(text, None), [])
    assert [(e.date, e.precision) for e in undated] == [(None, None)]


def _mention(mid, article, date_, precision, summary):
    return EventMention(
        id=mid,
        article=article,
        start=0,
        end=5,
        text=summary,
        date=date_,
        precision=precision,
        summary=summary,
    )


def test_merge_events_same_date_similar_summary():
    mentions = [
        _mention("m1", "a1", "2025-03-03", "day", "the mayor of Selm resigned"),
        _mention("m2", "a2", "2025-03", "month", "Selm mayor resigned after the vote"),
        _mention("m3", "a3", "2025-03-03", "day", "floods closed the northern bridge"),
        _mention("m4", "a4", "2024-03-03", "day", "the mayor of Selm resigned"),
    ]
    events = merge_events(mentions)
    groups = sorted(sorted(r["id"] for r in e.reports) for e in events)
    assert groups == [["m1", "m2"], ["m3"], ["m4"]]
    merged = next(e for e in events if len(e.reports) == 2)
    assert (merged.date, merged.precision) == ("2025-03-03", "day")


def test_merge_events_blocking_finds_what_comparing_every_pair_finds():
    """The inverted index (date, word) must not lose a pair the plain all-pairs rule merges:
    random mentions over a few dates and a small vocabulary, compared with the brute force."""
    import random

    from rapidfuzz import fuzz

    from chorus.timeline.dates import PRECISION_LENGTH
    from chorus.timeline.events import MIN_SUMMARY_SIMILARITY

    rng = random.Random(3)
    letters = "bcdfghklmnprstvz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(6)) for _ in range(40)]
    dates = [("2025", "year"), ("2025-03", "month"), ("2025-03-03", "day"), ("2025-04-01", "day")]
    mentions = []
    for i in range(120):
        date_, precision = rng.choice(dates)
        summary = " ".join(rng.sample(vocabulary, rng.randint(3, 6)))
        mentions.append(_mention(f"m{i}", f"a{i % 40}", date_, precision, summary))

    parent = list(range(len(mentions)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            length = min(PRECISION_LENGTH[a.precision], PRECISION_LENGTH[b.precision])
            if (
                a.date[:length] == b.date[:length]
                and fuzz.token_set_ratio(a.summary, b.summary) >= MIN_SUMMARY_SIMILARITY
            ):
                parent[find(i)] = find(j)
    expected = {}
    for i, m in enumerate(mentions):
        expected.setdefault(find(i), set()).add(m.id)
    got = [{r["id"] for r in e.reports} for e in merge_events(mentions)]
    assert sorted(map(sorted, got)) == sorted(map(sorted, expected.values()))
    assert 1 < len(got) < len(mentions)
