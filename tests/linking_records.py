"""Per-article records made up to exercise every rule of the cross-article stage.

No NLP: entities, statements, forecasts and event mentions are written as the per-article
stage would store them, with the cases that make cross-article linking hard put in on
purpose: one surname shared by two people (a bare mention is ambiguous), a family name written
first and used alone, one-letter spelling
variants, lone surnames tagged as organisations, descriptions ("the Varnian minister"),
outlets spelled two ways, a quote reprinted by more articles than the shingle cap, truncated
and near-verbatim quotes, syndicated (near-duplicate) articles, and events dated at day,
month and year precision, some with summaries so alike that one word is in more than the
word cap's worth of them. Deterministic for a seed.
"""

from __future__ import annotations

import random

from chorus.attribution import article_for_text
from chorus.records import (
    ArticleResult,
    EntityMention,
    EventMention,
    Forecast,
    Statement,
    stable_id,
)

PEOPLE = [
    # (full name, roles): two Marens share a surname; Kavaleuski has a one-letter variant
    ("Ilse Maren", ["Varnian foreign minister"]),
    ("Tomas Maren", ["mayor of Osk"]),
    ("Valery Kavaleuski", ["Belarusian diplomat"]),
    ("Valery Kavaleusky", ["former diplomat"]),
    ("Jana Okafor", ["Varnian president"]),
    ("Pieter de Vries", ["analyst at the Osk Institute"]),
    ("Li Wen", ["spokesman"]),
    ("Lu Wen", []),
    ("Oren Halvorsen", ["defence secretary"]),
    ("Zhou Kaiming", ["trade envoy"]),  # family name first: articles also write "Zhou" alone
]
#: People whose family name is written first, and used alone ("Zhou said").
FAMILY_FIRST = {"Zhou Kaiming"}
ORGANISATIONS = ["Ministry of Defence", "Osk Institute", "United Nations", "Halvorsen"]
OUTLETS = ["Daily Courier", "The Daily Courier", "Osk Herald", None]
DESCRIPTIONS = ["the Varnian minister", "the Belarusian diplomat", "the Varnian leader"]

WIRE_QUOTE = (
    "We will not accept any change to the border that is imposed by force and we will say so "
    "at every table where this is discussed"
)
QUOTES = [
    "The talks are over for now and nobody should pretend otherwise in public",
    "Our troops will stay in their barracks unless the treaty is broken first by the other side",
    "I have never seen the harbour this quiet in thirty years of work",
    "There is no plan to close the airport before the end of the month",
    "The numbers do not support the claim that the convoy crossed at night",
    "We expect a decision on the sanctions within the next two weeks at most",
]
#: Forecast events (subject, act, object): a subject named two ways ("UN"), none (a pronoun),
#: a person (resolved across spellings by the people step) and nominal events (no act).
FORECAST_EVENTS = [
    ("United Nations", "send", "monitor"),
    ("UN", "send", "monitor"),
    ("", "send", "monitor"),
    ("", "sign", "treaty"),
    ("Osk Institute", "sign", "treaty"),
    ("ceasefire", "", ""),
    ("ceasefire", "", "border"),
    ("curfew", "", "harbour"),
    ("PERSON", "resign", ""),
]
SUMMARIES = [
    "officials said the border crossing at Osk closed",
    "the border crossing at Osk was closed by officials",
    "ministers met in Geneva to discuss the treaty",
    "the treaty talks in Geneva ended without agreement",
    "a convoy of trucks was seen near the harbour",
    "the airport reopened to commercial flights",
]
SENTENCES = [
    "Rain fell over the harbour for most of the morning.",
    "Traders at the market said prices had doubled since spring.",
    "The ministry did not answer questions about the convoy.",
    "Schools in the border district stayed open.",
    "A spokesman for the institute declined to comment further.",
    "Buses ran on a reduced timetable through the weekend.",
    "Local radio carried the statement in full.",
    "Fishermen said the coast guard had turned them back twice.",
]


def _article_text(rng: random.Random, number: int) -> str:
    body = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(6, 12)))
    return f"Report {number}. {body}"


def _date(rng: random.Random) -> tuple[str | None, str | None]:
    day = rng.randint(1, 28)
    return rng.choice(
        [
            (f"2026-03-{day:02d}", "day"),
            ("2026-03-14", "day"),
            ("2026-03", "month"),
            ("2026", "year"),
            ("2025", "year"),
            (None, None),
        ]
    )


def _quote(rng: random.Random, number: int) -> str:
    roll = rng.random()
    if roll < 0.3 or number < 55:  # the wire quote, reprinted beyond the shingle cap
        return WIRE_QUOTE if rng.random() < 0.8 else WIRE_QUOTE.replace("table", "meeting")
    if roll < 0.45:
        words = rng.choice(QUOTES).split()
        return " ".join(words[: rng.randint(7, len(words))])  # truncated
    if roll < 0.6:
        return f"Something only article {number} heard, said slowly number {rng.randint(0, 9)}"
    return rng.choice(QUOTES)


