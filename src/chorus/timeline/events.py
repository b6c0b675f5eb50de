"""Dated event mentions per article, and what merging them across articles compares
(``chorus.linking.steps.events`` merges them)."""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from chorus import syntax
from chorus.records import Article, Event, EventMention, stable_id
from chorus.syntax import doc_text
from chorus.timeline.dates import PRECISION_LENGTH, TimeExpression, find_expressions, reference_date

#: Summaries at least this similar (rapidfuzz token_set_ratio) report the same event.
MIN_SUMMARY_SIMILARITY = 60.0
MAX_SUMMARY_WORDS = 18
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
#: A summary shorter than this (in words) is no clause: the sentence is shown instead.
MIN_SUMMARY_WORDS = 3
#: Clauses left out of a summary's phrases (content clauses "a decision to allow" stay).
SUMMARY_CLAUSES = ("relcl", "appos", "advcl")


def _has_event_verb(sent: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in sent)


#: "since/before/after X" still place the event at X (it began, or happened, about then)...
TIME_POINT_RELATIONS = frozenset({"since", "before", "after"})
#: ...unless X is what a superlative is measured against ("the sharpest rise since 1994").
COMPARISON_WORDS = frozenset({"first", "last", "only", "time", "times", "ever"})


def _dating(sent: Span, expressions: list[TimeExpression]) -> list[TimeExpression]:
    """The expressions that say when something happens: resolved, and not a bound ("by
    2027", "until May") or a comparison ("the sharpest rise since 1994")."""
    return [
        e
        for e in expressions
        if e.date
        and (e.relation is None or (e.relation in TIME_POINT_RELATIONS and not _compares(sent, e)))
    ]


def _compares(sent: Span, expression: TimeExpression) -> bool:
    before = [t for t in sent if t.idx < expression.start]
    if not before:
        return False
    head = before[-1].head  # what "since" hangs on
    return head.pos_ in ("NOUN", "ADJ", "ADV") and (
        head.lower_ in COMPARISON_WORDS
        or any(c.tag_ in ("JJS", "RBS") or c.lower_ in COMPARISON_WORDS for c in head.children)
    )


def _governing_verb(sent: Span, expression: TimeExpression) -> Token:
    """The verb the expression modifies, raised to the top of a "to"-chain ("are scheduled
    to meet on Friday": "scheduled")."""
    token = next((t for t in sent if t.idx >= expression.start), sent.root)
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("aux", "auxpass"):
            break
        if current.head.i == current.i:
            break
        current = current.head
    while current.head.pos_ in ("VERB", "AUX") and (
        current.dep_ == "xcomp"
        or (
            current.dep_ == "advcl"
            and not any(c.dep_ in ("nsubj", "mark") for c in current.children)
        )
    ):
        current = current.head  # "Speaking on Tuesday, he said": what he said
    return current


def _subject_words(verb: Token) -> list[Token]:
    """The clause's subject; a relative pronoun gives way to the phrase it stands for
    ("the committee, which last week raised rates": "the committee")."""
    subject = syntax.clause_subject(verb)
    if len(subject) == 1 and syntax.is_relative_pronoun(subject[0]):
        noun = syntax.antecedent(subject[0])
        if noun.i != subject[0].i:
            return [t for t in syntax.phrase_tokens(noun) if t.i <= noun.i]
    return subject


def summary_of(sent: Span, expressions: list[TimeExpression]) -> str:
    """What happened, in the article's words: the subject, the verb as written (with its
    auxiliaries) and its objects, without the dates themselves; the sentence when the
    clause gives too little. ``expressions`` date one verb (the first is the one used)."""
    verb = _governing_verb(sent, expressions[0])
    dated = {t.i for t in sent for e in expressions if e.start <= t.idx < e.end}
    dated |= {t.i for t in sent if t.head.i in dated and t.dep_ in ("det", "case", "amod")}
    group = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    tokens = _subject_words(verb) + group + [verb, *syntax.glued(verb)]
    tokens += syntax.clause_objects(verb, dated, SUMMARY_CLAUSES, content_before=True)
    line = _line(sent.doc, verb)
    tokens = [
        t for t in tokens if t.i not in dated and sent.start <= t.i < sent.end and t.idx in line
    ]
    text = syntax.surface([t for t in tokens if not _dangling_preposition(t, dated)])
    if len(text.split()) < MIN_SUMMARY_WORDS:
        text = syntax.surface([t for t in sent if t.idx in line])
    return _bounded(text)


