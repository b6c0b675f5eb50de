"""Resolving a speaker mention to an entity of the article.

Names map to the people stage's ``EntityMention`` by span overlap (or, when that stage returns
nothing, to a minimal surname grouping of the parse's PERSON/ORG names). Pronouns go to the most
salient compatible entity before them (the latest speaker, else the latest named subject);
descriptions ("the Belarusian leader") to the entity whose roles or title words share a word,
or a word of the same class, with the description.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from chorus.attribution.cues import pronoun_kinds, title_classes
from chorus.records import Article, EntityMention
from chorus.syntax import SentenceIndex, antecedent, noun_phrase

_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "NORP", "GPE"}
#: How many mentions, speakers or tokens back a resolution reads (bounded work per mention).
_LOOK_BACK = 300
#: Longer than any one mention, in characters.
_LONGEST_MENTION = 200
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "gen", "col"}


@dataclass
class Resolution:
    """The outcome of resolving one mention."""

    name: str | None
    local_id: str | None
    kind: str  # name | pronoun | description | unknown
    distance: int = 0  # characters back to the antecedent (pronouns, descriptions)
    entity_kind: str | None = None


@dataclass
class _Entity:
    local_id: str
    name: str
    kind: str
    mentions: list[tuple[int, int]]  # clean offsets
    roles: list[str] = field(default_factory=list)

    def words(self) -> set[str]:
        found = set()
        for text in [self.name, *self.roles]:
            found.update(w.lower() for w in re.findall(r"\w+", text))
        return found


def _roles_from_doc(doc: Doc, ent: Span) -> list[str]:
    """Title words written right before a name ("Belarusian President Alexander Lukashenko")."""
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod") and doc[i].head.i >= ent.start:
        i -= 1
    title = doc[i + 1 : ent.start].text
    appos = [
        t for t in ent.root.children if t.dep_ == "appos" and t.pos_ == "NOUN" and t.i > ent.end
    ]
    roles = [title] if title else []
    roles.extend(doc[t.left_edge.i : t.right_edge.i + 1].text for t in appos)
    return roles


def fallback_entities(doc: Doc) -> list[_Entity]:
    """A minimal grouping of names: PERSON names by surname, other names by their text."""
    groups: dict[str, _Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS | _ORG_LABELS:
            continue
        tokens = [t for t in ent if t.is_alpha and t.lower_ not in _HONORIFICS]
        while len(tokens) > 1 and tokens[0].lower_ in title_classes():
            tokens = tokens[1:]  # a title the entity recogniser took in ("President X")
        if not tokens:
            continue
        is_person = ent.label_ in _PERSON_LABELS
        key = ("p:" + tokens[-1].lower_) if is_person else ("o:" + ent.text.lower())
        name = " ".join(t.text for t in tokens) if is_person else ent.text
        entity = groups.get(key)
        if entity is None:
            entity = groups[key] = _Entity(
                f"a{len(groups) + 1}", name, "person" if is_person else "organisation", []
            )
        elif len(name) > len(entity.name):
            entity.name = name
        entity.mentions.append((ent.start_char, ent.end_char))
        entity.roles.extend(_roles_from_doc(doc, ent))
    return list(groups.values())


def _to_clean(article: Article, start: int, end: int) -> tuple[int, int] | None:
    """Original offsets back to clean ones (through the offset map's runs)."""
    for clean_start, orig_start, length in article.offsets.segments or [(0, 0, len(article.text))]:
        if orig_start <= start < orig_start + length:
            return clean_start + start - orig_start, clean_start + min(
                end, orig_start + length
            ) - orig_start
    return None


def entities_in_clean_offsets(article: Article, entities: list[EntityMention]) -> list[_Entity]:
    result = []
    for entity in entities:
        mentions = []
        for start, end, _surface in entity.mentions:
            clean = _to_clean(article, start, end)
            if clean:
                mentions.append(clean)
        result.append(
            _Entity(entity.local_id, entity.name, entity.kind, sorted(mentions), list(entity.roles))
        )
    return result


_INDEFINITE = {"a", "an", "some", "many", "several", "other", "one", "few", "most", "no"}


def _generic(head: Token) -> bool:
    """A non-specific source ("reports", "some analysts", "a source"): no one to name."""
    if head.pos_ == "PROPN" or head.ent_type_:
        return False
    determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "amod", "nummod")}
    if determiners & _INDEFINITE:
        return True
    has_owner = any(c.dep_ in ("det", "poss", "compound") for c in head.children)
    return head.tag_ in ("NNS",) and not has_owner


