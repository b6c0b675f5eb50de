"""Events: the reports of one dated event merged across articles.

A mention is keyed by its date at its own precision and its lower-cased summary (identical
reports are joined at once; undated mentions stay events of their own). The distinct reports
are listed under (date, word) for each word of their summary and look for candidates at
their own date and every coarser one ("2016" holds "2016-11-08"); a word carried by more than
``max_word_postings`` summaries of one date is too common to pair them on. Two reports are
the same event when the timeline stage's ``similar_summaries`` says so. Writes ``events`` (in
timeline order) and each mention's ``event_id``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chorus.linking.routine import run_linkage
from chorus.linking.step import Blocking, Linkage, Outputs, Row, Source, Step
from chorus.records import Event, EventMention
from chorus.store import record_from_row
from chorus.timeline.events import (
    coarser_keys,
    date_key,
    event_from_mentions,
    event_order,
    similar_summaries,
    summary_words,
)

if TYPE_CHECKING:
    from chorus.store import Store

#: Separates the date from the summary in a report's key, and a block's parts.
SEP = "\x1f"


@dataclass(frozen=True)
class Settings:
    max_word_postings: int = 100  # a word in more summaries of one date pairs nothing


def report_key(row: Row) -> str | None:
    """A mention's date at its precision and its lower-cased summary; None when undated."""
    key = date_key(record_from_row(EventMention, row))
    return SEP.join((key, row["summary"].lower())) if key else None


def _own_blocks(key: str) -> set[str]:
    date, summary = key.split(SEP, 1)
    return {SEP.join((date, word)) for word in summary_words(summary)}


def _coarser_blocks(key: str) -> set[str]:
    date, summary = key.split(SEP, 1)
    words = summary_words(summary)
    return {SEP.join((coarser, word)) for coarser in coarser_keys(date) for word in words}


def _same_event(first: str, second: str) -> bool:
    return similar_summaries(first.split(SEP, 1)[1], second.split(SEP, 1)[1])


def _event(rows: list[Row]) -> list[Row]:
    event = event_from_mentions([record_from_row(EventMention, row) for row in rows])
    return [dict(vars(event))]  # its reports as they are (a deep copy costs more than the merge)


def linkage(settings: Settings) -> Linkage:
    return Linkage(
        source=Source("event_mentions", order=("article", "start", "id")),
        key=report_key,
        blocking=Blocking(
            postings=_own_blocks,
            probes=_coarser_blocks,
            cap=settings.max_word_postings,
            compare=_same_event,
        ),
        groups=_event,
    )


def merge_events(mentions: list[EventMention], settings: Settings | None = None) -> list[Event]:
    """The events of ``mentions`` (in the store's order: article, start, id), in timeline
    order: the step on records, without a store."""
    rows = [dataclasses.asdict(mention) for mention in mentions]
    events = [Event(**row) for row in run_linkage(rows, linkage(settings or Settings()))]
    return sorted(events, key=event_order)


def write(store: Store, outputs: Outputs) -> None:
    """Store the events (in timeline order); each mention gets its event."""
    events = sorted((Event(**row) for row in outputs["events"]), key=event_order)
    store.replace_table("events", events)
    membership = [
        (report["id"], event.id) for event in events for report in event.reports if "id" in report
    ]
    store.update_column("event_mentions", "event_id", ("id",), membership)


STEP = Step(
    name="events",
    writes=("events",),
    settings=Settings(),
    linkage=linkage,
    store=write,
)
