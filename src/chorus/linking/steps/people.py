"""People: one record per person, organisation or outlet across the corpus.

On one machine this is ``chorus.people.resolve_people``. In Spark the same decisions are
taken where the data lies: lone surnames tagged ORG are fixed by a join with the corpus's
known surnames; surname keys one edit apart (the blocks ``resolve_persons`` looks in) are
linked by the shared blocking (``Blocking``: listed under their one-letter deletions,
compared with ``keys_match``) and closed into connected components, and ``resolve_persons``
runs once per component, which is exact because no person is compared with one outside its
component. Descriptions are matched per article, organisations grouped per ``org_key``, and
ids given by a window over the groups in the single-machine creation order.

Writes ``people`` (by kind, most cited first) and the person id of each entity, statement
and forecast (through its ``speaker_local_id``: the statement's speaker or a named holder);
a resolved speaker is then named by its person's canonical name.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from chorus.engines.spark_sql import (
    connected_components,
    ddl_schema,
    grouped_map,
    linked_pairs,
    map_rows,
)
from chorus.linking.similarity import normalise_text
from chorus.linking.step import Blocking, Outputs, Row, SparkRun, Step
from chorus.people import names, resolve
from chorus.records import EntityMention, Person
from chorus.store import record_from_row

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from chorus.store import Store

#: Separates the parts of a composite key inside one string column.
SEP = "\x1f"
#: A group's place in the single-machine creation order (persons, then organisations).
ORDER_COLUMNS = {
    "o_class": "int",
    "o_tokens": "int",
    "o_name": "string",
    "o_article": "string",
    "o_local": "string",
}


def resolved(store: Store, _settings: Any) -> Outputs:
    """People on one machine, each with its members (article, local id)."""
    resolution = resolve.resolve_people(store.entities(), store.statements())
    members: dict[str, list[dict[str, str]]] = {p.id: [] for p in resolution.people}
    for (article, local_id), person in resolution.person_of.items():
        members[person].append({"article": article, "local_id": local_id})
    people = [{**dataclasses.asdict(p), "members": members[p.id]} for p in resolution.people]
    return {"people": people}


def write(store: Store, outputs: Outputs) -> None:
    """Store the people and give each entity, statement and forecast its person id."""
    rows = outputs["people"]
    people = sorted(
        (Person(**{k: v for k, v in r.items() if k != "members"}) for r in rows),
        key=resolve.people_order,
    )
    pairs = [(m["article"], m["local_id"], r["id"]) for r in rows for m in r["members"]]
    store.replace_table("people", people)
    store.update_column("entities", "person_id", ("article", "local_id"), pairs)
    store.update_column("statements", "speaker_id", ("article", "speaker_local_id"), pairs)
    # a forecast's speaker: the statement's, or the holder the text names ("Kerr expects")
    store.update_column("forecasts", "speaker_id", ("article", "speaker_local_id"), pairs)
    store.update_column(
        "forecasts", "event_subject_id", ("article", "event_subject_local_id"), pairs
    )
    # A speaker resolved across articles is named by its canonical corpus-wide name.
    store.execute(
        "UPDATE statements SET speaker = p.name FROM people p WHERE statements.speaker_id = p.id"
    )
    store.execute(
        "UPDATE forecasts SET speaker = p.name FROM people p WHERE forecasts.speaker_id = p.id"
    )


# -- in Spark: the work of each row or group --------------------------------------------------


def _entity(row: Row) -> EntityMention:
    return record_from_row(EntityMention, row)


def _surname_keys(row: Row) -> Iterable[Row]:
    entity = _entity(row)
    yield {
        **row,
        "surname_key": resolve.surname_key(entity),
        "lone_key": resolve.lone_surname_key(entity),
    }


def _classify(row: Row) -> Iterable[Row]:
    """Each entity's part in resolution and its blocking key."""
    entity = _entity(row)
    called: list[str] = []
    if resolve.is_description(entity):
        part, key = "description", None
    elif entity.kind == "person":
        part, key = "person", names.translit_key(entity.name.split()[-1])
        called = sorted(resolve.short_name_keys(entity) - {key})
    else:
        part, key = "organisation", resolve.org_key(entity.name)
    yield {**row, "part": part, "key": key, "called": called}


