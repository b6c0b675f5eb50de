"""Permalink views: one statement, forecast, event or person with what a citation needs.

A citation names the words, the speaker (and relay), the outlet, the date, the article's URL
or file name and the exact character span in the original input. A statement's provenance
lists every article that carries it, earliest first: where it first appeared, who relayed it
(the relay the text names), which near-copies reprinted it.
"""

from __future__ import annotations

from typing import Any

from chorus.report import listing, lists
from chorus.report.article_text import context
from chorus.report.queries import events
from chorus.report.records import (
    UNKNOWN_OUTLET,
    Citation,
    EventDetail,
    ForecastDetail,
    ForecastView,
    PersonView,
    ProvenanceStep,
    StatementDetail,
    StatementView,
    outlet_label,
    source_label,
)
from chorus.store import Store


def _one(store: Store, spec: listing.ListSpec, **params: str) -> Any:
    request = listing.parse_request(spec, params, paged=False)
    records = listing.select(store, spec, request)
    return records[0] if records else None


def _forecasts(store: Store, **params: str) -> list[ForecastView]:
    request = listing.parse_request(lists.FORECASTS, params, paged=False)
    return listing.select(store, lists.FORECASTS, request)


def statement_citation(s: StatementView) -> Citation:
    return Citation(
        "statement", s.id, s.text, s.speaker_label, s.outlet, s.published, s.source,
        s.start, s.end, s.via,
    )  # fmt: skip


def forecast_citation(f: ForecastView) -> Citation:
    return Citation(
        "forecast",
        f.id,
        f.text,
        f.speaker_label,
        f.outlet,
        f.published,
        f.source,
        f.start,
        f.end,
    )


def statement_detail(store: Store, statement_id: str) -> StatementDetail | None:
    statement: StatementView | None = _one(store, lists.STATEMENTS, id=statement_id)
    if statement is None:
        return None
    return StatementDetail(
        statement=statement,
        citation=statement_citation(statement),
        context=context(store, statement.article, statement.start, statement.end),
        provenance=provenance_of(store, statement_id),
        forecasts=_forecasts(store, statement=statement_id),
    )


def forecast_detail(store: Store, forecast_id: str) -> ForecastDetail | None:
    forecast: ForecastView | None = _one(store, lists.FORECASTS, id=forecast_id)
    if forecast is None:
        return None
    if forecast.event_group:  # the same event across voices and articles
        same = _forecasts(store, event_group=forecast.event_group)
    else:
        same = _forecasts(store, event=forecast.event) if forecast.event else []
    return ForecastDetail(
        forecast=forecast,
        citation=forecast_citation(forecast),
        context=context(store, forecast.article, forecast.start, forecast.end),
        same_event=[f for f in same if f.id != forecast.id],
    )


def event_detail(store: Store, event_id: str) -> EventDetail | None:
    event = next((e for e in events(store) if e.id == event_id), None)
    if event is None:
        return None
    articles = _articles(store, [r.article for r in event.reports])
    reports = [
        (r, context(store, r.article, r.start, r.end), articles.get(r.article, {}).get("published"))
        for r in event.reports
    ]
    reports.sort(key=lambda item: (item[2] is None, item[2] or ""))
    citation = None
    if reports:
        first, _, published = reports[0]
        words = f"{event.date or 'undated'}: {event.summary}"
        source = articles.get(first.article, {}).get("source", "")
        citation = Citation(
            "event", event.id, words, None, first.outlet, published, source, first.start, first.end
        )
    return EventDetail(event, citation, reports)


def person_citation(store: Store, person: PersonView) -> Citation | None:
    """A person as the articles present them, with the earliest article that names them."""
    rows = store.rows(
        """
        SELECT e.article, struct_extract(e.m, 'start') AS start,
               struct_extract(e.m, 'end') AS "end", a.outlet, a.published, a.source, a.url
        FROM (SELECT article, unnest(mentions) AS m FROM entities WHERE person_id = ?) e
        JOIN articles a ON a.id = e.article
        ORDER BY a.published NULLS LAST, e.article, start LIMIT 1
        """,
        [person.key],
    )
    words = person.name + (f" ({'; '.join(person.roles[:3])})" if person.roles else "")
    if rows:
        r = rows[0]
        return Citation(
            "person", person.key, words, None, outlet_label(r["outlet"]), r["published"],
            source_label(r["source"], r["url"]), r["start"], r["end"],
        )  # fmt: skip
    first = person.statements[0] if person.statements else None
    if first is None:
        return None
    start, end = first.speaker_start, first.speaker_end
    return Citation(
        "person", person.key, words, None, first.outlet, first.published, first.source, start, end
    )


# -- provenance ------------------------------------------------------------------------------


def provenance_of(store: Store, statement_id: str) -> list[ProvenanceStep]:
    """Every report of the statement's group in date order (undated last), with its role."""
    rows = store.rows(
        """
        SELECT r.statement, r.article, r.via, r.rank, a.published, a.outlet, a.title,
               a.source, a.url
        FROM statement_reports r
        JOIN statement_reports mine ON mine.group_id = r.group_id AND mine.statement = ?
        LEFT JOIN articles a ON a.id = r.article
        ORDER BY a.published NULLS LAST, r.rank NULLS LAST, r.article, r.statement
        """,
        [statement_id],
    )
    copies = _near_duplicates(store, [r["article"] for r in rows])
    steps: list[ProvenanceStep] = []
    for r in rows:
        copied_from = copies.get(r["article"], set()) & {s.article for s in steps}
        steps.append(
            ProvenanceStep(
                role=_role(r, steps, copied_from),
                statement=r["statement"],
                article=r["article"],
                outlet=outlet_label(r["outlet"]),
                published=r["published"],
                title=r["title"],
                via=r["via"],
                source=source_label(r["source"], r["url"]),
                near_duplicate=bool(copied_from),
            )
        )
    return steps


def _role(row: dict[str, Any], earlier: list[ProvenanceStep], copied_from: set[str]) -> str:
    if not earlier:
        return "first report"
    if row["via"]:
        return "relayed"
    if copied_from:
        return "reprinted"
    return "also reported"


def _near_duplicates(store: Store, articles: list[str]) -> dict[str, set[str]]:
    """For each article, the articles flagged as its near-copies (either direction)."""
    if not articles:
        return {}
    rows = store.rows(
        "SELECT article, other FROM article_links WHERE list_contains(?, article) "
        "OR list_contains(?, other)",
        [articles, articles],
    )
    pairs: dict[str, set[str]] = {}
    for r in rows:
        pairs.setdefault(r["article"], set()).add(r["other"])
        pairs.setdefault(r["other"], set()).add(r["article"])
    return pairs


def _articles(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = store.rows(
        "SELECT id, published, outlet, source, url FROM articles WHERE list_contains(?, id)",
        [ids],
    )
    return {
        r["id"]: {
            "published": r["published"],
            "outlet": r["outlet"] or UNKNOWN_OUTLET,
            "source": source_label(r["source"], r["url"]),
        }
        for r in rows
    }
