"""People resolution against hand annotations: the shared seeds and the bundled example.

Reads ``/work/shared/seeds`` at run time (skipped when absent; the seeds are never copied
into the repository) and ``chorus/data/example`` when its gold files exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import chorus

SEEDS = Path("/work/shared/seeds")
EXAMPLE = Path(chorus.__file__).parent / "data" / "example"

pytestmark = pytest.mark.slow


def _corpus(folder: Path):
    if not folder.is_dir() or not list((folder / "gold").glob("*.json")):
        pytest.skip(f"no annotated corpus at {folder}")
    from chorus.nlp import ModelNotFound, load_nlp
    from chorus.people.evaluate import analyse_folder, gold_people, score

    try:
        load_nlp()
    except ModelNotFound:
        pytest.skip("no spaCy English model installed")
    entities, resolution, _texts = analyse_folder(folder)
    gold = gold_people(folder)
    return gold, resolution, score(gold, resolution, entities)


@pytest.fixture(scope="module")
def seeds():
    return _corpus(SEEDS)


@pytest.fixture(scope="module")
def example():
    return _corpus(EXAMPLE)


def test_seeds_lukashenko_is_one_person_in_every_article(seeds):
    _gold, resolution, _score = seeds
    holders = [p for p in resolution.people if "Lukashenko" in p.aliases]
    assert len(holders) == 1
    assert len(holders[0].articles) == len(list(SEEDS.glob("*.txt")))
    assert {"Lukashenka", "Aleksandr Lukashenko", "Alexander Lukashenko"} <= set(holders[0].aliases)


def test_seeds_people_match_gold_without_false_merges(seeds):
    _gold, _resolution, result = seeds
    assert result.false_merges == []
    assert result.precision >= 0.95
    assert result.recall >= 0.8


def test_seeds_every_gold_person_is_found(seeds):
    gold, resolution, _score = seeds
    aliases = {a for p in resolution.people for a in p.aliases}
    for name, gold_aliases in gold.items():
        assert gold_aliases & aliases, name


def test_example_people_match_gold_without_false_merges(example):
    _gold, _resolution, result = example
    assert result.false_merges == []
    assert result.precision >= 0.95
    assert result.recall >= 0.7
