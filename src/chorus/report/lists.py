"""The six lists of a build (statements, people, articles, forecasts, events, outlets).

Each is declared once as a ``ListSpec``: the web UI serves it as a page, a CSV and a JSON
download, and ``queries`` reads statements and forecasts through the same declarations. Column
``help`` texts explain every abbreviation and code where the column appears.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from chorus.report.listing import Column, Facet, Filter, ListSpec
from chorus.report.records import (
    UNKNOWN_KEY,
    UNKNOWN_OUTLET,
    UNKNOWN_SPEAKER,
    ForecastView,
    StatementView,
    name_key_sql,
    outlet_label,
)

OUTLET_SQL = f"coalesce(nullif(a.outlet, ''), '{UNKNOWN_OUTLET}')"


def _speaker_key_sql(alias: str) -> str:
    name = f"nullif({alias}.speaker, '')"
    return f"coalesce(nullif({alias}.speaker_id, ''), {name_key_sql(name)})"


KIND_HELP = (
    "direct: the speaker's exact words, in quotation marks; indirect: reported speech "
    "(“she said that …”); mixed: reported speech with quoted fragments"
)
CONFIDENCE_HELP = (
    "conf. (confidence): how sure chorus is that the words and the speaker are right, "
    "0–100 %, from a model trained on annotated news"
)
VIA_HELP = (
    "via: the outlet or person the statement was taken from (a relay), when the text names one"
)
DIRECTION_HELP = (
    "direction: yes = expects it to happen, no = expects it not to, uncertain = neither"
)
PROBABILITY_HELP = (
    "probability: the stated number or odds, else the hedging words mapped on a scale "
    "of estimative probability (docs/forecasts.md)"
)
HEDGE_HELP = "hedge: the words that say how likely the speaker thinks it is"
PRECISION_HELP = "precision: whether the date is known to the day, the month or only the year"
STATUS_HELP = (
    "unresolved: a speaker the people stage has not linked to one record across articles, "
    "grouped by the name the article gives"
)

#: Every badge, code and abbreviation the pages show, explained where it appears.
HELP = {
    "direct": "direct: the speaker's exact words, in quotation marks",
    "indirect": "indirect: reported speech (“she said that …”)",
    "mixed": "mixed: reported speech with quoted fragments",
    "cue": "cue: the reporting word (said, warned, according to …)",
    "via": VIA_HELP,
    "confidence": CONFIDENCE_HELP,
    "direction": DIRECTION_HELP,
    "probability": PROBABILITY_HELP,
    "hedge": HEDGE_HELP,
    "conditional": "conditional: the forecast holds only if something else happens first",
    "precision": PRECISION_HELP,
    "status": STATUS_HELP,
    "person_kind": "kind: person, organisation or outlet",
    "genre": "genre: news, opinion … as the article's own cues suggest",
    "removed": "removed: stretches of scraping residue cut from the text (menus, captions …)",
    "similarity": "similarity: estimated share of text two articles have in common (0–1)",
    "stance": "stance: yes = expects it, no = expects it not to happen, uncertain = neither or no "
    "number given",
    "stance_probability": "probability: the mean probability of the voice's relevant forecasts",
}


# -- statements ------------------------------------------------------------------------------

STATEMENTS_SQL = f"""
SELECT s.id, s.article, s.start, s."end", s.text, s.kind, s.cue, s.speaker_mention,
       s.cue_start, s.cue_end, s.speaker_start, s.speaker_end,
       coalesce(p.name, nullif(s.speaker, '')) AS speaker, s.speaker_id,
       {_speaker_key_sql("s")} AS speaker_key,
       coalesce(p.name, nullif(s.speaker, ''), nullif(s.speaker_mention, ''),
                '{UNKNOWN_SPEAKER}') AS speaker_label,
       p.aliases AS speaker_aliases, nullif(s.via, '') AS via, s.confidence, s.group_id,
       (SELECT min(f.event) FROM forecasts f WHERE f.statement = s.id) AS event,
       {OUTLET_SQL} AS outlet, a.published, a.title AS article_title, a.source, a.url
