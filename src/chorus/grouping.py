"""Disjoint sets: the one grouping mechanism of the cross-article steps.

Statements reported by several outlets and event mentions of one event are both found as
pairs ("these two are the same") and then closed over: if a = b and b = c, one group holds
all three.
"""

from __future__ import annotations


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
