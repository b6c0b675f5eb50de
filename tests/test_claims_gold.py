"""Forecasts and dated events against the hand annotations (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus.claims.evaluate import evaluate_gold

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "chorus" / "data" / "example"


@pytest.fixture(scope="module")
def seeds_figures(shared_dir):
    seeds = shared_dir / "seeds"
    if not (seeds / "gold").is_dir():
        pytest.skip("seeds gold not present")
    return evaluate_gold(seeds / "gold", seeds)


@pytest.mark.slow
def test_seeds_forecast_recall_with_speaker_and_direction(seeds_figures):
    assert seeds_figures["gold_forecasts"] >= 40
    assert seeds_figures["forecast_recall_direction"] >= 0.9
    assert seeds_figures["forecast_recall_speaker_direction"] >= 0.8


@pytest.mark.slow
def test_seeds_every_dated_event_gets_its_date(seeds_figures):
    assert seeds_figures["gold_dated_events"] >= 5
    assert seeds_figures["event_date_accuracy"] == 1.0


@pytest.mark.slow
def test_bundled_example_corpus():
    if not (EXAMPLE / "gold").is_dir() or not list((EXAMPLE / "gold").glob("*.json")):
        pytest.skip("bundled example corpus not present")
    figures = evaluate_gold(EXAMPLE / "gold", EXAMPLE)
    assert figures["gold_forecasts"] > 0
    assert figures["forecast_recall_direction"] >= 0.6
    assert figures["event_date_accuracy"] >= 0.7