FROM statements s
LEFT JOIN articles a ON a.id = s.article
LEFT JOIN people p ON p.id = s.speaker_id
"""


def _record(cls: type, row: dict[str, Any], **values: Any) -> Any:
    """A view record from a list row: the fields the row has, with ``values`` over them."""
    fields = {f.name for f in dataclasses.fields(cls)}
    given = {k: v for k, v in row.items() if k in fields}
    common = {"text": row["text"] or "", "outlet": outlet_label(row["outlet"])}
    return cls(**{**given, **common, "source": row.get("source") or "", **values})


def statement_record(row: dict[str, Any]) -> StatementView:
    kind, confidence = row["kind"] or "", float(row["confidence"] or 0.0)
    return _record(StatementView, row, kind=kind, confidence=confidence)


# Columns and filters statements and forecasts share: who, where, when, and the exact span.
SAID_BY = (
    Column("id", "id", sortable=False),
    Column("published", "date", help="the article's publication date"),
    Column("outlet", "outlet"),
    Column("speaker", "speaker"),
    Column("speaker_id", "speaker id", sortable=False),
)
SPAN = (
    Column("article", "article", sortable=False),
    Column("start", "start", sortable=False, numeric=True),
    Column("end", "end", sortable=False, numeric=True),
    Column("source", "file or URL", sortable=False),
)


def _speaker_filter(*names: str) -> Filter:
    return Filter(
        "speaker",
        "speaker",
        "person",
        ("speaker_key", "speaker_label", *names, "speaker_aliases"),
        help="a person's id, or any part of a name or an alias",
    )


WHERE_FILTERS = (
    Filter("outlet", "outlet", "exact", ("outlet",)),
    Filter("article", "article", "exact", ("article",), shown=False),
    Filter("id", "id", "exact", ("id",), shown=False),
)
SPEAKER_FACET = Facet("speaker", "speaker", "speaker_key", "speaker_label", "speaker unknown")


STATEMENTS = ListSpec(
    name="statements",
    title="Statements",
    sql=STATEMENTS_SQL,
    columns=(
        *SAID_BY,
        Column("speaker_mention", "named as", help="how the article names the speaker"),
        Column("kind", "kind", help=KIND_HELP),
        Column("cue", "cue", help="cue: the reporting word (said, warned, according to …)"),
        Column("via", "via", help=VIA_HELP),
        Column("text", "words"),
        Column("confidence", "conf.", numeric=True, help=CONFIDENCE_HELP),
        Column("event", "forecast event", help="the event the statement forecasts, if any"),
        *SPAN,
    ),
    filters=(
        Filter("q", "words", "words", ("text", "speaker_label", "speaker_mention", "via")),
        _speaker_filter("speaker_mention"),
        Filter("kind", "kind", "exact", ("kind",), help=KIND_HELP),
        Filter("via", "relayed via", "exact", ("via",), help=VIA_HELP),
        Filter("event", "forecast event", "exact", ("event",)),
        *WHERE_FILTERS,
    ),
    facets=(
        SPEAKER_FACET,
        Facet("outlet", "outlet", "outlet"),
        Facet("kind", "kind", "kind"),
        Facet("via", "relayed via", "via", none_label="no relay named"),
        Facet("event", "forecast event", "event", none_label="no forecast"),
    ),
    default_sort='"published" NULLS LAST, "article", "start"',
    date_column="published",
    date_label="published",
    item="statement",
    items="statements",
    record=statement_record,
)


# -- forecasts -------------------------------------------------------------------------------

FORECASTS_SQL = f"""
SELECT f.id, f.article, f.start, f."end", f.text,
       coalesce(p.name, nullif(f.speaker, '')) AS speaker, f.speaker_id,
       {_speaker_key_sql("f")} AS speaker_key,
       coalesce(p.name, nullif(f.speaker, ''),
                CASE WHEN f.voice = 'author' THEN 'author, ' || {OUTLET_SQL} END,
                nullif(f.speaker_mention, ''), '{UNKNOWN_SPEAKER}') AS speaker_label,
       p.aliases AS speaker_aliases, f.event, coalesce(f.direction, 'uncertain') AS direction,
       f.hedge, f.probability, coalesce(f.conditional, false) AS conditional, f.statement,
       f.voice, f.speaker_mention, f.event_group,
       {OUTLET_SQL} AS outlet, a.published, a.title AS article_title, a.source, a.url
