"""The cross-article stage in Spark SQL, over the per-article Parquet datasets.

``link_corpus_spark`` gives the same tables as ``chorus.engines.corpus.link_corpus`` (tests
compare them row by row), computed where the data lies. Each step is the single-machine
step's blocking, written as joins, with the same Python deciding every comparison:

- people: lone surnames tagged ORG are fixed by a join with the corpus's known surnames;
  surname keys one edit apart (the blocks ``resolve_persons`` looks in) are linked and closed
  into connected components, and ``resolve_persons`` runs once per component, which is exact
  because no person is compared with one outside its component. Descriptions are matched
  per article, organisations grouped per ``org_key``, and ids given by a window over the
  groups in the single-machine creation order.
- provenance: identical normalised texts and pairs sharing a rare 3-word shingle (the
  shingle's count is an aggregation) are compared with ``same_statement``; the links close
  into groups as connected components.
- near-duplicates: MinHash signatures per article, candidate pairs by equal LSH band.
- events: pairs blocked by (date at a coarser or equal precision, word), words too common
  for a date left out (an aggregation), compared with ``token_set_ratio``; components again.
- outlets: one profile per article (a row map), summed per outlet.

The results are written as Parquet under ``OUT/parquet/linked/`` and stored in DuckDB with
the local stage's own ``write_*`` functions. Answering a question (``--question``) stays a
query over the stored database, as for ``chorus ask``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from chorus.engines import corpus
from chorus.engines.spark_sql import Row, connected_components, grouped_map, map_rows
from chorus.records import EntityMention, Event, EventMention, Person, Statement
from chorus.store import Store, article_from_row, record_from_row

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

ProgressHook = Callable[[str, int, int | None], None]

LINKED_DIR = "linked"
#: Separates the parts of a composite key inside one string column.
SEP = "\x1f"


def _schema(spark: SparkSession, ddl: str, base: StructType | None = None) -> StructType:
    """A Spark schema from DDL (``"a string, b int"``), after ``base``'s fields if given."""
    from pyspark.sql.types import StructType

    added = spark.createDataFrame([], ddl).schema.fields
    return StructType([*(base.fields if base else []), *added])


class Kept:
    """Intermediate frames read by several branches of a step, kept (memory, else disk) so
    their Python work runs once; released when the step's output is written."""

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


def _entity(row: Row) -> EntityMention:
    return record_from_row(EntityMention, row)


# -- people ---------------------------------------------------------------------------------


def _surname_keys(row: Row) -> Iterable[Row]:
    from chorus.people.resolve import lone_surname_key, surname_key

    entity = _entity(row)
    yield {**row, "surname_key": surname_key(entity), "lone_key": lone_surname_key(entity)}


def _classify(row: Row) -> Iterable[Row]:
    """Each entity's part in resolution and its blocking key."""
    from chorus.people import names
    from chorus.people.resolve import is_description, org_key

    entity = _entity(row)
    if is_description(entity):
        part, key = "description", None
    elif entity.kind == "person":
        part, key = "person", names.translit_key(entity.name.split()[-1])
    else:
        part, key = "organisation", org_key(entity.name)
    yield {**row, "part": part, "key": key}


def _deletions(row: Row) -> Iterable[Row]:
    from chorus.people import names

    for deleted in names.deletion_keys(row["key"]):
        yield {"key": row["key"], "deleted": deleted}


def _keys_match(row: Row) -> Iterable[Row]:
    from chorus.people import names

    if names.keys_match(row["src"], row["dst"]) is not None:
        yield row


def _normalised(row: Row) -> Iterable[Row]:
    from chorus.people.provenance import normalise_text

    yield {**row, "norm": normalise_text(row["text"])}


