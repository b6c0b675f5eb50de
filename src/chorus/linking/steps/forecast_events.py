"""Forecast events: the forecasts of one event grouped across voices and articles.

A forecast is keyed by its event's parts (who, the act, what it acts on; identical ones
are joined at once); the distinct events are listed by act (a nominal event by its head)
and two are one event when ``chorus.claims.groups.same_event`` says so: the same act and
subject (one person id from the people step, or one name written two ways: "EU" and
"European Union", "Fed" and "Federal Reserve") with compatible objects. An act carried by
more than ``max_postings`` distinct events pairs none of them. Writes ``forecast_events``
(most forecasts first) and each forecast's ``event_group`` (its group's id; none for a
forecast whose event says too little to group).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chorus.claims import groups
from chorus.linking.step import Blocking, Linkage, Outputs, Row, Source, Step

if TYPE_CHECKING:
    from chorus.store import Store

COLUMNS = (
    "id",
    "article",
    "start",
    "event",
    "direction",
    "speaker",
    "speaker_mention",
    "voice",
    "event_subject",
    "event_subject_id",
    "event_act",
    "event_object",
)


@dataclass(frozen=True)
class Settings:
    max_postings: int = 200  # an act shared by more distinct events pairs none of them


def _key(row: Row) -> str | None:
    sig = groups.signature(row)
    return groups.identity(sig) if sig is not None else None


def _value(row: Row) -> dict:
    sig = groups.signature(row)
    assert sig is not None  # the routine asks only rows with a key
    return sig


def _group(rows: list[Row]) -> list[Row]:
    """One event: its members in source order, the most used label, who forecast it."""
    first_key = _key(rows[0])
    if first_key is None:
        return []  # an event too vague to group
    labels = Counter(r["event"] for r in rows)
    voices = [r["speaker"] or r["speaker_mention"] or r["voice"] for r in rows]
    return [
        {
            "id": groups.group_id(first_key),
            "event": max(labels, key=lambda label: (labels[label], -len(label))),
            "forecasts": [r["id"] for r in rows],
            "articles": sorted({r["article"] for r in rows}),
            "voices": sorted({v for v in voices if v}),
            "directions": dict(sorted(Counter(r["direction"] for r in rows).items())),
        }
    ]


def linkage(settings: Settings) -> Linkage:
    return Linkage(
        source=Source("forecasts", order=("article", "start", "id"), columns=COLUMNS),
        key=_key,
        value=_value,
        blocking=Blocking(
            postings=groups.blocks, compare=groups.same_event, cap=settings.max_postings
        ),
        groups=_group,
    )


def event_order(row: Row) -> tuple[int, str]:
    """Most forecasts first, then by id."""
    return (-len(row["forecasts"]), row["id"])


def write(store: Store, outputs: Outputs) -> None:
    """Store the forecast events; each forecast gets its event's id as ``event_group``."""
    rows = sorted(outputs["forecast_events"], key=event_order)
    store.replace_table("forecast_events", rows)
    membership = [(forecast, row["id"]) for row in rows for forecast in row["forecasts"]]
    store.update_column("forecasts", "event_group", ("id",), membership)


STEP = Step(
    name="forecast-events",
    writes=("forecast_events",),
    settings=Settings(),
    linkage=linkage,
    store=write,
    after=("people",),  # subjects by their person ids
)
