"""Cross-article stance on a question, and Brier scores once outcomes are recorded.

Matching is lexical: a question's content words become keyword groups (each word plus its
synonyms from ``claims_synonyms.txt``, compared after a light stem that also joins demonyms to
their country: "Varnian" ~ "Varnia"). A statement or forecast is relevant when it hits at
least 60 % of the groups (and at least two). The question's first named word is its subject
("Varnia" in "Will Varnia send troops?"), the rest its action. A forecast *answers* the
question when its event (not the words around it) hits the action's verb and at least half of
the action's words, and does not put the subject after the action ("Gorvian troops enter
Varnia" does not answer it); only answering forecasts make a voice's stance, which follows
their directions (unanimous: that direction; mixed: the direction of their mean probability).
Inputs may be records or plain dicts.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from chorus import lexicons
from chorus.claims.wep import direction_of

#: A relevant item hits at least this share of the question's keyword groups.
MIN_RELEVANCE = 0.6
#: Fuzzy score (rapidfuzz token_set_ratio on normalised phrases) to match an outcome's event.
MIN_EVENT_MATCH = 75.0


@dataclass
class EvidenceItem:
    """One statement or forecast found relevant to the question."""

    kind: str  # forecast | statement
    id: str
    article: str
    speaker: str | None
    text: str
    relevance: float
    probability: float | None = None
    direction: str | None = None  # yes | no | uncertain; None for statements without forecast
    published: str | None = None
    outlet: str | None = None
    answers: bool = False  # a forecast whose event is the question's (counts for stance)
    event: str | None = None


@dataclass
class VoiceStance:
    """The stance of one voice (speaker) or outlet: mean probability of its relevant forecasts."""

    name: str
    stance: str  # yes | no | uncertain
    probability: float | None
    evidence: list[str] = field(default_factory=list)  # forecast and statement ids


@dataclass
class StancePoint:
    """Stance distribution of relevant forecasts published on one date (or month)."""

    date: str
    yes: int = 0
    no: int = 0
    uncertain: int = 0
    mean_probability: float | None = None


@dataclass
class StanceReport:
    question: str
    keywords: list[list[str]]
    evidence: list[EvidenceItem] = field(default_factory=list)
    voices: list[VoiceStance] = field(default_factory=list)
    outlets: list[VoiceStance] = field(default_factory=list)
    timeline: list[StancePoint] = field(default_factory=list)


@dataclass
class Outcome:
    """What happened: the recorded event phrase, yes/no, and when."""

    event: str
    outcome: str  # yes | no
    date: str | None = None


@dataclass
class ScoredForecast:
    forecast: str
    event: str
    outcome_event: str
    probability: float
    outcome: str
    brier: float


@dataclass
class ForecasterScore:
    """One forecaster's record: the scored forecasts and the mean Brier score (0 best, 1 worst)."""

    speaker: str
    brier: float
    count: int
    forecasts: list[ScoredForecast] = field(default_factory=list)


# ---------------------------------------------------------------- matching


def _get(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def stem(word: str) -> str:
    """A light stem: lower case, common suffixes off ("sends" -> "send", "troops" -> "troop")."""
    word = word.lower().strip("'’")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@cache
def _synonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in lexicons.table("claims_synonyms.txt"):
        canonical = stem(row[0])
        for word in row:
            index.setdefault(stem(word), canonical)
    return index


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(lexicons.words("claims_stopwords.txt"))


def _canonical(word: str) -> str:
    stemmed = stem(word)
    return _synonym_index().get(stemmed, stemmed)


def content_words(text: str) -> list[str]:
    """Canonical content words of a text, in order."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    return [_canonical(w) for w in words if w.lower() not in _stopwords() and len(w) > 1]


def _same_word(a: str, b: str) -> bool:
    """Equal, or one a long prefix of the other (demonyms: "varnian" ~ "varnia")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short[:-1]) and len(long_) - len(short) <= 4


def question_parts(question: str) -> tuple[list[list[str]], list[list[str]]]:
    """The question's subject groups (its first run of capitalised words after the
    auxiliary: "Varnia") and action groups (the other content words: "send", "troops")."""
    groups = question_keywords(question)
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", question)
    subject: list[str] = []
    for word in words[1:]:
        if word.lower() in _stopwords():
            if subject:
                break
            continue
        if not word[0].isupper():
            break
        subject.append(_canonical(word))
    subject_groups = [g for g in groups if any(w in g for w in subject)]
    return subject_groups, [g for g in groups if g not in subject_groups]


def _hits(group: list[str], word: str) -> bool:
    return any(_same_word(g, word) for g in group)


