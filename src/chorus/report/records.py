"""The records every view of a build is made of, and the links between them.

Views are plain dataclasses filled by ``queries``, ``article_text``, ``questions`` and
``citations`` and rendered by both the dossier and the web UI; no HTML is produced here.
Links differ between the one-page dossier (``#anchor``) and the web app (``/articles/ID#anchor``
and a permalink page per statement, forecast, person and event), so templates build every href
through a ``Links`` object.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

UNKNOWN_OUTLET = "(unknown outlet)"
UNKNOWN_SPEAKER = "(speaker unknown)"
UNKNOWN_KEY = "unknown"  # the key grouping statements whose speaker is unknown
SNIPPET_CHARS = 160
LABELLED_EVENTS = 40
REMOVED_SHOWN_CHARS = 1500


def author_label(outlet: str) -> str:
    """The voice of an article's own forecasts."""
    return f"author, {outlet}"


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

    # Permalinks: a page of its own in the web UI, the evidence in the article in the dossier.

    def statement_page(self, article_id: str, statement_id: str) -> str:
        if self.web:
            return f"/statements/{quote(statement_id, safe='')}"
        return self.statement(article_id, statement_id)

    def forecast_page(self, article_id: str, forecast_id: str) -> str:
        if self.web:
            return f"/forecasts/{quote(forecast_id, safe='')}"
        return self.forecast(article_id, forecast_id)

    def event_page(self, event_id: str) -> str:
        return f"/events/{quote(event_id, safe='')}" if self.web else f"#ev-{event_id}"

    def evidence(self, kind: str, article_id: str, item_id: str) -> str:
        """A stance report's evidence item: a statement or a forecast."""
        if kind == "forecast":
            return self.forecast_page(article_id, item_id)
        return self.statement_page(article_id, item_id)

    def question(self, question_id: str) -> str:
        return f"/questions/{question_id}" if self.web else f"#question-{question_id}"


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
    source: str = ""  # the article's URL or file name (never a local path)

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
    source: str = ""  # the article's URL or file name
    statement: str | None = None  # the statement the forecast was read from
    voice: str | None = None  # speaker | holder | author | unattributed
    speaker_mention: str | None = None
    event_group: str | None = None  # the same event across voices and articles

    @property
    def speaker_label(self) -> str:
        """Who forecasts it: the speaker, the article itself ("author, OUTLET"), or the
        words that name an unnamed voice ("economists surveyed by the bank")."""
        if self.speaker:
            return self.speaker
        if self.voice == "author":
            return author_label(self.outlet)
        return self.speaker_mention or UNKNOWN_SPEAKER


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
    source: str  # URL or file name (``source_label``)
    n_statements: int
    n_removed: int
    url: str | None = None

    @property
    def label(self) -> str:
        return self.title or self.source


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
    gap: bool = False  # whitespace around removed residue, hidden with it
    stand_in: str = ""  # what a hidden gap shows instead (at most one paragraph break)

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
class EvidenceItem:
    """A statement or forecast a stance rests on, labelled as a reader would name it."""

    kind: str  # statement | forecast
    id: str
    article: str
    speaker: str | None
    text: str
    outlet: str
    published: str | None
    probability: float | None = None
    direction: str | None = None

    @property
    def label(self) -> str:
        """“Opening words…” (outlet, date): readable where an id or “forecast #5” is not."""
        words = self.text if len(self.text) <= EVIDENCE_WORDS else _shorten(self.text)
        return f"“{words}” ({self.outlet}, {self.published or 'undated'})"


EVIDENCE_WORDS = 70


def _shorten(text: str, limit: int = EVIDENCE_WORDS) -> str:
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:.") + "…"


@dataclass
class StanceRow:
    """One voice's or outlet's stance on the question, with the evidence behind it."""

    name: str
    stance: str
    probability: float | None
    evidence: list[EvidenceItem]


@dataclass
class QuestionView:
    """A question's report; structured when it has the stance stage's shape, else raw JSON."""

    id: str  # stable: derived from the question's words
    question: str
    report: Any
    asked_at: Any
    voices: list[StanceRow] | None = None
    outlets: list[StanceRow] | None = None
    evidence: list[EvidenceItem] = field(default_factory=list)

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


