"""The cross-article stage's machinery: the registry of steps, the shared routine, settings.

The steps' results are checked elsewhere (``test_people_provenance``, ``test_timeline_dates``,
``test_people_resolve``) and the two drivers against each other in ``test_spark_link``.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from chorus.engines.corpus import link_corpus, stage_settings
from chorus.linking.registry import STEPS, in_order
from chorus.linking.routine import candidate_pairs, link, run_linkage
from chorus.linking.step import Blocking, Linkage, Source, Step, chosen_settings
from chorus.linking.steps import events, provenance, question
from chorus.store.schema import CROSS_ARTICLE_TABLES, TABLES


def _step(name: str, after: tuple[str, ...] = (), writes: tuple[str, ...] = ("people",)) -> Step:
    return Step(name=name, writes=writes, local=lambda store, s: {}, store=print, after=after)


def test_every_step_writes_declared_tables_and_every_derived_table_has_one_step():
    written = [table for step in STEPS for table in step.writes]
    assert set(written) <= set(TABLES)
    assert sorted(t for t in written if t in CROSS_ARTICLE_TABLES) == sorted(CROSS_ARTICLE_TABLES)
    assert len(written) == len(set(written)), "a table written by two steps"


def test_steps_run_after_the_steps_they_read():
    names = [step.name for step in STEPS]
    assert {"people", "provenance", "near-duplicates", "events", "outlets", "question"} <= set(
        names
    )
    for step in STEPS:
        for earlier in step.after:
            assert names.index(earlier) < names.index(step.name), (earlier, step.name)


def test_order_is_by_name_with_dependencies_first():
    found = [_step("c"), _step("a", after=("d",)), _step("d"), _step("b")]
    assert [s.name for s in in_order(found)] == ["b", "c", "d", "a"]
    with pytest.raises(ValueError, match="unknown"):
        in_order([_step("a", after=("missing",))])
    with pytest.raises(ValueError, match="wait for each other"):
        in_order([_step("a", after=("b",)), _step("b", after=("a",))])
    with pytest.raises(ValueError, match="two cross-article steps"):
        in_order([_step("a"), _step("a")])
    with pytest.raises(ValueError, match="undeclared"):
        in_order([_step("a", writes=("no_such_table",))])


def test_a_step_is_a_linkage_or_its_own_computation():
    with pytest.raises(ValueError):
        Step(name="x", writes=("people",), store=print)
    with pytest.raises(ValueError):
        Linkage(source=Source("statements", ("id",)), key=lambda r: r["id"])


def test_settings_by_step_name():
    chosen = stage_settings({"provenance": provenance.Settings(max_postings=4)}, "Will it?")
    assert chosen["provenance"].max_postings == 4
    assert chosen["events"] == events.Settings()
    assert chosen["question"] == question.Settings(question="Will it?")
    assert stage_settings()["question"] == question.Settings()  # not asked: the step is off
    with pytest.raises(ValueError, match="no cross-article step"):
        chosen_settings(STEPS, {"provenence": provenance.Settings()})
    with pytest.raises(ValueError, match="no cross-article step"):
        link_corpus(None, settings={"nope": None})  # type: ignore[arg-type]


def _brute_force(listed, probed, cap):
    """Every pair of keys sharing a block one lists and the other looks in, under the cap."""
    sizes: dict[str, int] = {}
    for blocks in listed:
        for block in blocks:
            sizes[block] = sizes.get(block, 0) + 1
    pairs = set()
    for a in range(len(listed)):
        for b in range(a + 1, len(listed)):
            shared = (probed[a] & listed[b]) | (probed[b] & listed[a])
            if any(cap is None or sizes[block] <= cap for block in shared):
                pairs.add((a, b))
    return pairs


@pytest.mark.parametrize("cap", [None, 4])
@pytest.mark.parametrize("symmetric", [True, False])
def test_candidate_pairs_are_every_pair_sharing_a_usable_block_once(cap, symmetric):
    """Random blocks to be listed under and to look in, and a cap: the routine's pairs are
    exactly those of the definition, each once, earlier first."""
    rng = random.Random(5)
    blocks = [f"b{i}" for i in range(30)]
    listed = [set(rng.sample(blocks, rng.randint(0, 3))) for _ in range(50)]
    probed = listed if symmetric else [set(rng.sample(blocks, rng.randint(0, 4))) for _ in listed]
    blocking = Blocking(
        postings=lambda i: listed[i],
        probes=None if symmetric else (lambda i: probed[i]),
        cap=cap,
        compare=int.__eq__,
    )
    got = list(candidate_pairs(range(len(listed)), blocking))
    assert len(got) == len(set(got)), "a pair compared twice"
    assert all(a < b for a, b in got)
    assert set(got) == _brute_force(listed, probed, cap)
    assert got, "the random keys do share blocks"


def test_rows_kept_apart_link_only_across_their_column():
    """Identical texts of one article alone stay apart; reported by two articles, they join."""
    linkage = Linkage(
        source=Source("statements", ("article", "id")),
        key=lambda row: row["text"],
        apart="article",
        groups=lambda rows: [{"ids": [r["id"] for r in rows]}],
    )
    rows = [
        {"id": "1", "article": "a", "text": "same"},
        {"id": "2", "article": "a", "text": "same"},
        {"id": "3", "article": "b", "text": "other"},
        {"id": "4", "article": "c", "text": "other"},
        {"id": "5", "article": "c", "text": "other"},
    ]
    assert [g["ids"] for g in run_linkage(rows, linkage)] == [["1"], ["2"], ["3", "4", "5"]]


def test_compared_pairs_close_into_groups_and_weights_are_kept():
    """a~b and b~c link a, b and c though a and c are not alike; None keys stay alone."""
    linkage = Linkage(
        source=Source("t", ("id",)),
        key=lambda row: row["word"],
        blocking=Blocking(
            postings=lambda word: {word[0], word[-1]},
            compare=lambda x, y: 1.0 if x[0] == y[0] or x[-1] == y[-1] else None,
        ),
        groups=lambda rows: [[r["id"] for r in rows]],
    )
    words = ["ab", "cb", "cd", "xy", None, "ab"]
    rows = [{"id": i, "word": w} for i, w in enumerate(words)]
    linked = link(rows, linkage)
    assert linked.groups == [[0, 1, 2, 5], [3], [4]]
    assert linked.pairs == [("ab", "cb", 1.0), ("cb", "cd", 1.0)]


def test_merge_events_is_the_events_step_without_a_store():
    mention = {
        "article": "a1",
        "start": 0,
        "end": 5,
        "text": "x",
        "date": "2025-01-02",
        "precision": "day",
        "summary": "Dam opened",
    }
    from chorus.records import EventMention

    mentions = [
        EventMention(id="m1", **mention),
        EventMention(id="m2", **{**mention, "article": "a2", "summary": "dam opened"}),
        EventMention(id="m3", **{**mention, "article": "a3", "date": None, "precision": None}),
    ]
    merged = events.merge_events(mentions)
    assert sorted(len(e.reports) for e in merged) == [1, 2]
    assert dataclasses.asdict(merged[-1])["date"] is None  # undated last
