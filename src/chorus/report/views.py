"""Data for every view of a build, gathered once and rendered by both the dossier and the web UI.

Each function reads a ``Store`` and returns plain dataclasses; no HTML is produced here. Chart
geometry (coordinates, sizes) is computed here too, so the templates only place elements and
every label still goes through Jinja2 autoescaping. Tables filled by later stages may be empty:
every view copes with that and shows what there is.

Links differ between the one-page dossier (``#anchor``) and the web app (``/articles/ID#anchor``),
so templates build every href through a ``Links`` object.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from chorus.store import Store

UNKNOWN_OUTLET = "(unknown outlet)"
UNKNOWN_SPEAKER = "(speaker unknown)"
SNIPPET_CHARS = 160
LABELLED_EVENTS = 40
REMOVED_SHOWN_CHARS = 1500


# -- links -----------------------------------------------------------------------------------


def statement_anchor(statement_id: str) -> str:
    return f"s-{statement_id}"


def forecast_anchor(forecast_id: str) -> str:
    return f"f-{forecast_id}"


def span_anchor(article_id: str, start: int, end: int) -> str:
    """Anchor of an evidence span that has no id of its own (event reports)."""
    return f"x-{article_id}-{start}-{end}"


def article_anchor(article_id: str) -> str:
    return f"a-{article_id}"


def person_anchor(person_key: str) -> str:
    return f"p-{re.sub(r'[^A-Za-z0-9_-]', '_', person_key)}"


@dataclass(frozen=True)
class Links:
    """Builds hrefs: in-page anchors for the dossier, app routes for the web UI."""

    web: bool = False

    def _in_article(self, article_id: str, anchor: str) -> str:
        return f"/articles/{article_id}#{anchor}" if self.web else f"#{anchor}"

    def article(self, article_id: str) -> str:
        return f"/articles/{article_id}" if self.web else f"#{article_anchor(article_id)}"

    def statement(self, article_id: str, statement_id: str) -> str:
        return self._in_article(article_id, statement_anchor(statement_id))

    def forecast(self, article_id: str, forecast_id: str) -> str:
        return self._in_article(article_id, forecast_anchor(forecast_id))

    def span(self, article_id: str, start: int, end: int) -> str:
        return self._in_article(article_id, span_anchor(article_id, start, end))

    def person(self, person_key: str) -> str:
        if self.web:
            return f"/people/{quote(person_key, safe='')}"
        return f"#{person_anchor(person_key)}"

    def outlet(self, outlet: str) -> str:
        if self.web:
            return f"/statements?outlet={quote(outlet, safe='')}"
        return f"#outlet-{re.sub(r'[^A-Za-z0-9_-]', '_', outlet)}"


# -- records for views -----------------------------------------------------------------------


@dataclass
class StatementView:
    """A statement with what a reader needs beside it: who, through whom, where, when."""

    id: str
    article: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker_mention: str | None
    speaker: str | None
    speaker_id: str | None
    speaker_key: str | None
    via: str | None
    confidence: float
    outlet: str
    published: str | None
    article_title: str | None
    group_id: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None

    @property
    def speaker_label(self) -> str:
        return self.speaker or self.speaker_mention or UNKNOWN_SPEAKER


@dataclass
class PersonView:
    """A person (or organisation/outlet) with everything attributed to them."""

    key: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]
    articles: list[str]
    resolved: bool
    statements: list[StatementView] = field(default_factory=list)
    forecasts: list[ForecastView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return person_anchor(self.key)


@dataclass
class ForecastView:
    id: str
    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_key: str | None
    event: str
    direction: str
    hedge: str | None
    probability: float | None
    conditional: bool
    outlet: str
    published: str | None


@dataclass
class EvidenceSpan:
    article: str
    start: int
    end: int
    outlet: str
    title: str | None


@dataclass
class EventView:
    id: str
    date: str | None
    precision: str | None
    summary: str
    reports: list[EvidenceSpan]


@dataclass
class ArticleSummary:
    id: str
    title: str | None
    outlet: str
    published: str | None
    author: str | None
    genre: str | None
    source: str
    n_statements: int
    n_removed: int

    @property
    def label(self) -> str:
        return self.title or self.source.rsplit("/", 1)[-1]


@dataclass
class Anchor:
    """An evidence span starting at this point of the article text."""

    id: str
    kind: str  # statement | forecast | event
    label: str
    person_key: str | None = None


@dataclass
class Piece:
    """A run of original text with one set of marks: what to highlight, whether it was removed."""

    text: str
    removed: str | None  # the cleaner's reason when this run was removed
    marks: tuple[str, ...]  # statement | cue | speaker | forecast | event
    anchors: list[Anchor] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"m-{m}" for m in self.marks)

    @property
    def display(self) -> str:
        """The text to show: long removed runs (page markup) are shortened, never evidence."""
        if self.removed is None or len(self.text) <= REMOVED_SHOWN_CHARS:
            return self.text
        omitted = len(self.text) - REMOVED_SHOWN_CHARS
        head = self.text[: REMOVED_SHOWN_CHARS - 200]
        return f"{head} … [{omitted} characters not shown] … {self.text[-200:]}"


@dataclass
class RemovedView:
    start: int
    end: int
    reason: str
    text: str


@dataclass
class ArticleView:
    summary: ArticleSummary
    text: str  # cleaned body
    pieces: list[Piece]
    removed: list[RemovedView]
    statements: list[StatementView]
    genre_evidence: list[str]
    url: str | None
    shown: str = "original"  # original | cleaned (page sources are shown as their clean text)


@dataclass
class Bar:
    label: str
    y: float
    segments: list[tuple[float, float, str, int]]  # x, width, css class, count
    total: int
    href: str | None = None


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    legend: list[tuple[str, str]]  # css class, label


@dataclass
class GraphNode:
    key: str
    label: str
    x: float
    y: float
    side: str  # outlet | speaker
    weight: int
    href: str | None
    css: str = ""


@dataclass
class GraphEdge:
    path: str
    width: float
    kind: str  # "mentions", or "quotes" plus the outlet's colour class
    title: str


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


@dataclass
class TimelineDot:
    x: float
    y: float
    event: EventView
    href: str | None
    label: str | None = None  # shown beside the dot when there are few events
    label_left: bool = False
    period_x: float = 0.0  # a month or year is drawn as a bar over its whole period
    period_width: float = 0.0

    @property
    def label_x(self) -> float:
        """Where the label starts (or ends, when on the left), clear of the dot and the bar."""
        if self.label_left:
            return min(self.x, self.period_x) - 9 if self.period_width else self.x - 9
        return max(self.x, self.period_x + self.period_width) + 9


@dataclass
class TimelineChart:
    width: int
    height: int
    axis_y: float
    ticks: list[tuple[float, str]]
    dots: list[TimelineDot]
    undated: int


@dataclass
class ForecastDot:
    x: float
    y: float
    forecast: ForecastView
    href: str


@dataclass
class ForecastChart:
    width: int
    height: int
    label_width: int
    rows: list[tuple[str, float]]  # speaker label, y
    dots: list[ForecastDot]
    ticks: list[tuple[float, str]]


@dataclass
class OutletView:
    outlet: str
    articles: list[ArticleSummary]
    genres: list[str]
    voices: list[tuple[str, str | None, int]]  # speaker label, person key, statements
    mentions: list[tuple[str, str | None, int]]  # person label, person key, mentions
    profile: Any = None

    @property
    def anchor(self) -> str:
        return "outlet-" + re.sub(r"[^A-Za-z0-9_-]", "_", self.outlet)

    @property
    def n_statements(self) -> int:
        return sum(n for _, _, n in self.voices)


@dataclass
class ProvenanceGroup:
    id: str
    text: str
    speaker: str | None
    speaker_key: str | None
    reports: list[dict[str, Any]]


@dataclass
class LinkView:
    article: ArticleSummary
    other: ArticleSummary
    similarity: float | None
    kind: str | None


@dataclass
class StanceRow:
    """One voice's or outlet's stance on the question, with the evidence behind it."""

    name: str
    stance: str
    probability: float | None
    evidence: list[dict[str, Any]]  # items of the report's evidence list, linked by id


@dataclass
class QuestionView:
    """A question's report; structured when it has the stance stage's shape, else raw JSON."""

    question: str
    report: Any
    asked_at: Any
    voices: list[StanceRow] | None = None
    outlets: list[StanceRow] | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def structured(self) -> bool:
        return self.voices is not None


@dataclass
class ErrorView:
    source: str
    stage: str | None
    reason: str
    detail: str


@dataclass
class Overview:
    counts: dict[str, int]
    first_date: str | None
    last_date: str | None
    outlets: list[str]


# -- helpers ---------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    """JSON columns come back as text; parse them (leave anything unparseable as text)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _outlet(value: str | None) -> str:
    return value or UNKNOWN_OUTLET