FROM forecasts f
LEFT JOIN articles a ON a.id = f.article
LEFT JOIN people p ON p.id = f.speaker_id
"""


def forecast_record(row: dict[str, Any]) -> ForecastView:
    direction, conditional = row["direction"] or "uncertain", bool(row["conditional"])
    return _record(
        ForecastView, row, event=row["event"] or "", direction=direction, conditional=conditional
    )


FORECASTS = ListSpec(
    name="forecasts",
    title="Forecasts",
    sql=FORECASTS_SQL,
    columns=(
        *SAID_BY,
        Column("event", "event", help="what the forecast is about, as a short proposition"),
        Column("direction", "direction", help=DIRECTION_HELP),
        Column("probability", "probability", numeric=True, help=PROBABILITY_HELP),
        Column("hedge", "hedge", help=HEDGE_HELP),
        Column(
            "conditional", "conditional", help="conditional: holds only if something else happens"
        ),
        Column("text", "words"),
        Column("statement", "statement", sortable=False),
        *SPAN,
    ),
    filters=(
        Filter("q", "words", "words", ("text", "event", "speaker_label", "hedge")),
        _speaker_filter(),
        Filter("direction", "direction", "exact", ("direction",), help=DIRECTION_HELP),
        Filter("event", "event", "exact", ("event",)),
        Filter("hedge", "hedge", "exact", ("hedge",), help=HEDGE_HELP),
        Filter("statement", "statement", "exact", ("statement",), shown=False),
        Filter("event_group", "same event", "exact", ("event_group",), shown=False),
        *WHERE_FILTERS,
    ),
    facets=(
        SPEAKER_FACET,
        Facet("outlet", "outlet", "outlet"),
        Facet("direction", "direction", "direction"),
        Facet("event", "event", "event"),
        Facet("hedge", "hedge", "hedge", none_label="no hedge"),
    ),
    default_sort='"published" NULLS LAST, "article", "start"',
    date_column="published",
    date_label="published",
    item="forecast",
    items="forecasts",
    record=forecast_record,
)


# -- people ----------------------------------------------------------------------------------

PEOPLE_SQL = f"""
WITH said AS (
    SELECT coalesce({_speaker_key_sql("s")}, '{UNKNOWN_KEY}') AS id,
           min(coalesce(nullif(s.speaker, ''), '{UNKNOWN_SPEAKER}')) AS said_name,
           count(*) AS n_statements, count(DISTINCT s.article) AS n_said_articles
    FROM statements s GROUP BY 1
), predicted AS (
    SELECT {_speaker_key_sql("f")} AS id, min(f.speaker) AS said_name, count(*) AS n_forecasts
    FROM forecasts f WHERE {_speaker_key_sql("f")} IS NOT NULL GROUP BY 1
), joined AS (
    SELECT coalesce(p.id, sd.id, pr.id) AS id,
           coalesce(p.name, sd.said_name, pr.said_name) AS name,
           CASE WHEN p.id IS NOT NULL THEN coalesce(p.kind, 'person')
                WHEN sd.id = '{UNKNOWN_KEY}' THEN 'unknown' ELSE 'person' END AS kind,
           coalesce(p.roles, []) AS roles, coalesce(p.aliases, []) AS aliases,
           coalesce(len(p.articles), sd.n_said_articles, 0) AS n_articles,
           coalesce(sd.n_statements, 0) AS n_statements,
           coalesce(pr.n_forecasts, 0) AS n_forecasts,
           CASE WHEN p.id IS NOT NULL THEN 'resolved' ELSE 'unresolved' END AS status
    FROM people p
    FULL OUTER JOIN said sd ON sd.id = p.id
    FULL OUTER JOIN predicted pr ON pr.id = coalesce(p.id, sd.id)
)
SELECT *, CASE WHEN n_statements + n_forecasts > 0 THEN 'quoted' ELSE 'mentioned only' END
          AS voice
