"""Statement provenance: the same statement reported by several articles, earliest first.

Statements are keyed by their normalised text (a wire quote reprinted a thousand times is
joined through a dictionary, not a million comparisons); the distinct texts are blocked by
word shingle, a shingle shared by more than ``max_postings`` texts being a stock phrase, and
compared with ``same_statement``. Two statements of one article are never linked to each
other alone. Writes ``statement_reports`` (one row per report, groups in order of their
earliest report, ranks within) and each statement's ``group_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chorus.linking.similarity import normalise_text, same_statement, shingles
from chorus.linking.step import Blocking, Linkage, Outputs, Row, Source, Step
from chorus.records import Statement, stable_id
from chorus.store import record_from_row

if TYPE_CHECKING:
    from chorus.store import Store


@dataclass(frozen=True)
class Settings:
    shingle: int = 3  # word n-gram size for blocking; shorter statements use their whole text
    max_postings: int = 50  # a shingle shared by more distinct texts is a stock phrase


@dataclass
class StatementReport:
    """One article's report of a statement, with the relay it names."""

    statement: str
    article: str
    published: str | None
    via: str | None
    start: int
    end: int


@dataclass
class StatementGroup:
    """One statement as reported by one or more articles, earliest report first."""

    id: str
    text: str
    speaker: str | None
    speaker_id: str | None
    reports: list[StatementReport] = field(default_factory=list)


def published_order(published: str | None) -> tuple[int, str]:
    """Dated reports first, by date; undated last."""
    return (0, published) if published else (1, "")


def report_order(statement: Statement, published: dict[str, str | None]) -> tuple:
    """Reports of one statement: earliest first, undated last."""
    return (published_order(published.get(statement.article)), statement.article, statement.start)


def statement_group(members: list[Statement], published: dict[str, str | None]) -> StatementGroup:
    """One group from its statements (in the store's order: article, start, id)."""
    ordered = sorted(members, key=lambda s: report_order(s, published))
    longest = max(ordered, key=lambda s: len(s.text))
    speakers = [s for s in ordered if s.speaker_id or s.speaker]
    speaker = speakers[0] if speakers else None
    return StatementGroup(
        id=stable_id("statement-group", *sorted(s.id for s in ordered)),
        text=longest.text,
        speaker=speaker.speaker if speaker else None,
        speaker_id=speaker.speaker_id if speaker else None,
        reports=[
            StatementReport(
                statement=s.id,
                article=s.article,
                published=published.get(s.article),
                via=s.via,
                start=s.start,
                end=s.end,
            )
            for s in ordered
        ],
    )


def report_rows(group: StatementGroup) -> list[Row]:
    """A group as rows of the ``statement_reports`` table, ranked earliest first."""
    return [
        {
            "group_id": group.id,
            "statement": report.statement,
            "article": report.article,
            "published": report.published,
            "via": report.via,
            "rank": rank,
        }
        for rank, report in enumerate(group.reports)
    ]


def group_reports(rows: list[Row]) -> list[Row]:
    """The report rows of one group of statement rows (each with its article's date)."""
    published = {row["article"]: row["published"] for row in rows}
    return report_rows(statement_group([record_from_row(Statement, r) for r in rows], published))


def linkage(settings: Settings) -> Linkage:
    return Linkage(
        source=Source(
            "statements", order=("article", "start", "id"), article_columns=("published",)
        ),
        key=lambda row: normalise_text(row["text"]),
        blocking=Blocking(
            postings=lambda text: shingles(text.split(), settings.shingle),
            cap=settings.max_postings,
            compare=same_statement,
        ),
        apart="article",
        groups=group_reports,
    )


def reports_order(reports: list[Row]) -> list[Row]:
    """Groups by their earliest report (undated last), then id; reports by rank."""
    first = {r["group_id"]: r["published"] for r in reports if r["rank"] == 0}
    return sorted(
        reports, key=lambda r: (published_order(first[r["group_id"]]), r["group_id"], r["rank"])
    )


def write(store: Store, outputs: Outputs) -> None:
    """Store the statement groups and give each statement its group id."""
    reports = reports_order(outputs["statement_reports"])
    store.replace_table("statement_reports", reports)
    membership = [(r["statement"], r["group_id"]) for r in reports]
    store.update_column("statements", "group_id", ("id",), membership)


STEP = Step(
    name="provenance",
    writes=("statement_reports",),
    settings=Settings(),
    linkage=linkage,
    store=write,
)
