"""Finding statements in a parsed article: direct quotes, indirect speech, their cues and speakers.

Rules over the dependency parse, in three passes:

1. Indirect speech (``indirect.IndirectRules``).
2. Direct quotes (``direct.DirectRules``).
3. Speakers are resolved (``speakers.SpeakerResolver``) in text order so pronouns see the
   speakers before them; then each statement's relay (``relays.RelayRules``), as the
   article's entity name. See docs/attribution.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from chorus.attribution import confidence, ranker
from chorus.attribution.confidence import Context, features, probability
from chorus.attribution.cues import author_of
from chorus.attribution.direct import DirectRules
from chorus.attribution.found import Found
from chorus.attribution.indirect import IndirectRules
from chorus.attribution.relays import RelayRules
from chorus.attribution.speakers import Resolution, SpeakerResolver
from chorus.records import Article, EntityMention, Statement, stable_id
from chorus.syntax import child_with, noun_phrase

#: Rules whose evidence is a layout convention (a dash signature, a speaker label, a colon
#: introduction) that the training news rarely shows but that is precise where it occurs: the
#: confidence model scores them but does not filter them out. (Measured on PolNeAR train,
#: "as X reports", a lead sentence and paragraph-level inheritance are not precise enough to
#: be exempt.)
LAYOUT_RULES = {"dash", "label", "colon", "colon-line"}
#: Statements the confidence model scores below this are not reported (not plausible
#: attributions); those between it and the model's threshold are reported as uncertain.
OUTPUT_FLOOR = 0.25


class Extractor(IndirectRules, DirectRules, RelayRules):
    """Finds the statements of one parsed article (clean offsets)."""


@dataclass(frozen=True)
class Models:
    """The trained weights the extractor uses (None: that model is not used)."""

    confidence: dict | None
    ranker: dict | None


def shipped_models() -> Models:
    """The models shipped as package data."""
    return Models(confidence.load_model(), ranker.load_model())


def _confidence(item: Found) -> float:
    """Honest confidence: high for an explicit named speaker, lower for pronouns over distance,
    inherited speakers, and low when no speaker was found."""
    resolution = item.resolution
    if item.speaker is None or resolution is None or resolution.name is None:
        return 0.3
    base = {
        "cue": 0.95, "frame": 0.9, "clause": 0.85, "according": 0.85, "colon": 0.9,
        "colon-line": 0.85, "dash": 0.85, "continuation": 0.85, "inherited": 0.75, "lead": 0.7,
    }.get(item.how, 0.7)  # fmt: skip
    if resolution.kind in ("pronoun", "description"):
        base -= 0.05 + min(0.3, resolution.distance / 3000)
    elif resolution.kind == "description" or resolution.local_id is None:
        base -= 0.05
    return round(max(0.05, min(1.0, base)), 3)


def own_name(via: str | None, speaker: str | None) -> bool:
    """Whether a relay is the speaker under another spelling: the same name, or some of its
    words ("Lukas" for "Anna Lukas")."""
    if via is None or speaker is None:
        return False
    return via == speaker or set(via.split()) <= set(speaker.split())


@dataclass(frozen=True)
class Explained:
    """A statement with how it was found: the rule and the confidence model's features (for
    training, evaluation and error analysis; not part of the stored record)."""

    statement: Statement
    rule: str
    features: list[str]


def find_statements(
    doc: Doc,
    article: Article,
    entities: list[EntityMention],
    keep_all: bool = False,
    floor: float = OUTPUT_FLOOR,
) -> list[Statement]:
    """All statements of a parsed article, with original offsets (see the module docstring).

    With the shipped confidence model, statements scored below ``floor`` are left out unless
    ``keep_all``.
    """
    return [e.statement for e in explain_statements(doc, article, entities, keep_all, floor)]


def explain_statements(
    doc: Doc,
    article: Article,
    entities: list[EntityMention],
    keep_all: bool = False,
    floor: float = OUTPUT_FLOOR,
    models: Models | None = None,
) -> list[Explained]:
    """``find_statements`` with the rule and features of each statement (``models``: the
    shipped ones unless given, for training)."""
    models = models or shipped_models()
    extractor = Extractor(doc)
    indirect = extractor.indirect()
    direct = extractor.direct(indirect)
    items = sorted(indirect + direct, key=lambda f: (f.start, f.end))
    ranker.rerank(items, extractor, models.ranker)
    resolver = SpeakerResolver(
        doc, article, entities, in_quote=extractor.in_quote, sentences=extractor.sentences
    )
    resolved_heads: dict[int, Resolution] = {}
    for item in sorted(items, key=lambda f: f.anchor):
        if item.inherited is not None and item.inherited.resolution is not None:
            item.resolution = item.inherited.resolution
            source = item.inherited.speaker
            moved = item.speaker is not None and source is not None and item.speaker.i != source.i
            # a speaker named again nearer the quotation keeps the person, with that mention
            item.speaker_span = noun_phrase(item.speaker) if moved else item.inherited.speaker_span
            continue
        if item.speaker is None:
            continue
        if item.speaker_span is None:
            item.speaker_span = noun_phrase(document_subject(doc, item, extractor) or item.speaker)
        key = item.speaker.i
        if key not in resolved_heads:
            resolved_heads[key] = resolver.resolve(item.speaker, item.speaker_span)
            resolver.note_speaker(item.speaker.idx, resolved_heads[key])
        item.resolution = resolved_heads[key]
    extractor.assign_relays(items, direct)
    for item in items:
        if item.via is not None:
            item.via = resolver.canonical_relay(item.via, item.anchor)
            if item.resolution is not None and own_name(item.via, item.resolution.name):
                item.via = None  # a speaker does not relay their own words
    model = models.confidence
    context = Context(items, extractor.in_quote)
    explained = []
    for item in items:
        names = features(item, doc, extractor.text, context)
        statement = _to_statement(item, article)
        if model is not None and item.speaker is not None:
            statement.confidence = round(probability(names, model), 3)
            layout = item.how in LAYOUT_RULES
            if not (keep_all or layout or statement.confidence >= floor):
                continue
        explained.append(Explained(statement, item.how, names))
    return _one_per_span(explained)


def document_subject(doc: Doc, item: Found, state: Extractor) -> Token | None:
    """ "“...,” the statement said": the document that is the cue's subject, when its author
    is the speaker; it is the speaker's mention, the author the one it resolves to (as "he"
    resolves to a name). Not for a joint document ("X and Y said in a joint statement"):
    the authors' mention names them all."""
    cue = ranker.cue_token(doc, item, state.sentences)
    subject = child_with(cue, ("nsubj",)) if cue is not None else None
    if subject is None or subject.i == item.speaker.i or item.speaker.conjuncts:
        return None
    author = author_of(subject)
    return subject if author is not None and author.i == item.speaker.i else None