FROM joined
"""

PEOPLE = ListSpec(
    name="people",
    title="People",
    sql=PEOPLE_SQL,
    columns=(
        Column("id", "id", sortable=False),
        Column("name", "name"),
        Column("kind", "kind", help="person, organisation or outlet"),
        Column("roles", "roles", sortable=False, help="what the articles call them"),
        Column("aliases", "aliases", sortable=False, help="other spellings and names used"),
        Column("n_statements", "statements", numeric=True),
        Column("n_forecasts", "forecasts", numeric=True),
        Column("n_articles", "articles", numeric=True),
        Column("status", "status", help=STATUS_HELP),
        Column("voice", "voice", help="quoted: has statements or forecasts"),
    ),
    filters=(
        Filter("q", "name", "words", ("name", "aliases", "roles")),
        Filter("kind", "kind", "exact", ("kind",)),
        Filter("voice", "voice", "exact", ("voice",)),
        Filter("status", "status", "exact", ("status",), help=STATUS_HELP),
        Filter("id", "id", "exact", ("id",), shown=False),
    ),
    facets=(
        Facet("voice", "voice", "voice"),
        Facet("kind", "kind", "kind"),
        Facet("status", "status", "status"),
    ),
    default_sort=(
        f'"id" = \'{UNKNOWN_KEY}\', "n_statements" DESC, "n_forecasts" DESC, '
        '"n_articles" DESC, lower("name")'
    ),
    item="person",
    items="people",
)


# -- articles --------------------------------------------------------------------------------

ARTICLES = ListSpec(
    name="articles",
    title="Articles",
    sql=f"""
    SELECT a.id, a.published, {OUTLET_SQL} AS outlet, a.title, a.author, a.genre, a.source,
           a.url, a.text AS body,
           (SELECT count(*) FROM statements s WHERE s.article = a.id) AS n_statements,
           (SELECT count(*) FROM forecasts f WHERE f.article = a.id) AS n_forecasts,
           len(coalesce(a.removed, [])) AS n_removed
    FROM articles a
    """,
    columns=(
        Column("id", "id", sortable=False),
        Column("published", "date"),
        Column("outlet", "outlet"),
        Column("title", "title"),
        Column("author", "author"),
        Column("genre", "genre", help="news, opinion, interview … as the article's cues suggest"),
        Column("n_statements", "statements", numeric=True),
        Column("n_forecasts", "forecasts", numeric=True),
        Column(
            "n_removed",
            "removed",
            numeric=True,
            help="removed: stretches of scraping residue cut from the text (menus, captions …)",
        ),
        Column("source", "file or URL", sortable=False),
    ),
    filters=(
        Filter("q", "words", "words", ("title", "body")),
        Filter("outlet", "outlet", "exact", ("outlet",)),
        Filter("genre", "genre", "exact", ("genre",)),
        Filter("author", "author", "exact", ("author",)),
    ),
    facets=(
        Facet("outlet", "outlet", "outlet"),
        Facet("genre", "genre", "genre", none_label="no genre"),
        Facet("author", "author", "author", none_label="no author"),
    ),
    default_sort='"published" NULLS LAST, "outlet"',
    unfetched=("body",),
    date_column="published",
    date_label="published",
    item="article",
    items="articles",
)


# -- events ----------------------------------------------------------------------------------

EVENTS = ListSpec(
    name="events",
    title="Events",
    sql=f"""
    WITH reports AS (
        SELECT id, unnest(reports, recursive := true) FROM events
    ), reported AS (
        SELECT r.id, string_agg(DISTINCT {OUTLET_SQL}, '; ') AS outlets,
               min(a.published) AS first_reported
        FROM reports r LEFT JOIN articles a ON a.id = r.article GROUP BY r.id
    )
    SELECT e.id, e.date, e.precision, coalesce(e.summary, '') AS summary,
           len(coalesce(e.reports, [])) AS n_reports, r.outlets, r.first_reported
    FROM events e LEFT JOIN reported r ON r.id = e.id
    UNION ALL BY NAME
    SELECT m.id, m.date, m.precision, coalesce(m.summary, m.text, '') AS summary,
           1 AS n_reports, {OUTLET_SQL} AS outlets, a.published AS first_reported
    FROM event_mentions m JOIN articles a ON a.id = m.article
    WHERE NOT EXISTS (SELECT 1 FROM events)
    """,
    columns=(
        Column("id", "id", sortable=False),
        Column("date", "date", help="when it happened (or will), as the articles date it"),
        Column("precision", "precision", help=PRECISION_HELP),
        Column("summary", "event"),
        Column("n_reports", "reports", numeric=True, help="articles reporting it"),
        Column("outlets", "reported by"),
        Column("first_reported", "first reported"),
    ),
    filters=(
        Filter("q", "words", "words", ("summary",)),
        Filter("precision", "precision", "exact", ("precision",), help=PRECISION_HELP),
    ),
    facets=(Facet("precision", "precision", "precision", none_label="no date"),),
    default_sort='"date" NULLS LAST, "first_reported" NULLS LAST',
    date_column="date",
    date_label="happened",
    item="event",
    items="events",
)


# -- outlets ---------------------------------------------------------------------------------

OUTLETS = ListSpec(
    name="outlets",
    title="Outlets",
    sql=f"""
    WITH art AS (
        SELECT a.id, {OUTLET_SQL} AS outlet, a.published, a.genre FROM articles a
    ), said AS (
        SELECT art.outlet, count(*) AS n_statements, count(s.via) AS n_relayed,
               count(DISTINCT {_speaker_key_sql("s")}) AS n_voices
        FROM statements s JOIN art ON art.id = s.article GROUP BY 1
    ), predicted AS (
        SELECT art.outlet, count(*) AS n_forecasts
        FROM forecasts f JOIN art ON art.id = f.article GROUP BY 1
    )
    SELECT art.outlet AS id, art.outlet, count(*) AS n_articles,
           string_agg(DISTINCT art.genre, '; ' ORDER BY art.genre) AS genres,
           min(art.published) AS first_published, max(art.published) AS last_published,
           coalesce(any_value(said.n_statements), 0) AS n_statements,
           coalesce(any_value(said.n_voices), 0) AS n_voices,
           coalesce(any_value(said.n_relayed), 0) AS n_relayed,
           coalesce(any_value(predicted.n_forecasts), 0) AS n_forecasts
    FROM art LEFT JOIN said USING (outlet) LEFT JOIN predicted USING (outlet)
    GROUP BY art.outlet
    """,
    columns=(
        Column("outlet", "outlet"),
        Column("n_articles", "articles", numeric=True),
        Column("n_statements", "statements", numeric=True),
        Column("n_voices", "voices", numeric=True, help="voices: distinct speakers quoted"),
        Column("n_relayed", "relayed", numeric=True, help="statements with a named relay (via)"),
        Column("n_forecasts", "forecasts", numeric=True),
        Column("genres", "genres"),
        Column("first_published", "first article"),
        Column("last_published", "last article"),
    ),
    filters=(
        Filter("q", "name", "words", ("outlet",)),
        Filter("genres", "genre", "exact", ("genres",)),
    ),
    facets=(Facet("genres", "genre", "genres", none_label="no genre"),),
    default_sort='"n_statements" DESC, "n_articles" DESC, "outlet"',
    item="outlet",
    items="outlets",
)

LISTS = {spec.name: spec for spec in (STATEMENTS, PEOPLE, ARTICLES, FORECASTS, EVENTS, OUTLETS)}
