"""Forecasts and dated events against the hand annotations: precision beside recall, floors
from ``floors.py`` (the seeds are a regression check, the example corpus a quality figure)."""

from __future__ import annotations

import pytest
from floors import shortfalls

pytestmark = pytest.mark.slow


def test_example_forecasts_and_events_hold_their_floors(example_figures):
    assert example_figures["forecasts"]["gold_forecasts"] >= 80
    assert example_figures["events"]["gold_dated_events"] >= 40
    assert shortfalls(example_figures, "example", "forecasts.") == []
    assert shortfalls(example_figures, "example", "events.") == []


def test_seeds_forecasts_and_events_hold_their_floors(seeds_figures):
    assert seeds_figures["forecasts"]["gold_forecasts"] >= 40
    assert seeds_figures["events"]["gold_dated_events"] >= 5
    assert shortfalls(seeds_figures, "seeds", "forecasts.") == []
    assert shortfalls(seeds_figures, "seeds", "events.") == []


def test_forecast_misses_name_what_was_predicted(example_figures):
    misses = example_figures["forecasts"]["misses"]
    assert misses and all(m["kind"] == "forecast" and m["text"] for m in misses)
    found = [m for m in misses if m["found"] is not None]
    assert all(len(m["found"]) == 3 for m in found)  # speaker, direction, probability