def _normalised(row: Row) -> Iterable[Row]:
    yield {**row, "norm": normalise_text(row["text"])}


#: Surname keys meet when they share a one-letter deletion and ``keys_match`` agrees.
SURNAME_BLOCKING = Blocking(
    postings=names.deletion_keys,
    compare=lambda first, second: names.keys_match(first, second) is not None,
)


def _resolve_component(_key: tuple, rows: list[Row]) -> Iterable[Row]:
    """``resolve_persons`` over one component of surname keys, in the store's order; one
    row per member: its group (named by the group's first member), its place in the group,
    and on each group's first row the group's articles and role signatures."""
    rows.sort(key=lambda r: (r["article"], r["local_id"]))
    quotes = {(r["article"], r["local_id"]): list(r["quotes"] or []) for r in rows}
    for group in resolve.resolve_persons([_entity(r) for r in rows], quotes):
        creator = group.members[0]
        order = resolve.processing_order(creator)
        signatures = [[sorted(n), sorted(c)] for n, c in resolve.role_signatures(group)]
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
    candidates = [
        (c["gid"], [(frozenset(n), frozenset(k)) for n, k in json.loads(c["signatures"])])
        for c in row["candidates"]
    ]
    gid = resolve.description_match(row["name"], candidates)
    if gid is not None:
        yield {"gid": gid, "article": row["article"], "local_id": row["local_id"]}


def _assemble(key: tuple, rows: list[Row]) -> Iterable[Row]:
    """One person (or organisation) from its members, in the order the single-machine
    resolution added them; both its plain and its distinct id."""
    persons = key[0].startswith("p" + SEP)
    if persons:
        rows.sort(key=lambda r: (r["phase"], r["position"], r["article"], r["local_id"]))
    else:
        rows.sort(
            key=lambda r: (resolve.organisation_order(_entity(r)), r["article"], r["local_id"])
        )
    entities = [_entity(r) for r in rows]
    group = resolve.Group(kind="person" if persons else entities[0].kind)
    for entity in entities:
        group.add(entity)
    person = resolve.person_from_group(group)
    first = rows[0]
    if persons:
        order = (first["o_class"], first["o_tokens"], first["o_name"])
        order_at = (first["o_article"], first["o_local"])
    else:
        order = (1, int(entities[0].kind != "outlet"), entities[0].name)
        order_at = (entities[0].article, entities[0].local_id)
    yield {
        **dataclasses.asdict(person),
        "alt_id": resolve.distinct_id(person, group),
        "members": [{"article": e.article, "local_id": e.local_id} for e in entities],
        "o_class": order[0],
        "o_tokens": order[1],
        "o_name": order[2],
        "o_article": order_at[0],
        "o_local": order_at[1],
    }


# -- in Spark: the plan -----------------------------------------------------------------------


def _no_order() -> list:
    from pyspark.sql import functions as F

    return [F.lit(None).cast(t).alias(c) for c, t in ORDER_COLUMNS.items()]


def _classified(run: SparkRun) -> DataFrame:
    """Entities with their part and key, lone surnames tagged ORG made persons."""
    from pyspark.sql import functions as F

    spark, entities = run.session, run.frames["entities"]
    keyed_schema = ddl_schema(spark, "surname_key string, lone_key string", entities.schema)
    keyed = run.keep(map_rows(entities, _surname_keys, keyed_schema))
    known = keyed.where("surname_key IS NOT NULL").select(F.col("surname_key").alias("known"))
    fixed = (
        keyed.join(known.distinct(), keyed["lone_key"] == F.col("known"), "left")
        .withColumn("kind", F.when(F.col("known").isNotNull(), "person").otherwise(F.col("kind")))
        .drop("surname_key", "lone_key", "known")
    )
    part_schema = ddl_schema(spark, "part string, key string, called array<string>", fixed.schema)
    return run.keep(map_rows(fixed, _classify, part_schema))


