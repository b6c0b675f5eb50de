"""Every figure of an annotated folder in one report (``chorus eval gold``): builds the folder
as ``chorus build`` does (``evaluation.gold``) and runs each stage's scorer over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chorus.attribution.evaluate import render_quotes, score_quotes
from chorus.claims.evaluate import score_events, score_forecasts
from chorus.clean.evaluate import score_cleaning
from chorus.evaluation.gold import AnnotatedBuild, annotated_build, score_metadata
from chorus.people.evaluate import score_people


def score_annotated(built: AnnotatedBuild, data: str | Path) -> dict[str, Any]:
    """Every figure of an annotated build: attribution, forecasts, events, people, metadata,
    cleaning."""
    return {
        "format": "gold",
        "data": str(data),
        "documents": len(built.docs),
        "failed": [
            {"source": e.source, "reason": e.reason, "detail": e.detail} for e in built.errors
        ],
        "attribution": score_quotes(built.docs),
        "forecasts": score_forecasts(built.docs),
        "events": score_events(built.docs),
        "people": score_people(built.docs, built.people),
        "articles": score_metadata(built.docs),
        "cleaning": score_cleaning(built.docs),
    }


def evaluate_folder(
    gold_dir: str | Path,
    texts_dir: str | Path | None = None,
    db: str | Path | None = None,
    workers: int | None = 1,
) -> dict[str, Any]:
    """Build an annotated folder and score every stage (``chorus eval gold``)."""
    return score_annotated(annotated_build(gold_dir, texts_dir, db, workers), gold_dir)


def _figure(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _line(title: str, section: dict[str, Any], keys: tuple[str, ...]) -> str:
    return f"{title}: " + ", ".join(f"{k} {_figure(section.get(k))}" for k in keys)


def render_report(result: dict[str, Any]) -> str:
    """The figures of ``evaluate_folder`` as short text (``--json`` gives every detail)."""
    lines = [f"{result['data']}: {result['documents']} annotated documents"]
    lines += [f"failed {e['source']}: {e['reason']} ({e['detail']})" for e in result["failed"]]
    lines.append(render_quotes(result["attribution"]))
    forecasts = result["forecasts"]
    lines.append(
        _line(
            f"forecasts ({forecasts['gold_forecasts']} gold, "
            f"{forecasts['predicted_forecasts']} predicted)",
            forecasts,
            (
                "forecast_recall_direction",
                "forecast_precision_direction",
                "forecast_recall_speaker_direction",
                "forecast_precision_speaker_direction",
            ),
        )
    )
    events = result["events"]
    lines.append(
        _line(
            f"events ({events['gold_dated_events']} gold dated, "
            f"{events['predicted_dated_mentions']} dated mentions)",
            events,
            ("event_date_recall", "event_date_precision"),
        )
    )
    people = result["people"]
    lines.append(
        _line(
            f"people ({people['gold_people']} gold, {people['person_records']} person records)",
            people,
            (
                "people_precision",
                "people_recall",
                "alias_precision",
                "alias_recall",
                "people_split",
            ),
        )
    )
    lines.append(f"  false merges {people['false_merges']}; junk records {people['junk_records']}")
    for key, row in result["articles"].items():
        lines.append(_line(f"article {key}", row, ("precision", "recall")))
    cleaning = result["cleaning"]
    lines.append(
        _line(
            f"cleaning ({cleaning['gold_boilerplate']} gold residue lines, "
            f"{cleaning['gold_body_sentences']} gold body sentences)",
            cleaning,
            ("boilerplate_removed", "body_kept"),
        )
    )
    return "\n".join(lines)