def make_results(count: int = 90, seed: int = 7) -> list[ArticleResult]:
    """``count`` articles' records; every tenth article is a syndicated copy of another."""
    rng = random.Random(seed)
    results = []
    texts: list[str] = []
    for number in range(count):
        if number % 10 == 9 and texts:
            text = rng.choice(texts) + f" Syndicated as copy {number}."
        else:
            text = _article_text(rng, number)
        texts.append(text)
        article = article_for_text(text, source=f"synthetic/{number:03d}.txt")
        article.outlet = rng.choice(OUTLETS)
        published = f"2026-03-{rng.randint(1, 28):02d}"
        article.published = rng.choice([published, published, published[:7], None])
        article.genre = rng.choice(["news", "opinion", None])
        results.append(_records(rng, article, number))
    return results


def _entity(article_id: str, name: str, kind: str, roles: list[str]) -> EntityMention:
    return EntityMention(
        article=article_id,
        local_id=stable_id(article_id, name),
        name=name,
        kind=kind,
        mentions=[(0, len(name), name)],
        roles=roles,
    )


def _forecast(article, statement: Statement, people: list[EntityMention], turn: int) -> Forecast:
    """A forecast read from ``statement``; every third one a holder's the statement names (a
    person of the article), its event one of ``FORECAST_EVENTS``. Chosen by ``turn`` (not by
    the random generator, so the other records stay as they were)."""
    holder = people[turn % len(people)] if people and turn % 3 == 0 else None
    subject, act, obj = FORECAST_EVENTS[turn % len(FORECAST_EVENTS)]
    subject_local_id = None
    if subject == "PERSON":
        person = people[(turn + 1) % len(people)] if people else None
        subject = person.name if person else ""
        subject_local_id = person.local_id if person else None
    return Forecast(
        id=stable_id(article.id, "forecast", str(statement.start)),
        article=article.id,
        source=article.source,
        start=statement.start,
        end=statement.end,
        text=statement.text,
        speaker=holder.name if holder else statement.speaker,
        event=" ".join(w for w in (subject, act, obj) if w) or "a decision",
        direction="yes" if turn % 4 else "no",
        hedge=None,
        probability=0.8 if turn % 4 else 0.2,
        statement=statement.id,
        voice="holder" if holder else "speaker",
        speaker_local_id=holder.local_id if holder else statement.speaker_local_id,
        event_subject=subject.lower() or None,
        event_act=act or None,
        event_object=obj or None,
        event_subject_local_id=subject_local_id,
    )


def _records(rng: random.Random, article, number: int) -> ArticleResult:
    entities: dict[str, EntityMention] = {}
    for name, roles in rng.sample(PEOPLE, rng.randint(1, 4)):
        surname = name.split()[0 if name in FAMILY_FIRST else -1]
        form = rng.choice([name, name, surname])
        kind = "organisation" if form == surname and rng.random() < 0.2 else "person"
        entity = _entity(article.id, form, kind, rng.sample(roles, len(roles)))
        if form == name and name in FAMILY_FIRST and rng.random() < 0.5:
            entity.mentions.append((len(name) + 1, len(name) + 1 + len(surname), surname))
        entities.setdefault(form, entity)
    for name in rng.sample(ORGANISATIONS, rng.randint(0, 2)):
        entities.setdefault(name, _entity(article.id, name, "organisation", []))
    if article.outlet and rng.random() < 0.5:
        entities.setdefault(article.outlet, _entity(article.id, article.outlet, "outlet", []))
    if rng.random() < 0.5:
        description = rng.choice(DESCRIPTIONS)
        entities.setdefault(description, _entity(article.id, description, "person", []))
    people = [e for e in entities.values() if e.kind == "person"]
    statements, forecasts = [], []
    for index in range(rng.randint(1, 4)):
        speaker = rng.choice(people) if people and rng.random() < 0.85 else None
        text = _quote(rng, number)
        start = 100 * index
        statement = Statement(
            id=stable_id(article.id, str(start), str(start + len(text))),
            article=article.id,
            source=article.source,
            start=start,
            end=start + len(text),
            text=text,
            kind=rng.choice(["direct", "indirect"]),
            speaker=speaker.name if speaker else None,
            speaker_local_id=speaker.local_id if speaker else None,
            via=rng.choice([None, None, "Reuters"]),
            confidence=0.5,
        )
        statements.append(statement)
        if "expect" in text or "will" in text:
            forecasts.append(_forecast(article, statement, people, number + index))
    events = []
    for index in range(rng.randint(1, 4)):
        date, precision = _date(rng)
        summary = rng.choice(SUMMARIES)
        if rng.random() < 0.3:
            summary = summary.replace("the ", "", 1)
        start = 1000 + 50 * index
        events.append(
            EventMention(
                id=stable_id(article.id, "event", str(start)),
                article=article.id,
                start=start,
                end=start + 40,
                text=summary,
                date=date,
                precision=precision,
                summary=summary.capitalize(),
                expression=date,
            )
        )
    return ArticleResult(
        article=article,
        entities=list(entities.values()),
        statements=statements,
        forecasts=forecasts,
        events=events,
    )