def _one_per_span(explained: list[Explained]) -> list[Explained]:
    """Two cues that claim one span ("warned, saying: ...") make one statement: the more
    confident is kept, in its place."""
    best: dict[tuple[int, int], Explained] = {}
    for item in explained:
        key = (item.statement.start, item.statement.end)
        kept = best.get(key)
        if kept is None or item.statement.confidence > kept.statement.confidence:
            best[key] = item
    return [e for e in explained if best[(e.statement.start, e.statement.end)] is e]


def _to_statement(item: Found, article: Article) -> Statement:
    start, end = article.to_original(item.start, item.end)
    statement = Statement(
        id=stable_id(article.id, str(start), str(end)),
        article=article.id,
        source=article.source,
        start=start,
        end=end,
        text=article.original[start:end],
        kind=item.kind,
    )
    if item.cue is not None:
        statement.cue_start, statement.cue_end = article.to_original(*item.cue)
        statement.cue = article.original[statement.cue_start : statement.cue_end]
    if item.speaker_span is not None:
        statement.speaker_start, statement.speaker_end = article.to_original(*item.speaker_span)
        statement.speaker_mention = article.original[
            statement.speaker_start : statement.speaker_end
        ]
    if item.resolution is not None:
        statement.speaker = item.resolution.name
        statement.speaker_local_id = item.resolution.local_id
    statement.via = item.via
    statement.confidence = _confidence(item)
    return statement