def _preference(expression: TimeExpression) -> tuple[int, int]:
    """Of two dates of one verb, the more precise, then the one the text spells out
    ("in February 2022" before "this year")."""
    spelled = bool(re.search(r"(?:19|20)\d\d", expression.text))
    return -PRECISION_RANK.get(expression.precision or "", -1), -int(spelled)


def _line(doc: Doc, token: Token) -> range:
    """Character positions of the line holding ``token`` (the parser joins paragraphs)."""
    start = doc_text(doc).rfind("\n", 0, token.idx) + 1
    end = doc_text(doc).find("\n", token.idx)
    return range(start, len(doc_text(doc)) if end < 0 else end)


def _dangling_preposition(token: Token, dated: set[int]) -> bool:
    """The "on" of "on Monday" once "Monday" is left out."""
    return token.dep_ == "prep" and bool(
        [c for c in token.children] and all(c.i in dated for c in token.children)
    )


def _bounded(text: str) -> str:
    words = re.sub(r"\s+", " ", text).strip(" ,;:–—-").split()
    if len(words) <= MAX_SUMMARY_WORDS:
        return " ".join(words)
    return " ".join(words[:MAX_SUMMARY_WORDS]).rstrip(".,;:") + "…"


def _clause_of(sent: Span, verb: Token) -> tuple[int, int]:
    """Character span of the clause the dated verb heads (within its sentence)."""
    tokens = [t for t in verb.subtree if sent.start <= t.i < sent.end]
    if not tokens:
        return sent.start_char, sent.end_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def extract_event_mentions(doc: Doc, article: Article) -> list[EventMention]:
    """Sentences holding a temporal expression and a verb: one mention per expression that
    dates something (the sentence when it has one, the dated clause when it has several);
    a sentence whose expressions cannot be resolved gives one undated mention; bounds and
    comparisons alone ("since 1994") give none."""
    reference = reference_date(article, article.text)
    mentions: list[EventMention] = []
    for sent in doc.sents:
        expressions = find_expressions(sent.text, reference, offset=sent.start_char)
        if not expressions or not _has_event_verb(sent):
            continue
        by_verb: dict[int, list[TimeExpression]] = defaultdict(list)
        for expression in _dating(sent, expressions):
            by_verb[_governing_verb(sent, expression).i].append(expression)
        groups = [sorted(g, key=_preference) for g in by_verb.values()]
        if not groups:
            open_ended = [e for e in expressions if e.relation is None]
            groups = [open_ended[:1]] if open_ended else []
        dating = [group[0] for group in groups]
        for chosen, group in zip(dating, groups, strict=True):
            if len(dating) == 1:
                clean_span = (sent.start_char, sent.end_char)
            else:
                clean_span = _clause_of(sent, _governing_verb(sent, chosen))
            start, end = article.to_original(*clean_span)
            expression_span = article.to_original(chosen.start, chosen.end)
            mentions.append(
                EventMention(
                    id=stable_id(article.id, "event", str(start), str(end), chosen.text),
                    article=article.id,
                    start=start,
                    end=end,
                    text=article.original[start:end],
                    date=chosen.date,
                    precision=chosen.precision,
                    summary=summary_of(sent, group),
                    expression=chosen.text,
                    expression_start=expression_span[0],
                    expression_end=expression_span[1],
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
    dated_by = None
    if best.date and best.expression_start is not None:
        dated_by = {
            "article": best.article,
            "start": best.expression_start,
            "end": best.expression_end,
            "text": best.expression,
        }
    return Event(
        id=stable_id("event", *sorted(m.id for m in members)),
        date=best.date,
        precision=best.precision,
        summary=min((m.summary for m in members), key=len),
        reports=[
            {"article": m.article, "start": m.start, "end": m.end, "id": m.id}
            for m in sorted(members, key=lambda m: (m.article, m.start))
        ],
        dated_by=dated_by,
    )


def event_order(event: Event) -> tuple:
    """The timeline's order: by date, undated last; ties by the first report."""
    first = event.reports[0]
    return (event.date is None, event.date or "", event.summary, first["article"], first["start"])
