"""Figures derived from the whole build, computed once when the build (or an outcome) changes.

Each forecaster's Brier score needs every forecast matched against every recorded outcome: done
here, by the report step of ``chorus build`` and by ``chorus resolve``, and stored in the
``forecaster_scores`` table, so the dossier and every page of the web UI only read it.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import duckdb

from chorus.report.queries import forecasts, outcomes
from chorus.report.records import ForecastView, ScoreView
from chorus.store import Store

SCORES_TABLE = "forecaster_scores"


def refresh_figures(store: Store) -> int:
    """Recompute the derived tables from the current build; returns the forecasters scored."""
    from chorus.claims import brier_scores

    recorded = outcomes(store)
    scored = []
    if recorded:
        views = forecasts(store)
        rows = [dataclasses.asdict(f) for f in views]
        keys = {f.id: f.speaker_key for f in views}
        for score in brier_scores(rows, {o.event: (o.outcome, o.date) for o in recorded}):
            items = [dataclasses.asdict(item) for item in score.forecasts]
            key = next((keys[i["forecast"]] for i in items if keys.get(i["forecast"])), None)
            scored.append((score.speaker, key, score.brier, score.count, json.dumps(items)))
    stamp = datetime.now(UTC).replace(tzinfo=None)
    store.execute("BEGIN TRANSACTION")
    try:
        store.execute(f"DELETE FROM {SCORES_TABLE}")
        for row in scored:
            store.execute(f"INSERT INTO {SCORES_TABLE} VALUES (?, ?, ?, ?, ?, ?)", [*row, stamp])
        store.execute("COMMIT")
    except BaseException:
        store.execute("ROLLBACK")
        raise
    return len(scored)


def forecaster_scores(store: Store) -> list[ScoreView]:
    """The stored Brier scores, best first, each with the forecasts it was computed from."""
    try:
        rows = store.rows(f"SELECT * FROM {SCORES_TABLE} ORDER BY brier, count DESC, speaker")
    except duckdb.CatalogException:  # a database from before the table existed
        return []
    if not rows:
        return []
    views: dict[str, ForecastView] = {f.id: f for f in forecasts(store)}
    result = []
    for r in rows:
        items = json.loads(r["forecasts"]) if isinstance(r["forecasts"], str) else r["forecasts"]
        scored = [
            (views[i["forecast"]], i["outcome"], float(i["brier"]))
            for i in items or []
            if i.get("forecast") in views
        ]
        result.append(ScoreView(r["speaker"], r["speaker_id"], float(r["brier"]), scored))
    return result