def _resolve_component(_key: tuple, rows: list[Row]) -> Iterable[Row]:
    """``resolve_persons`` over one component of surname keys, in the store's order; one
    row per member: its group (named by the group's first member), its place in the group,
    and on each group's first row the group's articles and role signatures."""
    from chorus.people.resolve import processing_order, resolve_persons, role_signatures

    rows.sort(key=lambda r: (r["article"], r["local_id"]))
    quotes = {(r["article"], r["local_id"]): list(r["quotes"] or []) for r in rows}
    for group in resolve_persons([_entity(r) for r in rows], quotes):
        creator = group.members[0]
        order = processing_order(creator)
        signatures = [[sorted(n), sorted(c)] for n, c in role_signatures(group)]
        for position, member in enumerate(group.members):
            yield {
                "gid": SEP.join(("p", creator.article, creator.local_id)),
                "article": member.article,
                "local_id": member.local_id,
                "phase": 0,
                "position": position,
                "articles": sorted(group.articles) if position == 0 else None,
                "signatures": json.dumps(signatures) if position == 0 else None,
                "o_class": 0,
                "o_tokens": order[0],
                "o_name": order[1],
                "o_article": creator.article,
                "o_local": creator.local_id,
            }


def _match_description(row: Row) -> Iterable[Row]:
    from chorus.people.resolve import description_match

    candidates = [
        (c["gid"], [(frozenset(n), frozenset(k)) for n, k in json.loads(c["signatures"])])
        for c in row["candidates"]
    ]
    gid = description_match(row["name"], candidates)
    if gid is not None:
        yield {"gid": gid, "article": row["article"], "local_id": row["local_id"]}


def _assemble(key: tuple, rows: list[Row]) -> Iterable[Row]:
    """One person (or organisation) from its members, in the order the single-machine
    resolution added them; both its plain and its distinct id."""
    from chorus.people.resolve import (
        Group,
        distinct_id,
        organisation_order,
        person_from_group,
    )

    persons = key[0].startswith("p" + SEP)
    if persons:
        rows.sort(key=lambda r: (r["phase"], r["position"], r["article"], r["local_id"]))
    else:
        rows.sort(key=lambda r: (organisation_order(_entity(r)), r["article"], r["local_id"]))
    entities = [_entity(r) for r in rows]
    group = Group(kind="person" if persons else entities[0].kind)
    for entity in entities:
        group.add(entity)
    person = person_from_group(group)
    first = rows[0]
    if persons:
        order = (first["o_class"], first["o_tokens"], first["o_name"])
        order_at = (first["o_article"], first["o_local"])
    else:
        order = (1, int(entities[0].kind != "outlet"), entities[0].name)
        order_at = (entities[0].article, entities[0].local_id)
    yield {
        **dataclasses.asdict(person),
        "alt_id": distinct_id(person, group),
        "members": [{"article": e.article, "local_id": e.local_id} for e in entities],
        "o_class": order[0],
        "o_tokens": order[1],
        "o_name": order[2],
        "o_article": order_at[0],
        "o_local": order_at[1],
    }


#: A group's place in the single-machine creation order (persons, then organisations).
ORDER_COLUMNS = {
    "o_class": "int",
    "o_tokens": "int",
    "o_name": "string",
    "o_article": "string",
    "o_local": "string",
}


def _no_order() -> list:
    from pyspark.sql import functions as F

    return [F.lit(None).cast(t).alias(c) for c, t in ORDER_COLUMNS.items()]


