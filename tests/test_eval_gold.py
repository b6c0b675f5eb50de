"""``chorus eval gold``: any input format, every stage scored, failures surfaced."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from floors import shortfalls
from typer.testing import CliRunner

from chorus.cli import app
from chorus.examples import example_dir

pytestmark = pytest.mark.slow

SECTIONS = {"attribution", "forecasts", "events", "people", "articles"}


def _annotated_copy(folder: Path, stems: list[str]) -> Path:
    """A folder with some example articles and their gold (in their own formats)."""
    (folder / "gold").mkdir(parents=True)
    for path in example_dir().iterdir():
        if path.stem in stems and path.is_file():
            shutil.copy(path, folder / path.name)
    for stem in stems:
        shutil.copy(example_dir() / "gold" / f"{stem}.json", folder / "gold" / f"{stem}.json")
    return folder


def test_eval_gold_reads_html_and_json_lines(tmp_path: Path):
    folder = _annotated_copy(tmp_path / "corpus", ["07_kestrian_herald", "09_varno_independent"])
    db = tmp_path / "db"
    result = CliRunner().invoke(
        app, ["eval", "gold", str(folder / "gold"), "--db", str(db), "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == 2 and figures["failed"] == []
    assert set(figures) >= SECTIONS
    assert figures["attribution"]["all"]["gold"] > 0
    assert figures["attribution"]["all"]["found"] > 0
    assert (db / "chorus.duckdb").exists()  # --db keeps the build


def test_eval_gold_fails_when_an_input_fails(tmp_path: Path):
    folder = _annotated_copy(tmp_path / "corpus", ["09_varno_independent"])
    (folder / "gold" / "99_missing.json").write_text("{}", encoding="utf-8")
    (folder / "98_empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "gold" / "98_empty.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "gold", str(folder / "gold"), "--workers", "1"])
    assert result.exit_code == 1
    assert "failed" in result.stdout and "99_missing" in result.stdout
    assert "98_empty" in result.stdout


def test_example_metadata_holds_its_floors(example_figures):
    assert example_figures["failed"] == []
    assert example_figures["documents"] == 10
    assert shortfalls(example_figures, "example", "articles.") == []


def test_seeds_metadata_holds_its_floors(seeds_figures):
    assert seeds_figures["failed"] == []
    assert shortfalls(seeds_figures, "seeds", "articles.") == []
