"""Dated event mentions per article, and what merging them across articles compares
(``chorus.linking.steps.events`` merges them)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span

from chorus.records import Article, Event, EventMention, stable_id
from chorus.timeline.dates import PRECISION_LENGTH, TimeExpression, find_expressions, reference_date

#: Summaries at least this similar (rapidfuzz token_set_ratio) report the same event.
MIN_SUMMARY_SIMILARITY = 60.0
MAX_SUMMARY_WORDS = 18
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _has_event_verb(sent: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in sent)


def _pick(expressions: list[TimeExpression]) -> TimeExpression:
    """The most precise resolved expression of a sentence (the first on ties)."""
    resolved = [e for e in expressions if e.date]
    if not resolved:
        return expressions[0]
    return max(resolved, key=lambda e: (PRECISION_RANK[e.precision or "year"], -e.start))


def _summary(sent: Span, expression: TimeExpression) -> str:
    text = sent.text
    rel_start, rel_end = expression.start - sent.start_char, expression.end - sent.start_char
    if 0 <= rel_start < rel_end <= len(text):
        text = text[:rel_start] + " " + text[rel_end:]
    text = re.sub(r"[“”\"]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:–—-")
    text = re.sub(r"^(?:on|in|at|since|by|around|over)\s*,?\s+", "", text, flags=re.IGNORECASE)
    words = text.strip(" ,").split()
    summary = " ".join(words[:MAX_SUMMARY_WORDS])
    return summary.rstrip(".,;:") + ("…" if len(words) > MAX_SUMMARY_WORDS else "")


def _clause_of(sent: Span, expression: TimeExpression) -> tuple[int, int]:
    """Character span of the clause whose verb the expression modifies."""
    doc = sent.doc
    token = next((t for t in sent if t.idx >= expression.start), sent.root)
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            break
        current = current.head
    tokens = [t for t in current.subtree if sent.start <= t.i < sent.end]
    if not tokens:
        return sent.start_char, sent.end_char
    first, last = doc[tokens[0].i], doc[tokens[-1].i]
    return first.idx, last.idx + len(last.text)


def extract_event_mentions(doc: Doc, article: Article) -> list[EventMention]:
    """Sentences holding a temporal expression and a verb: one mention per dated expression
    (the sentence when it has one, the expression's clause when it has several)."""
    reference = reference_date(article, article.text)
    mentions: list[EventMention] = []
    for sent in doc.sents:
        expressions = find_expressions(sent.text, reference, offset=sent.start_char)
        if not expressions or not _has_event_verb(sent):
            continue
        resolved = [e for e in expressions if e.date]
        chosen_list = [_pick(expressions)] if len(resolved) <= 1 else resolved
        for chosen in chosen_list:
            if len(chosen_list) == 1:
                clean_span = (sent.start_char, sent.end_char)
            else:
                clean_span = _clause_of(sent, chosen)
            start, end = article.to_original(*clean_span)
            mentions.append(
                EventMention(
                    id=stable_id(article.id, "event", str(start), str(end), chosen.text),
                    article=article.id,
                    start=start,
                    end=end,
                    text=article.original[start:end],
                    date=chosen.date,
                    precision=chosen.precision,
                    summary=_summary(sent, chosen),
                    expression=chosen.text,
                )
            )
    return mentions


def similar_summaries(first: str, second: str) -> bool:
    """Two reports' (lower-cased) summaries tell of the same event."""
    return fuzz.token_set_ratio(first, second) >= MIN_SUMMARY_SIMILARITY


def summary_words(summary: str) -> set[str]:
    """The words two reports' summaries are blocked on (of the lower-cased summary)."""
    return set(re.findall(r"\w+", summary))


def date_key(mention: EventMention) -> str | None:
    """The mention's date at its own precision ("2016", "2016-11", "2016-11-08")."""
    if not mention.date:
        return None
    return mention.date[: PRECISION_LENGTH[mention.precision or "year"]]


def coarser_keys(key: str) -> set[str]:
    """The date key and every coarser one it falls in ("2016-11-08": also "2016-11", "2016")."""
    return {key[:n] for n in PRECISION_LENGTH.values() if n <= len(key)}


def event_from_mentions(members: list[EventMention]) -> Event:
    """One event from its mentions (in the store's order: article, start, id): the most
    precise date, the shortest summary."""
    best = max(members, key=lambda m: (PRECISION_RANK.get(m.precision or "", -1), -len(m.summary)))
    return Event(
        id=stable_id("event", *sorted(m.id for m in members)),
        date=best.date,
        precision=best.precision,
        summary=min((m.summary for m in members), key=len),
        reports=[
            {"article": m.article, "start": m.start, "end": m.end, "id": m.id}
            for m in sorted(members, key=lambda m: (m.article, m.start))
        ],
    )


def event_order(event: Event) -> tuple:
    """The timeline's order: by date, undated last; ties by the first report."""
    first = event.reports[0]
    return (event.date is None, event.date or "", event.summary, first["article"], first["start"])
