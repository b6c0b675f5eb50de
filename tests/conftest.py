"""Shared fixtures: where the shared corpora are, the spaCy pipeline, a built example database."""

from __future__ import annotations

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
    from chorus.engines.corpus import link_corpus
    from chorus.engines.local import build
    from chorus.examples import example_files
    from chorus.store import Store

    files = example_files()
    if not files:
        pytest.skip("bundled example corpus not present")
    out = tmp_path_factory.mktemp("example-db")
    build(files, out, workers=1)
    with Store(out) as store:
        link_corpus(store, question="Will Varnia send troops across the border?")
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