def _resolved_persons(run: SparkRun, classified: DataFrame) -> DataFrame:
    """Persons resolved per component of surname keys (``_resolve_component`` rows)."""
    from pyspark.sql import functions as F

    spark, statements = run.session, run.frames["statements"]
    persons = classified.where("part = 'person'")
    # a person's other one-word names ("Zhou" of "Zhou Kaiming") are blocks too, as locally
    called = persons.select(F.col("key").alias("src"), F.explode("called").alias("dst"))
    nodes = (
        persons.select("key")
        .union(called.select(F.col("dst").alias("key")))
        .distinct()
        .select("key", F.lit(None).cast("string").alias("value"), F.struct("key").alias("first"))
    )
    edges = linked_pairs(spark, nodes, SURNAME_BLOCKING, run.keep).select("src", "dst")
    components = connected_components(edges.union(called))
    quote_schema = "article string, speaker_local_id string, text string, norm string"
    quotes = (
        map_rows(
            statements.where("speaker_local_id IS NOT NULL").select(
                "article", "speaker_local_id", "text"
            ),
            _normalised,
            ddl_schema(spark, quote_schema),
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
    schema = ddl_schema(spark, member_ddl)
    return run.keep(grouped_map(persons, ["component"], _resolve_component, schema))


def _people(run: SparkRun) -> DataFrame:
    """People (with a ``members`` list of (article, local_id)), as ``resolve_people``."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    spark, entities = run.session, run.frames["entities"]
    classified = _classified(run)
    resolved_persons = _resolved_persons(run, classified)

    # Descriptions: the one person of their article whose roles match.
    in_article = resolved_persons.where("position = 0").select(
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
        ddl_schema(spark, "gid string, article string, local_id string"),
    )
    order_columns = list(ORDER_COLUMNS)
    members = resolved_persons.select(
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
    people = grouped_map(grouped, ["gid"], _assemble, ddl_schema(spark, people_ddl))
    # Two groups left apart under one name: the first in creation order keeps the plain id.
    first_in_order = Window.partitionBy("id").orderBy(*order_columns)
    return people.withColumn(
        "id",
        F.when(F.row_number().over(first_in_order) == 1, F.col("id")).otherwise(F.col("alt_id")),
    ).drop("alt_id", *order_columns)


def _members(people: DataFrame, local_column: str) -> DataFrame:
    """(article, ``local_column``) of every person's members, with the person's id and name."""
    from pyspark.sql import functions as F

    return people.select(
        F.col("id").alias("pid"), F.col("name").alias("person_name"), F.explode("members")
    ).select(
        "pid",
        "person_name",
        F.col("col.article").alias("article"),
        F.col("col.local_id").alias(local_column),
    )


def _resolved_speakers(records: DataFrame, people: DataFrame) -> DataFrame:
    """Statements (or forecasts) as ``write`` leaves them: speaker id, and the person's name
    as speaker."""
    from pyspark.sql import functions as F

    return (
        records.join(_members(people, "speaker_local_id"), ["article", "speaker_local_id"], "left")
        .withColumn("speaker_id", F.col("pid"))
        .withColumn("speaker", F.coalesce("person_name", "speaker"))
        .drop("pid", "person_name")
    )


def _resolved_event_subjects(forecasts: DataFrame, people: DataFrame) -> DataFrame:
    """Forecasts with the person id of their event's subject, as ``write`` leaves them."""
    from pyspark.sql import functions as F

    keys = ["article", "event_subject_local_id"]
    return (
        forecasts.join(_members(people, "event_subject_local_id"), keys, "left")
        .withColumn("event_subject_id", F.col("pid"))
        .drop("pid", "person_name")
    )


def spark_plan(run: SparkRun, _settings: Any) -> dict[str, DataFrame]:
    """People in Spark; the statements and forecasts with their resolved speakers (and the
    forecasts' event subjects) handed on."""
    people = run.shared(_people(run))
    run.frames["statements"] = run.shared(_resolved_speakers(run.frames["statements"], people))
    forecasts = _resolved_speakers(run.frames["forecasts"], people)
    run.frames["forecasts"] = run.shared(_resolved_event_subjects(forecasts, people))
    return {"people": people}


STEP = Step(
    name="people",
    writes=("people",),
    local=resolved,
    spark=spark_plan,
    store=write,
)