def _name_key(name: str) -> str:
    return "name:" + re.sub(r"\s+", " ", name.strip().lower())


def _speaker_key(row: dict[str, Any]) -> str | None:
    if row.get("speaker_id"):
        return str(row["speaker_id"])
    if row.get("speaker"):
        return _name_key(row["speaker"])
    return None


_STATEMENT_SQL = """
SELECT s.id, s.article, s.start, s."end", s.text, s.kind, s.cue, s.speaker_mention,
       s.cue_start, s.cue_end, s.speaker_start, s.speaker_end,
       coalesce(p.name, s.speaker) AS speaker, s.speaker_id, s.via, s.confidence, s.group_id,
       a.outlet, a.published, a.title AS article_title
FROM statements s
LEFT JOIN articles a ON a.id = s.article
LEFT JOIN people p ON p.id = s.speaker_id
"""


def _statement(row: dict[str, Any]) -> StatementView:
    return StatementView(
        id=row["id"],
        article=row["article"],
        start=row["start"],
        end=row["end"],
        text=row["text"] or "",
        kind=row["kind"] or "",
        cue=row["cue"],
        speaker_mention=row["speaker_mention"],
        speaker=row["speaker"],
        speaker_id=row["speaker_id"],
        speaker_key=_speaker_key(row),
        via=row["via"],
        confidence=float(row["confidence"] or 0.0),
        outlet=_outlet(row["outlet"]),
        published=row["published"],
        article_title=row["article_title"],
        group_id=row.get("group_id"),
        cue_start=row.get("cue_start"),
        cue_end=row.get("cue_end"),
        speaker_start=row.get("speaker_start"),
        speaker_end=row.get("speaker_end"),
    )


