"""Typed records that flow one way through the pipeline.

Every stage takes records from the stages before it and returns new records; no stage reaches
into another stage's internals. All records are plain dataclasses made of str/int/float/list/
dict values, so they pickle (process pools, Spark) and serialise (DuckDB, Parquet, JSON).

Offsets: every ``start``/``end`` on a record that leaves a stage is a character offset into the
ORIGINAL input text of the article (``Article.original``), end exclusive. Stages that work on
the cleaned body convert with ``Article.to_original``.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

#: Bumped when per-article output changes, so a re-run recomputes stored articles.
PIPELINE_VERSION = "4"


def stable_id(*parts: str, length: int = 16) -> str:
    """A short content hash: the same input always gives the same id (idempotent re-runs)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:length]


@dataclass
class RawDocument:
    """One input document as read from disk, before any cleaning.

    ``text`` is the decoded original input (for HTML the page source). ``meta`` carries what the
    container said about it (JSON fields, WARC headers, HTML tags): title, url, published,
    outlet, author; values may be missing.
    """

    source: str
    text: str
    format: str  # "text" | "html"
    meta: dict[str, str | None] = field(default_factory=dict)
    encoding: str = "utf-8"
    #: What reading had to mend to make text of the bytes (stray bytes, lone surrogates), one
    #: readable line each; recorded as non-fatal notes against the source.
    repairs: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return stable_id(self.text)


@dataclass
class InputError:
    """A bad input, recorded against its source; the batch goes on without it."""

    source: str
    reason: str  # short machine-readable kind: binary, empty, too-large, decode, json, html, warc
    detail: str
    stage: str = "ingest"
    #: False for a note on an input that was stored all the same (bytes repaired, analysis cut
    #: at the size budget); only fatal errors count as failed inputs.
    fatal: bool = True


@dataclass
class RemovedSpan:
    """Residue removed by the cleaner, in original offsets, with the rule that removed it."""

    start: int
    end: int
    reason: str


@dataclass
class OffsetMap:
    """Maps offsets in the cleaned body back to the original input text.

    ``segments`` are ``(clean_start, original_start, length)`` runs, sorted and disjoint: the
    cleaned text ``[clean_start, clean_start+length)`` equals the original text
    ``[original_start, original_start+length)``. Characters the cleaner inserted (for example a
    paragraph break between HTML blocks) belong to no run and map to the next run's start.
    """

    segments: list[tuple[int, int, int]] = field(default_factory=list)

    def to_original(self, pos: int) -> int:
        if not self.segments:
            return pos
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return self.segments[0][1]
        clean_start, orig_start, length = self.segments[i]
        if pos < clean_start + length:
            return orig_start + (pos - clean_start)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return orig_start + length

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean ``[start, end)`` span; the end maps through its last character."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass
class Article:
    """A cleaned article with metadata and the way back to its original text."""

    id: str
    source: str
    original: str
    text: str
    offsets: OffsetMap
    removed: list[RemovedSpan] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when less precise)
    published_source: str | None = None  # where the date came from: meta, header, url, dateline
    published_start: int | None = None  # the date's evidence in the original text, when it has one
    published_end: int | None = None
    dateline_start: int | None = None  # the body's opening dateline (kept in the text, marked)
    dateline_end: int | None = None
    wire: str | None = None  # the agency the dateline names ("(Reuters)"): the copy's source
    author: str | None = None
    genre: str | None = None  # news | opinion
    genre_evidence: list[str] = field(default_factory=list)
    format: str = "text"
    url: str | None = None
    body_date: str | None = None  # latest date the body itself states (ISO), when it does
    #: Fingerprint of the corpus's repeated lines this article was cleaned with; a build
    #: re-cleans a stored article when the corpus changes it.
    repeated_key: str | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span_to_original(start, end)


@dataclass
class EntityMention:
    """A named person/organisation/outlet inside one article, clustered within that article.

    ``local_id`` groups mentions that the article uses for one entity ("Alexander Lukashenko",
    "Lukashenko", "he", "the Belarusian leader"). ``name`` is the fullest name form seen.
    """

    article: str
    local_id: str
    name: str
    kind: str  # person | organisation | outlet
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # original offsets, surface
    roles: list[str] = field(default_factory=list)


@dataclass
class Statement:
    """A quote or reported statement: content, cue, speaker mention, resolved speaker, relay."""

    id: str
    article: str
    source: str
    start: int
    end: int
    text: str
    kind: str  # direct | indirect | mixed
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None  # canonical name within the article (corpus-wide after people)
    speaker_local_id: str | None = None  # EntityMention.local_id of the speaker
    speaker_id: str | None = None  # corpus-wide person id, set by the people stage
    via: str | None = None
    confidence: float = 0.0


@dataclass
class Forecast:
    """A statement about the future with its target event, direction and probability."""

    id: str
    article: str
    source: str
    start: int
    end: int
    text: str
    speaker: str | None
    event: str
    direction: str  # yes | no | uncertain
    hedge: str | None
    probability: float | None
    conditional: bool = False
    statement: str | None = None  # Statement.id when the forecast sits inside a statement
    speaker_id: str | None = None  # corpus-wide person id, set by the people stage
    #: whose forecast: "speaker" (of the statement it sits in), "holder" (of a belief frame:
    #: "economists expect"), "author" (the article's own; ``speaker`` is then None) or
    #: "unattributed" (inside quotation marks nobody is credited with)
    voice: str | None = None
    speaker_mention: str | None = None  # the words naming the forecaster in the text
    probability_source: str | None = None  # stated (a figure or odds) | words | construction
    probability_text: str | None = None  # the figure or hedge words the probability comes from
    probability_start: int | None = None  # their span, original offsets
    probability_end: int | None = None
    condition: str | None = None  # the condition the event is predicted under ("if ...")
    event_key: str | None = None  # the event's content words, what groups it
    event_group: str | None = None  # one id per event across voices and articles
    #: EntityMention.local_id of the forecaster (a statement's speaker or a named holder)
    speaker_local_id: str | None = None
    #: the event's parts (``claims.proposition.EventParts``): who, the act, what it acts on
    event_subject: str | None = None
    event_act: str | None = None
    event_object: str | None = None
    event_subject_local_id: str | None = None  # EntityMention.local_id of the event's subject
    event_subject_id: str | None = None  # its corpus-wide person id, set by the people stage


@dataclass
class EventMention:
    """A dated event as one article reports it."""

    id: str
    article: str
    start: int
    end: int
    text: str
    date: str | None  # ISO, truncated to its precision
    precision: str | None  # day | month | year
    summary: str
    expression: str | None = None  # the temporal expression that dated it ("on Monday")
    expression_start: int | None = None  # its span, original offsets (the date's evidence)
    expression_end: int | None = None


@dataclass
class ArticleResult:
    """Everything the per-article work produces for one input; picklable."""

    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    notes: list[InputError] = field(default_factory=list)  # non-fatal, stored with the article


@dataclass
class Person:
    """One person, organisation or outlet across the corpus."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass
class Event:
    """A dated event merged across the articles that report it."""

    id: str
    date: str | None
    precision: str | None
    summary: str
    reports: list[dict[str, Any]] = field(default_factory=list)  # {article, start, end}
    #: the words that date it: {article, start, end, text} of the report giving the date
    dated_by: dict[str, Any] | None = None


def to_dict(record: Any) -> dict[str, Any]:
    return asdict(record)