def answers(question_groups: tuple[list[list[str]], list[list[str]]], event: str) -> bool:
    """Whether a forecast's event is the question's: every action group hit in the event,
    and the subject, when the event names it, before the action (not its object)."""
    subject_groups, action_groups = question_groups
    words = [_canonical(w) for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", event)]
    positions = [
        min((i for i, w in enumerate(words) if _hits(g, w)), default=None) for g in action_groups
    ]
    hits = [p for p in positions if p is not None]
    if not action_groups or positions[0] is None or len(hits) < (len(action_groups) + 1) // 2:
        return False  # the action's verb, and at least half of its words
    first_action = min(hits)
    for group in subject_groups:
        where = [i for i, w in enumerate(words) if _hits(group, w)]
        if where and min(where) > first_action:
            return False  # "Gorvian troops enter Varnia": the subject is the object here
    return True


def _event_negated(event: str) -> bool:
    """A negation kept inside the event ("the army does not succeed")."""
    return bool(re.search(r"\b(?:does|do|is|are) not\b", event))


def question_keywords(question: str) -> list[list[str]]:
    """One keyword group per content word of the question (the word and its synonyms)."""
    groups = []
    for word in dict.fromkeys(content_words(question)):
        members = {word} | {k for k, v in _synonym_index().items() if v == word}
        groups.append(sorted(members))
    return groups


def relevance(groups: list[list[str]], text: str) -> float:
    """Share of keyword groups the text hits (0 when it hits fewer than two)."""
    if not groups:
        return 0.0
    words = set(content_words(text)) | {stem(w) for w in re.findall(r"[A-Za-z]+", text)}
    hits = sum(1 for group in groups if any(_same_word(g, w) for g in group for w in words))
    if hits < min(2, len(groups)):
        return 0.0
    return hits / len(groups)


# ---------------------------------------------------------------- stance


def stance(
    question: str,
    statements: Iterable[Any],
    forecasts: Iterable[Any],
    articles: Iterable[Any],
    by_month: bool = False,
) -> StanceReport:
    """Who expects what on ``question``: evidence, each voice's and outlet's stance, over time."""
    groups = question_keywords(question)
    parts = question_parts(question)
    article_info = {_get(a, "id"): a for a in articles}
    statement_list = list(statements)
    report = StanceReport(question=question, keywords=groups)
    covered_statements: set[str] = set()
    for f in forecasts:
        event = _get(f, "event") or ""
        score = relevance(groups, event + " " + (_get(f, "text") or ""))
        if score < MIN_RELEVANCE:
            continue
        art = article_info.get(_get(f, "article"))
        if _get(f, "statement"):
            covered_statements.add(_get(f, "statement"))
        probability, direction = _get(f, "probability"), _get(f, "direction")
        if _event_negated(event) and probability is not None:  # about the question's event
            probability = round(1 - probability, 3)
            direction = {"yes": "no", "no": "yes"}.get(direction, direction)
        report.evidence.append(
            EvidenceItem(
                kind="forecast",
                id=_get(f, "id"),
                article=_get(f, "article"),
                speaker=_voice_name(f, art),
                text=_get(f, "text") or "",
                relevance=round(score, 3),
                probability=probability,
                direction=direction,
                published=_get(art, "published") if art is not None else None,
                outlet=_outlet(art, _get(f, "article")),
                answers=answers(parts, event),
                event=event,
            )
        )
    for s in statement_list:
        if _get(s, "id") in covered_statements:
            continue
        score = relevance(groups, _get(s, "text") or "")
        if score < MIN_RELEVANCE:
            continue
        art = article_info.get(_get(s, "article"))
        report.evidence.append(
            EvidenceItem(
                kind="statement",
                id=_get(s, "id"),
                article=_get(s, "article"),
                speaker=_get(s, "speaker"),
                text=_get(s, "text") or "",
                relevance=round(score, 3),
                published=_get(art, "published") if art is not None else None,
                outlet=_outlet(art, _get(s, "article")),
            )
        )
    report.voices = _aggregate(report.evidence, lambda e: e.speaker or "unknown")
    report.outlets = _aggregate(report.evidence, lambda e: e.outlet or "unknown")
    report.timeline = _over_time(report.evidence, by_month)
    return report


def _voice_name(forecast: Any, article: Any) -> str | None:
    """The forecaster: the speaker, for the article's own forecast its author (the byline,
    else "author (outlet)"), for an unnamed holder the words naming it ("economists polled
    by the bank")."""
    speaker = _get(forecast, "speaker")
    if _get(forecast, "voice") == "author" or speaker == "author":
        byline = _get(article, "author") if article is not None else None
        outlet = _outlet(article, _get(forecast, "article"))
        return byline or f"author ({os.path.basename(outlet)})"
    if not speaker and _get(forecast, "voice") == "holder":
        return _get(forecast, "speaker_mention")
    return speaker


def _outlet(article: Any, article_id: str) -> str:
    if article is None:
        return article_id
    return _get(article, "outlet") or _get(article, "source") or article_id


def _aggregate(evidence: list[EvidenceItem], key) -> list[VoiceStance]:
    """Each voice's stance from its answering forecasts; statements and forecasts on a
    neighbouring event are its evidence too but move no probability."""
    grouped: dict[str, list[EvidenceItem]] = defaultdict(list)
    for item in evidence:
        if item.kind == "statement" or item.answers:
            grouped[key(item)].append(item)
    result = []
    for name, items in grouped.items():
        answering = [i for i in items if i.answers]
        probabilities = [i.probability for i in answering if i.probability is not None]
        mean = round(sum(probabilities) / len(probabilities), 3) if probabilities else None
        directions = {i.direction for i in answering if i.direction}
        stance = directions.pop() if len(directions) == 1 else direction_of(mean)
        result.append(
            VoiceStance(name=name, stance=stance, probability=mean, evidence=[i.id for i in items])
        )
    result.sort(key=lambda v: (-len(v.evidence), v.name))
    return result


def _over_time(evidence: list[EvidenceItem], by_month: bool) -> list[StancePoint]:
    points: dict[str, StancePoint] = {}
    sums: dict[str, list[float]] = defaultdict(list)
    for item in evidence:
        if not item.answers or not item.published:
            continue
        date = item.published[:7] if by_month else item.published
        point = points.setdefault(date, StancePoint(date=date))
        direction = item.direction or "uncertain"
        setattr(point, direction, getattr(point, direction) + 1)
        if item.probability is not None:
            sums[date].append(item.probability)
    for date, point in points.items():
        if sums[date]:
            point.mean_probability = round(sum(sums[date]) / len(sums[date]), 3)
    return [points[d] for d in sorted(points)]


# ---------------------------------------------------------------- Brier


def normalise_event(text: str) -> str:
    return " ".join(content_words(text))


def event_similarity(a: str, b: str) -> float:
    """0-100 similarity of two event phrases after synonym normalisation."""
    return float(fuzz.token_set_ratio(normalise_event(a), normalise_event(b)))


def _outcome_list(outcomes: Any) -> list[Outcome]:
    if isinstance(outcomes, Mapping):
        result = []
        for event, value in outcomes.items():
            if isinstance(value, tuple | list):
                result.append(Outcome(event, str(value[0]), value[1] if len(value) > 1 else None))
            else:
                result.append(Outcome(event, str(value)))
        return result
    return [o if isinstance(o, Outcome) else Outcome(**o) for o in outcomes]


def brier_scores(
    forecasts: Iterable[Any], outcomes: Any, include_conditional: bool = False
) -> list[ForecasterScore]:
    """Each forecaster's Brier score over the forecasts whose event matches a recorded outcome.

    ``outcomes`` maps an event phrase to ``(yes|no, date)`` (or is a list of ``Outcome``).
    A forecast matches the outcome with the most similar event (at least ``MIN_EVENT_MATCH``).
    Conditional forecasts are left out by default: their condition may never have been met.
    """
    recorded = _outcome_list(outcomes)
    per_speaker: dict[str, list[ScoredForecast]] = defaultdict(list)
    for f in forecasts:
        probability = _get(f, "probability")
        if probability is None or (_get(f, "conditional") and not include_conditional):
            continue
        best = None
        best_score = MIN_EVENT_MATCH
        for outcome in recorded:
            score = event_similarity(_get(f, "event") or "", outcome.event)
            if score >= best_score:
                best, best_score = outcome, score
        if best is None:
            continue
        happened = 1.0 if best.outcome.lower() in ("yes", "true", "1") else 0.0
        voice = "author" if _get(f, "voice") == "author" else "unknown"
        per_speaker[_get(f, "speaker") or voice].append(
            ScoredForecast(
                forecast=_get(f, "id"),
                event=_get(f, "event"),
                outcome_event=best.event,
                probability=probability,
                outcome="yes" if happened else "no",
                brier=round((probability - happened) ** 2, 6),
            )
        )
    scores = [
        ForecasterScore(
            speaker=speaker,
            brier=round(sum(s.brier for s in items) / len(items), 6),
            count=len(items),
            forecasts=items,
        )
        for speaker, items in per_speaker.items()
    ]
    scores.sort(key=lambda s: (s.brier, -s.count, s.speaker))
    return scores


def format_stance(report: StanceReport | Mapping[str, Any]) -> str:
    """A plain-text rendering of a stance report (a StanceReport or its ``asdict`` payload)."""
    if isinstance(report, StanceReport):
        from dataclasses import asdict

        report = asdict(report)
    lines = [f"Question: {report.get('question')}"]
    evidence = {e.get("id"): e for e in report.get("evidence") or []}
    for title, key in (("Voices", "voices"), ("Outlets", "outlets")):
        lines.append(f"{title}:")
        for item in report.get(key) or []:
            p = item.get("probability")
            shown = f"{p:.2f}" if isinstance(p, int | float) else "-"
            lines.append(
                f"  {item.get('name')}: {item.get('stance')} (p={shown}, "
                f"{len(item.get('evidence') or [])} items)"
            )
            for eid in (item.get("evidence") or [])[:3]:
                text = (evidence.get(eid) or {}).get("text") or ""
                lines.append(f"    [{eid}] {text[:100]}")
    timeline = report.get("timeline") or []
    if timeline:
        lines.append("Over time:")
        for point in timeline:
            lines.append(
                f"  {point.get('date')}: yes {point.get('yes')}, no {point.get('no')}, "
                f"uncertain {point.get('uncertain')}"
            )
    return "\n".join(lines)
