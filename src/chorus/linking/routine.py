"""The shared routine of the cross-article steps, on one machine.

Records that are "the same" (one statement reprinted by several outlets, one event reported
by several articles, syndicated copies of one article) are found as pairs and closed into
groups: exact duplicates joined at once through a dictionary, the distinct keys listed in
capped postings (blocks), each candidate pair compared once, the links closed with
union-find, and each group assembled. ``chorus.engines.spark_sql.link_frame`` is the same
routine in Spark SQL, ``chorus.linking.step.Linkage`` what a step declares of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from chorus.linking.step import Blocking, Linkage, Row


class UnionFind:
    """Union-find over the integers ``0 .. size-1`` (path halving; the smaller root wins)."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        """Every group's members in increasing order; groups by their smallest member."""
        members: dict[int, list[int]] = {}
        for item in range(len(self.parent)):
            members.setdefault(self.find(item), []).append(item)
        return list(members.values())


@dataclass
class Linked:
    """What the routine found: groups of row numbers (each in source order, groups by their
    first row) and the linked pairs of keys (earlier key, later key, weight)."""

    groups: list[list[int]] = field(default_factory=list)
    pairs: list[tuple[str, str, Any]] = field(default_factory=list)


def candidate_pairs(values: Sequence[Any], blocking: Blocking) -> Iterator[tuple[int, int]]:
    """Pairs ``(a, b)``, ``a < b``, of keys (numbered in order of first occurrence) that share
    a block one of them is listed under and the other looks in; each pair once.

    With probes of their own (a key looks where it is not listed), each key's blocks are
    kept to tell whether the other side found a pair too; without, they are computed again
    when needed rather than held for the whole corpus."""
    postings: dict[str, list[int]] = defaultdict(list)
    for number, value in enumerate(values):
        for block in set(blocking.postings(value)):
            postings[block].append(number)
    cap = blocking.cap

    def usable(block: str) -> list[int]:
        members = postings.get(block, [])
        return members if cap is None or len(members) <= cap else []

    if blocking.probes is None:
        for number, value in enumerate(values):
            candidates = {
                other for block in set(blocking.postings(value)) for other in usable(block)
            }
            yield from ((number, other) for other in sorted(candidates) if other > number)
        return
    listed = [set(blocking.postings(value)) for value in values]
    probed = [set(blocking.probes(value)) for value in values]

    def finds(first: int, second: int) -> bool:
        """Whether ``first`` finds ``second``: looks in a usable block it is listed under."""
        return any(block in probed[first] and usable(block) for block in listed[second])

    for number in range(len(values)):
        candidates = {other for block in probed[number] for other in usable(block)}
        for other in sorted(candidates):
            if other > number:
                yield number, other
            elif other < number and not finds(other, number):
                yield other, number  # found from this side only


def link(rows: Sequence[Row], linkage: Linkage) -> Linked:
    """Run the routine over ``rows`` (in source order, already prepared)."""
    members: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(rows):
        key = linkage.key(row)
        if key is not None:
            members[key].append(number)
    keys = list(members)
    firsts = [members[key][0] for key in keys]
    apart = None
    if linkage.apart is not None:
        apart = [{rows[i][linkage.apart] for i in members[key]} for key in keys]
    union = UnionFind(len(rows))
    for number, key in enumerate(keys):
        if apart is None or len(apart[number]) > 1:
            for other in members[key][1:]:
                union.union(firsts[number], other)
    values = [linkage.value(rows[i]) for i in firsts] if linkage.value else keys
    linked = Linked()
    blocking = linkage.blocking
    for a, b in candidate_pairs(values, blocking) if blocking else ():
        if apart is not None and len(apart[a] | apart[b]) < 2:
            continue
        weight = blocking.compare(values[a], values[b])  # type: ignore[union-attr]
        if weight:
            union.union(firsts[a], firsts[b])
            linked.pairs.append((keys[a], keys[b], weight))
    linked.groups = union.groups()
    return linked


def run_linkage(rows: Sequence[Row], linkage: Linkage) -> list[Row]:
    """The output rows of ``linkage`` over the source ``rows`` (in source order)."""
    if linkage.prepare is not None:
        rows = [linkage.prepare(row) for row in rows]
    linked = link(rows, linkage)
    if linkage.pairs is not None:
        return [out for a, b, weight in linked.pairs for out in linkage.pairs(a, b, weight)]
    assert linkage.groups is not None
    return [out for group in linked.groups for out in linkage.groups([rows[i] for i in group])]
