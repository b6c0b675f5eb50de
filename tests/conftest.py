"""Shared fixtures: where the shared corpora are, the spaCy pipeline, a built example database."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (seeds, gold, PolNeAR); tests needing it skip without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"shared corpora not found at {SHARED}")
    return SHARED


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
