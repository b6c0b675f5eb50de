"""Forecast extraction: clauses about the future with event, direction, probability, speaker.

Candidates come from ``triggers``. The probability is, in order: a chance the text states
("35%", "one-in-four", "even money": ``numbers``), a probability fixed by the construction
("no real choice", "rule out"), the words of estimative probability on the clause (``wep``).
Negation inside the proposition ("won't", "no troops will", "there will be no recession",
"could not") and the frames above the clause ("I don't think", "isn't convinced that", "the
risk that", "denied that": ``scope``) then adjust it. The speaker is the speaker of the
statement the forecast sits in (``voice="speaker"``); else the holder of a belief or
expectation ("the bank expects"), or the subject of the speech or communication verb the clause
depends on (``voice="holder"``); else, outside quotation marks, the article's author
(``voice="author"``, speaker None). The event is written by ``proposition``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from chorus import syntax
from chorus.claims.numbers import StatedChance, find_stated_chances
from chorus.claims.proposition import (
    EventWriter,
    Names,
    event_group,
    event_parts,
    hedge_text,
    label,
)
from chorus.claims.scope import (
    apply_frames,
    condition_clause,
    is_aside,
    negation_of,
    negative_object,
    negative_subject,
    only_if,
    surface_frame_holder,
)
from chorus.claims.triggers import Candidate, find_candidates
from chorus.claims.voices import (
    AUTHOR,
    continued_holder,
    each_speaker,
    forecast_voice,
    line_bounds,
    parenthetical_reporter,
    statement_at,
    unnamed_expectation,
)
from chorus.claims.wep import Estimate, best_estimate, direction_of
from chorus.claims.words import IMPOSSIBILITY_MODALS, chance_nouns, is_negation, norm
from chorus.records import Article, EntityMention, Forecast, Statement, stable_id
from chorus.syntax import doc_text

#: Clause parts that are not part of the forecast's own words.
OUTSIDE_DEPS = frozenset({"punct", "cc", "conj", "mark", "relcl", "parataxis", "appos"})


@dataclass
class _Probability:
    value: float
    source: str  # stated | words | construction
    evidence: list[Token] | StatedChance | None
    estimate: Estimate | None = None


def extract_forecasts_with_entities(
    doc: Doc,
    article: Article,
    statements: list[Statement],
    entities: list[EntityMention] | None = None,
) -> list[Forecast]:
    """Forecasts of one parsed article (``doc`` parses ``article.text``)."""
    names = Names(article, entities, doc)
    chances = find_stated_chances(doc_text(doc))
    forecasts: list[Forecast] = []
    for sent in doc.sents:
        in_sentence = [c for c in chances if sent.start_char <= c.start < sent.end_char]
        first_here = len(forecasts)
        candidates = find_candidates(sent, in_sentence)
        heads = {c.verb.i for c in candidates}
        for cand in candidates:
            previous = forecasts[-1].event if forecasts else None
            forecast = _forecast(cand, in_sentence, article, statements, names, previous, heads)
            if forecast is None:
                continue
            if forecasts and forecast.voice == AUTHOR and unnamed_expectation(cand.hedges):
                forecast = continued_holder(forecast, forecasts[-1])
            if cand.verb.tag_ == "MD" and len(forecasts) > first_here:
                forecasts[-1] = _fold(forecasts[-1], forecast, article)
            else:
                forecasts.append(forecast)
    by_id = {s.id: s for s in statements}
    return [
        voiced
        for forecast in forecasts
        for voiced in each_speaker(forecast, by_id.get(forecast.statement or ""), names)
    ]


def _fold(first: Forecast, elided: Forecast, article: Article) -> Forecast:
    """ "Seventy percent it passes, thirty percent it won't": one forecast of one event."""
    start, end = min(first.start, elided.start), max(first.end, elided.end)
    return dataclasses.replace(
        first,
        id=stable_id(article.id, "forecast", str(start), str(end)),
        start=start,
        end=end,
        text=article.original[start:end],
    )


# ---------------------------------------------------------------- probability


def _estimate(tokens: list[Token]) -> Estimate | None:
    """The best scale phrase among the hedge words, as written or as lemmas ("vowed to")."""
    surface = " ".join(t.text for t in tokens)
    lemmas = " ".join(t.lemma_ for t in tokens)
    before_to = " | ".join(f"{t.lower_} to | {t.lemma_.lower()} to" for t in tokens)
    return best_estimate(f"{surface} | {lemmas} | {before_to}")


def _root(doc: Doc, chance: StatedChance) -> Token | None:
    span = doc.char_span(chance.start, chance.end, alignment_mode="expand")
    return span.root if span is not None else None


def _after_from(doc: Doc, chance: StatedChance) -> bool:
    """ "up from 50%": a previous value, not the estimate."""
    return doc_text(doc)[max(0, chance.start - 6) : chance.start].strip().lower().endswith("from")


def stated_chance(cand: Candidate, chances: list[StatedChance]) -> StatedChance | None:
    """The stated chance that qualifies this candidate's clause, if any: near its chance noun
    ("a 35% chance of", "the probability ... at 60%"), or before its subject in a phrase
    that governs the clause ("Seventy percent it'll", "It's even money that")."""
    doc = cand.verb.doc
    chances = [c for c in chances if not _after_from(doc, c)]
    if not chances:
        return None
    chances = [c for c in chances if _qualifies_chance(doc, c)]
    noun = cand.chance_noun
    if noun is not None:
        region = noun.head if noun.head.pos_ in ("VERB", "AUX") else noun
        inside = {t.i for t in _own_clause(region)}
        near = [c for c in chances if (root := _root(doc, c)) is not None and root.i in inside]
        return min(near, key=lambda c: abs(c.start - noun.idx)) if near else None
    verb = cand.verb
    governing = {verb.i} | {a.i for a in verb.ancestors}
    subject = syntax.clause_subject(verb)
    limit = min([t.idx for t in subject] + [verb.idx])
    before = []
    for chance in chances:
        root = _root(doc, chance)
        if (
            chance.end <= limit
            and root is not None
            and (root.i in governing or root.head.i in governing)
        ):
            before.append(chance)
    return before[-1] if before else None


def _qualifies_chance(doc: Doc, chance: StatedChance) -> bool:
    """A figure can state a chance unless it measures a thing ("a 2% inflation goal")."""
    root = _root(doc, chance)
    if root is None:
        return False
    if root.dep_ in ("compound", "nmod", "amod", "nummod") and root.head.pos_ == "NOUN":
        return root.head.lemma_.lower() in chance_nouns() or root.head.lower_ in chance_nouns()
    return True


def _own_clause(head: Token) -> list[Token]:
    """A clause's tokens without the clauses coordinated with or embedded in it."""
    tokens = [head]
    for child in head.children:
        if child.dep_ not in ("conj", "ccomp", "advcl", "parataxis", "relcl"):
            tokens.extend(child.subtree)
    return tokens


