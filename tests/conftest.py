"""Shared fixtures: where the shared corpora are, the spaCy pipeline, the bundled example, the
seeds and the real-news set each built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_corpora import require_shared


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (seeds, gold, PolNeAR): a test needing it fails under CI
    when it is missing and skips elsewhere."""
    require_shared("seeds")
    return require_shared()


@pytest.fixture(scope="session")
def nlp():
    from chorus.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example corpus built once (per-article and cross-article stages)."""
    from chorus.evaluation.gold import build_inputs
    from chorus.examples import example_files

    files = example_files()
    if not files:
        pytest.skip("bundled example corpus not present")
    out = tmp_path_factory.mktemp("example-db")
    build_inputs(files, out, question="Will Varnia send troops across the border?")
    return out


@pytest.fixture(scope="session")
def example_figures(example_db: Path) -> dict:
    """Every evaluation figure of the bundled example corpus (``chorus eval gold``), from the
    session's example build."""
    from chorus.evaluation.gold import read_annotated
    from chorus.evaluation.scorecard import score_annotated
    from chorus.examples import example_gold_dir

    return score_annotated(read_annotated(example_db, example_gold_dir()), example_gold_dir())


@pytest.fixture(scope="session")
def seeds_figures(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every evaluation figure of the shared seeds, built once per session."""
    from chorus.evaluation.scorecard import evaluate_folder

    out = tmp_path_factory.mktemp("seeds-db")
    return evaluate_folder(shared_dir / "seeds" / "gold", db=out, workers=1)


@pytest.fixture(scope="session")
def realnews_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-news texts (``../shared/realnews``) built as ``chorus build`` builds them,
    cross-article stage included, once per session."""
    from chorus.evaluation.gold import build_inputs
    from chorus.evaluation.news import input_texts

    out = tmp_path_factory.mktemp("realnews-db")
    summary = build_inputs(input_texts([require_shared("realnews")]), out)
    assert summary.ok, summary.errors
    return out


@pytest.fixture(scope="session")
def news_figures(realnews_db: Path) -> dict:
    """The shared scorer's figures of the session's real-news build, per story and ``ALL``
    (``chorus eval news ../shared/realnews --db DB --json``)."""
    from typer.testing import CliRunner

    from chorus.cli import app

    realnews = require_shared("realnews")
    result = CliRunner().invoke(
        app, ["eval", "news", str(realnews), "--db", str(realnews_db), "--json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