def search_tokens(query: str | None) -> list[str]:
    """Words of a search query; every one must occur (case-insensitive) in a hit."""
    return [t for t in re.findall(r"\w+", query or "") if t][:8]


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


def _like(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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


# -- queries ---------------------------------------------------------------------------------


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


def statements(
    store: Store,
    filters: StatementFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StatementView]:
    """Statements, filtered, in reading order (date, article, position)."""
    filters = filters or StatementFilter()
    where: list[str] = []
    params: list[Any] = []
    for token in search_tokens(filters.query):
        where.append(
            "(s.text ILIKE ? ESCAPE '\\' OR s.speaker ILIKE ? ESCAPE '\\' "
            "OR s.speaker_mention ILIKE ? ESCAPE '\\' OR p.name ILIKE ? ESCAPE '\\' "
            "OR s.via ILIKE ? ESCAPE '\\')"
        )
        params += [_like(token)] * 5
    if filters.speaker:
        where.append(
            "(s.speaker_id = ? OR s.speaker ILIKE ? ESCAPE '\\' "
            "OR s.speaker_mention ILIKE ? ESCAPE '\\' OR p.name ILIKE ? ESCAPE '\\' "
            "OR list_contains(p.aliases, ?))"
        )
        like = _like(filters.speaker)
        params += [filters.speaker, like, like, like, filters.speaker]
    _article_conditions(filters, where, params)
    if filters.article:
        where.append("s.article = ?")
        params.append(filters.article)
    if filters.kind:
        where.append("s.kind = ?")
        params.append(filters.kind)
    sql = _STATEMENT_SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY a.published NULLS LAST, s.article, s.start, s.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    if offset:
        sql += f" OFFSET {int(offset)}"
    return [_statement(r) for r in store.rows(sql, params)]


def article_summaries(store: Store, article_id: str | None = None) -> list[ArticleSummary]:
    """Articles in date order (or just ``article_id``) with their statement counts."""
    where = "WHERE a.id = ?" if article_id else ""
    rows = store.rows(
        f"""
        SELECT a.id, a.title, a.outlet, a.published, a.author, a.genre, a.source,
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
            outlet=_outlet(r["outlet"]),
            published=r["published"],
            author=r["author"],
            genre=r["genre"],
            source=r["source"],
            n_statements=int(r["n_statements"]),
            n_removed=int(r["n_removed"]),
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
        params += [_like(token)] * 2
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
    rows = store.rows(
        f"""
        SELECT f.*, coalesce(p.name, f.speaker) AS speaker_name, a.outlet, a.published
        FROM forecasts f
        LEFT JOIN articles a ON a.id = f.article
        LEFT JOIN people p ON p.id = f.speaker_id
        {"WHERE f.article = ?" if article else ""}
        ORDER BY a.published NULLS LAST, f.article, f.start
        """,
        [article] if article else [],
    )
    views = []
    for r in rows:
        key = r["speaker_id"] or (_name_key(r["speaker"]) if r["speaker"] else None)
        if speaker_key and key != speaker_key:
            continue
        views.append(
            ForecastView(
                id=r["id"],
                article=r["article"],
                start=r["start"],
                end=r["end"],
                text=r["text"] or "",
                speaker=r["speaker_name"],
                speaker_key=key,
                event=r["event"] or "",
                direction=r["direction"] or "uncertain",
                hedge=r["hedge"],
                probability=r["probability"],
                conditional=bool(r.get("conditional")),
                outlet=_outlet(r["outlet"]),
                published=r["published"],
            )
        )
    return views


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
                unknown = PersonView("unknown", UNKNOWN_SPEAKER, "unknown", [], [], [], False)
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
    return next((p for p in people(store) if p.key == key), None)


def article_view(store: Store, article_id: str) -> ArticleView | None:
    """The original text of one article cut into pieces that carry every evidence mark."""
    row = next(iter(store.rows("SELECT * FROM articles WHERE id = ?", [article_id])), None)
    if row is None:
        return None
    summary = article_summaries(store, article_id)[0]
    original: str = row["original"] or ""
    stmts = statements(store, StatementFilter(article=article_id))
    fcasts = forecasts(store, article=article_id)
    events = event_mentions_for(store, article_id)
    removed = [
        RemovedView(
            int(sp["start"]), int(sp["end"]), sp["reason"] or "", original[sp["start"] : sp["end"]]
        )
        for sp in sorted(row["removed"] or [], key=lambda sp: sp["start"])
    ]

    spans: list[tuple[int, int, str]] = []  # start, end, mark
    anchors: dict[int, list[Anchor]] = defaultdict(list)
    for s in stmts:
        spans.append((s.start, s.end, "statement"))
        anchors[s.start].append(
            Anchor(statement_anchor(s.id), "statement", s.speaker_label, s.speaker_key)
        )
    for s in stmts:
        if s.cue_start is not None and s.cue_end is not None:
            spans.append((s.cue_start, s.cue_end, "cue"))
        if s.speaker_start is not None and s.speaker_end is not None:
            spans.append((s.speaker_start, s.speaker_end, "speaker"))
    for f in fcasts:
        spans.append((f.start, f.end, "forecast"))
        label = f"forecast: {f.direction}" + (
            f" {round(f.probability * 100)}%" if f.probability is not None else ""
        )
        anchors[f.start].append(Anchor(forecast_anchor(f.id), "forecast", label, f.speaker_key))
    for start, end, summary_text in events:
        spans.append((start, end, "event"))
        anchors[start].append(Anchor(span_anchor(article_id, start, end), "event", summary_text))
    segments = row.get("offsets") or []
    if (row.get("format") or "text") != "text" and segments:
        # A page source is unreadable: show the cleaned text, evidence mapped onto it.
        to_clean = _original_to_clean(segments)
        clean_spans = [
            (to_clean(start), to_clean(end - 1) + 1 if end > start else to_clean(start), mark)
            for start, end, mark in spans
        ]
        clean_anchors: dict[int, list[Anchor]] = defaultdict(list)
        for pos, items in anchors.items():
            clean_anchors[to_clean(pos)].extend(items)
        pieces = _cut(row["text"] or "", clean_spans, clean_anchors)
        shown = "cleaned"
    else:
        for r in removed:
            spans.append((r.start, r.end, "removed:" + r.reason))
        pieces = _cut(original, spans, anchors)
        shown = "original"
    return ArticleView(
        summary=summary,
        text=row["text"] or "",
        pieces=pieces,
        removed=removed,
        statements=stmts,
        genre_evidence=list(row.get("genre_evidence") or []),
        url=row.get("url"),
        shown=shown,
    )


def _original_to_clean(segments: list[list[int]]) -> Callable[[int], int]:
    """Inverse of the article's offset map: an original offset to its place in the clean text.

    Offsets inside removed stretches map to where the next kept run starts in the clean text.
    """
    runs = sorted((orig, clean, length) for clean, orig, length in segments)
    starts = [orig for orig, _, _ in runs]

    def convert(pos: int) -> int:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return runs[0][1]
        orig, clean, length = runs[i]
        if pos < orig + length:
            return clean + pos - orig
        return clean + length

    return convert


def _cut(
    original: str, spans: list[tuple[int, int, str]], anchors: dict[int, list[Anchor]]
) -> list[Piece]:
    """Split ``original`` at every span boundary; each piece knows the marks covering it."""
    n = len(original)
    clipped = [(max(0, min(s, n)), max(0, min(e, n)), m) for s, e, m in spans]
    bounds = sorted({0, n} | {s for s, _, _ in clipped} | {e for _, e, _ in clipped})
    bounds += sorted({max(0, min(a, n)) for a in anchors} - set(bounds))
    bounds = sorted(set(bounds))
    pieces: list[Piece] = []
    for lo, hi in zip(bounds, bounds[1:] + [None], strict=False):
        if hi is None:
            if anchors.get(lo) and lo == n:
                pieces.append(Piece("", None, (), anchors[lo]))
            break
        covering = [m for s, e, m in clipped if s <= lo and hi <= e and s < e]
        reason = next((m.split(":", 1)[1] for m in covering if m.startswith("removed:")), None)
        marks = tuple(sorted({m for m in covering if not m.startswith("removed:")}))
        pieces.append(Piece(original[lo:hi], reason, marks, anchors.get(lo, [])))
    return pieces


def event_mentions_for(store: Store, article_id: str) -> list[tuple[int, int, str]]:
    """Event evidence spans in one article: merged events' reports, else raw mentions."""
    if store.rows("SELECT 1 FROM events LIMIT 1"):
        rows = store.rows(
            """
            SELECT r.start AS start, r."end" AS "end", summary
            FROM (SELECT summary, unnest(reports) AS r FROM events)
            WHERE r.article = ? ORDER BY r.start
            """,
            [article_id],
        )
    else:
        rows = store.rows(
            'SELECT start, "end", coalesce(summary, text) AS summary FROM event_mentions '
            "WHERE article = ? ORDER BY start",
            [article_id],
        )
    spans: dict[tuple[int, int], str] = {}
    for r in rows:
        if r["start"] is not None and r["end"] is not None:
            spans.setdefault((int(r["start"]), int(r["end"])), r["summary"] or "")
    return [(start, end, label) for (start, end), label in sorted(spans.items())]


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
    voices: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    for s in statements(store):
        voices[s.outlet][(s.speaker_label, s.speaker_key)] += 1
    for outlet, counter in voices.items():
        if outlet in by_outlet:
            by_outlet[outlet].voices = [(k[0], k[1], n) for k, n in counter.most_common()]
    for outlet, label, key, n in _mention_counts(store):
        if outlet in by_outlet:
            by_outlet[outlet].mentions.append((label, key, n))
    for r in store.rows("SELECT outlet, profile FROM outlet_profiles"):
        if _outlet(r["outlet"]) in by_outlet:
            by_outlet[_outlet(r["outlet"])].profile = _json(r["profile"])
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
        (_outlet(r["outlet"]), r["name"], r["person_id"] or _name_key(r["name"]), int(r["n"]))
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
            key = r["speaker_id"] or (_name_key(r["speaker"]) if r["speaker"] else None)
            group = groups[r["group_id"]] = ProvenanceGroup(
                r["group_id"], r["text"] or "", r["speaker"], key, []
            )
        group.reports.append(
            {
                "statement": r["statement"],
                "article": r["article"],
                "published": r["published"],
                "via": r["via"],
                "outlet": _outlet(r["outlet"]),
                "title": r["title"],
                "text": r["text"] or "",
                "linked": r["start"] is not None,
            }
        )
    return [g for g in groups.values() if len(g.reports) > 1]


@dataclass
class ProvenanceCluster:
    """Statements reported by the same set of articles (a syndicated copy shares them all)."""

    reports: list[dict[str, Any]]  # the articles, in the order of the first group's reports
    groups: list[ProvenanceGroup]


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


def questions(store: Store) -> list[QuestionView]:
    """Questions asked at build time with the stances found (``claims.stance`` reports)."""
    views = []
    for r in store.rows("SELECT * FROM questions ORDER BY asked_at NULLS LAST, question"):
        report = _json(r["report"])
        view = QuestionView(r["question"], report, r["asked_at"])
        if isinstance(report, dict) and isinstance(report.get("voices"), list):
            evidence = [e for e in report.get("evidence") or [] if isinstance(e, dict)]
            for number, item in enumerate(evidence, 1):
                item["n"] = number  # cited as "#n" in the stance tables
            by_id = {e.get("id"): e for e in evidence}
            view.evidence = evidence
            view.voices = _stance_rows(report.get("voices"), by_id)
            view.outlets = _stance_rows(report.get("outlets"), by_id)
        views.append(view)
    return views


def _probability(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _stance_rows(items: Any, evidence: dict[Any, dict[str, Any]]) -> list[StanceRow]:
    rows = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        rows.append(
            StanceRow(
                name=str(item.get("name") or UNKNOWN_SPEAKER),
                stance=str(item.get("stance") or "uncertain"),
                probability=_probability(item.get("probability")),
                evidence=[evidence[i] for i in item.get("evidence") or [] if i in evidence],
            )
        )
    return rows


@dataclass
class OutcomeView:
    event: str
    outcome: str
    date: str | None


@dataclass
class ScoreView:
    """A forecaster's Brier score (0 best, 1 worst) with the forecasts it was computed from."""

    speaker: str
    speaker_key: str | None
    brier: float
    forecasts: list[tuple[ForecastView, str, float]]  # forecast, outcome (yes/no), its Brier


def outcomes(store: Store) -> list[OutcomeView]:
    return [
        OutcomeView(r["event"], r["outcome"], r["date"])
        for r in store.rows("SELECT * FROM outcomes ORDER BY date NULLS LAST, event")
    ]


def forecaster_scores(store: Store) -> list[ScoreView]:
    """Brier scores of each forecaster against the recorded outcomes (none until recorded)."""
    recorded = outcomes(store)
    if not recorded:
        return []
    from chorus.claims import brier_scores

    views = {f.id: f for f in forecasts(store)}
    rows = [{**dataclasses.asdict(f), "speaker": f.speaker} for f in views.values()]
    scores = brier_scores(rows, {o.event: (o.outcome, o.date) for o in recorded})
    result = []
    for score in scores:
        scored = [
            (views[item.forecast], item.outcome, item.brier)
            for item in score.forecasts
            if item.forecast in views
        ]
        key = next((f.speaker_key for f, _, _ in scored if f.speaker_key), None)
        result.append(ScoreView(score.speaker, key, score.brier, scored))
    return result


def errors(store: Store) -> list[ErrorView]:
    return [
        ErrorView(e.source, e.stage, e.reason, e.detail)
        for e in store.errors()  # the store already orders them
    ]


def overview(store: Store) -> Overview:
    counts = store.counts()
    row = store.rows(
        "SELECT min(published) AS lo, max(published) AS hi FROM articles "
        "WHERE published IS NOT NULL"
    )[0]
    names = [
        _outlet(r["outlet"])
        for r in store.rows("SELECT DISTINCT outlet FROM articles ORDER BY outlet NULLS LAST")
    ]
    return Overview(counts, row["lo"], row["hi"], names)


# -- charts ----------------------------------------------------------------------------------


def _nice_ticks(maximum: int, count: int = 5) -> list[int]:
    if maximum <= 0:
        return [0]
    step = max(1, math.ceil(maximum / count))
    magnitude = 10 ** int(math.log10(step))
    for nice in (1, 2, 5, 10):
        if step <= nice * magnitude:
            step = nice * magnitude
            break
    return list(range(0, maximum + step, step))


def outlet_chart(views: list[OutletView], links: Links, width: int = 640) -> BarChart:
    """Statements per outlet as horizontal bars, split by the top voices of the corpus."""
    label_width = 170
    totals = Counter()
    for o in views:
        for label, _key, n in o.voices:
            totals[label] += n
    top = [label for label, _ in totals.most_common(5)]
    legend = [(f"c{i}", label) for i, label in enumerate(top)] + [("c-other", "others")]
    rows = [o for o in views if o.articles]
    max_total = max((o.n_statements for o in rows), default=0)
    ticks = _nice_ticks(max_total)
    scale = (width - label_width - 40) / max(ticks[-1], 1)
    bar_h, gap = 18, 8
    bars = []
    for i, o in enumerate(rows):
        y = 10 + i * (bar_h + gap)
        x = float(label_width)
        segments = []
        counts = Counter()
        for label, _key, n in o.voices:
            counts[label if label in top else "others"] += n
        for css, label in legend:
            n = counts.get(label if css != "c-other" else "others", 0)
            if n:
                segments.append((x, n * scale, css, n))
                x += n * scale
        bars.append(Bar(o.outlet, y, segments, o.n_statements, links.outlet(o.outlet)))
    height = 10 + len(rows) * (bar_h + gap) + 24
    return BarChart(
        width=width,
        height=height,
        label_width=label_width,
        bars=bars,
        ticks=[(label_width + t * scale, t) for t in ticks],
        legend=legend if max_total else [],
    )


def quote_graph(views: list[OutletView], links: Links, width: int = 860) -> Graph:
    """Outlets (left) linked to the voices they quote (solid) or only mention (dashed)."""
    quotes: Counter[tuple[str, str]] = Counter()
    mentions: Counter[tuple[str, str]] = Counter()
    labels: dict[str, str] = {}
    for o in views:
        for label, key, n in o.voices:
            k = key or "unknown"
            labels.setdefault(k, label)
            quotes[(o.outlet, k)] += n
        for label, key, n in o.mentions:
            labels.setdefault(key, label)
            mentions[(o.outlet, key)] += n
    speaker_weight: Counter[str] = Counter()
    for (_o, k), n in quotes.items():
        speaker_weight[k] += n * 10
    for (_o, k), n in mentions.items():
        speaker_weight[k] += n
    speakers = [k for k, _ in speaker_weight.most_common(30)]
    outlet_names = [o.outlet for o in views if o.articles]
    row_h = 22
    rows = max(len(speakers), len(outlet_names), 1)
    height = rows * row_h + 40
    left_x, right_x = 190.0, width - 230.0

    def ys(count: int) -> list[float]:
        offset = (rows - count) * row_h / 2
        return [32 + offset + i * row_h for i in range(count)]

    nodes: list[GraphNode] = []
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    outlet_weight = {o.outlet: o.n_statements for o in views}
    outlet_step = rows * row_h / max(len(outlet_names), 1)
    outlet_ys = [32 + (i + 0.5) * outlet_step - row_h / 2 for i in range(len(outlet_names))]
    outlet_colour = {name: f"o{i % 5}" for i, name in enumerate(outlet_names)}
    for name, y in zip(outlet_names, outlet_ys, strict=True):
        pos[("o", name)] = (left_x, y)
        nodes.append(
            GraphNode(
                name,
                name,
                left_x,
                y,
                "outlet",
                outlet_weight.get(name, 0),
                links.outlet(name),
                outlet_colour[name],
            )
        )
    for key, y in zip(speakers, ys(len(speakers)), strict=True):
        pos[("s", key)] = (right_x, y)
        href = links.person(key) if key != "unknown" else None
        nodes.append(
            GraphNode(
                key, labels.get(key, key), right_x, y, "speaker", speaker_weight[key] // 10, href
            )
        )
    edges: list[GraphEdge] = []
    max_q = max(quotes.values(), default=1)
    for (outlet, key), n in sorted(mentions.items()):
        if (outlet, key) in quotes or ("s", key) not in pos or ("o", outlet) not in pos:
            continue
        edges.append(
            GraphEdge(
                _curve(pos[("o", outlet)], pos[("s", key)]),
                1.0,
                "mentions",
                f"{outlet} mentions {labels.get(key, key)} ({n}×)",
            )
        )
    for (outlet, key), n in sorted(quotes.items()):
        if ("s", key) not in pos or ("o", outlet) not in pos:
            continue
        edges.append(
            GraphEdge(
                _curve(pos[("o", outlet)], pos[("s", key)]),
                1.5 + 5.5 * n / max_q,
                f"quotes {outlet_colour[outlet]}",
                f"{outlet} quotes {labels.get(key, key)}: {n} statement{'s' * (n != 1)}",
            )
        )
    return Graph(width, height, nodes, edges)


def _curve(a: tuple[float, float], b: tuple[float, float]) -> str:
    (x1, y1), (x2, y2) = a, b
    mid = (x1 + x2) / 2
    return f"M{x1 + 6:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2 - 6:.1f},{y2:.1f}"


def _period(date: str) -> tuple[float, float] | None:
    """First and last day (ordinal numbers) of an ISO date, month or year."""
    from datetime import date as Date

    parts = date.split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            day = float(Date(year, int(parts[1]), int(parts[2][:2])).toordinal())
            return day, day
        if len(parts) == 2:
            month = int(parts[1])
            first = Date(year, month, 1).toordinal()
            following = Date(year + month // 12, month % 12 + 1, 1).toordinal()
            return float(first), float(following - 1)
        return float(Date(year, 1, 1).toordinal()), float(Date(year, 12, 31).toordinal())
    except ValueError:
        return None


def _day_number(date: str) -> float | None:
    """The middle of an ISO date's period, in days (ordinal numbers)."""
    period = _period(date)
    return None if period is None else (period[0] + period[1]) / 2


def timeline_chart(views: list[EventView], links: Links, width: int = 960) -> TimelineChart:
    """Dated events on a time axis; events on the same day stack upwards."""
    dated = [(e, _day_number(e.date)) for e in views if e.date]
    dated = [(e, d) for e, d in dated if d is not None]
    undated = len(views) - len(dated)
    if not dated:
        return TimelineChart(width, 40, 20, [], [], undated)
    periods = [_period(e.date or "") or (d, d) for e, d in dated]
    lo = min(first for first, _ in periods)
    hi = max(last for _, last in periods)
    if hi - lo < 30:
        lo, hi = lo - 15, hi + 15
    margin = 30
    scale = (width - 2 * margin) / (hi - lo)
    dated.sort(key=lambda item: item[1])
    labelled = len(dated) <= LABELLED_EVENTS
    stacks: Counter[int] = Counter()
    placed = []
    for i, (e, d) in enumerate(dated):
        x = margin + (d - lo) * scale
        if labelled:
            level = len(dated) - 1 - i  # one row per event, earliest at the top
        else:
            level = stacks[int(x // 10)]
            stacks[int(x // 10)] += 1
        placed.append((e, x, level))
    top_level = max(level for _, _, level in placed)
    row = 16 if labelled else 12
    axis_y = 16 + (top_level + 1) * row
    dots = []
    for e, x, level in placed:
        report = e.reports[0] if e.reports else None
        href = links.span(report.article, report.start, report.end) if report else None
        label = f"{e.date} {e.summary}" if labelled else None
        first, last = _period(e.date or "") or (lo, lo)
        period_x = margin + (first - lo) * scale
        period_width = (last - first) * scale if last > first else 0.0
        dots.append(
            TimelineDot(
                x,
                axis_y - 10 - level * row,
                e,
                href,
                label,
                x > width * 0.6,
                period_x,
                period_width,
            )
        )
    ticks = _date_ticks(lo, hi, margin, scale)
    return TimelineChart(width, int(axis_y + 30), axis_y, ticks, dots, undated)


def _date_ticks(lo: float, hi: float, margin: float, scale: float) -> list[tuple[float, str]]:
    from datetime import date as Date

    first, last = Date.fromordinal(int(lo)), Date.fromordinal(int(hi))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    # Steps of months, then of whole years: any span (a century of dated events) gets a step.
    steps = (1, 2, 3, 6, 12, 24, 60, 120)
    step = next((s for s in steps if months / s <= 8), 120 * (months // 960 + 1))
    ticks = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = Date(year, month, 1).toordinal()
        if lo <= day <= hi and ((year * 12 + month - 1) % step == 0):
            label = str(year) if step >= 12 else f"{year}-{month:02d}"
            ticks.append((margin + (day - lo) * scale, label))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def forecast_chart(views: list[ForecastView], links: Links, width: int = 640) -> ForecastChart:
    """Each forecast as a dot on a 0–100 % probability axis, one row per speaker."""
    label_width = 180
    speakers: list[str] = []
    for f in views:
        if f.probability is not None and (f.speaker or UNKNOWN_SPEAKER) not in speakers:
            speakers.append(f.speaker or UNKNOWN_SPEAKER)
    row_h = 22
    rows = [(name, 18 + i * row_h) for i, name in enumerate(speakers)]
    y_of = dict(rows)
    plot = width - label_width - 30
    dots = []
    seen: Counter[tuple[str, int]] = Counter()
    for f in views:
        if f.probability is None:
            continue
        name = f.speaker or UNKNOWN_SPEAKER
        x = label_width + max(0.0, min(1.0, f.probability)) * plot
        nudge = seen[(name, round(x))]
        seen[(name, round(x))] += 1
        dots.append(ForecastDot(x + nudge * 5, y_of[name], f, links.forecast(f.article, f.id)))
    ticks = [(label_width + p / 100 * plot, f"{p}%") for p in range(0, 101, 25)]
    return ForecastChart(width, 18 + len(rows) * row_h + 20, label_width, rows, dots, ticks)
