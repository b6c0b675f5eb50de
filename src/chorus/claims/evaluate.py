"""Scoring forecasts and dated events against hand annotations (seeds gold format).

``evaluate_gold(gold_dir, texts_dir)`` runs clean -> parse -> people -> attribution ->
forecasts/events on every ``<stem>.txt`` that has a ``gold/<stem>.json`` and returns:

- forecast recall: a gold forecast counts when the predicted forecast overlapping its text
  most has the gold direction (``recall_direction``) and also the gold speaker
  (``recall_speaker_direction``). Speakers match on a shared name word or fuzzy ratio >= 85;
  a gold speaker of null matches a predicted null or "author" (nobody is named).
- event date accuracy: of the gold events with a date, the share for which an event mention
  overlapping the gold text carries that date at the gold precision (``YYYY-MM-DD`` day,
  ``YYYY-MM`` month, ``YYYY`` year).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from chorus.records import EventMention, Forecast, RawDocument


def _precision_of(date: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "day")


def _locate(original: str, text: str) -> tuple[int, int] | None:
    start = original.find(text)
    return (start, start + len(text)) if start >= 0 else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def speaker_matches(gold: str | None, predicted: str | None) -> bool:
    """Same voice: both unnamed, or the names share a word / are close spellings."""
    if gold is None or gold == "author":
        return predicted in (None, "author")  # the article's own forecast has no speaker
    if predicted in (None, "author"):
        return False
    gold_words = {w.lower().strip(".,") for w in gold.split() if len(w) > 2}
    pred_words = {w.lower().strip(".,") for w in predicted.split() if len(w) > 2}
    if gold_words & pred_words:
        return True
    return any(fuzz.ratio(g, p) >= 85 for g in gold_words for p in pred_words)


def _best(
    span: tuple[int, int], items: list[Forecast] | list[EventMention]
) -> Forecast | EventMention | None:
    best, best_score = None, 0.0
    for item in items:
        inter = _overlap(span, (item.start, item.end))
        if inter <= 0:
            continue
        union = max(span[1], item.end) - min(span[0], item.start)
        score = inter / union
        if score > best_score:
            best, best_score = item, score
    return best


def analyse_text(path: Path) -> tuple[Any, list[Forecast], list[EventMention], list]:
    """Run the per-article stages on one raw text file."""
    from chorus.attribution import attribute
    from chorus.claims import extract_forecasts
    from chorus.clean import clean_document
    from chorus.nlp import load_nlp
    from chorus.people import extract_entities
    from chorus.timeline import extract_events

    if path.suffix == ".txt":
        raw = RawDocument(source=str(path), text=path.read_text(encoding="utf-8"), format="text")
    else:  # HTML pages, JSON lines exports: read as the ingest stage reads them
        from chorus.ingest import read_inputs

        raw = next(r for r in read_inputs([path]) if isinstance(r, RawDocument))
    article = clean_document(raw)
    doc = load_nlp()(article.text)
    entities = extract_entities(doc, article)
    statements = attribute(doc, article, entities)
    forecasts = extract_forecasts(doc, article, statements, entities)
    events = extract_events(doc, article, statements)
    return article, forecasts, events, statements


def evaluate_gold(gold_dir: str | Path, texts_dir: str | Path) -> dict[str, Any]:
    """Forecast recall (direction; speaker and direction) and gold event date accuracy."""
    gold_dir, texts_dir = Path(gold_dir), Path(texts_dir)
    totals = {"forecasts": 0, "direction": 0, "speaker_direction": 0, "predicted": 0}
    dated = {"events": 0, "correct": 0}
    misses: list[dict[str, Any]] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        candidates = [
            p for p in sorted(texts_dir.glob(gold_path.stem + ".*")) if p.suffix != ".json"
        ]
        if not candidates:
            continue
        text_path = candidates[0]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article, forecasts, events, _ = analyse_text(text_path)
        totals["predicted"] += len(forecasts)
        for item in gold.get("forecasts", []):
            span = _locate(article.original, item["text"])
            if span is None:
                continue
            totals["forecasts"] += 1
            found = _best(span, forecasts)
            direction_ok = found is not None and found.direction == item["direction"]
            speaker_ok = found is not None and speaker_matches(item["speaker"], found.speaker)
            totals["direction"] += direction_ok
            totals["speaker_direction"] += direction_ok and speaker_ok
            if not (direction_ok and speaker_ok):
                misses.append(
                    {
                        "file": gold_path.stem,
                        "kind": "forecast",
                        "text": item["text"],
                        "gold": [item["speaker"], item["direction"]],
                        "found": [found.speaker, found.direction, found.probability]
                        if found
                        else None,
                    }
                )
        for item in gold.get("events", []):
            if not item.get("date"):
                continue
            span = _locate(article.original, item["text"])
            if span is None:
                continue
            dated["events"] += 1
            overlapping = [e for e in events if _overlap(span, (e.start, e.end)) > 0]
            ok = any(
                e.date == item["date"] and e.precision == _precision_of(item["date"])
                for e in overlapping
            )
            dated["correct"] += ok
            if not ok:
                misses.append(
                    {
                        "file": gold_path.stem,
                        "kind": "event",
                        "text": item["text"],
                        "gold": item["date"],
                        "found": [(e.date, e.precision, e.expression) for e in overlapping],
                    }
                )
    n = totals["forecasts"] or 1
    return {
        "gold_forecasts": totals["forecasts"],
        "predicted_forecasts": totals["predicted"],
        "forecast_recall_direction": round(totals["direction"] / n, 3),
        "forecast_recall_speaker_direction": round(totals["speaker_direction"] / n, 3),
        "gold_dated_events": dated["events"],
        "event_date_accuracy": round(dated["correct"] / (dated["events"] or 1), 3),
        "misses": misses,
    }