def link_people(
    spark: SparkSession, entities: DataFrame, statements: DataFrame, keep: Kept
) -> DataFrame:
    """People (with a ``members`` list of (article, local_id)), as ``resolve_people``."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    keyed_schema = _schema(spark, "surname_key string, lone_key string", entities.schema)
    keyed = keep(map_rows(entities, _surname_keys, keyed_schema))
    known = keyed.where("surname_key IS NOT NULL").select(F.col("surname_key").alias("known"))
    fixed = (
        keyed.join(known.distinct(), keyed["lone_key"] == F.col("known"), "left")
        .withColumn("kind", F.when(F.col("known").isNotNull(), "person").otherwise(F.col("kind")))
        .drop("surname_key", "lone_key", "known")
    )
    classified = keep(
        map_rows(fixed, _classify, _schema(spark, "part string, key string", fixed.schema))
    )

    # Persons: components of surname keys that may meet in one block.
    persons = classified.where("part = 'person'")
    keys = persons.select("key").distinct()
    deleted = map_rows(keys, _deletions, _schema(spark, "key string, deleted string"))
    a, b = deleted.alias("a"), deleted.alias("b")
    pairs = (
        a.join(b, F.col("a.deleted") == F.col("b.deleted"))
        .where(F.col("a.key") < F.col("b.key"))
        .select(F.col("a.key").alias("src"), F.col("b.key").alias("dst"))
        .distinct()
    )
    edges = map_rows(pairs, _keys_match, _schema(spark, "src string, dst string"))
    components = connected_components(edges)
    quotes = (
        map_rows(
            statements.where("speaker_local_id IS NOT NULL").select(
                "article", "speaker_local_id", "text"
            ),
            _normalised,
            _schema(spark, "article string, speaker_local_id string, text string, norm string"),
        )
        .groupBy(F.col("article"), F.col("speaker_local_id").alias("local_id"))
        .agg(F.collect_list("norm").alias("quotes"))
    )
    persons = (
        persons.join(components, persons["key"] == components["node"], "left")
        .withColumn("component", F.coalesce("component", "key"))
        .drop("node")
        .join(quotes, ["article", "local_id"], "left")
    )
    member_ddl = (
        "gid string, article string, local_id string, phase int, position int, "
        "articles array<string>, signatures string, o_class int, o_tokens int, o_name string, "
        "o_article string, o_local string"
    )
    resolved = keep(
        grouped_map(persons, ["component"], _resolve_component, _schema(spark, member_ddl))
    )

    # Descriptions: the one person of their article whose roles match.
    in_article = resolved.where("position = 0").select(
        "gid", "signatures", F.explode("articles").alias("article")
    )
    descriptions = classified.where("part = 'description'").select("article", "local_id", "name")
    candidates = (
        descriptions.join(in_article, "article")
        .groupBy("article", "local_id", "name")
        .agg(F.collect_list(F.struct("gid", "signatures")).alias("candidates"))
    )
    attached = map_rows(
        candidates,
        _match_description,
        _schema(spark, "gid string, article string, local_id string"),
    )
    order_columns = list(ORDER_COLUMNS)
    members = resolved.select(
        "gid", "article", "local_id", "phase", "position", *order_columns
    ).unionByName(
        attached.select(
            "gid",
            "article",
            "local_id",
            F.lit(1).alias("phase"),
            F.lit(0).alias("position"),
            *_no_order(),
        )
    )
    entity_columns = list(entities.columns)
    person_members = members.join(classified.select(*entity_columns), ["article", "local_id"])
    organisations = classified.where("part = 'organisation'").select(
        F.concat_ws(SEP, F.lit("o"), "key").alias("gid"),
        *entity_columns,
        F.lit(0).alias("phase"),
        F.lit(0).alias("position"),
        *_no_order(),
    )
    grouped = person_members.unionByName(organisations)
    people_ddl = (
        "id string, name string, kind string, aliases array<string>, roles array<string>, "
        "articles array<string>, alt_id string, "
        "members array<struct<article: string, local_id: string>>, "
        "o_class int, o_tokens int, o_name string, o_article string, o_local string"
    )
    people = grouped_map(grouped, ["gid"], _assemble, _schema(spark, people_ddl))
    # Two groups left apart under one name: the first in creation order keeps the plain id.
    first_in_order = Window.partitionBy("id").orderBy(*order_columns)
    people = people.withColumn(
        "id",
        F.when(F.row_number().over(first_in_order) == 1, F.col("id")).otherwise(F.col("alt_id")),
    ).drop("alt_id", *order_columns)
    return people


# -- provenance -----------------------------------------------------------------------------


def _shingled(row: Row) -> Iterable[Row]:
    from chorus.people.provenance import STATEMENT_SHINGLE, shingles

    for shingle in shingles(row["norm"].split(), STATEMENT_SHINGLE):
        yield {"norm": row["norm"], "shingle": shingle}


def _same_statement(row: Row) -> Iterable[Row]:
    from chorus.people.provenance import same_statement

    if same_statement(row["norm_a"], row["norm_b"]):
        yield {"src": row["src"], "dst": row["dst"]}


def _statement_group(_key: tuple, rows: list[Row]) -> Iterable[Row]:
    from chorus.people.provenance import report_rows, statement_group

    rows.sort(key=lambda r: (r["article"], r["start"], r["id"]))
    published = {r["article"]: r["published"] for r in rows}
    return report_rows(statement_group([record_from_row(Statement, r) for r in rows], published))


def link_provenance(
    spark: SparkSession, statements: DataFrame, articles: DataFrame, keep: Kept
) -> DataFrame:
    """Statement reports (``statement_reports`` rows), as ``link_statements``."""
    from pyspark.sql import functions as F

    from chorus.people.provenance import MAX_SHINGLE_POSTINGS

    normed = keep(
        map_rows(
            statements.select("id", "article", "start", "text"),
            _normalised,
            _schema(spark, "id string, article string, start int, text string, norm string"),
        ).withColumn("place", F.struct("article", "start", "id"))
    )
    # Distinct texts, each named by its first occurrence in the store's order.
    texts = keep(
        normed.groupBy("norm").agg(
            F.min("place").alias("first"), F.collect_set("article").alias("articles")
        )
    )
    identical = (
        normed.join(texts.where(F.size("articles") > 1), "norm")
        .select(F.col("id").alias("src"), F.col("first.id").alias("dst"))
        .where("src <> dst")
    )
    shingled = keep(
        map_rows(texts.select("norm"), _shingled, _schema(spark, "norm string, shingle string"))
    )
    common = (
        shingled.groupBy("shingle")
        .count()
        .where(f"count > {MAX_SHINGLE_POSTINGS}")
        .select("shingle")
    )
    rare = shingled.join(common, "shingle", "left_anti")
    a, b = rare.alias("a"), rare.alias("b")
    pairs = (
        a.join(b, F.col("a.shingle") == F.col("b.shingle"))
        .where(F.col("a.norm") != F.col("b.norm"))
        .select(F.col("a.norm").alias("x"), F.col("b.norm").alias("y"))
        .distinct()
    )
    ta, tb = texts.alias("ta"), texts.alias("tb")
    compared = (
        pairs.join(ta, F.col("x") == F.col("ta.norm"))
        .join(tb, F.col("y") == F.col("tb.norm"))
        # each pair once, in the order the single-machine step compares it: earlier text first
        .where(F.col("ta.first") < F.col("tb.first"))
        .where(F.size(F.array_union("ta.articles", "tb.articles")) >= 2)
        .select(
            F.col("x").alias("norm_a"),
            F.col("y").alias("norm_b"),
            F.col("ta.first.id").alias("src"),
            F.col("tb.first.id").alias("dst"),
        )
    )
    similar = map_rows(compared, _same_statement, _schema(spark, "src string, dst string"))
    components = connected_components(identical.unionByName(similar))
    published = articles.select(F.col("id").alias("article"), "published")
    members = (
        statements.join(components, statements["id"] == components["node"], "left")
        .withColumn("component", F.coalesce("component", "id"))
        .drop("node")
        .join(published, "article", "left")
    )
    report_ddl = (
        "group_id string, statement string, article string, published string, via string, rank int"
    )
    return grouped_map(members, ["component"], _statement_group, _schema(spark, report_ddl))


# -- near-duplicate articles ----------------------------------------------------------------


def _signature(bands: int, rows_per_band: int) -> Callable[[Row], Iterable[Row]]:
    def run(row: Row) -> Iterable[Row]:
        from chorus.people.provenance import article_signature

        values = article_signature(row["text"])
        for band in range(bands):
            part = values[band * rows_per_band : (band + 1) * rows_per_band]
            yield {
                "id": row["id"],
                "band": band,
                "bucket": ",".join(map(str, part)),
                "signature": values if band == 0 else None,
            }

    return run


def _similarity(threshold: float) -> Callable[[Row], Iterable[Row]]:
    def run(row: Row) -> Iterable[Row]:
        from chorus.people.provenance import signature_similarity

        score = signature_similarity(row["sig_a"], row["sig_b"])
        if score >= threshold:
            yield {"article": row["article"], "other": row["other"], "similarity": round(score, 3)}

    return run


def link_near_duplicates(
    spark: SparkSession, articles: DataFrame, keep: Kept, threshold: float = 0.5
) -> DataFrame:
    """(article, other, similarity) pairs, as ``near_duplicates``."""
    from pyspark.sql import functions as F

    from chorus.people.provenance import lsh_bands

    bands, rows_per_band = lsh_bands(threshold)
    banded = keep(
        map_rows(
            articles.select("id", "text"),
            _signature(bands, rows_per_band),
            _schema(spark, "id string, band int, bucket string, signature array<bigint>"),
        )
    )
    a, b = banded.alias("a"), banded.alias("b")
    pairs = (
        a.join(b, ["band", "bucket"])
        .where(F.col("a.id") < F.col("b.id"))
        .select(F.col("a.id").alias("article"), F.col("b.id").alias("other"))
        .distinct()
    )
    signatures = banded.where("band = 0").select("id", "signature")
    sa, sb = signatures.alias("sa"), signatures.alias("sb")
    compared = (
        pairs.join(sa, F.col("article") == F.col("sa.id"))
        .join(sb, F.col("other") == F.col("sb.id"))
        .select(
            "article",
            "other",
            F.col("sa.signature").alias("sig_a"),
            F.col("sb.signature").alias("sig_b"),
        )
    )
    return map_rows(
        compared,
        _similarity(threshold),
        _schema(spark, "article string, other string, similarity double"),
    )


# -- events ---------------------------------------------------------------------------------


def _report(row: Row) -> Iterable[Row]:
    """A mention's report key: its date at its precision and its lower-cased summary."""
    from chorus.timeline.events import date_key

    key = date_key(record_from_row(EventMention, row))
    node = SEP.join((key, row["summary"].lower())) if key else None
    yield {**row, "date_key": key, "node": node}