class SpeakerResolver:
    """Resolves mentions of one article, remembering the speakers already seen (salience)."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        entities: list[EntityMention],
        in_quote: Callable[[Token], bool] = lambda token: False,
        sentences: SentenceIndex | None = None,
    ):
        self.doc = doc
        self.entities = entities_in_clean_offsets(article, entities) if entities else []
        if not self.entities:
            self.entities = fallback_entities(doc)
        self.by_surname: dict[str, _Entity] = {}
        for entity in self.entities:
            parts = re.findall(r"\w+", entity.name.lower())
            if parts:
                current = self.by_surname.get(parts[-1])
                if current is None or len(entity.name) > len(current.name):
                    self.by_surname[parts[-1]] = entity
        self.mention_index = sorted(
            ((start, end, entity) for entity in self.entities for start, end in entity.mentions),
            key=lambda m: (m[0], m[1]),
        )
        self.mention_starts = [m[0] for m in self.mention_index]
        self.by_id = {entity.local_id: entity for entity in self.entities}
        self.sentences = sentences or SentenceIndex(doc)
        #: indices of the named (PROPN) subjects, the antecedents a pronoun may take
        self.named_subjects = [
            t.i for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"
        ]
        #: tells whether a token is inside a quotation (the extractor's quote index)
        self.in_quote = in_quote
        #: (char pos, entity, name, kind) of the speakers seen so far
        self.speakers: list[tuple[int, _Entity | None, str, str]] = []

    def note_speaker(self, pos: int, resolution: Resolution) -> None:
        """Remember a resolved speaker: later pronouns prefer recent speakers."""
        entity = self.by_id.get(resolution.local_id) if resolution.local_id else None
        if resolution.name:
            kind = resolution.entity_kind or ("person" if resolution.kind == "name" else "other")
            self.speakers.append((pos, entity, resolution.name, kind))

    def _mentions_before(self, pos: int):
        """Mentions starting before ``pos``, nearest first (at most ``_LOOK_BACK``)."""
        k = bisect.bisect_left(self.mention_starts, pos)
        for i in range(k - 1, max(-1, k - 1 - _LOOK_BACK), -1):
            yield self.mention_index[i]

    def _overlapping(self, start: int, end: int) -> _Entity | None:
        """The entity of the first mention overlapping ``[start, end)``."""
        found = None
        for m_start, m_end, entity in self._mentions_before(end):
            if m_end > start:
                found = entity
            if m_start < start - _LONGEST_MENTION:
                break
        return found

    def resolve(self, head: Token, span: tuple[int, int]) -> Resolution:
        """Resolve the mention whose head token is ``head`` and clean char span ``span``."""
        if antecedent(head) is not head:
            head = antecedent(head)
            span = noun_phrase(head)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in pronoun_kinds():
            return self._resolve_pronoun(head)
        entity = self._overlapping(head.idx, head.idx + len(head)) or self._overlapping(*span)
        if entity is None and head.pos_ == "PROPN":
            entity = self.by_surname.get(lower)
        if entity is not None:
            return Resolution(entity.name, entity.local_id, "name", 0, entity.kind)
        if head.pos_ == "NOUN" and lower in title_classes():
            found = self._resolve_description(head, span)
            if found is not None:
                return found
        if _generic(head):
            return Resolution(None, None, "generic", 0, None)
        text = self.doc.char_span(*span, alignment_mode="expand")
        name = text.text if text is not None else head.text
        name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.IGNORECASE)
        is_org = head.ent_type_ in _ORG_LABELS or lower in title_classes()
        kind = "name" if head.pos_ == "PROPN" else "description"
        return Resolution(name, None, kind, 0, "organisation" if is_org else None)

    def _compatible(self, entity: _Entity | None, pronoun_kind: str) -> bool:
        if entity is None:
            return pronoun_kind == "group"
        if pronoun_kind in ("male", "female", "person"):
            return entity.kind == "person"
        return entity.kind != "person" or pronoun_kind == "group"

    def _subject_antecedent(self, head: Token, kind: str) -> Resolution | None:
        """The named subject, outside quotations, of the pronoun's own sentence before it:
        "Lukashenko met Putin ..., and state media reported that he ..." -> Lukashenko."""
        sent_start, _ = self.sentences.bounds(head.i)
        low = bisect.bisect_left(self.named_subjects, sent_start)
        high = bisect.bisect_left(self.named_subjects, head.i)
        for i in self.named_subjects[low : min(high, low + _LOOK_BACK)]:
            token = self.doc[i]
            if self.in_quote(token):
                continue
            entity = self._overlapping(token.idx, token.idx + len(token))
            entity = entity or self.by_surname.get(token.lower_)
            if entity is not None and self._compatible(entity, kind):
                return Resolution(
                    entity.name, entity.local_id, "pronoun", head.idx - token.idx, entity.kind
                )
        return None

    def _resolve_pronoun(self, head: Token) -> Resolution:
        kind = pronoun_kinds().get(head.lower_, "person")
        pos = head.idx
        if kind in ("male", "female", "person"):
            found = self._subject_antecedent(head, kind)
            if found is not None:
                return found
        recent_speaker = next(
            (
                (p, e, n)
                for p, e, n, k in reversed(self.speakers[-_LOOK_BACK:])
                if p < pos
                and (
                    self._compatible(e, kind)
                    or (e is None and (k == "person") == (kind != "group"))
                )
            ),
            None,
        )
        recent_mention = None
        for m_start, _m_end, entity in self._mentions_before(pos):
            if self._compatible(entity, kind):
                recent_mention = (m_start, entity)
                break
        if recent_speaker and (
            recent_mention is None or recent_speaker[0] >= recent_mention[0] - 400
        ):
            p, entity, name = recent_speaker
            return Resolution(
                name, entity.local_id if entity else None, "pronoun", pos - p,
                entity.kind if entity else None,
            )  # fmt: skip
        if recent_mention:
            p, entity = recent_mention
            return Resolution(entity.name, entity.local_id, "pronoun", pos - p, entity.kind)
        if kind in ("male", "female", "person") and self.speakers:
            # the entity kinds of the parse are unreliable: the latest named speaker nearby
            p, entity, name, speaker_kind = self.speakers[-1]
            if speaker_kind != "other" and pos - p < 600:
                return Resolution(name, entity.local_id if entity else None, "pronoun", pos - p)
        return Resolution(None, None, "unknown", 0)

    def _resolve_description(self, head: Token, span: tuple[int, int]) -> Resolution | None:
        classes = title_classes()
        wanted_class = classes.get(head.lower_)
        modifiers = {
            t.lower_ for t in head.lefts if t.dep_ in ("amod", "compound") and t.pos_ != "DET"
        }
        best = None
        for m_start, _m_end, entity in self._mentions_before(span[0]):
            entity_words = entity.words()
            role_hit = head.lower_ in entity_words or any(
                classes.get(w) == wanted_class for w in entity_words
            )
            if not role_hit:
                continue
            if (
                modifiers
                and not modifiers & entity_words
                and not modifiers & {w.rstrip("n") for w in entity_words}
            ):
                adjectives_ok = any(
                    m[:5] == w[:5] for m in modifiers for w in entity_words if len(w) > 4
                )
                if not adjectives_ok:
                    continue
            best = (m_start, entity)
            break
        if best is None:
            return None
        m_start, entity = best
        return Resolution(
            entity.name, entity.local_id, "description", span[0] - m_start, entity.kind
        )
