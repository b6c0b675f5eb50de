"""The Spark building blocks the distributed cross-article stage is made of.

- ``map_rows``: Python over the rows of a frame, in Arrow batches (the rows arrive as plain
  Python values, so the records' own code runs on them unchanged);
- ``grouped_map``: Python over all the rows of one key at a time (the frame is
  hash-partitioned by the key, so every row of a key meets in one task);
- ``connected_components``: the groups an edge list closes into, as Spark SQL joins (what
  ``chorus.linking.routine.UnionFind`` does on one machine);
- ``link_frame``: the shared routine of the cross-article steps (``chorus.linking.routine``
  on one machine) as joins and aggregations, from a step's ``Linkage``; ``linked_pairs`` its
  blocking and comparison alone.

None of them knows any step: what they run comes from the ``Linkage`` (or function) given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chorus.linking.routine import UnionFind
from chorus.linking.step import Blocking, Linkage, Row

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql.types import StructType

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
    nodes = sorted({node for link in links for node in link})
    number = {node: i for i, node in enumerate(nodes)}
    union = UnionFind(len(nodes))
    for src, dst in links:
        union.union(number[src], number[dst])
    rows = [(nodes[i], nodes[group[0]]) for group in union.groups() for i in group]
    return spark.createDataFrame(rows, "node string, component string")


def ddl_schema(spark: SparkSession, ddl: str, base: StructType | None = None) -> StructType:
    """A Spark schema from DDL (``"a string, b int"``), after ``base``'s fields if given."""
    from pyspark.sql.types import StructType

    added = spark.createDataFrame([], ddl).schema.fields
    return StructType([*(base.fields if base else []), *added])


class Kept:
    """Intermediate frames read by several branches of a plan, kept (memory, else disk) so
    their Python work runs once; released when what they serve is written."""

    def __init__(self) -> None:
        self.frames: list[DataFrame] = []

    def __call__(self, frame: DataFrame) -> DataFrame:
        from pyspark import StorageLevel

        self.frames.append(frame.persist(StorageLevel.MEMORY_AND_DISK))
        return self.frames[-1]

    def release(self) -> None:
        for frame in self.frames:
            frame.unpersist()
        self.frames.clear()


# -- the shared routine ---------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Arrays (a MinHash signature) travel as lists, anything else JSON lacks as text."""
    return value.tolist() if hasattr(value, "tolist") else str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _value(row: Row, side: str = "") -> Any:
    """A node's value: its ``value`` column (JSON) when the linkage computes one, else its key."""
    value = row["value" + side]
    return row["key" + side] if value is None else json.loads(value)


def _blocks(function: Callable[[Any], Iterable[str]]) -> Callable[[Row], Iterable[Row]]:
    def run(row: Row) -> Iterable[Row]:
        for block in set(function(_value(row))):
            yield {"key": row["key"], "block": block}

    return run


def _compared(compare: Callable[[Any, Any], Any]) -> Callable[[Row], Iterable[Row]]:
    def run(row: Row) -> Iterable[Row]:
        weight = compare(_value(row, "_a"), _value(row, "_b"))
        if weight:
            yield {"src": row["key_a"], "dst": row["key_b"], "weight": _dumps(weight)}

    return run


def linked_pairs(
    spark: SparkSession, nodes: DataFrame, blocking: Blocking, keep: Kept
) -> DataFrame:
    """``(src, dst, weight)``: the linked pairs of ``nodes`` (``key``; ``value``, JSON or null
    for the key itself; ``first``, which orders them; ``aparts`` if the linkage keeps rows
    apart), earlier node first, as ``chorus.linking.routine`` finds them."""
    from pyspark.sql import functions as F

    block_schema = ddl_schema(spark, "key string, block string")
    posted = keep(map_rows(nodes.select("key", "value"), _blocks(blocking.postings), block_schema))
    usable = posted
    if blocking.cap is not None:
        common = posted.groupBy("block").count().where(f"count > {blocking.cap}")
        usable = posted.join(common.select("block"), "block", "left_anti")
    probed = posted
    if blocking.probes is not None:
        probed = map_rows(nodes.select("key", "value"), _blocks(blocking.probes), block_schema)
    p, u = probed.alias("p"), usable.alias("u")
    found = (
        p.join(u, "block")
        .where(F.col("p.key") != F.col("u.key"))
        .select(F.col("p.key").alias("x"), F.col("u.key").alias("y"))
        .distinct()
    )
    a, b = nodes.alias("a"), nodes.alias("b")
    earlier = F.col("a.first") < F.col("b.first")
    columns = [c for c in ("key", "value", "aparts") if c in nodes.columns]
    oriented = (
        found.join(a, F.col("x") == F.col("a.key"))
        .join(b, F.col("y") == F.col("b.key"))
        .select(
            *(
                F.when(earlier, F.col(f"a.{c}")).otherwise(F.col(f"b.{c}")).alias(f"{c}_a")
                for c in columns
            ),
            *(
                F.when(earlier, F.col(f"b.{c}")).otherwise(F.col(f"a.{c}")).alias(f"{c}_b")
                for c in columns
            ),
        )
        .dropDuplicates(["key_a", "key_b"])
    )
    if "aparts" in columns:
        oriented = oriented.where(F.size(F.array_union("aparts_a", "aparts_b")) >= 2)
    edge_schema = ddl_schema(spark, "src string, dst string, weight string")
    return map_rows(oriented, _compared(blocking.compare), edge_schema)


