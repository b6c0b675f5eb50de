"""Forecasts and dated events of an annotated build against the gold (seeds format).

Both are matched one-to-one (``chorus.evaluation.matching``): a predicted forecast or event
mention is credited for at most one gold item, by the content rule (spans overlap by half the
shorter one; the prediction holds 60% of the gold's words and is at most about three times as
long). A document whose gold has no ``forecasts`` (or ``events``) list is not scored for them.

- Forecasts: recall with the gold direction, and with the gold speaker too; precision is the
  share of predicted forecasts that match a gold forecast (with its direction, and speaker).
  Speakers follow the evaluation name rules (a different given name is a different person); a
  gold speaker of null or "author" wants a prediction that names nobody (null or "author").
- Events: a gold event with a date is found when its matched mention carries that date at the
  gold precision (``YYYY-MM-DD`` day, ``YYYY-MM`` month, ``YYYY`` year); a gold event whose date
  the text does not pin (null) is wrong when its mention carries one. Precision is over every
  predicted mention that carries a date (the gold lists the articles' events, so a dated
  mention no gold event matches counts against it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chorus.evaluation.gold import AnnotatedDoc
from chorus.evaluation.matching import Tally, one_to_one, ratio
from chorus.evaluation.names import same_name
from chorus.records import EventMention, Forecast

NOBODY = (None, "author")
PRECISION_OF_LENGTH = {10: "day", 7: "month", 4: "year"}


def speaker_matches(gold: str | None, predicted: str | None, aliases: tuple[str, ...] = ()) -> bool:
    """Same voice: both name nobody (null or "author"), or the predicted name names the gold
    person (spelling variants yes, a different given name no)."""
    if gold in NOBODY or predicted in NOBODY:
        return gold in NOBODY and predicted in NOBODY
    return same_name(predicted, gold, aliases)


def _aliases(doc: AnnotatedDoc, name: str | None) -> tuple[str, ...]:
    people = doc.gold.get("people", [])
    return tuple(a for p in people if p["name"] == name for a in p.get("aliases", []))


def score_forecasts(docs: list[AnnotatedDoc]) -> dict[str, Any]:
    """Forecast recall and precision: found, with direction, with speaker and direction."""
    found, direction, both = Tally(), Tally(), Tally()
    misses: list[dict[str, Any]] = []
    for doc in (d for d in docs if "forecasts" in d.gold):
        gold = doc.located(doc.gold.get("forecasts", []), "text")
        matched = one_to_one(doc.forecasts, gold, doc.content_score("text"))
        for tally in (found, direction, both):
            tally.gold += len(gold)
            tally.predicted += len(doc.forecasts)
        for g, (item, _span) in enumerate(gold):
            predicted = doc.forecasts[matched[g]] if g in matched else None
            same_direction = predicted is not None and predicted.direction == item["direction"]
            speaker = predicted is not None and speaker_matches(
                item["speaker"], predicted.speaker, _aliases(doc, item["speaker"])
            )
            found.add(Tally(found=predicted is not None, right=predicted is not None))
            direction.add(Tally(found=same_direction, right=same_direction))
            both.add(Tally(found=same_direction and speaker, right=same_direction and speaker))
            if not (same_direction and speaker):
                misses.append(_forecast_miss(doc, item, predicted))
    return {
        "gold_forecasts": found.gold,
        "predicted_forecasts": found.predicted,
        "forecast_recall_found": ratio(found.found, found.gold),
        "forecast_recall_direction": ratio(direction.found, direction.gold),
        "forecast_recall_speaker_direction": ratio(both.found, both.gold),
        "forecast_precision": ratio(found.right, found.predicted),
        "forecast_precision_direction": ratio(direction.right, direction.predicted),
        "forecast_precision_speaker_direction": ratio(both.right, both.predicted),
        "misses": misses,
    }


def _forecast_miss(doc: AnnotatedDoc, item: dict, predicted: Forecast | None) -> dict[str, Any]:
    return {
        "file": doc.name,
        "kind": "forecast",
        "text": item["text"],
        "gold": [item["speaker"], item["direction"]],
        "found": [predicted.speaker, predicted.direction, predicted.probability]
        if predicted
        else None,
    }


def _right_date(mention: EventMention, gold_date: str | None) -> bool:
    if gold_date is None:
        return mention.date is None
    return mention.date == gold_date and mention.precision == PRECISION_OF_LENGTH.get(
        len(gold_date), "day"
    )


def score_events(docs: list[AnnotatedDoc]) -> dict[str, Any]:
    """Dated events: gold dates found on the matched mention; precision of dated mentions."""
    dates = Tally()
    misses: list[dict[str, Any]] = []
    for doc in (d for d in docs if "events" in d.gold):
        gold = doc.located(doc.gold.get("events", []), "text")
        matched = one_to_one(doc.events, gold, doc.content_score("text"))
        dated = [e for e in doc.events if e.date]
        dates.predicted += len(dated)
        for g, (item, _span) in enumerate(gold):
            mention = doc.events[matched[g]] if g in matched else None
            dates.gold += item.get("date") is not None
            right = mention is not None and _right_date(mention, item.get("date"))
            if item.get("date") is not None:
                dates.found += right
            if mention is not None and mention.date:
                dates.right += right
            if not right and (item.get("date") or (mention and mention.date)):
                misses.append(
                    {
                        "file": doc.name,
                        "kind": "event",
                        "text": item["text"],
                        "gold": item.get("date"),
                        "found": [mention.date, mention.precision, mention.expression]
                        if mention
                        else None,
                    }
                )
    return {
        "gold_dated_events": dates.gold,
        "predicted_dated_mentions": dates.predicted,
        "event_date_recall": ratio(dates.found, dates.gold),
        "event_date_precision": ratio(dates.right, dates.predicted),
        "misses": misses,
    }


def evaluate_gold(
    gold_dir: str | Path, texts_dir: str | Path | None = None, db: str | Path | None = None
) -> dict[str, Any]:
    """Build an annotated folder and score its forecasts and events (``chorus eval gold``)."""
    from chorus.evaluation.gold import annotated_build

    docs = annotated_build(gold_dir, texts_dir, db).docs
    forecasts, events = score_forecasts(docs), score_events(docs)
    return {**forecasts, **events, "misses": forecasts["misses"] + events["misses"]}
