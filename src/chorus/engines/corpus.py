"""The cross-article stage: runs over the stored per-article records after every build.

It resolves people across articles, links the same statement reported by several outlets,
flags near-duplicate articles, merges events, profiles outlets and answers the question asked
at build time. Every table it writes is derived from the per-article tables, so it is
rewritten whole each time and the stage is idempotent.

Each step is computed here, in one process over the database, and stored by a ``write_*``
function. ``chorus.engines.spark_link`` computes the same steps in Spark SQL over the
Parquet datasets and stores its results with the same ``write_*`` functions.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from chorus.records import Event
from chorus.store import Store

ProgressHook = Callable[[str, int, int | None], None]

STEPS = ("people", "provenance", "near-duplicates", "events", "outlets", "question")


def resolve_speakers(store: Store) -> int:
    """People across articles; entity, statement and forecast rows get their person id."""
    from chorus.people import resolve_people

    resolution = resolve_people(store.entities(), store.statements())
    pairs = [(article, local, pid) for (article, local), pid in resolution.person_of.items()]
    write_people(store, resolution.people, pairs)
    return len(resolution.people)


def write_people(store: Store, people: Iterable[Any], person_of: Sequence[tuple]) -> None:
    """Store the people and give each entity, statement and forecast its person id;
    ``person_of`` holds (article, local id, person id)."""
    store.replace_table("people", people)
    pairs = list(person_of)
    store.update_column("entities", "person_id", ("article", "local_id"), pairs)
    store.update_column("statements", "speaker_id", ("article", "speaker_local_id"), pairs)
    store.execute(
        "UPDATE forecasts SET speaker_id = s.speaker_id FROM statements s "
        "WHERE forecasts.statement = s.id"
    )
    # A speaker resolved across articles is named by its canonical corpus-wide name.
    store.execute(
        "UPDATE statements SET speaker = p.name FROM people p WHERE statements.speaker_id = p.id"
    )
    store.execute(
        "UPDATE forecasts SET speaker = p.name FROM people p WHERE forecasts.speaker_id = p.id"
    )


def link_provenance(store: Store) -> int:
    """The same statement reported by several articles becomes one group, earliest first."""
    from chorus.people import link_statements
    from chorus.people.provenance import report_rows

    published = {r["id"]: r["published"] for r in store.rows("SELECT id, published FROM articles")}
    groups = link_statements(store.statements(), published)
    write_provenance(store, [row for group in groups for row in report_rows(group)])
    return len(groups)


def write_provenance(store: Store, reports: list[dict[str, Any]]) -> None:
    """Store the statement groups (one row per report, groups in order, ranks within) and
    give each statement its group id."""
    store.replace_table("statement_reports", reports)
    membership = [(r["statement"], r["group_id"]) for r in reports]
    store.update_column("statements", "group_id", ("id",), membership)


def flag_near_duplicates(store: Store) -> int:
    from chorus.people import near_duplicates

    texts = [(r["id"], r["text"]) for r in store.rows("SELECT id, text FROM articles ORDER BY id")]
    pairs = near_duplicates(texts)
    write_near_duplicates(store, pairs)
    return len(pairs)


def write_near_duplicates(store: Store, pairs: Sequence[tuple[str, str, float]]) -> None:
    store.replace_table(
        "article_links",
        [
            {"article": a, "other": b, "similarity": s, "kind": "near-duplicate"}
            for a, b, s in pairs
        ],
    )


def merge_timeline(store: Store) -> int:
    from chorus.timeline import merge_events

    events = merge_events(store.event_mentions())
    write_events(store, events)
    return len(events)


def write_events(store: Store, events: Sequence[Event]) -> None:
    """Store the events (in timeline order); each mention gets its event."""
    store.replace_table("events", events)
    membership = [
        (report["id"], event.id) for event in events for report in event.reports if "id" in report
    ]
    store.update_column("event_mentions", "event_id", ("id",), membership)


def profile_outlets(store: Store) -> int:
    from chorus.people import outlet_profiles

    people = [dataclasses.asdict(p) for p in _people(store)]
    profiles = outlet_profiles(list(store.iter_articles()), store.statements(), people)
    write_outlets(store, [dataclasses.asdict(p) for p in profiles])
    return len(profiles)


def write_outlets(store: Store, profiles: Sequence[dict[str, Any]]) -> None:
    """Store outlet profiles (as dicts, in order: most articles first)."""
    store.replace_table(
        "outlet_profiles", [{"outlet": p["outlet"], "profile": p} for p in profiles]
    )


def _people(store: Store) -> list:
    from chorus.records import Person

    return [Person(**r) for r in store.rows("SELECT * FROM people")]


def answer_question(store: Store, question: str) -> dict:
    """Stance of every voice and outlet on ``question``, stored in ``questions``."""
    from chorus.claims import stance

    report = stance(question, store.statements(), store.forecasts(), list(store.iter_articles()))
    payload = dataclasses.asdict(report) if dataclasses.is_dataclass(report) else dict(report)
    store.execute("DELETE FROM questions WHERE question = ?", [question])
    store.execute(
        "INSERT INTO questions VALUES (?, ?, ?)",
        [
            question,
            json.dumps(payload, ensure_ascii=False, default=str),
            datetime.now(UTC),
        ],
    )
    return payload


def link_corpus(
    store: Store, question: str | None = None, progress: ProgressHook | None = None
) -> None:
    """Rebuild the cross-article tables from the per-article ones."""
    tick = progress or (lambda stage, done, total: None)
    steps: list[Callable[[], object]] = [
        lambda: resolve_speakers(store),
        lambda: link_provenance(store),
        lambda: flag_near_duplicates(store),
        lambda: merge_timeline(store),
        lambda: profile_outlets(store),
    ]
    if question:
        steps.append(lambda: answer_question(store, question))
    for done, step in enumerate(steps, 1):
        step()
        tick("cross-article", done, len(steps))