def _keyed(linkage: Linkage) -> Callable[[Row], Iterable[Row]]:
    """A source row as the routine carries it: its place, key, value, apart and the
    (prepared) row itself as JSON."""

    def run(row: Row) -> Iterable[Row]:
        place = row.pop("place")
        prepared = linkage.prepare(row) if linkage.prepare else row
        key = linkage.key(prepared)
        value = linkage.value(prepared) if linkage.value and key is not None else None
        yield {
            "place": place,
            "key": key,
            "value": None if value is None else _dumps(value),
            "apart": prepared[linkage.apart] if linkage.apart else None,
            "row": _dumps(prepared),
        }

    return run


def _grouped(
    assemble: Callable[[list[Row]], Iterable[Row]],
) -> Callable[[tuple, list[Row]], Iterable[Row]]:
    def run(_component: tuple, rows: list[Row]) -> Iterable[Row]:
        rows.sort(key=lambda r: tuple(r["place"].values()))
        for out in assemble([json.loads(r["row"]) for r in rows]):
            yield {"row": _dumps(out)}

    return run


def _paired(make: Callable[[str, str, Any], Iterable[Row]]) -> Callable[[Row], Iterable[Row]]:
    def run(row: Row) -> Iterable[Row]:
        for out in make(row["src"], row["dst"], json.loads(row["weight"])):
            yield {"row": _dumps(out)}

    return run


def link_frame(spark: SparkSession, frame: DataFrame, linkage: Linkage, keep: Kept) -> DataFrame:
    """The output rows of ``linkage`` over ``frame`` (its source rows), one JSON ``row`` each,
    as ``chorus.linking.routine.run_linkage`` gives them on one machine."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StructType

    placed = frame.select(F.struct(*linkage.source.order).alias("place"), *frame.columns)
    keyed_schema = ddl_schema(
        spark,
        "key string, value string, apart string, row string",
        StructType([placed.schema["place"]]),
    )
    keyed = keep(map_rows(placed, _keyed(linkage), keyed_schema))
    aggregates = [F.min("place").alias("first"), F.min_by("value", "place").alias("value")]
    if linkage.apart:
        aggregates.append(F.collect_set("apart").alias("aparts"))
    nodes = keep(keyed.where("key IS NOT NULL").groupBy("key").agg(*aggregates))
    out_schema = ddl_schema(spark, "row string")
    if linkage.blocking is not None:
        pairs = keep(linked_pairs(spark, nodes, linkage.blocking, keep))
    else:
        pairs = spark.createDataFrame([], "src string, dst string, weight string")
    if linkage.pairs is not None:
        return map_rows(pairs, _paired(linkage.pairs), out_schema)
    assert linkage.groups is not None
    by_key = F.concat(F.lit("k"), F.col("key"))
    components = connected_components(
        pairs.select(
            F.concat(F.lit("k"), "src").alias("src"), F.concat(F.lit("k"), "dst").alias("dst")
        )
    )
    joined: Column = F.size("aparts") > 1 if linkage.apart else F.lit(True)
    own = F.concat(F.lit("r"), F.to_json("place"))
    members = (
        keyed.join(nodes.select("key", "first", joined.alias("joined")), "key", "left")
        .withColumn(
            "node",
            F.when(F.col("key").isNull(), own)
            .when(F.col("joined") | (F.col("place") == F.col("first")), by_key)
            .otherwise(own),
        )
        .join(components, "node", "left")
        .withColumn("component", F.coalesce("component", "node"))
    )
    return grouped_map(
        members.select("component", "place", "row"),
        ["component"],
        _grouped(linkage.groups),
        out_schema,
    )