def _report_words(coarser: bool) -> Callable[[Row], Iterable[Row]]:
    """(report, date, word) postings: at the report's own date, or at every coarser one."""

    def run(row: Row) -> Iterable[Row]:
        from chorus.timeline.events import coarser_keys, summary_words

        key, summary = row["node"].split(SEP, 1)
        dates = coarser_keys(key) if coarser else {key}
        for word in summary_words(summary):
            for date in dates:
                yield {"node": row["node"], "date": date, "word": word}

    return run


def _similar_summaries(row: Row) -> Iterable[Row]:
    from rapidfuzz import fuzz

    from chorus.timeline.events import MIN_SUMMARY_SIMILARITY

    first, second = row["src"].split(SEP, 1)[1], row["dst"].split(SEP, 1)[1]
    if fuzz.token_set_ratio(first, second) >= MIN_SUMMARY_SIMILARITY:
        yield row


def _event(_key: tuple, rows: list[Row]) -> Iterable[Row]:
    from chorus.timeline.events import event_from_mentions

    rows.sort(key=lambda r: (r["article"], r["start"], r["id"]))
    event = event_from_mentions([record_from_row(EventMention, r) for r in rows])
    yield dataclasses.asdict(event)


def link_events(spark: SparkSession, mentions: DataFrame, keep: Kept) -> DataFrame:
    """Events (``events`` rows, reports carrying their mention id), as ``merge_events``."""
    from pyspark.sql import functions as F

    from chorus.timeline.events import MAX_WORD_POSTINGS

    reported = keep(
        map_rows(mentions, _report, _schema(spark, "date_key string, node string", mentions.schema))
    )
    nodes = reported.where("node IS NOT NULL").select("node").distinct()
    word_ddl = _schema(spark, "node string, date string, word string")
    own = keep(map_rows(nodes, _report_words(False), word_ddl))
    usable = own.join(
        own.groupBy("date", "word").count().where(f"count <= {MAX_WORD_POSTINGS}"),
        ["date", "word"],
    ).select(F.col("node").alias("other"), "date", "word")
    coarse = map_rows(nodes, _report_words(True), word_ddl)
    candidates = (
        coarse.join(usable, ["date", "word"])
        .where(F.col("node") != F.col("other"))
        .select(F.least("node", "other").alias("src"), F.greatest("node", "other").alias("dst"))
        .distinct()
    )
    edges = map_rows(candidates, _similar_summaries, _schema(spark, "src string, dst string"))
    components = connected_components(edges)
    members = reported.join(components, "node", "left").withColumn(
        "component", F.coalesce("component", "node", F.concat(F.lit(SEP), "id"))
    )
    event_ddl = (
        "id string, date string, precision string, summary string, "
        "reports array<struct<article: string, start: int, end: int, id: string>>"
    )
    return grouped_map(members, ["component"], _event, _schema(spark, event_ddl))


