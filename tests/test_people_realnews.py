"""Floors on the real-news development set (``../shared/realnews``), all four stories built
in one run and scored by the set's own scorer (``../shared/tools/score_news.py``).

These are development figures (the rules were written while reading these texts); a drop
below a floor fails the suite. Skipped when the shared corpus or the spaCy model is absent.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

#: Floors (figure -> least acceptable value); measured 1.0 / 1.0 / 0.99 / 1.0 when written.
FLOORS = {
    "people_precision": 0.95,
    "alias_precision": 0.93,
    "people_recall": 0.90,
    "article_date_recall": 0.80,
}
#: Ceilings: "Dimon" alone is scored as a split of a "Dixon" (the scorer's fuzzy match).
CEILINGS = {"people_split": 1, "article_date_wrong": 0}


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_news", shared / "tools" / "score_news.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from chorus.engines.corpus import link_corpus
    from chorus.engines.local import build
    from chorus.nlp import ModelNotFound, load_nlp
    from chorus.report.export import export_table
    from chorus.store import Store

    realnews = shared_dir / "realnews"
    texts = sorted(realnews.glob("*/texts/*.txt"))
    if not texts:
        pytest.skip(f"no real-news texts under {realnews}")
    try:
        load_nlp()
    except ModelNotFound:
        pytest.skip("no spaCy English model installed")
    out = tmp_path_factory.mktemp("realnews")
    summary = build(texts, out, workers=1)
    assert summary.failed == 0, summary.errors
    export = out / "export"
    with Store(out) as store:
        link_corpus(store)
        for table in ("articles", "statements", "people", "forecasts"):
            export_table(store, table, export)
    scorer = _scorer(shared_dir)
    return scorer.score(str(export), scorer.load_gold([str(realnews)]))["ALL"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_real_news_figure_stays_above_its_floor(figures: dict, name: str) -> None:
    assert figures[name] >= FLOORS[name], (name, figures[name])


@pytest.mark.parametrize("name", sorted(CEILINGS))
def test_real_news_count_stays_below_its_ceiling(figures: dict, name: str) -> None:
    assert figures[name] <= CEILINGS[name], (name, figures[name])
