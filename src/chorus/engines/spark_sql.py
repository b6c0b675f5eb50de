"""Three Spark building blocks the distributed cross-article stage is made of.

- ``map_rows``: Python over the rows of a frame, in Arrow batches (the rows arrive as plain
  Python values, so the records' own code runs on them unchanged);
- ``grouped_map``: Python over all the rows of one key at a time (the frame is
  hash-partitioned by the key, so every row of a key meets in one task);
- ``connected_components``: the groups an edge list closes into, as Spark SQL joins (what
  ``chorus.grouping.UnionFind`` does on one machine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

Row = dict[str, Any]

#: Output rows buffered before a batch goes back to the JVM.
OUTPUT_BATCH_ROWS = 2048


def _arrow_schema(schema: StructType) -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema)


def map_rows(frame: DataFrame, function: Callable[[Row], Iterable[Row]], schema: StructType):
    """Each input row (a dict) gives zero or more output rows of ``schema``."""
    arrow_schema = _arrow_schema(schema)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            rows = [out for row in batch.to_pylist() for out in function(row)]
            yield pa.RecordBatch.from_pylist(rows, schema=arrow_schema)

    return frame.mapInArrow(run, schema)


def grouped_map(
    frame: DataFrame,
    keys: Sequence[str],
    function: Callable[[tuple, list[Row]], Iterable[Row]],
    schema: StructType,
):
    """``function(key, rows)`` once per distinct value of the ``keys`` columns, with every row
    of that key (in no particular order: the function orders them itself).

    Unlike ``applyInPandas`` the rows stay plain Python values (lists, dicts, ints), and a
    task holds one group at a time, not its whole partition.
    """
    arrow_schema = _arrow_schema(schema)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        current: tuple | None = None
        members: list[Row] = []
        out: list[Row] = []
        for batch in batches:
            for row in batch.to_pylist():
                key = tuple(row[k] for k in keys)
                if members and key != current:
                    out.extend(function(current, members))
                    members = []
                current = key
                members.append(row)
            if len(out) >= OUTPUT_BATCH_ROWS:
                yield pa.RecordBatch.from_pylist(out, schema=arrow_schema)
                out = []
        if members:
            out.extend(function(current, members))
        yield pa.RecordBatch.from_pylist(out, schema=arrow_schema)

    arranged = frame.repartition(*keys).sortWithinPartitions(*keys)
    return arranged.mapInArrow(run, schema)


#: Edge lists up to this long are closed on the driver (one collect, no rounds of joins).
DRIVER_EDGES = 250_000


def connected_components(edges: DataFrame, driver_edges: int | None = None, max_rounds: int = 200):
    """``(node, component)`` for every node of the edge list ``(src, dst)`` (string nodes);
    a component is named by its smallest node.

    The edges are what blocking and comparison found, usually far fewer than the nodes; up to
    ``driver_edges`` (default ``DRIVER_EDGES``) of them are collected and closed with
    ``UnionFind`` on the driver, which saves the rounds of Spark jobs below (each costs a
    fraction of a second even when tiny).
    A longer list is closed in Spark: min-label propagation with pointer jumping, where each
    round a node takes the smallest label among its own, its neighbours' and its label's
    label, so labels only fall and a chain of length d settles in about log d rounds. Each
    round is checkpointed (its plan does not grow); the loop stops when no label changed.
    """
    from pyspark.sql import functions as F

    links = (
        edges.select("src", "dst")
        .union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
        .where("src <> dst")
        .distinct()
        .localCheckpoint()
    )
    if driver_edges is None:
        driver_edges = DRIVER_EDGES
    few = links.limit(2 * driver_edges + 1).collect() if driver_edges else None
    if few is not None and len(few) <= 2 * driver_edges:
        return _close_on_driver(links.sparkSession, [(row[0], row[1]) for row in few])
    labels = (
        links.groupBy(F.col("src").alias("node"))
        .agg(F.min("dst").alias("smallest"))
        .select("node", F.least("node", "smallest").alias("label"))
        .localCheckpoint()
    )
    for _ in range(max_rounds):
        neighbours = links.join(labels, links["src"] == labels["node"]).select(
            links["dst"].alias("node"), labels["label"]
        )
        target = labels.select(F.col("node").alias("target"), F.col("label").alias("jump"))
        jumped = labels.join(target, labels["label"] == target["target"]).select(
            "node", F.col("jump").alias("label")
        )
        updated = (
            labels.unionByName(neighbours)
            .unionByName(jumped)
            .groupBy("node")
            .agg(F.min("label").alias("label"))
            .localCheckpoint()
        )
        old = labels.select("node", F.col("label").alias("old"))
        changed = updated.join(old, "node").where("label <> old").limit(1).count()
        labels = updated
        if not changed:
            return labels.select("node", F.col("label").alias("component"))
    raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")


def _close_on_driver(spark: Any, links: list[tuple[str, str]]):
    from chorus.grouping import UnionFind

    nodes = sorted({node for link in links for node in link})
    number = {node: i for i, node in enumerate(nodes)}
    union = UnionFind(len(nodes))
    for src, dst in links:
        union.union(number[src], number[dst])
    rows = [(nodes[i], nodes[group[0]]) for group in union.groups() for i in group]
    return spark.createDataFrame(rows, "node string, component string")
