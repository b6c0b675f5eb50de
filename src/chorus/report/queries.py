"""Read a build's tables into view records: statements, people, forecasts, events, outlets.

Each function reads a ``Store`` and returns plain dataclasses (``chorus.report.records``); no
HTML is produced here. Tables filled by later stages may be empty: every view copes with that
and shows what there is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from chorus.report import listing, lists
from chorus.report.listing import like_pattern, search_tokens
from chorus.report.records import (
    SNIPPET_CHARS,
    UNKNOWN_KEY,
    UNKNOWN_OUTLET,
    UNKNOWN_SPEAKER,
    ArticleSummary,
    ErrorView,
    EventView,
    EvidenceSpan,
    ForecastView,
    LinkView,
    OutcomeView,
    OutletView,
    Overview,
    PersonView,
    ProvenanceCluster,
    ProvenanceGroup,
    StatementView,
    json_value,
    name_key,
    outlet_label,
    source_label,
)
from chorus.store import Store


def _article_conditions(filters: StatementFilter, where: list[str], params: list) -> None:
    """Outlet and date-range conditions on articles ``a``, shared by every filtered view."""
    if filters.outlet:
        if filters.outlet == UNKNOWN_OUTLET:
            where.append("a.outlet IS NULL")
        else:
            where.append("a.outlet = ?")
            params.append(filters.outlet)
    if filters.date_from:
        where.append("a.published >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        # "2023-02" as an upper bound includes every day of February.
        where.append("a.published <= ?")
        params.append(filters.date_to + "\uffff")


@dataclass
class StatementFilter:
    """Filters shared by the statements page, search and the JSON API."""

    query: str | None = None
    speaker: str | None = None  # person id, or a substring of the speaker's name or mention
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    article: str | None = None
    kind: str | None = None
    via: str | None = None

    def params(self) -> dict[str, str]:
        """The same filters as URL parameters of the statements list."""
        values = {
            "q": self.query,
            "speaker": self.speaker,
            "outlet": self.outlet,
            "from": self.date_from,
            "to": self.date_to,
            "article": self.article,
            "kind": self.kind,
            "via": self.via,
        }
        return {k: v for k, v in values.items() if v}


def statements(
    store: Store,
    filters: StatementFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StatementView]:
    """Statements, filtered, in reading order (date, article, position), ``limit`` at most."""
    request = listing.parse_request(lists.STATEMENTS, (filters or StatementFilter()).params())
    paging = {"limit": limit, "offset": offset} if limit else {"paged": False}
    return listing.select(store, lists.STATEMENTS, replace(request, **paging))


def article_summaries(store: Store, article_id: str | None = None) -> list[ArticleSummary]:
    """Articles in date order (or just ``article_id``) with their statement counts."""
    where = "WHERE a.id = ?" if article_id else ""
    rows = store.rows(
        f"""
        SELECT a.id, a.title, a.outlet, a.published, a.author, a.genre, a.source, a.url,
               len(coalesce(a.removed, [])) AS n_removed, count(s.id) AS n_statements
        FROM articles a LEFT JOIN statements s ON s.article = a.id
        {where}
        GROUP BY ALL ORDER BY a.published NULLS LAST, a.outlet, a.id
        """,
        [article_id] if article_id else [],
    )
    return [
        ArticleSummary(
            id=r["id"],
            title=r["title"],
            outlet=outlet_label(r["outlet"]),
            published=r["published"],
            author=r["author"],
            genre=r["genre"],
            source=source_label(r["source"], r["url"]),
            n_statements=int(r["n_statements"]),
            n_removed=int(r["n_removed"]),
            url=r["url"],
        )
        for r in rows
    ]


def search_articles(
    store: Store, query: str | None, filters: StatementFilter | None = None, limit: int = 50
) -> list[tuple[ArticleSummary, list[tuple[str, bool]]]]:
    """Articles whose title or cleaned text holds every query word, with a marked snippet."""
    tokens = search_tokens(query)
    filters = filters or StatementFilter()
    if not tokens:
        return []
    where, params = [], []
    for token in tokens:
        where.append("(a.text ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\')")
        params += [like_pattern(token)] * 2
    _article_conditions(filters, where, params)
    rows = store.rows(
        "SELECT a.id, a.text FROM articles a WHERE "
        + " AND ".join(where)
        + f" ORDER BY a.published NULLS LAST, a.id LIMIT {int(limit)}",
        params,
    )
    by_id = {a.id: a for a in article_summaries(store)}
    hits = []
    for row in rows:
        text = row["text"] or ""
        first = min(
            (m.start() for t in tokens for m in [re.search(re.escape(t), text, re.I)] if m),
            default=0,
        )
        lo = max(0, first - SNIPPET_CHARS // 2)
        if lo:  # start the snippet at a word boundary
            space = text.find(" ", lo, first)
            lo = space + 1 if space >= 0 else lo
        snippet = ("…" if lo else "") + text[lo : lo + SNIPPET_CHARS].replace("\n", " ") + "…"
        hits.append((by_id[row["id"]], highlight(snippet, tokens)))
    return hits


def _people_rows(store: Store) -> list[dict[str, Any]]:
    return store.rows("SELECT * FROM people ORDER BY name")


def forecasts(
    store: Store, speaker_key: str | None = None, article: str | None = None
) -> list[ForecastView]:
    """Forecasts in reading order, optionally of one speaker or one article."""
    params = {"speaker": speaker_key or "", "article": article or ""}
    request = listing.parse_request(lists.FORECASTS, params, paged=False)
    views = listing.select(store, lists.FORECASTS, request)
    # A speaker's key selects exactly: a name that merely contains it is someone else.
    return [f for f in views if not speaker_key or f.speaker_key == speaker_key]


def people(store: Store) -> list[PersonView]:
    """Resolved people with their statements and forecasts, then speakers not yet resolved.

    Until the people stage has linked a statement to a person, its speaker is grouped by the
    name the article gave, marked unresolved, so nothing said disappears from the views.
    """
    persons: dict[str, PersonView] = {}
    for r in _people_rows(store):
        persons[r["id"]] = PersonView(
            key=r["id"],
            name=r["name"],
            kind=r["kind"] or "person",
            aliases=list(r["aliases"] or []),
            roles=list(r["roles"] or []),
            articles=list(r["articles"] or []),
            resolved=True,
        )
    unknown: PersonView | None = None
    for s in statements(store):
        key = s.speaker_key
        if key is None:
            if unknown is None:
                unknown = PersonView(UNKNOWN_KEY, UNKNOWN_SPEAKER, "unknown", [], [], [], False)
            unknown.statements.append(s)
            continue
        if key not in persons:
            persons[key] = PersonView(key, s.speaker or key, "person", [], [], [], False)
        person = persons[key]
        person.statements.append(s)
        if not person.resolved and s.article not in person.articles:
            person.articles.append(s.article)
    for f in forecasts(store):
        if not f.speaker_key:
            continue
        if f.speaker_key not in persons:
            persons[f.speaker_key] = PersonView(
                f.speaker_key, f.speaker or f.speaker_key, "person", [], [], [], False
            )
        persons[f.speaker_key].forecasts.append(f)
    ordered = sorted(
        persons.values(),
        key=lambda p: (-len(p.statements), -len(p.forecasts), -len(p.articles), p.name.lower()),
    )
    if unknown is not None:
        ordered.append(unknown)
    return ordered


def split_voices(persons: list[PersonView]) -> tuple[list[PersonView], list[PersonView]]:
    """(voices: people with statements or forecasts, the rest: only mentioned)."""
    voices = [p for p in persons if p.statements or p.forecasts]
    return voices, [p for p in persons if not (p.statements or p.forecasts)]


def person(store: Store, key: str) -> PersonView | None:
    """One person (or unresolved speaker, or the unknown speaker) with all they said."""
    request = listing.parse_request(lists.PEOPLE, {"id": key}, paged=False)
    rows = listing.select(store, lists.PEOPLE, request)
    if not rows:
        return None
    row = rows[0]
    speaker = listing.NONE if key == UNKNOWN_KEY else key
    wanted = None if key == UNKNOWN_KEY else key
    said = [
        s for s in statements(store, StatementFilter(speaker=speaker)) if s.speaker_key == wanted
    ]
    resolved = row["status"] == "resolved"
    articles = store.rows("SELECT articles FROM people WHERE id = ?", [key]) if resolved else []
    return PersonView(
        key=key,
        name=row["name"] or key,
        kind=row["kind"],
        aliases=list(row["aliases"] or []),
        roles=list(row["roles"] or []),
        articles=list(articles[0]["articles"] or []) if articles else _articles_of(said),
        resolved=resolved,
        statements=said,
        forecasts=forecasts(store, speaker_key=key) if key != UNKNOWN_KEY else [],
    )


def _articles_of(items: list[StatementView]) -> list[str]:
    return list(dict.fromkeys(s.article for s in items))


def events(store: Store) -> list[EventView]:
    """Merged events (cross-article), or each event mention alone until they are merged."""
    titles = {a.id: a for a in article_summaries(store)}

    def span(article: str, start: int, end: int) -> EvidenceSpan:
        a = titles.get(article)
        return EvidenceSpan(article, start, end, a.outlet if a else UNKNOWN_OUTLET, a and a.title)

    merged = store.rows("SELECT * FROM events ORDER BY date NULLS LAST, id")
    if merged:
        return [
            EventView(
                id=r["id"],
                date=r["date"],
                precision=r["precision"],
                summary=r["summary"] or "",
                reports=[
                    span(rep["article"], int(rep["start"]), int(rep["end"]))
                    for rep in (r["reports"] or [])
                    if rep.get("article") in titles
                ],
            )
            for r in merged
        ]
    mentions = store.rows("SELECT * FROM event_mentions ORDER BY date NULLS LAST, article, start")
    return [
        EventView(
            id=r["id"],
            date=r["date"],
            precision=r["precision"],
            summary=r["summary"] or r["text"] or "",
            reports=[span(r["article"], int(r["start"]), int(r["end"]))],
        )
        for r in mentions
        if r["article"] in titles
    ]


def outlets(store: Store) -> list[OutletView]:
    """Per outlet: its articles, genres, whom it quotes and whom it mentions."""
    summaries = article_summaries(store)
    by_outlet: dict[str, OutletView] = {}
    for a in summaries:
        view = by_outlet.setdefault(a.outlet, OutletView(a.outlet, [], [], [], []))
        view.articles.append(a)
        if a.genre and a.genre not in view.genres:
            view.genres.append(a.genre)
    voices = store.rows(
        f"WITH s AS ({lists.STATEMENTS_SQL}) SELECT outlet, speaker_label, speaker_key, "
        "count(*) AS n FROM s GROUP BY ALL ORDER BY outlet, n DESC, speaker_label"
    )
    for r in voices:
        if r["outlet"] in by_outlet:
            by_outlet[r["outlet"]].voices.append((r["speaker_label"], r["speaker_key"], r["n"]))
    for outlet, label, key, n in _mention_counts(store):
        if outlet in by_outlet:
            by_outlet[outlet].mentions.append((label, key, n))
    for r in store.rows("SELECT outlet, profile FROM outlet_profiles"):
        if outlet_label(r["outlet"]) in by_outlet:
            by_outlet[outlet_label(r["outlet"])].profile = json_value(r["profile"])
    return sorted(by_outlet.values(), key=lambda o: (-o.n_statements, -len(o.articles), o.outlet))


def _mention_counts(store: Store) -> list[tuple[str, str, str, int]]:
    """(outlet, person name, person key, mentions) from entities linked to people."""
    rows = store.rows(
        """
        SELECT a.outlet, e.person_id, coalesce(p.name, e.name) AS name,
               sum(len(coalesce(e.mentions, []))) AS n
        FROM entities e
        JOIN articles a ON a.id = e.article
        LEFT JOIN people p ON p.id = e.person_id
        WHERE e.kind <> 'outlet' OR e.kind IS NULL
        GROUP BY ALL ORDER BY n DESC, name
        """
    )
    return [
        (outlet_label(r["outlet"]), r["name"], r["person_id"] or name_key(r["name"]), int(r["n"]))
        for r in rows
    ]


def provenance(store: Store) -> list[ProvenanceGroup]:
    """Statements reported by more than one article, each report earliest first."""
    rows = store.rows(
        """
        SELECT r.group_id, r.statement, r.article, r.published, r.via, r.rank,
               s.text, coalesce(p.name, s.speaker) AS speaker, s.speaker_id, s.start, s."end",
               a.outlet, a.title
        FROM statement_reports r
        LEFT JOIN statements s ON s.id = r.statement
        LEFT JOIN people p ON p.id = s.speaker_id
        LEFT JOIN articles a ON a.id = r.article
        ORDER BY r.group_id, r.rank NULLS LAST, r.published NULLS LAST
        """
    )
    groups: dict[str, ProvenanceGroup] = {}
    for r in rows:
        group = groups.get(r["group_id"])
        if group is None:
            key = r["speaker_id"] or (name_key(r["speaker"]) if r["speaker"] else None)
            group = groups[r["group_id"]] = ProvenanceGroup(
                r["group_id"], r["text"] or "", r["speaker"], key, []
            )
        group.reports.append(
            {
                "statement": r["statement"],
                "article": r["article"],
                "published": r["published"],
                "via": r["via"],
                "outlet": outlet_label(r["outlet"]),
                "title": r["title"],
                "text": r["text"] or "",
                "linked": r["start"] is not None,
            }
        )
    return [g for g in groups.values() if len(g.reports) > 1]


def provenance_clusters(groups: list[ProvenanceGroup]) -> list[ProvenanceCluster]:
    """Group provenance by the articles reporting it, so a copied article is one entry."""
    clusters: dict[tuple[str, ...], ProvenanceCluster] = {}
    for group in groups:
        signature = tuple(sorted({r["article"] for r in group.reports}))
        cluster = clusters.get(signature)
        if cluster is None:
            seen: set[str] = set()
            articles = []
            for r in group.reports:
                if r["article"] not in seen:
                    seen.add(r["article"])
                    articles.append(r)
            cluster = clusters[signature] = ProvenanceCluster(articles, [])
        cluster.groups.append(group)
    return sorted(
        clusters.values(),
        key=lambda c: (len(c.groups) > 2, c.reports[0].get("published") or "~", -len(c.groups)),
    )


def article_links(store: Store) -> list[LinkView]:
    summaries = {a.id: a for a in article_summaries(store)}
    views = []
    for r in store.rows("SELECT * FROM article_links ORDER BY similarity DESC NULLS LAST"):
        if r["article"] in summaries and r["other"] in summaries:
            views.append(
                LinkView(summaries[r["article"]], summaries[r["other"]], r["similarity"], r["kind"])
            )
    return views


def outcomes(store: Store) -> list[OutcomeView]:
    return [
        OutcomeView(r["event"], r["outcome"], r["date"])
        for r in store.rows("SELECT * FROM outcomes ORDER BY date NULLS LAST, event")
    ]


def errors(store: Store) -> list[ErrorView]:
    return [
        ErrorView(source_label(e.source), e.stage, e.reason, e.detail)
        for e in store.errors()  # the store already orders them
    ]


OVERVIEW_TABLES = ("articles", "statements", "people", "forecasts", "events", "errors")


def overview(store: Store) -> Overview:
    """Counts of the main tables (only those: a database opened read-only may be older)."""
    counted = ", ".join(f'(SELECT count(*) FROM "{name}") AS "{name}"' for name in OVERVIEW_TABLES)
    counts = {name: int(n) for name, n in store.rows(f"SELECT {counted}")[0].items()}
    row = store.rows(
        "SELECT min(published) AS lo, max(published) AS hi FROM articles "
        "WHERE published IS NOT NULL"
    )[0]
    names = [
        outlet_label(r["outlet"])
        for r in store.rows("SELECT DISTINCT outlet FROM articles ORDER BY outlet NULLS LAST")
    ]
    return Overview(counts, row["lo"], row["hi"], names)


def highlight(text: str, tokens: list[str]) -> list[tuple[str, bool]]:
    """Split ``text`` into (run, matched) pieces so templates can mark search hits safely."""
    if not tokens or not text:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(t) for t in tokens), re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start() > pos:
            pieces.append((text[pos : match.start()], False))
        pieces.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