# -- outlets --------------------------------------------------------------------------------


def _article_profile(row: Row) -> Iterable[Row]:
    from chorus.people.profiles import article_order, article_profile, outlet_name

    article = article_from_row(row)
    statements = [record_from_row(Statement, s) for s in row["statements"] or []]
    statements.sort(key=lambda s: (s.start, s.id))
    names = {s.speaker_id: s.speaker for s in statements if s.speaker_id}
    profile = article_profile(article, statements, names)
    published, article_id = article_order(article)
    yield {
        "outlet": outlet_name(article),
        "published": published,
        "article": article_id,
        "profile": json.dumps(dataclasses.asdict(profile), ensure_ascii=False),
    }


def _outlet(key: tuple, rows: list[Row]) -> Iterable[Row]:
    from chorus.people.profiles import ArticleProfile, outlet_profile

    rows.sort(key=lambda r: (r["published"], r["article"]))
    articles = [ArticleProfile(**json.loads(r["profile"])) for r in rows]
    profile = outlet_profile(key[0], articles)
    yield {
        "outlet": key[0],
        "articles": len(articles),
        "profile": json.dumps(dataclasses.asdict(profile), ensure_ascii=False),
    }


def link_outlets(spark: SparkSession, articles: DataFrame, statements: DataFrame) -> DataFrame:
    """Outlet profiles (outlet, articles, profile JSON), as ``outlet_profiles``."""
    from pyspark.sql import functions as F

    own = statements.groupBy(F.col("article").alias("id")).agg(
        F.collect_list(F.struct(*statements.columns)).alias("statements")
    )
    profiled = map_rows(
        articles.join(own, "id", "left"),
        _article_profile,
        _schema(spark, "outlet string, published string, article string, profile string"),
    )
    return grouped_map(
        profiled,
        ["outlet"],
        _outlet,
        _schema(spark, "outlet string, articles int, profile string"),
    )