def _base_probability(cand: Candidate, chance: StatedChance | None) -> _Probability | None:
    hedges = sorted(set(cand.hedges), key=lambda t: t.i)
    estimate = _estimate(hedges)
    if chance is not None:
        source = "words" if chance.kind == "idiom" else "stated"
        return _Probability(chance.value, source, chance)
    adverb = estimate is not None and estimate.kind == "adverb"
    if cand.fixed is not None and not (cand.soft and adverb):
        return _Probability(cand.fixed, "construction", hedges)
    if estimate is not None:
        return _Probability(estimate.probability, "words", hedges, estimate)
    return None


def _event_negation(cand: Candidate) -> tuple[Token | None, Token | None]:
    """The negation inside the proposition, and a new event head when the negation names
    one ("will do little to ease X": X)."""
    verb = cand.verb
    if cand.event_override:
        return None, None
    negation = negation_of(verb)
    for hedge in cand.hedges:  # "not going to", "not likely to", "is not likely that"
        if negation is None and hedge.i != verb.i and hedge.pos_ in ("VERB", "AUX", "ADJ"):
            negation = negation_of(hedge) or (
                negation_of(hedge.head) if hedge.dep_ == "acomp" else None
            )
    if verb.tag_ == "MD":
        negation = negation or next((c for c in verb.children if is_negation(c)), None)
    if negation is not None or cand.nominal is not None:
        return negation, None
    negation = negative_subject(verb)
    if negation is not None:
        return negation, None
    found = negative_object(verb)
    return (found[0], found[1]) if found else (None, None)


# ---------------------------------------------------------------- span, speaker


