"""The people table against hand annotations (the shared seeds and the bundled example):
every person record and every alias counts, so junk records and junk aliases lower the
figures; floors from ``floors.py``."""

from __future__ import annotations

import pytest
from floors import shortfalls

pytestmark = pytest.mark.slow


def _records(example_db, name: str) -> list[dict]:
    from chorus.store import Store

    with Store(example_db, read_only=True) as store:
        return store.rows(
            "SELECT * FROM people WHERE kind = 'person' AND list_contains(aliases, ?)", [name]
        )


def test_example_people_hold_their_floors(example_figures):
    people = example_figures["people"]
    assert people["false_merges"] == []
    assert people["junk_records"] == []
    assert shortfalls(example_figures, "example", "people.") == []


def test_example_two_people_called_danek_stay_apart(example_db):
    pavel, irina = _records(example_db, "Pavel Danek"), _records(example_db, "Irina Danek")
    assert len(pavel) == 1 and len(irina) == 1
    assert pavel[0]["id"] != irina[0]["id"]


def test_example_bremov_is_one_person_in_every_article(example_db):
    (bremov,) = _records(example_db, "Aleksandr Bremov")
    assert len(bremov["articles"]) == 10
    assert {"Alexander Bremov", "Bremov"} <= set(bremov["aliases"])


def test_seeds_people_hold_their_floors(seeds_figures):
    assert seeds_figures["people"]["false_merges"] == []
    assert seeds_figures["people"]["gold_people"] == 14
    assert seeds_figures["people"]["people_split"] == 0  # one record per person
    assert shortfalls(seeds_figures, "seeds", "people.") == []
