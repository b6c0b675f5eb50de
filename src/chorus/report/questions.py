"""Questions asked of a build (``chorus ask``, ``--question``, the web UI) and their stances.

The stance report is stored as JSON by ``chorus.claims.stance``; here it becomes rows a reader
can follow: each voice's and outlet's stance with its evidence named by speaker, words, outlet
and date (never "forecast #5"), and outlets named as the articles name them (never by the
input file's local path).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from chorus.report.records import (
    UNKNOWN_OUTLET,
    UNKNOWN_SPEAKER,
    EvidenceItem,
    QuestionView,
    StanceRow,
    json_value,
    source_label,
)
from chorus.store import Store


def question_id(question: str) -> str:
    """A short stable id for a question's permalink (the question's words, hashed)."""
    return hashlib.sha1(question.strip().encode("utf-8")).hexdigest()[:12]


def questions(store: Store) -> list[QuestionView]:
    """Every stored question with the stances found, oldest first."""
    names = _outlet_names(store)
    rows = store.rows("SELECT * FROM questions ORDER BY asked_at NULLS LAST, question")
    return [_question(r, names) for r in rows]


def question(store: Store, qid: str) -> QuestionView | None:
    return next((q for q in questions(store) if q.id == qid), None)


def _question(row: dict[str, Any], names: dict[str, str]) -> QuestionView:
    report = json_value(row["report"])
    asked = str(row["asked_at"])[:16] if row["asked_at"] else None  # to the minute
    view = QuestionView(question_id(row["question"]), row["question"], report, asked)
    if isinstance(report, dict) and isinstance(report.get("voices"), list):
        evidence = [
            _evidence(e, names) for e in report.get("evidence") or [] if isinstance(e, dict)
        ]
        by_id = {e.id: e for e in evidence}
        view.evidence = evidence
        view.voices = _stance_rows(report.get("voices"), by_id, str)
        view.outlets = _stance_rows(report.get("outlets"), by_id, lambda n: _outlet(n, names))
    return view


def _outlet_names(store: Store) -> dict[str, str]:
    """How the stance stage may have named an article's outlet -> how a reader should see it.

    An article without an outlet is named there by its source, a local path: shown instead as
    the unknown outlet with the file's name.
    """
    names: dict[str, str] = {}
    for r in store.rows("SELECT id, outlet, source, url FROM articles"):
        shown = r["outlet"] or f"{UNKNOWN_OUTLET} {source_label(r['source'], r['url'])}".strip()
        for raw in (r["outlet"], r["source"], r["id"]):
            if raw:
                names.setdefault(raw, shown)
    return names


def _outlet(name: Any, names: dict[str, str]) -> str:
    name = str(name or "")
    if name in names:
        return names[name]
    if "/" in name or "\\" in name:  # a path from an older build: its file name only
        return f"{UNKNOWN_OUTLET} {source_label(name)}"
    return name or UNKNOWN_OUTLET


def _evidence(item: dict[str, Any], names: dict[str, str]) -> EvidenceItem:
    return EvidenceItem(
        kind=str(item.get("kind") or "statement"),
        id=str(item.get("id") or ""),
        article=str(item.get("article") or ""),
        speaker=item.get("speaker"),
        text=str(item.get("text") or ""),
        outlet=_outlet(item.get("outlet") or item.get("article"), names),
        published=item.get("published"),
        probability=_probability(item.get("probability")),
        direction=item.get("direction"),
    )


def _probability(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _stance_rows(
    items: Any, evidence: dict[str, EvidenceItem], rename: Callable[[str], str]
) -> list[StanceRow]:
    rows = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        rows.append(
            StanceRow(
                name=rename(str(item.get("name") or UNKNOWN_SPEAKER)),
                stance=str(item.get("stance") or "uncertain"),
                probability=_probability(item.get("probability")),
                evidence=[
                    evidence[str(i)] for i in item.get("evidence") or [] if str(i) in evidence
                ],
            )
        )
    return rows