def _clause_tokens(
    cand: Candidate, extra: list[Token], candidate_heads: set[int] = frozenset()
) -> list[Token]:
    """The forecast clause: subject, hedges, verb, complements, conditions, purpose clauses
    and folded coordinated clauses; not reasons, concessions or attributions."""
    verb = cand.verb
    subject = syntax.clause_subject(verb)
    if (
        verb.dep_ == "conj"
        and subject
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
        and any(subject[0].i < h < verb.i for h in candidate_heads)
    ):
        subject = []  # "X would do little ..., but could lead to Y": X is the first forecast's
    tokens = [verb, *cand.hedges, *extra, *subject, *(cand.nominal or [])]
    heads = [verb, *cand.merged, *syntax.glued(verb)]
    heads += [h.head for h in cand.hedges if h.dep_ == "acomp" and h.head.i != verb.i]
    heads += [
        c
        for h in list(heads)
        for c in h.children
        if _shares_subject(c) and not any(g.tag_ == "MD" for g in c.children)
    ]
    for head in heads:
        tokens.append(head)
        for child in head.children:
            if child.dep_ in OUTSIDE_DEPS or child.left_edge.lower_ in syntax.ASIDE_PREPOSITIONS:
                continue  # "since ...", "given that ...", "according to ..."
            if child.dep_ == "advcl" and is_aside(child):
                continue
            if child.dep_ in ("nsubj", "nsubjpass") and head in cand.merged:
                continue
            tokens.extend(child.subtree)
    for hedge in cand.hedges:  # "more likely to intervene if the border closes"
        condition = condition_clause(hedge) if hedge.i != verb.i else None
        tokens.extend(condition.subtree if condition is not None else [])
    sent = verb.sent
    low, high = line_bounds(verb)
    return [
        t
        for t in tokens
        if sent.start <= t.i < sent.end and low <= t.idx < high and not syntax.under_aside(t, verb)
    ]


def _shares_subject(token: Token) -> bool:
    """A coordinated verb under the same subject and modal ("will meet X and do Y")."""
    return (
        token.dep_ == "conj"
        and token.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
    )


def _clause_span(cand: Candidate, extra: list[Token], candidate_heads: set[int]) -> tuple[int, int]:
    tokens = _clause_tokens(cand, extra, candidate_heads)
    doc = cand.verb.doc
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    if first > 0 and doc[first].lower_ in ("n't", "n’t") and not doc[first - 1].whitespace_:
        first -= 1  # "doesn't mean", not "n't mean"
    trimmed = syntax.trim_span(doc, first, last)
    if trimmed is None:
        return doc[first].idx, doc[last].idx + len(doc[last])
    start, end = trimmed
    while (
        end > start and doc_text(doc)[end - 1] in "\"'“”‘’" and doc_text(doc)[start] not in "\"'“‘"
    ):
        end -= 1  # a closing quote mark without its opening one
    return start, end


# ---------------------------------------------------------------- the record


def _event(
    cand: Candidate,
    writer: EventWriter,
    target: Token | None,
    keep_negation: bool,
    fallback: bool = False,
) -> str:
    if cand.verb.tag_ == "MD":  # ellipsis ("the country never will"): told by the caller
        first = min([t.i for t in syntax.clause_subject(cand.verb)] + [cand.verb.i])
        last = cand.verb.i + 1
        if last < len(cand.verb.doc) and cand.verb.doc[last].lower_ in ("n't", "n’t"):
            last += 1  # "it won't", not "it wo"
        return label(cand.verb.doc[first:last].text) if fallback else ""
    if cand.event_override:
        subject, _plural = writer.subject(cand.verb)
        return label(f"{subject} {cand.event_override}")
    if cand.nominal is not None:
        return writer.nominal(cand.nominal)
    return writer.clause(target or cand.verb, keep_negation)


def _not_the_event(
    cand: Candidate, negation: Token | None, chance: StatedChance | None, clause: list[Token]
) -> set[int]:
    """Tokens that are the forecast's hedge, negation, condition or figure, not its event."""
    skip = {h.i for h in cand.hedges if h.i != cand.verb.i and not cand.shows_hedges}
    skip |= {negation.i} if negation is not None else set()
    for tok in clause:
        if tok.dep_ == "advcl" and (condition_clause(tok.head) is tok):
            skip |= {t.i for t in tok.subtree}
    if chance is not None:
        doc = cand.verb.doc
        span = doc.char_span(chance.start, chance.end, alignment_mode="expand")
        if span is not None:
            skip |= {t.i for t in span}
            if span.root.dep_ == "pobj":  # "at 60%"
                skip.add(span.root.head.i)
    return skip