@dataclass
class ProvenanceCluster:
    """Statements reported by the same set of articles (a syndicated copy shares them all)."""

    reports: list[dict[str, Any]]  # the articles, in the order of the first group's reports
    groups: list[ProvenanceGroup]


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


@dataclass
class Citation:
    """What a reader needs to cite one finding, as plain text that copies cleanly."""

    what: str  # statement | forecast | event | person
    id: str
    words: str
    speaker: str | None
    outlet: str
    published: str | None
    source: str  # URL or file name
    start: int | None
    end: int | None
    via: str | None = None

    @property
    def lines(self) -> list[str]:
        """The citation, one line each: what was said or happened, by whom, where, the span."""
        where = f"{self.outlet}, {self.published or 'undated'}"
        if self.what == "person":
            head = [self.words, f"first named in {where}"]
        elif self.what == "event":
            head = [self.words, f"reported by {where}"]
        else:
            who = (self.speaker or UNKNOWN_SPEAKER) + (f", via {self.via}" if self.via else "")
            head = [f"“{self.words}”", f"— {who}; {where}"]
        span = f", characters {self.start}–{self.end}" if self.start is not None else ""
        return [*head, f"Source: {self.source or 'unknown'}{span}", f"chorus {self.what} {self.id}"]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ProvenanceStep:
    """One report of a statement: who carried it, when, through whom."""

    role: str  # first report | relayed | reprinted | also reported
    statement: str
    article: str
    outlet: str
    published: str | None
    title: str | None
    via: str | None
    source: str
    near_duplicate: bool = False

    @property
    def explanation(self) -> str:
        """What the role means, for a reader who meets it here."""
        return PROVENANCE_ROLES.get(self.role, "")


PROVENANCE_ROLES = {
    "first report": "the earliest article carrying this statement (undated articles come last)",
    "relayed": "a later article that names the outlet or person it took the statement from",
    "reprinted": "a later article that is a near-copy of an earlier one (syndicated or copied)",
    "also reported": "a later article that carries the statement without naming a source",
}


@dataclass
class ContextView:
    """A statement's or forecast's words with a little of the article text around them."""

    before: str
    words: str
    after: str


@dataclass
class StatementDetail:
    """Everything the permalink page of one statement shows."""

    statement: StatementView
    citation: Citation
    context: ContextView
    provenance: list[ProvenanceStep]
    forecasts: list[ForecastView]


@dataclass
class ForecastDetail:
    forecast: ForecastView
    citation: Citation
    context: ContextView
    same_event: list[ForecastView]  # other forecasts of the same event, any speaker


@dataclass
class EventDetail:
    event: EventView
    citation: Citation | None
    reports: list[tuple[EvidenceSpan, ContextView, str | None]]  # span, context, date


# -- helpers ---------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """JSON columns come back as text; parse them (leave anything unparseable as text)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def outlet_label(value: str | None) -> str:
    return value or UNKNOWN_OUTLET


def name_key(name: str) -> str:
    """The key of a speaker the people stage has not resolved: the name, normalised.

    ``name_key_sql`` computes the same key in SQL: both keep to ASCII whitespace.
    """
    return "name:" + re.sub(r"[ \t\n\r\f]+", " ", name.lower().strip(" \t\n\r\f"))


def name_key_sql(column: str) -> str:
    """``name_key`` of ``column`` in DuckDB SQL (NULL when the name is NULL)."""
    blank = r"[ \t\n\r\f]"
    trimmed = f"regexp_replace(lower({column}), '^{blank}+|{blank}+$', '', 'g')"
    return f"'name:' || regexp_replace({trimmed}, '{blank}+', ' ', 'g')"


def speaker_key(row: dict[str, Any]) -> str | None:
    if row.get("speaker_id"):
        return str(row["speaker_id"])
    if row.get("speaker"):
        return name_key(row["speaker"])
    return None


def source_label(source: str | None, url: str | None = None) -> str:
    """Where an article came from, as a reader may cite it: its URL, else its file's name.

    A local path says nothing to the reader and tells others where the analyst keeps files.
    """
    if url:
        return url
    if not source:
        return ""
    if re.match(r"[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        return source
    return re.split(r"[\\/]", source.rstrip("/\\"))[-1]
