"""The real-news set (``../shared/realnews``), built once per session: ``chorus eval news``
prints the shared scorer's figures, and they hold the floors of ``floors.py``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from floors import shortfalls
from shared_corpora import require_shared
from typer.testing import CliRunner

from chorus.cli import app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def realnews() -> Path:
    return require_shared("realnews")


@pytest.fixture(scope="session")
def realnews_db(realnews: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-news texts built as ``chorus build`` builds them (once per session)."""
    from chorus.engines.corpus import link_corpus
    from chorus.engines.local import build
    from chorus.evaluation.news import input_texts
    from chorus.store import Store

    out = tmp_path_factory.mktemp("realnews-db")
    summary = build(input_texts([realnews]), out, workers=1)
    assert summary.ok, summary.errors
    with Store(out) as store:
        link_corpus(store)
    return out


@pytest.fixture(scope="session")
def news_figures(realnews: Path, realnews_db: Path) -> dict:
    result = CliRunner().invoke(
        app, ["eval", "news", str(realnews), "--db", str(realnews_db), "--json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_same_figures_as_the_shared_scorer(realnews, realnews_db, news_figures, tmp_path):
    scorer = require_shared("tools", "score_news.py")
    export = tmp_path / "export"
    exported = CliRunner().invoke(
        app, ["export", "all", "--db", str(realnews_db), "--out", str(export)]
    )
    assert exported.exit_code == 0, exported.output
    tool = subprocess.run(
        [sys.executable, str(scorer), str(export), str(realnews), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert news_figures == json.loads(tool.stdout)


def test_every_story_is_scored(news_figures):
    stories = {p.name for p in require_shared("realnews").iterdir() if (p / "gold").is_dir()}
    assert set(news_figures) == stories | {"ALL"}
    assert news_figures["ALL"]["quotes"] >= 300


def test_realnews_figures_hold_their_floors(news_figures):
    assert shortfalls(news_figures["ALL"], "realnews") == []