def _forecast(
    cand: Candidate,
    chances: list[StatedChance],
    article: Article,
    statements: list[Statement],
    names: Names,
    previous_event: str | None = None,
    candidate_heads: set[int] | None = None,
) -> Forecast | None:
    """The forecast of one candidate; an elided clause ("40% she won't") is about the event
    of the forecast before it."""
    verb = cand.verb
    chance = cand.chance or stated_chance(cand, chances)
    base = _base_probability(cand, chance)
    if base is None:
        return None
    probability = 1 - base.value if cand.flip else base.value
    negation, target = _event_negation(cand)
    impossible = (
        base.estimate is not None
        and base.estimate.kind == "modal"
        and base.estimate.phrase in IMPOSSIBILITY_MODALS
    )
    extreme = (
        base.estimate is not None
        and base.estimate.kind == "adverb"
        and not 0.1 < base.estimate.probability < 0.9
    )
    if extreme and negation is not None:  # "not inevitable" is open; "certainly not" is not
        extreme = any(h.i > negation.i and norm(h) in base.estimate.phrase for h in cand.hedges)
    if negation is not None:  # "could not": impossible
        probability = 0.1 if impossible else 0.5 if extreme else 1 - probability
    frame = apply_frames(verb, probability, negation is not None, base.source == "stated")
    probability = 0.5 if only_if(verb) else frame.probability
    probability = round(min(1.0, max(0.0, probability)), 3)
    extra = [*frame.hedges, *([negation] if negation is not None else [])]
    on_line = [t for t in extra if t.i >= verb.sent.start]
    clean_start, clean_end = _clause_span(cand, on_line, candidate_heads or set())
    start, end = article.to_original(clean_start, clean_end)
    anchor = article.to_original(verb.idx, verb.idx + len(verb.text))[0]
    statement = statement_at(start, end, anchor, statements)
    holder = (
        cand.holder
        or frame.holder
        or surface_frame_holder(verb)
        or frame.reporter
        or parenthetical_reporter(verb)
    )
    voice = forecast_voice(verb, holder, statement, names, statements)
    condition = condition_clause(verb) or next(
        (c for h in cand.hedges if h.i != verb.i and (c := condition_clause(h)) is not None), None
    )
    skip = _not_the_event(cand, negation, chance, _clause_tokens(cand, []))
    if condition is not None:
        skip |= {t.i for t in condition.subtree}
    writer = EventWriter(
        names,
        voice.speaker if voice.voice == "speaker" else None,
        skip,
        line_bounds(verb),
    )
    event = _event(cand, writer, target, frame.keep_negation_in_event) or previous_event
    event = event or _event(cand, writer, target, False, fallback=True)
    if not event:
        return None
    evidence_start, evidence_end, evidence_text = _evidence(base, article)
    hedge_tokens = [*cand.hedges, *(t for t in extra if t is not None)]
    parts = event_parts(names, None if cand.nominal else target or verb, cand.nominal)
    return Forecast(
        id=stable_id(article.id, "forecast", str(start), str(end)),
        article=article.id,
        source=article.source,
        start=start,
        end=end,
        text=article.original[start:end],
        speaker=voice.speaker,
        event=event,
        direction=direction_of(probability, stated=base.source == "stated"),
        hedge=hedge_text(hedge_tokens) or evidence_text,
        probability=probability,
        conditional=condition is not None,
        statement=voice.statement.id if voice.statement is not None else None,
        speaker_id=voice.statement.speaker_id if voice.statement is not None else None,
        speaker_local_id=voice.local_id,
        voice=voice.voice,
        speaker_mention=voice.mention,
        probability_source=base.source,
        probability_text=evidence_text,
        probability_start=evidence_start,
        probability_end=evidence_end,
        condition=_condition_text(condition),
        event_key=parts.key,
        event_group=event_group(parts.key),
        event_subject=parts.subject or None,
        event_act=parts.act or None,
        event_object=parts.object or None,
        event_subject_local_id=parts.subject_local_id,
    )


def _evidence(base: _Probability, article: Article) -> tuple[int | None, int | None, str | None]:
    """Where the probability comes from: the stated figure, or the deciding hedge words."""
    if isinstance(base.evidence, StatedChance):
        start, end = article.to_original(base.evidence.start, base.evidence.end)
        return start, end, base.evidence.text
    tokens = base.evidence or []
    if base.estimate is not None:
        words = set(base.estimate.phrase.split())
        tokens = [t for t in tokens if norm(t) in words or t.lemma_.lower() in words] or tokens
    if not tokens:
        return None, None, None
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    start, end = article.to_original(first.idx, last.idx + len(last.text))
    return start, end, article.original[start:end]


def _condition_text(condition: Token | None) -> str | None:
    if condition is None:
        return None
    tokens = list(condition.subtree)
    span: Span = condition.doc[tokens[0].i : tokens[-1].i + 1]
    return span.text.strip(" ,;") or None