# -- the stage ------------------------------------------------------------------------------


def _resolved_speakers(statements: DataFrame, person_of: DataFrame, people: DataFrame) -> DataFrame:
    """Statements as the people step leaves them: speaker id, and the person's name as
    speaker (``write_people`` does the same in DuckDB)."""
    from pyspark.sql import functions as F

    of = person_of.select(
        "article", F.col("local_id").alias("speaker_local_id"), F.col("person_id").alias("pid")
    )
    names = people.select(F.col("id").alias("pid"), F.col("name").alias("person_name"))
    return (
        statements.join(of, ["article", "speaker_local_id"], "left")
        .join(names, "pid", "left")
        .withColumn("speaker_id", F.col("pid"))
        .withColumn("speaker", F.coalesce("person_name", "speaker"))
        .drop("pid", "person_name")
    )


def read_datasets(spark: SparkSession, parquet_dir: Path) -> dict[str, DataFrame]:
    """The per-article datasets, typed as the store's tables."""
    from chorus.engines.spark import RESULT_TABLES, spark_schema

    return {
        table: spark.read.schema(spark_schema(table)).parquet(str(parquet_dir / table))
        for table in RESULT_TABLES
    }


STEPS = ("people", "provenance", "near-duplicates", "events", "outlets")


def compute_links(
    spark: SparkSession, parquet_dir: Path, progress: ProgressHook | None = None
) -> Path:
    """Run every step in Spark and write its results under ``parquet_dir/linked/``."""
    from pyspark.sql import functions as F

    tick = progress or (lambda stage, done, total: None)
    out = parquet_dir / LINKED_DIR
    data = read_datasets(spark, parquet_dir)
    keep, shared = Kept(), Kept()

    def write(step: int, frame: DataFrame, name: str) -> None:
        frame.write.mode("overwrite").parquet(str(out / name))
        keep.release()
        tick("cross-article", step, len(STEPS))

    people = shared(link_people(spark, data["entities"], data["statements"], keep))
    write(1, people, "people")
    person_of = people.select(
        F.col("id").alias("person_id"), F.explode("members").alias("member")
    ).select("member.article", "member.local_id", "person_id")
    statements = shared(_resolved_speakers(data["statements"], person_of, people))
    write(2, link_provenance(spark, statements, data["articles"], keep), "statement_reports")
    write(3, link_near_duplicates(spark, data["articles"], keep), "article_links")
    write(4, link_events(spark, data["event_mentions"], keep), "events")
    write(5, link_outlets(spark, data["articles"], statements), "outlet_profiles")
    shared.release()
    return out


def _rows(directory: Path) -> list[Row]:
    return pq.read_table(directory).to_pylist()


def store_links(store: Store, linked: Path) -> None:
    """Store the Spark results with the local stage's writers, in the local stage's order."""
    from chorus.people.profiles import outlet_order
    from chorus.people.provenance import pair_order, published_order
    from chorus.people.resolve import people_order
    from chorus.timeline.events import event_order

    people_rows = _rows(linked / "people")
    people = sorted(
        (Person(**{k: v for k, v in r.items() if k != "members"}) for r in people_rows),
        key=people_order,
    )
    person_of = [(m["article"], m["local_id"], r["id"]) for r in people_rows for m in r["members"]]
    corpus.write_people(store, people, person_of)

    reports = _rows(linked / "statement_reports")
    first = {r["group_id"]: r["published"] for r in reports if r["rank"] == 0}
    reports.sort(key=lambda r: (published_order(first[r["group_id"]]), r["group_id"], r["rank"]))
    corpus.write_provenance(store, reports)

    pairs = [(r["article"], r["other"], r["similarity"]) for r in _rows(linked / "article_links")]
    corpus.write_near_duplicates(store, sorted(pairs, key=pair_order))

    events = [Event(**r) for r in _rows(linked / "events")]
    corpus.write_events(store, sorted(events, key=event_order))

    profiles = [json.loads(r["profile"]) for r in _rows(linked / "outlet_profiles")]
    corpus.write_outlets(store, sorted(profiles, key=outlet_order))


def links_in_spark(master: str | None, choice: str = "auto") -> bool:
    """Whether a Spark build's cross-article stage runs in Spark SQL: always or never when
    asked (``spark`` / ``duckdb``), else on a cluster but not in local mode, where DuckDB on
    the one machine is faster."""
    from chorus.engines.spark import DEFAULT_MASTER, is_local_master

    if choice != "auto":
        return choice == "spark"
    return not is_local_master(master or os.environ.get("SPARK_MASTER") or DEFAULT_MASTER)


def link_corpus_spark(
    store: Store,
    parquet_dir: Path,
    spark: SparkSession,
    question: str | None = None,
    progress: ProgressHook | None = None,
) -> None:
    """The cross-article stage in Spark over ``parquet_dir`` (the whole corpus's per-article
    datasets), stored into ``store``; then the question, if any, over the store."""
    linked = compute_links(spark, parquet_dir, progress)
    store_links(store, linked)
    if question:
        corpus.answer_question(store, question)
